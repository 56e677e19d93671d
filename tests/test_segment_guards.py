"""The segmenter's cheap tests that spare a regex call (`line_context.may_open_item`,
`line_context.separator_after`, `split.may_open_minute`; `split._numbered_lines` checked again): each admits
every line its regex matches, so refusing the rest changes no answer. Checked over a table of
lines and over every combination of a few openings, words, numbers and endings."""

from __future__ import annotations

import itertools

import pytest
import regex

from extractor.line_context import _NUMBERED, may_open_item, separator_after
from extractor.segment import _ITEM_WORD
from extractor.split import BARE_NUMBER, _MINUTE_HEADING, _NUMBERED_LINE, _numbered_lines, may_open_minute

_MARK_AFTER = regex.compile(r"[ \t]*(?:[:?;]|:-)")  # what `separator_after` reads, as the regex it replaces

LINES = [
    "", " ", "2. CAR PARK TARIFFS", "Item 6 – Extension at Mill House", "  item 4: Waste", "AGENDA ITEM 3",
    "agenda item 12 Budget", "Minute 3", "MINUTE 12: Roads", "mİnute 3 Roads", "İtem 3 Roads", "ıtem 3", "\u2003Item 7",
    "\x85item 7", "\x1citem 7", "In the report", "Members agreed", "and the", "A report", "I. Parish Plan:", "ii. Roads",
    "iv) Roads", "x. Roads", "(3) Roads", "(iv) Roads", "104/12/16 Minutes of the Meeting", "23/104 ALLOTMENT RENTS",
    "E12/25 Roads", "EC.14/2025 Roads", "M/140/2006:-", "4. 80.20. FOOTPATH REPAIR.", "٣. Roads", "３. Roads",
    "the Clerk reported", "- a bullet", "• 2. Roads", "“3. Roads”", "\t12 Roads", "1", "12", "123 Roads", "1234 Roads",
    "Apologies", "apologies", "v. Smith", "Vote", "Label:   value", "x", "(", "É12/25 Roads", "Éd 3",
]
OPENINGS = ["", " ", "\t", "\u2003", "\x85", "\x1c", "(", "•", "\u0130"]
WORDS = ["", "item ", "Item ", "ITEM ", "minute ", "Minute ", "agenda item ", "Agenda Item ", "m\u0130nute ", "\u0130tem ",
         "I. ", "iv. ", "X. ", "M/", "EC.", "E", "the ", "A ", "In ", "Members "]
NUMBERS = ["", "3", "12", "(3)", "3)", "104/12/16", "23/104", "140/2006:-", "٣", "4. 80.20."]
ENDINGS = ["", " ", ". Roads", " Roads", ": Roads", " the report", " ROADS AND PATHS", ".", ";"]


def _lines() -> list[str]:
    combos = ["".join(parts) for parts in itertools.product(OPENINGS, WORDS, NUMBERS, ENDINGS)]
    return LINES + combos


def test_may_open_item_admits_every_item_number() -> None:
    refused = 0
    for text in _lines():
        if _NUMBERED.match(text) or _ITEM_WORD.match(text):
            assert may_open_item(text), text
        refused += not may_open_item(text)
    assert refused > 1000  # it spares calls: most lines open with another word


@pytest.mark.parametrize("text,admitted", [
    ("2. CAR PARK TARIFFS", True), ("Item 6 – Extension", True), ("  agenda item 4", True), ("mİnute 3", True),
    ("In the report", False), ("Members agreed", False), ("and the", False), ("A report", False), ("  It was", False),
])
def test_may_open_item_refuses_other_words(text: str, admitted: bool) -> None:
    assert may_open_item(text) is admitted


def test_may_open_minute_admits_every_minute_number() -> None:
    refused = 0
    for text in _lines():
        if _MINUTE_HEADING.match(text.strip()) or BARE_NUMBER.match(text):
            assert may_open_minute(text), text
        refused += not may_open_minute(text)
    assert refused > 300


@pytest.mark.parametrize("text,admitted", [
    ("3. Renewal", True), ("(3) Roads", True), ("iv. Roads", True), ("Minute 3", True), ("E12/25 Roads", True),
    ("the Clerk reported", False), ("- a bullet", False), ("'3. Roads'", False), ("others agreed", False), ("“3. Roads”", True),
])
def test_may_open_minute_refuses_other_openings(text: str, admitted: bool) -> None:
    assert may_open_minute(text) is admitted


def test_separator_after_reads_as_the_regex() -> None:
    texts = ["Decision:", "Decision :- Cabinet", "Decision \t ? x", "Decision;", "Decision - x", "Decision\n:",
             "Decision  ", "Decision \xa0:", "Decision.", "Decision", ":", " :-", "\t\t;", "a?b"]
    for text in texts:
        for at in range(len(text) + 1):
            assert separator_after(text, at) is (_MARK_AFTER.match(text, at) is not None), (text, at)


def test_numbered_lines_are_finditers_matches() -> None:
    lines = _lines()
    for size in (3, 7):
        for start in range(0, len(lines), 997):
            text = "\n".join(lines[start:start + size * 40])
            assert [m.span() for m in _numbered_lines(text)] == [m.span() for m in _NUMBERED_LINE.finditer(text)]
