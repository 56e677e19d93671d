"""PDF notices: the engine named (PDFium or pdfplumber) gives each page's words, pages without a
readable text layer are OCR'd, and the shared layout (`layout.py`) builds the document."""

from __future__ import annotations

from ..document import Document
from ..errors import InputError
from .layout import junk_text_layer, layout_document

PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"


def read_pdf(data: bytes, *, path: str | None = None, engine: str = DEFAULT_PDF_ENGINE,
             ocr: str = "auto", ocr_threads: int | None = None) -> Document:
    """Read a PDF with either engine; both build the same lines, hints and tables.

    ``ocr``: "auto" OCRs the pages without a text layer (when Tesseract is installed), "always"
    every page, "never" none.
    """
    if engine == "pdfium":
        from .pdfium import pdfium_pages

        pages_data = pdfium_pages(data, path)
    elif engine == "pdfplumber":
        from .plumber import plumber_pages

        pages_data = plumber_pages(data, path)
    else:
        raise ValueError(f"unknown PDF engine {engine!r}; choose from {', '.join(PDF_ENGINES)}")
    if not pages_data:
        raise InputError("the PDF has no pages", code="corrupt_file", path=path)
    warnings: tuple[str, ...] = ()
    scanned = [i for i, page in enumerate(pages_data) if ocr == "always" or (ocr == "auto" and junk_text_layer(page))]
    if scanned:
        from .ocr import ocr_pdf_pages, tesseract_available

        if tesseract_available():
            for index, page in zip(scanned, ocr_pdf_pages(data, scanned, path, ocr_threads)):
                pages_data[index] = page
        elif ocr == "always":
            raise InputError("OCR was asked for but Tesseract is not installed (apt-get install tesseract-ocr)",
                             code="ocr_unavailable", path=path)
    document = layout_document(pages_data, "pdf")
    if not document.text.strip():
        warnings = ("no_text_layer",)
    return Document(document.text, document.lines, "pdf", None, len(pages_data), warnings)
