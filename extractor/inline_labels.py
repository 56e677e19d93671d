"""split_inline_labels(): labels wherever they stand, not only at the start of a line.

Text flattened from a PDF or a web table runs labels into one line ("... approved. Reason for
Decision: The plan ... Publication Date: 2 September 2008 Implementation Date: ..."; "Signature:
Date: 18 June 2024"). Each known label found inside a line, with its separator after it and
evidence before it, starts a line of its own. Only the line records change: the text and every
offset stay as they are, so provenance still points into what `decision-extractor text` prints.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left

import regex

from .document import Document, Line
from .glue_places import glue_places
from .label_separators import SEPARATOR as _SEPARATOR
from .label_separators import has_separator as _has_separator
from .label_separators import separators as _separators
from .label_shapes import FIGURES
from .lexicon import MAX_LONG_GUESS_WORDS, LabelEntry, Lexicon, normalise_label
from .prefilter import can_match
from .values import find_dates

_WORD_START = regex.compile(r"(?:^|(?<=\s)|(?<=\|))\p{Lu}")
# A label glued to the value before it by a page that lost its cell breaks ("21st September
# 2020Decision Papers", "PCCDecision Ref:", "restrictedDecision Maker:").
_GLUED_START = regex.compile(r"(?<=[\d\p{Ll})])\p{Lu}(?=\p{Ll})|(?<=\p{Lu})\p{Lu}(?=\p{Ll})")
# Stdlib `re` screens before `regex` patterns that test Unicode properties (`regex` pays thousands of
# instructions a call): a screen matches wherever its pattern can, any non-ASCII character that may be
# a letter or digit standing for whatever it may be, so a text it passes over holds no match either.
# Non-ASCII characters no letter or digit to `regex` (\p{Lu}, \p{Ll}, \d): Latin-1's signs but "µ",
# punctuation, currency, arrows, technical signs, box drawing, shapes, dingbats, private use (a word
# processor's bullet), the byte order mark (checked against `regex` by tests/test_char_screens.py)
NO_LETTER_RANGES = ((0xA0, 0xB4), (0xB6, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7), (0x2000, 0x206F),
                    (0x20A0, 0x20CF), (0x2190, 0x2BFF), (0xE000, 0xF8FF), (0xFEFF, 0xFEFF))


def _other_non_ascii(skipped: tuple[tuple[int, int], ...]) -> str:
    """A `re` class body for every non-ASCII character outside the ``skipped`` ranges."""
    parts, at = [], 0x80
    for first, last in skipped:
        if at < first:
            parts.append(f"{chr(at)}-{chr(first - 1)}")
        at = last + 1
    parts.append(f"{chr(at)}-{chr(0x10FFFF)}")
    return "".join(parts)


MAYBE_LETTER = _other_non_ascii(NO_LETTER_RANGES)  # non-ASCII characters that may be a letter or a digit

# Where _GLUED_START may match, `(?<=[\d\p{Ll})])\p{Lu}(?=\p{Ll})|(?<=\p{Lu})\p{Lu}(?=\p{Ll})`:
# a capital between a letter, digit or ")" and a lower-case letter
MAY_GLUE = re.compile(f"[A-Z{MAYBE_LETTER}](?<=[0-9a-zA-Z){MAYBE_LETTER}].)(?=[a-z{MAYBE_LETTER}])")
# Where _CELL_GLUE may match, `(?<=\p{Ll})[\p{Lu}\d]`: a capital or a digit after a lower-case letter
MAY_CELL_GLUE = re.compile(f"[A-Z0-9{MAYBE_LETTER}](?<=[a-z{MAYBE_LETTER}].)")
_MAYBE_LETTER = re.compile(f"[{MAYBE_LETTER}]")  # (what `glue_places` asks of a character past ASCII)

# White space to str.split() that `regex`'s \s is not (the information separators; checked by the
# tests): in a text without them, str.split() cuts the words `regex.compile(r"\S+")` finds
SPLIT_ONLY_SPACES = "\x1c\x1d\x1e\x1f"


def splits_as_regex(text: str) -> bool:
    """Whether str.split() cuts ``text`` into the words `regex`'s \\S+ finds."""
    return not any(c in text for c in SPLIT_ONLY_SPACES)


MAX_LABEL_WORDS = 7  # a label found mid-line is at most this many words
MIN_LINE_CHARS = 12  # a line shorter than this holds one thing
# What stands right before a label: searched from the end (REVERSE), as they are anchored there
_BREAK_BEFORE = regex.compile(r"(?:\s{2,}|\|\s*|\t)$", regex.REVERSE)
_ENDS_BEFORE: dict[str, regex.Pattern[str]] = {}  # ``ends`` -> its pattern, compiled once
_WORD_SPACE_BEFORE = regex.compile(r"\S\s$", regex.REVERSE)


def _clear_break_before(text: str, at: int, ends: str = ".;!?)\\]:") -> bool:
    """Two spaces, a table pipe or the end of a sentence (or of what ``ends`` names) stand before ``at``."""
    before = text[:at]
    if _BREAK_BEFORE.search(before):
        return True
    pattern = _ENDS_BEFORE.get(ends)
    if pattern is None:
        pattern = _ENDS_BEFORE[ends] = regex.compile(f"[{ends}]\\s+$", regex.REVERSE)
    return bool(pattern.search(before))


def _tail_start(text: str, words: int) -> int:
    """The first offset from which ``text`` holds at most ``words`` words (as str.split counts them):
    the end of the word before those. A label of at most that many words starts there or later."""
    parts = text.rsplit(None, words)
    return len(parts[0]) if len(parts) > words else 0


def _evidence_before(text: str, at: int, words: int, after_label: bool = False) -> bool:
    """What stands before a label found mid-line shows it starts something new: two spaces or
    a table pipe, a sentence's end, or a label of two words or more after a value (also after
    the first value of a line that is a label's value: "Subject of Decision" | "Town centre wifi
    Decision Maker: Leader ...")."""
    before = text[:at]
    if _clear_break_before(text, at):
        return True
    if after_label:
        before = ": " + before
    # one space only: a run of "Label: value" pairs flattened into one line ("... 2 September
    # 2008 Implementation Date: ..."); a one-word label only after a value that ends in a digit
    return (words >= 2 or before.rstrip()[-1:].isdigit()) and ":" in before and bool(_WORD_SPACE_BEFORE.search(before))


def _dated(entry: LabelEntry, value: str, lexicon: Lexicon) -> bool:
    """A date label with a date after it ("... Councillor K. Mann Dated: 28th January 2008") shows
    itself a label even after one space and a word."""
    if entry.shape != "date":
        return False
    head = value.lstrip()[:40]
    found = find_dates(head, words=lexicon.words)
    return bool(found) and found[0].start == 0


def _opens_with_capital(text: str, end: int) -> bool:
    """``_WORD_START.match(text, 0, end) is not None``: at the text's start ``^`` holds, so a capital
    (\\p{Lu}) there before ``end``; an ASCII first character is read as it is, without `regex`."""
    first = text[:1]
    if first < "\x80":
        return "A" <= first <= "Z" and end > 0
    return _WORD_START.match(text, 0, end) is not None


def _label_at(text: str, colon: int, value_start: int, lexicon: Lexicon, after_label: bool = False,
              may_glue: bool = True) -> int | None:
    """Where a known label ending at ``colon`` starts in ``text`` (longest first), or None
    (``may_glue`` False: `MAY_GLUE` found no place in the line where a label may be glued)."""
    # only a start with at most MAX_LABEL_WORDS words between it and the colon is looked at
    first = _tail_start(text[:colon], MAX_LABEL_WORDS)
    if first == 0 and _opens_with_capital(text, colon):
        # the line's first word starts the longest label: most lines open with a known label
        # ("Decision Maker: ..."), and then the loop below would answer None at its first start
        label = text[:colon].strip()
        if not _has_separator(label) and lexicon.lookup(label, approximate=False) is not None:
            return None
    # (most labels are glued to nothing: one search says so before the starts are gathered)
    glued = ({m.start() for m in _GLUED_START.finditer(text, first, colon)}
             if may_glue and _GLUED_START.search(text, first, colon) is not None else set())
    starts = sorted({m.start() for m in _WORD_START.finditer(text, first, colon)} | glued)
    for start in starts:  # earliest start: the longest label
        label = text[start:colon].strip()
        if _has_separator(label):
            continue  # "Signed: ..... Date": two labels, not one
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and not text[:start].strip():
            return None  # the line starts with this label ("Is Key decision?:"): nothing to cut
        if entry is None or entry.guessed:
            continue
        words = len(label.split())
        # a known section that is no field ("Assessment of risk:") when it is named in two words or more
        if entry.kind not in {"field", "by_value", "fallback"} and not (
                entry.kind == "other" and (words >= 2 or _clear_break_before(text, start, ".!?"))):
            continue
        if (_evidence_before(text, start, words, after_label) or _dated(entry, text[value_start:], lexicon)
                or (start in glued and words >= 2)):
            return start
    return None


def _glued_label_to_end(text: str, lexicon: Lexicon) -> int | None:
    """Where a known label of two words or more, glued to the value before it, runs to the end
    of the line with no separator ("21st September 2020Decision Papers/Reason for Restricted")."""
    for glued in _GLUED_START.finditer(text, _tail_start(text, MAX_LABEL_WORDS)):  # (longer tails are skipped)
        label = text[glued.start():].strip()
        if len(label.split()) < 2 or len(label.split()) > MAX_LABEL_WORDS:
            continue
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and entry.kind in {"field", "other"} and not entry.guessed:
            return glued.start()
    return None


MIN_KNOWN_CUTS_FOR_GUESSES = 2  # known labels inside a line before its other labels are read by their words
# a sentence's end (or a gap) before a label that opens with a capital: where the label starts
_SENTENCE_THEN_CAPITAL = regex.compile(r"(?:[.;!?]\s+|\s{2,})(?=\p{Lu})")


def _opens_with_label(text: str, lexicon: Lexicon) -> bool:
    """Whether the line opens with a known label and its separator ("Decision: 1. Approve ...")."""
    sep = _SEPARATOR.search(text, 0, MAX_SEPARATOR_AT)
    return sep is not None and lexicon.lookup(text[:sep.start()].strip(), approximate=False) is not None


def _guessed_label_cuts(text: str, lexicon: Lexicon, known: list[int]) -> list[tuple[int, int]]:
    """In a line its known labels prove a run of labelled pieces ("Content: Decision: ... Reason(s):
    ... Other options considered and rejected by the Executive: Do nothing.  Details of any conflict
    of interest declared ...: None."), the other labels, each after a sentence's end and read by its
    words (however long a council's phrasing): where each starts, and where its value starts."""
    found: list[tuple[int, int]] = []
    for sep in _SEPARATOR.finditer(text):
        starts = [m.end() for m in _SENTENCE_THEN_CAPITAL.finditer(text, max(0, sep.start() - 300), sep.start())]
        if not starts:
            continue
        start = starts[-1]
        if start in known or any(start < cut < sep.start() for cut in known):
            continue
        label = text[start:sep.start()].strip()
        words = label.split()
        if not 2 <= len(words) <= MAX_LONG_GUESS_WORDS or words[0].lower() in _PROSE_STARTS:
            continue
        if FIGURES.search(label):
            continue  # "Approved authority to spend £525k on ...:": a sentence with its sums, no label
        entry = lexicon.lookup(label, approximate=False) or lexicon.guess(label, max_words=MAX_LONG_GUESS_WORDS)
        if entry is not None and entry.kind in {"field", "by_value"}:
            found.append((start, sep.end() + len(text[sep.end():]) - len(text[sep.end():].lstrip())))
    return found


# "Minute of Previous Meeting Minutes: The Committee had before it ...": a meeting page's row, the
# item's title then what was minuted, flattened onto one line
_TITLED_MINUTE = regex.compile(r"^\p{Lu}[^:|]{2,120}?\s(?P<label>\p{L}+)\s?:(?:\s+(?=\S)|\s*$)")


def _titled_minute(text: str, lexicon: Lexicon) -> tuple[int, ...] | None:
    """Where "Minutes:" starts in a row that opens with the item's title, and where what was
    minuted starts after it (the label stands on a line of its own, as on the page), or None."""
    found = _TITLED_MINUTE.match(text)
    if found is None or normalise_label(found.group("label")) not in lexicon.words.minute_text_labels:
        return None
    return (found.start("label"),) if found.end() >= len(text.rstrip()) else (found.start("label"), found.end())


def _cuts(text: str, lexicon: Lexicon, after_label: bool = False, lead_in: bool = True, may_glue: bool = True) -> list[int]:
    cuts: list[int] = []
    if "inute" in text:  # (one substring test before the pattern, on most lines)
        minute = _titled_minute(text, lexicon)
        if minute is not None:
            cuts.extend(minute)
    for sep in _separators(text) if ":" in text or "?" in text else ():  # (a separator has one)
        start = _label_at(text, sep.first, sep.stop, lexicon, after_label, may_glue)  # (fields: no method call)
        if start is not None and start > 0 and text[:start].strip() and (not cuts or start > cuts[-1]):
            cuts.append(start)
    if cuts:
        cuts = sorted(set(cuts))
    glued = _glued_label_to_end(text, lexicon) if may_glue else None
    if glued is not None and glued not in cuts:
        cuts.append(glued)
    # after a formula that hands over to the decision ("... do hereby approve: The quotation ...")
    for found in lexicon.words.decision_lead_in.finditer(text) if lead_in else ():
        after = len(text) - len(text[found.end():].lstrip())
        if after < len(text) and after not in cuts:
            cuts.append(after)
    return sorted(cuts) if cuts else cuts


_LEADER = regex.compile(r"\S\s*(?:\.{3,}|…)\s*\S")  # "Subject matter ... Council Tax": a form's dotted leader
_PROSE_STARTS = frozenset({"the", "that", "this", "these", "it", "we", "i", "a", "an", "any", "our", "its", "his",
                           "her", "their", "is", "are", "was", "were", "has", "have", "be", "to", "for", "in", "on"})
MIN_BARE_ROWS = 3  # lines that open with a known label and no separator, before they read as a form
MAX_BARE_LABEL_WORDS = 5
_WORD = regex.compile(r"\S+")
MAX_GUESSED_BARE_WORDS = 3
MIN_MARKER_VALUE_WORDS = 4  # a record-kind heading with this many words after it on its line has a value
MIN_ONE_WORD_VALUE = 3
MAX_SEPARATOR_AT = 80  # a ":" this near a line's start marks its label: no bare label to look for


def bare_label_rows(document: Document, lexicon: Lexicon, rows: list[tuple[int, str]] | None = None) -> dict[int, int]:
    """Lines of a form flattened without separators ("Decision Title Sloane Street works",
    "Implementation Date 23 April 2019"): line index -> where the value starts.

    One such line proves nothing ("Decision Details are below"), so the lines count only when
    at least `MIN_BARE_ROWS` of the document open with a known label of two words or more
    followed by a value, as a form's label and value cells do."""
    rows = _row_candidates(document) if rows is None else rows
    plain = splits_as_regex(document.text)
    found = _bare_labels(rows, lexicon, guessed=False, plain=plain)
    if _distinct_labels(document, found) >= MIN_BARE_ROWS:
        found = {**_bare_labels(rows, lexicon, guessed=True, plain=plain), **found}  # the form's other labels, by their words
    return found if _distinct_labels(document, found) >= MIN_BARE_ROWS else {}


def _distinct_labels(document: Document, found: dict[int, int]) -> int:
    """How many different labels the bare-label lines found open with."""
    return len({document.text[document.lines[i].content_start:document.lines[i].content_start + at].strip().lower()
                for i, at in found.items()})


def _row_candidates(document: Document) -> list[tuple[int, str]]:
    """Lines that may be a form's row (a label then its value on one line): no label cell of a
    layout's, long enough to hold both, opening with a capital. (index, text) (gathered once
    for the bare and the glued rows' readers)"""
    text = document.text
    # (a line's length and first letter read before its text is cut out: most lines are short or
    # open with no capital)
    return [(i, text[line.content_start:line.end]) for i, line in enumerate(document.lines)
            if line.end - line.content_start >= MIN_LINE_CHARS and text[line.content_start].isupper()
            and "label" not in line.hints]


def _bare_labels(rows: list[tuple[int, str]], lexicon: Lexicon, *, guessed: bool, plain: bool = False) -> dict[int, int]:
    """Lines that open with a label and a value, no separator between: index -> the value's start
    (``guessed``: labels read by their words too; ``plain``: the text splits as `regex` does, so
    str.split finds the first words of a line, not a `regex` search each)."""
    found: dict[int, int] = {}
    known = lexicon.label_words
    for i, content in rows:
        head = content[:MAX_SEPARATOR_AT]
        # the first two words (the line starts with a capital: no blank before it) before any search
        first_words = (head.split(None, 2)[:2] if plain
                       else [m.group() for m in _WORD.finditer(head)][:2])
        if normalise_label(first_words[0]) not in known:
            continue  # a label's words first
        if first_words[0].lower() in _PROSE_STARTS:
            continue  # "The decision is ...": a sentence, no label
        # two of a label's words until the form is proved (the second, found alone)
        if not guessed and (len(first_words) < 2 or normalise_label(first_words[1]) not in known):
            continue
        if _has_separator(head) or (("..." in head or "…" in head) and _LEADER.search(head)):
            continue  # a label with its separator (a colon, a dotted leader) is read as it is
        words = list(_WORD.finditer(content, endpos=MAX_SEPARATOR_AT))
        if len(words) < 2:
            continue
        smallest = 1 if guessed else 2  # a one-word label ("Purpose") only in a form proved by longer ones
        dashed = False
        for size in range(min(MAX_BARE_LABEL_WORDS, len(words) - 1), smallest - 1, -1):  # longest label first
            label = content[:words[size - 1].end()]
            if words[size - 1].group().lower() in _PROSE_STARTS:
                continue  # "Purpose To consider ...": the label ends before "To"
            if size == 1 and (dashed or len(words) < 1 + MIN_ONE_WORD_VALUE or not words[1].group()[:1].isupper()):
                break  # "Decision Rating ♦♦": a longer label; "Decisions marked with ...": a sentence
            if label.rstrip()[-1:] in "-–":
                if guessed:  # in a form proved by its other rows a shorter label the lexicon knows may
                    dashed = True  # stand before a value with a dash in it ("Decision Title Harbour Road -
                    continue  # sea wall"); no label guessed by its words ("Decision Title Harbour"), nor one word
                break
            entry = lexicon.lookup(label, approximate=False)
            if entry is not None and words[size].group() in {"-", "–", "—"}:
                break  # "Urgent Decision - Not in Forward Plan": a dash parts label and value, read as such
            if entry is not None and entry.kind == "marker":
                # "Decision details" heads a page; in a proved form with prose after it on its line,
                # the heading is that value's label ("Decision Details To approve the new ...")
                if (guessed and entry.document_type in lexicon.words.marker_values
                        and len(words) - size >= MIN_MARKER_VALUE_WORDS):
                    found[i] = words[size].start()
                break
            if entry is None and guessed and not dashed and 2 <= size <= MAX_GUESSED_BARE_WORDS and all(
                    w.group()[:1].isupper() and w.group().isalpha() for w in words[:size]):
                entry = lexicon.guess(label)  # "Main Consultees": a short Title Case label
                if entry is None and lexicon.names_no_field(label):
                    entry = LabelEntry("other", None, "line", guessed=True)  # "Decision Number 05384/19"
            if entry is None or (entry.guessed and not guessed) or entry.kind not in {"field", "by_value", "other"}:
                continue
            after = words[size].group()
            if after[:1].islower() and (after in lexicon.words.joining_words or after in _PROSE_STARTS):
                continue  # "Report by the Director": the sentence runs on ("Purpose To consider" is a value)
            found[i] = words[size].start()
            break
    return found


# A web table's label cell glued to its value cell: a lower-case letter, then a capital or a digit
_CELL_GLUE = regex.compile(r"(?<=\p{Ll})[\p{Lu}\d]")
MAX_GLUED_LABEL_CHARS = 40
MIN_GLUED_ROWS = 2  # glued rows before they read as a table (one with a date after a date's label is enough)


def glued_label_rows(document: Document, lexicon: Lexicon, rows: list[tuple[int, str]] | None = None) -> dict[int, int]:
    """Lines of a details table whose label and value cells ran together with no space at all
    ("Decision date8 Dec 2023", "OutcomeRecommendations Approved"): line index -> the value's start.

    The label must be one the lexicon knows exactly and end in a lower-case letter, the value open
    with a capital or a digit. One such line counts when a date's label has a date after it;
    otherwise at least `MIN_GLUED_ROWS` lines of the document must be glued so (a table's rows), as
    a word like "McAdam" alone proves nothing."""
    found: dict[int, tuple[int, bool]] = {}
    known = lexicon.label_words
    for i, content in _row_candidates(document) if rows is None else rows:
        head = content[:MAX_GLUED_LABEL_CHARS]
        if ":" in head:
            continue  # a label with its separator is read as it is
        if MAY_CELL_GLUE.search(head, 1) is None:
            continue  # (a stdlib screen: most rows have no lower-case letter before a capital or a digit)
        glue = _CELL_GLUE.search(head, 1)
        if glue is None or glue.start() < 3:
            continue
        label = content[:glue.start()]
        if normalise_label(label.split()[0]) not in known and normalise_label(label) not in known:
            continue  # the first word is a label's before any lookup
        entry = lexicon.lookup(label, approximate=False)
        if entry is None or entry.guessed or entry.kind not in {"field", "by_value"}:
            continue
        found[i] = (glue.start(), _dated(entry, content[glue.start():], lexicon))
    if len(found) < MIN_GLUED_ROWS:
        found = {i: at for i, at in found.items() if at[1]}
    return {i: at for i, (at, _) in found.items()}


MIN_PROSE_WORDS = 8  # a value in sentences, not a title: "Decision details" / "Harbour wall" heads a page
MAX_ALONE_LABEL_CHARS = 80
MIN_ALONE_LABELS = 4  # known labels standing alone above their values, before a form is proved
MAX_ALONE_LABEL_WORDS = 4
_ALONE_LABEL = regex.compile(r"^\p{Lu}[\p{L}'‘’()&/ -]*$")  # "Referral Committees", "Topic keywords": no digits


def alone_label_rows(document: Document, lexicon: Lexicon) -> tuple[set[int], set[int]]:
    """Lines of a form whose labels each stand alone between blank lines with the value below
    ("Current Status" / "Decision Implemented"), that the lexicon does not know ("Referral
    Committees", "Topic keywords"): marked as labels so they end the value above them.

    Only in a form proved by at least `MIN_ALONE_LABELS` known labels standing so; a short Title
    Case line right after a label is its value, unless its words name a reference or a count.
    Also the value lines of a record-kind heading standing so ("Decision Details" / "This decision
    has been taken ..."), whose words are a field's (`marker_values`): ``(labels, values)``."""
    lines = document.lines
    stripped = document.stripped_lines  # each line's words, cut once (and kept for the table readers)
    filled = [i for i, words in enumerate(stripped) if words]
    last = len(lines) - 1

    def known(content: str) -> bool:
        if len(content) > MAX_ALONE_LABEL_CHARS or content.endswith(".") or content.count(" ") >= MAX_LABEL_WORDS:
            return False  # a label is a few words and no sentence: no lookup for a paragraph
        entry = lexicon.lookup(content.rstrip(":").strip(), approximate=False)
        return entry is not None and entry.kind in {"field", "by_value", "other", "fallback"}

    # the lines standing alone between blank lines, as (place among the filled lines, line index)
    # (written out: this runs on every line of every document)
    standing = [(at, i) for at, i in enumerate(filled)
                if (i == 0 or not stripped[i - 1]) and (i >= last or not stripped[i + 1])]
    if len(standing) < MIN_ALONE_LABELS * 2:  # a label and its value each stand alone
        return set(), set()
    labels = 0  # (counted until there are enough)
    for _, i in standing:
        labels += known(stripped[i])
        if labels >= MIN_ALONE_LABELS:
            break
    else:
        return set(), set()
    found: set[int] = set()
    values: set[int] = set()
    after_label = started = False  # started: a known label has been seen (the page's heading is none)
    before = -1  # the place of the last line standing alone: a line with words between them ends a label's run
    for at, i in standing:
        if at > before + 1:
            after_label = False
        before = at
        content = stripped[i]
        if known(content):
            after_label = started = True
            continue
        entry = lexicon.lookup(content.rstrip(":").strip(), approximate=False)
        if entry is not None and entry.kind == "marker" and entry.document_type in lexicon.words.marker_values:
            below = stripped[filled[at + 1]] if at + 1 < len(filled) else ""
            if len(below.split()) >= MIN_PROSE_WORDS and below.rstrip()[-1:] in ".!?" and not known(below):
                values.add(filled[at + 1])  # "Decision Details" / prose below: its value (a title is no prose)
            after_label = True
            continue
        # a label has its value below
        candidate = (started and not lines[i].is_list_item and len(content.split()) <= MAX_ALONE_LABEL_WORDS
                     and _ALONE_LABEL.match(content) is not None and sum(map(str.isalpha, content)) >= 4
                     and at + 1 < len(filled) and not known(stripped[filled[at + 1]]))
        if candidate and (not after_label or lexicon.names_no_field(content)):
            found.add(i)
            after_label = True
            continue
        after_label = False
    return found, values


MAX_WRAPPED_CELL_WORDS = 6


def _wrapped_cells(document: Document, rows: dict[int, int]) -> set[int]:
    """Lines of a form flattened without separators that stand between two of its rows (or a row
    and a blank): the rest of the value cell above, wrapped by the page ("Decision Makers Executive
    Director - Environment" / "Sue Harris" / "Decision Type Part A"). A few words, no separator."""
    text = document.text
    lines = document.lines
    found: set[int] = set()
    for i in rows:
        j = i + 1
        if j >= len(lines) or j in rows or "label" in lines[j].hints:
            continue
        content = text[lines[j].content_start:lines[j].end].strip()
        if not content or ":" in content or len(content.split()) > MAX_WRAPPED_CELL_WORDS:
            continue
        after = j + 1
        if after >= len(lines) or after in rows or not text[lines[after].content_start:lines[after].end].strip():
            found.add(j)
    return found


def _any_within(offsets: list[int], start: int, end: int) -> bool:
    """Whether the sorted ``offsets`` hold one in [start, end)."""
    at = bisect_left(offsets, start)
    return at < len(offsets) and offsets[at] < end


def split_inline_labels(document: Document, lexicon: Lexicon) -> Document:
    """The document with a line of its own for every known label found inside a line."""
    lines: list[Line] = []
    changed = False
    text = document.text
    rows = _row_candidates(document)
    bare = bare_label_rows(document, lexicon, rows)
    alone, alone_values = alone_label_rows(document, lexicon) if not bare else (set(), set())
    bare = {**glued_label_rows(document, lexicon, rows), **bare}
    wrapped_cells = _wrapped_cells(document, bare)
    lead_in = can_match(lexicon.words.decision_lead_in, text)  # (in few documents: each line searched only there)
    # where a label may be glued to the value before it (the places of `MAY_GLUE`, found by str.find)
    glue_at = glue_places(text, _MAYBE_LETTER)  # (in most documents, none: no line searched for glue)
    previous = ""  # the last line with words, and whether it was a label (a table's label cell)
    previous_label = False
    for index, line in enumerate(document.lines):
        content = text[line.content_start : line.end]
        if index in bare:  # a form's label cell and its value, flattened onto one line
            changed = True
            cut = line.content_start + bare[index]
            lines.append(line._replace(end=line.content_start + len(content[:bare[index]].rstrip()),
                                       hints=line.hints | {"label"}))
            lines.append(line._replace(start=cut, content_start=cut, is_list_item=False, hints=line.hints | {"value"}))
            previous, previous_label = content, False
            continue
        if index in wrapped_cells:  # the rest of the row above's value cell, which the page wrapped
            changed = True
            lines.append(line._replace(hints=line.hints | {"value"}))
            previous, previous_label = content, False
            continue
        if index in alone or index in alone_values:  # a form's label the lexicon does not know, alone
            changed = True                            # above its value; or a record heading's value
            # "alone_label", not "label": the text's rhythm proves it, not a layout (no stronger than a bare label)
            lines.append(line._replace(hints=line.hints | {"alone_label" if index in alone else "value"}))
            previous, previous_label = content, index in alone
            continue
        if len(content) < MIN_LINE_CHARS:  # (what stood above is read only for a line long enough to cut)
            if content.strip():
                previous, previous_label = content, "label" in line.hints
            lines.append(line)
            continue
        after_label = previous_label or previous.rstrip().endswith(":")
        if content.strip():
            previous, previous_label = content, "label" in line.hints
        if "label" in line.hints:  # a label cell is read whole, but for an item's title run into its
            titled = _titled_minute(content, lexicon) if "inute" in content else None  # "Minutes:"
            cuts = [c for c in titled or () if c < len(content.rstrip())]
            if not cuts:
                lines.append(line)
                continue
        else:
            cuts = _cuts(content, lexicon, after_label, lead_in,
                         bool(glue_at) and _any_within(glue_at, line.content_start, line.end))
        if not cuts:
            lines.append(line)
            continue
        changed = True
        hinted: dict[int, str] = {}  # a long label read by its words: its piece and its value's
        if len(cuts) + _opens_with_label(content, lexicon) >= MIN_KNOWN_CUTS_FOR_GUESSES:
            for label_at, value_at in _guessed_label_cuts(content, lexicon, cuts):
                hinted[label_at] = "long_label"
                if value_at < len(content):
                    hinted[value_at] = "value"
            cuts = sorted({*cuts, *hinted})
        bounds = [0, *cuts, len(content)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
            piece = content[a:b]
            end = line.content_start + a + len(piece.rstrip())
            start = line.content_start + a
            if n == 0:
                lines.append(line._replace(end=end))
            else:
                hints = line.hints | {hinted[a]} if a in hinted else line.hints
                lines.append(line._replace(start=start, content_start=start, end=end, is_list_item=False, hints=hints))
    if not changed:
        return document
    return dataclasses.replace(document, lines=tuple(lines))
