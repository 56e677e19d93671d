"""The segmenter's speed rewrites (issue 29), each checked against the slower form it replaced:
`label_shapes.has_digit` against the regex ``\\d`` it stands in for, the letterhead postcode
pattern of `words.toml`'s chrome (the postcode asked before the joining words) against its old
order, and the blank line and label-cell tests of `segment._Cutter.step` against their old forms.
Over a table of tricky lines and every line of the bundled samples and fixtures."""

from __future__ import annotations

import pytest
import regex

from extractor.label_shapes import _DIGIT, has_digit
from extractor.lexicon import load_lexicon
from extractor.prefilter import first_chars
from extractor.segment import _LABEL_CELL_HINTS

from .conftest import text_lines

# the postcode branch as it read before: the joining words looked for first, then the address
_OLD_POSTCODE = (r"^(?=\D*\d)(?!.*(?-i:\b(?:of|at|to|for|on|in|from|by|with)\b))(?:[^,.;:!?\n]{1,40},\s*){0,6}"
                 r"(?:[\p{L}\x27’.-]+ ){0,3}(?-i:\p{Lu}{1,2}\d[\p{Lu}\d]? ?\d\p{Lu}{2})"
                 r"(?:\s*[·|•,–-]\s*(?:tel(?:ephone)?:?\s*)?\+?[\d ()]{6,18})?$")

LINES = [
    "", " ", "0", "9", "a", "No figures here", "Dated 24 January 2025", "Date of decision 12/03/2024", "٣ Roads",
    "Roads ３", "Page ²", "Item ⅷ", "①", "\u0660", "Signed", "x" * 200 + "7",
    "County Hall, Northtown NM1 2AB", "NM1 2AB", "Eastmoor Council NM1 2AB", "nm1 2ab",
    "County Hall, Northtown NM1 2AB · 01632 960981", "County Hall, Northtown NM1 2AB - tel: 01632 960981",
    "Disposal of land at 12 High Street, Oakhurst OK2 9QP", "12 High Street, Oakhurst OK2 9QP",
    "Town Hall, High Street, Oakhurst, Westshire OK2 9QP", "A, B, C, D, E, F, G, Oakhurst OK2 9QP",
    "A, B, C, D, E, F, G, H, Oakhurst OK2 9QP", "Oakhurst\nOK2 9QP", "Oakhurst,\nOK2 9QP", "Oakhurst OK2 9QP\n",
    "Oakhurst OK2 9QP\n\n", "Unit 4, Mill Lane OK29QP", "Mill Lane, OK2 9qp", "Mill Lane, Ok2 9QP", "EC1A 1BB",
    "London EC1A 1BB", "Office for Oakhurst OK2 9QP", "Offices, Oakhurst OK2 9QP", "Ｏakhurst OK2 9QP",
    "Oakhurst OK２ 9QP", "Oakhurst ÉK2 9QP", "Oakhurst OK2 9ÉP", "L’Abri, St. Anne’s, OK2 9QP", "to OK2 9QP",
    "TO OK2 9QP", "In OK2 9QP", "Oakhurst OK2 9QP · Telephone 01632 960981", "Oakhurst OK2 9QP | (01632) 960 981",
    "Oakhurst OK2 9QP, 01632", "Page 2 of 3", "Report 12 » Section 3 » Part 4", "Council logo 2024",
]


@pytest.mark.parametrize("text", [*LINES, *(line + " 1" for line in LINES)], ids=repr)
def test_has_digit_answers_as_the_regex(text: str) -> None:
    assert has_digit(text) == bool(_DIGIT.search(text))


def test_has_digit_answers_as_the_regex_on_every_sample_line() -> None:
    for text in text_lines(LINES):
        assert has_digit(text) == bool(_DIGIT.search(text)), text


def _postcode_branches() -> tuple[regex.Pattern, regex.Pattern]:
    """The chrome alternation's postcode branch as the vocabulary reads it now, and as it read before."""
    chrome = load_lexicon().words.chrome
    [now] = [match.__self__ for match, *_ in first_chars(chrome).anywhere if r"(?=\D*\d)" in match.__self__.pattern]
    return now, regex.compile(_OLD_POSTCODE, chrome.flags)


@pytest.mark.parametrize("text", LINES, ids=repr)
def test_postcode_first_answers_as_the_joining_words_first(text: str) -> None:
    now, old = _postcode_branches()
    for variant in (text, text.strip(), text.upper(), text.lower()):
        assert bool(now.match(variant)) == bool(old.match(variant)), variant


def test_postcode_branch_matches_the_addresses_it_was_written_for() -> None:
    now, _ = _postcode_branches()
    assert now.match("County Hall, Northtown NM1 2AB") and now.match("NM1 2AB")
    assert not now.match("Disposal of land at 12 High Street, Oakhurst OK2 9QP")


def test_postcode_first_answers_as_before_on_every_sample_line() -> None:
    now, old = _postcode_branches()
    chrome = load_lexicon().words.chrome
    whole_old = regex.compile(chrome.pattern.replace(now.pattern[3:-1], _OLD_POSTCODE), chrome.flags)
    assert whole_old.pattern != chrome.pattern
    for text in text_lines(LINES):
        for variant in (text, text.strip()):
            assert bool(now.match(variant)) == bool(old.match(variant)), variant
            assert bool(first_chars(chrome).match(variant)) == bool(whole_old.match(variant)), variant


@pytest.mark.parametrize("text", ["", " ", "\t", "\x85", "\u2003", "\x1c", "\u200b", "a", " a ", "\xa0"], ids=repr)
def test_a_blank_line_is_one_that_strips_to_nothing(text: str) -> None:
    assert (not text or text.isspace()) == (not text.strip())  # `_Cutter.blanks`, read by RULE 1


@pytest.mark.parametrize("hints", [frozenset(), frozenset({"label"}), frozenset({"alone_label", "bold"}),
                                   frozenset({"long_label"}), frozenset({"value", "wrapped"}), frozenset({"heading"})],
                         ids=lambda h: "+".join(sorted(h)) or "none")
def test_label_cell_hints_read_as_the_set_they_replace(hints: frozenset[str]) -> None:
    assert (not hints.isdisjoint(_LABEL_CELL_HINTS)) == bool(hints & {"label", "alone_label", "long_label"})
