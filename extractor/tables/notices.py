"""assemble_table(): one notice per entry of a found table, each cell a labelled section (labelled
by its column) that the assembler reads as any other notice; what the page says once around the
table is the entries' shared header."""

from __future__ import annotations

import dataclasses

from ..assemble import AssembledNotice, assemble_notice
from ..document import Document
from ..lexicon import LabelEntry, Lexicon
from ..sections import HINTED, Piece, Segment
from .cells import line_text
from .model import PROSE, Column, Row, Table


def table_segments(document: Document, table: Table, row: Row, lexicon: Lexicon) -> tuple[Segment, ...]:
    """One entry's cells as labelled sections, labelled by their columns."""
    segments = []
    for column_index, pieces in row.cells:
        column = (table.columns[column_index] if column_index < len(table.columns)
                  else Column("", "title" if column_index > len(table.columns) else None, ()))
        start, end = pieces[0].start, pieces[-1].end
        label = (column.name or None) if table.header_lines else None
        if column.field == PROSE:  # an entry's paragraph with no label (a card's summary): what was decided
            entry = LabelEntry("field", "decision", "block", lexicon.joins("decision"))
            segments.append(Segment("field", start, end, pieces, "decision", "block", entry, None, marked=HINTED))
            continue
        if column.field is None:
            segments.append(Segment("other", start, end, pieces, None, "line", LabelEntry("other", None, "line"),
                                    label))
            continue
        shape = lexicon.shape_of(column.field)
        entry = LabelEntry("field", column.field, shape, lexicon.joins(column.field))
        segments.append(Segment("field", start, end, pieces, column.field, shape, entry, label, marked=HINTED))
    return tuple(sorted(segments, key=lambda s: s.start))


def form_segments(document: Document, segments: tuple[Segment, ...], table: Table,
                  lexicon: Lexicon) -> tuple[Segment, ...]:
    """A form's labels set as a header row over one row of values (`Table.form`): each cell a
    section labelled by its header line, among the page's other sections, for one notice."""
    row = table.rows[0]
    taken = set(table.header_lines) | set(row.lines)
    cells = []
    for (column_index, pieces), seg in zip(row.cells, table_segments(document, table, row, lexicon)):
        name_line = table.columns[column_index].lines[0]
        line = document.lines[name_line]
        cells.append(dataclasses.replace(seg, start=line.content_start, label_lines=(name_line,)))
    return tuple(sorted([*_outside(segments, taken), *cells], key=lambda s: s.start))


def _outside(segments: tuple[Segment, ...], taken: set[int]) -> list[Segment]:
    """The segments with the lines a table holds taken out of them (a section whose label the
    table took keeps its other lines as unlabelled text)."""
    kept: list[Segment] = []
    for seg in segments:
        if not seg.lines & taken:
            kept.append(seg)
            continue
        pieces = tuple(p for p in seg.pieces if p is None or p.line not in taken)
        label_lines = tuple(k for k in seg.label_lines if k not in taken)
        if any(p is not None for p in pieces) or label_lines:
            kind = seg.kind if not (set(seg.label_lines) - set(label_lines)) else "orphan"
            kept.append(Segment(kind, seg.start, seg.end, pieces, seg.field if kind == seg.kind else None,
                                seg.shape, seg.entry if kind == seg.kind else None,
                                seg.label if kind == seg.kind else None, seg.pattern, seg.groups, seg.head,
                                label_lines, seg.marked))
    return kept


def assemble_table(document: Document, segments: tuple[Segment, ...], table: Table,
                   lexicon: Lexicon) -> tuple[tuple[AssembledNotice, ...], AssembledNotice]:
    """One notice per entry, and the page around the table as their shared header: what the
    page states once (the body in its heading, a decider) goes to every entry that lacks it."""
    inside = set(table.header_lines)
    for row in table.rows:
        inside |= row.lines
    region = range(table.first, table.last + 1)
    furniture = [k for k in region if k not in inside and line_text(document, k)]  # "| --- |" rules
    taken = inside | set(furniture)  # lines the table holds: no header section keeps them
    header = _outside(segments, taken)
    for k in (*table.header_lines, *furniture):
        line = document.lines[k]
        header.append(Segment("chrome", line.content_start, line.end, (Piece(line.content_start, line.end, k),),
                              label_lines=(k,)))
    meeting = assemble_notice(document, tuple(sorted(header, key=lambda s: s.start)), lexicon, meeting=True)
    notices = tuple(_lines_held_once(assemble_notice(document, table_segments(document, table, row, lexicon),
                                                     lexicon, shared=meeting, item=True)) for row in table.rows)
    return notices, meeting


def _lines_held_once(notice: AssembledNotice) -> AssembledNotice:
    """A row's cells that share a line ("2021/07 Library opening hours ...") are units of their
    own, each with its part of the line; the line itself is held by the first of them only, so
    the nothing-lost check counts it once."""
    seen: set[int] = set()
    units = []
    for unit in notice.units:
        units.append(dataclasses.replace(unit, lines=unit.lines - seen))
        seen |= unit.lines
    others = tuple(u for i, u in enumerate(units) if i not in notice.claimed)
    return dataclasses.replace(notice, units=tuple(units), other_sections=others)
