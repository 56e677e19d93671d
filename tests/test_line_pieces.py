"""`lexicon._line_pieces` tells once a line what both readings of `Lexicon.match_line` need, and
skips the separator's search where the line's first character refuses a label (issue 29). Pinned
here against the reading it replaced, written out plainly: the same pieces for every line of the
table and of random lines built of a label's parts."""

import random

import pytest

from extractor import lexicon
from extractor.lexicon import MAX_LABEL_CHARS, load_lexicon


def _plausible(label: str) -> bool:
    first = label.lstrip()[:1]
    return bool(first) and (first.isalpha() or first == "(") and label.count(".") <= 1


def _old_pieces(line: str):
    """The pieces as read before: each label tested whole, the separator always looked for."""
    stripped = line.strip()
    if not stripped:
        return None
    speck = lexicon._SPECK.match(stripped) if stripped[0] in lexicon._SPECK_FIRST else None
    if speck:
        stripped = stripped[speck.end():]
    lead = len(line) - len(line.lstrip()) + (speck.end() if speck else 0)
    whole = stripped.rstrip(lexicon._TRAILING_CHARS) if len(stripped) <= MAX_LABEL_CHARS + 8 else ""
    if whole and (len(whole) > MAX_LABEL_CHARS or not _plausible(whole)):
        whole = ""
    sep = lexicon._separator(stripped, min(len(stripped), MAX_LABEL_CHARS + 4))
    inline = stripped[: sep[0]] if sep else None
    if inline is not None and not _plausible(inline):
        inline = None
    contents = inline is not None and sep is not None and stripped[sep[1]:].strip().isdigit() and (
        "." in stripped[sep[0]:sep[1]] or "…" in stripped[sep[0]:sep[1]])
    whole_approximate = (inline is None or sep is None or sep[1] >= len(stripped)) and not stripped.endswith(
        (".", ";", ","))
    return stripped, lead, whole, sep, inline, contents, whole_approximate


_LINES = [
    "", "   ", "Decision: approve", "Decision Maker :-Cabinet", "Is Key decision?: Yes", "Decision",
    "  Decision Maker", "1. Decision", "(a) Decision: x", "(Decision) - x", "- Decision Maker: x",
    ".Decision Maker: x", "»Reasons: x", "—Reasons: x", "Decision ........ 2", "Decision … 2",
    "Contents ... 12", "Figure 1: MKIP ICT shared service governance model", "Decision Taker     Director",
    "Decision\tTaker", "£200: spent", "2026-01-01: date", "“Quoted”: x", "e.g. this: that", "A.B.C: x",
    "Subject. Matter: x", "Reasons;", "Reasons ; x", "the recommendation: x", "Decision -", "Decision - x",
    "x" * 200 + ": y", "Decision: " + "x" * 300, "É: x", "١٢: x", "\xa0Decision:\xa0x", "_Decision Maker: x",
]

_PARTS = ["Decision", " Maker", "Reasons", " for", "the ", "(", ")", "1", "2.", ".", "...", "…", ":", "?", ";",
          " - ", " – ", "-", "   ", "\t", "\xa0", " ", "x", "Yes", "É", "£", "'", "»", "_", "~", ",", "12"]


def _random_lines() -> list[str]:
    rnd = random.Random(29)
    return ["".join(rnd.choice(_PARTS) for _ in range(rnd.randrange(1, 12))) for _ in range(4000)]


def _read(pieces):
    """What `match_line` reads of the pieces: the separator and the contents test only with an
    inline label, whether the approximate reading takes the whole line only with a label alone."""
    if pieces is None:
        return None
    stripped, lead, whole, sep, inline, contents, whole_approximate = pieces
    return (stripped, lead, whole, inline, sep if inline is not None else None,
            contents if inline is not None else None, whole_approximate if whole else None)


@pytest.mark.parametrize("line", _LINES)
def test_a_lines_pieces_are_the_plain_readings(line):
    assert _read(lexicon._line_pieces(line)) == _read(_old_pieces(line))


def test_random_lines_pieces_are_the_plain_readings():
    lines = _random_lines()
    for line in lines:
        assert _read(lexicon._line_pieces(line)) == _read(_old_pieces(line)), line
    # (the parts make every kind of line: a label alone, inline, both, a contents line)
    kinds = {(bool(p[2]), p[4] is not None, p[5]) for p in map(lexicon._line_pieces, lines) if p is not None}
    assert kinds >= {(True, False, False), (False, True, False), (True, True, False), (True, True, True)}


def test_a_line_opening_with_no_letter_is_read_without_its_separator():
    pieces = lexicon._line_pieces("£200: spent")
    assert pieces is not None and pieces[2:5] == ("", None, None)  # (no separator looked for)


def test_the_separators_start_is_the_class_it_replaced():
    import re

    before = re.compile(r"[?:;\-–\t\xa0…]|   |\.\.\.")
    for line in _LINES + _random_lines():
        for start in (0, 1, 2):
            a, b = before.search(line, start), lexicon._SEPARATOR_START.search(line, start)
            assert (a and a.span()) == (b and b.span()), line


def test_lookups_are_kept_apart_by_reading():
    lex = load_lexicon()
    assert lex.lookup("Desicion Maker", approximate=False) is None
    assert lex.lookup("Desicion Maker").field == "decision_maker"
    assert lex.lookup("Desicion Maker", approximate=False) is None
