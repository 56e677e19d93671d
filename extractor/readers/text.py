"""Plain-text notices: detect the encoding (UTF-8, UTF-16, UTF-32, Windows-1252, or UTF-8 with a
few Windows-1252 lines), then normalise. A guessed encoding marks every notice for review."""

from __future__ import annotations

import codecs
import re

import regex

from ..document import Document, Line
from ..errors import InputError
from ..normalise import normalise_text, split_lines

# Control characters that never appear in real text files (tab, LF, FF, CR excluded), and the
# C1 range that a wrong single-byte decoding produces.
GUESSED = {"windows-1252", "iso-8859-1", "utf-8+windows-1252"}  # encodings inferred, not known: a person checks
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x80-\x9f]")  # re: a plain class, scanned ~4x faster than by regex


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
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        return _strict(data, "utf-32", path), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    # (UTF-16 and UTF-32 without a BOM show as NULs in the bytes both guesses sample: none, no guess)
    guess = (_bomless_utf32(data) or _bomless_utf16(data)) if b"\x00" in data[:4096] else None
    if guess:
        return _strict(data, guess, path), guess
    if b"\x00" in data:
        raise InputError("binary content (NUL bytes), not a text file", code="binary_file", path=path)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _mixed(data) or _single_byte(data)
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > 0.01:
        raise InputError("binary content, not a text file", code="binary_file", path=path)
    return text, encoding


def _single_byte(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "iso-8859-1"


def _mixed(data: bytes) -> tuple[str, str] | None:
    r"""Mostly UTF-8 with a few bad lines (one pasted from a Windows-1252 file): each line is
    decoded on its own, so one stray byte never turns every dash into mojibake.

    >>> _mixed("2011 – 2014\n".encode() + b"caf\xe9\n")
    ('2011 – 2014\ncafé\n', 'utf-8+windows-1252')
    """
    lines = data.splitlines(keepends=True)
    good = bad = 0
    decoded: list[str] = []
    for line in lines:
        try:
            text = line.decode("utf-8")
            good += any(ord(c) > 127 for c in text)
        except UnicodeDecodeError:
            replaced = line.decode("utf-8", "replace")
            if any(ord(c) > 127 and c != "\ufffd" for c in replaced):  # real UTF-8 beside a stray byte
                text, good = replaced, good + 1
            else:
                text, bad = _single_byte(line)[0], bad + 1
        decoded.append(text)
    if good == 0 or bad > good:  # no evidence the file is UTF-8: a single-byte file
        return None
    return "".join(decoded), "utf-8+windows-1252"


def _bomless_utf32(data: bytes) -> str | None:
    """UTF-32 without a BOM: three NULs in every four bytes of Latin text."""
    sample = data[: 4096 - 4096 % 4]
    if len(sample) < 8:
        return None
    lanes = [sample[k::4] for k in range(4)]
    zero = [lane.count(0) / len(lane) for lane in lanes]
    if zero[1] > 0.9 and zero[2] > 0.9 and zero[3] > 0.9 and zero[0] < 0.1:
        return "utf-32-le"
    if zero[0] > 0.9 and zero[1] > 0.9 and zero[2] > 0.9 and zero[3] < 0.1:
        return "utf-32-be"
    return None


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
    warnings = ("encoding_guessed",) if encoding in GUESSED else ()
    return Document(normalised, mark_hard_wraps(normalised, split_lines(normalised)), "text", encoding, None, warnings)


MIN_WRAP_LINES = 8  # lines with words, before their lengths can show a wrapping width
WRAP_WIDTHS = (50, 140)  # a text wrapped by hand (a PDF's text, an e-mail) keeps its lines this long
WRAP_REACH = 0.7
MIN_FULL_SHARE = 0.4
MIN_LOWER_RUNS = 3  # full lines whose sentence goes on in a lower-case line: the proof of hand wrapping  # a wrapped text runs most of its lines to the margin  # a line this near the width ran to the margin
_LABELLED = regex.compile(r"^[^:]{1,60}:\s")  # "Subject: The Local Plan": a label's one-line value ends there
_ENDS_CLAUSE = regex.compile(r"[.!?:;]['\"”’)]*\s*$")
_ENDS_SENTENCE = regex.compile(r"[.!?]['\"”’)]*\s*$")  # not a colon: a line ending in one leads into what follows


def mark_hard_wraps(text: str, lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Lines of a hand-wrapped text that ran to its margin: the sentence goes on in the next
    line ("... the asset formerly used as Tenbury" / "Wells Police Station ..."), as a PDF's
    layout reader says with the ``wrapped`` hint.

    The margin is where most long lines end (their 90th percentile); text whose paragraphs are
    single lines (a web page saved as text) has no such margin and nothing is marked."""
    contents = [text[line.content_start:line.end].rstrip() for line in lines]  # (each cut once)
    lengths = sorted([len(content) for content in contents if content])
    if len(lengths) < MIN_WRAP_LINES:
        return lines
    width = lengths[int(len(lengths) * 0.9) - 1]
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return lines
    reach = width * WRAP_REACH
    if sum(n >= reach for n in lengths) < len(lengths) * MIN_FULL_SHARE:
        return lines  # a page of short lines and a few long ones: no margin it was wrapped at
    texts = [content.lstrip() for content in contents]
    runs_on = sum(len(a) >= reach and b[:1].islower() and not _ENDS_CLAUSE.search(a)
                  for a, b in zip(texts, texts[1:]))
    if runs_on < MIN_LOWER_RUNS:
        return lines  # sentences that never run on into a lower-case line were not wrapped by hand
    marked = list(lines)
    for i, line in enumerate(lines[:-1]):
        content = contents[i]
        if len(content) < reach:
            continue
        following = lines[i + 1]
        after = texts[i + 1]
        # a sentence that ends at the margin itself (as long as the lines that ran to it) goes on in
        # the next line: the writer's wrapping broke there, a new paragraph would have left a gap
        full = len(texts[i]) >= width
        if ((not _ENDS_CLAUSE.search(content) or (full and _ENDS_SENTENCE.search(content)))
                and after[:1].isalnum() and not following.is_list_item and not line.is_list_item
                and not _LABELLED.match(content)):
            marked[i] = line._replace(hints=line.hints | {"wrapped"})
    return tuple(marked)
