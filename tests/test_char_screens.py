"""The stdlib `re` screens of `inline_labels` admit every place the `regex` patterns they stand
before can match, so `inline_labels` answers as it did without them: their character classes
hold every character `regex` reads as a capital, a lower-case letter or a digit (checked over all
of Unicode), str.split cuts the words `regex`'s \\S+ finds in a text without the separators it
alone takes for white space, and the inline reader with its screens gives the lines it gives with
screens that pass everything, over invented lines, the samples and the notice fixtures."""

from __future__ import annotations

import re
import sys

import pytest
import regex

from extractor import inline_labels
from extractor import inline_labels as char_screens  # (the screens stand in inline_labels)
from extractor.lexicon import load_lexicon
from extractor.readers.text import read_text

from .conftest import fixture_texts, sample_texts, text_lines

EVERY_CHAR = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_the_ranges_left_out_hold_no_letter_and_no_digit():
    left_out = "".join(chr(c) for first, last in char_screens.NO_LETTER_RANGES for c in range(first, last + 1))
    assert regex.findall(r"[\p{Lu}\p{Ll}\d]", left_out) == []


@pytest.mark.parametrize("regex_class,re_class", [
    (r"\p{Lu}", "[A-Z{}]"), (r"\p{Ll}", "[a-z{}]"), (r"\d", "[0-9{}]"),
])
def test_each_screen_class_holds_what_regex_reads_so(regex_class, re_class):
    wanted = set(regex.findall(regex_class, EVERY_CHAR))
    held = set(re.findall(re_class.format(char_screens.MAYBE_LETTER), EVERY_CHAR))
    assert wanted - held == set()


def test_str_split_and_regex_differ_only_on_the_separators_named():
    regex_spaces = set(regex.findall(r"\s", EVERY_CHAR))
    split_spaces = {c for c in EVERY_CHAR if c.isspace()}
    assert "".join(sorted(split_spaces ^ regex_spaces)) == char_screens.SPLIT_ONLY_SPACES
    assert char_screens.splits_as_regex("Decision Maker\u00a0Cabinet\u2003x")
    assert not char_screens.splits_as_regex("Decision\x1fMaker Cabinet")


LINES = [
    "21st September 2020Decision Papers/Reason for Restricted", "PCCDecision Ref: 12", "restrictedDecision Maker: Leader",
    "Decision date8 Dec 2023", "OutcomeRecommendations Approved", "McAdam Road works", "x)Decision Maker",
    "2020Décision Papers", "ÉCOLEÉté", "naïveÉcole", "µAb", "αΒγ Decision", "тДа", "ａＢｃ", "\U0001d400\U0001d41a",
    "Council’s Decision Maker", "£5kDecision Maker: Cabinet", "•Decision Maker", "Decision Maker Cabinet",
    "", "a", "Ab", "aB", "iPhone", "Decision\u00a0Maker\u2003Cabinet", "Decision\x1fMaker Cabinet Member for Roads",
]


def _corpus_lines() -> list[str]:
    return text_lines(LINES)


@pytest.mark.parametrize("line", LINES)
def test_every_glued_place_is_a_screen_place(line):
    screened = {m.start() for m in char_screens.MAY_GLUE.finditer(line)}
    assert {m.start() for m in inline_labels._GLUED_START.finditer(line)} <= screened
    cells = {m.start() for m in char_screens.MAY_CELL_GLUE.finditer(line)}
    assert {m.start() for m in inline_labels._CELL_GLUE.finditer(line)} <= cells


def test_every_glued_place_of_the_samples_is_a_screen_place():
    missed = [line for line in _corpus_lines()
              if not {m.start() for m in inline_labels._GLUED_START.finditer(line)}
              <= {m.start() for m in char_screens.MAY_GLUE.finditer(line)}
              or not {m.start() for m in inline_labels._CELL_GLUE.finditer(line)}
              <= {m.start() for m in char_screens.MAY_CELL_GLUE.finditer(line)}]
    assert missed == []


def _texts() -> list[str]:
    texts = ["\n".join(LINES), "\n\n".join(LINES),
             "Decision Title Harbour Road works\nDecision Maker Cabinet Member\nImplementation Date 23 April 2019\n"
             "Decision Type Key\x1fdecision",
             "Decision Title\x1fHarbour Road works\nDecision Maker Cabinet Member\nImplementation Date 23 April 2019"]
    samples = [path.read_text(encoding="utf-8") for path in [*sample_texts(), *fixture_texts()]]
    # (a control character in fewer than 1% of a text's characters: the text reader takes it as text)
    return [text + "\n\n" + samples[0] if "\x1f" in text else text for text in texts] + samples


def test_the_inline_reader_reads_as_it_does_without_its_screens(monkeypatch):
    lexicon = load_lexicon()
    documents = [read_text(text.encode("utf-8")) for text in _texts()]
    screened = [inline_labels.split_inline_labels(document, lexicon).lines for document in documents]
    everything = re.compile(".", re.DOTALL)
    monkeypatch.setattr(inline_labels, "glue_places", lambda text, _: list(range(len(text))))  # every place
    monkeypatch.setattr(inline_labels, "MAY_CELL_GLUE", everything)
    monkeypatch.setattr(inline_labels, "splits_as_regex", lambda text: False)
    documents = [read_text(text.encode("utf-8")) for text in _texts()]
    assert [inline_labels.split_inline_labels(document, lexicon).lines for document in documents] == screened


@pytest.mark.parametrize("content", [
    "Decision Title Harbour Road works", "Decision\u00a0Title\u2003Harbour Road", "Decision Maker:  Cabinet",
    "The Decision Maker agreed", "Decision", "Decision Title", "Implementation Date 23 April 2019",
    "Decision Maker " + "x" * 90, "D" + "e" * 100 + " Title",
])
def test_bare_rows_read_by_str_split_are_those_read_by_regex(content):
    lexicon = load_lexicon()
    rows = [(0, content)]
    for guessed in (False, True):
        assert (inline_labels._bare_labels(rows, lexicon, guessed=guessed, plain=True)
                == inline_labels._bare_labels(rows, lexicon, guessed=guessed, plain=False))


def test_a_separator_is_found_where_the_pattern_finds_one():
    from .test_inline_label_scans import LINES as SEPARATOR_LINES

    lines = [*SEPARATOR_LINES, *_corpus_lines(), "Date\x1f: x", "a\x1c?: b", "Why ?\u2003x", "a:: b ?: c"]
    lines += [line[:80] for line in lines]  # (a row's head, as the bare-label reader reads it)
    differ = [line for line in lines
              if inline_labels._has_separator(line) != (inline_labels._SEPARATOR.search(line) is not None)]
    assert differ == []
