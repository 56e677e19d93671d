"""assemble_notice(): turn segments into one Notice with values, provenance and warnings.

Every segment (or, for unlabelled text, every paragraph) is a *unit*; each unit either gives
at least one field its value or becomes an entry of ``other_sections``. Nothing is dropped.
The labelled sections are read here; the unlabelled paragraphs go to `orphans` (read in
ModernGov field order: purpose, then decision, then reasons); several notices in one document
(a meeting's minutes, a record of several decisions) are put together by `notices`.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from .assembly import (FALLBACK, HOW, INFERRED, LABELLED, WEAK_BARE, AssembledNotice, Candidate, State, Unit,
                       WarningRecord, first_lines, opens_with, same_value,
                       show_value)
from .confidence import load_confidence, needs_review, notice_confidence, value_confidence
from .document import Document
from .endings import after_signature, closing_paragraphs, decision_taken
from .errors import WARNING_CODES
from .fields import CORE_FIELDS, DATE_FIELDS, SHARED_FIELDS, VALUE_FIELDS
from .lexicon import Lexicon, normalise_label
from .orphans import OrphanReader
from .paragraphs import Paragraph, build_paragraphs
from .prefilter import found_in, text_hits
from .rule_sites import may_match, rule_specs, rules_to_try, sites_of
from .sections import SEPARATED, Piece, Segment
from .values import (
    DATED_BODY,
    split_body_on_date,
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

__all__ = ["FALLBACK", "HOW", "INFERRED", "LABELLED", "AssembledNotice", "Candidate", "Unit", "WarningRecord",
           "assemble_notice", "first_lines", "units_only"]

LOW_CONFIDENCE = 70.0  # an OCR'd value whose weakest line scores below this needs review
MAX_TERSE_WORDS = 2  # a decision this short ("Analysis", "Approved") yields to a fuller one
MAX_TITLE_NAME_WORDS = 12  # ... as does a phrase this short that only names it,
NAME_ONLY_WEAKNESS = 6  # ... to the barest label that states it (weaker than any label's `_weakness`)
MAX_TITLE_PROSE_WORDS = 30  # a title label's value longer than this, in sentences, is a paragraph
MAX_PROPOSED_LINES = 3  # lines with words at a document's top that may head it as proposed
# a candidate's rank among its field's, strongest first: the same key as a lambda's, built in C
_RANK = attrgetter("priority", "weak", "start")


class _Assembler:
    def __init__(self, document: Document, segments: tuple[Segment, ...], lexicon: Lexicon,
                 shared: AssembledNotice | None = None, item: bool = False, minute: bool = False,
                 meeting: bool = False):
        self.doc = document
        self.segments = segments
        self.lex = lexicon
        self.words = lexicon.words
        self.shared = shared
        self.item = item  # one decision of several: its first heading is its title
        self.minute = minute  # one minute of a meeting's record: all its text below the heading decides
        self.meeting = meeting  # the header of a record of several decisions
        self.s = State()
        # (field, label, unit, learned) read from a guessed label: by its words, or (learned) from
        # what the notices of a template the run found print under it
        self.guesses: list[tuple[str, str | None, int, bool]] = []
        # where each segment stands among the placed ones, worked out once
        self.placed = [s for s in segments if s.kind != "chrome"]
        self.position = {id(s): i for i, s in enumerate(self.placed)}
        self.hits = text_hits(document.text)  # where the sentence rules' literals stand (`prefilter`)

    # -- units and candidates ----------------------------------------------------------------
    def unit(self, start: int, end: int, lines: frozenset[int], heading: str | None, text: str) -> int:
        page = self.doc.lines[min(lines)].page if lines and self.doc.placed else None  # (unplaced: no line's page)
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

    def paragraphs(self, pieces: tuple[Piece | None, ...], first_item: bool = False) -> list[Paragraph]:
        return build_paragraphs(self.doc, pieces, self.words, first_item=first_item)  # (only orphans' is read)

    def span_of(self, pieces: tuple[Piece | None, ...]) -> tuple[int, int] | None:
        real = [p for p in pieces if p is not None]
        return (real[0].start, real[-1].end) if real else None

    # -- values by shape ---------------------------------------------------------------------
    def read_value(self, field_name: str, shape: str, paragraphs: list[Paragraph], label: str | None) -> Any:
        if shape == "list":
            items = [strip_document_size(p.text, words=self.words) for p in paragraphs]
            return [clean_line(i) for i in items if clean_line(i) and not is_empty_value(i, words=self.words)]
        if shape == "block":
            text = "\n".join([p.text for p in paragraphs])
            return None if is_empty_value(text, words=self.words) else text
        text = " ".join([p.text for p in paragraphs])
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
        OrphanReader(self).read(self.place(values=True))
        self.inferences()
        return self.resolve()

    def place(self, *, values: bool) -> list[tuple[Segment, list[tuple[Paragraph, int]]]]:
        """Every section's units, in the document's order: a labelled section's, with its values
        offered when ``values`` (without, as a paper that is no notice keeps them: `units_only`),
        and each unlabelled run's paragraphs with theirs, for the orphan reader."""
        orphan_units: list[tuple[Segment, list[tuple[Paragraph, int]]]] = []
        for segment in self.segments:
            if segment.kind == "orphan":
                units = []
                for paragraph in self.paragraphs(segment.pieces, first_item=True):
                    lines = frozenset(p.line for p in paragraph.pieces)
                    units.append((paragraph, self.unit(paragraph.start, paragraph.end, lines, None, paragraph.text)))
                orphan_units.append((segment, units))
            elif values:
                self.labelled(segment)
            else:
                self.placed_units(segment)
        return orphan_units

    def placed_units(self, seg: Segment) -> tuple[tuple[int, int], list[Paragraph], list[Paragraph], str, int, int]:
        """A labelled section's unit, and its closing paragraphs' (-1: none), with its span, its
        paragraphs, the closing ones and its text: every unit a section makes, made here."""
        span = self.span_of(seg.pieces) or (seg.start, seg.end)
        paragraphs = self.paragraphs(seg.pieces)
        closing = closing_paragraphs(seg, paragraphs, self.words, self.placed, self.position)
        if closing:  # the call-in procedure or the signing block below a decision: no part of it
            paragraphs = paragraphs[: len(paragraphs) - len(closing)]
            span = (span[0], paragraphs[-1].end)
        text = "\n".join([p.text for p in paragraphs])  # (a list: join builds one anyway)
        closing_lines = frozenset(piece.line for p in closing for piece in p.pieces) if closing else frozenset()
        unit = self.unit(seg.start, span[1] if closing else seg.end, seg.lines - closing_lines if closing else seg.lines,
                         seg.label, text)
        closing_unit = self.unit(closing[0].start, closing[-1].end, closing_lines, None,
                                 "\n".join(p.text for p in closing)) if closing else -1
        return span, paragraphs, closing, text, unit, closing_unit

    def labelled(self, seg: Segment) -> None:
        span, paragraphs, closing, text, unit, closing_unit = self.placed_units(seg)
        if closing:
            for paragraph in closing:  # "I confirm that I do not have any disclosable pecuniary interests ..."
                if found_in(self.words.declarations_cue, paragraph.text):
                    self.offer("declarations_of_interest", paragraph.text, paragraph.start, paragraph.end, None,
                               INFERRED, closing_unit, how="wording")
                    break
        if seg.kind == "field" and seg.field is not None:  # a field's section always names its field
            # (the declarations' many cues are looked for by their words first, `found_in`; the
            # consultation's two stand in so many paragraphs that the look costs more than it spares)
            for cue, other, prefiltered in ((self.words.declarations_cue, "declarations_of_interest", True),
                                            (self.words.consultation_cue, "consultation", False)):
                if (seg.shape == "block" and seg.field != other and len(paragraphs) > 1 and not paragraphs[-1].list_item
                        and (found_in(cue, paragraphs[-1].text) if prefiltered else cue.search(paragraphs[-1].text))):
                    # "I confirm that my register of interests is up to date" closing a summary, "A
                    # full consultation was carried out ..." below the alternatives: another field's
                    last = paragraphs.pop()
                    self.offer(other, last.text, last.start, last.end, None, INFERRED, unit, how="wording")
                    span = (span[0], paragraphs[-1].end)
                    text = "\n".join(p.text for p in paragraphs)
            taken = decision_taken(seg, paragraphs, self.words, self.segments)
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
            dated = (split_body_on_date(text, words=self.words)
                     if seg.field == "decision_maker" and (" on " in text or " dated " in text) else None)
            if dated is not None and dated[0].value is not None:  # "Cabinet Member for Leisure on 4 June 2025"
                self.offer("decision_date", dated[0].value, *span, seg.label, INFERRED, unit, how="label")
                self.offer("decision_maker", dated[1], *span, seg.label, LABELLED, unit, weak=_weakness(seg))
                return
            field_name = seg.field
            if field_name == "title" and _reads_as_prose(text) and not self.has("purpose"):
                field_name = "purpose"  # "The subject of the decision:" followed by a paragraph: what it is for
            value = self.read_value(field_name, self.lex.shape_of(field_name) if field_name != seg.field else seg.shape,
                                    paragraphs, seg.label)
            weak = _weakness(seg)
            if field_name == "decision" and isinstance(value, str) and len(value.split()) <= MAX_TERSE_WORDS:
                weak += 2  # "Decision | Analysis": a word or two, where another label may give the decision itself
            elif field_name == "decision" and isinstance(value, str) and _names_only(value, paragraphs, self.words):
                weak += NAME_ONLY_WEAKNESS  # "Decision: Adoption of the ... Policy" names it; any other label's
                # sentences state it ("Decision taken" alone / "To adopt the ... Policy ...")
            if seg.shape == "block" and paragraphs and found_in(self.words.site_text, paragraphs[0].text):
                weak += 2  # a page heading over the site's own instructions ("Decisions" / "Use the search ...")
            if seg.entry is not None and seg.entry.weak and after_signature(seg, self.words, self.placed, self.position):
                weak -= 1  # "Signature: ... Date: 4 April 2023": the date it was signed, the decision's
            self.offer(field_name, value, *span, seg.label, LABELLED, unit, weak=weak,
                       how="label_guessed" if seg.entry is not None and seg.entry.guessed else "label")
            if seg.entry is not None and seg.entry.guessed and value not in (None, "", []):
                self.guesses.append((field_name, seg.label, unit, seg.entry.learned))
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
        elif (seg.kind == "other" and seg.label and normalise_label(seg.label) in self.words.signature_labels
              and paragraphs and self.words.signer_role.match(paragraphs[0].text.strip().rstrip("."))):
            # "Signature" / "Police and Crime Commissioner": the signer's role, the decider's
            first = paragraphs[0]
            self.offer("decision_maker", clean_line(first.text.strip().rstrip(".")), first.start, first.end,
                       seg.label, FALLBACK, unit)
        elif seg.kind == "chrome":  # a running head or foot may name the council that issued it
            for pattern in self.lex.patterns:
                found = pattern.regex.search(text) if "authority" in pattern.regex.groupindex else None
                if found:
                    self.offer("authority", clean_line(found.group("authority")), seg.start + found.start("authority"),
                               seg.start + found.end("authority"), None, FALLBACK, unit, how="pattern")
        elif seg.kind == "pattern":
            self.patterned(seg, unit)

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
        if document_type and self.s.document_type is None:  # ("Decision notice" heads a record of any kind)
            self.s.document_type = (document_type, start, end)

    # -- unlabelled text ---------------------------------------------------------------------
    def has(self, field_name: str, priority: int = LABELLED) -> bool:
        for c in self.s.candidates:  # (a loop, not any() over a generator: asked ~5 times a notice per field)
            if c.field == field_name and c.priority <= priority:
                return True
        return False

    def fields_found(self) -> set[str]:
        """The fields with a candidate of any priority: ``has(name, FALLBACK)`` for each name at once
        (FALLBACK is the lowest priority a candidate has)."""
        return {c.field for c in self.s.candidates}

    def best(self, field_name: str) -> list[Candidate]:
        """The winning candidate for a field so far, as a list of zero or one."""
        found = [c for c in self.s.candidates if c.field == field_name]
        return [min(found, key=_RANK)] if found else []  # (min: the first of the least, as a stable sort's)

    def meeting_facts(self) -> None:
        """The body and date a meeting's record names in its heading ("Minutes of a Meeting of the
        X Parish Council held on ..."), searched in the document's head only: an item's "minutes of
        the meeting held on 8 December" names an earlier meeting."""
        # (a record-kind heading with its meeting after a dash, "Record of Decisions – Cabinet, 15
        # October 2026", is read as a running head: its words are the meeting's all the same)
        head = [s for s in self.segments if (s.head or self.meeting) and (s.kind != "chrome" or s.label_lines)]
        if not head:
            return
        start, end = head[0].start, max(s.end for s in head)
        earliest: dict[str, Any] = {}  # the first statement of each fact, whichever rule finds it
        had = self.fields_found()
        sites = sites_of(self.hits, len(self.lex.from_text))
        for spec in rule_specs(self.lex.meeting_headings):
            rx = spec.rule
            if had.issuperset(spec.names):
                continue  # every fact it states is found already: none of its finds would be offered
            if not may_match(sites, spec, start, end):
                continue  # the head holds none of its keys: it cannot match there
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
        # a stretch searched again with the same rules finds what it found before, whose fields have
        # their candidates by then (or read as nothing again): each stretch once, where it first stands
        seen: dict[tuple[int, int], tuple[int, int, int]] = {}
        for place in places:
            seen.setdefault(place[:2], place)
        places = list(seen.values())
        had = self.fields_found()
        split = len(self.lex.from_text) - self.lex.from_text_last
        # each rule with the keys one of which a place must hold for it to match there (`rule_sites`);
        # a rule that can match nowhere in the text, or whose every field is found already (found
        # fields are never lost, its finds would not be offered), is left out
        sites = sites_of(self.hits, len(self.lex.from_text))
        first, last = rules_to_try(sites, self.lex.from_text, had, split)
        rounds = [(start, end, unit, first) for start, end, unit in places]
        rounds += [(start, end, unit, last) for start, end, unit in places]
        text = self.doc.text
        for start, end, unit, rules in rounds:
            for rx, names, needs, haystack in rules:
                if had.issuperset(names):
                    continue  # every field it states is found already
                held = True  # `rule_sites.may_match`, written out: it runs for every rule at every place
                for keys, lead in needs:
                    for needed in keys:
                        if haystack.find(needed, start + lead, end + 1) >= 0:
                            break
                    else:
                        held = False
                        break
                if not held:
                    continue  # the place holds no key of one of its sets: it cannot match there
                found = rx.search(text, start, end)
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
        if not self.has("subject_to_call_in", FALLBACK):  # a deadline to call it in says it can be (FIELDS.md)
            for c in self.best("call_in_deadline"):
                self.offer("subject_to_call_in", True, c.start, c.end, c.label, FALLBACK, c.units[0], how="wording")
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
            if len(cands) > 1:
                cands.sort(key=_RANK)
            best = cands[0]
            if self.lex.joins(name):
                chosen = [c for c in cands if c.priority == best.priority]
                # "Conflict of interest: None" and "Dispensation granted: None" say one thing once
                values[name] = "\n".join(dict.fromkeys(c.value for c in chosen))
                provenance[name] = (chosen[0].label, chosen[0].start, chosen[-1].end, chosen[0].how)
                claimed.update(u for c in chosen for u in c.units)
                continue
            if isinstance(best.value, list):  # a list also takes the papers named apart from it, as files
                named = [c for c in cands[1:]  # (orphans' RULE 9a: a file's name, read by its wording)
                         if c.priority == INFERRED and c.how == "wording" and isinstance(c.value, list)]
                if named:
                    merged = sorted([best, *named], key=lambda c: c.start)
                    values[name] = list(dict.fromkeys(item for c in merged for item in c.value))
                    provenance[name] = (best.label, merged[0].start, merged[-1].end, best.how)
                    claimed.update(u for c in merged for u in c.units)
                    cands = [c for c in cands if c not in named]
                    continue
            values[name] = best.value
            provenance[name] = (best.label, best.start, best.end, best.how)
            claimed.update(best.units)
            for other in cands[1:]:
                if other.priority == best.priority and other.units != best.units and not same_value(other.value, best.value):
                    self.warn("conflicting_values", name,
                              f"{name}: kept {show_value(best.value)} ({best.label or 'unlabelled'}); "
                              f"also found {show_value(other.value)} ({other.label or 'unlabelled'})")
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
        for name, label, unit, learned in self.guesses:
            if unit in claimed and name in values:
                self.warn("label_guessed", name, f"{name}: the label {label!r} is not in the lexicon; its field was read "
                          + ("from what this template's notices print under it" if learned else "from its words"))
        self.review(values)
        for name in VALUE_FIELDS if self.doc.scored else ():  # OCR doubt is a reason for a human to look
            # (a document with no OCR'd line has no span with a confidence: not asked field by field)
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
        if span[3] == "label":
            for line in self.doc.lines_between(span[1], span[2]):  # (a loop, not any(): once a value)
                if "value" in line.hints:
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
        scored = self.doc.scored  # (no OCR'd line: no span has an OCR confidence, none asked)
        scores = {name: value_confidence(self.evidence(span), name, methods, about.get(name, ()), table,
                                         self.doc.confidence(span[1], span[2]) if scored else None)
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


def _names_only(value: str, paragraphs: list[Paragraph], words: Any) -> bool:
    """A decision's value that only names it: one short phrase in Title case, no sentence's end, no
    opening of a decision's own ("Adoption of the Private Sector Housing Enforcement Policy")."""
    text = value.strip()
    return (len(paragraphs) == 1 and len(text.split()) <= MAX_TITLE_NAME_WORDS and text[:1].isupper()
            and not text.endswith((".", ";", ":")) and not opens_with(text.lower(), words.decision_openers)
            and not text.lower().startswith("to "))


def _reads_as_prose(text: str) -> bool:
    """Sentences, not a name: more words than a title has, ending with a full stop."""
    return len(text.split()) > MAX_TITLE_PROSE_WORDS and text.rstrip().endswith(".")


def _weakness(seg: Segment) -> int:
    """How little a label's evidence says: a specific label with its separator says most, then a
    generic or guessed one with its separator, then one only bold or in a heading, then a bare one."""
    generic = 1 if seg.entry is not None and seg.entry.weak else 0
    return (SEPARATED - seg.marked) * 2 + generic



def assemble_notice(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon,
                    *, shared: AssembledNotice | None = None, item: bool = False,
                    minute: bool = False, meeting: bool = False) -> AssembledNotice:
    """Values, provenance, leftovers and warnings for the notice these segments make up.

    ``shared`` gives values an item of a multi-decision record inherits when it lacks its own;
    a ``minute`` (one item of a meeting's minutes) is its heading and then its decision; a
    ``meeting`` header is all head (its heading facts may follow a "Published:" label).
    """
    return _Assembler(document, segments, lexicon, shared, item, minute, meeting).run()


def units_only(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> tuple[Unit, ...]:
    """The units `assemble_notice` makes of these segments, in its order, without reading a value:
    all a paper that is no notice keeps (`notices.not_a_notice`)."""
    assembler = _Assembler(document, segments, lexicon)
    assembler.place(values=False)
    return tuple(assembler.s.units)
