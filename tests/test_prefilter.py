"""The literal test before a search (extractor/prefilter.py) never changes what a search finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor.prefilter import Compiled, required_literals

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _compiled() -> list[Compiled]:
    lex = load_lexicon()
    words = lex.words
    found = [p.regex for p in lex.patterns] + list(lex.from_text) + list(lex.meeting_headings)
    return found + [getattr(words, name) for name in words.__slots__ if isinstance(getattr(words, name), Compiled)]


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\bcouncillor\s+\w+ has made\b", ("councillor",)),  # the longest word a match must hold
    (r"(?:approved|agreed) by", ("greed", "pproved")),  # re's parser shares a first letter out
    (r"(?:approved|agreed)lyyy", ("greed", "pproved")),  # one of the branches' words, or the run after
    (r"(?-i:Authority|AUTHORITY)", ("uthority",)),  # the parser shares the first letter out
    (r"(?:the )?council", ("council",)),
    (r"^(?:a|b)\d+$", None),  # no word of three letters a match must hold
    (r"(?=council)\w+", None),  # a look-ahead's words are not the match's
    (r"(?:council)?\w+", None),  # an optional word is no requirement
    (r"\p{Lu}[\p{L} ]+ authority", (" authority",)),
    (r"caf\u00e9 ba", ("caf",)),  # only ASCII characters are looked for: "é" ends a run
    (r"(?P<a>x)(?P=a)yyy", None),  # a back reference: regex syntax this reader leaves alone
    (r"(?x) minutes \s of", ("minutes",)),  # verbose: the spaces are the pattern's layout
])
def test_required_literals(pattern, words):
    assert required_literals(pattern, regex.compile(pattern).flags) == words


def test_every_lexicon_pattern_finds_what_it_found_without_the_test():
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += ["MINUTES OF THE CABİNET MEETİNG held on 4 March", "Decıſion by the \u212a council", "İ",
              "the Leader has approved", "NON-KEY DECİSİON"]
    compared = found = 0
    for rx in _compiled():
        for text in texts:
            spans: list[tuple[int | None, int | None]] = [(None, None), (0, len(text)), (3, len(text) - 3)]
            at = 0
            for line in text.split("\n"):
                spans.append((at, at + len(line)))
                at += len(line) + 1
            for start, end in spans:
                plain, tested = rx._search(text, start, end), rx.search(text, start, end)
                assert (plain is None) == (tested is None), (rx.pattern, start, end)
                assert plain is None or plain.span() == tested.span()
                compared += 1
                found += plain is not None
    assert compared > 1000 and found > 20  # the texts do hold what the patterns look for


def test_a_folded_capital_i_keeps_the_offsets():
    rx = Compiled(regex.compile(r"cabinet meeting", regex.IGNORECASE))
    text = "THE CABİNET MEETİNG"
    assert rx.literals is not None
    assert rx.search(text).span() == (4, 19)
