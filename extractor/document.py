"""The internal document every reader produces: extracted text plus one record per line.

Offsets in `Line` point into `Document.text`, which is exactly what `decision-extractor text`
prints, so a provenance span is a lookup, never a reconstruction.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class WordBox(NamedTuple):
    """A word of a page source: its offsets into `Document.text` and its box on the page
    (x0, top, x1, bottom in points from the top-left). A value's box is the union of the boxes
    of the words its span covers, so it excludes the label printed on the same line."""

    start: int
    end: int
    bbox: tuple[float, float, float, float]


class Line(NamedTuple):
    """One line of extracted text. ``content_start`` skips a bullet glyph marking a list item.

    Immutable; a named tuple because a document makes one per line and it builds ~4x faster
    than a frozen dataclass."""

    start: int
    end: int
    content_start: int
    is_list_item: bool = False
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    hints: frozenset[str] = frozenset()  # e.g. {"bold", "heading", "label", "wrapped", "furniture", "boundary"}
    locator: str | None = None  # Word: "p12" (body paragraph) or "t1.r3.c2" (table cell)
    confidence: float | None = None  # OCR: mean word confidence, 0-100
    words: tuple[WordBox, ...] = ()  # page sources (PDF, scans): the line's words, in text order


@dataclass(frozen=True)
class Document:
    text: str
    lines: tuple[Line, ...]
    format: str = "text"
    encoding: str | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = field(default=())
    dropped: int = 0  # HTML: site-chrome elements (nav, header, cookie banner ...) left out of the text

    @cached_property
    def line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    @cached_property
    def line_ends(self) -> list[int]:
        return [line.end for line in self.lines]

    @cached_property
    def stripped_lines(self) -> list[str]:
        """Each line's content without its blanks, cut once: the table readers ask each line
        again and again."""
        text = self.text
        return [text[line.content_start:line.end].strip() for line in self.lines]

    @cached_property
    def placed(self) -> bool:
        """Whether any line has a page, a box, words or a locator; when none has (every line of a
        plain text), no span has a page, box or locator to give."""
        return any(ln.page is not None or ln.bbox is not None or ln.words or ln.locator for ln in self.lines)

    @cached_property
    def scored(self) -> bool:
        """Whether any line has an OCR confidence."""
        return any(line.confidence is not None for line in self.lines)

    def lines_between(self, start: int, end: int) -> list[Line]:
        """The non-empty lines a span touches: where its page, box and OCR confidence come from."""
        first = bisect.bisect_left(self.line_ends, start)
        last = bisect.bisect_right(self.line_starts, end)
        return [ln for ln in self.lines[first:last] if ln.end > ln.start]

    def confidence(self, start: int, end: int) -> float | None:
        """A span's OCR confidence: its weakest line's, to one decimal (None: not OCR'd)."""
        if not self.scored:
            return None  # no line was OCR'd: no span has a confidence
        scores = [ln.confidence for ln in self.lines_between(start, end) if ln.confidence is not None]
        return float(round(min(scores), 1)) if scores else None
