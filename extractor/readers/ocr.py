"""OCR for scans: page images (PNG, JPEG, TIFF, multi-page TIFF) and PDF pages without text.

Tesseract (Debian's tesseract-ocr) reads each page image at OCR resolution; its words, with
their boxes and confidences, become the same `PageWords` the PDF engines give, so the same line
building, furniture detection and segmentation follow.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import regex

from ..document import Document
from ..errors import InputError
from .gaps import gap_table_rows
from ..words import PageWords, Word
from .layout import layout_document

OCR_DPI = 300
MAX_OCR_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 million
_RULE = regex.compile(r"^[|¦\[\]]+$")  # a table's ruling line read as a glyph
_SPECK_WORD = regex.compile(r"^[.,'`‘’_~\"“”]+$")  # a lone dot or quote between words: dust on the scan


@lru_cache(maxsize=1)
def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_image(image: Any, dpi: float) -> PageWords:
    """One page image through Tesseract; coordinates in PDF points, as the PDF engines give."""
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="BMP")  # uncompressed: PNG would cost ~170 ms a page to encode
    done = subprocess.run(["tesseract", "stdin", "stdout", "--dpi", str(int(dpi)), "--psm", "4", "-l", "eng", "tsv"],
                          input=buffer.getvalue(), capture_output=True, timeout=300,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})  # pages run in parallel threads instead
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise InputError(f"Tesseract could not read a page: {reason[0][:200]}", code="ocr_failed")
    scale = 72.0 / dpi
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or _RULE.match(text) or _SPECK_WORD.match(text):
            continue
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        words.append(Word(text, left * scale, top * scale, (left + width) * scale, (top + height) * scale,
                          confidence=max(0.0, float(row["conf"])),
                          engine_line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    width, height = image.width * scale, image.height * scale
    straight = straighten(words, width, height)
    return PageWords(width, height, straight, tuple(gap_table_rows(straight)))


def straighten(words: list[Word], width: float, height: float) -> tuple[Word, ...]:
    """Undo a scan's skew in the word boxes, so later steps can group lines by height.

    Tesseract finds lines on a skewed page, but its word boxes follow the slope: across a
    page 0.7 degrees drop 6 points, enough to split and interleave lines. The skew is the
    median slope of Tesseract's own lines (`Word.engine_line`); boxes are turned back about the
    page centre and the words of one Tesseract line share its median top and bottom.
    """
    by_line: dict[tuple[int, ...] | None, list[Word]] = {}
    for word in words:
        by_line.setdefault(word.engine_line, []).append(word)
    slopes = []
    for line in by_line.values():
        if len(line) >= 3 and line[-1].x1 - line[0].x0 > 100:
            xs = [(w.x0 + w.x1) / 2 for w in line]
            ys = [w.bottom for w in line]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            spread = sum((x - mx) ** 2 for x in xs)
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / spread)
    slope = sorted(slopes)[len(slopes) // 2] if slopes else 0.0
    cx, cy = width / 2, height / 2
    out: list[Word] = []
    for line in by_line.values():
        turned = []
        for word in line:
            mid_x, mid_y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
            dx, dy = mid_x - cx, mid_y - cy
            new_x, new_y = cx + dx + dy * slope, cy + dy - dx * slope  # small-angle rotation by -atan(slope)
            half_w = (word.x1 - word.x0) / 2
            turned.append((word, new_x - half_w, new_x + half_w, new_y - (word.bottom - word.top) / 2,
                           new_y + (word.bottom - word.top) / 2))
        top = sorted(t[3] for t in turned)[len(turned) // 2]
        bottom = sorted(t[4] for t in turned)[len(turned) // 2]
        out.extend(word._replace(x0=x0, x1=x1, top=top, bottom=bottom) for word, x0, x1, _, _ in turned)
    return tuple(out)


def ocr_pdf_pages(data: bytes, indexes: list[int], path: str | None, threads: int | None = None) -> list[PageWords]:
    """Rasterise the given PDF pages with PDFium at OCR resolution and read them.

    PDFium is not thread-safe, so pages are rendered here, one at a time, while Tesseract
    reads the pages already rendered in other threads (`ocr_pages`).
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        def rendered():
            for index in indexes:
                page = pdf[index]
                width, height = page.get_size()
                # a poster-sized page at 300 dpi would take gigabytes: such pages get fewer dots
                scale = min(OCR_DPI / 72, (MAX_OCR_PIXELS / max(width * height, 1.0)) ** 0.5)
                image = page.render(scale=scale, grayscale=True).to_pil()
                page.close()
                yield image, scale * 72

        return ocr_pages(rendered(), threads)
    finally:
        pdf.close()


# -- pages in parallel ---------------------------------------------------------------------------
def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def share_of_cores(workers: int) -> int:
    return max(1, available_cores() // max(1, workers))


def ocr_pages(images: Iterable[tuple[Any, float]], threads: int | None = None) -> list[PageWords]:
    """OCR page images in order, up to ``threads`` at once (None: one per core; batch and service
    workers pass their share of the cores, so workers x threads never exceeds them). Tesseract
    runs as a subprocess, so threads overlap fully; at most that many rendered pages wait in memory."""
    threads = max(1, threads) if threads else available_cores()
    if threads <= 1:
        return [ocr_image(image, dpi) for image, dpi in images]
    results: list[PageWords] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[PageWords]] = deque()
        for image, dpi in images:
            if len(pending) >= threads:
                results.append(pending.popleft().result())
            pending.append(pool.submit(ocr_image, image, dpi))
        results.extend(future.result() for future in pending)
    return results


def image_frames(data: bytes, path: str | None = None) -> Iterator[tuple[Any, float]]:
    """Each frame (page) of an image file with its dpi, decoded only when asked for, so a
    500-page TIFF holds one page at a time (a few with parallel OCR), never all of them."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        for frame in ImageSequence.Iterator(image):
            page = frame.copy()
            yield page, float(page.info.get("dpi", (OCR_DPI, OCR_DPI))[0] or OCR_DPI)
    except Image.DecompressionBombError:  # a few bytes that would open as billions of pixels
        raise InputError(f"the image is too large to read safely (over {Image.MAX_IMAGE_PIXELS:,} pixels)",
                         code="too_large", path=path) from None
    except (UnidentifiedImageError, OSError, ValueError, EOFError) as exc:
        raise InputError(f"the image is damaged: {exc}"[:160], code="corrupt_file", path=path) from None


def read_image(data: bytes, *, path: str | None = None, ocr: str = "auto", ocr_threads: int | None = None) -> Document:
    """Every frame of an image file, OCR'd in order."""
    if ocr == "never":
        raise InputError("an image; OCR is switched off (--ocr never)", code="unsupported_format", path=path)
    if not tesseract_available():
        raise InputError("an image needs OCR, but Tesseract is not installed (apt-get install tesseract-ocr)",
                         code="ocr_unavailable", path=path)
    pages = ocr_pages(image_frames(data, path), ocr_threads)
    document = layout_document(pages, "image")
    warnings = () if document.text.strip() else ("no_text_layer",)
    return Document(document.text, document.lines, "image", None, len(pages), warnings)
