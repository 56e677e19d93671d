"""Bad and odd files: each gets a stable code and one line, and the rest of the run goes on."""

import json
from pathlib import Path

import pytest

from extractor import extract
from extractor.cli import main

from .conftest import SAMPLES

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"

ERRORS = [
    ("encrypted.pdf", "encrypted"),
    ("truncated.pdf", "corrupt_file"),
    ("legacy.doc", "corrupt_file"),
    ("plain_zip.docx", "unsupported_format"),
]


@pytest.mark.parametrize("name, code", ERRORS)
def test_unreadable_files_get_their_code(name, code):
    result = extract(BAD / name)
    assert result.error is not None and result.error.code == code
    assert "\n" not in result.error.message and result.notices == []


def test_damaged_legacy_doc_says_so():
    assert "damaged OLE" in extract(BAD / "legacy.doc").error.message


def test_scan_needs_ocr_and_review():
    result = extract(BAD / "scan.pdf")
    assert result.error is None
    assert [w.code for w in result.warnings] == ["no_text_layer"]
    (notice,) = result.notices
    assert notice.needs_review and [w.code for w in notice.warnings] == ["no_text_layer"]


@pytest.mark.parametrize("name, fmt", [("pdf_named.txt", "pdf"), ("not_a_zip.docx", "text")])
def test_content_decides_the_format_not_the_extension(name, fmt):
    result = extract(BAD / name)
    assert result.error is None and result.source.format == fmt
    assert "extension_mismatch" in [w.code for w in result.warnings]


def test_pdf_named_txt_still_extracts():
    notice = extract(BAD / "pdf_named.txt").notices[0]
    assert notice.title == "INFORMATION STRATEGY 2011 - 2014"


def test_a_batch_with_every_bad_file_still_extracts_the_good_ones(capsys):
    files = sorted(str(p) for p in BAD.iterdir()) + [str(SAMPLES / "s000.txt"), str(RENDERED / "s004.headings.pdf"),
                                                    str(RENDERED / "officer_record.table.docx")]
    assert main(["extract", *files]) == 1
    out, err = capsys.readouterr()
    results = {r["source"]["path"]: r for r in map(json.loads, out.splitlines())}
    assert set(results) == set(files)
    codes = {Path(p).name: r["error"]["code"] for p, r in results.items() if r["error"]}
    assert codes == dict(ERRORS)
    assert len(err.strip().splitlines()) >= len(ERRORS)
    assert results[str(SAMPLES / "s000.txt")]["notices"][0]["decision_maker"] == "Cabinet"
    assert results[str(RENDERED / "s004.headings.pdf")]["notices"][0]["decision_maker"] == "CABINET"
    assert results[str(RENDERED / "officer_record.table.docx")]["notices"][0]["decision_date"] == "2021-03-03"
