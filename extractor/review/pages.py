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
                image = pdf_page.render(scale=WIDTH / max(sizes[page - 1][0], 1.0)).to_pil()
                pdf_page.close()
            finally:
                pdf.close()
    else:
        image = next(frame for i, (frame, *_rest) in enumerate(_frames(source, render=True)) if i == page - 1)
        image = image.convert("L") if image.mode not in ("L", "RGB") else image
        if image.width > WIDTH:
            image = image.resize((WIDTH, round(image.height * WIDTH / image.width)))
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
    tmp = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
