"""The string tests `paragraphs.joins` reads a sentence's end with, and the guards before its
regexes (issue 29's speed work), answer as the regexes they stand for: checked against those
regexes, written out here, over a table of edge cases and random texts. Work is never timed."""

import random

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor.paragraphs import _MARKER_ONLY, _PARAGRAPH_NUMBER, _POSSESSIVE_END, joins
from extractor.sections import Piece, Segment

_TERMINAL = regex.compile(r"[.!?:;][\"'”’)\]]*$", regex.REVERSE)  # the regex `joins` reads without
_LAST_WORD = regex.compile(r"([\p{L}']+)[\"”’]?$", regex.REVERSE)
_OPENS_WITH_LABEL = regex.compile(r"^[^:]{1,60}:\s")
_RUNS_ON = frozenset({"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and",
                      "or", "that", "which", "whose", "into", "between", "than", "via"})


def _joins_by_regex(previous, following, *, blank_between, following_is_item, words, wrapped=False):
    """`joins` as it read before its guards: every test a regex."""
    if following_is_item or _PARAGRAPH_NUMBER.match(following):
        return False
    if wrapped and not blank_between:
        return True
    if len(previous) <= 8 and _MARKER_ONLY.match(previous):
        return True
    terminal = bool(_TERMINAL.search(previous))
    starts_lower = following[:1].islower()
    if blank_between:
        if terminal:
            return False
        if starts_lower:
            return True
        last = _LAST_WORD.search(previous)
        return (len(previous.split()) >= 4 and bool(last)
                and last.group(1).lower() in _RUNS_ON and not _OPENS_WITH_LABEL.match(following))
    if terminal:
        return False
    if starts_lower or following[:1].isdigit() or previous.endswith((",", "-", "–", "&")):
        return True
    if _POSSESSIVE_END.search(previous) or (following[:1] == "(" and not words.list_item.match(following)):
        return True
    last = _LAST_WORD.search(previous)
    return bool(last) and last.group(1).lower() in words.joining_words


_EDGES = ["", "x", ".", "a.", "Done.", "Done.)", "Done.\u201d", "Done.\u2019)", "Done.]", "Done.)\n", "Done.\n\n",
          "Done\n", "Done.\n", "Done;", "Done:", "Done!", "Done?", "Done,", "Done)", "Done.x", "Done. )",
          "the Children\u2019s", "the Children's", "the Children's\n", "Children\u2019s.", "\u2019s", "'s", "x's",
          "the Children\u2019S", "by the", "and the", "the Secretary of", "4.1.", "(a)", "ii.", "4.1. The Director",
          "12.3 Budget", "\u0664.\u0661 The", "\u00b2.1 The", "4.1 the"]


def _pairs():
    rnd = random.Random(29)
    parts = ["the", "of", "Done", ".", ":", ";", "!", "?", ")", "]", "\u201d", "\u2019", "'", "s", "\u2019s", "'s", "\n",
             " ", "4", "4.1.", "12", "(", "(a)", "ii.", "x", "Cabinet", "approve", ",", "-", "&", "\u0664", "\u00b2"]
    made = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 8))) for _ in range(600)]
    texts = _EDGES + made
    return [(a, b) for a in texts for b in _EDGES[:12] + _EDGES[-6:]] + list(zip(made, reversed(made)))


def test_joins_answers_as_its_regexes_do():
    words = load_lexicon().words
    for previous, following in _pairs():
        for blank in (False, True):
            for wrapped in (False, True):
                assert joins(previous, following, blank_between=blank, following_is_item=False, words=words,
                             wrapped=wrapped) == _joins_by_regex(
                    previous, following, blank_between=blank, following_is_item=False, words=words,
                    wrapped=wrapped), (previous, following, blank, wrapped)


@pytest.mark.parametrize("pieces", [
    (Piece(0, 5, 0), None, Piece(6, 9, 1)),
    (None, None),
    (Piece(0, 0, 0),),
    (),
])
def test_a_segments_value_pieces_are_its_pieces_without_the_breaks(pieces):
    """`Segment.value_pieces` drops None by filter's truth test: a Piece, even an empty one, is true."""
    segment = Segment("field", 0, 9, pieces)
    assert segment.value_pieces == tuple(p for p in pieces if p is not None)
