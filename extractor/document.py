"""The internal document every reader produces: extracted text plus one record per line.

Offsets in `Line` point into `Document.text`, which is exactly what `decision-extractor text`
prints, so a provenance span is a lookup, never a reconstruction.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from .words import Word


class WordBox(NamedTuple):
    """A word of a page source: its offsets into `Document.text` and its box on the page
    (x0, top, x1, bottom in points from the top-left). A value's box is the union of the boxes
    of the words its span covers, so it excludes the label printed on the same line."""

    start: int
    end: int
    bbox: tuple[float, float, float, float]


class WordRun(NamedTuple):
    """A laid-out page line's words as the engine gave them, and where the line starts in
    `Document.text` (its words are joined by one space there): its `WordBox`es before they are
    built. A page source's document has thousands of words and only the lines a value's span
    touches are asked for boxes, so each line keeps its words and boxes them when read
    (`Line.words`). Never empty: a line without words keeps ``()``."""

    words: tuple[Word, ...]
    at: int

    def placed(self) -> Iterator[tuple[int, int, Word]]:
        """Each word with its start and end in `Document.text`: the line's words are joined there
        by one space, from ``at`` on (the one place that lays them out)."""
        at = self.at
        for w in self.words:
            end = at + len(w[0])
            yield at, end, w
            at = end + 1

    def boxes(self) -> tuple[WordBox, ...]:
        """Each word's offsets into `Document.text` and its box (the Word's x0, top, x1 and
        bottom, sliced out of it at once). Built with tuple.__new__, as WordBox(...) builds
        them without its Python-level __new__."""
        new = tuple.__new__
        return tuple([new(WordBox, (start, end, w[1:5])) for start, end, w in self.placed()])

    def bboxes_over(self, start: int, end: int) -> list[tuple[float, float, float, float]]:
        """The boxes of the words `boxes` places over ``start``..``end`` (a word's start before
        ``end`` and its end after ``start``), in order, without building the words."""
        found = []
        for at, stop, w in self.placed():
            if at >= end:
                break  # (every later word starts later still)
            if stop > start:
                found.append(w[1:5])
        return found


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
    # page sources (PDF, scans): the line's words in text order, boxed, or (a laid-out page's line)
    # to box when read; `words` gives them boxed either way
    word_run: tuple[WordBox, ...] | WordRun = ()

    @property
    def words(self) -> tuple[WordBox, ...]:
        """The line's word boxes, in text order (none: a source without word boxes)."""
        run = self.word_run
        return run.boxes() if isinstance(run, WordRun) else run

    def word_bboxes(self) -> Iterator[tuple[float, float, float, float]]:
        """Each word's box, as `words` gives it, without building the words' offsets: a value's
        box takes every word box of a line its span covers whole."""
        run = self.word_run
        return map(_WORD_BBOX, run.words) if isinstance(run, WordRun) else map(_BOX_BBOX, run)

    def word_bboxes_over(self, start: int, end: int) -> list[tuple[float, float, float, float]]:
        """The boxes of the line's words a span from ``start`` to ``end`` overlaps, in order."""
        run = self.word_run
        if isinstance(run, WordRun):
            return run.bboxes_over(start, end)
        return [w.bbox for w in run if w.start < end and w.end > start]


_WORD_BBOX = itemgetter(slice(1, 5))  # a Word's x0, top, x1 and bottom: the box `WordRun.boxes` gives it
_BOX_BBOX = itemgetter(2)  # a WordBox's bbox


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
        return any(ln.page is not None or ln.bbox is not None or ln.word_run or ln.locator for ln in self.lines)

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
