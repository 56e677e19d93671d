"""The page layout every page source shares (PDFium, pdfplumber, Tesseract): the engines'
`PageWords` in, the internal `Document` out, with no engine imported.

Lines in reading order with page, box and style hints. Repeated page headers and footers are
marked as furniture (kept in the text, never in a value); two-column "Label | value" tables
are read as a label line and its value lines; a line that runs to the right margin is marked
``wrapped`` so the paragraph builder joins it; a vertical gap larger than the line pitch
becomes a blank line (a paragraph break). Each line keeps its words' offsets and boxes
(`Line.words`), so a value's box is the union of its own words', not its line's with the label.
Pure: it was part of the pdfplumber reader, which put the engines and OCR in an import circle
through it.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import isnan
from operator import itemgetter
from typing import NamedTuple

import regex

from ..document import Document, WordBox, WordRun
from ..normalise import RawLine, assemble_lines
from ..rounding import round2
from ..words import Box, PageWords, TableRow, Word
from .gaps import gap_grid_rows, gap_table_rows, has_gap_lines, in_reading_order


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    """Every geometric threshold of the layout on one value, named and explained (pdfplumber's
    `TableSettings` is the model): lengths in points, the rest shares of the page's size, of the
    body's line height or of its line pitch (the step from one line's top to the next's)."""

    line_tolerance: float = 3.0  # words whose tops differ by at most this share a line
    column_min_words: int = 40  # a page with fewer words is one column: no gutter is looked for
    column_cell: float = 2.0  # the gutter is looked for in cells this wide
    column_band: tuple[float, float] = (0.35, 0.65)  # ... in this share of the page's width (its middle)
    gutter_cells: int = 6  # ... and is this many empty cells wide (12 points)
    column_min_side_words: int = 10  # each of two columns holds at least this many words
    column_heading_lines: int = 6  # lines at a page's top that may cross its gutter (headings over two columns)
    right_margin: float = 0.85  # where full lines end when no line reaches further: this share of the width
    furniture_zone: float = 0.11  # top and bottom share of the page where running heads live
    small_print_points: float = 1.0  # this much smaller than the body text, a line in those bands is a running head
    line_height: float = 10.0  # the line height of a column with no line to measure
    min_pitch: float = 0.8  # a step below this many line heights is no line pitch (a raised word, a speck)
    leading: float = 1.3  # the line pitch, in line heights, when no step measures it
    same_pitch: float = 1.15  # OCR: steps within this ratio of each other are one pitch (a pitch seen twice)
    paragraph_pitches: float = 1.6  # a step past this many pitches ...
    paragraph_heights: float = 1.8  # ... and this many line heights opens a paragraph
    aligned_chars: int = 3  # a next line that starts within this many characters of a line's left edge is aligned
    wrapped_pitches: float = 1.15  # a wrapped line's next line follows within this many pitches
    apart_points: float = 40.0  # a gap this wide between words of different styles on one line ...
    apart_sizes: float = 4.0  # ... and this many times their font size parts two texts that share a
    # baseline: a letterhead's name and the address set right beside it
    apart_any_points: float = 100.0  # a gap this wide parts them whatever their style (an engine may
    apart_any_sizes: float = 10.0  # not say which words are bold), and this many times the font size
    apart_size_points: float = 1.0  # two lines' type sizes this far apart are two texts (a heading over a line)


LAYOUT = LayoutSettings()  # the one every page is laid out with

_PAGE_NUMBER = regex.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[.,;:]?$", regex.I)  # OCR: "Page1", "Page 1."
_DIGITS = regex.compile(r"\d+")
_NOT_LETTER = regex.compile(r"[^\p{L}#]+")  # running heads compare by letters: OCR varies the dots


class _Line:
    """A line of a page's words, with its box and the layout's hints. Its text is joined once,
    when it is made (every line's is read, by the layout steps and for the document), and again
    by `_one_line` when a cell's lines become one; slots, as a page makes hundreds."""

    __slots__ = ("words", "top", "bottom", "x0", "x1", "hints", "gap_before", "text")

    def __init__(self, words: list[Word], top: float, bottom: float, x0: float, x1: float) -> None:
        self.words, self.top, self.bottom, self.x0, self.x1 = words, top, bottom, x0, x1
        self.hints: set[str] = set()
        self.gap_before = False
        self.text = " ".join(map(_text, words))

    @property
    def confidence(self) -> float | None:
        """Mean OCR confidence (0-100) of the line's words; None for a text layer."""
        scores = [w.confidence for w in self.words if w.confidence is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    @property
    def bbox(self) -> Box:
        """The union of the line's word boxes, so each word's box lies inside its line's."""
        top = min(self.top, min(map(_top, self.words)))
        return (round2(self.x0), round2(top), round2(self.x1), round2(self.bottom))  # (round(x, 2) each)


# a word's fields read in C, for sorts and for max/min/all over a line's words (no comprehension);
# by position in the Word tuple, as its field names give them (an attribute lookup by name on a
# named tuple walks the type's attributes, several times dearer)
_text, _left, _top, _right, _bottom, _bold, _confidence = (itemgetter(Word._fields.index(name)) for name in
                                                           ("text", "x0", "top", "x1", "bottom", "bold", "confidence"))


def _group_lines(words: list[Word], tolerance: float = LAYOUT.line_tolerance,
                 ordered: Sequence[Word] | None = None) -> list[_Line]:
    """Words at the same height (within ``tolerance``; one of the last three lines) make a line.
    ``ordered``: the same words in reading order, when the caller sorted them already."""
    groups: list[list[Word]] = []
    tops: list[float] = []
    # the last three groups, newest first, and their tops, held in locals: this runs once a word
    # (abs(d) <= tolerance is -tolerance <= d <= tolerance, NaN failing both)
    g1: list[Word] | None = None
    g2: list[Word] | None = None
    g3: list[Word] | None = None
    t1 = t2 = t3 = 0.0
    low = -tolerance
    for word in in_reading_order(words) if ordered is None else ordered:
        top = word[2]  # (.top: Word's fields read by position in the hot loops, which is cheaper)
        if g1 is not None and low <= t1 - top <= tolerance:
            g1.append(word)
        elif g2 is not None and low <= t2 - top <= tolerance:
            g2.append(word)
        elif g3 is not None and low <= t3 - top <= tolerance:
            g3.append(word)
        else:
            g3, t3, g2, t2 = g2, t2, g1, t1
            g1, t1 = [word], top
            groups.append(g1)
            tops.append(top)
    lines = []
    for group, top in zip(groups, tops):
        group.sort(key=_left)
        for part in _apart(group):
            line = _Line(part, top, max(map(_bottom, part)), part[0].x0, max(map(_right, part)))
            if all(map(_bold, part)):
                line.hints.add("bold")
            lines.append(line)
    return lines


def _apart(group: list[Word]) -> list[list[Word]]:
    """The words of one baseline, cut where a wide gap parts words of different styles (bold or
    size): "NORTHSHIRE COUNTY COUNCIL" in bold and "Northtown NT1 1AA", an address set at the
    page's right edge, are two texts, not one line. A narrower gap between words of one style (a
    tab stop, a justified line) keeps the line whole."""
    # both widths are at least their points (max(points, sizes * size)): a narrower gap, as
    # between most words, parts nothing, and the sizes need not be looked at
    narrowest = min(LAYOUT.apart_points, LAYOUT.apart_any_points)
    if not [1 for before, word in zip(group, group[1:]) if not word[1] - before[3] < narrowest]:  # x0 - x1
        return [group[:]]  # most lines: no gap that wide
    parts = [[group[0]]]
    for before, word in zip(group, group[1:]):
        gap = word.x0 - before.x1
        if gap < narrowest:
            parts[-1].append(word)
            continue
        size = max(before.size or 0.0, word.size or 0.0) or LAYOUT.line_height
        styled_apart = before.bold != word.bold or abs((before.size or 0.0) - (word.size or 0.0)) >= LAYOUT.apart_size_points
        if (styled_apart and gap >= max(LAYOUT.apart_points, LAYOUT.apart_sizes * size)) or (
                gap >= max(LAYOUT.apart_any_points, LAYOUT.apart_any_sizes * size)):
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _columns(words: list[Word], width: float) -> list[list[Word]]:
    """Split a page into two columns when a clear gutter runs down its middle, below the headings
    that may cross it at the page's top ("ASHCOMBE VALE BOROUGH COUNCIL" / "Record of Executive
    Decision" over two columns of text): those come first, then the left column, then the right."""
    if len(words) < LAYOUT.column_min_words:
        return [words]
    resolution = LAYOUT.column_cell
    band_lo, band_hi = LAYOUT.column_band
    lo, hi = int((int(width / resolution) + 1) * band_lo), int((int(width / resolution) + 1) * band_hi)
    # the middle band only: for each cell, the bottom of the lowest word that covers it (-1: none)
    lowest = [-1.0] * (hi - lo + 1)
    band_left, band_right = lo * resolution, (hi + 1) * resolution
    # The words in the band (most lie wholly left or right of it) are laid over their cells in
    # the order of their bottoms, each over the ones before, so a cell ends with the largest
    # bottom over it: max(cell, bottom) word by word, in one slice assignment a word. A bottom
    # not below -1 (or NaN) would change no cell.
    # (w[3], w[1], w[4]: x1, x0, bottom, by position)
    band = [w for w in words if not (w[3] < band_left or w[1] >= band_right) and w[4] > -1.0]
    band.sort(key=_bottom)
    for w in band:
        a, b = int(w.x0 / resolution), int(w.x1 / resolution)  # max(a, lo) - lo, min(hi, b) - lo + 1
        a, b = (lo if lo > a else a) - lo, (b if b < hi else hi) - lo + 1
        if a < b:
            lowest[a:b] = [w.bottom] * (b - a)
    gutter = LAYOUT.gutter_cells
    if len(lowest) < gutter:
        return [words]
    # the run of gutter cells free furthest up the page (the first such run where several are)
    # (each run's lowest bottom: max over gutter-wide windows, the windows zipped in C; the first
    # run of the least, as min() over (bottom, start) pairs picks it)
    runs = list(map(max, zip(*[lowest[k:] for k in range(gutter)])))
    cut = min(runs)
    run = runs.index(cut)
    tops: set[int] = set()  # the heights of the lines above the gutter, until there are too many
    above = [w for w in words if w[2] < cut]  # (w[2]: top; w[3], w[1] below: x1, x0)
    for w in above:  # (the words above, in their order: as a loop over all words meets them)
        tops.add(round(w[2]))
        if len(tops) > LAYOUT.column_heading_lines:
            return [words]  # the middle is crossed too far down: one column (or a table), not two
    best = (lo + run + (gutter - 1) / 2) * resolution  # its middle
    body = [w for w in words if w[2] >= cut]
    left = [w for w in body if w[3] <= best]
    right = [w for w in body if w[1] >= best]
    if len(left) < LAYOUT.column_min_side_words or len(right) < LAYOUT.column_min_side_words:
        return [words]
    return [above, left, right] if above else [left, right]


def _inside(box: Box, indexes: Iterable[int], xs: list[float], ys: list[float]) -> list[int]:
    """The indexes whose word's centre (``xs[i]``, ``ys[i]``: (x0 + x1) / 2, (top + bottom) / 2)
    lies in the box, edges included; one comprehension, as each row asks it of every word."""
    left, top, right, bottom = box
    return [i for i in indexes if left <= xs[i] <= right and top <= ys[i] <= bottom]


class _Band:
    """The words whose centre lies between a box's top and bottom, found by bisecting their
    heights sorted once a page: each table row asked every word of the page before. ``indexes``
    gives them in index order, as a scan of ``range(len(ys))`` would meet them, so `_inside`
    keeps the same words in the same order; ``free`` leaves out the ``taken`` ones. A page with
    a height that is not a number (no order to bisect) gives every index, as before."""

    __slots__ = ("order", "heights", "every")

    def __init__(self, ys: list[float]) -> None:
        self.every = any(map(isnan, ys))
        self.order = [] if self.every else sorted(range(len(ys)), key=ys.__getitem__)
        self.heights = [ys[i] for i in self.order]
        if self.every:
            self.order = list(range(len(ys)))

    def indexes(self, box: Box) -> list[int]:
        if self.every:
            return self.order
        return sorted(self.order[bisect_left(self.heights, box[1]):bisect_right(self.heights, box[3])])

    def free(self, box: Box, taken: set[int]) -> list[int]:
        return [i for i in self.indexes(box) if i not in taken]


class _Item(NamedTuple):
    """A unit of page flow placed by its top: a line, or a table row (label + value lines). A
    named tuple: a page makes one a line, built with tuple.__new__ and sorted by a key in C."""

    top: float
    lines: list[_Line]
    column: int = 0


_COLUMN_THEN_TOP = itemgetter(2, 0)  # an _Item's (column, top)


def _page_items(page: PageWords) -> tuple[list[_Item], float]:
    words = page.words
    items: list[_Item] = []
    taken: set[int] = set()
    rows: Sequence[TableRow] = page.table_rows
    # a page with no ruled table: its words in reading order, sorted once for the gap tables and
    # the lines (a stable sort: any of its readers that sorted them again would get this order)
    ordered = None if rows else in_reading_order(words)
    if not rows:  # a table with no borders: its columns show as white space (a grid's, or a form's two)
        rows = gap_grid_rows(words, ordered) or (gap_table_rows(words, ordered) if has_gap_lines(words, ordered) else [])
    # each word's centre, worked out once for all the rows
    xs = [(w[1] + w[3]) / 2 for w in words] if rows else []  # (x0 + x1) / 2, by position
    ys = [(w[2] + w[4]) / 2 for w in words] if rows else []  # (top + bottom) / 2
    band = _Band(ys) if rows else None
    for row_box, *cell_boxes in rows:
        assert band is not None
        in_row = _inside(row_box, band.indexes(row_box), xs, ys)
        if len(cell_boxes) != 2:  # a grid's row (a table of decisions): each cell one line, as Word gives it
            cells = [_one_line(_group_lines([words[i] for i in _inside(box, band.free(box, taken), xs, ys)]))
                     for box in cell_boxes]
            taken.update(in_row)
            row_lines = [line for line in cells if line is not None]
            for at, line in enumerate(row_lines):
                line.gap_before = at == 0
            if row_lines:
                items.append(_Item(row_box[1], row_lines))
            continue
        label_box, value_box = cell_boxes
        label_words = [words[i] for i in _inside(label_box, band.free(label_box, taken), xs, ys)]
        value_words = [words[i] for i in _inside(value_box, band.free(value_box, taken), xs, ys)]
        taken.update(in_row)
        merged = _one_line(_group_lines(label_words))
        label_lines = [merged] if merged is not None else []
        if merged is not None:  # a label that wrapped inside its cell is still one label
            merged.hints.add("label")
        value_lines = _group_lines(value_words)
        _mark_breaks(value_lines, value_box[2])
        if label_lines or value_lines:
            for line in label_lines[1:] + value_lines[:1]:
                line.gap_before = False
            items.append(_Item(row_box[1], label_lines + value_lines))
    flow = [w for i, w in enumerate(words) if i not in taken] if taken else list(words)  # (no table took words: all)
    # Where full lines end: the widest line, or the usual right margin when no line is full.
    page_right = max(max(map(_right, words), default=0.0), page.width * LAYOUT.right_margin)
    columns = _columns(flow, page.width)
    for number, column in enumerate(columns):
        # one column of the whole page (no table took words): the words as sorted above
        lines = _group_lines(column, ordered=ordered if column is flow and not taken else None)
        right = max((ln.x1 for ln in lines), default=0.0) if len(columns) > 1 else page_right
        _mark_breaks(lines, right)
        new = tuple.__new__  # (an _Item as _Item(...) builds it, without its Python-level __new__)
        items.extend([new(_Item, (line.top, [line], number)) for line in lines])
    items.sort(key=_COLUMN_THEN_TOP)  # column by column, top to bottom
    return items, page.height


def _one_line(lines: list[_Line]) -> _Line | None:
    """A cell's lines as one: the text a cell wrapped is one label, or one cell of a grid's row."""
    if not lines:
        return None
    merged = lines[0]
    for extra in lines[1:]:
        merged.words.extend(extra.words)
        merged.x1, merged.bottom = max(merged.x1, extra.x1), max(merged.bottom, extra.bottom)
    merged.text = " ".join(map(_text, merged.words))  # (now more of them)
    return merged


def _mark_breaks(lines: list[_Line], right_edge: float) -> None:
    """Mark lines that run on (reach the right edge) and gaps that open a new paragraph."""
    if not lines:
        return
    settings = LAYOUT
    heights = [ln.bottom - ln.top for ln in lines]
    height = statistics.median(heights) if heights else settings.line_height
    least = settings.min_pitch * height
    # the step between lines that start at one left edge: a table's cells side by side interleave
    # their lines, and the step from a label cell's line to its value cell's is no line pitch
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])
               if b.top - a.top >= least and abs(b.x0 - a.x0) <= height] or [
        b.top - a.top for a, b in zip(lines, lines[1:]) if b.top - a.top >= least]
    leading = min(pitches) if pitches else height * settings.leading  # the step between wrapped lines
    if pitches and lines[0].confidence is not None:
        # OCR: a speck read as a line can sit close to another; trust a step seen twice
        same = settings.same_pitch
        seen_twice = [p for p in pitches if sum(p <= q <= p * same for q in pitches) >= 2]
        leading = min(seen_twice) if seen_twice else leading
    opens = max(leading * settings.paragraph_pitches, height * settings.paragraph_heights)
    wraps = leading * settings.wrapped_pitches
    sizes = [_size(line) for line in lines]  # each line's, once: it is compared with both its neighbours
    for a, b, size_a, size_b in zip(lines, lines[1:], sizes, sizes[1:]):
        step = b.top - a.top
        if step > opens:
            b.gap_before = True
        char = (a.x1 - a.x0) / max(len(a.text), 1)
        aligned = abs(b.x0 - a.x0) <= settings.aligned_chars * char or b.x0 < a.x0
        first_word = b.words[0].x1 - b.words[0].x0
        # The break was forced when the next line's first word would not have fitted on this
        # one, and the next line follows at the plain line step (no paragraph spacing).
        forced = a.x1 + char + first_word > right_edge - char
        hyphenated = len(a.text) > 2 and a.text.endswith("-") and a.text[-2].isalpha() and b.text[:1].islower()
        # a paragraph keeps its type size: a heading in large type over a line in smaller runs on into nothing
        resized = abs(size_a - size_b) >= settings.apart_size_points if size_a and size_b else False
        if (forced or hyphenated) and aligned and not resized and step <= wraps:
            a.hints.add("wrapped")


def _size(line: _Line) -> float:
    """A line's type size: its words' largest (0.0 when the engine gives none)."""
    return max([w.size or 0.0 for w in line.words], default=0.0)


def _furniture(pages: list[tuple[list[_Item], float]]) -> set[tuple[int, int]]:
    """(page, item) indexes of running heads and feet: repeated in the margins, or page numbers."""
    keys: Counter[str] = Counter()
    zoned: list[tuple[int, int, str]] = []
    for p, (items, height) in enumerate(pages):
        seen = set()
        for i, item in enumerate(items):
            if len(item.lines) != 1:
                continue
            line = item.lines[0]
            if line.top < height * LAYOUT.furniture_zone or line.bottom > height * (1 - LAYOUT.furniture_zone):
                # a running head comes back in its own band: a line at one page's foot and one like
                # it at the next page's head ("... App2" / "... App3") is a list running on, no furniture
                band = "head" if line.top < height * LAYOUT.furniture_zone else "foot"
                key = band + _NOT_LETTER.sub("", _DIGITS.sub("#", line.text.lower()))
                zoned.append((p, i, key))
                if key not in seen:
                    keys[key] += 1
                    seen.add(key)
    repeated = {k for k, n in keys.items() if len(pages) > 1 and n >= max(2, len(pages) // 2)}
    sizes = [w.size for items, _ in pages for item in items for line in item.lines for w in line.words
             if w.size is not None]
    body = statistics.median(sizes) if sizes else None
    found = set()
    for p, i, key in zoned:
        line = pages[p][0][i].lines[0]
        text = line.text
        if key in repeated or _PAGE_NUMBER.match(text.strip()) or _small_print(line, body):
            found.add((p, i))
    return found


def _small_print(line: _Line, body: float | None) -> bool:
    """A line in the page's top or bottom band set smaller than the body text: a running head
    or a letterhead's strap line ("Democratic Services - Decision Record"), also on a one-page
    document where nothing repeats."""
    sizes = [w.size for w in line.words if w.size is not None]
    return (body is not None and len(sizes) == len(line.words)
            and statistics.median(sizes) < body - LAYOUT.small_print_points)


# runs of them: their lengths add up to the characters counted, with one match a word instead of
# one a character (a match object and a string each), most of the check's time on every page
_READABLE = regex.compile(r"[\p{L}\p{N}]+")
_GARBLED = regex.compile(r"[\x00-\x1f\ufffd\p{Co}\p{Cn}]+")  # control, replacement, private-use, unassigned


def junk_text_layer(page: PageWords) -> bool:
    """No text layer, or one a scanner's bad OCR or a broken font encoding left unreadable:
    under half the characters are letters or digits, or a fifth are control, private-use or
    replacement characters. Such a page is OCR'd as if it had no text."""
    text = "".join(map(_text, page.words))  # (each word's text read in C)
    if not text:
        return True
    readable, garbled = _readable_garbled(text)
    return readable < len(text) / 2 or garbled > len(text) / 5


_ASCII_READABLE = b"".join(bytes([c]) for c in range(128) if chr(c).isalnum())  # A-Z, a-z, 0-9: _READABLE's in ASCII
_ASCII_GARBLED = bytes(range(32))  # _GARBLED's in ASCII: the controls it names (every ASCII character is assigned)
_BEYOND_ASCII = re.compile("[^\x00-\x7f]+")


def _readable_garbled(text: str) -> tuple[int, int]:
    """How many of the text's characters `_READABLE` and `_GARBLED` match: each class is of single
    characters, so the ASCII ones are counted by deleting their bytes (in C), and the regex reads
    only the characters past ASCII (most pages have a few: dashes, quotes), one match a run of
    them instead of one a word."""
    plain = text.encode("ascii", "ignore")
    wide = "" if len(plain) == len(text) else "".join(_BEYOND_ASCII.findall(text))
    readable = len(plain) - len(plain.translate(None, _ASCII_READABLE)) + sum(map(len, _READABLE.findall(wide)))
    garbled = len(plain) - len(plain.translate(None, _ASCII_GARBLED)) + sum(map(len, _GARBLED.findall(wide)))
    return readable, garbled


_FURNITURE = frozenset({"furniture"})  # a running head's hints: that alone


def layout_document(pages_data: list[PageWords], fmt: str) -> Document:
    """Lines in reading order, furniture marked, paragraph gaps as blank lines: any page source.
    Each line keeps its words' offsets and boxes, so a value's box can be its own words'."""
    pages = [_page_items(page) for page in pages_data]
    count = len(pages)
    furniture = _furniture(pages)
    raw: list[RawLine] = []
    # each raw line's layout line (None: a paragraph break), whose words assemble_lines asks
    # for where it places the line: kept as a WordRun at their document offset, boxed where read
    sources: list[_Line | None] = []
    new = tuple.__new__  # a RawLine or WordRun as RawLine(...) builds it, without its Python-level __new__
    for p, (items, _height) in enumerate(pages):
        # a page whose words have no OCR confidence (a text layer's) has none on any line
        scored = set(map(_confidence, pages_data[p].words)) != {None}
        for i, item in enumerate(items):
            for line in item.lines:
                if (p, i) in furniture:
                    hints = _FURNITURE
                else:
                    hints = frozenset(line.hints)
                    if line.gap_before or ("label" in line.hints and raw and raw[-1].text):
                        raw.append(RawLine(""))
                        sources.append(None)
                raw.append(new(RawLine, (line.text, p + 1, line.bbox, hints, None, line.confidence if scored else None, ())))
                sources.append(line)

    def words_at(index: int, at: int) -> WordRun | tuple[WordBox, ...]:
        source = sources[index]
        if source is None or not source.words:
            return ()
        return new(WordRun, (tuple(source.words), at))  # (boxed where read: few lines are)

    text, lines = assemble_lines(raw, words_at)
    return Document(text, lines, fmt, None, count, ())
