"""The rows under a found header, read by position where the cells stand apart (one row to a
line, or one cell to a line) and by the kind of value each holds where they do not (a
reference, a date, a decider, a sentence); then which field a "Decision" column holds."""

from __future__ import annotations

from collections.abc import Callable

import regex

from ..document import Document
from ..lexicon import Lexicon
from ..sections import Piece
from ..values import find_dates
from .cells import cell_spans, is_reference, line_text, wrapped_end
from .model import CHOOSE, Column, Row

MAX_TITLE_CELL_WORDS = 14  # a "Decision" column whose cells are this short holds titles
_PIPE_RULE = regex.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")  # "| --- | --- |"
_LEADING_REFERENCE = regex.compile(r"^(?:[A-Z]{1,8}[ -]?)?\d[\dA-Z]*(?:[/.-][\dA-Z]+){0,3}(?=\s|$)", regex.I)
_DECIDER_START = regex.compile(
    r"\b(?:[A-Z]\.\s?)+[A-Z][\w'’-]+\b|\b(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+[A-Z]|"
    r"\b(?:Head of|Director|Assistant Director|Deputy Director|Chief|Executive Director|Cabinet Member|"
    r"Portfolio Holder|Leader|Mayor|Commissioner|Deputy)\b")


def _row_from_spans(spans: list[tuple[int, int]], line: int) -> Row:
    return Row(tuple((c, (Piece(s, e, line),)) for c, (s, e) in enumerate(spans)))


def _typed_row(document: Document, i: int, columns: tuple[Column, ...], lexicon: Lexicon,
               through: int | None = None) -> Row | None:
    """A row whose cells ran together with single spaces, cut where each column's kind of value
    stands: a reference first, a date, a status after the date, the text between. ``through``:
    the row ran on over the lines to that one (a PDF wrapped it at its margin)."""
    line = document.lines[i]
    text = document.text[line.content_start:document.lines[through if through is not None else i].end]
    base = line.content_start
    at, end = len(text) - len(text.lstrip()), len(text.rstrip())
    cells: list[tuple[int, tuple[Piece, ...]]] = []
    kinds = [c.field for c in columns]
    dates = find_dates(text, words=lexicon.words)
    date_cols = [k for k, f in enumerate(kinds) if f in {"decision_date", "publication_date", "effective_from"}]
    if not dates or len(dates) < len(date_cols) or not date_cols:
        return None
    first_col = 0
    if columns[0].field is None and (ref := _LEADING_REFERENCE.match(text[at:])) is not None:
        cells.append((0, (Piece(base + at, base + at + ref.end(), i),)))
        at += ref.end()
        first_col = 1
    # the text columns before the first date column share what stands before the first date
    first_date = date_cols[0]
    between = list(range(first_col, first_date))
    chunk_start, chunk_end = at, dates[0].start
    chunk = text[chunk_start:chunk_end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk_start += lead
    chunk = chunk.strip()
    if not chunk and between:
        return None
    if len(between) == 1:
        cells.append((between[0], (Piece(base + chunk_start, base + chunk_start + len(chunk), i),)))
    elif len(between) >= 2:
        decider = next((m for m in _DECIDER_START.finditer(chunk) if m.start() > 0), None)
        maker_col = next((k for k in between if kinds[k] == "decision_maker"), None)
        if decider is None or maker_col is None:
            cells.append((between[0], (Piece(base + chunk_start, base + chunk_start + len(chunk), i),)))
        else:
            cut = decider.start()
            head = chunk[:cut].rstrip()
            other = next(k for k in between if k != maker_col)
            first, second = (other, maker_col) if between.index(other) < between.index(maker_col) else (maker_col, other)
            cells.append((first, (Piece(base + chunk_start, base + chunk_start + len(head), i),)))
            cells.append((second, (Piece(base + chunk_start + cut, base + chunk_start + len(chunk), i),)))
    for col, found in zip(date_cols, dates):
        cells.append((col, (Piece(base + found.start, base + found.end, i),)))
    rest_start = dates[len(date_cols) - 1].end
    after = [k for k in range(date_cols[-1] + 1, len(columns))]
    rest = text[rest_start:end]
    if after and rest.strip():
        lead = len(rest) - len(rest.lstrip())
        start = rest_start + lead
        cut = (title_then_sentence(text[start:end]) if len(after) >= 2 and kinds[after[0]] in _NAMING
               and kinds[after[1]] in _STATING else None)
        if cut is None:
            cells.append((after[0], (Piece(base + start, base + end, i),)))
        else:  # "Wimborne Police Station Having been declared surplus ...": the name, then what was decided
            cells.append((after[0], (Piece(base + start, base + start + len(text[start:start + cut].rstrip()), i),)))
            cells.append((after[1], (Piece(base + start + cut, base + end, i),)))
    if through is not None and through > i:  # each piece on the lines it stands on
        cells = [(col, tuple(q for piece in pieces for q in per_line(document, piece, i, through))) for col, pieces in cells]
    return Row(tuple(sorted(cells)))


def per_line(document: Document, piece: Piece, first: int, last: int) -> list[Piece]:
    """A cell's piece that runs over several of the lines ``first``..``last``, cut at their ends."""
    out = []
    for k in range(first, last + 1):
        line = document.lines[k]
        start, end = max(piece.start, line.content_start), min(piece.end, line.end)
        if start < end and document.text[start:end].strip():
            out.append(Piece(start, end, k))
    return out or [piece]


def _row_end(document: Document, j: int, lexicon: Lexicon) -> int:
    """The last line of a row that starts at line j: the lines after it that the page wrapped on
    from it ("wrapped"), up to one that opens the next row with its date or its reference."""
    def opens_row(following: str) -> bool:  # "12-Dec-16 Use of Force ...", "2021/08 Parking review ..."
        dates = find_dates(following[:30], words=lexicon.words)
        return bool(dates and dates[0].start == 0) or _LEADING_REFERENCE.match(following) is not None

    return wrapped_end(document, j, opens_row)


_NAMING = frozenset({"title", CHOOSE})  # columns that name a decision ...
_STATING = frozenset({"purpose", "decision", "reasons", CHOOSE})  # ... and columns that say it in sentences
_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "it", "its", "our", "having", "following"})
_TOKEN = regex.compile(r"\S+")
_NAME_JOINERS = frozenset({"of", "and", "for", "the", "in", "on", "to", "at", "by", "&", "-", "–"})


def title_then_sentence(text: str) -> int | None:
    """Where a name in capitals ends and a sentence begins, in two cells run together ("Drone
    Pilot Scheme The Commissioner agreed to fund ..." -> 19): the sentence opens at the capitalised
    word before its first lower-case word, or at the determiner before that; None without a name
    of a word or more before it.

    >>> title_then_sentence("Drone Pilot Scheme The Commissioner agreed to fund a trial.")
    19
    >>> title_then_sentence("Victims Hub Contract Agreed that the contract be extended."), title_then_sentence("Agreed that")
    (21, None)
    >>> title_then_sentence("Use of Force Panel Subject to some amendments, the terms were agreed.")
    19
    """
    tokens = list(_TOKEN.finditer(text))
    # a name's small words ("Use of Force Scrutiny Panel") are followed by a capital again
    first_lower = next((k for k, t in enumerate(tokens) if t.group()[:1].islower() and not (
        t.group() in _NAME_JOINERS and k + 1 < len(tokens) and tokens[k + 1].group()[:1].isupper())), None)
    if first_lower is None or first_lower < 2:
        return None
    start = first_lower - 1
    if start >= 1 and tokens[start - 1].group().lower() in _DETERMINERS:
        start -= 1
    if start < 1 or not all(t.group()[:1].isupper() or t.group()[:1].isdigit() or t.group() in _NAME_JOINERS
                            for t in tokens[:start]):
        return None
    return tokens[start].start()


def horizontal_rows(document: Document, start: int, columns: tuple[Column, ...],
                     lexicon: Lexicon) -> tuple[list[Row], int]:
    rows: list[Row] = []
    last = start - 1
    j = start
    n = len(document.lines)
    while j < n:
        text = line_text(document, j)
        if not text or _PIPE_RULE.match(text):
            j += 1
            continue
        spans = cell_spans(document, j)
        if len(spans) == len(columns):
            rows.append(_row_from_spans(spans, j))
        elif len(spans) == 1 and (typed := _typed_row(document, j, columns, lexicon, _row_end(document, j, lexicon))) is not None:
            rows.append(typed)
            j = max(p.line for _, pieces in typed.cells for p in pieces)  # its wrapped lines are read
        elif rows and len(spans) == 1 and document.lines[j].start == document.lines[j - 1].end + 1 and not text.endswith(":"):
            # a wrapped cell: a line under a row ran on from its last cell (a page wraps at its margin)
            cells = list(rows[-1].cells)
            at = max(range(len(cells)), key=lambda k: cells[k][1][-1].end)
            column, pieces = cells[at]
            s, e = spans[0]
            cells[at] = (column, (*pieces, Piece(s, e, j)))
            rows[-1] = Row(tuple(cells))
        else:
            break
        last = j
        j += 1
    return rows, last


def _lines_below(document: Document, start: int, lexicon: Lexicon) -> list[int]:
    """The lines from ``start`` to the first labelled section below the table ("Contact:")."""
    lines = []
    for j in range(start, len(document.lines)):
        text = line_text(document, j)
        if text.endswith(":") and lexicon.lookup(text.rstrip(":")):
            break
        lines.append(j)
    return lines


def vertical_rows(document: Document, start: int, columns: tuple[Column, ...],
                   lexicon: Lexicon) -> tuple[list[Row], int]:
    """Rows whose cells stand one to a line: a new row where the first column's kind of value
    (a reference, a date) comes round again; otherwise every len(columns) lines."""
    lines = [j for j in _lines_below(document, start, lexicon) if line_text(document, j)]
    first_kind = columns[0].field
    anchor = None
    numbered = bool(lines) and _number_cell(line_text(document, lines[0]))
    if first_kind is None or numbered:  # (a column of numbers, whatever its name: "Item" over "5", "6")
        anchor = _number_cell if first_kind is not None else is_reference
    elif first_kind in {"decision_date", "publication_date"}:
        def anchor(text: str) -> bool:
            return bool(find_dates(text, words=lexicon.words)) and len(text.split()) <= 6
    groups: list[list[int]] = []
    if anchor is not None and lines and anchor(line_text(document, lines[0])):
        for k in lines:
            if anchor(line_text(document, k)):
                groups.append([k])
            else:
                groups[-1].append(k)
    else:
        groups = [lines[k:k + len(columns)] for k in range(0, len(lines), len(columns))]
        if groups and _contiguous(groups[0]):  # rows set apart by blanks, a row's cells line after line:
            # a "row" over blank lines, or holding a field's label alone, is the form below the table
            # ("Decision" / its text / "Reasons")
            ends = next((n for n, g in enumerate(groups) if not _contiguous(g) or any(
                _label_alone(document, k, lexicon) for k in g)), len(groups))
            groups = groups[:ends]
    rows: list[Row] = []
    last = start - 1
    text_col = _widest_text_column(columns)
    for group in groups:
        if len(group) < len(columns) - 1:
            break
        cells = []
        extra = len(group) - len(columns)
        k = 0
        for c in range(len(columns)):
            take = 1 + (extra if c == text_col and extra > 0 else 0)
            if k >= len(group):
                break
            member = group[k:k + take]
            cells.append((c, tuple(Piece(document.lines[m].content_start, document.lines[m].end, m) for m in member)))
            k += take
        rows.append(Row(tuple(cells)))
        last = group[-1]
    return rows, last


def _label_alone(document: Document, k: int, lexicon: Lexicon) -> bool:
    """Whether line k is a field's label standing alone, its value below it."""
    match = lexicon.match_line(line_text(document, k), approximate=False)
    return match is not None and match.value_start is None and match.entry.kind == "field"


def _number_cell(text: str) -> bool:
    """A cell that is a number or a reference of one token ("5", "2021/07", "OD/2025/041"); a title
    with a year in it ("Budget 2026") is no number."""
    text = text.strip()
    return bool(text) and " " not in text and any(c.isdigit() for c in text) and is_reference(text)


def _contiguous(group: list[int]) -> bool:
    """Whether a group's lines follow one another with no blank line between them."""
    return all(b == a + 1 for a, b in zip(group, group[1:]))


def anchored_rows(document: Document, start: int, columns: tuple[Column, ...],
                   lexicon: Lexicon) -> tuple[list[Row], int, list[int]]:
    """Rows that each open with a reference ("EXE0037/17", "2018-129912 Precept Proposal"), their
    other cells below in any number of lines: each line goes to the column its kind of value
    fits. Also the lines before the first row (header cells the page wrapped)."""
    if columns[0].field is not None:
        return [], start - 1, []
    lines = _lines_below(document, start, lexicon)
    anchors = [k for k in lines if _opens_entry(line_text(document, k), lexicon)]
    if not anchors:
        return [], start - 1, []
    before = [k for k in lines if k < anchors[0] and line_text(document, k)]
    rows = []
    for a, b in zip(anchors, [*anchors[1:], lines[-1] + 1]):
        rows.append(_typed_group(document, [k for k in lines if a <= k < b], columns, lexicon))
    last = max(k for k in lines if line_text(document, k))
    return rows, last, before


def _opens_entry(text: str, lexicon: Lexicon) -> bool:
    """A reference alone, or before a short title ("2018-1299 Precept Proposal 2019/20"): no
    sentence that starts with a number ("2019/20 saw the budget rise.")."""
    ref = _LEADING_REFERENCE.match(text)
    if ref is None or find_dates(ref.group(0), words=lexicon.words) or not any(c.isdigit() for c in ref.group(0)):
        return False
    dates = find_dates(text, words=lexicon.words)
    if dates and dates[0].start == 0:
        return False  # "12 March 2024": a date cell, no reference
    rest = text[ref.end():].strip()
    return not rest or (len(rest.split()) <= MAX_TITLE_CELL_WORDS and not rest.endswith((".", ":", ",")))


def _typed_group(document: Document, group: list[int], columns: tuple[Column, ...], lexicon: Lexicon) -> Row:
    fields = [c.field for c in columns]

    def col(*kinds: str | None) -> int | None:
        return next((k for k, f in enumerate(fields) if f in kinds), None)

    title_col = col("title") if col("title") is not None else col(CHOOSE)
    if title_col is None:
        title_col = len(columns) + 1  # no column names it, yet every entry is about something
    text_col = col("purpose", "decision", "reasons") if col("purpose", "decision", "reasons") is not None else col(CHOOSE)
    maker_col, status_col, docs_col = col("decision_maker"), col("decision_status"), col("accompanying_documents")
    date_cols = [k for k, f in enumerate(fields) if f in {"decision_date", "publication_date", "effective_from"}]
    cells: dict[int, list[Piece | None]] = {}
    spare: list[Piece] = []

    def put(c: int | None, piece: Piece | None) -> None:
        if c is None:
            if piece is not None:
                spare.append(piece)
            return
        cells.setdefault(c, []).append(piece)

    first = group[0]
    line = document.lines[first]
    text = document.text[line.content_start:line.end]
    lead = len(text) - len(text.lstrip())
    ref = _LEADING_REFERENCE.match(text[lead:])
    assert ref is not None  # the group opens at a reference
    put(0, Piece(line.content_start + lead, line.content_start + lead + ref.end(), first))
    rest = text[lead + ref.end():]
    if rest.strip():
        at = line.content_start + lead + ref.end() + len(rest) - len(rest.lstrip())
        put(title_col, Piece(at, line.end, first))
    last_col: int | None = None
    for k in group[1:]:
        t = line_text(document, k)
        line = document.lines[k]
        if not t:
            last_col = None if last_col != text_col else last_col
            if last_col is not None:
                put(last_col, None)
            continue
        piece = Piece(line.content_start, line.end, k)
        n_words = len(t.split())
        short = n_words <= MAX_TITLE_CELL_WORDS and not t.endswith(".")
        dates = find_dates(t, words=lexicon.words)
        free_dates = [c for c in date_cols if c not in cells]
        if dates and free_dates and len(t) - (dates[0].end - dates[0].start) <= 4:
            target = free_dates[0]
        elif last_col is not None and last_col == text_col and not short:
            target = text_col
        elif title_col not in cells and short:
            target = title_col
        elif docs_col is not None and short and lexicon.words.table_link.search(t) and len(
                lexicon.words.table_link.sub("", t).split()) > 1:
            target = docs_col  # a document's own title, not a link's bare words
        elif maker_col is not None and maker_col not in cells and short and _DECIDER_START.match(t):
            target = maker_col
        elif status_col is not None and status_col not in cells and n_words <= 4 and not t.endswith("."):
            target = status_col
        elif short and lexicon.words.table_link.search(t):
            target = None  # a link's words ("Supporting Document"): kept with the entry, no value
        else:
            target = text_col
        put(target, piece)
        last_col = target
    row_cells = [(c, tuple(p for p in pieces if p is not None)) for c, pieces in cells.items()]
    row_cells = [(c, ps) for c, ps in row_cells if ps]
    if spare:
        row_cells.append((len(columns), tuple(spare)))  # no column's: kept with the entry
    return Row(tuple(sorted(row_cells, key=lambda cell: cell[1][0].start)))


def _widest_text_column(columns: tuple[Column, ...]) -> int:
    for kind in ("decision", CHOOSE, "purpose", "title"):
        for k, c in enumerate(columns):
            if c.field == kind:
                return k
    return 0


def settle_typed_columns(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """Columns of rows read by kind: a "Decision" column took the short line (the title) when
    the table has no title column of its own, and the sentences when it has."""
    has_title = any(c.field == "title" for c in columns)
    return tuple(Column(c.name, ("decision" if has_title else "title") if c.field == CHOOSE else c.field, c.lines)
                 for c in columns)


def settle_columns(columns: tuple[Column, ...], rows: list[Row], document: Document,
                   records: Callable[[str], bool] = lambda text: False) -> tuple[Column, ...]:
    """A "Decision" column of short phrases holds the decisions' titles (when no other column
    does); of sentences, the decisions themselves. ``records`` tells wording that records a
    decision taken, for a summary column that is the decision."""
    fields = [c.field for c in columns]
    for k, column in enumerate(columns):  # "Item" over "5", "6", "7": numbers, whatever the name says
        texts = _column_texts(rows, k, document)
        if column.field == "title" and texts and all(_number_cell(t) for t in texts):
            fields[k] = None
    settled = []
    for k, column in enumerate(columns):
        field = fields[k] if column.field == "title" else column.field
        if field == CHOOSE:
            texts = _column_texts(rows, k, document)
            short = texts and sum(len(t.split()) <= MAX_TITLE_CELL_WORDS and not t.rstrip().endswith(".")
                                  for t in texts) >= len(texts) / 2
            field = "title" if short and "title" not in fields else "decision"
        settled.append(Column(column.name, field, column.lines))
    return recorded_decisions(tuple(settled), rows, document, records)


def recorded_decisions(columns: tuple[Column, ...], rows: list[Row] | tuple[Row, ...], document: Document,
                       records: Callable[[str], bool]) -> tuple[Column, ...]:
    """A "Detail" or "Summary" column whose cells mostly record what was decided ("it was agreed
    to ...", "The Commissioner approved ..."), in a table with no decision column: the decisions."""
    if any(c.field == "decision" for c in columns):
        return columns
    for k, column in enumerate(columns):
        texts = _column_texts(rows, k, document)
        if column.field == "purpose" and texts and sum(map(records, texts)) > len(texts) / 2:
            return (*columns[:k], Column(column.name, "decision", column.lines), *columns[k + 1:])
    return columns


def _column_texts(rows: list[Row] | tuple[Row, ...], k: int, document: Document) -> list[str]:
    """The text of each row's cell in column k."""
    return [" ".join(document.text[p.start:p.end] for p in pieces) for row in rows for c, pieces in row.cells
            if c == k]
