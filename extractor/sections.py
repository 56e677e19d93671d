"""The values `find_sections` hands on: `Segment` (one place lines go) and `Piece` (a run of
value text). Their own module, so the segmenter and the item splitter can both use them
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import LabelEntry, Pattern

BARE, HINTED, SEPARATED = 0, 1, 2  # a label's own evidence, least to most


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of value text on one line; ``line`` indexes `Document.lines`."""

    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Segment:
    """One place lines go. ``kind``: field, fallback, other, marker, pattern, chrome or orphan.

    ``pieces`` holds the value's text runs, with None for a blank line (a paragraph break).
    """

    kind: str
    start: int
    end: int
    pieces: tuple[Piece | None, ...] = ()
    field: str | None = None
    shape: str = "block"
    entry: LabelEntry | None = None
    label: str | None = None
    pattern: Pattern | None = None
    groups: tuple[tuple[str, int, int], ...] = ()  # pattern groups: (field, start, end)
    head: bool = False  # before the first labelled field
    label_lines: tuple[int, ...] = ()
    marked: int = 0  # how the label shows it is one: SEPARATED (":" or a value after it), HINTED (bold, heading, table cell) or BARE


    @property
    def value_pieces(self) -> tuple[Piece, ...]:
        # (filter's own test drops only the None marks: a Piece has no length nor __bool__, so it
        # is always true; a generator here cost twice as much, and it is read ~3,000 times a round)
        return tuple(filter(None, self.pieces))

    @property
    def lines(self) -> frozenset[int]:
        """Indexes of every line this segment holds (label and value)."""
        return frozenset(self.label_lines).union([p.line for p in self.pieces if p is not None])  # (no tuple between)
