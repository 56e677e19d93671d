"""Scans: page images and image-only PDFs go through Tesseract into the same pipeline.

Tesseract is installed by scripts/setup-system.sh (make test runs it); these tests need it.
"""

import io
from pathlib import Path

from extractor import extract

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAN = FIXTURES / "scanned_s004.tif"


def test_multi_page_tiff_extracts_through_ocr():
    result = extract(SCAN)
    assert result.error is None and result.source.format == "image" and result.source.pages == 2
    notice = result.notices[0]
    assert notice.decision_maker == "CABINET" and notice.authority == "MAIDSTONE BOROUGH COUNCIL"
    assert str(notice.decision_date) == "2011-05-18"
    assert notice.decision.startswith("That the Information Strategy 2011")
    span = notice.provenance["decision_maker"]
    assert span.page == 1 and span.bbox is not None and 0 < span.confidence <= 100


def _image_only_pdf() -> bytes:
    from PIL import Image, ImageSequence

    frames = [f.convert("L") for f in ImageSequence.Iterator(Image.open(SCAN))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PDF", save_all=True, append_images=frames[1:], resolution=300)
    return buffer.getvalue()


def test_image_only_pdf_is_ocrd_with_provenance_and_confidence():
    result = extract(_image_only_pdf(), filename="scan.pdf")
    assert result.error is None and result.source.format == "pdf"
    assert "no_text_layer" not in [w.code for w in result.warnings]
    notice = result.notices[0]
    assert notice.title.startswith("INFORMATION STRATEGY") and notice.decision_maker == "CABINET"
    assert all(span.confidence is not None for span in notice.provenance.values())


def test_ocr_can_be_switched_off():
    result = extract(_image_only_pdf(), filename="scan.pdf", ocr="never")
    assert [w.code for w in result.warnings] == ["no_text_layer"] and result.notices[0].needs_review
    assert extract(SCAN, ocr="never").error.code == "unsupported_format"


def test_a_damaged_image_is_refused():
    data = SCAN.read_bytes()[:200]
    assert extract(data, filename="broken.tif").error.code == "corrupt_file"


def test_a_scanned_pdf_in_a_batch_run_has_ocr_provenance(tmp_path):
    import json

    from extractor.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(_image_only_pdf())
    (folder / "s004.txt").write_bytes((FIXTURES.parent.parent / "samples" / "s004.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "2", "-q"]) == 0
    result = json.loads((out / "scan.json").read_text())
    spans = result["notices"][0]["provenance"]
    assert spans["decision_maker"]["confidence"] > 0 and spans["decision_maker"]["page"] == 1
    assert json.loads((out / "s004.json").read_text())["notices"][0]["provenance"]["decision_maker"]["confidence"] is None
