"""assemble_notice(): turn segments into one Notice with values, provenance and warnings.

Every segment (or, for unlabelled text, every paragraph) is a *unit*; each unit either gives
at least one field its value or becomes an entry of ``other_sections``. Nothing is dropped.
Unlabelled paragraphs are read in ModernGov field order: purpose, then decision, then reasons.
"""

from __future__ import annotations

import itertools

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import regex

from .confidence import load_confidence, needs_review, notice_confidence, value_confidence
from .document import Document
from .errors import WARNING_CODES
from .fields import CORE_FIELDS, DATE_FIELDS, INCIDENTAL_FIELDS, SHARED_FIELDS, VALUE_FIELDS
from .lexicon import Lexicon, normalise_label
from .normalise import mostly_upper
from .paragraphs import Paragraph, build_paragraphs
from .sections import SEPARATED, Piece, Segment
from .split import BARE_NUMBER, ITEM_NUMBER, MAX_MINUTE_HEADING_WORDS, MAX_SECTION_HEADING_WORDS, MINUTE_NUMBER, is_item_heading, is_minute_heading, reads_as_minutes, split_items
from .values import (
    DATED_BODY,
    ContactValue,
    Parsed,
    clean_line,
    is_empty_value,
    parse_bool,
    parse_contact,
    parse_date,
    split_date_and_body,
    split_due_by,
    strip_document_size,
)

LABELLED, INFERRED, FALLBACK = 0, 1, 2  # candidate priority: lower wins
# How a value was found, as its provenance says: a known label, a label guessed from its words,
# a whole-line pattern, a heading's place (after "Decision details", a page's first line), the
# value's own wording, or only its position among unlabelled paragraphs.
HOW = ("label", "label_guessed", "pattern", "heading", "wording", "position")
LOW_CONFIDENCE = 70.0  # an OCR'd value whose weakest line scores below this needs review
MIN_TITLE_WORDS = 3  # "Transparency", "Decisions": one or two words at a page's top are its chrome


@dataclass(frozen=True, slots=True)
class Unit:
    """The smallest run of text that goes to exactly one place."""

    start: int
    end: int
    lines: frozenset[int]
    heading: str | None
    text: str
    page: int | None


@dataclass(frozen=True, slots=True)
class Candidate:
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
class _State:
    units: list[Unit] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    warnings: list[WarningRecord] = field(default_factory=list)
    document_type: tuple[str | None, int, int] | None = None




class _Assembler:
    def __init__(self, document: Document, segments: tuple[Segment, ...], lexicon: Lexicon,
                 shared: AssembledNotice | None = None, item: bool = False, minute: bool = False,
                 meeting: bool = False):
        self.doc = document
        self.segments = segments
        self.lex = lexicon
        self.words = lexicon.words
        self.shared = shared
        self.prev_list_item = False  # whether the paragraph read before the current one was a list item
        # the unlabelled run being read, where in it, and which of its paragraphs read as a decision
        self.run_units: list[tuple[Paragraph, int]] = []
        self.run_at = 0
        self.run_worded: dict[int, bool] = {}
        self.next_text = ""  # the paragraph after the current one in its unlabelled run
        self.item = item  # one decision of several: its first heading is its title
        self.minute = minute  # one minute of a meeting's record: all its text below the heading decides
        self.meeting = meeting  # the header of a record of several decisions
        self.s = _State()
        self.guesses: list[tuple[str, str | None, int]] = []  # (field, label, unit) read from a guessed label
        # where each segment stands among the placed ones, and what stands before it, worked out once:
        # asking again for every paragraph made a long document quadratic
        self.placed = [s for s in segments if s.kind != "chrome"]
        self.position = {id(s): i for i, s in enumerate(self.placed)}
        self.minuted = [s.start for s in segments if s.kind == "minute_text"]
        self.empty_before: list[bool] = [True]  # only label-less "other" sections before position i
        self.headed_before: list[bool] = [False]  # a pattern naming the record's kind before i
        self.block_before: list[bool] = [False]  # an orphan or a block field before i
        for seg in self.placed:
            self.empty_before.append(self.empty_before[-1] and seg.kind == "other" and not seg.value_pieces)
            self.headed_before.append(self.headed_before[-1] or (
                seg.kind == "pattern" and seg.pattern is not None and bool(seg.pattern.document_type)))
            self.block_before.append(self.block_before[-1] or seg.kind == "orphan" or (
                seg.kind == "field" and seg.shape == "block"))

    # -- units and candidates ----------------------------------------------------------------
    def unit(self, start: int, end: int, lines: frozenset[int], heading: str | None, text: str) -> int:
        page = self.doc.lines[min(lines)].page if lines else None
        self.s.units.append(Unit(start, end, lines, heading, text, page))
        return len(self.s.units) - 1

    def offer(self, field_name: str, value: Any, start: int, end: int, label: str | None,
              priority: int, unit: int, *, weak: int = 0, how: str = "label") -> None:
        if value is None or value == "" or value == []:
            return
        self.s.candidates.append(Candidate(field_name, value, start, end, label, priority, (unit,), weak, how))

    def warn(self, code: str, field_name: str | None, message: str) -> None:
        if code not in WARNING_CODES:
            raise ValueError(f"unregistered warning code {code!r}")
        self.s.warnings.append(WarningRecord(code, field_name, message))

    def paragraphs(self, pieces: tuple[Piece | None, ...]) -> list[Paragraph]:
        return build_paragraphs(self.doc, pieces, self.words)

    def span_of(self, pieces: tuple[Piece | None, ...]) -> tuple[int, int] | None:
        real = [p for p in pieces if p is not None]
        return (real[0].start, real[-1].end) if real else None

    # -- values by shape ---------------------------------------------------------------------
    def read_value(self, field_name: str, shape: str, paragraphs: list[Paragraph], label: str | None) -> Any:
        if shape == "list":
            items = [strip_document_size(p.text, words=self.words) for p in paragraphs]
            return [clean_line(i) for i in items if clean_line(i) and not is_empty_value(i, words=self.words)]
        if shape == "block":
            text = "\n".join(p.text for p in paragraphs)
            return None if is_empty_value(text, words=self.words) else text
        text = " ".join(p.text for p in paragraphs)
        if is_empty_value(text, words=self.words):
            return None
        where = f" ({label!r})" if label else ""
        if shape == "date":
            return self.checked(field_name, parse_date(text, words=self.words), text, where)
        if shape == "bool":
            return self.checked(field_name, parse_bool(text, words=self.words), text, where)
        if shape == "contact":
            return parse_contact(text, words=self.words).value
        if field_name == "decision_status" and self.words.not_a_status.match(clean_line(text) or ""):
            return None  # "Status: Non confidential" marks the paper, not the decision
        return clean_line(text)

    def checked(self, field_name: str, parsed: Parsed, text: str, where: str) -> Any:
        for code in parsed.warnings:
            self.warn(code, field_name, f"{field_name}{where}: {WARNING_CODES[code]}: {text!r}")
        return parsed.value

    # -- passes ------------------------------------------------------------------------------
    def run(self) -> AssembledNotice:
        orphan_units: list[tuple[Segment, list[tuple[Paragraph, int]]]] = []
        for segment in self.segments:
            if segment.kind == "orphan":
                units = []
                for paragraph in self.paragraphs(segment.pieces):
                    lines = frozenset(p.line for p in paragraph.pieces)
                    units.append((paragraph, self.unit(paragraph.start, paragraph.end, lines, None, paragraph.text)))
                orphan_units.append((segment, units))
            else:
                self.labelled(segment)
        self.read_orphans(orphan_units)
        self.inferences()
        return self.resolve()

    def labelled(self, seg: Segment) -> None:
        span = self.span_of(seg.pieces) or (seg.start, seg.end)
        paragraphs = self.paragraphs(seg.pieces)
        closing = self.closing_paragraphs(seg, paragraphs)
        if closing:  # the call-in procedure or the signing block below a decision: no part of it
            paragraphs = paragraphs[: len(paragraphs) - len(closing)]
            span = (span[0], paragraphs[-1].end)
        text = "\n".join(p.text for p in paragraphs)
        closing_lines = frozenset(piece.line for p in closing for piece in p.pieces)
        unit = self.unit(seg.start, span[1] if closing else seg.end, seg.lines - closing_lines, seg.label, text)
        if closing:
            closing_unit = self.unit(closing[0].start, closing[-1].end, closing_lines, None,
                                     "\n".join(p.text for p in closing))
            for paragraph in closing:  # "I confirm that I do not have any disclosable pecuniary interests ..."
                if self.words.declarations_cue.search(paragraph.text):
                    self.offer("declarations_of_interest", paragraph.text, paragraph.start, paragraph.end, None,
                               INFERRED, closing_unit, how="wording")
                    break
        if seg.kind == "field" and seg.field is not None:  # a field's section always names its field
            for cue, other in ((self.words.declarations_cue, "declarations_of_interest"),
                               (self.words.consultation_cue, "consultation")):
                if (seg.shape == "block" and seg.field != other and len(paragraphs) > 1
                        and not paragraphs[-1].list_item and cue.search(paragraphs[-1].text)):
                    # "I confirm that my register of interests is up to date" closing a summary, "A
                    # full consultation was carried out ..." below the alternatives: another field's
                    last = paragraphs.pop()
                    self.offer(other, last.text, last.start, last.end, None, INFERRED, unit, how="wording")
                    span = (span[0], paragraphs[-1].end)
                    text = "\n".join(p.text for p in paragraphs)
            taken = self.decision_taken(seg, paragraphs)
            if taken:  # "Executive Summary: ... He has opted to propose a rise of 1.99%.": the decision
                paragraphs = paragraphs[: paragraphs.index(taken[0])]
                # a minute's resolution outranks the minute's narrative (no label decides here: checked)
                resolved = bool(self.words.minute_resolution.match(taken[0].text))
                self.offer("decision", "\n".join(p.text for p in taken), taken[0].start, taken[-1].end, None,
                           LABELLED if resolved else INFERRED, unit, weak=WEAK_BARE - 1 if resolved else 0,
                           how="wording")
                span = (span[0], paragraphs[-1].end)
                text = "\n".join(p.text for p in paragraphs)
            if seg.field == "decision_maker" and DATED_BODY.match(text):  # "Meeting: 14/11/2016 - Cabinet (Item 6.)"
                parsed, body = split_date_and_body(text, words=self.words)
                if parsed.value is not None and body:
                    self.offer("decision_date", parsed.value, *span, seg.label, INFERRED, unit, how="label")
                    self.offer("decision_maker", body, *span, seg.label, LABELLED, unit, weak=_weakness(seg))
                    return
            field_name = seg.field
            if field_name == "title" and _reads_as_prose(text) and not self.has("purpose"):
                field_name = "purpose"  # "The subject of the decision:" followed by a paragraph: what it is for
            value = self.read_value(field_name, self.lex.shape_of(field_name) if field_name != seg.field else seg.shape,
                                    paragraphs, seg.label)
            weak = _weakness(seg)
            if field_name == "decision" and isinstance(value, str) and len(value.split()) <= MAX_TERSE_WORDS:
                weak += 2  # "Decision | Analysis": a word or two, where another label may give the decision itself
            if seg.shape == "block" and paragraphs and self.words.site_text.search(paragraphs[0].text):
                weak += 2  # a page heading over the site's own instructions ("Decisions" / "Use the search ...")
            if seg.entry is not None and seg.entry.weak and self.after_signature(seg):
                weak -= 1  # "Signature: ... Date: 4 April 2023": the date it was signed, the decision's
            self.offer(field_name, value, *span, seg.label, LABELLED, unit, weak=weak,
                       how="label_guessed" if seg.entry is not None and seg.entry.guessed else "label")
            if seg.entry is not None and seg.entry.guessed and value not in (None, "", []):
                self.guesses.append((field_name, seg.label, unit))
        elif seg.kind == "fallback":
            raw = " ".join(p.text for p in paragraphs)
            if seg.entry is not None and seg.entry.form == "date_and_body":
                parsed, body = split_date_and_body(raw, words=self.words)
                if parsed.value is not None:
                    self.offer("decision_date", parsed.value, *span, seg.label, FALLBACK, unit)
                self.offer("decision_maker", body, *span, seg.label, FALLBACK, unit)
            else:
                self.offer("decision_maker", split_due_by(raw), *span, seg.label, FALLBACK, unit)
        elif seg.kind == "marker":
            self.note_type(seg.entry.document_type if seg.entry is not None else None, seg.start, seg.end)
        elif seg.kind == "chrome":  # a running head or foot may name the council that issued it
            for pattern in self.lex.patterns:
                found = pattern.regex.search(text) if "authority" in pattern.regex.groupindex else None
                if found:
                    self.offer("authority", clean_line(found.group("authority")), seg.start + found.start("authority"),
                               seg.start + found.end("authority"), None, FALLBACK, unit, how="pattern")
        elif seg.kind == "pattern":
            self.patterned(seg, unit)

    def closing_paragraphs(self, seg: Segment, paragraphs: list[Paragraph]) -> list[Paragraph]:
        """The trailing paragraphs of a section from the first that tells how to call it in ("Any
        member ... should give notice using the call-in facility ...", "This decision was published on
        ... unless called in") or that signs it off ("I
        confirm that I do not have any disclosable pecuniary interests ...", "It has my approval."),
        with the short heading just above a sign-off ("Mayor of London", "AUTHORISING DIRECTOR")."""
        if seg.kind != "field" or seg.shape != "block" or seg.field == "declarations_of_interest":
            return []
        for at, paragraph in enumerate(paragraphs[1:], start=1):
            lowered = paragraph.text.lower()
            if paragraph.list_item or _opens_with(lowered, self.words.decision_openers):
                continue
            if self.words.call_in_procedure.search(paragraph.text) or self.words.notice_statement.search(paragraph.text):
                return paragraphs[at:]
            if self.words.sign_off.search(paragraph.text):
                above = paragraphs[at - 1].text.strip()
                headed = (at >= 2 and len(above.split()) <= MAX_SIGN_OFF_HEADING_WORDS
                          and above.rstrip()[-1:] not in ".:;!?")  # as orphan_field reads a sentence's end
                return paragraphs[at - 1 if headed else at :]
        return []

    def decision_taken(self, seg: Segment, paragraphs: list[Paragraph]) -> list[Paragraph]:
        """The closing paragraphs of a purpose section, from the first in which the decider states
        the decision taken ("He has opted to propose ...", "The Commissioner has approved ..."), in
        a record whose decision has no section of its own: a summary that ends in its outcome."""
        if seg.shape != "block" or len(paragraphs) < 2 or seg.field in (None, "decision", "declarations_of_interest"):
            return []
        if any(other.kind == "field" and other.field == "decision" for other in self.segments):
            return []
        for at, paragraph in enumerate(paragraphs[1:], start=1):
            # a minute's resolution stranded below another label ("Alternative options considered:
            # ... The Committee resolved to agree ...") is the decision, whatever section it ends
            if (seg.field == "purpose" and (self.words.decision_taken.search(paragraph.text) or (
                    (paragraph.list_item or self.words.list_item.match(paragraph.text))
                    and _opens_with(_unnumbered(paragraph.text, self.words), self.words.decision_openers)))) or (
                    self.words.minute_resolution.match(paragraph.text)):
                # ("i. Noted and agreed to ...", "ii. Approved ...": the decisions listed below a purpose)
                listed = list(itertools.takewhile(lambda p: p.list_item, paragraphs[at + 1:]))
                return [paragraph, *listed]  # "The Director has:" and its list; what follows is neither
        return []

    def after_signature(self, seg: Segment) -> bool:
        """Whether the section just before this one is a signature ("Signature:", "Signed by")."""
        at = self.position[id(seg)]
        before = self.placed[at - 1] if at > 0 else None
        return (before is not None and before.label is not None
                and normalise_label(before.label) in self.words.signature_labels)

    def patterned(self, seg: Segment, unit: int) -> None:
        pattern = seg.pattern
        if pattern is None:  # a pattern's section always holds its pattern (segment.patterned)
            return
        if pattern.document_type:
            self.note_type(pattern.document_type, seg.start, seg.end)
        for name, start, end in seg.groups:
            holder = next(p for p in seg.value_pieces if p.start <= end <= p.end)
            pieces: tuple[Piece, ...] = (Piece(start, end, holder.line),)
            after = tuple(p for p in seg.value_pieces if p.start > end)
            followed = any(other_start >= end for other, other_start, _ in seg.groups if other != name)
            if after and end == holder.end and not followed:
                pieces = (*pieces, *after)  # a wrapped heading: the value runs on
            shape = self.lex.shape_of(name)
            value = self.read_value(name, "line" if shape == "block" else shape, self.paragraphs(pieces), None)
            priority = FALLBACK if name in pattern.only_if_missing else INFERRED
            self.offer(name, value, start, pieces[-1].end, None, priority, unit, how="pattern")
        for name, value in pattern.sets:
            self.offer(name, value, seg.start, seg.end, None, FALLBACK, unit, how="pattern")

    def note_type(self, document_type: str | None, start: int, end: int) -> None:
        if self.s.document_type is None:
            self.s.document_type = (document_type, start, end)

    # -- unlabelled text ---------------------------------------------------------------------
    def has(self, field_name: str, priority: int = LABELLED) -> bool:
        return any(c.field == field_name and c.priority <= priority for c in self.s.candidates)

    def fields_found(self) -> set[str]:
        """The fields with a candidate of any priority: ``has(name, FALLBACK)`` for each name at once
        (FALLBACK is the lowest priority a candidate has)."""
        return {c.field for c in self.s.candidates}

    def read_orphans(self, runs: list[tuple[Segment, list[tuple[Paragraph, int]]]]) -> None:
        plan = any(s.kind == "fallback" and s.entry is not None and s.entry.form == "due_by_body" for s in self.segments)
        # a label's fields (a minute's resolution offered as strongly as one is still no label: "wording")
        labelled = {c.field for c in self.s.candidates if c.priority == LABELLED and c.how != "wording"}
        assigned: set[str] = set()
        kinds = [s.kind for s in self.placed]
        for seg, units in runs:
            position = self.position[id(seg)]
            # an item's first words are its heading, also below a label that lost its value
            # ("Decision Ref:" with no number, a table of decisions flattened)
            after_marker = (position > 0 and kinds[position - 1] == "marker") or (
                self.item and self.empty_before[position]) or self.below_record_heading(position)
            opens_document = position == 0 and not self.item
            last: str | None = None
            self.prev_list_item = False
            self.run_units, self.run_worded = units, {}
            for at, (paragraph, unit) in enumerate(units):
                self.run_at = at
                self.next_text = units[at + 1][0].text if at + 1 < len(units) else ""
                target = self.orphan_field(paragraph, seg, after_marker and last is None, plan,
                                           labelled, assigned, last, opens_document and last is None
                                           and unit == units[0][1])
                shape = self.lex.shape_of(target) if target is not None else None
                if target is not None and target == last and shape in {"block", "list"}:
                    self.extend_last(paragraph, unit)  # the next paragraph (or item) of the same value
                elif target is not None:
                    value = (paragraph.text if shape == "block" else self.read_value(target, "list", [paragraph], None)
                             if shape == "list" else clean_line(paragraph.text))
                    if target == "title" and self.item:
                        value = (clean_line((MINUTE_NUMBER if self.minute else ITEM_NUMBER).sub("", paragraph.text))
                                 or "").rstrip(":")
                        value = self.words.title_link_note.sub("", value) if self.minute else value
                    self.offer(target, value, paragraph.start, paragraph.end, None, INFERRED, unit,
                               how=self.orphan_how(paragraph, target))
                    assigned.add(target)
                last = target
                self.prev_list_item = paragraph.list_item

    @cached_property
    def issue_page(self) -> bool:
        """An issue's page ("Issue details"): it describes what is to be decided."""
        return any(s.kind == "marker" and s.entry is not None and s.entry.document_type == "issue_history"
                   for s in self.segments)

    def below_record_heading(self, position: int) -> bool:
        """The first unlabelled line below a heading that names the kind of record ("RECORD OF
        DECISION OF THE Cabinet"), with only one-line values between ("Decision Made: 12 September
        2012"), is where the title stands."""
        return self.headed_before[position] and not self.block_before[position]

    def extend_last(self, paragraph: Paragraph, unit: int) -> None:
        c = self.s.candidates[-1]
        value = ([*c.value, *self.read_value(c.field, "list", [paragraph], None)] if isinstance(c.value, list)
                 else f"{c.value}\n{paragraph.text}")
        self.s.candidates[-1] = Candidate(c.field, value, c.start, paragraph.end,
                                          c.label, c.priority, (*c.units, unit), c.weak, c.how)

    def orphan_field(self, p: Paragraph, seg: Segment, after_marker: bool, plan: bool,
                     labelled: set[str], assigned: set[str], last: str | None,
                     first_line: bool = False) -> str | None:
        """The field an unlabelled paragraph gives its text to, or None. The rules are tried in
        order, the first that applies decides; each says why it comes where it does (``# RULE n``)."""
        text = p.text
        have_title = "title" in labelled or "title" in assigned
        n_words = len(text.split())
        ends = text.rstrip()[-1:]
        one_sentence = ends == "." and "." not in text.rstrip()[:-1].replace("..", "")
        heading_like = n_words <= 30 and (ends not in ".:;!?" or (after_marker and one_sentence)) and (
            not p.list_item or (self.item and is_item_heading(text)))
        # RULE 1: in a minute, right after its marker, a bare number ("2.") is nothing and the minute's
        # heading is read by the minutes' own heading rule (it changes what heading_like means below).
        if self.minute and after_marker:
            if BARE_NUMBER.match(text):
                return None  # "2." alone: the heading follows
            # "2. Acceptance of a tender", "I. Parish Plan:", or a meeting page's heading below its number
            heading_like = is_minute_heading(text) or (n_words <= MAX_MINUTE_HEADING_WORDS and ends not in ".;,!?")
        # The page's own first line, short and in capitals' place, names the notice when no
        # label or marker does ("Decision Log 005/2022 - Community Safety Fund").
        opening = (first_line and seg.head and MIN_TITLE_WORDS <= n_words <= 20 and text[:1].isupper()
                   and ends not in ".:;!?")
        # RULE 2: the title: a heading-like line after a marker, the page's own first line, or one in
        # capitals, while no title is known. First, since a title can look like any of what follows.
        if not have_title and heading_like and (after_marker or opening or (_all_caps(text) and n_words <= 20)):
            return "title"
        # RULE 3: a second heading-like line in the page's head under the title is a subtitle or
        # chrome: no field's.
        if last == "title" and heading_like and seg.head and not plan:
            return None
        lowered = text.lower()
        minuted = self.minuted
        # RULE 4: a minute with its own labelled decision: what was minuted before that decision is
        # the item's purpose, the rest no field's (the label has the decision).
        if self.minute and "decision" in labelled and minuted:
            # a meeting page's minute with its own "Decision" heading: what was minuted before it
            # is what the item was for
            if minuted[0] < p.start < min(c.start for c in self.s.candidates if c.field == "decision" and c.priority == LABELLED):
                return "purpose" if "purpose" not in labelled and (last == "purpose" or "purpose" not in assigned) else None
            return None
        # RULE 5: a minute without a decision label: "the meeting closed" is nothing, the agenda's words
        # above "Minutes:" are the purpose, the rest is the decision (a declaration goes on to RULE 8).
        if self.minute and "decision" not in labelled and not self.words.declarations_cue.search(text):
            if self.words.meeting_closed.search(text):
                return None  # "The meeting closed at 8.05 pm."
            if minuted and p.start < minuted[0]:
                return "purpose"  # the agenda's words above "Minutes:"
            if (not minuted and "purpose" not in labelled and (
                    (last in (None, "title") and _opens_with(lowered, self.words.agenda_openers))
                    or (last == "purpose" and not self.words.minute_resolution.search(text)))
                    and self.resolution_ahead()):
                return "purpose"  # "Consider, and if so decide, ..." up to "The meeting resolved that ..."
            if (last is not None and n_words <= MAX_SECTION_HEADING_WORDS and ends not in ".:;!?,"
                    and self.run_at == len(self.run_units) - 1):
                return None  # "Items for Decision" closing a minute: the page's heading over the next one
            return "decision"  # a minute's narrative and its resolution are one record of what was decided
        # RULE 5a: a signature block: the short line above a sign-off ("West Mercia Police and Crime
        # Commissioner" / "I hereby approve the above proposal.") names who decided; the sign-off
        # itself is no field's (a reason or a decision it is not).
        if self.words.sign_off.search(text):
            return None
        if (n_words <= MAX_SIGNER_WORDS and ends not in ".:;!?" and self.next_text
                and self.words.sign_off.search(self.next_text) and "decision_maker" not in labelled
                and "decision_maker" not in assigned and not p.list_item):
            return "decision_maker"
        # RULE 6: wording about a consultation is the consultation, whatever its position.
        if self.words.consultation_cue.search(text) and not p.list_item and "consultation" not in labelled:
            return "consultation"  # "A full consultation was carried out ...", also in a forward plan's entry
        # RULE 7: in a forward plan (an issue still due) unlabelled text describes what is to be
        # decided: the purpose, never a decision.
        if plan:
            return "purpose" if "purpose" not in labelled else None
        # RULE 8: wording that declares interests is the declarations (no decision's text).
        if self.words.declarations_cue.search(text) and not p.list_item:
            return "declarations_of_interest" if "declarations_of_interest" not in labelled else None
        # RULE 9: a paragraph that opens as reasons do ("The reason for ...") is the reasons.
        if lowered.startswith(self.words.reasons_openers):
            return "reasons" if "reasons" not in labelled else None
        worded = self.reads_as_decision(text)
        decision_like = p.list_item or worded
        # RULE 10: an issue page's list after its last label is its papers (accompanying documents).
        if (p.list_item and not worded and self.issue_page and "accompanying_documents" not in labelled
                and p.start > max((c.start for c in self.s.candidates if c.priority == LABELLED), default=p.start)):
            return "accompanying_documents"  # an issue page's closing list: the papers ("• Officers report")
        # RULE 11: with a labelled decision, unlabelled text before it (after a title) is the purpose,
        # and any other is no field's: the label's value is not to be contested by position.
        if "decision" in labelled:
            # ModernGov order: a description before the labelled decision is its purpose
            before = p.start < min((c.start for c in self.s.candidates if c.field == "decision"
                                    and c.priority == LABELLED and c.weak < WEAK_BARE), default=-1)
            titled = any(c.field == "title" and c.start < p.start for c in self.s.candidates)
            if before and titled and "purpose" not in labelled and (
                    last == "purpose" or (last in (None, "title") and "purpose" not in assigned and not decision_like)):
                return "purpose"
            return None
        # RULE 12: after the decision or reasons, a paragraph that opens as alternatives do is them.
        if last in {"decision", "reasons"} and not p.list_item and "alternatives_considered" not in labelled and lowered.startswith(
                self.words.alternatives_openers):
            return "alternatives_considered"  # "Do nothing – none of the recommendations would be approved."
        # RULE 13: prose after a numbered decision, or opening with the words that bring reasons after
        # a decision, gives its reasons (ModernGov order), unless it reads as a decision itself.
        if (last == "decision" and (self.prev_list_item or lowered.startswith(self.words.reasons_after_decision))
                and not p.list_item and not decision_like and ends != ":"
                and "reasons" not in labelled and "reasons" not in assigned):
            return "reasons"  # ModernGov order: the prose after a numbered decision gives its reasons
        # RULE 14: anything else after the decision continues it.
        if last == "decision":
            return "decision"
        # RULE 15: on an issue page (no decision recorded) the description runs on as the purpose; so
        # does prose before a paragraph further on that opens the decision by its words ("It is
        # proposed that the PCC:"): the decision is there, not in the prose that leads up to it.
        if last == "purpose" and not decision_like and (self.issue_page or self.decision_ahead()):
            return "purpose"  # an issue's description runs on: no decision is recorded on its page
        # RULE 16: the first unlabelled prose that does not read as a decision is the purpose
        # (ModernGov order: purpose, then decision).
        if not decision_like and "purpose" not in labelled and "purpose" not in assigned and "decision" not in assigned:
            return "purpose"
        # RULE 17: then the decision, unless the paragraph is only a note about calling it in.
        if "decision" not in assigned:
            if self.words.call_in_note.search(text) and not decision_like:
                return None
            return "decision"
        # RULE 18: everything else is no field's (it stays in other_sections).
        return None

    def resolution_ahead(self) -> bool:
        """Whether a later paragraph of the unlabelled run records a minute's resolution ("The
        meeting resolved that ...", "It was agreed ...")."""
        return any(self.words.minute_resolution.search(self.run_units[k][0].text)
                   for k in range(self.run_at + 1, len(self.run_units)))

    def decision_ahead(self) -> bool:
        """Whether a later paragraph of the unlabelled run being read opens a decision by its words
        (asked only where it matters, and each paragraph's answer kept for the run)."""
        for k in range(self.run_at + 1, len(self.run_units)):
            if k not in self.run_worded:
                self.run_worded[k] = self.reads_as_decision(self.run_units[k][0].text)
            if self.run_worded[k]:
                return True
        return False

    def reads_as_decision(self, text: str) -> bool:
        """Whether a paragraph's own words make it a decision: an opener ("That the ...", "To
        approve ...") or a narrative of deciding ("The Cabinet agreed ...", "It is proposed that the PCC:")."""
        return _opens_with(text.lower(), self.words.decision_openers) or bool(self.words.decision_narrative.search(text))

    def orphan_how(self, p: Paragraph, target: str) -> str:
        """How an unlabelled paragraph's field was chosen: its wording, a heading's place, or only
        its position in the ModernGov order."""
        lowered = p.text.lower()
        if target == "title":
            return "heading"
        if target in {"declarations_of_interest", "consultation"}:
            return "wording"
        if target == "alternatives_considered":
            return "wording"
        if target == "reasons":
            return "wording" if lowered.startswith(self.words.reasons_openers) else "position"
        if target == "decision" and self.reads_as_decision(p.text):
            return "wording"
        return "position"

    # -- inferences from values already found ------------------------------------------------
    def best(self, field_name: str) -> list[Candidate]:
        """The winning candidate for a field so far, as a list of zero or one."""
        found = [c for c in self.s.candidates if c.field == field_name]
        return sorted(found, key=lambda c: (c.priority, c.weak, c.start))[:1]

    def meeting_facts(self) -> None:
        """The body and date a meeting's record names in its heading ("Minutes of a Meeting of the
        X Parish Council held on ..."), searched in the document's head only: an item's "minutes of
        the meeting held on 8 December" names an earlier meeting."""
        head = [s for s in self.segments if (s.head or self.meeting) and s.kind != "chrome"]
        if not head:
            return
        start, end = head[0].start, max(s.end for s in head)
        earliest: dict[str, Any] = {}  # the first statement of each fact, whichever rule finds it
        had = self.fields_found()
        for rx in self.lex.meeting_headings:
            if had.issuperset(rx.groupindex):
                continue  # every fact it states is found already: none of its finds would be offered
            found = rx.search(self.doc.text, start, end)
            for name in rx.groupindex if found is not None else ():
                if found.start(name) >= 0 and (name not in earliest or found.start(name) < earliest[name].start(name)):
                    earliest[name] = found
        for name, found in sorted(earliest.items(), key=lambda item: item[1].start(item[0])):
            if not self.has(name, FALLBACK):
                unit = self.unit_at(found.start(name))
                if unit is None:
                    continue
                raw = found.group(name)
                value = self.stated(name, raw)
                self.offer(name, value, found.start(name), found.end(name), None, FALLBACK, unit, how="heading")
                if name == "decision_maker" and not self.has("authority", FALLBACK) and value:
                    if any(p.name == "authority_heading" and p.regex.match(value) for p in self.lex.patterns):
                        self.offer("authority", value, found.start(name), found.end(name), None, FALLBACK,
                                   unit, how="heading")

    def stated(self, name: str, raw: str) -> Any:
        """A value a sentence states: a date parsed, a yes/no field's wording ("the deadline for
        call in is ...") meaning yes, anything else as a line."""
        if name in DATE_FIELDS:
            return parse_date(raw, words=self.words).value
        if self.lex.shape_of(name) == "bool":
            return True
        return clean_line(raw)

    def unit_at(self, offset: int) -> int | None:
        return next((i for i, u in enumerate(self.s.units) if u.start <= offset < u.end), None)

    def inferences(self) -> None:
        if not self.item:
            self.meeting_facts()
        if not self.has("title", FALLBACK):
            for c in self.best("purpose"):
                for rx in self.lex.title_from_text:
                    found = rx.search(self.doc.text, c.start, c.end)
                    if found:
                        self.offer("title", clean_line(found.group("title")), found.start("title"),
                                   found.end("title"), None, FALLBACK, c.units[0], how="wording")
                        break
        # deciders and dates in sentences: the decision and purpose first, then any paragraph
        # (a signature block: "Decision approved by the Police and Crime Commissioner")
        places = [(c.start, c.end, c.units[0]) for c in self.best("decision") + self.best("purpose")]
        places += [(u.start, u.end, i) for i, u in enumerate(self.s.units) if u.heading is None]
        places += [(u.start, u.end, i) for i, u in enumerate(self.s.units) if u.heading is not None]
        had = self.fields_found()
        split = len(self.lex.from_text) - self.lex.from_text_last
        rounds = [(start, end, unit, self.lex.from_text[:split]) for start, end, unit in places]
        rounds += [(start, end, unit, self.lex.from_text[split:]) for start, end, unit in places]
        for start, end, unit, rules in rounds:
            for rx in rules:
                if had.issuperset(rx.groupindex):
                    continue  # every field it states is found already: nothing for it to add
                found = rx.search(self.doc.text, start, end)
                if found is None:
                    continue
                for name in rx.groupindex:
                    if found.start(name) < 0 or self.has(name, FALLBACK):
                        continue
                    raw = found.group(name)
                    value = self.stated(name, raw)
                    self.offer(name, value, found.start(name), found.end(name), None, FALLBACK, unit,
                               how="wording")
                had = self.fields_found()
        if not self.has("is_key_decision", FALLBACK):
            for c in self.best("title"):
                if self.words.key_false.search(c.value):
                    self.offer("is_key_decision", False, c.start, c.end, None, FALLBACK, c.units[0], how="wording")
                elif self.words.key_true.search(c.value):
                    self.offer("is_key_decision", True, c.start, c.end, None, FALLBACK, c.units[0], how="wording")
        if not self.has("is_key_decision", FALLBACK):  # "Decision Category: Key"
            for c in self.best("category"):
                text = c.value.strip() if isinstance(c.value, str) else ""
                for cue, key in ((self.words.key_category_false, False), (self.words.key_category_true, True)):
                    if cue.search(text):
                        self.offer("is_key_decision", key, c.start, c.end, None, FALLBACK, c.units[0], how="wording")
                        break

    # -- resolution --------------------------------------------------------------------------
    def resolve(self) -> AssembledNotice:
        if self.proposed():  # a decision proposed is not taken: a date on it is the proposal's (other_sections)
            self.s.candidates = [c for c in self.s.candidates if c.field != "decision_date"]
        values: dict[str, Any] = {}
        provenance: dict[str, tuple[str | None, int, int, str]] = {}
        claimed: set[int] = set()
        by_field: dict[str, list[Candidate]] = {}
        for c in self.s.candidates:
            by_field.setdefault(c.field, []).append(c)
        for name, cands in by_field.items():
            cands.sort(key=lambda c: (c.priority, c.weak, c.start))
            best = cands[0]
            if self.lex.joins(name):
                chosen = [c for c in cands if c.priority == best.priority]
                # "Conflict of interest: None" and "Dispensation granted: None" say one thing once
                values[name] = "\n".join(dict.fromkeys(c.value for c in chosen))
                provenance[name] = (chosen[0].label, chosen[0].start, chosen[-1].end, chosen[0].how)
                claimed.update(u for c in chosen for u in c.units)
                continue
            values[name] = best.value
            provenance[name] = (best.label, best.start, best.end, best.how)
            claimed.update(best.units)
            for other in cands[1:]:
                if other.priority == best.priority and other.units != best.units and not _same(other.value, best.value):
                    self.warn("conflicting_values", name,
                              f"{name}: kept {_show(best.value)} ({best.label or 'unlabelled'}); "
                              f"also found {_show(other.value)} ({other.label or 'unlabelled'})")
        found_type = self.s.document_type or self.infer_type(values, provenance)
        if found_type:
            values["document_type"] = found_type[0]
            how = "heading" if self.s.document_type else "wording"
            provenance["document_type"] = (None, found_type[1], found_type[2], how)
        if self.shared is not None:  # the meeting's maker, date and call-in, unless the item states its own
            for name in SHARED_FIELDS:
                if name not in values and name in self.shared.values:
                    values[name] = self.shared.values[name]
                    provenance[name] = self.shared.provenance[name]
        for name in CORE_FIELDS:  # a core value no label, heading or wording vouches for
            if name in provenance and provenance[name][3] == "position" and self.shared is None:
                self.warn("value_by_position", name, f"{name}: read from where unlabelled text stands, "
                          "not from a label or its wording")
        for name, label, unit in self.guesses:
            if unit in claimed and name in values:
                self.warn("label_guessed", name, f"{name}: the label {label!r} is not in the lexicon; "
                          "its field was read from its words")
        self.review(values)
        for name in VALUE_FIELDS:  # OCR doubt is a reason for a human to look
            confidence = self.doc.confidence(*provenance[name][1:3]) if name in provenance else None
            if confidence is not None and confidence < LOW_CONFIDENCE and name != "document_type":
                self.warn("ocr_low_confidence", name, f"{name}: OCR confidence {confidence:g} (of 100)")
        others = tuple(u for i, u in enumerate(self.s.units) if i not in claimed)
        scores, confidence = self.confidence(provenance, others)
        return AssembledNotice(values, provenance, others, tuple(self.s.warnings), tuple(self.s.units),
                               frozenset(claimed), needs_review=needs_review(confidence, None, load_confidence()),
                               confidence=confidence, scores=scores)

    def evidence(self, span: tuple[str | None, int, int, str]) -> str:
        """How a value was found, as the confidence table scores it: a label with no separator
        that only a form's repeated shape proved ("Decision Title Harbour wall repairs") is
        ``label_bare``, weaker than a label with its colon."""
        if span[3] == "label" and any("value" in ln.hints for ln in self.doc.lines_between(span[1], span[2])):
            return "label_bare"
        return span[3]

    def confidence(self, provenance: dict[str, tuple[str | None, int, int, str]],
                   others: tuple[Unit, ...]) -> tuple[dict[str, float], float]:
        """Each value's confidence and the notice's (`extractor.confidence`)."""
        table = load_confidence()
        methods = {name: span[3] for name, span in provenance.items()}
        about: dict[str, list[str]] = {}
        for w in self.s.warnings:
            if w.field is not None:
                about.setdefault(w.field, []).append(w.code)
        scores = {name: value_confidence(self.evidence(span), name, methods, about.get(name, ()), table,
                                         self.doc.confidence(span[1], span[2]))
                  for name, span in provenance.items() if name != "document_type"}
        placed = sum(span[2] - span[1] for name, span in provenance.items() if name != "document_type")
        unplaced = sum(len(u.text) for u in others)
        share = unplaced / (unplaced + placed) if placed else 0.0
        notice_wide = [w.code for w in self.s.warnings] + list(self.doc.warnings)
        return scores, notice_confidence(scores, notice_wide, share, table)

    def proposed(self) -> bool:
        """The document's first lines head it as a decision proposed, not taken."""
        return any(self.words.proposed_heading.search(h) for h in first_lines(self.doc, MAX_PROPOSED_LINES))

    def infer_type(self, values: dict[str, Any], provenance: dict) -> tuple[str, int, int] | None:
        """The kind of record from its wording when no heading names it; the evidence's span."""
        w = self.words
        for seg in self.segments:
            if seg.kind == "fallback" and seg.entry is not None and seg.entry.form == "due_by_body":
                return "issue_history", seg.start, seg.end  # a forward plan entry: decision still due
        for seg in self.segments:
            if seg.kind == "other" and seg.label and normalise_label(seg.label) in {"decision type", "type of decision"}:
                value = " ".join(p.text for p in self.paragraphs(seg.pieces)).lower().strip(" .")
                if value in w.officer_values:
                    return "officer_decision", seg.start, seg.end
        maker = values.get("decision_maker")
        if isinstance(maker, str) and "decision_maker" in provenance:
            _, start, end, _ = provenance["decision_maker"]
            if w.member_maker.search(maker):
                return "cabinet_member_decision", start, end
            if w.officer_maker.search(maker):
                return "officer_decision", start, end
        for seg in self.segments:
            if seg.label and normalise_label(seg.label) in w.decision_details_labels:
                return "decision_details", seg.start, seg.end
        return None

    def review(self, values: dict[str, Any]) -> None:
        if not values.get("decision"):
            self.warn("missing_decision", "decision", "no decision text was found")
        if not values.get("decision_maker"):
            self.warn("missing_decision_maker", "decision_maker", "no decision maker was found")
        if not any(values.get(f) for f in DATE_FIELDS):
            self.warn("missing_date", None, "the notice states no date at all")


WEAK_BARE = 4  # _weakness of a label with no separator and no layout hint: a page heading, maybe


_INDEX_HEADING = regex.compile(r"(?i)\b(?:decisions|notices|records)\b")  # plural: a page listing records
MAX_SIGNER_WORDS = 10  # "West Mercia Police and Crime Commissioner" above "I hereby approve ..."
MAX_SIGN_OFF_HEADING_WORDS = 5  # "Mayor of London", "AUTHORISING DIRECTOR" above a sign-off
MAX_TERSE_WORDS = 2  # a decision this short ("Analysis", "Approved") yields to a fuller one
MAX_TITLE_PROSE_WORDS = 30  # a title label's value longer than this, in sentences, is a paragraph


def _reads_as_prose(text: str) -> bool:
    """Sentences, not a name: more words than a title has, ending with a full stop."""
    return len(text.split()) > MAX_TITLE_PROSE_WORDS and text.rstrip().endswith(".")


def _weakness(seg: Segment) -> int:
    """How little a label's evidence says: a specific label with its separator says most, then a
    generic or guessed one with its separator, then one only bold or in a heading, then a bare one."""
    generic = 1 if seg.entry is not None and seg.entry.weak else 0
    return (SEPARATED - seg.marked) * 2 + generic


def _starts_with(text: str, opener: str) -> bool:
    return text.startswith(opener) and (len(text) == len(opener) or not text[len(opener)].isalnum())


def _opens_with(text: str, openers: tuple[str, ...]) -> bool:
    """`_starts_with` any of ``openers``; one C-level ``startswith`` of them all rules most text out first."""
    return text.startswith(openers) and any(_starts_with(text, o) for o in openers)


def _all_caps(text: str) -> bool:
    return len(text.split()) >= 2 and mostly_upper(text)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.lower().split()).rstrip(".") == " ".join(b.lower().split()).rstrip(".")
    return a == b


def _show(value: Any) -> str:
    if isinstance(value, ContactValue):
        text = repr(value.name)
    elif hasattr(value, "isoformat"):  # a date as the output writes it: 2024-04-03
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def assemble_notice(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon,
                    *, shared: AssembledNotice | None = None, item: bool = False,
                    minute: bool = False, meeting: bool = False) -> AssembledNotice:
    """Values, provenance, leftovers and warnings for the notice these segments make up.

    ``shared`` gives values an item of a multi-decision record inherits when it lacks its own;
    a ``minute`` (one item of a meeting's minutes) is its heading and then its decision; a
    ``meeting`` header is all head (its heading facts may follow a "Published:" label).
    """
    return _Assembler(document, segments, lexicon, shared, item, minute, meeting).run()


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


MAX_HEADING_LINES = 3
MAX_PROPOSED_LINES = 3  # lines with words at a document's top that may head it as proposed
MAX_KIND_HEADING_WORDS = 12
KIND_HEADING_CHARS = 60  # lines with words at a document's top that may name what kind of paper it is
RECORD_FIELDS = frozenset({"decision_date", "decision_status"})  # labelled, they record a decision taken


def looks_like_notice(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> bool:
    """Whether anything says this is a decision: a known label, a record heading, a pattern that
    states a field, or wording that records a decision ("RESOLVED", "has agreed to"). An agenda,
    a list of links or a summons has none of these, and its lines are no notice's values; nor
    has a paper whose heading names another kind ("PLAN OF KEY DECISIONS", "Paper 1"), unless a
    label records a decision taken (its date or status)."""
    if names_another_kind(document, lexicon) and not any(
            s.kind == "field" and s.field in RECORD_FIELDS and s.entry is not None and not s.entry.guessed and s.value_pieces
            for s in segments):
        return False
    for seg in segments:
        # a record heading says so ("Decision details"), unless it heads an index of them ("Portfolio
        # Holder Decisions Notices": a list of links)
        if seg.kind == "fallback" or (seg.kind == "marker" and not _INDEX_HEADING.search(seg.label or "")) or (
                seg.kind == "field" and seg.field not in INCIDENTAL_FIELDS and seg.entry is not None
                and not seg.entry.guessed and not seg.entry.weak):  # "Date:" heads a letter or an agenda too
            return True
        if seg.kind == "pattern" and any(name != "authority" for name, _, _ in seg.groups):
            return True
    return any(records_a_decision(document.text[piece.start : piece.end], lexicon.words)
               for seg in segments if seg.kind in {"orphan", "field", "other"} for piece in seg.value_pieces)


def first_lines(document: Document, count: int) -> list[str]:
    """The first ``count`` lines with words, stripped (a document's heading)."""
    found: list[str] = []
    for line in document.lines:
        text = document.text[line.content_start:line.end].strip()
        if text:
            found.append(text)
            if len(found) == count:
                break
    return found


def names_another_kind(document: Document, lexicon: Lexicon) -> bool:
    """The document's first lines name a paper that is no decision notice."""
    heads = first_lines(document, MAX_HEADING_LINES)
    # a heading, or the opening words of a page flattened into one line; not prose naming a plan
    return any(lexicon.words.other_document_heading.search(h if len(h.split()) <= MAX_KIND_HEADING_WORDS
                                                           else h[:KIND_HEADING_CHARS]) for h in heads)


def records_a_decision(text: str, words: Any) -> bool:
    """Wording that records a decision taken: "RESOLVED that", "It was agreed", "has approved",
    also after an item's number ("1) NOTED the decisions ...", "(a) APPROVED ...")."""
    return bool(words.decision_narrative.search(text)) or _opens_with(_unnumbered(text, words), words.decision_openers)


def _unnumbered(text: str, words: Any) -> str:
    """A paragraph's words after its item number ("1) NOTED ...", "ii. Approved ..."), lower-cased."""
    text = text.strip()
    numbered = words.list_item.match(text)
    return (text[numbered.end():] if numbered else text).strip().lower()


def without_values(notice: AssembledNotice) -> AssembledNotice:
    """The notice of a file that is no notice: every unit kept, in other_sections, no values;
    a person looks, since a notice of a shape the reader does not know would look the same."""
    warning = WarningRecord("not_a_notice", None, WARNING_CODES["not_a_notice"])
    return AssembledNotice({}, {}, notice.units, (warning,), notice.units, frozenset(), needs_review=True,
                           confidence=0.0)


def unread_notice() -> AssembledNotice:
    """The notice of a document with no text (a scan OCR could not read, or OCR switched off):
    no values, and a person must look."""
    warning = WarningRecord("no_text_layer", None, WARNING_CODES["no_text_layer"])
    return AssembledNotice({}, {}, (), (warning,), (), frozenset(), needs_review=True, confidence=0.0)
