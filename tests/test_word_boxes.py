"""The page layer: every page engine (PDFium, pdfplumber, Tesseract) yields typed words, and a
value's box is the union of its own words' boxes: on a PDF with either engine, a scanned PDF and
a page image, a value printed after its label on the same line gets a box that leaves the label
out and lies inside its line's box."""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

import pytest

from extractor.document import WordBox
from extractor.normalise import RawLine, assemble_lines
from extractor.pipeline import Extraction, run

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BOLD_LABELS = FIXTURES / "rendered" / "s000.bold_labels.pdf"
HEADER_FOOTER = FIXTURES / "rendered" / "s000.header_footer.pdf"
SCANNED_PDF = FIXTURES / "scans" / "s000.times-200dpi-skew-speckle.pdf"  # no text layer: OCR'd


@lru_cache(maxsize=None)
def _scan_image() -> bytes:
    """The scanned PDF's first page as a PNG at 200 dpi: a page image read by Tesseract alone."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(SCANNED_PDF.read_bytes())
    try:
        image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


@lru_cache(maxsize=None)
def _extraction(source: str, engine: str | None) -> Extraction:
    if source == "scan.png":
        return run(_scan_image(), filename="scan.png")
    return run({"bold_labels": BOLD_LABELS, "header_footer": HEADER_FOOTER, "scan.pdf": SCANNED_PDF}[source],
               pdf_engine=engine)


def _engine_pages(engine: str):
    from extractor.readers.ocr import ocr_pages
    from extractor.readers.pdfium import pdfium_pages
    from extractor.readers.plumber import plumber_pages

    if engine == "tesseract":
        import io

        from PIL import Image

        return ocr_pages([(Image.open(io.BytesIO(_scan_image())), 200.0)])
    return {"pdfium": pdfium_pages, "pdfplumber": plumber_pages}[engine](BOLD_LABELS.read_bytes(), None)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber", "tesseract"])
def test_every_engine_yields_typed_words_on_its_pages(engine):
    from extractor.words import PageWords, Word

    (page, *_rest) = _engine_pages(engine)
    assert isinstance(page, PageWords) and 590 < page.width < 600 and 835 < page.height < 845  # A4 in points
    assert page.words and all(isinstance(w, Word) and w.text and w.text == w.text.strip() for w in page.words)
    assert all(0 <= w.x0 < w.x1 <= page.width and 0 <= w.top < w.bottom <= page.height for w in page.words)
    maker = next(w for w in page.words if w.text == "Maker:" or w.text == "Maker")  # "Decision Maker:"
    if engine == "tesseract":  # pixels give no font, but a confidence for each word
        assert all(w.confidence is not None and 0 <= w.confidence <= 100 for w in page.words)
    else:  # a text layer knows its fonts, and is sure of its words
        assert maker.bold and maker.size == pytest.approx(10.5, abs=0.1)
        assert all(w.confidence is None for w in page.words)
    with pytest.raises(AttributeError):
        maker.text = "changed"  # type: ignore[misc]  # immutable: the layout cannot edit an engine's words


# (source, engine, field, the value's text, its label as printed before it on the same line)
EXAMPLES = [
    ("bold_labels", "pdfium", "decision_maker", "Cabinet.", "Decision Maker:"),
    ("bold_labels", "pdfplumber", "decision_maker", "Cabinet.", "Decision Maker :"),
    ("bold_labels", "pdfium", "decision_date", "13/06/2012", "Date of decision:"),
    ("bold_labels", "pdfplumber", "contact", "David Lindsay, Head of IT", "Contact :"),
    ("header_footer", "pdfium", "effective_from", "23/06/2012", "Effective from:"),
    ("header_footer", "pdfplumber", "report_author", "David Lindsay", "Report author :"),
    ("scan.pdf", "pdfium", "decision_maker", "Cabinet.", "Decision Maker:"),
    ("scan.pdf", "pdfplumber", "decision_date", "13/06/2012", "Date of decision:"),
    ("scan.png", None, "decision_maker", "Cabinet.", "Decision Maker:"),
    ("scan.png", None, "decision_status", "Recommendations Approved", "Decision status:"),
]


def _inside(inner, outer, slack: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


@pytest.mark.parametrize("source, engine, field, value, label", EXAMPLES,
                         ids=[f"{s}-{e or 'ocr'}-{f}" for s, e, f, _, _ in EXAMPLES])
def test_a_labelled_value_has_its_own_words_box(source, engine, field, value, label):
    extraction = _extraction(source, engine)
    span = extraction.result.notices[0].provenance[field]
    document = extraction.document
    assert span.raw.startswith(value.split(",")[0]) and span.bbox is not None
    line = document.lines[bisect.bisect_right(document.line_starts, span.start) - 1]
    assert document.text[line.start : span.start].strip() == label  # the label shares the value's line
    assert _inside(span.bbox, line.bbox)
    label_words = [w for w in line.words if w.end <= span.start]
    assert label_words and all(w.bbox[2] <= span.bbox[0] for w in label_words)  # the label is left out
    assert span.bbox[0] > line.bbox[0] + 20  # not the line's box: it starts after the label
    value_words = [w for w in line.words if w.start < span.end and w.end > span.start]
    assert span.bbox[0] == round(value_words[0].bbox[0], 2)


def test_a_value_over_a_page_break_is_boxed_on_its_first_page_without_the_running_foot():
    extraction = _extraction("header_footer", "pdfium")
    span = extraction.result.notices[0].provenance["reasons"]
    document = extraction.document
    covered = [ln for ln in document.lines if ln.start < span.end and ln.end > span.start]
    assert {ln.page for ln in covered} >= {1, 2}  # the reasons run over a page break
    feet = [ln.bbox for ln in covered if "furniture" in ln.hints and ln.page == 1]
    assert span.page == 1 and feet and all(span.bbox[3] < foot[1] for foot in feet)


def _raw(text: str, cuts: list[tuple[int, int]]) -> RawLine:
    boxes = [WordBox(a, b, (10.0 * n, 0.0, 10.0 * n + 8, 9.0)) for n, (a, b) in enumerate(cuts)]
    return RawLine(text, 1, (0.0, 0.0, 100.0, 9.0), frozenset(), None, None, tuple(boxes))


# (raw line, word cuts in it, the words as the document text shows them)
NORMALISING = [
    ("Date: 5 May", [(0, 5), (6, 7), (8, 11)], ["Date:", "5", "May"]),
    ("Deci\u00adsion Maker", [(0, 9), (10, 15)], ["Decision", "Maker"]),  # a soft hyphen is dropped
    ("Date:\u00a0**5 May**", [(0, 5), (6, 9), (10, 15)], ["Date:", "5", "May"]),  # emphasis unwrapped
    ("\u200b", [(0, 1)], []),  # a word of nothing visible keeps no box
]


@pytest.mark.parametrize("text, cuts, words", NORMALISING, ids=["plain", "soft-hyphen", "emphasis", "invisible"])
def test_word_offsets_follow_the_normalised_text(text, cuts, words):
    joined, (_blank, line) = assemble_lines([_raw("", []), _raw(text, cuts)])  # the line starts at offset 1
    assert [joined[w.start : w.end] for w in line.words] == words
    assert all(line.start <= w.start and w.end <= line.end for w in line.words)
