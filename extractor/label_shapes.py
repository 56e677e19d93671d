"""Lines that read as labels the lexicon does not know, and lines that are no labels at all.

The segmenter (`segment`) knows a label when the lexicon has it; a notice from a body never
seen uses labels of its own ("Details of advice taken:", "Is Callable In?"). These tests say
when such a line is still a label (its shape: a capitalised phrase ending in a separator, alone
or before its value), which field its words name (`guessed`, checked against its value), when
a colon line opens prose instead ("That:", "The Cabinet agreed:"), and which lines are a data
dump's keys ("reason_contentious: ...") rather than printed labels.
"""

from __future__ import annotations

from typing import Any

import regex

from .lexicon import MAX_GUESS_WORDS, LabelEntry, LabelMatch, Lexicon, normalise_label
from .values import is_date_only, parse_bool

MAX_ALONE_LABEL_WORDS = 6  # "Details of advice taken:"; longer colon lines lead into a list
MAX_UNKNOWN_LABEL_WORDS = 14
_UNKNOWN_LABEL = regex.compile(r"^(?P<label>\p{Lu}[^:.;!?]{0,90}?)\s*(?::+-?|\?:?)\s*(?P<value>.*)$")
_CLOCK = regex.compile(r"\d{1,2}[:.]\d{2}")  # "Meeting starts 10:30": a time, no label's colon
SNAKE_KEY = regex.compile(r"^\s*[a-z]+(?:_[a-z]+)+:\s")  # "reason_contentious: ..."
LOWER_KEY = regex.compile(r"^\s*(?P<key>[a-z]+(?:_[a-z]+)*):\s*")  # "summary: ..."
LOWER_KEY_ALONE = regex.compile(r"^\s*(?P<key>[a-z]+(?:_[a-z]+)*)\s*$")  # "summary", a web page's heading
_WHEN_WORDS = frozenset({"on", "dated"})  # a label that ends so names a day
DATA_KEY_REACH = 4  # lines from a snake_case key within which lower-case keys are its block's
FIGURES = regex.compile(r"[\d£$€%]")  # a sum, a count or a date: a sentence's, no label's
SENTENCE_STARTS = {"that", "the", "to", "this", "these", "it", "we", "in", "on", "if", "as", "for",
                    "a", "an", "following", "resolved", "where", "when", "please", "note"}


def find_data_keys(contents: list[str], blanks: list[bool]) -> frozenset[int]:
    """Lines of a machine-written key/value block ("reason_contentious: ...", and the plain
    lower-case keys beside them such as "summary: ..."): a data dump, never printed labels."""
    snake = [i for i in range(len(contents)) if "_" in contents[i] and SNAKE_KEY.match(contents[i])]
    if not snake:
        return frozenset()
    keys = set(snake)
    filled = [i for i in range(len(contents)) if not blanks[i]]  # reach counts lines with words
    rank = {i: n for n, i in enumerate(filled)}
    lower = [i for i in filled if i not in keys
             and (LOWER_KEY.match(contents[i]) or LOWER_KEY_ALONE.match(contents[i]))]
    grew = True
    while grew:  # the block reaches as far as its keys run on, each near the next
        grew = False
        for i in lower:
            if i not in keys and any(abs(rank[i] - rank[j]) <= DATA_KEY_REACH for j in keys):
                keys.add(i)
                grew = True
    return frozenset(keys)


def opens_prose(text: str, words: Any) -> bool:
    """"That:", "RESOLVED:" and the like open the text of a section, they are no label."""
    first = text.strip().split()[0].lower().rstrip(":-")
    lowered = text.strip().lower().rstrip(":- ")
    return first in SENTENCE_STARTS or any(lowered == o.rstrip(":") for o in words.decision_openers)


def unknown_label(text: str, words: Any) -> tuple[str, int | None] | None:
    """``Some Label: value`` with a label the lexicon does not know, outside any field text: the
    label, and where its value starts on the line (None: the value is below)."""
    found = _UNKNOWN_LABEL.match(text) if ":" in text or "?" in text else None  # (its separator has one)
    if not found:
        return None
    label = found.group("label").strip()
    label_words = label.split()
    if not label_words or len(label_words) > MAX_UNKNOWN_LABEL_WORDS or label_words[0].lower() in SENTENCE_STARTS:
        return None
    lowered = label.lower()
    if any(lowered == o or lowered.startswith(o + " ") for o in words.decision_openers):
        return None  # "Recommended to Full Council (Budget and policy framework):" leads into a decision
    if len(label_words) > 1 and any(c.isdigit() for c in label_words[-1]):
        return None  # "Decision 2026/012: Victim services": a numbered record's heading and its title, no label
    question = text[found.end("label"):].lstrip().startswith("?")  # "Is Callable In?": a question ends anywhere
    value = found.group("value")
    # "Decision taken on: 14 October 2024": a label may end in "on" when a date follows
    dated = label_words[-1].lower() in _WHEN_WORDS and is_date_only(value.strip(), words=words)
    if (label_words[-1].lower() in words.joining_words and not question and not dated) or (
            _CLOCK.search(text) and not dated):
        return None
    if not value and not text.rstrip().endswith((":", ":-", "?")):
        return None
    return label, (found.start("value") if value else None)


def label_alone(text: str, words: Any) -> bool:
    """"Details of advice taken:" alone on its line: a short phrase ending in a colon that
    no lead-in word makes a sentence ("The Cabinet agreed:")."""
    text = text.strip()
    if not text.endswith(":") or not text[:1].isupper():
        return False
    phrase = text.rstrip(":- ").lower().split()
    return (0 < len(phrase) <= MAX_ALONE_LABEL_WORDS and phrase[0] not in SENTENCE_STARTS
            and not any(w in words.lead_in_words for w in phrase))


def guessed(lexicon: Lexicon, label: str, value: str, *, max_words: int = MAX_GUESS_WORDS) -> LabelEntry | None:
    """The field an unknown label names by its words, when its value agrees: a date field
    needs a date, a yes/no field a yes or no."""
    entry = lexicon.guess(label, max_words=max_words)
    if (entry is not None and entry.shape != "date" and label.split()[-1].lower() in _WHEN_WORDS
            and is_date_only(value.strip(), words=lexicon.words)):
        # "Decision taken on: 14 October 2024": the words name the decision, the "on" and the date
        # say it is the day it was taken (read as "Date decision taken on")
        dated = lexicon.guess(f"Date {label}")
        entry = dated if dated is not None and dated.shape == "date" else entry
    if entry is None:
        return None
    if entry.shape == "date" and not is_date_only(value.strip(), words=lexicon.words):
        return None
    if entry.shape == "bool" and parse_bool(value, words=lexicon.words).value is None:
        return None
    return entry


MAX_DATED_LABEL_WORDS = 5
_WORD = regex.compile(r"\S+")
_DIGIT = regex.compile(r"\d")
_ASCII_DIGITS = "0123456789"


def has_digit(text: str) -> bool:
    """``bool(_DIGIT.search(text))``: in an ASCII text ``\\d`` is one of "0"-"9", looked for with
    ``in`` (a `regex` call costs several times more, and nearly every line is asked); a text beyond
    ASCII is left to `regex`, whose digits are all of Unicode's."""
    if not text.isascii():
        return _DIGIT.search(text) is not None
    for digit in _ASCII_DIGITS:  # (a loop, no any(): every line with a capital first asks)
        if digit in text:
            return True
    return False


SIGNED_ON = "Date signed"  # the label a signature's word with a date after it reads as


def dated_bare_label(text: str, lexicon: Lexicon) -> LabelMatch | None:
    """A date field's label and its date with no separator between ("Dated 24 January 2025",
    "Date of decision 12/03/2024"): a text reader lost the form's cell break, and a date after a
    date's label proves the label as a colon would.

    >>> from extractor.lexicon import load_lexicon
    >>> m = dated_bare_label("Dated 24 January 2025", load_lexicon())
    >>> m.entry.field, m.label, m.value_start
    ('decision_date', 'Dated', 6)
    >>> dated_bare_label("Signed 14 May 2025", load_lexicon()).entry.field
    'decision_date'
    """
    if not text.lstrip()[:1].isupper() or not has_digit(text):
        return None  # a date has a digit; most lines are no date's label and stop here
    first = _WORD.search(text, 0, 80)  # (the first word, before all of them: most lines stop at it)
    if first is None or normalise_label(first.group()) not in lexicon.label_words:
        return None
    words = list(_WORD.finditer(text, endpos=80))
    if len(words) < 2:
        return None
    for size in range(min(MAX_DATED_LABEL_WORDS, len(words) - 1), 0, -1):  # the longest label first
        label = text[words[0].start():words[size - 1].end()]
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and entry.shape != "date" and normalise_label(label) in lexicon.words.signature_labels:
            entry = lexicon.lookup(SIGNED_ON)  # "Signed 14 May 2025": the day it was signed, as "Date signed"
        if entry is None or entry.guessed or entry.shape != "date":
            continue
        value_start = words[size].start()
        if is_date_only(text[value_start:].strip(), words=lexicon.words):
            return LabelMatch(entry, text[words[0].start():words[size - 1].end()], words[size - 1].end(), value_start)
    return None
