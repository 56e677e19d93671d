"""find_table(): a table or list of decisions, read as one notice per entry.

Pages that list decisions print them as a table (a header row of column names, then one row per
decision) or as a list whose entries repeat one pattern ("Decision 2024/15 - Fleet replacement -
3 March 2024"). Flattened to text, a row's cells stand on one line (apart by tabs, pipes or runs
of spaces, or run together with single spaces) or on lines of their own. Read as prose, such a
page is one notice of mixed cells. Here the header row says what each column holds, and every
entry becomes a set of labelled sections (one per cell, labelled by its column) that the
assembler reads as any other notice; what the page says once above the table is shared by all.

Column names are data (``[tables]`` in words.toml, then the lexicon's own labels and guesses).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from .assemble import AssembledNotice, assemble_notice
from .document import Document
from .lexicon import LabelEntry, Lexicon, normalise_label
from .sections import HINTED, Piece, Segment
from .values import find_dates

REFERENCE = "reference"  # a column of record numbers: kept with its entry, no field's value
CHOOSE = "title_or_decision"  # "Decision": a short phrase names the decision, sentences state it
MIN_COLUMNS = 3  # fewer named cells than this is a label and its value, not a table's header
MIN_ROWS = 2  # one row under a header is a form, not a table
MAX_COLUMN_WORDS = 6  # a column name is short
MAX_TITLE_CELL_WORDS = 14  # a "Decision" column whose cells are this short holds titles
MIN_LIST_ENTRIES = 2

_GLUED = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")  # cells a flattened header glued together
_CELL_GAP = regex.compile(r"\t+|[ \xa0]{2,}|[ \t]*\|[ \t]*")
_PIPE_RULE = regex.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")  # "| --- | --- |"
_REFERENCE_CELL = regex.compile(r"^(?=[\w./ -]{1,24}$)(?:[A-Z]{0,8}[ -]?)?\d[\w./-]*(?:\s?-\s?\d+)?$", regex.I)
_LEADING_REFERENCE = regex.compile(r"^(?:[A-Z]{1,8}[ -]?)?\d[\dA-Z]*(?:[/.-][\dA-Z]+){0,3}(?=\s|$)", regex.I)
# "Decision 2024/15 - Fleet replacement - 3 March 2024": parts of a list entry
_ENTRY_SPLIT = regex.compile(r"\s+[-–—|]\s+")
_DECIDER_START = regex.compile(
    r"\b(?:[A-Z]\.\s?)+[A-Z][\w'’-]+\b|\b(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+[A-Z]|"
    r"\b(?:Head of|Director|Assistant Director|Deputy Director|Chief|Executive Director|Cabinet Member|"
    r"Portfolio Holder|Leader|Mayor|Commissioner|Deputy)\b")


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


def column_field(name: str, lexicon: Lexicon, *, guess: bool = True) -> str | None | Literal[False]:
    return _column_field(name, lexicon, guess)


@lru_cache(maxsize=4096)
def _column_field(name: str, lexicon: Lexicon, guess: bool) -> str | None | Literal[False]:
    """The field a column name gives its cells: a field, None (a reference or an unknown column),
    or False when the name is no column's name at all (``guess``: also names read by their words)."""
    key = normalise_label(name)
    if not key or len(key.split()) > MAX_COLUMN_WORDS or any(c.isdigit() for c in name):
        return False  # "2017 Decisions" heads a year's table, it names no column
    known = lexicon.words.table_columns.get(key)
    if known is not None:
        return None if known == REFERENCE else known
    entry = lexicon.lookup(name, approximate=False) or (lexicon.guess(name) if guess else None)
    if entry is not None and entry.kind == "field" and entry.field:
        return entry.field
    return False


def _cells(document: Document, i: int) -> list[tuple[int, int]]:
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


def _text(document: Document, i: int) -> str:
    line = document.lines[i]
    return document.text[line.content_start:line.end].strip()


def _columns(names: list[str], lines: list[tuple[int, ...]], lexicon: Lexicon) -> tuple[Column, ...] | None:
    fields = [column_field(n, lexicon) for n in names]
    named = [f for f in fields if f is not False]
    if len(named) < MIN_COLUMNS or len(named) < 0.75 * len(fields):
        return None
    kinds = {f for f in named if f is not None}
    if len(kinds) < 2 or not kinds & {"title", "decision", CHOOSE, "purpose"}:
        return None  # a table of decisions names what each is about
    return tuple(Column(n, f if isinstance(f, str) else None, ls) for n, f, ls in zip(names, fields, lines))


def _horizontal_header(document: Document, i: int, lexicon: Lexicon) -> tuple[Column, ...] | None:
    text = _text(document, i)
    breaks = "\t" in text or "|" in text or "  " in text or "\xa0" in text
    spans = _cells(document, i) if breaks else []  # no cell breaks: the names ran together
    names: list[str] | None = [document.text[s:e].strip(" |") for s, e in spans]
    if len(spans) < MIN_COLUMNS:
        names = _run_together_names(text, lexicon)
    return None if names is None else _columns(names, [(i,)] * len(names), lexicon)


def _run_together_names(text: str, lexicon: Lexicon) -> list[str] | None:
    """Column names a flattened header ran together with single spaces ("Ref Decision Decision
    taker Date Status"): the fewest known names that cover every word, or None."""
    words = _GLUED.sub(" ", text).split()  # "Decision TitleDecision SummaryDate Authorised"
    if not MIN_COLUMNS <= len(words) <= 4 * 8 or text.endswith((":", ".")):
        return None
    known = lexicon.label_words
    if any(normalise_label(w) not in known for w in words):
        return None
    best: list[list[str] | None] = [None] * (len(words) + 1)
    best[0] = []
    for end in range(1, len(words) + 1):
        for size in range(1, min(MAX_COLUMN_WORDS, end) + 1):
            before = best[end - size]
            if before is None:
                continue
            name = " ".join(words[end - size:end])
            if column_field(name, lexicon, guess=False) is False:
                continue
            if best[end] is None or len(before) + 1 < len(best[end]):  # type: ignore[arg-type]
                best[end] = [*before, name]
    return best[-1]


def _vertical_header(document: Document, i: int, lexicon: Lexicon, *,
                     hinted: bool = False) -> tuple[Column, ...] | None:
    """Column names one to a line from line i. A line a layout styled as a label ends the header
    (a form's label cell) unless ``hinted``: a web page that sets its header cells in bold."""
    names: list[str] = []
    lines: list[tuple[int, ...]] = []
    j = i
    while j < len(document.lines):
        text = _text(document, j)
        if not text and names and j + 1 < len(document.lines) and _text(document, j + 1):
            j += 1  # a header cell left empty
            continue
        if (not text or text.endswith(":") or (not hinted and document.lines[j].hints & {"label", "value"})
                or column_field(text, lexicon, guess=False) is False):
            break  # a form's label cell, or no column's name
        names.append(text)
        lines.append((j,))
        j += 1
    if len(names) < MIN_COLUMNS:
        return None
    return _columns(names, lines, lexicon)


def _is_reference(text: str) -> bool:
    return bool(_REFERENCE_CELL.match(text.strip())) and not find_dates(text)


def _row_from_spans(spans: list[tuple[int, int]], line: int) -> Row:
    return Row(tuple((c, (Piece(s, e, line),)) for c, (s, e) in enumerate(spans)))


def _typed_row(document: Document, i: int, columns: tuple[Column, ...], lexicon: Lexicon) -> Row | None:
    """A row whose cells ran together with single spaces, cut where each column's kind of value
    stands: a reference first, a date, a status after the date, the text between."""
    line = document.lines[i]
    text = document.text[line.content_start:line.end]
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
        cells.append((after[0], (Piece(base + rest_start + lead, base + end, i),)))
    return Row(tuple(sorted(cells)))


def _horizontal_rows(document: Document, start: int, columns: tuple[Column, ...],
                     lexicon: Lexicon) -> tuple[list[Row], int]:
    rows: list[Row] = []
    last = start - 1
    j = start
    n = len(document.lines)
    while j < n:
        text = _text(document, j)
        if not text or _PIPE_RULE.match(text):
            j += 1
            continue
        spans = _cells(document, j)
        if len(spans) == len(columns):
            rows.append(_row_from_spans(spans, j))
        elif len(spans) == 1 and (typed := _typed_row(document, j, columns, lexicon)) is not None:
            rows.append(typed)
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
        text = _text(document, j)
        if text.endswith(":") and lexicon.lookup(text.rstrip(":")):
            break
        lines.append(j)
    return lines


def _vertical_rows(document: Document, start: int, columns: tuple[Column, ...],
                   lexicon: Lexicon) -> tuple[list[Row], int]:
    """Rows whose cells stand one to a line: a new row where the first column's kind of value
    (a reference, a date) comes round again; otherwise every len(columns) lines."""
    lines = [j for j in _lines_below(document, start, lexicon) if _text(document, j)]
    first_kind = columns[0].field
    anchor = None
    if first_kind is None:
        anchor = _is_reference
    elif first_kind in {"decision_date", "publication_date"}:
        def anchor(text: str) -> bool:
            return bool(find_dates(text, words=lexicon.words)) and len(text.split()) <= 6
    groups: list[list[int]] = []
    if anchor is not None and lines and anchor(_text(document, lines[0])):
        for k in lines:
            if anchor(_text(document, k)):
                groups.append([k])
            else:
                groups[-1].append(k)
    else:
        groups = [lines[k:k + len(columns)] for k in range(0, len(lines), len(columns))]
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


def _anchored_rows(document: Document, start: int, columns: tuple[Column, ...],
                   lexicon: Lexicon) -> tuple[list[Row], int, list[int]]:
    """Rows that each open with a reference ("EXE0037/17", "2018-129912 Precept Proposal"), their
    other cells below in any number of lines: each line goes to the column its kind of value
    fits. Also the lines before the first row (header cells the page wrapped)."""
    if columns[0].field is not None:
        return [], start - 1, []
    lines = _lines_below(document, start, lexicon)
    anchors = [k for k in lines if _opens_entry(_text(document, k), lexicon)]
    if not anchors:
        return [], start - 1, []
    before = [k for k in lines if k < anchors[0] and _text(document, k)]
    rows = []
    for a, b in zip(anchors, [*anchors[1:], lines[-1] + 1]):
        rows.append(_typed_group(document, [k for k in lines if a <= k < b], columns, lexicon))
    last = max(k for k in lines if _text(document, k))
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
        t = _text(document, k)
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


def _list_entry(document: Document, i: int, lexicon: Lexicon) -> tuple[Row, tuple[str | None, ...]] | None:
    """"Decision 2024/15 - Fleet replacement - 3 March 2024": a reference, a title and a date
    apart by dashes or bars, as a list page prints each entry."""
    line = document.lines[i]
    text = document.text[line.content_start:line.end]
    parts: list[tuple[int, int]] = []
    at = 0
    for gap in _ENTRY_SPLIT.finditer(text):
        parts.append((at, gap.start()))
        at = gap.end()
    parts.append((at, len(text.rstrip())))
    if not 2 <= len(parts) <= 4:
        return None
    kinds: list[str | None] = []
    for s, e in parts:
        part = text[s:e].strip()
        dates = find_dates(part, words=lexicon.words) if any(map(str.isdigit, part)) else []
        if dates and len(part) - (dates[0].end - dates[0].start) <= 4:
            kinds.append("decision_date")
        elif _is_reference(part) or (len(part.split()) <= 3 and regex.search(r"\d", part)):
            kinds.append(None)
        else:
            kinds.append("title")
    if kinds.count("title") != 1 or "decision_date" not in kinds:
        return None  # an entry of a list of decisions is dated (a list of attachments is not)
    title = text[slice(*parts[kinds.index("title")])]
    if title.rstrip().endswith((".", ":")) or len(title.split()) > 20:
        return None
    base = line.content_start
    cells = []
    for k, ((s, e), kind) in enumerate(zip(parts, kinds)):
        lead = len(text[s:e]) - len(text[s:e].lstrip())
        cells.append((k, (Piece(base + s + lead, base + e, i),), kind))
    return Row(tuple((k, pieces) for k, pieces, _ in cells)), tuple(kinds)


def _list_table(document: Document, lexicon: Lexicon) -> Table | None:
    entries: list[tuple[int, Row, tuple[str | None, ...]]] = []
    for i in range(len(document.lines)):
        text = _text(document, i)
        if (not text or not (" - " in text or " – " in text or " — " in text or " | " in text)
                or not any(map(str.isdigit, text))):
            continue  # an entry is apart by dashes or bars, and dated
        found = _list_entry(document, i, lexicon)
        if found is not None:
            entries.append((i, *found))
    if len(entries) < MIN_LIST_ENTRIES:
        return None
    # the entries stand together: nothing but blank lines between them
    for (a, _, _), (b, _, _) in zip(entries, entries[1:]):
        if any(_text(document, k) for k in range(a + 1, b)):
            return None
    shapes = {kinds for _, _, kinds in entries}
    if len(shapes) != 1:
        return None
    kinds = next(iter(shapes))
    columns = tuple(Column(kind or "reference", kind, ()) for kind in kinds)
    return Table(columns, (), tuple(r for _, r, _ in entries), entries[0][0], entries[-1][0])


MAX_BLOCK_LINES = 4  # an entry of a list: its title line and a few labelled or dated lines
MAX_ENTRY_TITLE_WORDS = 20
_DATED_LINE_WORDS = 6  # "Published 12 January 2024", "Date signed 4 March 2024"


def _blocks(document: Document) -> list[list[int]]:
    """Runs of lines with words, apart by blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i in range(len(document.lines)):
        if _text(document, i):
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


_EntryLine = tuple[str, str, int]


def _entry_lines(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> dict[int, _EntryLine]:
    """Every line that can stand under an entry's title, read once: a field's label with its
    value on the line (as the segmenter found it), or a few words and a date."""
    found: dict[int, _EntryLine] = {}
    for seg in segments:
        if (seg.kind == "field" and seg.field and seg.label and len(seg.label_lines) == 1
                and len(seg.value_pieces) == 1 and seg.value_pieces[0].line == seg.label_lines[0]):
            line = document.lines[seg.label_lines[0]]
            found[seg.label_lines[0]] = (normalise_label(seg.label), seg.field, seg.value_pieces[0].start - line.content_start)
    for i, line in enumerate(document.lines):
        if i in found:
            continue
        text = document.text[line.content_start:line.end]
        if text.strip() and len(text.split()) <= _DATED_LINE_WORDS and any(c.isdigit() for c in text):
            dated = _dated_line(text, lexicon)
            if dated is not None:
                found[i] = dated
    return found


def _entry_blocks(document: Document, entry_lines: dict[int, _EntryLine]) -> list[list[int]]:
    """Blocks apart by blank lines, each cut again before every line that is no entry's labelled
    or dated line (a title): a PDF or Word page often keeps no blank line between entries."""
    cut: list[list[int]] = []
    for block in _blocks(document):
        current: list[int] = []
        for k in block:
            if current and k not in entry_lines:
                cut.append(current)
                current = []
            current.append(k)
        cut.append(current)
    return cut


def _dated_line(text: str, lexicon: Lexicon) -> _EntryLine | None:
    """"Published 12 January 2024", "Date signed 4 March 2024": (its shape's key, its field,
    where its date starts)."""
    dates = find_dates(text, words=lexicon.words)
    words = text.split()
    if dates and len(words) <= _DATED_LINE_WORDS and len(text) - dates[0].end <= 2:
        lead = text[:dates[0].start].strip(" :-–")
        entry = lexicon.lookup(lead, approximate=False) or (lexicon.guess(lead) if lead else None)
        field = entry.field if entry is not None and entry.field in {"decision_date", "publication_date",
                                                                      "effective_from"} else "decision_date"
        return f"{normalise_label(lead)} date", field, dates[0].start
    return None


def _block_table(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> Table | None:
    """A list whose entries are blocks of the same shape: a title line ("MD3201 Green Skills
    Fund", "Decision 2024/01 – Victim services grant (PDF, 120KB)"), then the same labelled or
    dated lines ("Date signed: 12 March 2024"). Two such blocks in a row make a list; the blocks
    before them are the page's heading."""
    entry_lines = _entry_lines(document, segments, lexicon)
    if len(entry_lines) < MIN_LIST_ENTRIES:
        return None
    entries: list[tuple[list[int], tuple[_EntryLine, ...]]] = []
    for block in _entry_blocks(document, entry_lines):
        shape = None
        if 2 <= len(block) <= MAX_BLOCK_LINES:
            title = _text(document, block[0])
            under = [entry_lines.get(k) for k in block[1:]]
            if (all(u is not None for u in under) and len(title.split()) <= MAX_ENTRY_TITLE_WORDS
                    and not title.endswith((".", ":")) and lexicon.match_line(title, approximate=False) is None):
                shape = tuple(u for u in under if u is not None)
        if shape is None:
            if len(entries) >= MIN_LIST_ENTRIES:
                break  # the list ended
            entries = []
            continue
        if entries and tuple(k for k, _, _ in shape) != tuple(k for k, _, _ in entries[0][1]):
            if len(entries) >= MIN_LIST_ENTRIES:
                break
            entries = []
        entries.append((block, shape))
    if len(entries) < MIN_LIST_ENTRIES:
        return None
    columns = (Column("reference", None, ()), Column("title", "title", ()),
               *(Column(key, field, ()) for key, field, _ in entries[0][1]))
    rows = []
    for block, shape in entries:
        first = document.lines[block[0]]
        text = document.text[first.content_start:first.end]
        cells: list[tuple[int, tuple[Piece, ...]]] = []
        ref = _ENTRY_REFERENCE.match(text)
        title_at = ref.end() if ref else 0
        title_end = len(text.rstrip())
        size = lexicon.words.document_size.search(text)
        if size is not None and size.start() > title_at:
            title_end = size.start()  # "(PDF, 120KB)": the link's note, no part of the title
        if ref:
            cells.append((0, (Piece(first.content_start, first.content_start + len(ref.group("ref")), block[0]),)))
        cells.append((1, (Piece(first.content_start + title_at, first.content_start + title_end, block[0]),)))
        for n, (k, (_, _, value_at)) in enumerate(zip(block[1:], shape), start=2):
            line = document.lines[k]
            cells.append((n, (Piece(line.content_start + value_at, line.end, k),)))
        rows.append(Row(tuple(cells)))
    return Table(columns, (), tuple(rows), entries[0][0][0], entries[-1][0][-1])


def _segment_table(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> Table | None:
    """A list of entries whose labels stand apart from their values (a web page's heading over a
    paragraph, a Word table's cells): as segments, a title line and then the same labelled
    one-line fields ("Date signed" / "12 March 2024", "Decision by" / "Mayor ..."), repeated."""
    placed = [s for s in segments if s.kind != "chrome"]
    groups: list[tuple[Segment, list[Segment]]] = []
    best: list[tuple[Segment, list[Segment]]] = []
    for seg in placed:
        if _entry_title(document, seg):
            groups.append((seg, []))
        elif groups and seg.kind == "field" and seg.shape in {"line", "date", "bool"} and seg.value_pieces:
            groups[-1][1].append(seg)
        else:
            groups = []
            continue
        run = _same_shape_run(groups)
        if len(run) > len(best):
            best = run
    if len(best) < MIN_LIST_ENTRIES:
        return None
    columns = (Column("title", "title", ()), *(Column(f.label or "", f.field, ()) for f in best[0][1]))
    rows = [Row(((0, title.value_pieces[-1:]), *((n, f.value_pieces) for n, f in enumerate(under, start=1))))
            for title, under in best]
    first = best[0][0].value_pieces[-1].line
    last = max(p.line for p in best[-1][1][-1].value_pieces)
    return Table(columns, (), tuple(rows), first, last)


def _entry_title(document: Document, seg: Segment) -> bool:
    """An unlabelled line that can head an entry: short, no sentence."""
    if seg.kind != "orphan" or not seg.value_pieces:
        return False
    piece = seg.value_pieces[-1]  # the lines above it may be the page's heading
    if len(seg.value_pieces) > 1 and seg.pieces[-2] is not None and "wrapped" in document.lines[seg.pieces[-2].line].hints:
        return False  # a wrapped paragraph's last line is no title
    text = document.text[piece.start:piece.end].strip()
    return 2 <= len(text.split()) <= MAX_ENTRY_TITLE_WORDS and not text.endswith((".", ":"))


def _same_shape_run(groups: list[tuple[Segment, list[Segment]]]) -> list[tuple[Segment, list[Segment]]]:
    """The last groups that share the last one's fields (each with one at least)."""
    if not groups or not groups[-1][1]:
        return []
    shape = [f.field for f in groups[-1][1]]
    run = []
    for group in reversed(groups):
        if [f.field for f in group[1]] != shape:
            break
        run.append(group)
    return run[::-1]


# "Decision 2024/01 – ", "DL 011/2024: ": a reference set apart from an entry's title (a
# reference run into it, "MD3201 Green Skills Fund", stays part of the title, as the page names it)
_ENTRY_REFERENCE = regex.compile(r"^(?P<ref>(?:[A-Za-z]{1,12}\s?)?\d[\w/.-]*)\s*[-–—:]\s*(?=\S)")


def find_table(document: Document, lexicon: Lexicon, segments: tuple[Segment, ...] = ()) -> Table | None:
    """The table or list of decisions the document is, or None when it is none (``segments``:
    the document's sections, for lists whose labels stand apart from their values)."""
    n = len(document.lines)
    for i in range(n):
        text = _text(document, i)
        if not text or len(text) > 200:
            continue
        first = normalise_label(text.lstrip("| ").split(maxsplit=1)[0]) if text.strip("| ") else ""
        if first not in lexicon.label_words:
            continue  # a header opens with a column's name
        columns = _horizontal_header(document, i, lexicon)
        if columns is not None:
            rows, last = _horizontal_rows(document, i + 1, columns, lexicon)
            if len(rows) >= MIN_ROWS:
                return Table(_settle(columns, rows, document), (i,), tuple(rows), i, last)
            rows, last, before = _anchored_rows(document, i + 1, columns, lexicon)
            if rows:  # a header on one line is no form's: one entry below it is a table's
                return Table(_settled_typed(columns), (i, *before), tuple(rows), i, last)
        columns = _vertical_header(document, i, lexicon)
        # header cells set as labels: a table only if rows that each open with a reference follow
        hinted = columns is None and bool(document.lines[i].hints & {"label"})
        if hinted:
            columns = _vertical_header(document, i, lexicon, hinted=True)
        if columns is not None:
            header_end = max(ls[-1] for c in columns for ls in [c.lines])
            rows, last, before = _anchored_rows(document, header_end + 1, columns, lexicon)
            header = (*range(i, header_end + 1), *before)
            if len(rows) >= MIN_ROWS:
                return Table(_settled_typed(columns), header, tuple(rows), i, last)
            if hinted:
                continue
            rows, last = _vertical_rows(document, header_end + 1, columns, lexicon)
            if len(rows) >= MIN_ROWS:
                return Table(_settle(columns, rows, document), tuple(range(i, header_end + 1)), tuple(rows), i, last)
    return (_list_table(document, lexicon) or _block_table(document, segments, lexicon)
            or _segment_table(document, segments, lexicon))


def _settled_typed(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """Columns of rows read by kind: a "Decision" column took the short line (the title) when
    the table has no title column of its own, and the sentences when it has."""
    has_title = any(c.field == "title" for c in columns)
    return tuple(Column(c.name, ("decision" if has_title else "title") if c.field == CHOOSE else c.field, c.lines)
                 for c in columns)


def _settle(columns: tuple[Column, ...], rows: list[Row], document: Document) -> tuple[Column, ...]:
    """A "Decision" column of short phrases holds the decisions' titles (when no other column
    does); of sentences, the decisions themselves."""
    fields = [c.field for c in columns]
    settled = []
    for k, column in enumerate(columns):
        field = column.field
        if field == CHOOSE:
            texts = [" ".join(document.text[p.start:p.end] for p in pieces) for row in rows for c, pieces in row.cells
                     if c == k]
            short = texts and sum(len(t.split()) <= MAX_TITLE_CELL_WORDS and not t.rstrip().endswith(".")
                                  for t in texts) >= len(texts) / 2
            field = "title" if short and "title" not in fields else "decision"
        settled.append(Column(column.name, field, column.lines))
    return tuple(settled)


def table_segments(document: Document, table: Table, row: Row, lexicon: Lexicon) -> tuple[Segment, ...]:
    """One entry's cells as labelled sections, labelled by their columns."""
    segments = []
    for column_index, pieces in row.cells:
        column = (table.columns[column_index] if column_index < len(table.columns)
                  else Column("", "title" if column_index > len(table.columns) else None, ()))
        start, end = pieces[0].start, pieces[-1].end
        label = (column.name or None) if table.header_lines else None
        if column.field is None:
            segments.append(Segment("other", start, end, pieces, None, "line", LabelEntry("other", None, "line"),
                                    label))
            continue
        shape = lexicon.shape_of(column.field)
        entry = LabelEntry("field", column.field, shape, lexicon.joins(column.field))
        segments.append(Segment("field", start, end, pieces, column.field, shape, entry, label, marked=HINTED))
    return tuple(sorted(segments, key=lambda s: s.start))


def assemble_table(document: Document, segments: tuple[Segment, ...], table: Table,
                   lexicon: Lexicon) -> tuple[tuple[AssembledNotice, ...], AssembledNotice]:
    """One notice per entry, and the page around the table as their shared header: what the
    page states once (the body in its heading, a decider) goes to every entry that lacks it."""
    inside = set(table.header_lines)
    for row in table.rows:
        inside |= row.lines
    region = range(table.first, table.last + 1)
    furniture = [k for k in region if k not in inside and _text(document, k)]  # "| --- |" rules
    taken = inside | set(furniture)  # lines the table holds: no header section keeps them
    header: list[Segment] = []
    for seg in segments:
        if not seg.lines & taken:
            header.append(seg)
            continue
        pieces = tuple(p for p in seg.pieces if p is None or p.line not in taken)
        label_lines = tuple(k for k in seg.label_lines if k not in taken)
        if any(p is not None for p in pieces) or label_lines:
            kind = seg.kind if not (set(seg.label_lines) - set(label_lines)) else "orphan"
            header.append(Segment(kind, seg.start, seg.end, pieces, seg.field if kind == seg.kind else None,
                                  seg.shape, seg.entry if kind == seg.kind else None,
                                  seg.label if kind == seg.kind else None, seg.pattern, seg.groups, seg.head,
                                  label_lines, seg.marked))
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
