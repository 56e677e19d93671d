"""The unlabelled-text classifier: which field an unlabelled paragraph gives its text to.

A notice's text that no label, pattern or marker claims (a ModernGov page's description, a
minute's narrative, a record in prose) is read paragraph by paragraph in ModernGov field order
(purpose, then decision, then reasons), with the numbered rules of `OrphanReader.orphan_field`
deciding where the order gives way to wording ("It is proposed that ...", "The reason for ..."),
to a heading's place, or to a signature block. The assembler (`assemble`) reads the labelled
sections first and hands this reader the unlabelled runs; candidates go back through its `offer`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Protocol

import regex

from .assembly import INFERRED, LABELLED, WEAK_BARE, Candidate, State, all_caps, opens_with, short_heading
from .lexicon import Lexicon
from .paragraphs import Paragraph
from .prefilter import found_in
from .sections import Segment
from .split import (BARE_NUMBER, ITEM_ALONE, ITEM_NUMBER, MAX_MINUTE_HEADING_WORDS, MAX_SECTION_HEADING_WORDS, MINUTE_NUMBER,
                    is_item_heading, is_minute_heading)
from .values import clean_line

MIN_TITLE_WORDS = 3  # "Transparency", "Decisions": one or two words at a page's top are its chrome
MAX_SIGNER_WORDS = 10  # "West Mercia Police and Crime Commissioner" above "I hereby approve ..."
_NUMBERED_WORD = regex.compile(r"\s\d{4}(?:[/-]\d{2,4})?$")  # a year, or a year's span, ending a short heading
# the issuer's name heading a page (a council's, a commissioner's): the page's first words follow it
LETTERHEAD_PATTERNS = frozenset({"authority_heading", "commissioner_heading"})
MAX_LETTERHEAD_WORDS = 10  # a letterhead's line above a record's heading is a name or an address
MAX_LINK_WORDS = 4  # a few words with no sentence and no decision's wording: a link's text, no decision


class Assembly(Protocol):
    """What the unlabelled reader needs of the assembler: the document's segments and where each
    stands, what was found so far, and a way to offer a value or read one by its shape."""

    words: Any
    lex: Lexicon
    item: bool
    minute: bool
    segments: tuple[Segment, ...]
    placed: list[Segment]
    position: dict[int, int]
    s: State

    def offer(self, field_name: str, value: Any, start: int, end: int, label: str | None,
              priority: int, unit: int, *, weak: int = 0, how: str = "label") -> None: ...

    def read_value(self, field_name: str, shape: str, paragraphs: list[Paragraph], label: str | None) -> Any: ...


class OrphanReader:
    """Reads a notice's unlabelled runs (its "orphan" segments) after its labelled sections."""

    def __init__(self, at: Assembly) -> None:
        self.at = at
        self.words = at.words
        self.lex = at.lex
        self.item = at.item  # one decision of several: its first heading is its title
        self.minute = at.minute  # one minute of a meeting's record: all its text below the heading decides
        self.segments = at.segments
        self.placed = at.placed
        self.position = at.position
        self.s = at.s
        self.prev_list_item = False  # whether the paragraph read before the current one was a list item
        # the unlabelled run being read, and where in it
        self.run_units: list[tuple[Paragraph, int]] = []
        self.run_at = 0
        # whether a paragraph's text reads as a decision, asked once a text: the rules ask it of a
        # paragraph, `decision_ahead` of the ones below it, and `orphan_how` again of the one read
        self.worded: dict[str, bool] = {}
        self.resolved: dict[str, bool] = {}  # whether a paragraph's text records a resolution (`resolves`)
        self.next_text = ""  # the paragraph after the current one in its unlabelled run
        self.minuted: list[int] = []
        self.empty_before: list[bool] = [True]  # only label-less "other" sections before position i
        self.headed_before: list[bool] = [False]  # a pattern naming the record's kind before i
        self.block_before: list[bool] = [False]  # an orphan or a block field before i, since the last heading

    def _work_out_places(self) -> None:
        """What stands before each placed segment, worked out once a notice that has unlabelled
        text to read (asking again for every paragraph made a long document quadratic)."""
        self.minuted = [s.start for s in self.segments if s.kind == "minute_text"]
        for seg in self.placed:
            heading = seg.kind == "pattern" and seg.pattern is not None and bool(seg.pattern.document_type)
            self.empty_before.append(self.empty_before[-1] and seg.kind == "other" and not seg.value_pieces)
            self.headed_before.append(self.headed_before[-1] or heading)
            # counted from the last such heading: a letterhead's address above it is no block
            self.block_before.append(not heading and (self.block_before[-1] or seg.kind == "orphan" or (
                seg.kind == "field" and seg.shape == "block")))

    def read(self, runs: list[tuple[Segment, list[tuple[Paragraph, int]]]]) -> None:
        # a run without a paragraph offers nothing and leaves nothing for the next run to read
        # (each run starts afresh), and a notice with no paragraph to read needs no places
        runs = [run for run in runs if run[1]]
        if not runs:
            return
        self._work_out_places()
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
            # the page's first words, or the first after its letterhead (the issuer's name heading it)
            # when no record's heading follows (below one, the title is the heading's: an address is not)
            # (a line right above the body's name, "Democratic Services, County Hall", is its letterhead's)
            opens_document = not self.item and ((position == 0 and not self.letterhead_below(position)) or (all(
                s.kind == "chrome" or (s.kind == "pattern" and s.pattern is not None and s.pattern.name in LETTERHEAD_PATTERNS)
                for s in self.placed[:position]) and not any(
                s.kind == "marker" or (s.kind == "pattern" and s.pattern is not None and s.pattern.document_type)
                for s in self.placed[position:])))
            last: str | None = None
            self.prev_list_item = False
            self.run_units = units
            for at, (paragraph, unit) in enumerate(units):
                self.run_at = at
                self.next_text = units[at + 1][0].text if at + 1 < len(units) else ""
                target = self.orphan_field(paragraph, seg, after_marker and last is None, plan,
                                           labelled, assigned, last, opens_document and last is None
                                           and unit == units[0][1])
                if position == 0 and self.letterhead_below(position) and short_heading(paragraph.text, MAX_LETTERHEAD_WORDS):
                    target = None  # the issuer's heading above the record's own ("Westholm ... Commissioner")
                shape = self.lex.shape_of(target) if target is not None else None
                if target is not None and target == last and shape in {"block", "list"}:
                    self.extend_last(paragraph, unit)  # the next paragraph (or item) of the same value
                elif target is not None:
                    value = (paragraph.text if shape == "block" else self.at.read_value(target, "list", [paragraph], None)
                             if shape == "list" else clean_line(paragraph.text))
                    if target == "title" and self.item:
                        value = (clean_line((MINUTE_NUMBER if self.minute else ITEM_NUMBER).sub("", paragraph.text))
                                 or "").rstrip(":")
                        value = self.words.title_link_note.sub("", value) if self.minute else value
                    self.at.offer(target, value, paragraph.start, paragraph.end, None, INFERRED, unit,
                               how=self.orphan_how(paragraph, target))
                    assigned.add(target)
                last = target
                self.prev_list_item = paragraph.list_item

    def letterhead_below(self, position: int) -> bool:
        """Whether the placed segment right after this one is the issuer's name heading the page."""
        below = self.placed[position + 1] if position + 1 < len(self.placed) else None
        return (below is not None and below.kind == "pattern" and below.pattern is not None
                and below.pattern.name in LETTERHEAD_PATTERNS)

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
        value = ([*c.value, *self.at.read_value(c.field, "list", [paragraph], None)] if isinstance(c.value, list)
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
        if self.item and after_marker and ITEM_ALONE.match(text):
            return None  # "Agenda item 4" alone: the item's title follows
        if self.minute and after_marker:
            if BARE_NUMBER.match(text):
                return None  # "2." alone: the heading follows
            # "2. Acceptance of a tender", "I. Parish Plan:", or a meeting page's heading below its number
            heading_like = is_minute_heading(text) or (n_words <= MAX_MINUTE_HEADING_WORDS and ends not in ".;,!?")
        # The page's own first line, short and in capitals' place, names the notice when no
        # label or marker does ("Decision Log 005/2022 - Community Safety Fund").
        # (two words name it when one is a year or number: "Precept 2025/26")
        opening = (first_line and seg.head and (MIN_TITLE_WORDS <= n_words or (n_words == 2 and _NUMBERED_WORD.search(text)))
                   and n_words <= 20 and text[:1].isupper() and ends not in ".:;!?"
                   and text.split()[-1].lower() not in self.words.joining_words)  # ("... conferred on": a wrapped sentence)
        # RULE 2: the title: a heading-like line after a marker, the page's own first line, or one in
        # capitals, while no title is known. First, since a title can look like any of what follows.
        if not have_title and heading_like and (after_marker or opening or (all_caps(text) and n_words <= 20)):
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
        if self.minute and "decision" not in labelled and not found_in(self.words.declarations_cue, text):
            if found_in(self.words.meeting_closed, text):
                return None  # "The meeting closed at 8.05 pm."
            if minuted and p.start < minuted[0]:
                return "purpose"  # the agenda's words above "Minutes:"
            if (not minuted and "purpose" not in labelled and (
                    (last in (None, "title") and opens_with(lowered, self.words.agenda_openers))
                    or (last == "purpose" and not self.resolves(text)))
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
        if (n_words <= MAX_SIGNER_WORDS and ends not in ".:;!?" and self.next_text and not p.list_item
                and "decision_maker" not in labelled and "decision_maker" not in assigned
                and self.words.sign_off.search(self.next_text)):
            return "decision_maker"
        # RULE 6: wording about a consultation is the consultation, whatever its position.
        # (searched whole: its two branches' words are in so many paragraphs that `found_in`'s look
        # for them costs more than the search it would spare)
        if not p.list_item and "consultation" not in labelled and self.words.consultation_cue.search(text):
            return "consultation"  # "A full consultation was carried out ...", also in a forward plan's entry
        # RULE 7: in a forward plan (an issue still due) unlabelled text describes what is to be
        # decided: the purpose, never a decision.
        if plan:
            return "purpose" if "purpose" not in labelled else None
        # RULE 8: wording that declares interests is the declarations (no decision's text).
        if not p.list_item and found_in(self.words.declarations_cue, text):  # (the cheap test first)
            return "declarations_of_interest" if "declarations_of_interest" not in labelled else None
        # RULE 9: a paragraph that opens as reasons do ("The reason for ...") is the reasons.
        if lowered.startswith(self.words.reasons_openers):
            return "reasons" if "reasons" not in labelled else None
        # RULE 9a: a line that is a file's name, or a title with a document's size after it ("Decision
        # 1-2013: Proposing the Precept (application, 797kB)"), is a linked paper.
        if (not p.list_item and "\n" not in text.strip() and (self.words.document_file.match(text.strip()) or (
                "accompanying_documents" not in labelled and n_words >= MIN_TITLE_WORDS + 2
                and found_in(self.words.document_size, text)))):
            return "accompanying_documents"
        # (whether the paragraph's words read as a decision is asked only where a rule needs it: the
        # search of the narrative's many cues is the dearest question here, and rules 9a to 11 answer
        # most paragraphs without it)
        # RULE 10: an issue page's list after its last label is its papers (accompanying documents).
        if (p.list_item and self.issue_page and "accompanying_documents" not in labelled
                and p.start > max((c.start for c in self.s.candidates if c.priority == LABELLED), default=p.start)
                and not self.reads_as_decision(text)):
            return "accompanying_documents"  # an issue page's closing list: the papers ("• Officers report")
        # RULE 11: with a labelled decision, unlabelled text before it (after a title) is the purpose,
        # and any other is no field's: the label's value is not to be contested by position.
        if "decision" in labelled:
            # ModernGov order: a description before the labelled decision is its purpose
            # (a bare "Decision" heading counts only when no stronger label gives the decision)
            labelled_at = [(c.weak >= WEAK_BARE, c.start) for c in self.s.candidates
                           if c.field == "decision" and c.priority == LABELLED]
            before = p.start < min(labelled_at)[1] if labelled_at else False
            if before and "purpose" not in labelled and any(c.field == "title" and c.start < p.start
                                                            for c in self.s.candidates) and (
                    last == "purpose" or (last in (None, "title") and "purpose" not in assigned
                                          and not p.list_item and not self.reads_as_decision(text))):
                return "purpose"
            return None
        # RULE 12: after the decision or reasons, a paragraph that opens as alternatives do is them.
        if last in {"decision", "reasons"} and not p.list_item and "alternatives_considered" not in labelled and lowered.startswith(
                self.words.alternatives_openers):
            return "alternatives_considered"  # "Do nothing – none of the recommendations would be approved."
        decision_like = p.list_item or self.reads_as_decision(text)
        # RULE 13: prose after a numbered decision, or opening with the words that bring reasons after
        # a decision, or whose first sentence gives a reason ("... was needed because ..."), gives its
        # reasons (ModernGov order), unless it reads as a decision itself (plain tests first: the cue's search is dear).
        if (last == "decision" and not decision_like and ends != ":" and "reasons" not in labelled
                and "reasons" not in assigned and (self.prev_list_item or lowered.startswith(
                    self.words.reasons_after_decision) or self.words.reasons_cue.search(text))):
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
        # RULE 17: then the decision, unless the paragraph is only a note about calling it in, or a
        # few words with no sentence in them and no decision's wording (a link's or a button's text,
        # "Full council record": a decision said in so few words says it, "Recommendations agreed.").
        if "decision" not in assigned:
            if not decision_like and found_in(self.words.call_in_note, text):
                return None
            if n_words <= MAX_LINK_WORDS and ends not in ".!?" and not decision_like:
                return None
            return "decision"
        # RULE 18: everything else is no field's (it stays in other_sections).
        return None

    def resolution_ahead(self) -> bool:
        """Whether a later paragraph of the unlabelled run records a minute's resolution ("The
        meeting resolved that ...", "It was agreed ...")."""
        return any(self.resolves(self.run_units[k][0].text) for k in range(self.run_at + 1, len(self.run_units)))

    def resolves(self, text: str) -> bool:
        """Whether a paragraph records a minute's resolution: asked of each paragraph below every
        one read, so each paragraph's answer is kept for the notice (it depends on the text alone)."""
        found = self.resolved.get(text)
        if found is None:
            found = self.resolved[text] = found_in(self.words.minute_resolution, text)
        return found

    def decision_ahead(self) -> bool:
        """Whether a later paragraph of the unlabelled run being read opens a decision by its words
        (asked only where it matters, and each paragraph's answer kept for the notice)."""
        for k in range(self.run_at + 1, len(self.run_units)):
            if self.reads_as_decision(self.run_units[k][0].text):
                return True
        return False

    def reads_as_decision(self, text: str) -> bool:
        """Whether a paragraph's own words make it a decision: an opener ("That the ...", "To
        approve ...") or a narrative of deciding ("The Cabinet agreed ...", "It is proposed that the PCC:").
        The answer depends on the text alone: kept for the notice (`worded`)."""
        found = self.worded.get(text)
        if found is None:
            found = self.worded[text] = bool(opens_with(text.lower(), self.words.decision_openers)
                                              or found_in(self.words.decision_narrative, text))
        return found

    def orphan_how(self, p: Paragraph, target: str) -> str:
        """How an unlabelled paragraph's field was chosen: its wording, a heading's place, or only
        its position in the ModernGov order."""
        lowered = p.text.lower()
        if target == "title":
            return "heading"
        if target == "accompanying_documents" and self.words.document_file.match(p.text.strip()):
            return "wording"  # a file's name says what it is
        if target in {"declarations_of_interest", "consultation"}:
            return "wording"
        if target == "alternatives_considered":
            return "wording"
        if target == "reasons":
            return "wording" if lowered.startswith(self.words.reasons_openers) or self.words.reasons_cue.search(p.text) else "position"
        if target == "decision" and self.reads_as_decision(p.text):
            return "wording"
        return "position"

    # -- inferences from values already found ------------------------------------------------
