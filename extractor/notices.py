"""Every notice in a document: one, several (a meeting's minutes, a record of several decisions
split into items that share the meeting's header), or none (a paper that is no notice).

The assembler (`assemble`) reads one notice's segments; this module decides how many notices a
document holds, puts each together with the values its meeting header shares, and says when a
document is no decision notice at all (an agenda, a plan of key decisions, a list of links).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import regex

from .assemble import AssembledNotice, assemble_notice, units_only
from .assembly import WarningRecord, first_lines, records_a_decision
from .document import Document
from .errors import WARNING_CODES
from .fields import INCIDENTAL_FIELDS
from .lexicon import Lexicon
from .prefilter import found_in
from .sections import Segment
from .split import reads_as_minutes, split_items
from .values import is_empty_value

def assemble_notices(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon, *,
                     minutes: bool | None = None) -> tuple[tuple[AssembledNotice, ...], AssembledNotice | None]:
    """Every notice in the document, and the meeting header when it held several decisions.

    ``minutes``: whether the document reads as a meeting's minutes, as `find_sections` was told
    (None: asked here)."""
    if minutes is None:
        minutes = reads_as_minutes(document.text, lexicon.words)
    header, items = split_items(document, segments, lambda text: records_a_decision(text, lexicon.words), minutes)
    if not items:
        return (assemble_notice(document, segments, lexicon),), None
    meeting = assemble_notice(document, header, lexicon, meeting=True)
    last = assemble_notice(document, items[-1], lexicon, shared=meeting, item=True, minute=minutes)
    trailer: dict[str, Any] = {k: last.values[k] for k in ("call_in_deadline", "subject_to_call_in")
               if k in last.values and last.provenance[k][0] is None and k not in meeting.values}
    if trailer:  # "call in any of these decisions by ..." closes the record and covers them all
        meeting = dataclasses.replace(meeting, values={**meeting.values, **trailer},
                                      provenance={**meeting.provenance, **{k: last.provenance[k] for k in trailer}},
                                      scores={**meeting.scores, **{k: last.scores[k] for k in trailer if k in last.scores}})
    notices = [assemble_notice(document, item, lexicon, shared=meeting, item=True, minute=minutes) for item in items[:-1]]
    return (*notices, last), meeting



_INDEX_HEADING = regex.compile(r"(?i)\b(?:decisions|notices|records|items)\b")  # plural: a page listing records
MAX_HEADING_LINES = 3
MAX_KIND_HEADING_WORDS = 12
KIND_HEADING_CHARS = 60  # lines with words at a document's top that may name what kind of paper it is
MAX_BLANK_FORM_HEADINGS = 2  # a blank form's own lines above its labels: its name and a heading
MIN_LEARNED_FIELDS = 2  # fields a run's own template reads from what its notices print, before it is a record
MIN_BLANK_FORM_LABELS = 3  # empty labels before a form without a record's words is a blank one
RECORD_FIELDS = frozenset({"decision_date", "decision_status"})  # labelled, they record a decision taken


def looks_like_notice(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> bool:
    """Whether anything says this is a decision: a known label, a record heading, a pattern that
    states a field, or wording that records a decision ("RESOLVED", "has agreed to"). An agenda,
    a list of links or a summons has none of these, and its lines are no notice's values; nor
    has a paper whose heading names another kind ("PLAN OF KEY DECISIONS", "Paper 1"), unless a
    label records a decision taken (its date or status)."""
    if any(lexicon.words.report_heading.search(h) for h in first_lines(document, MAX_HEADING_LINES)):
        return False  # "Report to: Cabinet": a report recommends a decision, it records none
    # (the labels first: most notices label a date or status, and then the heading's wording,
    # a branch-by-branch search of many headings, need not be read)
    if not any(s.kind == "field" and s.field in RECORD_FIELDS and s.entry is not None and not s.entry.guessed
               and s.value_pieces for s in segments) and names_another_kind(document, lexicon):
        return False
    fields = [s for s in segments if s.kind == "field"]
    if len(fields) >= MIN_BLANK_FORM_LABELS and not any(_filled(document, s, lexicon.words) for s in fields) and not any(
            records_a_decision(document.text[p.start:p.end], lexicon.words)
            for s in segments if s.kind == "orphan" for p in s.value_pieces):
        return False  # a blank form: its labels stand empty ("Decision maker:", "Signed: ____")
    if _empty_labels_only(document, lexicon):
        return False  # a request form not filled in: below its heading, labels each ending in a colon
    learned = {s.field for s in segments if s.kind == "field" and s.entry is not None and s.entry.learned
               and s.field not in INCIDENTAL_FIELDS and _filled(document, s, lexicon.words)}
    if len(learned) >= MIN_LEARNED_FIELDS:
        return True  # labels of a template the run found, their fields read from what its notices print under them
    for seg in segments:
        # a record heading says so ("Decision details"), unless it heads an index of them ("Portfolio
        # Holder Decisions Notices": a list of links; "Agenda items")
        if seg.kind == "fallback" or (seg.kind == "marker" and not _INDEX_HEADING.search(seg.label or "")) or (
                seg.kind == "field" and seg.field not in INCIDENTAL_FIELDS and seg.entry is not None
                and not seg.entry.guessed and not seg.entry.weak):  # "Date:" heads a letter or an agenda too
            return True
        if seg.kind == "pattern" and any(name != "authority" for name, _, _ in seg.groups):
            return True
    return any(records_a_decision(document.text[piece.start : piece.end], lexicon.words)
               for seg in segments if seg.kind in {"orphan", "field", "other"} for piece in seg.value_pieces)



# a line of labels left empty: "Reasons:", "Signed:          Date:", "Signature: ______"
_EMPTY_LABELS_LINE = regex.compile(r"^(?:[^\W\d_][^:.;!?]{0,60}:[\s_.…-]*)+$")


def _empty_labels_only(document: Document, lexicon: Lexicon) -> bool:
    """Whether every line past the first two (a form's headings) is a label left empty, and there
    are `MIN_BLANK_FORM_LABELS` or more: the labels the lexicon does not know count too."""
    lines = [t for t in document.stripped_lines if t]  # (each line's stripped text, cut once a document)
    body = lines[MAX_BLANK_FORM_HEADINGS:] if len(lines) > MAX_BLANK_FORM_HEADINGS else []
    # (every line of the body must be one: the first that is not ends the reading)
    return (len(body) >= MIN_BLANK_FORM_LABELS and all(_EMPTY_LABELS_LINE.match(t) for t in body)
            and not any(records_a_decision(t, lexicon.words) for t in lines))


def _filled(document: Document, segment: Segment, words: Any = None) -> bool:
    """Whether a field's section holds a value: words that are no label of their own (a blank
    form's "Subject:" takes the empty label below it, "Decision sought:", for its value) and no
    placeholder a template leaves ("[Insert title]")."""
    for piece in segment.value_pieces:
        text = document.text[piece.start:piece.end].strip()
        if any(c.isalnum() for c in text) and not text.endswith(":") and not is_empty_value(text, words=words):
            return True
    return False


def names_another_kind(document: Document, lexicon: Lexicon) -> bool:
    """The document's first lines name a paper that is no decision notice."""
    heads = first_lines(document, MAX_HEADING_LINES)
    # a heading, or the opening words of a page flattened into one line; not prose naming a plan
    return any(found_in(lexicon.words.other_document_heading, h if len(h.split()) <= MAX_KIND_HEADING_WORDS
                                                           else h[:KIND_HEADING_CHARS]) for h in heads)



def not_a_notice(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> AssembledNotice:
    """The notice of a file that is no notice: every unit the assembly would make kept, in
    other_sections, no values; a person looks, since a notice of a shape the reader does not know
    would look the same. Only the units are made: its values would be read to be dropped (an
    agenda's cost ~5 M instructions to read and resolve)."""
    units = units_only(document, segments, lexicon)
    warning = WarningRecord("not_a_notice", None, WARNING_CODES["not_a_notice"])
    return AssembledNotice({}, {}, units, (warning,), units, frozenset(), needs_review=True, confidence=0.0)


def unread_notice() -> AssembledNotice:
    """The notice of a document with no text (a scan OCR could not read, or OCR switched off):
    no values, and a person must look."""
    warning = WarningRecord("no_text_layer", None, WARNING_CODES["no_text_layer"])
    return AssembledNotice({}, {}, (), (warning,), (), frozenset(), needs_review=True, confidence=0.0)
