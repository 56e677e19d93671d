"""Normalise extracted text without destroying it, and cut it into `Line` records.

Odd spaces become plain spaces, emphasis markers (``**25 May 2011**``) are unwrapped,
whitespace-only lines become empty, bullet glyphs are kept in the text but marked so the
value clean-up can drop them. The document's own characters (dashes, curly quotes, £) stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

import regex

from .document import Line, WordBox, WordRun

_ODD_SPACE_CHARS = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE_CHARS = r"\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ODD_SPACES = regex.compile(f"[{_ODD_SPACE_CHARS}]")
# A tab parts a table's cells (a web table copied as text): two spaces keep that gap, as a page's
# column gap reads; one space would run the cells together ("works Approval to award ...").
TAB_GAP = "  "
_INVISIBLE = regex.compile(f"[{_INVISIBLE_CHARS}]")
# Python's re scans a plain character class ~4x faster than regex; the set is the same (code points only)
_ANY_ODD = re.compile(f"[{_ODD_SPACE_CHARS}{_INVISIBLE_CHARS}]")
_EMPHASIS = regex.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_BULLET_GLYPHS = "·•▪◦‣●○■□➢►▶✓❖"
_BULLET = regex.compile(rf"[ ]*(?:[{_BULLET_GLYPHS}]|[-*–](?= ))[ ]*")
_BULLET_FIRST = frozenset(_BULLET_GLYPHS + "-*–")  # a line can only be a list item if it starts so
UPPER_SHARE = 0.9  # "mostly upper case": more than this share of a text's letters are capitals
MIN_CASED_LETTERS = 4  # fewer letters ("NO", "A1") say nothing about how a text is cased


def mostly_upper(text: str) -> bool:
    """A heading or a name set in capitals ("MAIDSTONE BOROUGH COUNCIL", "MINUTES OF CABINET"),
    where a stray lower-case letter (an OCR slip, "McDONALD") does not count against it.

    >>> mostly_upper("MAIDSTONE BOROUGH COUNCIL"), mostly_upper("Maidstone Council"), mostly_upper("NO")
    (True, False, False)
    """
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= MIN_CASED_LETTERS and sum(map(str.isupper, letters)) / len(letters) > UPPER_SHARE


_BORDER_ONLY = regex.compile(r"^[ \t]*\|[| \t]*$")  # "|", "| |": a table's cell border, no text
_TRAILING_BORDER = regex.compile(r"[ \t]+\|[ \t]*$")  # "RESOLVED: |": a cell's border after its text


def _without_border(line: str) -> str:
    if _BORDER_ONLY.match(line):
        return ""
    if line.count("|") == 1:
        line = _TRAILING_BORDER.sub("", line)
    return line.rstrip(" ")


def _space_for(found: Any) -> str:
    return TAB_GAP if found.group() == "\t" else " "


def normalise_text(text: str) -> str:
    """Return the text as `decision-extractor text` prints it.

    >>> normalise_text("Date:\\u00a0**25 May 2011**  \\r\\n \\t \\r\\nnext")
    'Date: 25 May 2011\\n\\nnext'
    >>> normalise_text("Decision Title\\n|\\nHarbour wall |")  # a flattened table's cell borders
    'Decision Title\\n\\nHarbour wall'
    >>> normalise_text("Ref | Title  ")  # a pipe inside a line is text; the spaces after it go
    'Ref | Title'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ANY_ODD.search(text):  # most texts have none: one scan instead of two rewrites
        text = _ODD_SPACES.sub(_space_for, _INVISIBLE.sub("", text))
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    if "|" in text:  # a cell border alone on its line ("|" between a flattened table's cells) is a gap,
        # and one closing a line that has no other ("RESOLVED: |") is no part of its text
        return "\n".join(_without_border(line) for line in text.split("\n"))
    if " \n" not in text and not text.endswith(" "):
        return text  # no line ends in a space: nothing to cut
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


class RawLine(NamedTuple):
    """A line as a layout reader found it, before it is placed in the document text. A named
    tuple, as `Line` is: a reader makes one a line, and the layout builds it with tuple.__new__."""

    text: str
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    hints: frozenset[str] = frozenset()
    locator: str | None = None
    confidence: float | None = None
    words: tuple[WordBox, ...] = ()  # offsets into ``text``; placed in the document text with it


def assemble_lines(raw_lines: list[RawLine],
                   words_at: Callable[[int, int], tuple[WordBox, ...] | WordRun] | None = None,
                   ) -> tuple[str, tuple[Line, ...]]:
    """Normalise layout lines one by one and join them into the document text with their records.

    An empty ``RawLine`` is a paragraph break (a blank line in the text). A line's words move
    with it, their offsets following the normalised text.

    ``words_at(i, offset)``: the words of raw line ``i`` with ``offset`` added to their offsets,
    for a reader that builds them itself (the page layout: a `WordRun` the line keeps, boxed
    only where read, instead of a box for the raw line and another where it is placed); the raw
    lines then hold none.
    """
    parts: list[str] = []
    lines: list[Line] = []
    pos = 0
    # builds a WordBox or a Line as WordBox(...) and Line(...) do, without their Python-level
    # __new__: one a word and one a line of every page source's document
    new = tuple.__new__
    joined = "\n".join([raw.text for raw in raw_lines])
    if joined.count("\n") == len(raw_lines) - 1 and normalise_text(joined) == joined:
        # (most documents) no line holds a break, and normalising the whole text changes nothing,
        # so normalising no line changes it (normalise_text rewrites line by line, and any rewrite
        # shows in the whole): each line is placed as it stands, with its words where they were
        plain = _OPENS_INDENT_OR_BULLET
        for i, raw in enumerate(raw_lines):
            text = raw.text
            offset, listed = _content_start(text) if text[:1] in plain else (0, False)
            placed = (words_at(i, pos) if words_at is not None
                      else tuple([new(WordBox, (a + pos, b + pos, box)) for a, b, box in raw.words]))
            lines.append(new(Line, (pos, pos + len(text), pos + offset, listed, raw.page, raw.bbox, raw.hints,
                                    raw.locator, raw.confidence, placed)))
            pos += len(text) + 1
        return joined, tuple(lines)
    for i, raw in enumerate(raw_lines):
        if words_at is not None:
            found = words_at(i, 0)
            raw = raw._replace(words=found.boxes() if isinstance(found, WordRun) else found)
        normalised = normalise_text(raw.text)
        words = _place_words(raw, normalised) if raw.words else ()
        pieces = normalised.split("\n")
        at = 0  # where the piece starts in ``normalised``
        for piece in pieces:
            offset, listed = _content_start(piece)  # as split_lines(piece) finds it
            if len(pieces) == 1:  # a page's line always: every word is on it
                placed = tuple([new(WordBox, (a + pos, b + pos, box)) for a, b, box in words])
            else:
                placed = tuple([new(WordBox, (a - at + pos, b - at + pos, box)) for a, b, box in words
                                if at <= a and b <= at + len(piece)])
            lines.append(new(Line, (pos, pos + len(piece), pos + offset, listed, raw.page, raw.bbox, raw.hints,
                                    raw.locator, raw.confidence, placed)))
            parts.append(piece)
            pos += len(piece) + 1
            at += len(piece) + 1
    return "\n".join(parts), tuple(lines)


def _place_words(raw: RawLine, normalised: str) -> tuple[WordBox, ...]:
    """The raw line's words with offsets into its normalised text. Normalising rarely changes a
    line from a page; where it does (a soft hyphen or odd space dropped), each word is found
    again, in order, as normalised on its own (less emphasis marks); a word that no longer shows
    keeps no box."""
    if normalised == raw.text:
        return raw.words
    placed = []
    at = 0
    for word in raw.words:
        text = normalise_text(raw.text[word.start : word.end]).strip()
        found = normalised.find(text, at) if text else -1
        if found < 0 and text.strip("*_"):  # "**5 May**": the line lost the emphasis marks, not the word
            text = text.strip("*_")
            found = normalised.find(text, at)
        if found >= 0:
            placed.append(WordBox(found, found + len(text), word.bbox))
            at = found + len(text)
    return tuple(placed)


def split_lines(text: str, *, page: int | None = None) -> tuple[Line, ...]:
    """Cut normalised text into lines, marking list items by their bullet glyph.

    >>> [(l.is_list_item, l.content_start) for l in split_lines("a\\n·  b")]
    [(False, 0), (True, 5)]
    """
    lines: list[Line] = []
    pos = 0
    # a Line built as Line(...) builds it, without its Python-level __new__ (one a line of every
    # document); a line that opens with neither a blank nor a bullet's first character (most)
    # starts its content where it starts, and is no list item
    new, hints, plain = tuple.__new__, _NO_HINTS, _OPENS_INDENT_OR_BULLET
    for raw in text.split("\n"):
        end = pos + len(raw)
        if raw[:1] in plain:
            offset, listed = _content_start(raw)
            lines.append(new(Line, (pos, end, pos + offset, listed, page, None, hints, None, None, ())))
        else:
            lines.append(new(Line, (pos, end, pos, False, page, None, hints, None, None, ())))
        pos = end + 1
    return tuple(lines)


_NO_HINTS: frozenset[str] = Line._field_defaults["hints"]
_OPENS_INDENT_OR_BULLET = frozenset(" ") | _BULLET_FIRST  # the first characters `_content_start` reads past


def _content_start(line: str) -> tuple[int, bool]:
    """Where a line's content starts (past its indent, or a list item's bullet glyph) and whether
    it is a list item; shared by `split_lines` and `assemble_lines`, which places a line's record
    itself (one record a line, not a tuple of one)."""
    content = line.lstrip(" ")
    bullet = _BULLET.match(line) if content[:1] in _BULLET_FIRST else None
    if bullet and bullet.end() < len(line):
        return bullet.end(), True
    return len(line) - len(content), False
