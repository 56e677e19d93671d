"""reflow_flattened(): a page that lost its line breaks, cut back into lines.

A scraper's excerpt, a document-sharing site's transcript or a web page saved as one paragraph
runs a whole notice into one line: "COLLINGBOURNE ... PARISH COUNCIL MINUTES OF ... 1. Apologies.
Cllrs ... 2. 78.20. Chairman's Announcements. ... 4. 80.20. FOOTPATH REPAIR. Having considered
...", or "WESTMINSTER CITY COUNCIL STATEMENT OF DECISION SUBJECT: Local Plan Notice is hereby
given that ...". Every later stage reads lines (a heading stands alone, a label opens its line,
a minute starts at its number), so such a line is cut where its own structure shows a break:

- numbered items that count up (1. 2. 3. ..., or 23/101 23/102 ... in a year's minutes): each
  starts a line, and a short heading after its number ("4. 80.20. FOOTPATH REPAIR.", "1.
  Apologies.", "23/104 ALLOTMENT RENTS") is a line of its own, as is each of its numbered
  paragraphs ("2. Apologies for Absence 2.1. Alan Yates noted ...");
- a label in capitals after a heading in capitals ("... STATEMENT OF DECISION SUBJECT:");
- a table's header of column names run together, and each entry after it that opens with its
  date ("Date Decision Detail 12-Dec-16 Wimborne Police Station Having been ...");
- a formula that always opens a paragraph ("Notice is hereby given that ..."), and the sentence
  that closes a meeting ("The meeting closed at 8.15pm.");
- a known label without its separator after a sentence's end, when a numbered list or a
  decision's opening words follow it ("... below. Summary of Decision 1. That ...").

Long lines are looked at, and short ones that each open with an item's number counting up and run
their heading into the item's text ("3. BENCH REPAIR. Cllrs RESOLVED ..."); only the line records change: the text and every offset stay
as they are (as `inline_labels` does), so provenance still points into what `text` prints.
"""

from __future__ import annotations

import dataclasses

import regex

from .document import Document, Line
from .lexicon import MAX_LABEL_CHARS, Lexicon
from .normalise import mostly_upper
from .split import title_cased
from .tables.headers import MAX_HEADER_WORDS, run_together_names
from .values import OCR_DIGIT_CHARS, find_dates

FLAT_LINE_CHARS = 500  # a line (or a run of wrapped lines) this long holds a page's paragraphs
MIN_ITEM_RUN = 3  # numbered items counting up before their numbers are read as line starts
MAX_ITEM_CANDIDATES = 400  # numbers looked at in one line (a table of figures has many)
MAX_HEADING_WORDS = 8  # a minute's heading after its number ("FOOTPATH CD 29 REPAIR.")
MAX_CAPS_LABEL_WORDS = 4  # "SUBJECT:", "DECISION MAKER:" after a heading in capitals
MIN_CAPS_HEADING_WORDS = 2
MAX_BARE_LABEL_WORDS = 4  # "Summary of Decision" with no separator, mid-line
MIN_TABLE_ENTRIES = 3  # dated entries after a flattened header, before the line reads as a table
LOOK_BACK = 2 * MAX_LABEL_CHARS  # characters looked at before a label found mid-line (a long line stays linear)
MAX_CLOSING_LEAD = 40  # characters from a sentence's start to "meeting closed" ("There being no ...")

# "4. " or "12) " where an item may start: after a space or at the line's start, before a capital,
# a digit (a minute reference "80.20.") or a bracket; or a minute numbered in its year ("23/104
# ALLOTMENT RENTS"), whose running number counts up under one year
_ITEM = regex.compile(r"(?:^|(?<=\s))(?P<n>\d{1,2})[.)]\s+(?=[\p{Lu}\d(])")
_YEAR_ITEM = regex.compile(r"(?:^|(?<=\s))(?P<year>\d{2,4})/(?P<n>\d{1,4})\s*[.:)\-–]?\s+(?=\p{Lu})")
_CAPS_RUN = regex.compile(r"(?:[\p{Lu}\d][\p{Lu}\d\x27’&/,:;-]*\s+)+?(?=\p{Lu}\p{Ll})")
# what follows an item's number before its heading: a minute reference ("80.20.", "79.20")
_MINUTE_REF = regex.compile(r"\d{1,3}\.\d{2}\.?\s+")
# a heading after an item's number, closed by a full stop or a colon, then the text
_HEADING = regex.compile(r"(?P<heading>[^.:!?]{2,120}?)(?P<stop>[.:])\s+(?=[\p{Lu}\d(£])")
_CAPS_LABEL = regex.compile(r"(?<=\s)(?P<label>\p{Lu}[\p{Lu}'’&/() -]*?)\s?:\s")
_SENTENCE_END = regex.compile(r"[.!?]\s+$")
_TITLE_AFTER = regex.compile(r"\s+\p{Lu}")
# Where a dated entry's date can end, its title after it: every date ends with a digit, which a
# scan's text may print as a letter read as one (O, o, I, l, |) in a run of characters with a digit
# in it. One per such word at most; fewer than MIN_TABLE_ENTRIES and no entry is looked for.
_DIGIT_WORD_THEN_TITLE = regex.compile(rf"\d\S*(?<=[\d{regex.escape(OCR_DIGIT_CHARS)}])(?=\s+\p{{Lu}})")
_WORD = regex.compile(r"\S+")
_WORD_AND_SPACE = regex.compile(r"\S+\s*")


def _item_starts(text: str) -> list[int]:
    """Where numbered items that count up (1. 2. 3. ...) start: the longest such run, if it has
    `MIN_ITEM_RUN` items or more; a number out of the run (a date's day, "£11,000.") is passed over."""
    found = sorted([(m.start(), int(m.group("n")), "") for m in _ITEM.finditer(text)]
                   + [(m.start(), int(m.group("n")), m.group("year")) for m in _YEAR_ITEM.finditer(text)])
    found = found[:MAX_ITEM_CANDIDATES]
    best: list[list[int]] = []  # best[k]: the longest run ending at found[k], as indices into found
    for k, (_, number, year) in enumerate(found):
        chain = [k]
        for j in range(k - 1, -1, -1):
            if found[j][1:] == (number - 1, year) and len(best[j]) + 1 > len(chain):
                chain = [*best[j], k]
        best.append(chain)
    run = max(best, key=len, default=[])
    return [found[k][0] for k in run] if len(run) >= MIN_ITEM_RUN else []


def _heading_end(text: str, start: int, openers: frozenset[str]) -> int | None:
    """Where a short heading after an item's number ends ("4. 80.20. FOOTPATH CD 29 REPAIR. Having
    considered ...": after "REPAIR."), or None when the item runs straight into its text."""
    at = _ITEM.match(text, start) or _YEAR_ITEM.match(text, start)
    if at is None:
        return None
    position = at.end()
    ref = _MINUTE_REF.match(text, position)
    if ref is not None:
        position = ref.end()
    found = _HEADING.match(text, position)
    caps = _CAPS_RUN.match(text, position)
    if caps is not None and len(caps.group().split()) <= MAX_HEADING_WORDS and mostly_upper(caps.group()) and (
            found is None or caps.end() <= found.end()):
        # "23/104 ALLOTMENT RENTS The Clerk presented ...": the capitals are the heading, up to a
        # resolution's word ("CHRISTMAS LIGHTS RESOLVED: To spend ...")
        end = position
        for word in _WORD_AND_SPACE.finditer(caps.group()):
            if word.group().strip().rstrip(":;-–").lower() in openers:
                break
            end = position + word.end()
        return end if end > position else None
    if found is None:
        return None
    heading = found.group("heading").strip()
    words = heading.split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return None
    if not (mostly_upper(heading) or title_cased(heading, 1.0)):
        return None  # "Declarations of interest and dispensation requests." runs into its text
    return found.end("stop")


def _caps_label_starts(text: str, lexicon: Lexicon) -> list[int]:
    """Labels in capitals right after a heading in capitals ("... STATEMENT OF DECISION SUBJECT:
    Local Plan"): the heading names the paper, the label opens its first value."""
    cuts = []
    for found in _CAPS_LABEL.finditer(text):
        words = found.group("label").split()
        for size in range(min(MAX_CAPS_LABEL_WORDS, len(words)), 0, -1):
            label = " ".join(words[-size:])
            entry = lexicon.lookup(label, approximate=False)
            if entry is None or entry.guessed or entry.kind not in {"field", "by_value"}:
                continue
            start = found.end("label") - len(label)
            before = text[max(0, start - LOOK_BACK):start].split()[-MIN_CAPS_HEADING_WORDS:]
            if len(before) == MIN_CAPS_HEADING_WORDS and mostly_upper(" ".join(before)):
                cuts.append(start)
            break
    return cuts


def _bare_label_starts(text: str, lexicon: Lexicon) -> list[int]:
    """A known label with no separator after a sentence's end, followed by a numbered list or a
    decision's opening words ("... set out below. Summary of Decision 1. That the ..."): where the
    label starts and where its value does."""
    cuts = []
    openers = lexicon.words.decision_openers
    reach = max(map(len, openers), default=0) + 1
    for found in _ITEM.finditer(text):
        after = text[found.end():found.end() + reach].lower()
        if not (found.group("n") == "1" or after.startswith(openers)):
            continue
        base = max(0, found.start() - LOOK_BACK)  # a label is a few words: only the stretch before the number
        before = text[base:found.start()].rstrip()
        words = before.split()
        for size in range(min(MAX_BARE_LABEL_WORDS, len(words)), 1, -1):
            label = " ".join(words[-size:])
            start = base + len(before) - len(label)
            if not _SENTENCE_END.search(text, max(0, start - LOOK_BACK), start):
                continue
            entry = lexicon.lookup(label, approximate=False)
            if entry is not None and not entry.guessed and entry.kind == "field":
                cuts += [start, found.start()]  # the label alone on its line, its value below
                break
    return cuts


def may_hold_dated_entries(text: str) -> bool:
    """Whether `MIN_TABLE_ENTRIES` dates with a title after each can stand in ``text``: one
    search for where a date can end, far cheaper than finding the dates (most long lines hold
    too few, and are then no flattened table)."""
    return len(_DIGIT_WORD_THEN_TITLE.findall(text)) >= MIN_TABLE_ENTRIES


def _table_starts(text: str, lexicon: Lexicon) -> list[int]:
    """A table of decisions flattened into one line: its header's column names run together
    ("... Date Decision Detail Linked Documents 12-Dec-16 Wimborne Police Station Having ..."),
    then each entry opening with its date. Where the header and each entry start, when at least
    `MIN_TABLE_ENTRIES` dated entries follow a header of known column names."""
    if not may_hold_dated_entries(text):
        return []  # (the dates of a long line are searched for only where enough of them can stand)
    # (matched in place: a long line is not copied from each date on)
    dated = [d for d in find_dates(text, words=lexicon.words)
             if _TITLE_AFTER.match(text, d.end)]  # an entry's date, its title after it
    if len(dated) < MIN_TABLE_ENTRIES:
        return []
    before = text[:dated[0].start]
    starts = [word.start() for word in _WORD.finditer(before)][-MAX_HEADER_WORDS:]  # a header is short
    for start in starts:
        if run_together_names(before[start:].strip(), lexicon) is not None:
            return [start, *(d.start for d in dated)]
    return []


def _cuts(text: str, lexicon: Lexicon) -> list[int]:
    cuts = set(_table_starts(text, lexicon))
    openers = frozenset(lexicon.words.decision_openers)
    starts = _item_starts(text)
    for at, start in enumerate(starts):
        cuts.add(start)
        end = _heading_end(text, start, openers)
        if end is not None:
            cuts.add(len(text) - len(text[end:].lstrip()))
        item = _ITEM.match(text, start)
        if item is not None:  # "2. Apologies for Absence 2.1. Alan Yates noted ...": the item's paragraphs
            stop = starts[at + 1] if at + 1 < len(starts) else len(text)
            sub = regex.compile(r"(?<=\s)" + item.group("n") + r"\.\d{1,2}\.?\s+(?=\p{Lu})")
            cuts.update(m.start() for m in sub.finditer(text, start, stop))
    cuts.update(_caps_label_starts(text, lexicon))
    cuts.update(m.start() for m in lexicon.words.paragraph_openers.finditer(text))
    for closed in lexicon.words.meeting_closed.finditer(text):  # "... High Street. The meeting closed at 8.15pm."
        opening = text.rfind(". ", max(0, closed.start() - MAX_CLOSING_LEAD), closed.start())
        if opening >= 0:
            cuts.add(opening + 2)
    cuts.update(_bare_label_starts(text, lexicon))
    return sorted(c for c in cuts if 0 < c < len(text) and text[:c].strip())


def _runs_on(text: str, above: Line | None, line: Line) -> bool:
    """Whether ``line`` reads as one with the line ``above`` it: a paragraph a PDF or a scan set over
    lines that each ran to the margin ("wrapped"), this one after it and holding words."""
    return (above is not None and "wrapped" in above.hints and line.start > above.end
            and bool(text[line.content_start:line.end].strip()))


def _runs(document: Document) -> list[list[int]]:
    """The document's lines in runs that read as one: a line of its own, or a paragraph of
    wrapped lines (`_runs_on`)."""
    runs: list[list[int]] = []
    above = None
    for i, line in enumerate(document.lines):
        if _runs_on(document.text, above, line):
            runs[-1].append(i)
        else:
            runs.append([i])
        above = line
    return runs


def _has_long_run(document: Document) -> bool:
    """Whether one of `_runs` spans `FLAT_LINE_CHARS` or more, read in one pass without building
    the runs (most documents have none, and are returned as they are)."""
    if len(document.text) < FLAT_LINE_CHARS:
        return False  # (no run spans more than the text)
    text = document.text
    start = 0
    above = None
    for line in document.lines:
        # (a line runs on only from a wrapped line: `_runs_on` is asked only after one)
        if above is None or "wrapped" not in above.hints or not _runs_on(text, above, line):
            start = line.content_start  # a run of its own starts here
        if line.end - start >= FLAT_LINE_CHARS:
            return True
        above = line
    return False


def _split(line: Line, cuts: list[int], last: bool, text: str) -> list[Line]:
    """``line`` cut at the document offsets ``cuts`` (each inside it); a piece that ends at a cut
    no longer runs on into the next ("wrapped" dropped), and ``last``: nor does the line itself."""
    pieces: list[Line] = []
    bounds = [line.content_start, *cuts, line.end]
    for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
        end = a + len(text[a:b].rstrip())
        hints = line.hints if (n == len(bounds) - 2 and not last) else line.hints - {"wrapped"}
        if n == 0:
            pieces.append(line._replace(end=max(end, a), hints=hints))
        else:
            pieces.append(line._replace(start=a, content_start=a, end=end, is_list_item=False, hints=hints))
    return [piece for piece in pieces if piece.end > piece.content_start or piece is pieces[0]]


def _numbered_line_headings(document: Document, lexicon: Lexicon) -> dict[int, int]:
    """Lines that each open with an item's number counting up (1. 2. 3. ..., at least
    `MIN_ITEM_RUN` of them), whose short heading closed by a full stop runs on into the item's text
    on the same line ("3. BENCH REPAIR. Cllrs RESOLVED ..."): line index -> where the text starts."""
    text = document.text
    numbered: list[tuple[int, int, str]] = []
    for i, line in enumerate(document.lines):
        if not text[line.content_start:line.content_start + 1].isdigit():
            continue
        content = text[line.content_start:line.end]
        item = _ITEM.match(content) or _YEAR_ITEM.match(content)
        if item is not None:
            numbered.append((i, int(item.group("n")), item.groupdict().get("year") or ""))
    if len(numbered) < MIN_ITEM_RUN:
        return {}
    counting = {i for (i, n, year), (_, m, before) in zip(numbered[1:], numbered) if n == m + 1 and year == before}
    counting |= {i for (i, _, _), (j, _, _) in zip(numbered, numbered[1:]) if j in counting}
    if len(counting) < MIN_ITEM_RUN:
        return {}
    openers = frozenset(lexicon.words.decision_openers)
    found: dict[int, int] = {}
    for i in sorted(counting):
        line = document.lines[i]
        content = text[line.content_start:line.end]
        end = _heading_end(content, 0, openers)
        if end is not None:
            cut = len(content) - len(content[end:].lstrip())
            if 0 < cut < len(content.rstrip()):
                found[i] = cut
    return found


def reflow_flattened(document: Document, lexicon: Lexicon) -> Document:
    """The document with its flattened lines cut where their structure shows a break: a line of
    `FLAT_LINE_CHARS` or more, or a paragraph of wrapped lines that long (the same page printed
    to PDF or scanned)."""
    text = document.text
    out: list[Line] = []
    changed = False
    headed = _numbered_line_headings(document, lexicon)
    if not headed and not _has_long_run(document):
        return document  # (most documents: no run long enough to cut, no numbered heading to part)
    runs = _runs(document)
    for run in runs:
        first, last = document.lines[run[0]], document.lines[run[-1]]
        span = text[first.content_start:last.end]
        cuts = _cuts(span, lexicon) if len(span) >= FLAT_LINE_CHARS else []
        if not cuts and len(run) == 1 and run[0] in headed:  # "3. BENCH REPAIR. Cllrs RESOLVED ..."
            changed = True
            out.extend(_split(first, [first.content_start + headed[run[0]]], True, text))
            continue
        if not cuts:
            out.extend(document.lines[i] for i in run)
            continue
        changed = True
        at = [first.content_start + c for c in cuts]
        for k, i in enumerate(run):
            line = document.lines[i]
            following = document.lines[run[k + 1]].content_start if k + 1 < len(run) else line.end
            inside = [c for c in at if line.content_start < c < line.end]
            ends_at_cut = any(line.end <= c <= following for c in at) and k + 1 < len(run)
            out.extend(_split(line, inside, ends_at_cut, text))
    return dataclasses.replace(document, lines=tuple(out)) if changed else document
