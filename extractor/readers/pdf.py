"""PDF notices: the engine named (PDFium or pdfplumber) gives each page's words, pages without a
readable text layer are OCR'd, and the shared layout (`layout.py`) builds the document."""

from __future__ import annotations

from ..document import Document
from ..errors import InputError
from ..options import DEFAULT_OPTIONS, RunOptions
from .layout import junk_text_layer, layout_document


def read_pdf(data: bytes, *, path: str | None = None, options: RunOptions = DEFAULT_OPTIONS) -> Document:
    """Read a PDF with the engine the options name; both build the same lines, hints and tables.

    ``options.ocr``: "auto" OCRs the pages without a readable text layer (when Tesseract and the
    language packs are installed), "always" every page, "never" none.
    """
    if options.pdf_engine == "pdfplumber":
        from .plumber import plumber_pages

        pages_data = plumber_pages(data, path)
    else:  # RunOptions admits no other engine
        from .pdfium import pdfium_pages

        pages_data = pdfium_pages(data, path)
    if not pages_data:
        raise InputError("the PDF has no pages", code="corrupt_file", path=path)
    warnings: tuple[str, ...] = ()
    ocr = options.ocr
    scanned = [i for i, page in enumerate(pages_data) if ocr == "always" or (ocr == "auto" and junk_text_layer(page))]
    if scanned:
        from .ocr import ocr_pdf_pages
        from .tesseract import unavailable

        problem = unavailable(options.ocr_lang, path)
        if problem is None:
            for index, page in zip(scanned, ocr_pdf_pages(data, scanned, path, options)):
                pages_data[index] = page
        elif ocr == "always":
            raise problem
    document = layout_document(pages_data, "pdf")
    if not document.text.strip():
        warnings = ("no_text_layer",)
    return Document(document.text, document.lines, "pdf", None, len(pages_data), warnings)
