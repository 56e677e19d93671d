"""A sentence rule's `pretest` (labels.toml) is a part of it every match holds: the lexicon's
screened search finds what the rule alone finds, for every text, stretch and start tried here.
The table gives each rule with a pretest a line it reads (the pretest admits what the rule
needs) and lines it refuses; random texts built of a heading's pieces compare the two searches."""

import random
import sys
from importlib import resources

import pytest
import regex

from extractor.lexicon import Lexicon, LexiconError, load_lexicon, load_words_data

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_FLAGS = regex.IGNORECASE | regex.MULTILINE


def _specs() -> list[tuple[str, dict]]:
    data = tomllib.loads((resources.files("extractor") / "data" / "labels.toml").read_text(encoding="utf-8"))
    return [(kind, spec) for kind in ("from_text", "meeting_heading") for spec in data.get(kind, []) if "pretest" in spec]


# (a piece of the rule's pattern, a text it reads, texts it does not read)
_TABLE = [
    (r"\s+minutes\s*[-–—]", "Resources and Policy Committee Minutes – 13 March 2017",
     ["Resources and Policy Committee Minutes 13 March 2017", "Minutes – 13 March 2017"]),
    (r"sub-committee))\s+[-–]", "Cabinet - 18 March 2025 10:00",
     ["Planning Committee 4 June 2024", "Planning Committee - June 2024", "cabinet - 18 March 2025"]),
    (r"^(?=[^\n]*+\n", "Policy and Resources Committee\n9 Apr 2019 - 09:30",
     ["Policy and Resources Committee\n\n9 Apr 2019", "Policy and Resources Committee 9 Apr 2019"]),
    (r"\s*[-–,]\s*\d{1,2}[:.]\d{2}(?:\s*[ap]", "20 Jun 2017 - 10:00 to 12:00",
     ["20 Jun 2017", "20 Jun 17 - 10:00", "Item 20 Jun 2017 - 10:00"]),
    (r"\s+decisions?\s*[-–—:]", "Planning Committee decisions – 9 May 2024",
     ["Planning Committee decisions 9 May 2024", "Planning Committee decisions – May 2024"]),
]

_PIECES = ["Policy", " and ", "Resources", " Committee", "Council", "cabinet", " Board", "Panel", "Forum",
           " Minutes", "minutes", " decisions", " Decision", "\n", "\n", " ", "\t", "\xa0", "\r", "-", "–",
           "—", ",", ":", ".", "1", "9", "12", "th", " April", " 2019", "2026", " 09:30", "10.00", "am",
           "p.m.", "’s", "&", "É", "ß", "٣", " Tuesday", "Monday, ", "Planning Committee", "Full Council\n",
           "\n12 May 2023", "\n 9th April, 2019", " - 10:00", " – 4 June 2024", "\n"]


def pick(rnd: random.Random, options: list[str]) -> str:
    """One of ``options``, the first (a heading's) half the time."""
    return options[0] if rnd.random() < 0.5 else rnd.choice(options)


def _random_texts() -> list[str]:
    rnd = random.Random(29)
    texts = ["".join(rnd.choice(_PIECES) for _ in range(rnd.randrange(2, 24))) for _ in range(2000)]
    for _ in range(1500):  # a heading's line, each piece of it changed at random
        parts = [pick(rnd, ["", "x\n", "The ", "\n\n", "  "]), pick(rnd, ["Planning", "Full", "Audit and Risk", "p"]),
                 pick(rnd, [" Committee", " Council", " Board", " Sub-Committee", " minutes", " decisions", ""]),
                 pick(rnd, [" - ", " ", "\t\xa0", " -", " – ", " : ", "\n", "\n ", " — ", ":"]),
                 pick(rnd, ["", "Tuesday ", "Monday, ", "x"]), pick(rnd, ["9", "12th", "٣", "x", ""]),
                 pick(rnd, [" April", " Apr,", "April"]), pick(rnd, [" 2019", " 19", ""]),
                 pick(rnd, ["", " - 09:30", ", 10.00 am", " 9:30pm", "-", " – 10:00 to 12:00"]),
                 pick(rnd, ["", "\n", " .", "\nmore"])]
        texts.append("".join(parts))
    return texts


def _result(found, rx) -> object:
    return None if found is None else (found.span(), [found.span(g) for g in rx.groupindex])


def test_every_pretest_is_in_the_table():
    specs = _specs()
    assert specs, "labels.toml names no pretest"
    for _, spec in specs:
        assert sum(piece in spec["regex"] for piece, _, _ in _TABLE) == 1, spec["regex"]


@pytest.mark.parametrize(("piece", "read", "refused"), _TABLE)
def test_a_screened_rule_reads_its_line_and_refuses_what_the_rule_refuses(piece, read, refused):
    lex = load_lexicon()
    (rule,) = [r for r in (*lex.from_text, *lex.meeting_headings) if piece in r.pattern]
    assert rule.pretest is not None
    plain = regex.compile(rule.pattern, _FLAGS)
    assert rule.search(read) is not None and _result(rule.search(read), rule) == _result(plain.search(read), rule)
    for text in refused:
        assert plain.search(text) is None and rule.search(text) is None


def test_a_screened_rule_finds_what_the_rule_alone_finds():
    lex = load_lexicon()
    rules = [r for r in (*lex.from_text, *lex.meeting_headings) if r.pretest is not None]
    texts = _random_texts() + [read for _, read, _ in _TABLE] + [t for _, _, refused in _TABLE for t in refused]
    found = 0
    for rule in rules:
        plain = regex.compile(rule.pattern, _FLAGS)
        for text in texts:
            for pos, endpos in ((None, None), (1, None), (2, len(text) - 1)):
                expected = plain.search(text, pos, endpos)
                assert _result(rule.search(text, pos, endpos), rule) == _result(expected, rule), (rule.pattern, text)
                if expected is not None:
                    assert rule.pretest.search(text, pos, endpos) is not None
                    found += 1
    assert found > 200  # (the pieces make matches of every rule, not only refusals)


def test_a_pretest_is_a_regex_without_groups():
    labels = {"meeting_heading": [{"regex": "^minutes", "pretest": "(minutes)"}]}
    with pytest.raises(LexiconError):
        Lexicon(labels, load_words_data())
    labels = {"meeting_heading": [{"regex": "^minutes", "pretest": 3}]}
    with pytest.raises(LexiconError):
        Lexicon(labels, load_words_data())
