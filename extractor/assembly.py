"""The typed values assembly passes between its steps (units, candidates, warnings, the
assembled notice) and the small word tests the labelled and the unlabelled readers share.

Kept apart from `assemble` so that the unlabelled-text classifier (`orphans`) and the
multi-notice orchestration (`notices`) can use them without importing the assembler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import regex

from .document import Document
from .normalise import mostly_upper
from .prefilter import found_in
from .values import ContactValue

LABELLED, INFERRED, FALLBACK = 0, 1, 2  # candidate priority: lower wins
# How a value was found, as its provenance says: a known label, a label guessed from its words,
# value's own wording, or only its position among unlabelled paragraphs.
HOW = ("label", "label_guessed", "pattern", "heading", "wording", "position")
WEAK_BARE = 4  # `assemble._weakness` of a label with no separator and no layout hint: a page heading, maybe


@dataclass(frozen=True, slots=True)
class Unit:
    """The smallest run of text that goes to exactly one place. Frozen, as every value that
    leaves a stage is, though a frozen dataclass costs ~4x a plain one to build (one a section)."""

    start: int
    end: int
    lines: frozenset[int]
    heading: str | None
    text: str
    page: int | None


class Candidate(NamedTuple):
    """A value offered for a field, with where it stands and how strong its evidence is. A named
    tuple, as `Paragraph` is: one is built for every offer, and a frozen dataclass's field-by-field
    ``object.__setattr__`` made it ~4x as costly to build."""

    field: str
    value: Any
    start: int
    end: int
    label: str | None
    priority: int
    units: tuple[int, ...]
    weak: int = 0  # how little the label's own evidence says (see _weakness)
    how: str = "label"  # how the value was found: one of HOW


@dataclass(frozen=True, slots=True)
class WarningRecord:
    code: str
    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class AssembledNotice:
    """Plain values of one notice, ready for the output model, plus where each unit went."""

    values: dict[str, Any]
    provenance: dict[str, tuple[str | None, int, int, str]]  # label, start, end, how (one of HOW)
    other_sections: tuple[Unit, ...]
    warnings: tuple[WarningRecord, ...]
    units: tuple[Unit, ...]
    claimed: frozenset[int]
    needs_review: bool = False  # confidence below the bundled threshold (`confidence.needs_review`, the one rule)
    confidence: float = 1.0  # the notice's: its least sure value, capped by notice-wide doubts
    scores: dict[str, float] = field(default_factory=dict)  # each value's confidence, by field

@dataclass
class State:
    """What the assembler has found so far: the units, the candidates offered for each field,
    the warnings and the kind of record a heading named."""

    units: list[Unit] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    warnings: list[WarningRecord] = field(default_factory=list)
    document_type: tuple[str | None, int, int] | None = None


def starts_with(text: str, opener: str) -> bool:
    """``text`` opens with the word(s) ``opener`` (not only with its letters: "to" is no "today")."""
    return text.startswith(opener) and (len(text) == len(opener) or not text[len(opener)].isalnum())


def short_heading(text: str, max_words: int) -> bool:
    """A line of at most ``max_words`` words with no sentence's end: a heading, a name or an
    address ("Mayor of London", "Westholm Police, Fire and Crime Commissioner"), no sentence."""
    text = text.strip()
    return 0 < len(text.split()) <= max_words and text[-1:] not in ".:;!?"


def opens_with(text: str, openers: tuple[str, ...]) -> bool:
    """`starts_with` any of ``openers``; one C-level ``startswith`` of them all rules most text out first."""
    return text.startswith(openers) and any(starts_with(text, o) for o in openers)


def all_caps(text: str) -> bool:
    return len(text.split()) >= 2 and mostly_upper(text)


def records_a_decision(text: str, words: Any) -> bool:
    """Wording that records a decision taken: "RESOLVED that", "It was agreed", "has approved",
    also after an item's number ("1) NOTED the decisions ...", "(a) APPROVED ...")."""
    bare = unnumbered(text, words)
    narrative = words.decision_narrative
    if found_in(narrative, text):
        return True
    # (the bare words of an ASCII text with no number and nothing to strip are its own lower-cased,
    # which a pattern that ignores case throughout reads as it read the text: nothing found again)
    if not (bare == text.lower() and text.isascii() and words.narrative_caseless) and found_in(narrative, bare):
        return True
    return opens_with(bare, words.decision_openers)


_PARAGRAPH_NUMBER = regex.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?\s+")  # "4.2. The Board agreed ..."


def unnumbered(text: str, words: Any) -> str:
    """A paragraph's words after its item number ("1) NOTED ...", "ii. Approved ...", "4.2. The
    Board agreed ..."), lower-cased."""
    text = text.strip()
    # (`_PARAGRAPH_NUMBER` opens with a digit: no ASCII character but 0-9 starts a match)
    numbered = words.list_item.match(text) or (
        _PARAGRAPH_NUMBER.match(text) if text[:1].isdigit() or not text[:1].isascii() else None)
    return (text[numbered.end():] if numbered else text).strip().lower()


def same_value(a: Any, b: Any) -> bool:
    """Two values that say the same (a conflict only where they differ): text compared by its
    words, case and a closing full stop aside."""
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.lower().split()).rstrip(".") == " ".join(b.lower().split()).rstrip(".")
    return a == b


def show_value(value: Any) -> str:
    """A value as a warning quotes it, cut to 60 characters."""
    if isinstance(value, ContactValue):
        text = repr(value.name)
    elif hasattr(value, "isoformat"):  # a date as the output writes it: 2024-04-03
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def first_lines(document: Document, count: int) -> list[str]:
    """The first ``count`` lines with words, stripped (a document's heading)."""
    found: list[str] = []
    for text in document.stripped_lines:  # (each line's stripped text, cut once a document)
        if text:
            found.append(text)
            if len(found) == count:
                break
    return found

