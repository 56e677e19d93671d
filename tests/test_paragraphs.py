import pytest

from extractor.lexicon import load_lexicon
from extractor.paragraphs import build_paragraphs, joins
from extractor.readers.text import read_text
from extractor.segment import Piece

WORDS = load_lexicon().words

JOINS = [
    ("lower-case run-on", "to update the", "management plan", False, True),
    ("function word before capital", "the Secretary of", "State by 1st April 2009", False, True),
    ("digit continues a date", "effect from 1 January", "2020.", False, True),
    ("comma", "Schedule 1,", "Part 3", False, True),
    ("sentence end", "by 1st April 2009.", "The Chief Executive", False, False),
    ("number then capital", "by 1st April 2009", "The Chief Executive", False, False),
    ("heading then capital", "ICT shared service", "On 16th April 2012", False, False),
    ("colon ends a lead-in", "the following decision was made:", "“That the Cabinet", False, False),
    ("closing quote after full stop", "strategic priorities.”", "Following that meeting", False, False),
    ("list marker alone", "i.", "Approved", False, True),
    ("page break mid-sentence", "information and services", "electronically and encourage", True, True),
    ("blank line between paragraphs", "ICT shared service", "On 16th April", True, False),
    ("a possessive never ends a sentence", "allocations from the Children’s", "Services Capital Budget", False, True),
    ("a bracketed aside goes on", "Traffic Regulation Orders", "(TROs) advertised under the Act", False, True),
    ("a bracketed list marker starts an item", "the following changes", "(i) Amending definitions", False, False),
    ("a sentence runs on over a gap after an article", "authority to the Director of Delivery and the",
     "Executive Member for Finance to award it", True, True),
    ("a label after the gap is the next thing", "as detailed in the reports to be considered by",
     "Executive Decision No: D25/0022", True, False),
    ("a value of two words is no sentence", "Yes and", "Reasons for the decision", True, False),
]


@pytest.mark.parametrize("line,item", [
    ("1 officers proceed with the process", True),  # a number that lost its full stop, a clause after it
    ("2 Officers were present", False),  # a count before a capital
    pytest.param("12 members voted in favour", False,
                 marks=pytest.mark.xfail(strict=True, reason="known gap: a sentence that opens with a count reads as an item")),
    ("2024 budget was agreed", False),  # a year
    ("1. That the report be noted", True),
], ids=lambda v: str(v))
def test_a_list_item_by_its_number(line, item):
    assert bool(WORDS.list_item.match(line)) is item


@pytest.mark.parametrize("prev, nxt, blank, expected", [c[1:] for c in JOINS], ids=[c[0] for c in JOINS])
def test_joins(prev, nxt, blank, expected):
    assert joins(prev, nxt, blank_between=blank, following_is_item=False, words=WORDS) is expected


def test_list_items_never_join():
    assert not joins("continue to", "promote take-up", blank_between=False, following_is_item=True, words=WORDS)


def _paragraphs(text):
    doc = read_text(text.encode())
    pieces = [Piece(l.content_start, l.end, i) if doc.text[l.start:l.end].strip() else None
              for i, l in enumerate(doc.lines)]
    return [p.text for p in build_paragraphs(doc, pieces, WORDS)]


def test_paragraph_text_is_joined_and_collapsed():
    text = "(1)      As part of the\nreport:\n\n·  first item;\n·  second   item\nA new paragraph."
    assert _paragraphs(text) == ["(1) As part of the report:", "first item;", "second item", "A new paragraph."]


def test_numbered_items_start_paragraphs():
    assert _paragraphs("That:\n1) Room 35 to be used; and\n2) the room be monitored.") == [
        "That:", "1) Room 35 to be used; and", "2) the room be monitored."]
