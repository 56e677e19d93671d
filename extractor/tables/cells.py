"""How one line of flattened text reads as a table's cells: its text, its cells (apart by tabs,
pipes or runs of spaces) and whether a cell is a record's reference. Every reader of a table
(header, rows, lists) reads its lines through these."""

from __future__ import annotations

from collections.abc import Callable

import regex

from ..document import Document
from ..values import find_dates

_CELL_GAP = regex.compile(r"\t+|[ \xa0]{2,}|[ \t]*\|[ \t]*")
MAX_REFERENCE_CHARS = 24  # the most the look-ahead below takes
_REFERENCE_CELL = regex.compile(r"^(?=[\w./ -]{1,24}$)(?:[A-Z]{0,8}[ -]?)?\d[\w./-]*(?:\s?-\s?\d+)?$", regex.I)


def cell_spans(document: Document, i: int) -> list[tuple[int, int]]:
    """The cells of line i as document offsets, split at tabs, pipes and runs of spaces."""
    line = document.lines[i]
    text = document.text[line.content_start:line.end]
    spans, at = [], 0
    for gap in _CELL_GAP.finditer(text):
        if gap.start() > at:
            spans.append((at, gap.start()))
        at = gap.end()
    if at < len(text):
        spans.append((at, len(text)))
    base = line.content_start
    return [(base + s, base + e) for s, e in spans if text[s:e].strip()]


def line_text(document: Document, i: int) -> str:
    return document.stripped_lines[i]


def is_reference(text: str) -> bool:
    cell = text.strip()  # (the pattern's look-ahead takes at most 24 characters: a longer cell is none)
    return len(cell) <= MAX_REFERENCE_CHARS and bool(_REFERENCE_CELL.match(cell)) and not find_dates(text)


def wrapped_end(document: Document, i: int, opens_next: Callable[[str], bool] | None = None) -> int:
    """The last line of a row or entry that starts at line i: the lines after it that its page
    wrapped it onto ("wrapped", the next line right after it, with words), up to one that
    ``opens_next`` says starts the next row."""
    k = i
    while (k + 1 < len(document.lines) and "wrapped" in document.lines[k].hints
           and document.lines[k + 1].start == document.lines[k].end + 1 and line_text(document, k + 1)):
        if opens_next is not None and opens_next(line_text(document, k + 1)):
            break
        k += 1
    return k
