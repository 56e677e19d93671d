"""Label | value tables seen only as white space: scans (their rulings are lost) and PDFs whose
tables have no borders. Shared by the OCR reader and the PDF layout, so both read them alike."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, count, islice, repeat
from operator import itemgetter, lt, sub

from ..words import TableRow, Word

GAP = 24.0  # points of white between two words that only a table column explains
BASELINE = 4.0  # points within which words stand on one line
ALIGN = 8.0  # points within which the value column's left edges count as one
MAX_LABEL_WORDS = 8  # a label cell is short; prose in a column beside a gutter is not
MIN_GAP_LINES = 3  # lines with a gap wider than GAP before a page is read for a form's gap table


# a word's fields read in C (sort keys, maps), by position in the Word tuple: an attribute
# lookup by name on a named tuple walks the type's attributes, several times dearer
_left = itemgetter(Word._fields.index("x0"))  # a sort key in C: a word's left edge
_right = itemgetter(Word._fields.index("x1"))


def reading_order(word: Word) -> tuple[int, float]:
    """Sort key of a page's words: by height rounded to the point, then left to right."""
    return round(word.top), word.x0


_top = itemgetter(Word._fields.index("top"))


def in_reading_order(words: Sequence[Word]) -> list[Word]:
    """``sorted(words, key=reading_order)``, the same list: the keys are made in C (a page's
    words are sorted so on every page, and a Python call a word for its key cost more than the
    sort), and the words' indexes are sorted by them, which compares the same keys in the same
    order (and raises as it does for a height that cannot be rounded)."""
    keys = list(zip(map(round, map(_top, words)), map(_left, words)))
    return list(map(words.__getitem__, sorted(range(len(keys)), key=keys.__getitem__)))


def gap_table_rows(words: Sequence[Word], ordered: Sequence[Word] | None = None) -> list[TableRow]:
    """Rows of a "Label | value" table seen only as a wide gap at the same place on many lines.

    A scan has no ruling lines to find; the column boundary shows as the left edge of the text
    after a gap of more than GAP points, shared (within ALIGN points) by at least three lines.
    A row starts at a line with text on both sides of the boundary, unless that line continues
    the row above: it begins in lower case (a wrapped label) or sits at the pitch of the lines
    inside a cell rather than the wider pitch between rows. A label wrapped onto lines of its
    own stays in its row. ``ordered``: the same words in reading order, when the caller sorted
    them already (the layout sorts a page's words once for every reader of them).
    """
    lines = _baselines(words, ordered)
    starts = []
    for line in lines:
        for a, b in zip(line, line[1:]):
            if b.x0 - a.x1 > GAP:
                starts.append(b.x0)
                break
    if len(starts) < 3:
        return []
    starts.sort()
    best = max(starts, key=lambda x: sum(abs(y - x) <= ALIGN for y in starts))
    if sum(abs(y - best) <= ALIGN for y in starts) < 3:
        return []
    boundary = best - ALIGN
    tops = [min(w.top for w in line) for line in lines]
    kinds = []  # "both", "left", "right" of the boundary, or "across" (a line that ignores it)
    for line in lines:
        left = any(w.x0 < boundary for w in line)
        right = any(w.x0 >= boundary for w in line)
        if left and right and not all(w.x1 < boundary or w.x0 >= boundary for w in line):
            kinds.append("across")
        else:
            kinds.append("both" if left and right else "left" if left else "right")
    if _prose_on_the_left([line for line, kind in zip(lines, kinds) if kind == "both"], boundary):
        return []
    # the pitch of lines inside one cell: from a line to the value-only line under it
    inside = sorted(tops[i] - tops[i - 1] for i in range(1, len(lines))
                    if kinds[i] == "right" and kinds[i - 1] in ("both", "right"))
    cell_pitch = inside[len(inside) // 2] if inside else None
    left_edge = min(w.x0 for w in words) - 2
    right_edge = max(w.x1 for w in words) + 2
    rows: list[list[int]] = []  # line indexes of each row
    for i, kind in enumerate(kinds):
        open_row = rows and rows[-1][-1] == i - 1
        if kind == "both":
            first = next(w for w in lines[i] if w.x0 < boundary).text
            # a label that ended with its separator ("Decision Maker:") is whole: the next line
            # with a label starts a row, however tight the table sets its rows
            closed = open_row and _label_closed([w for k in rows[-1] for w in lines[k] if w.x0 < boundary])
            continues = open_row and not closed and (first[:1].islower() or (
                cell_pitch is not None and tops[i] - tops[i - 1] <= cell_pitch * 1.2))
            if continues:
                rows[-1].append(i)
            else:
                rows.append([i])
        elif open_row and kind == "right":
            rows[-1].append(i)
        elif (open_row and kind == "left" and rows and lines[i][0].text[:1].isupper()
              and _label_closed([w for k in rows[-1] for w in lines[k] if w.x0 < boundary])):
            rows.append([i])  # "Decision:" alone after a whole label: the next row, its value below
        elif (not open_row and kind == "left" and i + 1 < len(lines) and kinds[i + 1] == "both"
              and next(w for w in lines[i + 1] if w.x0 < boundary).text[:1].islower()):
            # "The subject of the" over "decision:  For each financial year ...": a label wrapped in
            # its cell, the value set level with its last line; the row starts with the label
            rows.append([i])
        elif open_row and kind == "left" and (
                tops[i] - tops[i - 1] <= cell_pitch * 1.2 if cell_pitch is not None
                else lines[i][0].text[:1].islower()):
            rows[-1].append(i)
    return [((left_edge, top, right_edge, end), (left_edge, top, boundary, end), (boundary, top, right_edge, end))
            for top, end in _row_bands(rows, lines, tops)]


def _label_closed(label_words: list[Word]) -> bool:
    """Whether a row's label so far ends with a label's separator ("Decision Maker:", "Is Key
    decision?")."""
    return bool(label_words) and label_words[-1].text.endswith((":", "?", ":-"))


def _prose_on_the_left(lines: list[list[Word]], boundary: float) -> bool:
    """A page in two columns also shows a gap at one place on many lines; but its left side is
    running text: long, or often going on in lower case, where label cells are short phrases
    that each start a new label."""
    lefts = [[w.text for w in line if w.x0 < boundary] for line in lines]
    if not lefts:
        return True
    sizes = sorted(len(left) for left in lefts)
    # ("decision:" in lower case ends a label its cell wrapped, "The subject of the" / "decision:")
    lower = sum(left[0][:1].islower() and not left[-1].endswith(":") for left in lefts)
    return sizes[len(sizes) // 2] > MAX_LABEL_WORDS or lower > len(lefts) / 4


def has_gap_lines(words: Sequence[Word], ordered: Sequence[Word] | None = None) -> bool:
    """A cheap first look: do at least three lines have a gap wider than GAP between two
    words next to each other? (``ordered`` as for `gap_table_rows`.)"""
    return _wide_gaps(in_reading_order(words) if ordered is None else ordered, GAP, MIN_GAP_LINES)


def _wide_gaps(ordered: Sequence[Word], gap: float, enough: int) -> bool:
    """Whether ``enough`` pairs of words next to each other on a line (in reading order) stand
    more than ``gap`` points apart: the first look of both gap readers."""
    found = 0
    # the pairs set more than ``gap`` apart, found in C (few are: the gaps between words of a
    # line), and only those asked whether they share a line
    # (lt(gap, d) is float(gap).__lt__(d) for a float or int d, called without a method wrapper)
    apart = map(lt, repeat(float(gap)), map(sub, map(_left, islice(ordered, 1, None)), map(_right, ordered)))
    for i in compress(count(), apart):
        if abs(ordered[i].top - ordered[i + 1].top) <= 3:
            found += 1
            if found >= enough:
                return True
    return False


GRID_GAP = 12.0  # points of white that part two cells of a borderless grid's row (a space is ~3)
GRID_ALIGN = 2.0  # a grid's cells start at their column's left edge, to within this many points
MIN_GRID_COLUMNS = 3  # fewer columns is a form's label and value (`gap_table_rows`)
MIN_GRID_LINES = 3  # lines whose cells start at a column's edge before the edge counts
MIN_GRID_GAPS = 6  # a cheap first look: this many wide gaps on a page before a grid is looked for

_Fragment = tuple[float, float]  # (x0, x1) of a run of words with no wide gap inside


def gap_grid_rows(words: Sequence[Word], ordered: Sequence[Word] | None = None) -> list[TableRow]:
    """Rows of a borderless grid of three or more columns (a register of decisions printed with
    no rules): runs of words set apart by GRID_GAP that start, line after line, at the same left
    edges. A row starts at a line with a cell in the first column and another beside it; a line
    whose cells lie within later columns goes on with the row above (its cells wrapped); a line
    that crosses a column's edge (a paragraph) ends the grid. Each row's cells are its columns'
    strips of it, for the layout to read as one text each. (``ordered`` as for `gap_table_rows`.)"""
    if ordered is None:
        ordered = in_reading_order(words)
    if not _wide_gaps(ordered, GRID_GAP, MIN_GRID_GAPS):
        return []
    lines = _baselines(words, ordered)
    fragments = [_fragments(line) for line in lines]
    starts = sorted(f[0] for frags in fragments if len(frags) >= 2 for f in frags)
    stops: list[float] = []
    reach = 0
    for at, x in enumerate(starts):  # a sliding window over the sorted starts: linear in them
        reach = max(reach, at)
        while reach + 1 < len(starts) and starts[reach + 1] - x <= GRID_ALIGN:
            reach += 1
        if (not stops or x - stops[-1] > GRID_ALIGN) and reach - at + 1 >= MIN_GRID_LINES:
            stops.append(x)
    if len(stops) < MIN_GRID_COLUMNS:
        return []
    best: tuple[list[list[int]], int, int] = ([], 0, 0)  # the best run: its rows, how many, its last row's lines
    best_size = 0
    rows: list[list[int]] = []
    used: set[int] = set()  # the columns the open run of rows has cells in
    size = 0  # the lines the open run holds
    for i, frags in enumerate(fragments):
        columns = _columns_of(frags, stops)
        if columns is None or not (len(frags) >= 2 and columns[0] == 0) and not (rows and columns[0] > 0):
            rows, used, size = [], set(), 0  # a paragraph, or a line no row can hold: the grid (if any) ended
            continue
        if len(frags) >= 2 and columns[0] == 0:
            rows.append([i])  # a row opens: a first cell, and another beside it
        else:
            rows[-1].append(i)  # the cells of the row above, wrapped
        used.update(columns)
        size += 1
        if len(rows) >= 2 and len(used) >= MIN_GRID_COLUMNS and size > best_size:
            best, best_size = (rows, len(rows), len(rows[-1])), size  # (a mark, not a copy: rows only grow)
    run, count, last_lines = best
    grid = [list(r) for r in run[:count]]
    if grid:
        grid[-1] = grid[-1][:last_lines]
    if len(grid) < 2:
        return []
    right = max(w.x1 for row in grid for k in row for w in lines[k]) + GRID_ALIGN
    edges = [x - GRID_ALIGN for x in stops] + [right]
    tops = [min(w.top for w in line) for line in lines]
    return [((edges[0], top, right, end), *((a, top, b, end) for a, b in zip(edges, edges[1:])))
            for top, end in _row_bands(grid, lines, tops)]


def _row_bands(rows: list[list[int]], lines: list[list[Word]], tops: list[float]) -> list[tuple[float, float]]:
    """Each row's top and bottom: its first line's top to its last word's bottom, never past the
    next row's top."""
    bands = []
    for n, row in enumerate(rows):
        top = tops[row[0]] - 1
        end = max(w.bottom for k in row for w in lines[k]) + 1
        if n + 1 < len(rows):
            end = min(end, tops[rows[n + 1][0]] - 1)
        bands.append((top, end))
    return bands


def _baselines(words: Sequence[Word], ordered: Sequence[Word] | None = None) -> list[list[Word]]:
    """A page's words in lines, by height (within BASELINE points of a line's first word), each line
    left to right. ``ordered``: the same words in reading order, if sorted already."""
    lines: list[list[Word]] = []
    for word in in_reading_order(words) if ordered is None else ordered:
        if lines and abs(lines[-1][0][2] - word[2]) <= BASELINE:  # (tops, read by position)
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=_left)
    return lines


def _fragments(line: list[Word]) -> list[_Fragment]:
    """A line's runs of words, cut at every gap wider than GRID_GAP."""
    runs = [[line[0].x0, line[0].x1]]
    for word in line[1:]:
        if word.x0 - runs[-1][1] > GRID_GAP:
            runs.append([word.x0, word.x1])
        else:
            runs[-1][1] = word.x1
    return [(a, b) for a, b in runs]


def _columns_of(frags: list[_Fragment], stops: list[float]) -> list[int] | None:
    """The column each run starts in, when each starts at a column's edge and ends before the
    next edge; None when a run crosses an edge or starts between edges (no grid's line)."""
    columns = []
    for x0, x1 in frags:
        at = next((k for k, stop in enumerate(stops) if abs(x0 - stop) <= GRID_ALIGN), None)
        if at is None or (at + 1 < len(stops) and x1 > stops[at + 1] - GRID_ALIGN):
            return None
        columns.append(at)
    return columns
