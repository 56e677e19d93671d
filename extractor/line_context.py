"""The lines around the one being placed, read for `segment.find_sections`: what a line holds,
whether it stands apart, runs on or is wrapped, and what stands below it. A base of the cutter, so
the rules in `segment._Cutter.step` read as sentences and the predicates live apart from them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex

from .assembly import opens_with
from .document import Document, Line
from .label_shapes import opens_prose
from .lexicon import LabelMatch, Lexicon, normalise_label
from .normalise import mostly_upper
from .prefilter import first_chars
from .sections import Piece
from .split import is_minute_heading
from .values import parse_bool

MAX_CAPS_HEADING_WORDS = 8  # "PART 1 - NON-CONFIDENTIAL FACTS AND FIGURES": a form's heading in capitals
MIN_CAPS_HEADING_LETTERS = 4  # fewer letters ("N/A", "OK") is a value in capitals, no heading
MIN_CAPS_PART_LETTERS = 5  # a part's heading in capitals has a word this long ("APPROVAL"); "NONE" is a value
MAX_PLAIN_HEADING_WORDS = 6  # "Public access to information": a heading over its paragraph is a phrase
MIN_PLAIN_HEADING_TEXT_WORDS = 4  # ... and the paragraph under it a sentence
MAX_HEADING_CHARS = 300  # headings, chrome and pattern lines are short: longer lines skip those checks
_A_SENTENCE_ENDS = regex.compile(r"[\p{Ll}\d)][.!?](?:\s|$)")  # "... be removed. Contact Officers: ...": a sentence in it
MAX_BLANKS_BELOW = 2
MIN_PROSE_BELOW_WORDS = 8  # a value in sentences below a record-kind heading, not a title
MIN_LIST_ITEMS_BEFORE_HEADING = 2  # items one to a line, before a phrase alone after them reads as a heading
MAX_LIST_HEADING_WORDS = 4
_ALONE_HEADING = regex.compile(r"^\p{Lu}\p{Ll}+(?: (?:\p{Lu}\p{Ll}+|of|and|for|the|to|in|by|on|&))*$")  # "Related Meeting"
MAX_LOGICAL_LINES = 24  # a wrapped label or pattern line spans a few lines; `logical` joins no more
# regex's \s (Unicode White_Space) spelt out, for str.rstrip (`ends_sentence`)
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
               "\u200a\u2028\u2029\u202f\u205f\u3000")

_NUMBERED = regex.compile(r"^(?:(?:item|minute|agenda item)\s+)?\d{1,3}\b", regex.I)
_LABEL_HINTS = frozenset({"label", "heading", "bold"})
MAX_HEADING_TAIL_WORDS = 2
_UNASKED: Any = object()  # `LineContext.match`'s memo: a line not read yet (None is a read that found no label)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence or a clause: one of ".:;!?", then only closing quotes or
    brackets and blanks (the regex ``[.:;!?]["'”’)]*\\s*$`` read by str.rstrip: it is asked of nearly
    every line, and a call of `regex` costs more than the reading)."""
    end = text.rstrip(WHITE_SPACE).rstrip("\"'”’)")
    return end[-1:] in (".", ":", ";", "!", "?")


_ITEM_WORDS = ("item", "minute", "agenda")  # the words `_NUMBERED` and `segment._ITEM_WORD` open with


def may_open_item(text: str) -> bool:
    """Whether ``text`` may open with an item's number, as `_NUMBERED` and `segment._ITEM_WORD`
    read it: a digit first, or (after blanks, regex's \\s) "item", "minute" or "agenda" in any case.
    A character beyond ASCII among the first is left to them (a digit, or "İ", which `regex`
    folds to "i"). Most lines open with another word and are refused without a regex call."""
    first = text[:1]
    if not first.isascii() or first.isdigit():
        return True
    head = text.lstrip(WHITE_SPACE)[:6]
    return not head.isascii() or head.lower().startswith(_ITEM_WORDS)


def separator_after(text: str, at: int) -> bool:
    """Whether a label's own separator stands at ``at``: blanks or tabs, then ":", "?" or ";"
    (``regex.match(r"[ \t]*(?:[:?;]|:-)", text, at)`` read without a regex call: asked of every
    label alone)."""
    end = len(text)
    while at < end and text[at] in " \t":
        at += 1
    return at < end and text[at] in ":?;"


def _is_heading_tail(text: str) -> bool:
    """A word or two in capitals, no figures: the end of a heading in capitals set over two lines
    (`segment`'s pattern lines; kept here, where segment.py has the room)."""
    words = text.split()
    return 0 < len(words) <= MAX_HEADING_TAIL_WORDS and mostly_upper(text) and not any(c.isdigit() for c in text)


@lru_cache(maxsize=8)
def _longest(*phrases: frozenset[str]) -> int:
    """The length of the longest of some sets of phrases (read once a vocabulary)."""
    return max((len(p) for group in phrases for p in group), default=0)


class LineContext:
    """What the segmenter asks of the lines (set by `segment._Cutter.__init__`)."""

    doc: Document
    lines: tuple[Line, ...]
    lex: Lexicon
    words: Any
    minutes: bool
    head: bool
    open: Any
    matches: dict[tuple[str, bool, bool], LabelMatch | None]
    contents: list[str]
    blanks: list[bool]

    def match(self, text: str, *, approximate: bool = True, lower_alone: bool = False) -> LabelMatch | None:
        """`Lexicon.match_line`, remembered: a line is asked about again as the next value or
        boundary of the section above it."""
        key = (text, approximate, lower_alone)
        found = self.matches.get(key, _UNASKED)  # (one look-up: most lines are asked once)
        if found is _UNASKED:
            exact_failed = approximate and self.matches.get((text, False, lower_alone), _UNASKED) is None
            found = self.matches[key] = self.lex.match_line(text, approximate=approximate, lower_alone=lower_alone,
                                                            exact_failed=exact_failed)
        return found

    def content(self, i: int) -> str:
        return self.contents[i]

    def blank(self, i: int) -> bool:
        return self.blanks[i]

    def piece(self, i: int, start: int | None = None) -> Piece:
        line = self.lines[i]
        return Piece(line.content_start if start is None else start, line.end, i)

    def next_nonblank(self, i: int) -> int | None:
        for j in range(i + 1, len(self.lines)):
            if not self.blank(j):
                return j
        return None

    def is_boundary(self, i: int) -> bool:
        """Would line i start a segment of its own (a label, a pattern or a marker)?"""
        text = self.content(i)
        if not self.lines[i].is_list_item and self.match(text) is not None:
            return True
        return self.lex.match_pattern(text, head=self.head) is not None and not self.continues_wrapped(i, text)

    def continues_wrapped(self, i: int, text: str) -> bool:
        """A line in lower case under one the layout marked wrapped goes on with its sentence
        ("... This report seeks" / "approval of the ... Scheme from"): no heading starts there."""
        return text.lstrip()[:1].islower() and i > 0 and "wrapped" in self.lines[i - 1].hints

    def is_value_line(self, i: int, field: str | None = None, *, separated: bool = False) -> bool:
        """May line i be the value of the label standing alone just above it?

        Only a plain label (not "Cabinet Member - Transport", not a dated heading) says no; and
        under a label with its colon (``separated``), only a label with its own separator or in a
        label's style: "Decision status:" / "Decision Made" is a status, not the label "Decision made".
        """
        if self.lines[i].is_list_item or self.lines[i].hints & {"label", "value"}:
            return "label" not in self.lines[i].hints  # a form's value cell is a value, whatever it says
        text = self.content(i)
        match = self.match(text)
        if match is None or match.dash:
            return True
        if field is None or match.value_start is not None or text.rstrip().endswith((":", "?")):
            return False
        if separated and field != "decision_maker" and not self.lines[i].hints & _LABEL_HINTS:
            return True  # the labels here print their colon; a line without one is a value
        # a record-kind phrase may name the decider ("Decision Maker" / "Officer Delegated Decision");
        # a label of the awaited field with no separator is its value ("Decision Maker:" / "Executive
        # Member (Resources)"); a yes/no field takes words that read as yes or no ("Key Decision")
        return ((match.entry.kind == "marker" and field == "decision_maker")
                or (match.entry.kind == "field" and match.entry.field == field)
                or (self.lex.shape_of(field) == "bool" and parse_bool(text, words=self.words).value is not None))

    def continuations(self, i: int, shape: str = "line") -> list[Piece]:
        """Lines right after i that run on from it (they start lower-case): a wrapped value.

        A contact also keeps the "Email: ..." and "Tel: ..." lines printed under it.
        """
        found = []
        j = i + 1
        while j < len(self.lines) and not self.blank(j):
            text = self.content(j).lstrip()
            # (a "value" line is a form's value cell, or the rest of one the page wrapped)
            runs_on = text[:1].islower() or "wrapped" in self.lines[j - 1].hints or "value" in self.lines[j].hints
            if shape == "contact" and self.words.contact_line.match(text):
                found.append(self.piece(j))
                j += 1
                continue
            if (not runs_on or self.lines[j].is_list_item or self.words.list_item.match(text)
                    or "furniture" in self.lines[j].hints or (self.is_boundary(j) and not self.wrapped_word(j))):
                break
            found.append(self.piece(j))
            j += 1
        return found

    def logical(self, i: int, *, lower_runs_on: bool = False) -> str:
        """Line i with the lines a layout reader marked as its run-on (``wrapped``) continuation,
        and with ``lower_runs_on`` a next line that starts lower-case ("ref: 243 ..." below a
        list entry a PDF wrapped).

        Joined with spaces in place of the new lines, so offsets into it are document offsets. At
        most MAX_LOGICAL_LINES lines: a long run of lower-case lines is read a bounded piece per
        line, so segmenting stays linear in the lines (issue 30: a run of n lines cost n²).
        """
        last, stop = i, min(len(self.lines), i + MAX_LOGICAL_LINES) - 1
        while last < stop and not self.blank(last + 1) and "furniture" not in self.lines[last + 1].hints and (
                "wrapped" in self.lines[last].hints or (lower_runs_on and self.runs_on_lower(last))):
            last += 1
        line = self.lines[i]
        return self.doc.text[line.content_start : self.lines[last].end].replace("\n", " ")

    def runs_on_lower(self, i: int) -> bool:
        """Line i goes on into the next, which starts lower-case and is no list item ("i.")."""
        following = self.content(i + 1).lstrip()
        return (following[:1].islower() and not self.lines[i + 1].is_list_item
                and not self.words.list_item.match(following) and not ends_sentence(self.content(i)))

    def runs_on_from_above(self, i: int) -> bool:
        """The line above runs on into this one: it stops at a word that cannot end a sentence
        ("in", "the", "of"), or the layout says it wrapped and this line ends like a sentence
        (a heading after a full line can look wrapped too, but ends with no full stop)."""
        if i == 0 or self.blank(i - 1) or self.open is None or not self.open.pieces:
            return False
        if "wrapped" in self.lines[i - 1].hints and self.content(i).rstrip().endswith((".", ",", ";")):
            return True
        words = self.content(i - 1).split()  # a sentence, not a one-word value such as "No"
        return len(words) >= 3 and words[-1].lower() in self.words.joining_words

    def chrome(self, i: int) -> bool:
        if "furniture" in self.lines[i].hints:
            return True
        text = self.content(i).strip()
        if len(text) > MAX_HEADING_CHARS:  # page chrome is short; a long line is text
            return False
        if " | " in text and all(self.chrome_text(part.strip()) for part in text.split(" | ")):
            return True  # a row of a site's links apart by bars ("Skip to main content | Accessibility")
        # a line longer than every chrome phrase is none of them (lower-casing never shortens a text):
        # not lower-cased for the look-up
        if len(text.rstrip(":.;, ")) <= _longest(self.words.chrome_lines, self.words.chrome_list_items):
            key = text.lower().rstrip(":.;, ")
            if key in self.words.chrome_lines or (self.lines[i].is_list_item and key in self.words.chrome_list_items):
                return True
        # (the branches that can start with the line's first character: `prefilter.FirstChars`)
        return bool(first_chars(self.words.chrome).match(text))

    def chrome_text(self, text: str) -> bool:
        return text.lower().rstrip(":.;, ") in self.words.chrome_lines or first_chars(self.words.chrome).match(text)

    def wrapped_word(self, j: int) -> bool:
        """A label's words with no separator ("Committee") on a line the layout says the line above
        ran on into: the end of that line's value ("... Climate Emergency and Transport" /
        "Committee"), not a label."""
        if "wrapped" not in self.lines[j - 1].hints or self.lines[j].hints & _LABEL_HINTS:
            return False
        text = self.content(j).strip()
        match = self.match(text)
        return match is not None and match.value_start is None and not text.endswith((":", "?"))

    def prose_below(self, i: int) -> bool:
        """Whether the next lines with words below line i (a blank between allowed) are a sentence
        of `MIN_PROSE_BELOW_WORDS` or more, read over the lines a layout wrapped."""
        j = self.words_below(i)
        if j is None or self.lines[j].hints & _LABEL_HINTS:
            return False
        paragraph = self.logical(j)
        return len(paragraph.split()) >= MIN_PROSE_BELOW_WORDS and bool(_A_SENTENCE_ENDS.search(paragraph))

    def opens_decision_below(self, i: int) -> bool:
        """Whether the next line with words below line i opens with a decision's words (a web page
        sets each line of a minute in a paragraph of its own: blank lines between)."""
        j = self.words_below(i)
        return j is not None and opens_with(self.content(j).strip().lower(), self.words.decision_openers)

    def words_below(self, i: int) -> int | None:
        """The next line with words below line i, with at most `MAX_BLANKS_BELOW` blank lines between
        (a web page sets each paragraph apart), or None."""
        j = i + 1
        while j < len(self.lines) and j <= i + MAX_BLANKS_BELOW and self.blank(j):
            j += 1
        return j if j < len(self.lines) and not self.blank(j) else None

    def above_minute_text(self, i: int) -> bool:
        """Whether the next line with words below line i is "Minutes:" alone (a meeting page's row)."""
        j = self.next_nonblank(i)
        if j is None:
            return False
        following = self.content(j).strip().rstrip(":").strip()
        return normalise_label(following) in self.words.minute_text_labels and self.content(j).strip().endswith(":")

    def labelled_again(self, i: int, label: str, *, alone_too: bool = False) -> bool:
        """Whether a line after line i opens with ``label`` and its separator, a value after it
        (``alone_too``: or is the label alone, its value below it)."""
        lowered = label.lower()
        for j in range(i + 1, len(self.lines)):
            text = self.content(j).strip()
            if text[:len(label)].lower() != lowered:
                continue
            rest = text[len(label):].strip()
            if (rest[:1] == ":" and rest[1:].strip()) or (alone_too and rest in ("", ":")):
                return True
        return False

    def list_then_heading(self, i: int, text: str, apart: bool) -> bool:
        """Whether line i, alone between blanks, is a heading after an open list whose items stand one
        to a line with no blank between them (the break in the rhythm is the page's next part)."""
        opened = self.open
        if (not apart or opened is None or opened.kind != "field" or opened.shape != "list"
                or self.lines[i].is_list_item or (i + 1 < len(self.lines) and not self.blank(i + 1))):
            return False
        items = [p.line for p in opened.pieces if p is not None]
        if len(items) < MIN_LIST_ITEMS_BEFORE_HEADING or any(b != a + 1 for a, b in zip(items, items[1:])):
            return False
        stripped = text.strip()
        return (len(stripped.split()) <= MAX_LIST_HEADING_WORDS and _ALONE_HEADING.match(stripped) is not None
                and any(not self.blank(j) for j in range(i + 1, min(len(self.lines), i + 3))))

    def minute_heading(self, text: str) -> bool:
        """A numbered minute's heading in a meeting's record ("3 Resolution"), whatever its style."""
        return self.minutes and bool(_NUMBERED.match(text)) and is_minute_heading(text)

    def same_style_heading(self, i: int, text: str, apart: bool) -> bool:
        """A line in capitals (a few words, no sentence's end) under a field's section whose label was
        itself a heading in capitals alone on its line: a heading of the same form, so the next
        section. Only after the section has a value, and never a list item or a minute's number."""
        opened = self.open
        if (not apart or opened is None or opened.kind != "field" or not opened.label_lines or not opened.label
                or not any(p is not None for p in opened.pieces) or self.lines[i].is_list_item):
            return False  # (``apart`` first: most lines go on with their paragraph)
        label_line = self.content(opened.label_lines[-1]).strip().rstrip(":- ").strip()
        if label_line != opened.label.strip() or not mostly_upper(label_line):
            return False  # the label was inline with its value, or not in capitals
        stripped = text.strip().rstrip(":").strip()
        return mostly_upper(stripped) and (
            0 < len(stripped.split()) <= MAX_CAPS_HEADING_WORDS and not ends_sentence(stripped)
            and sum(map(str.isalpha, stripped)) >= MIN_CAPS_HEADING_LETTERS and not _NUMBERED.match(stripped))

    def heading_like_its_label(self, i: int, text: str, apart: bool) -> bool:
        """A short line standing apart and over a paragraph of its own, under a field's section whose
        label was such a line too ("Declaration of interests" / "I confirm ..." / "" / "Public access to
        information" / "Information in this form ..."); or a heading in capitals alone between blank
        lines ("APPROVAL"): the form's next part, which the value above does not run into."""
        opened = self.open
        if (not apart or opened is None or opened.kind != "field" or not opened.label_lines
                or not any(p is not None for p in opened.pieces) or self.lines[i].is_list_item):
            return False
        stripped = text.strip()
        words = stripped.split()
        if (not 0 < len(words) <= MAX_PLAIN_HEADING_WORDS or not stripped[:1].isupper()
                or ends_sentence(stripped) or stripped.endswith((".", ",", ";", ":"))
                or any(c.isdigit() for c in stripped) or opens_prose(stripped, self.words)
                or opens_with(stripped.lower(), tuple(self.words.decision_openers))):
            return False  # ("RECOMMENDED TO COUNCIL" opens the decision's text)
        below = i + 1 < len(self.lines)
        if mostly_upper(stripped):  # "APPROVAL" over the next part's label; not a value in capitals
            after = self.next_nonblank(i)  # ("CLT, SLT", "NONE", "WESTBROOK SCOUTS" over more text)
            before = next((self.content(j).rstrip() for j in range(i - 1, -1, -1) if not self.blank(j)), "")
            return ("," not in stripped and max(len(w) for w in words) >= MIN_CAPS_PART_LETTERS
                    and before.endswith((".", "!", "?"))  # after a sentence, as a part's heading is
                    and (after is None or self.match(self.content(after), approximate=False) is not None))
        label_line = opened.label_lines[-1]
        label = self.content(label_line).strip()
        first_value = next((p.line for p in opened.pieces if p is not None), None)
        text_at = self.words_below(i)  # its paragraph, no further below it than the label's value was below the label
        return (text_at is not None and first_value is not None and text_at - i <= first_value - label_line
                and len(self.content(text_at).split()) >= MIN_PLAIN_HEADING_TEXT_WORDS
                and label == (opened.label or "").strip() and not label.endswith(":"))

    def next_value_text(self, i: int) -> str:
        j = self.next_nonblank(i)
        return "" if j is None else self.content(j)

    def line_at(self, offset: int, first: int) -> int:
        """Index of the line (from ``first`` on) that holds a document offset."""
        j = first
        while j + 1 < len(self.lines) and self.lines[j].end < offset:
            j += 1
        return j
