"""Meeting-heading rules rewritten for speed (issue 29) match exactly as they did: the same match,
spans and groups, for every text, stretch and start tried here. Each rewrite adds a lookahead
every match of the old pattern passes (argued beside the table); the table pins the old pattern,
and crafted lines with random ones built of a heading's pieces compare the two."""

import random

import pytest
import regex

from extractor.lexicon import load_lexicon

_FLAGS = regex.IGNORECASE | regex.MULTILINE

# (the old pattern, the lookahead put after its "^")
# - the body over its date: the name holds no line break, nor do the blanks after it, so the
#   first break after "^" is the one before the date line; the blanks there are no digit, so a
#   possessive run of them stops at the date's first digit
_REWRITES = [
    (r"^(?P<decision_maker>(?-i:\p{Lu})[\p{L}&\x27’ -]{2,60}?(?:committee|council|cabinet|board|panel|executive"
     r"|authority|forum))[ \t\xa0]*\n[ \t\xa0]*(?P<decision_date>\d{1,2}(?:st|nd|rd|th)?\s+\p{L}+,?\s+\d{4})"
     r"(?:\s*[-–,]?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?[ \t]*$",
     r"(?=[^\n]*+\n[ \t\xa0]*+\d)"),
]

_LINES = [
    "Policy and Resources Committee\n9 Apr 2019 - 09:30",
    "Policy and Resources Committee \t\xa0\n \xa0 9th April, 2019 09:30 am\n",
    "Cabinet\n18 March 2025",
    "Planning Committee\n\n4 June 2024",  # a blank line between: no match
    "Planning Committee\nFourth June 2024",
    "Planning Committee\n٣ June 2024",  # a digit beyond ASCII
    "  Planning Committee\n4 June 2024",
    "x\nLicensing Sub-Committee\n12 May 2023 - 10:00 to 12:00\nmore",
    "Full Council\n12 May 2023 10.00\nFull Council\n13 May 2023",
    "The Council\nagreed\n1 May 2020",
    "Westmarch Health Board\r\n1 May 2020",
    "Board\n1 May 2020",  # a name too short
    "",
    "\n\n",
]

_PIECES = ["Policy", " and ", "Resources", " Committee", "Council", "cabinet", " Board", "Panel", "Forum",
           "\n", "\n", " ", "\t", "\xa0", "\r", "-", "–", ",", ":", ".", "1", "9", "12", "th", " April",
           " 2019", "2026", " 09:30", "am", "p.m.", "’s", "&", "É", "ß", "٣",
           "Planning Committee", "Full Council\n", "\n12 May 2023", "\n 9th April, 2019", " - 10:00", "\n"]


def _random_texts() -> list[str]:
    rnd = random.Random(29)
    texts = ["".join(rnd.choice(_PIECES) for _ in range(rnd.randrange(2, 24))) for _ in range(1500)]

    def pick(options: list[str]) -> str:  # (the first, a heading's, most often)
        return options[0] if rnd.random() < 0.75 else rnd.choice(options)

    for _ in range(500):  # a body's line over a date's, each piece of them changed at random
        parts = [pick(["", "x\n", "The ", "\n\n"]), pick(["Planning", "Full", "Audit and Risk", "p"]),
                 pick([" Committee", " Council", " Board", " Sub-Committee", " Forum", ""]),
                 pick(["", " ", "\t\xa0", " -"]), pick(["\n", "\n\n", " ", "\r\n", "\n "]),
                 pick(["", " ", "\xa0\t"]), pick(["9", "12th", "٣", "x"]),
                 pick([" April", " Apr,", "April"]), pick([" 2019", " 19", ""]),
                 pick(["", " - 09:30", ", 10.00 am", " 9:30pm", "-"]), pick(["", "\n", " .", "\nmore"])]
        texts.append("".join(parts))
    return texts


def _result(found, rx) -> object:
    return None if found is None else (found.span(), [found.span(g) for g in rx.groupindex])


@pytest.mark.parametrize(("old", "lookahead"), _REWRITES)
def test_a_rewritten_meeting_heading_is_the_lexicons(old, lookahead):
    new = "^" + lookahead + old[1:]
    assert [r.pattern for r in load_lexicon().meeting_headings].count(new) == 1


@pytest.mark.parametrize(("old", "lookahead"), _REWRITES)
def test_a_rewritten_meeting_heading_matches_as_the_old_one(old, lookahead):
    before = regex.compile(old, _FLAGS)
    after = regex.compile("^" + lookahead + old[1:], _FLAGS)
    matched = 0
    for text in _LINES + _random_texts():
        for start in range(0, len(text) + 1, 3):
            for end in (len(text), max(start, len(text) - 4)):
                expected = _result(before.search(text, start, end), before)
                assert _result(after.search(text, start, end), after) == expected, (text, start, end)
                matched += expected is not None
    assert matched > 200  # (the table tries matches, not only misses)
