"""`pdfium_pages` opens documents, pages and text pages with PDFium's raw calls instead of
pypdfium2's helper objects (each with a weak reference and a finalizer). It must read what the
helpers read, and refuse what they refused with the same message: each input below is read both
ways (the helpers' way is the reader as it was) and compared."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.readers.pdfium import _refusal, _table_rows, _words, pdfium_pages
from extractor.words import PageWords

FIXTURES = Path(__file__).parent / "fixtures"
PDF = (FIXTURES / "two_columns.pdf").read_bytes()


def _with_helpers(data: bytes, path: str | None) -> list[PageWords]:
    """The reader as it was: pypdfium2's PdfDocument, get_page, get_textpage and get_text_range."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _refusal(exc, path) from None
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                count = textpage.count_chars()
                assert (textpage.get_text_range(0, count)[:count] if count else "") == _raw_text(textpage.raw)
                pages.append(PageWords(width, height, _words(textpage.raw, height), _table_rows(page.raw, height)))
            finally:
                textpage.close()
                page.close()
    except Exception as exc:
        raise _refusal(exc, path) from None
    finally:
        pdf.close()
    return pages


def _raw_text(handle: object) -> str:
    import pypdfium2.raw as raw

    from extractor.readers.pdfium import _text_range

    count = raw.FPDFText_CountChars(handle)
    return _text_range(handle, count)[:count] if count else ""


def _outcome(read, data: bytes) -> object:
    try:
        return read(data, "x.pdf")
    except InputError as exc:
        return (exc.code, exc.message)


CASES = {
    "two columns": PDF,
    "rendered table": (FIXTURES / "rendered" / "delegated_record.table.pdf").read_bytes(),
    "hyphenated": (FIXTURES / "hyphenated.pdf").read_bytes(),
    "scan": (FIXTURES / "bad" / "scan.pdf").read_bytes(),
    "encrypted": (FIXTURES / "bad" / "encrypted.pdf").read_bytes(),
    "truncated": (FIXTURES / "bad" / "truncated.pdf").read_bytes(),
    "header only": b"%PDF-1.7\n",
    "cut in half": PDF[: len(PDF) // 2],
    "no pages": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                b"trailer<</Root 1 0 R>>\n%%EOF\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_raw_calls_read_and_refuse_as_the_helpers_did(name):
    data = CASES[name]
    assert _outcome(pdfium_pages, data) == _outcome(_with_helpers, data)


def test_the_cases_hold_both_readings_and_refusals():
    outcomes = [_outcome(pdfium_pages, data) for data in CASES.values()]
    assert any(isinstance(o, list) and o for o in outcomes)
    assert {o[0] for o in outcomes if isinstance(o, tuple)} == {"encrypted", "corrupt_file"}
