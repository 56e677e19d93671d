"""split_items(): find the notices in a record of several decisions (a meeting's record).

A new item starts at a heading (a numbered or upper-case line standing alone), a title or
purpose label, or a repeated page marker, once the item before it has a decision of its own.
Segments before the first item are the meeting's header, shared by every item.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from .document import Document
from .sections import SEPARATED, Segment

_NUMBERED_HEADING = regex.compile(r"^(?:(?:item|minute|agenda item)\s+)?\(?\d{1,3}[.)]?\s*[.:)\-–]?\s+(?P<title>\S.*)$", regex.I)
ITEM_NUMBER = regex.compile(r"^(?:(?:item|minute|agenda item)\s+)?\(?\d{1,3}[.)]?\s*[.:)\-–]?\s+", regex.I)


def is_item_heading(text: str) -> bool:
    """A line that heads one decision of several: "2. CAR PARK TARIFFS", "Item 4: Waste Strategy".

    >>> is_item_heading("2. CAR PARK TARIFFS 2024/25"), is_item_heading("Item 4: Waste Strategy Review")
    (True, True)
    >>> is_item_heading("1) The provisional outturn be endorsed."), is_item_heading("(i) THAT the report be noted;")
    (False, False)
    """
    text = text.strip()
    if not text or len(text.split()) > 18 or text.endswith((".", ";", ":", ",")):
        return False
    numbered = _NUMBERED_HEADING.match(text)
    body = numbered.group("title") if numbered else text
    letters = [c for c in body if c.isalpha()]
    if len(letters) < 4:
        return False
    if sum(c.isupper() for c in letters) / len(letters) > 0.9:
        return True
    if not numbered:
        return False
    words = [w for w in body.split() if len(w) > 3 and w[0].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


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


def _labelled_decision(segment: Segment) -> bool:
    return segment.kind == "field" and segment.field == "decision" and bool(segment.value_pieces)


def split_items(document: Document, segments: tuple[Segment, ...],
                decides: Callable[[str], bool] | None = None) -> tuple[tuple[Segment, ...], list[tuple[Segment, ...]]]:
    """``(header, items)``; ``items`` is empty unless the document holds two or more decisions.

    ``decides`` tells unlabelled text that records a decision ("It was resolved to ..."), which
    counts as an item's decision as a "Decision:" section does."""

    def _has_decision(segment: Segment) -> bool:
        if _labelled_decision(segment):
            return True
        if decides is None or segment.kind != "orphan" or not segment.value_pieces:
            return False
        first = segment.value_pieces[0]
        return decides(document.text[first.start : first.end])

    items: list[list[Segment]] = []
    header: list[Segment] = []
    current: list[Segment] | None = None
    decided = False
    for segment in segments:
        if _starts_item(document, segment) and (current is None or decided):
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
    if len(items) < 2 or sum(any(_has_decision(s) for s in item) for item in items) < 2:
        return tuple(segments), []
    return tuple(header), [tuple(item) for item in items]
