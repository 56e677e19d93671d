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
LOW_CONFIDENCE = 70.0
GAP = 24.0  # points of white between two words that only a table column explains
ALIGN = 8.0  # mean word confidence below which a value needs a human eye


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
    return PageData(image.width * scale, image.height * scale, words, _gap_table_rows(words))


def _gap_table_rows(words: list[dict[str, Any]]) -> list[tuple[tuple[float, float, float, float], ...]]:
    """Rows of a "Label | value" table seen only as a wide gap at the same place on many lines.

    A scan has no ruling lines to find; the column boundary shows as the left edge of the text
    after a gap of more than GAP points, shared (within ALIGN points) by at least three lines.
    """
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 4:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    starts = []
    for line in lines:
        for a, b in zip(line, line[1:]):
            if b["x0"] - a["x1"] > GAP:
                starts.append(b["x0"])
                break
    if len(starts) < 3:
        return []
    starts.sort()
    best = max(starts, key=lambda x: sum(abs(y - x) <= ALIGN for y in starts))
    if sum(abs(y - best) <= ALIGN for y in starts) < 3:
        return []
    boundary = best - ALIGN
    left_edge = min(w["x0"] for w in words) - 2
    right_edge = max(w["x1"] for w in words) + 2
    row_tops = [min(w["top"] for w in line) - 1 for line in lines
                if line[0]["x0"] < boundary and any(w["x0"] >= boundary for w in line)
                and all(a["x1"] < boundary or a["x0"] >= boundary for a in line)]
    rows = []
    bottom_of_page = max(w["bottom"] for w in words) + 2
    for top, nxt in zip(row_tops, row_tops[1:] + [None]):
        below = [ln for ln in lines if min(w["top"] for w in ln) >= top]
        end = nxt if nxt is not None else bottom_of_page
        # a row runs on while its lines keep to the value column
        for ln in below[1:]:
            if min(w["top"] for w in ln) >= end or ln[0]["x0"] < boundary:
                end = min(end, min(w["top"] for w in ln) - 1)
                break
        rows.append(((left_edge, top, right_edge, end), (left_edge, top, boundary, end), (boundary, top, right_edge, end)))
    return rows


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
