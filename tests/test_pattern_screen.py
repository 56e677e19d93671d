"""`pattern_screen` skips a whole-line pattern only where its search would fail: the screened
`Lexicon.match_pattern` gives the answer of every pattern searched in order."""

import random

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor import pattern_screen
from extractor.pattern_screen import PatternScreen, opens_with_digit


@pytest.mark.parametrize(("pattern", "digit"), [
    (r"^\d+ x", True),
    (r"^(?P<date>\d{1,2}/\d{1,2})\s+x", True),
    (r"^(?:(?P<d>\d)[a-z])", True),
    (r"^(?>\d)", True),
    (r"^(?:\d|a)", False),  # a branch may open otherwise
    (r"^(?:\d)?x", False),  # the group may be absent
    (r"^(?:\d){0,2}x", False),
    (r"^\d?x", False),
    (r"^\d*x", False),
    (r"^\d{0,3}x", False),
    (r"^\d{,3}x", False),
    (r"^\d{01}x", True),  # exactly one ("{01}" is a count, not a "{0...}" that may be none)
    (r"^(?:\d){1,2}x", True),
    (r"\d+", False),  # not anchored
    (r"^\d|x", False),  # the second branch matches "x"
    (r"^(?:\d)|x", False),
    (r"^\d(?:a|b)", True),
    (r"^\d[|]|x", False),
    (r"^\d[|]", True),
    (r"^(?=\d)\d", False),  # a lookaround is not read
    (r"(?m)^\d", False),
    (r"^[0-9]", False),  # a class is not read
    (r"^(?:[|(]a)\d", False),
])
def test_an_opening_digit_is_read_only_where_every_match_starts_with_one(pattern, digit):
    assert opens_with_digit(pattern, regex.IGNORECASE) is digit


_LINES = ["Eastmoor District Council", "NORTHDALE FIRE AUTHORITY", "Westbury Combined Authority",
          "Royal Borough of Kingsford", "Kent And Medway Authority", "The Police and Crime Commissioner for Kent",
          "İslington Council", "12/03/2024 - Parking review ref: 243", "3 March 2024 Budget Setting Report",
          "14 May 2025 Cabinet Member for Housing (Key decision)", "Decision Notice", "DN/2024/017 - Grant award",
          "Record of decision taken by the Leader", "Decision of the Cabinet Member for Transport",
          "Call-in deadline: 5pm on 12 March 2024", "Cabinet Member approval", "Decision record 2024/55",
          "٣/03/2024 - Arabic digits", "ſ", "", "1", "Page 2 of 3",
          "\u212aENT COUNTY COUNCIL", "\u212aingsford Council", "Σ", "ΣΑ Council", "decision notice", "(Key decision)"]


def _lines() -> list[str]:
    random.seed(31)
    lexicon = load_lexicon()
    words = [w for key in lexicon.entries for w in key.split()][:300] + ["council", "authority", "12/03/2024", "2024"]
    made = [" ".join(random.choice(words) for _ in range(random.randint(1, 12))) for _ in range(400)]
    return _LINES + made + [t.title() for t in made[:100]] + [t.upper() for t in made[100:150]]


@pytest.mark.parametrize("head", [False, True])
def test_the_screened_reading_is_every_pattern_searched_in_order(head):
    lexicon = load_lexicon()
    for line in _lines():
        expected = next(((p, m) for p in lexicon.patterns if (head or not p.head) and (m := p.regex.search(line))), None)
        found = lexicon.match_pattern(line, head=head)
        if expected is None:
            assert found is None, line
        else:
            assert found is not None and found[0] is expected[0] and found[1].span() == expected[1].span(), line


def test_every_digit_first_pattern_needs_its_digit():
    for pattern in load_lexicon().patterns:
        if opens_with_digit(pattern.regex.pattern, pattern.regex.flags):
            for line in _lines():
                if line[:1].isascii() and not line[:1].isdigit():
                    assert pattern.regex.search(line) is None, (pattern.name, line)


@pytest.mark.parametrize("head", [False, True])
def test_the_tests_kept_per_first_character_answer_as_every_pattern_searched(head, monkeypatch):
    """`PatternScreen` keeps, per first character, the patterns a line opening so may match: asked
    twice (the kept tuple the second time) and with the keeping started again every few
    characters, it answers as every pattern searched in order."""
    monkeypatch.setattr(pattern_screen, "MAX_OPENING_KEYS", 5)
    lexicon = load_lexicon()
    screen = PatternScreen(lexicon.patterns)
    for line in _lines() * 2:
        stripped = line.strip()
        expected = next(((p, m) for p in lexicon.patterns if (head or not p.head) and (m := p.regex.search(stripped))), None)
        found = screen.first_match(stripped, head)
        assert (found and (found[0], found[1].span())) == (expected and (expected[0], expected[1].span())), line
