"""What a table of decisions is once read: its columns (as named by the header, and the field
each gives its cells), its rows (each cell a column index and its text runs) and the lines it
covers. The finders build these; `notices` turns each row into a notice."""

from __future__ import annotations

from dataclasses import dataclass

from ..sections import Piece

CHOOSE = "title_or_decision"  # "Decision": a short phrase names the decision, sentences state it
PROSE = "prose"  # an entry's paragraph with no label, a card's summary under its labelled lines


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # as printed
    field: str | None  # None: a reference or a column no field takes
    lines: tuple[int, ...]  # the header's lines (a vertical header has one per column)


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[tuple[int, tuple[Piece, ...]], ...]  # (column index, the cell's text runs)

    @property
    def lines(self) -> frozenset[int]:
        return frozenset(p.line for _, pieces in self.cells for p in pieces)


@dataclass(frozen=True, slots=True)
class Table:
    """A table of decisions: its header (no header for a list of entries) and its rows."""

    columns: tuple[Column, ...]
    header_lines: tuple[int, ...]
    rows: tuple[Row, ...]
    first: int  # first line of the table (header or first entry)
    last: int  # last line of its rows
    # a header over one row of values, with the notice's other parts after it: a form's labels set
    # as a table's header row ("Decision title | Decision maker | Date"), no table of decisions
    form: bool = False
