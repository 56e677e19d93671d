"""The faster scans of `inline_labels` answer exactly as the plain ones they replace: the
separators found from each ":" and "?" are those `_SEPARATOR.finditer` finds at every offset,
and the alone-label reader's early counts refuse only what it refused before, over invented
lines, the samples and the notice fixtures."""

from __future__ import annotations

import pytest

from extractor import inline_labels

from .conftest import text_lines

LINES = [
    "Decision Maker: Cabinet", "a :b", "a ::b", "A:?x", "Word ? x", "Word ?: x", "Word?: x", "x) : y",
    "a  : b", "10:30 Date: 2 May", "see https://x.org Rate:  1", ":", " :", "a?", "a? ", "Is it?:: yes",
    "a\t:b", "?:?: ", "Q ? ? x", "Signed: ..... Date: 18 June 2024", "Why?\u00a0Because: it is",
    "Reason(s)? : none", "A::::B", "Ref:\u2003x", "",
]


def _corpus_lines() -> list[str]:
    return text_lines(LINES)


@pytest.mark.parametrize("line", LINES)
def test_separators_are_the_patterns_matches(line):
    assert [m.span() for m in inline_labels._separators(line)] == [
        m.span() for m in inline_labels._SEPARATOR.finditer(line)]


def test_separators_agree_on_every_sample_and_fixture_line():
    differ = [line for line in _corpus_lines() if [m.span() for m in inline_labels._separators(line)]
              != [m.span() for m in inline_labels._SEPARATOR.finditer(line)]]
    assert differ == []
