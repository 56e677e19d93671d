"""split_items(): find the notices in a record of several decisions (a meeting's record).

A new item starts at a heading (a numbered or upper-case line standing alone), a title or
purpose label, or a repeated page marker, once the item before it has a decision of its own.
Segments before the first item are the meeting's header, shared by every item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import regex

from .document import Document
from .lexicon import normalise_label
from .normalise import mostly_upper
from .prefilter import found_in
from .sections import SEPARATED, Segment

_NUMBERED_HEADING = regex.compile(r"^(?:(?:item|minute|agenda item)\s+)?\(?\d{1,3}[.)]?\s*[.:)\-–]?\s+(?P<title>\S.*)$", regex.I)
# An item's number alone on its line, named as one ("Agenda item 4", "Item 4A", "Minute 12:").
ITEM_ALONE = regex.compile(r"^(?:item|agenda item|minute)\s+\d{1,3}[a-z]?[.:]?$", regex.I)
ITEM_NUMBER = regex.compile(r"^(?:(?:item|minute|agenda item)\s+)?\(?\d{1,3}[.)]?\s*[.:)\-–]?\s+", regex.I)


# A minute's number: "3.", "(3)", "II.", "104/12/16" (minute / month / year), "Item 4:", "M/140/2006:-".
# "23/104" (a year's running number, the year first or last) too, and one with its committee's
# letters before it ("E12/25", "EC.14/2025": an Environment Committee's twelfth minute of 2025).
MINUTE_NUMBER = regex.compile(r"^(?:(?:item|minute|agenda item)\s+)?(?:\(?\d{1,3}[.)]?|[IVX]{1,5}\.|\d{1,4}/\d{1,2}/\d{2,4}\s*/?"
                              r"|(?-i:\p{Lu}{1,4})/\d{1,4}/\d{2,4}\s*:?-?|(?-i:\p{Lu}{1,4})\.?\s?\d{1,4}/\d{2,4}|\d{2}/\d{1,4}|\d{1,4}/\d{2})"
                              r"\s*[.:)\-–]?\s+(?:\d{1,3}\.\d{2}\.?\s+)?", regex.I)  # "4. 80.20. FOOTPATH": item and minute
# the number's words in any case ("Item 3", "MINUTE 12"), the title opening with a capital
_MINUTE_HEADING = regex.compile(r"(?i:" + MINUTE_NUMBER.pattern + r")(?P<title>\p{Lu}.*)$")
MAX_MINUTE_HEADING_WORDS = 15
MAX_SECTION_HEADING_WORDS = 4  # "Standard Items", "Items for Decision": a meeting page's heading between minutes
TITLE_CASE_SHARE = 0.6  # a numbered heading's longer words mostly start with a capital
MINUTES_CUE_REACH = 700  # a meeting's record says so in its first lines


def reads_as_minutes(text: str, words: Any) -> bool:
    """A meeting's record ("Minutes of ...", "Agenda and minutes", "Decisions agreed at ...") by
    its first lines: then each numbered heading opens one minute.

    >>> from extractor.lexicon import load_lexicon
    >>> reads_as_minutes("Minutes of the Cabinet meeting held on 4 March 2024", load_lexicon().words)
    True
    """
    if found_in(words.minutes_cue, text[:MINUTES_CUE_REACH]):
        return True
    return _numbered_and_minuted(text, words)


_NUMBERED_LINE = regex.compile(r"^[ \t]*(?:(?:item|minute|agenda item)\s+)?(\d{1,3})[.)]?[ \t]*[.:)\-–]?[ \t]+\p{Lu}[^\n]*$",
                               regex.M | regex.I)
MIN_MINUTE_HEADINGS = 3  # numbered headings in order, before a page without the word reads as a meeting's record


# Where `_NUMBERED_LINE` may match past the first line: a line opening (after blanks) with an ASCII
# digit or i/m/a in either case (the ASCII characters its number or "item", "minute", "agenda item"
# can start with, its own case folding included), or with any character past ASCII (Unicode digits,
# "İtem"). A superset, in Python's re: its scan for the line break runs in C, where asking every
# line's start with `regex` took a call a line.
_NUMBERED_START = re.compile("\n[ \t]*[0-9iImMaA\x80-\U0010ffff]")


def _numbered_lines(text: str) -> Iterator[Any]:
    """``_NUMBERED_LINE.finditer(text)``, tried only at the starts of lines that may open with a
    digit or an item's word: the same matches, without the scan trying ``^`` at every character."""
    end = 0  # where the last match ended (finditer goes on from there)
    found = _NUMBERED_LINE.match(text, 0)
    if found is not None:
        yield found
        end = found.end()
    for start in _NUMBERED_START.finditer(text):
        at = start.start() + 1
        if at >= end:
            found = _NUMBERED_LINE.match(text, at)
            if found is not None:
                yield found
                end = found.end()


def _numbered_and_minuted(text: str, words: Any) -> bool:
    """A meeting's page that never says "minutes" (a CMIS or council page: "1 Sederunt", "2
    Declarations of Interest", "3 Resolution ... The meeting resolved that ..."): numbered headings
    that count up, and a minute's wording of what was resolved."""
    numbers: list[int] = []
    for found in _numbered_lines(text):
        if not is_minute_heading(found.group()):
            continue
        number = int(found.group(1))
        if numbers and numbers[-1] < number <= numbers[-1] + MAX_MINUTE_STEP:
            numbers.append(number)
        else:  # a first heading, or the count starts again ("9 Apr 2019" above "1 Sederunt")
            numbers = [number]
        if len(numbers) >= MIN_MINUTE_HEADINGS:
            return bool(words.minute_resolution.search(text))
    return False


MAX_MINUTE_STEP = 3  # a minute's number after the one before (an item left out of the page: a gap)
# "2." alone: a meeting page's item number; "M/140/2006:-" alone: a council's minute reference
# "4. 80.20." too: an item's number and its minute's reference, the heading on the next line
BARE_NUMBER = regex.compile(r"^\s*(?:\(?\d{1,3}[.)]?(?:\s+\d{1,3}\.\d{2}\.?)?|\p{Lu}{1,4}/\d{1,4}/\d{2,4}\s*:?-?)\s*$")


# What a minute's number (`MINUTE_NUMBER`, its case ignored but for the committee's capitals) and
# `BARE_NUMBER` can open with, in ASCII: a digit, "(", a capital, or i, v, x (a roman number), m
# ("minute") and a ("agenda item") in lower case. Any character past ASCII is left to them.
_MINUTE_FIRSTS = frozenset("0123456789(ABCDEFGHIJKLMNOPQRSTUVWXYZivxma")


def may_open_minute(text: str) -> bool:
    """Whether ``text`` (after its blanks) may open with a minute's number, as `is_minute_heading`
    and `BARE_NUMBER` read it: the rest of the lines ("the Clerk reported ...", "- a bullet") are
    refused without a regex call."""
    first = text.lstrip()[:1]
    return not first.isascii() or first in _MINUTE_FIRSTS


def is_minute_heading(text: str) -> bool:
    """A numbered heading of a meeting's record, in any case: "2. Acceptance of a tender for
    grass cutting", "I. Parish Plan:", "104/12/16 Minutes of the Meeting".

    >>> is_minute_heading("3. Renewal of the playing field mowing contract"), is_minute_heading("1.1 The Clerk reported.")
    (True, False)
    >>> is_minute_heading("2. That the report be noted"), is_minute_heading("Renewal of the contract")
    (False, False)
    >>> is_minute_heading("Item 3 Village hall roof"), is_minute_heading("23/104 ALLOTMENT RENTS")
    (True, True)
    >>> is_minute_heading("4. 80.20. FOOTPATH REPAIR."), is_minute_heading("4. 80.20 The Clerk reported.")
    (True, False)
    """
    text = text.strip()
    numbered = _MINUTE_HEADING.match(text) if may_open_minute(text) else None
    if numbered is None or text.endswith((";", ",")):
        return False
    title = numbered.group("title")
    if text.endswith(".") and not _heading_with_stop(title.rstrip(".")):
        return False
    first = title.split()[0].lower().strip(",:")
    return len(title.split()) <= MAX_MINUTE_HEADING_WORDS and first not in {"that", "to", "it"}


MAX_STOPPED_HEADING_WORDS = 8


def _heading_with_stop(title: str) -> bool:
    """A minute's heading that a clerk closed with a full stop ("3. BUS SHELTER REPAIR.",
    "1. Apologies."): in capitals, or a few words in Title Case; a sentence ("4. The Clerk
    reported.") is no heading.

    >>> _heading_with_stop("BUS SHELTER REPAIR"), _heading_with_stop("Apologies"), _heading_with_stop("The Clerk reported")
    (True, True, False)
    """
    if "." in title or not title[:1].isupper():
        return False  # two sentences, or a heading's words run on into the text
    if mostly_upper(title):
        return True
    return len(title.split()) <= MAX_STOPPED_HEADING_WORDS and title_cased(title, 1.0)


def title_cased(text: str, share: float = TITLE_CASE_SHARE) -> bool:
    """At least ``share`` of the longer words start with a capital ("Waste Strategy Review",
    "Declarations of Interest"): a heading's words, not a sentence's."""
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    capitalised = [w for w in words if w[0].isupper()]
    return bool(words) and len(capitalised) / len(words) >= share


def is_item_heading(text: str) -> bool:
    """A line that heads one decision of several: "2. CAR PARK TARIFFS", "Item 4: Waste Strategy".

    >>> is_item_heading("2. CAR PARK TARIFFS 2024/25"), is_item_heading("Item 4: Waste Strategy Review")
    (True, True)
    >>> is_item_heading("Agenda item 4A"), is_item_heading("Agenda items")
    (True, False)
    >>> is_item_heading("1) The provisional outturn be endorsed."), is_item_heading("(i) THAT the report be noted;")
    (False, False)
    """
    text = text.strip()
    if ITEM_ALONE.match(text):
        return True  # "Agenda item 4" alone: the item's title is the next line
    if not text or len(text.split()) > 18 or text.endswith((".", ";", ":", ",")):
        return False
    numbered = _NUMBERED_HEADING.match(text)
    body = numbered.group("title") if numbered else text
    if sum(map(str.isalpha, body)) < 4:  # its letters
        return False
    if mostly_upper(body):
        return True
    if not numbered:
        return False
    return title_cased(body, TITLE_CASE_SHARE)  # "Item 4: Waste Strategy Review": title case


def _starts_item(document: Document, segment: Segment) -> bool:
    if segment.kind == "marker":
        return True
    if segment.kind == "field" and segment.field in {"title", "purpose"}:
        return True
    if segment.kind == "pattern" and segment.pattern is not None and segment.pattern.starts_item:
        return True
    if segment.kind == "orphan" and segment.value_pieces:
        first = segment.value_pieces[0]
        return is_item_heading(document.text[first.start : first.end])
    return False


_NAMED_ITEM = regex.compile(r"^\s*(?:item|agenda item|minute)\s+\d{1,3}[a-z]?\b", regex.I)


def _named_item(document: Document, segment: Segment) -> bool:
    """A segment opened by an item named with its number ("Agenda item 4", "Item 6 - Waste")."""
    if segment.kind != "orphan" or not segment.value_pieces:
        return False
    first = segment.value_pieces[0]
    return bool(_NAMED_ITEM.match(document.text[first.start : first.end]))


def _listed(segment: Segment) -> bool:
    """An entry line of a list of decisions ("22/01/2025 - Mayor's Budget ref: 957"): a new
    entry whether or not the one before recorded its decision."""
    return segment.kind == "pattern" and segment.pattern is not None and segment.pattern.starts_item


def _labelled_decision(segment: Segment) -> bool:
    return segment.kind == "field" and segment.field == "decision" and bool(segment.value_pieces)


def _opens_minute(document: Document, segment: Segment) -> bool:
    """A segment whose first line is a minute's numbered heading (a numbered label included)."""
    lines = segment.label_lines or tuple(p.line for p in segment.value_pieces[:1])
    if not lines:
        return False
    line = document.lines[lines[0]]
    text = document.text[line.start : line.end]
    return is_minute_heading(text) or bool(BARE_NUMBER.match(text))


def _short_heading(document: Document, segment: Segment) -> bool:
    """A segment of one short line with no sentence's end: an item's title."""
    lines = segment.label_lines or tuple(p.line for p in segment.value_pieces)
    if len(set(lines)) != 1:
        return False
    line = document.lines[lines[0]]
    text = document.text[line.content_start:line.end].strip()
    return 0 < len(text.split()) <= MAX_MINUTE_HEADING_WORDS and not text.endswith((".", ":", ";"))


def split_items(document: Document, segments: tuple[Segment, ...],
                decides: Callable[[str], bool] | None = None,
                minutes: bool = False) -> tuple[tuple[Segment, ...], list[tuple[Segment, ...]]]:
    """``(header, items)``; ``items`` is empty unless the document holds two or more decisions.

    ``decides`` tells unlabelled text that records a decision ("It was resolved to ..."), which
    counts as an item's decision as a "Decision:" section does. In ``minutes`` each numbered
    heading opens a minute; minutes that decide nothing (apologies, declarations) are the
    meeting's, and one deciding minute is enough."""

    answers: dict[int, bool] = {}  # id(segment): its answer (an item's segments are asked again when
    # the items that decide are counted; the segments outlive the call, so their ids are theirs)

    def _has_decision(segment: Segment) -> bool:
        answer = answers.get(id(segment))
        if answer is None:
            answer = answers[id(segment)] = _decided(segment)
        return answer

    def _decided(segment: Segment) -> bool:
        if _labelled_decision(segment):
            return True
        if decides is None or segment.kind != "orphan" or not segment.value_pieces:
            return False
        if minutes:  # a minute's resolution closes its narrative
            return any(decides(document.text[p.start : p.end]) for p in segment.value_pieces)
        first = segment.value_pieces[0]
        return decides(document.text[first.start : first.end])

    items: list[list[Segment]] = []
    header: list[Segment] = []
    current: list[Segment] | None = None
    decided = False
    if minutes:
        for at, segment in enumerate(segments):
            # a numbered heading; or the item's title right above its "Minutes:" (a meeting page's
            # rows, "Minute of Previous Meeting Minutes: The Committee had before it ...")
            titled = (at + 1 < len(segments) and segments[at + 1].kind == "minute_text"
                      and segment.kind in {"orphan", "field"} and _short_heading(document, segment))
            if _opens_minute(document, segment) or titled:
                current = [segment]
                items.append(current)
            elif current is None:
                header.append(segment)
            else:
                current.append(segment)
        deciding = [item for item in items if any(_has_decision(s) for s in item)]
        if deciding:
            rest = [s for item in items if item not in deciding for s in item]
            return tuple(sorted(header + rest, key=lambda s: s.start)), [tuple(item) for item in deciding]
        items, header, current = [], [], None
    for segment in segments:
        if _starts_item(document, segment) and (current is None or decided or _listed(segment) or (
                _named_item(document, segment) and _named_item(document, current[0]))):
            if current is None and not any(_labelled_decision(s) and s.marked == SEPARATED for s in header) and segment.kind != "marker":
                current = [segment]
                items.append(current)
                decided = False
                continue
            if current is not None:
                current = [segment]
                items.append(current)
                decided = False
                continue
        if current is None:
            header.append(segment)
        else:
            current.append(segment)
            decided = decided or _has_decision(segment)
    listed = len(items) >= 2 and all(_listed(item[0]) for item in items)
    deciding = [item for item in items if any(_has_decision(s) for s in item)]
    if not listed and len(items) >= 2 and deciding and all(_named_item(document, item[0]) for item in items):
        # "Agenda item 3" ... "Agenda item 4": items the record numbers by name are its decisions even
        # when only one of them records one (the others, a question time, stay with the header)
        rest = [s for item in items if item not in deciding for s in item]
        return tuple(sorted(header + rest, key=lambda s: s.start)), [tuple(item) for item in deciding]
    if not listed and (len(items) < 2 or len(deciding) < 2):
        return _repeated_records(segments)
    return tuple(header), [tuple(item) for item in items]


MIN_RECORD_LABELS = 3  # a table of decisions repeats at least this many labels in each record


_KEYED = frozenset({"field", "other", "fallback"})  # the kinds of segment whose label can come back


def _label_key(segment: Segment) -> str | None:
    if segment.kind in _KEYED and segment.label:
        return normalise_label(segment.label)
    return None


def _repeated_records(segments: tuple[Segment, ...]) -> tuple[tuple[Segment, ...], list[tuple[Segment, ...]]]:
    """A table of decisions flattened into labelled blocks ("Decision Ref: / Issue: / Decision: /
    Date of Decision: / Decision Maker:", again and again): each record starts where the first of
    its labels comes back. Needs three labels or more that come back as often, and a value with
    words in each record, so that two signature blocks ("Signed / Date") are no two decisions."""
    # three labels each twice or more: six labelled segments at least, or no label is normalised
    if sum(1 for s in segments if s.kind in _KEYED and s.label) < MIN_RECORD_LABELS * 2:
        return tuple(segments), []
    keys = [_label_key(s) for s in segments]
    counts: dict[str, int] = {}
    for key in keys:
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    first = next((k for k in keys if k is not None and counts[k] >= 2), None)
    # the last record may be cut short (a page's excerpt, a truncated file): one fewer is as often
    if first is None or sum(1 for c in counts.values() if c >= max(2, counts[first] - 1)) < MIN_RECORD_LABELS:
        return tuple(segments), []
    starts = [i for i, k in enumerate(keys) if k == first]
    bounds = [*starts, len(segments)]
    items = [segments[a:b] for a, b in zip(bounds, bounds[1:])]
    if not all(any(s.kind == "orphan" or s.field in {"decision", "title", "purpose"} for s in item) for item in items):
        return tuple(segments), []
    return tuple(segments[: starts[0]]), [tuple(item) for item in items]
