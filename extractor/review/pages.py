"""Page images of PDFs and scans, rendered once with PDFium (scans: Pillow) and cached in OUT.

Provenance boxes are in PDF points from the page's top-left (scans: pixels * 72 / dpi), so the
page's size in points is all the page needs to place a box on the image, at any zoom. Images
are cached under ``OUT/.review/pages/<sha256>/`` and written atomically: two requests for one
page never see half a PNG.
"""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import RecordSource

CACHE = Path(".review") / "pages"
WIDTH = 1100  # pixels across a rendered page: sharp enough to read, small enough to load fast
MAX_PIXELS = 1100 * 1600 * 4  # pixels in one page image, whatever the page's shape (a strip is drawn smaller)
_lock = threading.Lock()


class PageError(ValueError):
    """The page cannot be rendered (no such page, not a paged format)."""


def _folder(out: Path, sha256: str) -> Path:
    if not sha256.isalnum():
        raise PageError("bad file digest")
    return out / CACHE / sha256


def page_sizes(out: Path, source: Path | RecordSource, sha256: str, fmt: str) -> list[tuple[float, float]]:
    """Each page's (width, height) in points; cached beside the images."""
    folder = _folder(out, sha256)
    meta = folder / "sizes.json"
    if meta.exists():
        try:
            return [(float(w), float(h)) for w, h in json.loads(meta.read_text(encoding="utf-8"))]
        except ValueError:
            pass
    if fmt == "pdf":
        import pypdfium2 as pdfium

        with _lock:  # PDFium is not thread-safe
            pdf = pdfium.PdfDocument(_openable(source))
            try:
                sizes = [(float(pdf.get_page_size(i)[0]), float(pdf.get_page_size(i)[1])) for i in range(len(pdf))]
            finally:
                pdf.close()
    elif fmt == "image":
        sizes = [(w * 72.0 / dpi, h * 72.0 / dpi) for _, w, h, dpi in _frames(source, render=False)]
    else:
        raise PageError(f"a {fmt} file has no page images")
    folder.mkdir(parents=True, exist_ok=True)
    _write(meta, json.dumps(sizes).encode())
    return sizes


def page_png(out: Path, source: Path | RecordSource, sha256: str, fmt: str, page: int) -> Path:
    """The cached PNG of page ``page`` (1-based), rendered on first use."""
    sizes = page_sizes(out, source, sha256, fmt)
    if not 1 <= page <= len(sizes):
        raise PageError(f"no page {page} (the file has {len(sizes)})")
    path = _folder(out, sha256) / f"{page}.png"
    if path.exists():
        return path
    if fmt == "pdf":
        import pypdfium2 as pdfium

        with _lock:
            pdf = pdfium.PdfDocument(_openable(source))
            try:
                pdf_page = pdf[page - 1]
                image = pdf_page.render(scale=fit(*sizes[page - 1])).to_pil()
                pdf_page.close()
            finally:
                pdf.close()
    else:
        image = next(frame for i, (frame, *_rest) in enumerate(_frames(source, render=True)) if i == page - 1)
        image = image.convert("L") if image.mode not in ("L", "RGB") else image
        scale = fit(image.width, image.height)
        if scale < 1:
            image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    _write(path, buffer.getvalue())
    return path


def _frames(source: Path | RecordSource, *, render: bool) -> Any:
    from PIL import Image, ImageSequence

    with Image.open(_openable(source)) as image:
        for frame in ImageSequence.Iterator(image):
            dpi = float((frame.info.get("dpi") or (300, 300))[0] or 300)
            yield (frame.copy() if render else None), frame.width, frame.height, dpi


def _openable(source: Path | RecordSource) -> Any:
    """What PDFium or Pillow opens: a file's path, or a web archive record's bytes."""
    return str(source) if isinstance(source, Path) else io.BytesIO(source.read_bytes())


def _write(path: Path, data: bytes) -> None:
    """Through a temporary file of a name no other writer has (thread or desk process), renamed over."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fit(width: float, height: float) -> float:
    """The scale a page of ``width`` x ``height`` is drawn at: WIDTH pixels across, unless that
    makes more than MAX_PIXELS (a 2 x 1,000 pt strip would be 1,100 x 550,000); then fewer.

    >>> round(fit(595, 842), 3), fit(2, 1000) * 2 <= 1100, fit(2, 1000) ** 2 * 2 * 1000 <= MAX_PIXELS
    (1.849, True, True)
    """
    width, height = max(width, 1.0), max(height, 1.0)
    return min(WIDTH / width, 0.99 * (MAX_PIXELS / (width * height)) ** 0.5)  # 0.99: renderers round up
