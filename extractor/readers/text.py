"""Plain-text notices: detect the encoding (UTF-8, UTF-16, Windows-1252), then normalise."""

from __future__ import annotations

import codecs

import regex

from ..document import Document
from ..errors import InputError
from ..normalise import normalise_text, split_lines

# Control characters that never appear in real text files (tab, LF, FF, CR excluded), and the
# C1 range that a wrong single-byte decoding produces.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x80-\x9f]")


def decode(data: bytes, *, path: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; detect, don't assume.

    >>> decode("café".encode("cp1252"))
    ('café', 'windows-1252')
    >>> decode(codecs.BOM_UTF8 + "£5".encode())
    ('£5', 'utf-8-sig')
    >>> decode("hi".encode("utf-16"))[0]
    'hi'
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    guess = _bomless_utf16(data)
    if guess:
        return _strict(data, guess, path), guess
    if b"\x00" in data:
        raise InputError("binary content (NUL bytes), not a text file", code="binary_file", path=path)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "iso-8859-1"
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > 0.01:
        raise InputError("binary content, not a text file", code="binary_file", path=path)
    return text, encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, path: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding} text: {exc.reason}", code="decode_error", path=path) from None


def read_text(data: bytes, *, path: str | None = None) -> Document:
    text, encoding = decode(data, path=path)
    normalised = normalise_text(text)
    if not normalised.strip():
        raise InputError("the file holds no text", code="empty_file", path=path)
    warnings = ("encoding_guessed",) if encoding in {"windows-1252", "iso-8859-1"} else ()
    return Document(normalised, split_lines(normalised), "text", encoding, None, warnings)
