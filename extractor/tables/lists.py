"""Lists of decisions with no header row: entries on one line apart by dashes or bars
("Decision 2024/15 - Fleet replacement - 3 March 2024"), blocks of the same shape (a title
line, then the same labelled or dated lines), and entries whose labels the segmenter found
apart from their values. Each becomes a `Table` whose columns its entries' parts name."""

from __future__ import annotations

import dataclasses

import regex

from ..document import Document
from ..lexicon import Lexicon, normalise_label
from ..sections import Piece, Segment
from ..values import OCR_DIGIT_CHARS, find_dates, is_date_only
from .cells import is_reference, line_text, wrapped_end
from .model import PROSE, Column, Row, Table
from .rows import per_line

MIN_LIST_ENTRIES = 2
# "Decision 2024/15 - Fleet replacement - 3 March 2024": parts of a list entry
_ENTRY_SPLIT = regex.compile(r"\s+[-–—|]\s+")
_ASIDE = regex.compile(r"^(?P<title>.+?)\s*\((?P<inner>[^()]{3,80})\)$")  # a title and its bracketed date or decider
_DECIDED_BY = regex.compile(r"^(?:approved|decided|taken|made|agreed|signed)\s+by\s+(?:the\s+)?", regex.I)
_DATED_BY = regex.compile(r"^(signed|approved|decided|taken|made|agreed|published|dated)(?:\s+on)?\s+", regex.I)
MAX_ROLE_WORDS = 10
_DIGIT = regex.compile(r"\d")


def _is_role(text: str, lexicon: Lexicon) -> bool:
    """A decider's role standing as an entry's part ("Director of Communities", "Leader of the Council")."""
    text = text.strip()
    words = lexicon.words
    # (the word count cut at the most it may be: a long part is not split whole)
    return (0 < len(text.split(None, MAX_ROLE_WORDS)) <= MAX_ROLE_WORDS and not any(map(str.isdigit, text))
            and bool(words.signer_role.match(text) or words.officer_maker.search(text) or words.member_maker.search(text)))


def _list_entry(document: Document, i: int, lexicon: Lexicon,
                through: int | None = None) -> tuple[Row, tuple[str | None, ...]] | None:
    """"Decision 2024/15 - Fleet replacement - 3 March 2024": a reference, a title and a date
    apart by dashes or bars, as a list page prints each entry (``through``: over the lines to
    that one, a PDF having wrapped it)."""
    line = document.lines[i]
    text = document.text[line.content_start:document.lines[through if through is not None else i].end]
    parts: list[tuple[int, int]] = []
    at = 0
    for gap in _ENTRY_SPLIT.finditer(text):
        parts.append((at, gap.start()))
        at = gap.end()
    parts.append((at, len(text.rstrip())))
    if not 2 <= len(parts) <= 4:
        return None
    kinds: list[str | None] = []
    spans: list[tuple[int, int]] = []
    for s, e in parts:
        part = text[s:e].strip()
        s += len(text[s:e]) - len(text[s:e].lstrip())
        e = s + len(part)
        dates = find_dates(part, words=lexicon.words) if any(map(str.isdigit, part)) else []
        dated_by = _DATED_BY.match(part) if dates else None  # "signed 3 March 2025", "published on 4 May 2024"
        # (each test below is made only when the ones before it failed: a part is read once, as
        # the first kind it can be; the aside needs its closing bracket at the end)
        if dates and len(part) - (dates[0].end - dates[0].start) - (dated_by.end() if dated_by else 0) <= 4:
            published = dated_by is not None and dated_by.group(1).lower() == "published"
            kinds.append("publication_date" if published else "decision_date")
            s += dated_by.end() if dated_by is not None else 0
        elif is_reference(part) or (len(part.split(None, 3)) <= 3 and _DIGIT.search(part)):
            kinds.append(None)
        elif (decided := _DECIDED_BY.match(part)) is not None or _is_role(part, lexicon):
            kinds.append("decision_maker")  # "Approved by the Leader", "Head of Property"
            s += decided.end() if decided is not None else 0
        elif (aside := _ASIDE.match(part) if part.endswith(")") else None) is not None and (
                is_date_only(aside.group("inner"), words=lexicon.words) or _is_role(aside.group("inner"), lexicon)):
            # "Fleet replacement (3 March 2024)", "Grant to Harbour Trust (Director of Communities)"
            kinds.append("title")
            spans.append((s, s + aside.end("title")))
            kinds.append("decision_date" if is_date_only(aside.group("inner"), words=lexicon.words) else "decision_maker")
            s, e = s + aside.start("inner"), s + aside.end("inner")
        else:
            kinds.append("title")
        spans.append((s, e))
        if kinds.count("title") > 1:
            return None  # two titles: no entry, whatever the parts after them are
    parts = spans
    if (kinds.count("title") != 1 or not {"decision_date", "publication_date"} & set(kinds)
            or len(set(kinds)) < len(kinds) - kinds.count(None)):
        return None  # an entry of a list of decisions is dated (a list of attachments is not)
    title = text[slice(*parts[kinds.index("title")])]
    if title.rstrip().endswith((".", ":")) or len(title.split()) > 20:
        return None
    base = line.content_start
    cells = []
    for k, ((s, e), kind) in enumerate(zip(parts, kinds)):
        piece = Piece(base + s, base + e, i)
        cells.append((k, tuple(per_line(document, piece, i, through)) if through is not None else (piece,), kind))
    return Row(tuple((k, pieces) for k, pieces, _ in cells)), tuple(kinds)


def _entry_candidates(document: Document) -> list[int]:
    """The lines that can open a list's entry: apart by dashes or bars, and dated."""
    return [i for i, text in enumerate(document.stripped_lines)  # (line_text's own list)
            if text and (" - " in text or " – " in text or " — " in text or " | " in text)
            and any(map(str.isdigit, text))]


def may_hold_list(document: Document, candidates: list[int]) -> bool:
    """Whether two of the lines that can open an entry stand together (the first, with the lines
    a PDF wrapped it onto, then blank lines only, then the second), as `list_table`'s first two
    entries must: most pages have none, and their lines are not read as entries at all."""
    stripped = document.stripped_lines
    n = len(stripped)
    opens = set(candidates)
    for i in candidates:
        k = wrapped_end(document, i) + 1
        while k < n and not stripped[k]:
            k += 1
        if k in opens:
            return True
    return False


def list_table(document: Document, lexicon: Lexicon) -> Table | None:
    entries: list[tuple[int, Row, tuple[str | None, ...]]] = []
    wrapped: set[int] = set()  # lines an entry above ran on to
    candidates = _entry_candidates(document)
    if not may_hold_list(document, candidates):
        return None
    for i in candidates:
        if i in wrapped:
            continue
        through = wrapped_end(document, i)  # an entry a PDF wrapped onto more lines
        found = _list_entry(document, i, lexicon, through if through > i else None)
        if found is not None:
            entries.append((through, *found))
            wrapped.update(range(i + 1, through + 1))
    if len(entries) < MIN_LIST_ENTRIES:
        return None
    # the entries stand together: nothing but blank lines between them
    starts = [min(p.line for _, pieces in row.cells for p in pieces) for _, row, _ in entries]
    for (a, _, _), b in zip(entries, starts[1:]):
        if any(line_text(document, k) for k in range(a + 1, b)):
            return None
    shapes = {kinds for _, _, kinds in entries}
    if len(shapes) != 1:
        return None
    kinds = next(iter(shapes))
    columns = tuple(Column(kind or "reference", kind, ()) for kind in kinds)
    return Table(columns, (), tuple(r for _, r, _ in entries), starts[0], entries[-1][0])




MAX_BLOCK_LINES = 4  # an entry of a list: its title line and a few labelled or dated lines
MAX_ENTRY_TITLE_WORDS = 20
MAX_VALUE_BELOW_LABEL = 2  # lines from a card's label to its value: its own line, the next, or past a blank
_DATED_LINE_WORDS = 6  # "Published 12 January 2024", "Date signed 4 March 2024"
_DATE_END_CHARS = frozenset("0123456789" + OCR_DIGIT_CHARS)  # how a date's last character is printed (a scan's O, l, I, |)


def _blocks(document: Document) -> list[list[int]]:
    """Runs of lines with words, apart by blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, words in enumerate(document.stripped_lines):  # (line_text's own list)
        if words:
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
    value on the line (as the segmenter found it), or a few words and a date (below another line)."""
    found: dict[int, _EntryLine] = {}
    text = document.text
    for seg in segments:
        # (a block's section may run on into the next entry's title, over a blank line or, on a page
        # that keeps none, after a sentence that ends on the label's line: the value on the label's
        # line is what the entry states; block_table still asks every entry for the same shape)
        if seg.kind != "field" or not seg.field or not seg.label or len(seg.label_lines) != 1:
            continue
        first = second = None  # the value's first two pieces (not the whole value, which may be long)
        for piece in seg.pieces:
            if piece is not None:
                if first is not None:
                    second = piece
                    break
                first = piece
        at = seg.label_lines[0]
        if first is not None and first.line == at and (
                second is None or second.line > at + 1 or text[first.start:first.end].rstrip().endswith((".", "!", "?"))):
            found[at] = (normalise_label(seg.label), seg.field, first.start - document.lines[at].content_start)
    # Only a line right under another in its block can stand under an entry's title (and only such
    # lines are asked for by `_entry_blocks` and `block_table`: two entries need two of them), so
    # the first line of each block is not read. A dated line's date ends at most two characters
    # before the line does, with a digit (or a scan's letter read as one): its last three
    # characters are looked at before its words are cut (once, no further than the bound).
    stripped = document.stripped_lines
    lines = document.lines
    for i, (above, words) in enumerate(zip(stripped, stripped[1:]), start=1):
        if not words or not above:
            continue
        tail = words[-3:]
        if _DATE_END_CHARS.isdisjoint(tail) and not any(map(str.isdigit, tail)) or i in found:
            continue
        if len(words.split(None, _DATED_LINE_WORDS)) <= _DATED_LINE_WORDS and any(map(str.isdigit, words)):
            line = lines[i]
            dated = _dated_line(text[line.content_start:line.end], lexicon)
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


def block_table(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> Table | None:
    """A list whose entries are blocks of the same shape: a title line ("MD3201 Green Skills
    Fund", "Decision 2024/01 – Victim services grant (PDF, 120KB)"), then the same labelled or
    dated lines ("Date signed: 12 March 2024"). Two such blocks in a row make a list; the blocks
    before them are the page's heading."""
    entry_lines = _entry_lines(document, segments, lexicon)
    # two entries of one shape each hold that shape's first key on a line of their own: with no key
    # on two lines (fewer than two lines among them), no two blocks can share a shape
    if len({key for key, _, _ in entry_lines.values()}) == len(entry_lines):
        return None
    entries: list[tuple[list[int], tuple[_EntryLine, ...]]] = []
    for block in _entry_blocks(document, entry_lines):
        shape = None
        if 2 <= len(block) <= MAX_BLOCK_LINES:
            title = line_text(document, block[0])
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


_Group = tuple[Segment, list[Segment], list[Piece]]  # an entry: its title, its one-line fields, its prose


def segment_table(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> Table | None:
    """A list of entries whose labels stand apart from their values (a web page's heading over a
    paragraph, a Word table's cells): as segments, a title line and then the same labelled
    one-line fields ("Date signed" / "12 March 2024", "Decision by" / "Mayor ..."), repeated; an
    entry may end in a paragraph of its own with no label (a card's summary: `PROSE`, read by
    its words), and its reference may stand on a labelled line ("Reference: OD/2025/041")."""
    placed = [s for s in segments if s.kind != "chrome"]
    if not _key_twice(placed):
        return None
    groups: list[_Group] = []
    best: list[_Group] = []
    for seg in placed:
        next_title = None
        if groups and _inline_block(seg):  # "Reason: To bring ... use." / "" / "Armed Forces Covenant refresh"
            seg, next_title = _cut_run_on(document, seg)
        if _entry_title(document, seg):
            if groups and len(seg.value_pieces) > 1:  # the entry above's paragraph, then this title
                groups[-1][2].extend(seg.value_pieces[:-1])
            groups.append((seg, [], []))
        elif groups and seg.value_pieces and ((seg.kind == "field" and (seg.shape in {"line", "date", "bool"}
                                                                        or _inline_block(seg)))
                                              or (seg.kind == "other" and seg.shape == "line" and seg.label
                                                  and normalise_label(seg.label) in lexicon.words.reference_labels)):
            groups[-1][1].append(seg)
        elif groups and groups[-1][1] and not groups[-1][2] and seg.kind == "orphan" and seg.value_pieces:
            groups[-1][2].extend(seg.value_pieces)  # the last entry's own paragraph
        else:
            groups = []
            continue
        if next_title is not None:
            groups.append((next_title, [], []))
        run = _same_shape_run(groups)
        if len(run) > len(best):
            best = run
    # (an entry states a one-line fact, a date or a decider: a record whose items are only blocks under
    # their headings, "Issue for Decision" / "Decision Made", is split by its items, no list)
    if len(best) < MIN_LIST_ENTRIES or not any(f.shape in {"line", "date", "bool"} for f in best[0][1]):
        return None
    fields = best[0][1]
    columns = (Column("title", "title", ()), *(Column(f.label or "", f.field, ()) for f in fields),
               Column("", PROSE, ()))
    rows = [Row(((0, title.value_pieces[-1:]), *((n, f.value_pieces) for n, f in enumerate(under, start=1)),
                 *(((len(fields) + 1, tuple(prose)),) if prose else ())))
            for title, under, prose in best]
    first = best[0][0].value_pieces[-1].line
    last = max(p.line for _, pieces in rows[-1].cells for p in pieces)
    return Table(columns, (), tuple(rows), first, last)


def _key_twice(segments: list[Segment]) -> bool:
    """Whether two sections share the key `_same_shape_run` compares (a field, or a label read as
    one): two entries of one shape each hold a section with its shape's field, so a page with no
    key twice holds no list of entries, and its sections are not read as one."""
    seen: set[str] = set()
    for seg in segments:
        key = seg.field or (normalise_label(seg.label) if seg.label else "")
        if key in seen and key:
            return True
        seen.add(key)
    return False


def _inline_block(seg: Segment) -> bool:
    """A block field's section whose value starts on its label's line ("Decision: To grant ..."), or
    right below it (a page that sets each label in a heading over its value)."""
    return (seg.kind == "field" and seg.shape == "block" and bool(seg.value_pieces) and bool(seg.label_lines)
            and seg.value_pieces[0].line - seg.label_lines[-1] <= MAX_VALUE_BELOW_LABEL)


def _cut_run_on(document: Document, seg: Segment) -> tuple[Segment, Segment | None]:
    """A block section whose value is one paragraph, then, past a blank line, one short line that can
    head an entry (a card's next title the section ran on into): the section cut before the blank,
    and that line as an unlabelled section of its own; else the section as it is, and None."""
    pieces = seg.pieces
    first = next((k for k, p in enumerate(pieces) if p is not None), len(pieces))
    if None not in pieces[first:]:
        return seg, None
    blank = pieces.index(None, first)
    rest = [p for p in pieces[blank:] if p is not None]
    if len(rest) != 1:
        return seg, None
    title = Segment("orphan", rest[0].start, rest[0].end, (rest[0],))
    if not _entry_title(document, title):
        return seg, None
    kept = pieces[:blank]
    last = next(p for p in reversed(kept) if p is not None)
    return dataclasses.replace(seg, pieces=kept, end=last.end), title


def _entry_title(document: Document, seg: Segment) -> bool:
    """An unlabelled line that can head an entry: short, no sentence."""
    if seg.kind != "orphan" or not seg.value_pieces:
        return False
    piece = seg.value_pieces[-1]  # the lines above it may be the page's heading
    if len(seg.value_pieces) > 1 and seg.pieces[-2] is not None and "wrapped" in document.lines[seg.pieces[-2].line].hints:
        return False  # a wrapped paragraph's last line is no title
    text = document.text[piece.start:piece.end].strip()
    return 2 <= len(text.split()) <= MAX_ENTRY_TITLE_WORDS and not text.endswith((".", ":"))


def _same_shape_run(groups: list[_Group]) -> list[_Group]:
    """The last groups that share the last one's fields (each with one at least)."""
    if not groups or not any(f.field for f in groups[-1][1]):  # (a reference alone makes no entry)
        return []
    shape = [f.field or normalise_label(f.label or "") for f in groups[-1][1]]
    run = []
    for group in reversed(groups):
        if [f.field or normalise_label(f.label or "") for f in group[1]] != shape:
            break
        run.append(group)
    return run[::-1]


# "Decision 2024/01 – ", "DL 011/2024: ": a reference set apart from an entry's title (a
# reference run into it, "MD3201 Green Skills Fund", stays part of the title, as the page names it)
_ENTRY_REFERENCE = regex.compile(r"^(?P<ref>(?:[A-Za-z]{1,12}\s?)?\d[\w/.-]*)\s*[-–—:]\s*(?=\S)")
