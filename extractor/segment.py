"""find_sections(): cut a document into segments, each line landing in exactly one.

A segment is a labelled section (label + value lines), a whole-line pattern (a heading that
states a field), a page-chrome line, or a run of unlabelled lines ("orphans") that the
assembler later reads by position. One pass over the lines; every label is one dict lookup.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import regex

from .document import Document
from .lexicon import MAX_GUESS_WORDS, MAX_LONG_GUESS_WORDS, OTHER, LabelEntry, LabelMatch, Lexicon, Pattern, normalise_label
from .sections import BARE, HINTED, SEPARATED, Piece, Segment
from .normalise import mostly_upper
from .prefilter import can_match
from .split import (BARE_NUMBER, MAX_MINUTE_HEADING_WORDS, MAX_SECTION_HEADING_WORDS, is_item_heading, is_minute_heading,
                    may_open_minute, reads_as_minutes)
from .values import is_date_only, parse_bool
from .line_context import (_A_SENTENCE_ENDS, _LABEL_HINTS, _NUMBERED, LineContext, _is_heading_tail, ends_sentence,
                           may_open_item, separator_after)
from .label_shapes import (FIGURES, LOWER_KEY, LOWER_KEY_ALONE, SENTENCE_STARTS, dated_bare_label, find_data_keys,
                           guessed, label_alone, opens_prose)
from . import label_shapes

SCALAR_SHAPES = {"line", "date", "bool", "contact"}
MAX_PHRASE_WORDS = 6  # a status is a phrase; a decision is a sentence
MAX_TITLE_WORDS = 20  # a title is a phrase of at most this many words
MAX_HEAD_LABEL_WORDS = 5  # "Author and Job Role: ..." in a page's opening lines: a label, not prose
AUTHORITY_PATTERN = "authority_heading"  # labels.toml's pattern of a body's name heading a page
MAX_NAME_LINE_WORDS = 4  # "Eastmoor" / "Council": the first half of a name set over two lines
MIN_PROSE_PARAGRAPH_WORDS = 15  # a paragraph this long with a sentence in it is prose, no list item
MAX_LABEL_TAIL_WORDS = 3  # "Officer:": the end of a long label the page wrapped onto the next line
MIN_WRAPPED_LABEL_WORDS = 6  # a label the page wrapped ran to the line's end: a long line
MIN_COLON_FORM_LABELS = 2  # labels alone with their colon before a form is known to print them so
MAX_LABEL_HEAD_AT = 3  # a label names its field in its first words; a sentence names it late
PAGE_HEADING = "Decision details"  # the marker a page's kind named by a bare label reads as
_PARENTHETICAL = regex.compile(r"^\([^()]{1,120}\)$")
_HEADING_LABEL = regex.compile(r"^\p{Lu}[\p{L}'’]*(?:\s+(?:\p{Lu}[\p{L}'’]*|of|and|for|the|to|in|by|on|&))"
                                r"{0,4}\s*(?::|:-)$")
_LABEL_TAIL = regex.compile(r"^\s*\p{Ll}[\p{L}\x27’ ]{0,40}:[ \t\xa0]{3,}(?=\S)")  # " considered:      fleet ..."
_ITEM_WORD = regex.compile(r"^\s*(?:item|agenda item|minute)\s+\d", regex.I)  # "Item 6 – Extension at Mill House"
_LABEL_CELL_HINTS = frozenset({"label", "alone_label", "long_label"})  # RULE 12's: a label cell, or a label alone

@dataclass
class _Open:
    kind: str
    start: int
    end: int
    field: str | None
    shape: str
    entry: LabelEntry | None
    label: str | None
    head: bool
    label_lines: tuple[int, ...] = ()
    marked: int = 0
    pieces: list[Piece | None] = dataclasses.field(default_factory=list)

    def close(self) -> Segment:
        while self.pieces and self.pieces[-1] is None:
            self.pieces.pop()
        return Segment(self.kind, self.start, self.end, tuple(self.pieces), self.field, self.shape,
                       self.entry, self.label, head=self.head, label_lines=self.label_lines,
                       marked=self.marked)


def _is_phrase(text: str, max_words: int = MAX_PHRASE_WORDS) -> bool:
    """A short phrase, not a sentence: "Recommendations Approved", "Deferred"."""
    text = text.strip()
    return 0 < len(text.split()) <= max_words and not ends_sentence(text) and text[:1].isupper()


class _Cutter(LineContext):
    def __init__(self, document: Document, lexicon: Lexicon, minutes: bool | None = None):
        self.doc = document
        self.lex = lexicon
        self.words = lexicon.words
        self.lines = document.lines
        # each line's text and whether it is blank, cut once: every rule asks them again and again
        self.contents = [document.text[line.content_start : line.end] for line in document.lines]
        self.blanks = [not text or text.isspace() for text in self.contents]  # (not text.strip(), with no copy)
        self.segments: list[Segment] = []
        self.open: _Open | None = None
        self.head = True
        self.matches: dict[tuple[str, bool, bool], LabelMatch | None] = {}
        # (a machine key has an underscore: a document with none has no key to look for, line by line)
        self.data_keys = find_data_keys(self.contents, self.blanks) if "_" in document.text else frozenset()
        self.minutes = reads_as_minutes(document.text, lexicon.words) if minutes is None else minutes
        self.colon_counted = (0, 0)  # (segments counted, of them opened by a label alone with its colon)
        self.lead_in_here = can_match(self.words.decision_lead_in, document.text)  # RULE 11's formula: in few documents

    def just_after_marker(self) -> bool:
        """Whether the page's marker ("Decision details") is the last thing placed: its title comes next."""
        return self.open is None and bool(self.segments) and self.segments[-1].kind == "marker"

    def unknown_section(self, i: int, label: str) -> int:
        """Open the section of a label the lexicon does not know: its field guessed from its words and
        value, else a section of no field's."""
        self.close()
        # (a long label, "Details of any conflict of interest declared ...", only where inline_labels
        # found it in a line its known labels proved a run of labelled pieces)
        longest = MAX_LONG_GUESS_WORDS if "long_label" in self.lines[i].hints else MAX_GUESS_WORDS
        entry = guessed(self.lex, label, self.next_value_text(i), max_words=longest) or LabelEntry("other", None, "block")
        return self.labelled(i, entry, label, None)

    def long_label_alone(self, i: int, text: str) -> tuple[LabelEntry, str, int] | None:
        """RULE 14e's label: its entry, its words, and where it ends (on line i or the next), or None."""
        opened = self.open
        if opened is None or opened.kind != "field":
            return None
        if not text.rstrip().endswith(":"):  # (most lines: no colon here or just below; a loop, no any(): every line asks)
            for j in range(i + 1, min(len(self.lines), i + 1 + MAX_LABEL_TAIL_WORDS)):
                if self.contents[j].rstrip().endswith(":"):
                    break
            else:
                return None
        if not any(p is not None for p in opened.pieces):
            return None
        stripped, last = text.strip(), i
        # "... granted by the Proper" / "Officer:": a long line the page wrapped, its last words on the
        # next line or two; no sentence's end among them, and no label of their own ("CLT, SLT" / "Contact:")
        if (not stripped.endswith(":") and not ends_sentence(stripped)
                and len(stripped.split()) >= MIN_WRAPPED_LABEL_WORDS and not self.runs_on_from_above(i)):
            tail: list[str] = []
            for j in range(i + 1, min(len(self.lines), i + 1 + MAX_LABEL_TAIL_WORDS)):
                tail.append(self.content(j).strip())
                if (not tail[-1] or len(" ".join(tail).split()) > MAX_LABEL_TAIL_WORDS
                        or tail[-1].rstrip(":").endswith((".", ";", ","))):
                    break
                if tail[-1].endswith(":"):
                    if self.match(tail[-1], approximate=False) is None:
                        stripped, last = " ".join([stripped, *tail]), j
                    break
        label = stripped.rstrip(":").strip()
        words = label.split()
        if (not stripped.endswith(":") or not label[:1].isupper() or len(words) < 2 or FIGURES.search(label)
                or words[0].lower() in SENTENCE_STARTS or self.colon_labels_alone() < MIN_COLON_FORM_LABELS):
            return None
        found = self.lex.head_guess(label, max_words=MAX_LONG_GUESS_WORDS)
        if found is None or found[0] > MAX_LABEL_HEAD_AT or found[1].field == opened.field:
            return None
        return found[1], label, self.lines[last].end - (len(self.content(last)) - len(self.content(last).rstrip())) - 1

    def title_phrase(self, text: str) -> bool:
        """A page title's words after a heading's colon: a phrase, no sentence."""
        text = text.strip()
        return 0 < len(text.split()) <= MAX_TITLE_WORDS and not ends_sentence(text) and not text.endswith((".", ":"))

    def heading_then_title(self, i: int, entry: LabelEntry, label: str, value_at: int) -> int:
        """Line i as a page's kind and its title on one line ("Officer decision: Grant to Westbury Food
        Bank"): the heading's marker, then the title as the unlabelled line right after a marker."""
        line = self.lines[i]
        self.close()
        # (the line is the title's: the marker holds its words but no line, so the line is held once)
        self.emit(Segment("marker", line.content_start, value_at, (), None, "line", entry, label, head=self.head))
        self.open = _Open("orphan", value_at, line.end, None, "block", None, None, self.head)
        self.open.pieces.append(self.piece(i, value_at))
        return i

    def colon_labels_alone(self) -> int:
        """How many sections so far were opened by a label alone on its line ending in a colon."""
        done, count = self.colon_counted  # (counted once each: asked per line, this stays linear)
        for seg in self.segments[done:]:
            count += self.colon_label(seg.kind, seg.label_lines)
        self.colon_counted = (len(self.segments), count)
        return count + (self.open is not None and self.colon_label(self.open.kind, self.open.label_lines))

    def colon_label(self, kind: str, label_lines: tuple[int, ...]) -> bool:
        return kind == "field" and bool(label_lines) and self.content(label_lines[-1]).rstrip().endswith(":")

    def name_over_two_lines(self, i: int) -> int | None:
        """Line i and the short line above it, alone in an unlabelled run, read together as the
        authority heading: the pattern section of both (line i consumed), or None."""
        opened = self.open
        if (i == 0 or opened is None or opened.kind != "orphan" or [p.line for p in opened.pieces if p is not None] != [i - 1]
                or len(self.content(i - 1).split()) > MAX_NAME_LINE_WORDS):
            return None
        first = self.lines[i - 1]
        joined = self.doc.text[first.content_start:self.lines[i].end].replace("\n", " ")
        found = self.lex.match_pattern(joined, head=True)
        if found is None or found[0].name != AUTHORITY_PATTERN:
            return None
        pattern, match = found
        self.open = None  # the line above is the name's first half, not an unlabelled run
        groups = _groups(pattern, match, first.content_start + (len(joined) - len(joined.lstrip())))
        self.emit(Segment("pattern", first.content_start, self.lines[i].end, (self.piece(i - 1), self.piece(i)), None,
                          "line", None, None, pattern, groups, head=self.head, label_lines=(i - 1,)))
        return i

    def title_after_marker(self, found: Any) -> bool:
        """Whether a pattern that names only the authority matched the line right after a page's
        marker, where the title stands: a title can name a body ("Mayoral Combined Authority")."""
        return self.just_after_marker() and set(k for k, v in found.groupdict().items() if v is not None) == {"authority"}

    def emit(self, segment: Segment) -> None:
        self.segments.append(segment)

    def chrome_line(self, i: int) -> int:
        """Line i alone as page chrome (kept in other_sections, never in a value)."""
        line = self.lines[i]
        self.emit(Segment("chrome", line.content_start, line.end, (self.piece(i),), label_lines=(i,)))
        return i

    def close(self) -> None:
        if self.open is not None:
            self.emit(self.open.close())
            self.open = None

    def run(self) -> tuple[Segment, ...]:
        i, n = 0, len(self.lines)
        while i < n:
            i = self.step(i) + 1
        self.close()
        return tuple(sorted(self.segments, key=lambda s: s.start))

    def step(self, i: int) -> int:
        """Place line i (and any lines it owns); return the last line index consumed.

        The rules are tried in order and the first that applies places the line; each says why
        it comes where it does (``# RULE n``)."""
        line = self.lines[i]
        text = self.content(i)
        # RULE 1: a blank line is kept in the open section as a paragraph break, and opens nothing.
        if self.blanks[i]:
            if self.open is not None:
                self.open.pieces.append(None)
            return i
        # RULE 2: page furniture (running heads and feet) is chrome before any label is asked, so a
        # header that repeats a label never cuts a value in two.
        if "furniture" in line.hints:  # running heads and feet: kept, never inside a value
            if "boundary" in line.hints:  # a learned template's furniture also ends the value before it
                self.close()
            return self.chrome_line(i)
        # RULE 3: a machine-written key ("reason_contentious: ...") is its own section, whatever the
        # lexicon says of its words: a data dump is no printed label.
        if i in self.data_keys:  # one key of a machine summary: its own section, no field's
            self.close()
            key = LOWER_KEY.match(text)
            if key is None:  # the key alone, its value on the next line
                alone = LOWER_KEY_ALONE.match(text)
                return self.labelled(i, LabelEntry("other", None, "line"), alone.group("key"), None, unknown_label=True)
            return self.labelled(i, LabelEntry("other", None, "line"), key.group("key"),
                                 line.content_start + key.end(), unknown_label=True)
        # RULE 4: a form's value cell, split from its label by the reader, goes to that label's section
        # before it could be read as a label itself.
        if "value" in line.hints and self.open is not None:  # a form's value cell, split from its label
            self.open.pieces.append(self.piece(i))
            self.open.end = line.end
            return i
        # RULE 5: a known label, read exactly; failing that a whole-line pattern (a heading that states
        # a field), then the label read approximately (asides, typos), then a label the layout wrapped.
        # Exact first, so a pattern never beats a label the lexicon knows; patterns before typos, so a
        # heading is not taken for a mistyped label.
        apart = i == 0 or self.blank(i - 1) or ends_sentence(self.content(i - 1))
        match = None if line.is_list_item else self.match(text, approximate=False, lower_alone=apart)
        if match is None:
            pattern = self.lex.match_pattern(self.logical(i, lower_runs_on=True), head=self.head)
            if pattern is not None and self.title_after_marker(pattern[1]):
                pattern = None  # "Issue - meetings" / "Mayoral Combined Authority": the title, no body
            if pattern is not None and self.continues_wrapped(i, text):
                pattern = None  # "... This report seeks" / "approval of the ... Scheme from": the sentence goes on
            if (pattern is not None and self.minutes and set(pattern[1].groupdict()) <= {"title"}
                    and is_minute_heading(text)):
                pattern = None  # "23/104 ALLOTMENT RENTS" in minutes: a minute's number, no reference in a title
            if pattern is not None:
                if pattern[0].name == AUTHORITY_PATTERN and self.head and (name := self.name_over_two_lines(i)) is not None:
                    return name  # "Northdale" / "District Council": the name set over two lines
                self.close()
                return self.patterned(i, *pattern)
            if not line.is_list_item:
                match = self.match(text, lower_alone=apart)
        if match is None and "wrapped" in line.hints and not line.is_list_item:
            match = self.match(self.logical(i))  # a long label the layout wrapped
        if match is None and not line.is_list_item:
            match = dated_bare_label(text, self.lex)  # "Dated 24 January 2025": a date proves its label
        # RULE 4a: a one-word label alone right under a short line it completes a body's name with
        # ("Eastmoor" / "Council": a letterhead set over two lines in two sizes) is that name.
        if (match is not None and match.value_start is None and self.head and len(text.split()) == 1
                and (name := self.name_over_two_lines(i)) is not None):
            return name
        # RULE 5a: in a meeting's record a numbered decision label alone ("3 Resolution") is the
        # minute's heading, its title: the decision follows in the minute's own words.
        if match is not None and match.value_start is None and match.entry.field == "decision" and self.minute_heading(text):
            match = None  # ("2. Declarations of Interest" stays a label: what it names is the meeting's)
        # RULE 5b: a label alone on the page's first line, naming a field the page labels again with a
        # value further down ("Decision" / "Harbour Wall Repairs" / ... "Decision: 1. Approve ..."), names
        # the kind of page: its heading, with the title below it.
        # So does one with a phrase after its colon, the page's title ("Decision: Allotment rents 2026"
        # heading a page whose table labels "Decision" again).
        if (match is not None and self.open is None and not any(seg.label for seg in self.segments)
                and match.entry.kind == "field" and (match.value_start is None or (
                    match.entry.shape == "block" and all(seg.kind == "chrome" for seg in self.segments)
                    and self.title_phrase(text[match.value_start:])))
                and self.labelled_again(i, match.label, alone_too=match.value_start is not None)):
            page = self.lex.lookup(PAGE_HEADING)
            if page is not None and match.value_start is not None:
                return self.heading_then_title(i, page, match.label, line.content_start + match.value_start)
            if page is not None:
                return self.labelled(i, page, match.label, None)
        # RULE 6: a label alone on a line that a sentence above runs into is part of that sentence.
        if match is not None and match.value_start is None and self.runs_on_from_above(i):
            match = None  # "... as set out in" / "Appendix A.": the sentence goes on, no heading here
        # RULE 6a: a body named alone with its article ("The Committee") right above a line that opens
        # with the decision's verb ("Recommended That Members approve ...") is that sentence's subject.
        if (match is not None and match.value_start is None and match.entry.field == "decision_maker"
                and text.strip().lower().startswith("the ") and text.strip() == match.label
                and self.opens_decision_below(i)):
            match = None
        # RULE 6b: a record-kind heading alone below the form's labelled fields ("Decision Title" ...
        # "Decision Details" / "This decision has been taken ..."), with prose below it, is the label
        # of that prose's field (`marker_values`): the page's heading stands at its top, not here.
        if (match is not None and match.value_start is None and match.entry.kind == "marker"
                and match.entry.document_type in self.words.marker_values and not match.dash
                and any(seg.kind == "field" and seg.label for seg in self.segments) and self.prose_below(i)):
            field_name = self.words.marker_values[match.entry.document_type]
            self.close()
            return self.labelled(i, LabelEntry("field", field_name, self.lex.shape_of(field_name)), match.label, None,
                                 label_end=line.content_start + match.label_end)
        # RULE 7: a record-kind marker followed by a dash and more words is a running head (chrome).
        if match is not None and match.entry.kind == "marker" and match.dash:
            # "Record of decision - published under the ... Regulations": a running head, not the
            # heading that names this record
            return self.chrome_line(i)
        # RULE 8: in minutes, "Minutes:" alone under an item marks what was minuted: a boundary with
        # no field, checked before the general label rule that would make it a section.
        if (match is not None and self.minutes and match.value_start is None and text.strip().startswith(match.label)
                and normalise_label(match.label) in self.words.minute_text_labels):  # "2. Minutes" is an item
            self.close()  # "Minutes:" under an item of a meeting page: what follows was minuted
            self.emit(Segment("minute_text", line.content_start, line.end, (), label=match.label, label_lines=(i,)))
            return i
        # RULE 8a: a label alone that names the field of the block it stands in ("Decision:" ...
        # "DECISIONS" ... "39.2 The Lead Member RESOLVED ...") only announces that field again: a
        # sub-heading of the section, no section of its own (and no part of the value).
        if (match is not None and match.value_start is None and self.open is not None and self.open.kind == "field"
                and self.open.shape == "block" and match.entry.kind == "field" and not match.entry.guessed
                and match.entry.field == self.open.field and any(p is not None for p in self.open.pieces)
                and self.open.entry is not None and not self.open.entry.weak and not self.open.entry.guessed):
            # (a generic label's section, "Content:", yields to the specific label: RULE 9)
            self.open.label_lines = (*self.open.label_lines, i)
            self.open.end = line.end
            return i
        # RULE 8b: a generic purpose label alone with no separator ("Background") inside a field's
        # block ("Reasons for Decision" / "Background" / ...) is a sub-heading of that block, not the
        # purpose's section: what comes before a decision, named inside another part. (A generic
        # decision label, "Content" below "Purpose", does open the decision.)
        if (match is not None and match.value_start is None and match.entry.weak and match.entry.field == "purpose"
                and match.entry.shape == "block" and self.open is not None and self.open.kind == "field"
                and self.open.shape == "block" and text.strip() == match.label):  # ("Date" alone: a date's label)
            self.open.pieces.append(self.piece(i))
            self.open.end = line.end
            return i
        # RULE 9: any other label opens its section (closing the one before).
        if match is not None:
            self.close()
            value_at = None if match.value_start is None else line.content_start + match.value_start
            return self.labelled(i, match.entry, match.label, value_at,
                                 label_end=line.content_start + match.label_end, dash=match.dash)
        # RULE 10: page chrome (breadcrumbs, "Page 2 of 3", "Print") found by its words, once no label
        # claimed the line.
        if self.chrome(i):
            return self.chrome_line(i)
        # RULE 11: a formula that hands over to the decision ("... do hereby approve:") at the line's end
        # labels the decision below it.
        lead_in = self.words.decision_lead_in.search(text) if self.lead_in_here else None
        if lead_in is not None and not text[lead_in.end():].strip():
            # "I Councillor ..., Lead Member for ..., do hereby approve:": the decision follows
            self.close()
            return self.labelled(i, self.lex.lookup("Decision") or LabelEntry("field", "decision"),
                                 text.strip().rstrip(":").strip(), None,
                                 label_end=line.content_start + lead_in.end() - 1)
        # RULE 12: a label cell the layout marked, with a label the lexicon does not know: a section of
        # its own (a guessed field when its words and value agree), never part of a value.
        if not line.hints.isdisjoint(_LABEL_CELL_HINTS) and not self.minute_heading(text):  # a table's label cell the lexicon does not know (or a
            # form's label standing alone above its value, inline_labels.alone_label_rows)
            return self.unknown_section(i, text.strip())
        # RULE 13: "Unknown Label: value" outside a field's text opens a section (guessed or other);
        # inside a section only a date or a yes/no breaks it, since prose has colons too. Not right
        # after a marker, where the title stands, colon or not.
        after_marker = self.just_after_marker()
        # right after "Decision details" stands the title, colon or not ("Public Realm: Business Case")
        unknown = None if line.is_list_item or after_marker else label_shapes.unknown_label(text, self.words)
        if unknown is not None:
            label, value_start = unknown
            value = text[value_start:] if value_start is not None else self.next_value_text(i)
            guess = guessed(self.lex, label, value)
            # a page's opening lines before any label ("Decision number: 005/2022") are no section
            inside = self.open is not None and self.open.kind != "other" and not (
                self.open.kind == "orphan" and self.head and value_start is not None
                and len(label.split()) <= MAX_HEAD_LABEL_WORDS)
            # Inside a section only a date or yes/no that reads as one breaks it ("Decision
            # published: 22/07/2022"); prose with a colon in it stays where it is.
            # (a date alone after a short label no lexicon knows, "Entered on: 18 September 2024", too)
            if not inside or (guess is not None and guess.shape in {"date", "bool"}) or (
                    value_start is not None and len(label.split()) <= MAX_HEAD_LABEL_WORDS and is_date_only(value)):
                self.close()
                value_at = None if value_start is None else line.content_start + value_start
                return self.labelled(i, guess or LabelEntry("other", None, "line"), label, value_at, unknown_label=True)
        # RULE 14: a short Title Case line ending in a colon inside a field's text is the label of a
        # template we do not know: it opens its own section instead of running into the value.
        if (self.open is not None and self.open.kind == "field" and text.rstrip().endswith((":", ":-"))  # (both tests need it)
                and any(p is not None for p in self.open.pieces) and not line.is_list_item
                and (_HEADING_LABEL.match(text.strip()) or label_alone(text, self.words))
                and not opens_prose(text, self.words)):
            # "Content:" standing alone in Title Case inside a section: a label of a template we
            # do not know yet. It opens its own section rather than running into this value.
            return self.unknown_section(i, text.strip().rstrip(":- ").strip())
        # RULE 14a: a heading in capitals, standing apart, under a section whose own label was such a
        # heading alone on its line ("PROPOSAL" ... "SUPPORTING REPORT"): the form's next section, whose
        # label we do not know; it ends the value above rather than running into it.
        if self.same_style_heading(i, text, apart):
            return self.unknown_section(i, text.strip().rstrip(":- ").strip())
        # RULE 14f: a short line standing apart over its own paragraph, under a section whose label was
        # such a line ("Declaration of interests" ... "Public access to information"), or a heading in
        # capitals alone between blanks ("APPROVAL"): the form's next part, no part of the value above.
        if self.heading_like_its_label(i, text, apart):
            return self.unknown_section(i, text.strip())
        # RULE 14b: a list's items set one to a line, then a blank, then a short Title Case phrase alone
        # between blanks ("Supporting Documents" / 3 files / "" / "Related Meeting" / "" / ...): the page's
        # next heading, whose label we do not know; it ends the list rather than joining it.
        if self.list_then_heading(i, text, apart):
            return self.unknown_section(i, text.strip())
        # RULE 14e: in a form whose labels stand alone on their lines with their colon ("Decision:" /
        # its value), a long line alone ending in a colon (or a line and the word or two the page
        # wrapped onto the next) whose first words name another field ("Any interest declared when the
        # decision was taken and any dispensation granted by the Proper" / "Officer:") is its next label.
        long_label = self.long_label_alone(i, text)
        if long_label is not None:
            entry, label, label_end = long_label
            self.close()
            return self.labelled(i, entry, label, None, label_end=label_end)
        # RULE 14d: a paragraph of sentences standing apart below a list of papers is no paper's title
        # (a list's items are names): the list ends before it.
        if (apart and self.open is not None and self.open.kind == "field" and self.open.shape == "list"
                and any(p is not None for p in self.open.pieces) and not line.is_list_item
                and len((paragraph := self.logical(i)).split()) >= MIN_PROSE_PARAGRAPH_WORDS
                and _A_SENTENCE_ENDS.search(paragraph)):
            self.close()
        # RULE 14c: a line standing apart that is a file's name ends a block of prose above it: a
        # linked paper ("Executive summary" ... "DD1245 Grant Consent (signed).pdf"), read by the assembler.
        if (apart and self.open is not None and self.open.kind == "field" and self.open.shape == "block"
                and self.words.document_file.match(text.strip())):
            self.close()
        # RULE 15: an item heading ("2. CAR PARK TARIFFS", "Item 6 - ...") closes the section above: the
        # next decision of a record begins (the line itself falls through to RULE 17).
        if (self.open is not None and self.open.pieces and may_open_item(text) and ((self.open.kind != "orphan"
                and _NUMBERED.match(text) and mostly_upper(text)) or _ITEM_WORD.match(text)) and is_item_heading(text)):
            # "2. CAR PARK TARIFFS", "Item 6 – Extension at Mill House": the next decision of a record begins
            self.close()
        # RULE 16: in minutes, a numbered heading standing apart closes the section above: the next
        # minute begins (the line itself falls through to RULE 17).
        elif (self.minutes and self.open is not None and self.open.pieces and may_open_minute(text)
              and (apart or (i > 0 and _is_phrase(self.content(i - 1), MAX_SECTION_HEADING_WORDS)))
              and (is_minute_heading(text) or BARE_NUMBER.match(text))):
            self.close()  # "3. Renewal of the mowing contract": in minutes, the next minute begins
        # RULE 16a: in minutes, a short line right above "Minutes:" (no blank, or a table's empty
        # cells between) after the last item's minuted text is the next item's title: it closes
        # that text (an item's own description above its "Minutes:" stays with its title).
        if (self.minutes and self.open is not None and self.open.pieces and self.segments
                and self.segments[-1].kind == "minute_text" and self.above_minute_text(i)
                and 0 < len(text.split()) <= MAX_MINUTE_HEADING_WORDS and not ends_sentence(text)):
            self.close()
        # RULE 17: anything else continues the open section, or starts a run of unlabelled lines that
        # the assembler reads by position (a label's wrapped second line in a left column is dropped).
        if self.open is None:
            self.open = _Open("orphan", line.content_start, line.end, None, "block", None, None, self.head)
        tail = _LABEL_TAIL.match(text) if self.open.kind == "field" and ":" in text else None
        # "Alternatives        Diesel ..." / " considered:        fleet strategy.": a label's second
        # line in the left column is no part of the value
        self.open.pieces.append(self.piece(i, line.content_start + tail.end() if tail else None))
        self.open.end = line.end
        return i

    def labelled(self, i: int, entry: LabelEntry, label: str, value_at: int | None,
                 *, unknown_label: bool = False, label_end: int | None = None, dash: bool = False) -> int:
        """Place a labelled section; ``value_at`` is the document offset of an inline value."""
        line = self.lines[i]
        start = line.content_start
        last = self.line_at(label_end, i) if label_end is not None else i
        inline = None
        if value_at is not None:
            last = self.line_at(value_at, i)
            inline = self.piece(last, value_at)
        else:  # "Conflicts of Interest Declared ...\n(and any Dispensations Granted)"
            j = last + 1
            if j < len(self.lines) and self.content(j).lstrip()[:1] == "(" and _PARENTHETICAL.match(self.content(j).strip()):
                label = f"{label} {self.content(j).strip()}"
                last = j
        label_lines = tuple(range(i, last + 1))
        if dash:  # "Decision - Consolidation of ...": a page title's dash says less than a colon
            marked = HINTED
        elif value_at is not None or (label_end is not None and separator_after(self.doc.text, label_end)):
            marked = SEPARATED
        else:
            marked = HINTED if line.hints & _LABEL_HINTS else BARE
        kind, field_name, shape = entry.kind, entry.field, entry.shape
        if entry.kind == "marker" and inline is not None and self.head and self.title_phrase(self.doc.text[inline.start:inline.end]):
            return self.heading_then_title(i, entry, label, inline.start)  # "Officer decision: Grant to ..."
        if entry.kind == "marker":
            self.emit(Segment("marker", start, self.lines[last].end, (), None, "line", entry, label,
                              head=self.head, label_lines=label_lines))
            valued = self.words.marker_values.get(entry.document_type or "")
            below = self.next_nonblank(last)
            if valued and below is not None and "value" in self.lines[below].hints:
                # "Decision Details To approve ...", split by the form reader: the heading's value
                shape = self.lex.shape_of(valued)
                self.open = _Open("field", self.lines[below].content_start, self.lines[below].end, valued, shape,
                                  LabelEntry("field", valued, shape), label, self.head, (), marked)
            return last
        if entry.kind == "by_value":
            kind, field_name, shape = self.resolve_by_value(entry, inline, last)
        elif entry.kind == "other" and (inline is not None or unknown_label):
            shape = "line"
        if kind in {"field", "fallback"}:
            self.head = False
        if shape in SCALAR_SHAPES:
            pieces: list[Piece] = []
            if inline is not None:
                pieces = [inline, *self.continuations(inline.line, shape)]
            else:
                below = self.next_nonblank(last)
                separated = self.content(last).rstrip().endswith((":", "?"))  # "Decision status:" awaits its value
                if below is not None and self.is_value_line(below, field_name, separated=separated) and not (
                    unknown_label and label_shapes.unknown_label(self.content(below), self.words)
                ) and not (  # "Decision Ref:" with no number below it: the page lost the value
                    normalise_label(label) in self.words.reference_labels
                    and not any(c.isdigit() for c in self.content(below))
                ):
                    pieces = [self.piece(below), *self.continuations(below, shape)]
            end = pieces[-1].end if pieces else self.lines[last].end
            self.emit(Segment(kind, start, end, tuple(pieces), field_name, shape, entry, label,
                              head=self.head, label_lines=label_lines, marked=marked))
            return pieces[-1].line if pieces else last
        self.open = _Open(kind, start, self.lines[last].end, field_name, shape, entry, label, self.head,
                          label_lines, marked)
        if inline is not None:
            self.open.pieces.append(inline)
        return last

    def resolve_by_value(self, entry: LabelEntry, inline: Piece | None, last: int) -> tuple[str, str | None, str]:
        """Pick the field a by-value label stands for from the value it introduces."""
        if inline is not None:
            value = self.doc.text[inline.start : inline.end]
        else:
            j = self.next_nonblank(last)
            value = "" if j is None or not (self.is_value_line(j) or (
                entry.bool_field is not None and self.is_value_line(j, entry.bool_field))) else self.content(j)
        if entry.date_field and is_date_only(value, words=self.words):
            return "field", entry.date_field, "date"
        if entry.bool_field and parse_bool(value, words=self.words).value is not None:
            return "field", entry.bool_field, "bool"
        # a title is a longer phrase than a status ("Issue: Chorley Police station – enabling works")
        most = MAX_TITLE_WORDS if entry.phrase_field == "title" else MAX_PHRASE_WORDS
        if entry.phrase_field and _is_phrase(value, most):
            return "field", entry.phrase_field, self.lex.shape_of(entry.phrase_field)
        target = entry.otherwise or OTHER
        if target == OTHER:
            return "other", None, "line"
        return "field", target, self.lex.shape_of(target)

    def patterned(self, i: int, pattern: Pattern, found) -> int:
        line = self.lines[i]
        text = self.logical(i, lower_runs_on=True)
        groups = _groups(pattern, found, line.content_start + (len(text) - len(text.lstrip())))
        end = line.content_start + len(text)
        pieces = [self.piece(i)]
        while pieces[-1].end < end:
            pieces.append(self.piece(pieces[-1].line + 1))
        pieces += self.continuations(pieces[-1].line)
        last = pieces[-1].line
        if (pattern.document_type and last + 1 < len(self.lines) and not self.blank(last + 1)
                and mostly_upper(text) and _is_heading_tail(self.content(last + 1))):
            # "RECORD OF DECISION TAKEN BY AN OFFICER UNDER DELEGATED" / "POWERS": a heading in
            # capitals the page wrapped; its last words are no title
            pieces.append(self.piece(last + 1))
        end = pieces[-1].end
        self.emit(Segment("pattern", line.content_start, end, tuple(pieces), None, "line", None, None,
                          pattern, groups, head=self.head, label_lines=(i,)))
        return pieces[-1].line


def _groups(pattern: Pattern, found: Any, offset: int) -> tuple[tuple[str, int, int], ...]:
    """A whole-line pattern's named groups that matched, as document offsets (the line read starts
    at ``offset``)."""
    return tuple((name, offset + found.start(name), offset + found.end(name))
                 for name in pattern.regex.groupindex if found.start(name) >= 0)


def find_sections(document: Document, lexicon: Lexicon, *, minutes: bool | None = None) -> tuple[Segment, ...]:
    """Segments in document order; together they hold every non-blank line exactly once.

    ``minutes``: whether the document reads as a meeting's minutes (`split.reads_as_minutes`),
    when the caller has asked already; None asks here."""
    return _Cutter(document, lexicon, minutes).run()
