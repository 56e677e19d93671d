"""OCR for scans: page images (PNG, JPEG, TIFF, multi-page TIFF) and PDF pages without text.

Tesseract (Debian's tesseract-ocr) reads each page image at OCR resolution; its words, with
their boxes and confidences, become the same page data the PDF engines give, so the same line
building, furniture detection and segmentation follow.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from functools import lru_cache
from typing import Any

from ..document import Document
from ..errors import InputError
from .pdf import PageData, layout_document

OCR_DPI = 300
LOW_CONFIDENCE = 70.0  # mean word confidence below which a value needs a human eye


@lru_cache(maxsize=1)
def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_image(image: Any, dpi: float) -> PageData:
    """One page image through Tesseract; coordinates in PDF points, as the PDF engines give."""
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "--dpi", str(int(dpi)), "--psm", "4", "-l", "eng", "tsv"],
                          input=buffer.getvalue(), capture_output=True, timeout=300,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})  # pages run in parallel workers instead
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[:200])
    scale = 72.0 / dpi
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        words.append({"text": text, "x0": left * scale, "x1": (left + width) * scale, "top": top * scale,
                      "bottom": (top + height) * scale, "bold": False, "conf": max(0.0, float(row["conf"]))})
    return PageData(image.width * scale, image.height * scale, words, [])


def ocr_pdf_pages(data: bytes, indexes: list[int], path: str | None) -> list[PageData]:
    """Rasterise the given PDF pages with PDFium at OCR resolution and read them."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in indexes:
            page = pdf[index]
            image = page.render(scale=OCR_DPI / 72).to_pil()
            pages.append(ocr_image(image, OCR_DPI))
            page.close()
        return pages
    finally:
        pdf.close()


def read_image(data: bytes, *, path: str | None = None, ocr: str = "auto") -> Document:
    """Every frame of an image file, OCR'd in order."""
    if ocr == "never":
        raise InputError("an image; OCR is switched off (--ocr never)", code="unsupported_format", path=path)
    if not tesseract_available():
        raise InputError("an image needs OCR, but Tesseract is not installed (apt-get install tesseract-ocr)",
                         code="ocr_unavailable", path=path)
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(f"the image is damaged: {exc}"[:160], code="corrupt_file", path=path) from None
    pages = []
    for frame in frames:
        dpi = frame.info.get("dpi", (OCR_DPI, OCR_DPI))[0] or OCR_DPI
        pages.append(ocr_image(frame, float(dpi)))
    document = layout_document(pages, "image")
    warnings = () if document.text.strip() else ("no_text_layer",)
    return Document(document.text, document.lines, "image", None, len(pages), warnings)
