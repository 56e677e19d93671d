"""Bounded decompression for PDFs: every Flate stream that is not an image is inflated in
steps and counted before any PDF engine sees the file, so a 1 MB file holding a 1 GiB content
stream is refused as too_large instead of taking gigabytes (images are bounded by pixels)."""

from __future__ import annotations

import zlib

import regex

from ..errors import InputError
from ..limits import MAX_PART_BYTES, MAX_UNPACKED_BYTES

_STREAM = regex.compile(rb"(?<!end)stream\r?\n")
_STEP = 1 << 20


# Deflate's own bound: a length/distance pair writes at most 258 bytes and takes at least two bits,
# so a stream of n bytes inflates to at most 1032n bytes (and a little more; counted generously).
DEFLATE_RATIO = 1100
DEFLATE_SLACK = 4096


def _bound(size: int) -> int:
    return size * DEFLATE_RATIO + DEFLATE_SLACK


def check_pdf_streams(data: bytes, *, path: str | None = None) -> None:
    """Raise too_large when one stream inflates past MAX_PART_BYTES or all past MAX_UNPACKED_BYTES.

    Streams too short to inflate past either limit even at deflate's highest ratio are not
    inflated: a file whose every stream is so (nearly every PDF) is passed without one."""
    bodies = list(_flate_streams(data))
    if sum(_bound(len(b)) for b in bodies) <= MAX_UNPACKED_BYTES and all(_bound(len(b)) <= MAX_PART_BYTES for b in bodies):
        return  # no stream could reach a limit, nor all of them together
    total = 0
    for body in bodies:
        produced = _inflated_size(body, MAX_PART_BYTES + 1)
        total += produced
        if produced > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            raise InputError(f"a PDF stream expands past the limit ({MAX_PART_BYTES:,} bytes a stream, "
                             f"{MAX_UNPACKED_BYTES:,} in all)", code="too_large", path=path)


def _flate_streams(data: bytes) -> list[memoryview]:
    """The body of every Flate stream of the file that is not an image, in order."""
    bodies = []
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096) : match.start()]
        head = head[head.rfind(b"obj") + 1 :] if b"obj" in head else head  # this object's dictionary
        if b"FlateDecode" not in head or b"/Image" in head:
            continue
        end = data.find(b"endstream", match.end())
        bodies.append(memoryview(data)[match.end() : end if end >= 0 else len(data)])
    return bodies


def _inflated_size(body: memoryview, stop: int) -> int:
    """How many bytes ``body`` inflates to, counted a megabyte at a time up to ``stop``."""
    inflater = zlib.decompressobj()
    produced = 0
    pending = bytes(body)
    try:
        while pending and produced < stop:
            out = inflater.decompress(pending, _STEP)
            produced += len(out)
            pending = inflater.unconsumed_tail
            if inflater.eof or not out:
                break
    except zlib.error:  # damaged or not Flate after all: the PDF engine decides
        pass
    return produced
