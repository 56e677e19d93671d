"""The assembler's fast paths (issue 29) answer exactly what the slower forms they replace did.

Each test keeps the old form as its oracle and asks both over a table of tricky inputs and,
where cheap, every line of the bundled samples and notice fixtures.
"""

from __future__ import annotations

import regex
import pytest

from extractor.lexicon import load_lexicon
from extractor.values import _joined, is_empty_value

from .conftest import text_lines

WORDS = load_lexicon().words

EMPTY_VALUES = [
    "This Decision does not contain any Ward records.",
    "this decision does not contain any ward record",
    "This Decision does not contain any Ward records. And more",
    "---", "-", "--x", "...", ".", "..x",
    "[Insert title]", "[name and role of the decision maker]", "[Insertion]", "[tbc]", "[xx]", "[x]",
    "☐ Yes ☐ No", "☐ Yes ☒ No", "□ n/a", "☐Yes☐No☐N/A",
    "Yes", "None", "Cabinet", "-- Cabinet --", "  ",
]


def _old_is_empty(text: str) -> bool:
    stripped = text.strip()
    return not stripped or any(p.match(stripped) for p in WORDS.empty_values)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return text_lines(EMPTY_VALUES)


def test_empty_values_join(lines: list[str]) -> None:
    """The joined alternation matches a value exactly where one of the patterns does."""
    assert _joined(WORDS.empty_values) is not None  # (the bundled patterns can be joined)
    assert [is_empty_value(x, words=WORDS) for x in lines] == [_old_is_empty(x) for x in lines]


@pytest.mark.parametrize("value", EMPTY_VALUES, ids=[repr(v)[:30] for v in EMPTY_VALUES])
def test_empty_value_table(value: str) -> None:
    assert is_empty_value(value, words=WORDS) == _old_is_empty(value)


@pytest.mark.parametrize(
    "patterns",
    [
        (),  # no pattern: a join of none would match everything
        (regex.compile(r"^(a)\1$"), regex.compile(r"^b$")),  # a numbered reference: shifts once joined
        (regex.compile(r"^(?P<x>a)(?P=x)$"),),  # a named reference
        (regex.compile(r"(?i)^a$"), regex.compile(r"^B$")),  # a flag for the whole pattern
        (regex.compile(r"^a$", regex.I), regex.compile(r"^b$")),  # flags that differ
        (regex.compile(r"^a # a comment", regex.X), regex.compile(r"^b$", regex.X)),  # free spacing
    ],
    ids=["none", "numbered-reference", "named-reference", "inline-flag", "different-flags", "verbose"],
)
def test_patterns_not_joined(patterns: tuple) -> None:
    """Patterns that would read otherwise as branches of one alternation are asked one by one."""
    assert _joined(patterns) is None


def test_joined_alternation_matches_where_one_does() -> None:
    patterns = (regex.compile(r"^a|^b$", regex.I), regex.compile(r"^(c)+$", regex.I))
    joined = _joined(patterns)
    assert joined is not None
    for text in ["a", "ab", "b", "bc", "ccc", "C", "x", ""]:
        assert (joined.match(text) is not None) == any(p.match(text) for p in patterns), text
