"""find_table(): whether a document is a table or list of decisions, and which: a header
(across a line, or one name to a line) with rows under it, else a list with no header."""

from __future__ import annotations

from ..assembly import records_a_decision
from ..document import Document
from ..lexicon import Lexicon, normalise_label
from ..sections import Segment
from .cells import line_text
from .headers import field_of_column, horizontal_header, vertical_header
from .lists import block_table, list_table, segment_table
from .model import Row, Table
from .rows import (anchored_rows, horizontal_rows, recorded_decisions, settle_columns, settle_typed_columns,
                   vertical_rows)

MIN_ROWS = 2  # one row under a header is a form, not a table


def find_table(document: Document, lexicon: Lexicon, segments: tuple[Segment, ...] = ()) -> Table | None:
    """The table or list of decisions the document is, or None when it is none (``segments``:
    the document's sections, for lists whose labels stand apart from their values)."""
    n = len(document.lines)
    records = lambda text: records_a_decision(text, lexicon.words)  # noqa: E731
    stripped = document.stripped_lines  # (line_text's own list, read without a call per line)
    for i in range(n):
        text = stripped[i]
        if not text or len(text) > 200:
            continue
        head = text.lstrip("| ")  # (empty exactly when the text is all bars and spaces)
        first = normalise_label(head.split(None, 1)[0]) if head else ""  # (positional: no keyword parsed per line)
        if first not in lexicon.label_words:
            continue  # a header opens with a column's name
        columns = horizontal_header(document, i, lexicon)
        if columns is not None:
            rows, last = horizontal_rows(document, i + 1, columns, lexicon)
            if len(rows) >= MIN_ROWS:
                return Table(settle_columns(columns, rows, document, records), (i,), tuple(rows), i, last)
            rows, last, before = anchored_rows(document, i + 1, columns, lexicon)
            if rows:  # a header on one line is no form's: one entry below it is a table's
                return Table(recorded_decisions(settle_typed_columns(columns), rows, document, records), (i, *before),
                             tuple(rows), i, last)
        if text.endswith(":") or field_of_column(text, lexicon, False) is False:
            continue  # (vertical_header's own first test, hinted or not: no name opens a column of names here)
        columns = vertical_header(document, i, lexicon)
        # header cells set as labels: a table only if rows that each open with a reference follow
        hinted = columns is None and bool(document.lines[i].hints & {"label"})
        if hinted:
            columns = vertical_header(document, i, lexicon, hinted=True)
        if columns is not None:
            header_end = max(ls[-1] for c in columns for ls in [c.lines])
            rows, last, before = anchored_rows(document, header_end + 1, columns, lexicon)
            header = (*range(i, header_end + 1), *before)
            if len(rows) >= MIN_ROWS:
                return Table(recorded_decisions(settle_typed_columns(columns), rows, document, records), header,
                             tuple(rows), i, last)
            if hinted:
                continue
            rows, last = vertical_rows(document, header_end + 1, columns, lexicon)
            if len(rows) >= MIN_ROWS:
                return Table(settle_columns(columns, rows, document, records), tuple(range(i, header_end + 1)), tuple(rows), i, last)
            if len(rows) == 1 and _one_row_then_more(document, header_end, rows[0], last, len(columns)):
                return Table(settle_columns(columns, rows, document, records), tuple(range(i, header_end + 1)),
                             tuple(rows), i, last, form=True)
    return (list_table(document, lexicon) or block_table(document, segments, lexicon)
            or segment_table(document, segments, lexicon))


def _one_row_then_more(document: Document, header_end: int, row: Row, last: int, columns: int) -> bool:
    """A header whose names stand line after line over one row of as many cells, line after line,
    then more of the page: a form's labels and their values set as a table's two rows."""
    lines = sorted(row.lines)
    return (len(lines) == columns and all(b == a + 1 for a, b in zip(lines, lines[1:]))
            and any(line_text(document, k) for k in range(last + 1, len(document.lines))))
