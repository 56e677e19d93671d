"""Label | value tables seen only as white space: scans (their rulings are lost) and PDFs whose
tables have no borders. Shared by the OCR reader and the PDF layout, so both read them alike."""

from __future__ import annotations

from collections.abc import Sequence

from ..words import TableRow, Word

GAP = 24.0  # points of white between two words that only a table column explains
ALIGN = 8.0  # points within which the value column's left edges count as one
MAX_LABEL_WORDS = 8  # a label cell is short; prose in a column beside a gutter is not


def reading_order(word: Word) -> tuple[int, float]:
    """Sort key of a page's words: by height rounded to the point, then left to right."""
    return round(word.top), word.x0


def gap_table_rows(words: Sequence[Word]) -> list[TableRow]:
    """Rows of a "Label | value" table seen only as a wide gap at the same place on many lines.

    A scan has no ruling lines to find; the column boundary shows as the left edge of the text
    after a gap of more than GAP points, shared (within ALIGN points) by at least three lines.
    A row starts at a line with text on both sides of the boundary, unless that line continues
    the row above: it begins in lower case (a wrapped label) or sits at the pitch of the lines
    inside a cell rather than the wider pitch between rows. A label wrapped onto lines of its
    own stays in its row.
    """
    lines: list[list[Word]] = []
    for word in sorted(words, key=reading_order):
        if lines and abs(lines[-1][0].top - word.top) <= 4:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w.x0)
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
    out: list[TableRow] = []
    for n, row in enumerate(rows):
        top = tops[row[0]] - 1
        end = max(w.bottom for i in row for w in lines[i]) + 1
        if n + 1 < len(rows):
            end = min(end, tops[rows[n + 1][0]] - 1)
        out.append(((left_edge, top, right_edge, end), (left_edge, top, boundary, end), (boundary, top, right_edge, end)))
    return out


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


def has_gap_lines(words: Sequence[Word]) -> bool:
    """A cheap first look: do at least three lines have a gap wider than GAP between two
    words next to each other?"""
    found = 0
    ordered = sorted(words, key=reading_order)
    for a, b in zip(ordered, ordered[1:]):
        if abs(a.top - b.top) <= 3 and b.x0 - a.x1 > GAP:
            found += 1
            if found >= 3:
                return True
    return False
