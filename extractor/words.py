"""What every page engine yields: typed words with their boxes, page by page.

PDFium, pdfplumber and Tesseract see a page differently (characters, fonts, pixels); each turns
what it sees into `PageWords`, and the one layout (`readers/layout.py`) builds the document
from those alone. A typed, immutable value instead of per-engine dicts means the layout cannot
come to depend on one engine's keys, and a word's box survives to the value it belongs to.

Coordinates are PDF points from the page's top-left corner, as pdfplumber gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

Box = tuple[float, float, float, float]  # (x0, top, x1, bottom)
# A ruled table's row: the row's box, then its cells' boxes left to right; a two-column row is
# a form's (label cell, value cell), a row of three or more cells a grid's (a table of decisions)
TableRow = tuple[Box, ...]


class Word(NamedTuple):
    """One word on a page, with the engine's font hints and, for OCR, its confidence.

    A named tuple, as `Line` is: an engine makes one per word, thousands a document, and it
    builds several times faster than a frozen dataclass while being just as immutable."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False
    size: float | None = None  # font size in points, where the engine knows it
    confidence: float | None = None  # OCR: Tesseract's word confidence, 0-100
    engine_line: tuple[int, ...] | None = None  # OCR: Tesseract's (block, paragraph, line), to undo skew

    @property
    def box(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True, slots=True)
class PageWords:
    """One page as an engine sees it: its size, its words in any order, and the rows of
    two-column ruled tables it found (none for engines that see no rulings)."""

    width: float
    height: float
    words: tuple[Word, ...]
    table_rows: tuple[TableRow, ...] = ()
