"""The field an unknown template label names, read from what the archive prints under it.

A label no lexicon holds ("Courses set aside", "Date of action:", "Member acting:") recurs in
every notice of its template, each time over a different value. One value says little; the
values of a whole template say what the label means: dates under it make it a date's label,
decisions' openings ("That ...", "RESOLVED") a decision's, rejected options the alternatives',
a councillor's or an officer's role the decider's. A field wins only where most of the notices
printing the label agree, and the label then reads as that field's in every notice.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import regex

from ..assembly import opens_with
from ..document import Document
from ..lexicon import Lexicon
from ..values import is_date_only
from .model import LABEL_PART, line_key

MAX_VALUE_CHARS = 400  # the start of a value says what it is
MAX_DECIDER_WORDS = 15  # a decider's name and role is a phrase, not a paragraph
_REJECTED = regex.compile(r"\b(?:was|were|is|are|been) (?:rejected|discounted|dismissed|not (?:pursued|recommended))\b", regex.I)


def field_by_wording(value: str, lexicon: Lexicon) -> str | None:
    """The field a value reads as by its own words, or None (most values say nothing alone)."""
    words = lexicon.words
    text = value.strip()
    lowered = text.lower()
    if not text:
        return None
    if is_date_only(text, words=words):
        return "decision_date"
    if (opens_with(lowered, tuple(words.decision_openers)) or words.decision_taken.search(text)
            or (lowered.startswith("to ") and opens_with(lowered[3:], tuple(words.decision_openers)))):
        return "decision"  # ("To approve a grant of £8,000 ...": a decision's verb, as an order states it)
    if opens_with(lowered, tuple(words.alternatives_openers)) or _REJECTED.search(text):
        return "alternatives_considered"
    if opens_with(lowered, tuple(words.reasons_openers)) or words.reasons_cue.search(text):
        return "reasons"
    if words.declarations_cue.search(text):
        return "declarations_of_interest"
    if words.consultation_cue.search(text):
        return "consultation"
    if (len(text.split()) <= MAX_DECIDER_WORDS and not text.endswith(".")
            and (words.member_maker.search(text) or words.officer_maker.search(text))):
        return "decision_maker"
    return None


def voted_field(members: list[tuple[Document, dict[str, Any]]], key: str, template: set[str],
                lexicon: Lexicon) -> str | None:
    """The field most of the notices printing label ``key`` agree its values read as, or None."""
    votes: Counter[str] = Counter()
    printing = 0
    for document, _ in members:
        value = value_under(document, key, template)
        if value is None:
            continue
        printing += 1
        field = field_by_wording(value, lexicon)
        if field is not None:
            votes[field] += 1
    if not votes:
        return None
    field, count = votes.most_common(1)[0]
    return field if count * 2 > printing else None


def value_under(document: Document, key: str, template: set[str]) -> str | None:
    """What a notice prints under (or after) the template label ``key``: the rest of its line, or
    the lines below it up to the template's next line; None when it does not print the label."""
    texts = [document.text[line.content_start:line.end].strip() for line in document.lines]
    for n, text in enumerate(texts):
        inline = LABEL_PART.match(text)
        if inline is not None and line_key(inline.group("label")) == key and text[inline.end():].strip():
            return text[inline.end():].strip()[:MAX_VALUE_CHARS]
        if line_key(text) != key:
            continue
        below: list[str] = []
        for after in texts[n + 1:]:
            if after and line_key(after) in template:
                break
            if after:
                below.append(after)
            if sum(len(b) for b in below) >= MAX_VALUE_CHARS:
                break
        return " ".join(below)[:MAX_VALUE_CHARS]
    return None
