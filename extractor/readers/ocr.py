"""OCR for scans: page images (PNG, JPEG, TIFF, multi-page TIFF) and PDF pages without text.

Tesseract reads each page image at OCR resolution, in this process through its C API
(`tesseract.py`: warm engines, the system's language packs), handed the rendered page's pixels;
its words, with their boxes and confidences, become the same `PageWords` the PDF engines give,
so the same line building, furniture detection and segmentation follow.
"""

from __future__ import annotations

import csv
import io
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import regex

from ..document import Document
from ..errors import InputError
from ..options import DEFAULT_OPTIONS, RunOptions
from ..words import PageWords, Word
from .gaps import gap_table_rows
from .layout import layout_document
from .tesseract import RecognitionFailed, engine, memory_capped, read_tsv, unavailable

OCR_DPI = 300
MAX_OCR_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 million
# an image file scanned at MIN_RESAMPLED_DPI up to RESAMPLE_BELOW_DPI is resampled to OCR_DPI (prepare_low_dpi)
MIN_RESAMPLED_DPI, RESAMPLE_BELOW_DPI, MAX_PAGE_INCHES = 100, 280, 17.0
_RULE = regex.compile(r"^[|¦\[\]]+$")  # a table's ruling line read as a glyph
_SPECK_WORD = regex.compile(r"^[.,'`‘’_~\"“”]+$")  # a lone dot or quote between words: dust on the scan
_DASH_TWICE = regex.compile(r"^[-‐‑–—]{2}$")  # one dash read as two ("—-"): "Minutes - 13 March 2017"
# a list's round bullet as Tesseract reads it: a glyph no line of a notice starts with
_MISREAD_BULLETS = frozenset("¢«°")
# the columns of Tesseract's TSV (the API gives the rows without the command's header line)
TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height",
               "conf", "text")


def ocr_image(image: Any, dpi: float, lang: str = DEFAULT_OPTIONS.ocr_lang, path: str | None = None) -> PageWords:
    """One page image through Tesseract; coordinates in PDF points, as the PDF engines give."""
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    given = image
    image, dpi = prepare_low_dpi(image, dpi)
    with engine(lang, path) as api:
        try:
            # the table finder is left out on a resampled page (its words are grouped into rows by
            # gap_table_rows alike): there it could run for many minutes (read_tsv)
            tsv = read_tsv(api, image, dpi, find_tables=image is given)
        except RuntimeError as exc:
            if isinstance(exc, RecognitionFailed) and memory_capped():  # under a cap, Leptonica's allocations fail first
                raise InputError("Tesseract could not read a page under the --max-memory cap (its image "
                                 "allocations failed); raise the cap for scans this large", code="memory_limit",
                                 path=path) from None
            raise InputError(f"Tesseract could not read a page: {exc}"[:240], code="ocr_failed", path=path) from None
    words = words_from_tsv(tsv, 72.0 / dpi)
    width, height = image.width * 72.0 / dpi, image.height * 72.0 / dpi
    straight = straighten(words, width, height)
    return PageWords(width, height, straight, tuple(gap_table_rows(straight)))


def prepare_low_dpi(image: Any, dpi: float) -> tuple[Any, float]:
    """A page scanned below OCR resolution, resampled to it and cleaned of specks; others as they are.

    Tesseract reads letters best about 30 pixels high; at 200 dpi they are 20, and it misreads
    more of them. Resampling alone makes it worse on a dirty scan: every speck and JPEG block
    grows into a mark Tesseract reads as a quote, dot or dash glued to the words beside it
    ("decision’-", "Establishment.of"). A 3x3 median filter after resampling removes marks of a
    pixel or two at the scan's resolution and keeps every stroke a letter has (the dev corpus's
    noisy 200 dpi scans: field F1 0.872 at 200 dpi, 0.416 resampled alone, 0.914 resampled and
    filtered, on a fifth of them; about 1.0 s of CPU a page instead of 0.5). Resampling to 250
    dpi, filtering before resampling, a Gaussian blur instead of the median, and deskewing the
    image first all scored lower. A dpi the file states is trusted only where it makes a page of
    paper (at most 17 inches, A3's longer side): a photo saved at 72 dpi is thousands of pixels
    wide and no page at that resolution.
    """
    from PIL import Image, ImageFilter

    if not MIN_RESAMPLED_DPI <= dpi < RESAMPLE_BELOW_DPI or max(image.size) / dpi > MAX_PAGE_INCHES:
        return image, dpi
    scale = min(OCR_DPI / dpi, (MAX_OCR_PIXELS / max(image.width * image.height, 1)) ** 0.5)
    if scale < 1.1:
        return image, dpi
    grey = image.convert("L")  # Tesseract reads grey levels only: a third of the pixels to filter
    resampled = grey.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    return resampled.filter(ImageFilter.MedianFilter(3)), dpi * scale


def words_from_tsv(tsv: str, scale: float) -> list[Word]:
    """Tesseract's TSV word rows as `Word`s scaled to points, without the glyphs that are not words
    of the notice: a table's ruling read as "|", dust read as a lone "." or "_"; a dash read
    twice ("—-", "--") is one dash (the hyphen, when one of the two is); a bullet read as "¢" (or
    "«", "°") alone before the words of its line is the bullet "•" it stands for."""
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE,
                              fieldnames=TSV_COLUMNS):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or _RULE.match(text) or _SPECK_WORD.match(text):
            continue
        if _DASH_TWICE.match(text):
            text = "-" if "-" in text else text[0]
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        words.append(Word(text, left * scale, top * scale, (left + width) * scale, (top + height) * scale,
                          confidence=max(0.0, float(row["conf"])),
                          engine_line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    for i, word in enumerate(words[:-1]):
        if (word.text in _MISREAD_BULLETS and words[i + 1].engine_line == word.engine_line
                and (i == 0 or words[i - 1].engine_line != word.engine_line)):
            words[i] = word._replace(text="•")
    return words


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


def ocr_pdf_pages(data: bytes, indexes: list[int], path: str | None,
                  options: RunOptions = DEFAULT_OPTIONS) -> list[PageWords]:
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

        return ocr_pages(rendered(), options, path)
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


def ocr_pages(images: Iterable[tuple[Any, float]], options: RunOptions = DEFAULT_OPTIONS,
              path: str | None = None) -> list[PageWords]:
    """OCR page images in order, in ``options.ocr_lang``, up to ``options.ocr_threads`` at once
    (None: one per core; batch and service workers get their share of the cores, so workers x
    threads never exceeds them). Tesseract releases the GIL while it reads a page, so threads
    overlap fully; at most that many rendered pages wait in memory."""
    threads = options.ocr_threads or available_cores()
    lang = options.ocr_lang
    if threads <= 1:
        return [ocr_image(image, dpi, lang, path) for image, dpi in images]
    results: list[PageWords] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[PageWords]] = deque()
        for image, dpi in images:
            if len(pending) >= threads:
                results.append(pending.popleft().result())
            pending.append(pool.submit(ocr_image, image, dpi, lang, path))
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
    except UnidentifiedImageError:  # its message names a Python object (<_io.BytesIO object at 0x7f...>)
        raise InputError("the image is damaged: no image format could read it", code="corrupt_file",
                         path=path) from None
    except (OSError, ValueError, EOFError) as exc:
        reason = regex.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "the file", str(exc))  # no memory address in a message
        raise InputError(f"the image is damaged: {reason}"[:160], code="corrupt_file", path=path) from None


def read_image(data: bytes, *, path: str | None = None, options: RunOptions = DEFAULT_OPTIONS) -> Document:
    """Every frame of an image file, OCR'd in order."""
    if options.ocr == "never":
        raise InputError("an image; OCR is switched off (--ocr never)", code="unsupported_format", path=path)
    problem = unavailable(options.ocr_lang, path)
    if problem is not None:
        raise problem
    pages = ocr_pages(image_frames(data, path), options, path)
    document = layout_document(pages, "image")
    warnings = () if document.text.strip() else ("no_text_layer",)
    return Document(document.text, document.lines, "image", None, len(pages), warnings)
