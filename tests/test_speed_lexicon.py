"""Issue 29's cheap rejections of the lexicon's and vocabulary's patterns, pinned against the
searches they stand in for: `pattern_text.openings` (the plain words every match opens the text
with) may only refuse a text no match opens, and the screens that use it (`pattern_screen`,
`prefilter.found_in`, `prefilter.FirstChars`) answer what the plain search answers."""

from __future__ import annotations

import random

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor.pattern_text import group_inside, openings
from extractor.prefilter import Hits, _branches, _parts, _top_level_bars, first_chars, folded, found_in, literal_finder

from .conftest import text_lines

_I = regex.IGNORECASE


@pytest.mark.parametrize(("part", "flags", "expected"), [
    (r"(?:^the decision is to\b)", _I, ("the decision is to",)),
    (r"^The (?:\w+ ){1,4}approved", _I, ("the ",)),
    (r"^The (?:\w+ ){1,4}approved", 0, ("The ",)),
    (r"^decisions? of", _I, ("decision",)),  # a letter that may be absent ends the words
    (r"^decisions+ of", _I, ("decisions",)),  # (at least once: kept, and the words end)
    (r"^(?:(?:key|officer)\s+)?decision", _I, ("decision", "key", "officer")),
    (r"^(?:it is proposed that )?the", _I, ("it is proposed that the", "the")),
    (r"^(?:a|b)+c", _I, ("a", "b")),  # a group at least once: its words, then nothing sure
    (r"^(?:a|)c", _I, ("ac", "c")),  # an empty branch
    (r"^(a|bc)d", _I, ("ad", "bcd")),  # a capturing group
    (r"^(?P<x>a|bc)d", _I, ("ad", "bcd")),
    (r"^(?>ab|a)c", _I, ("abc", "ac")),  # an atomic group matches one of its branches
    (r"^(?:x(?:y|z)??w)v", _I, ("xwv", "xywv", "xzwv")),  # lazy
    (r"^(?:x(?:y|z)?+w)v", _I, ("xwv", "xywv", "xzwv")),  # possessive
    (r"^a|^b", _I, ("a", "b")),
    (r"^(?:the|the following)", _I, ("the",)),  # the shorter of two where one opens the other
    (r"^A\.b", _I, ("a",)),  # an escape ends the words
    (r"^ab[cd]", _I, ("ab",)),
    (r"^a(?=b)c", _I, ("a",)),
    (r"^a(?i:b)c", 0, ("a",)),  # scoped flags
    (r"^Éb", 0, ("Éb",)),
    (r"^aÉb", _I, ("a",)),  # case folding beyond ASCII is `regex`'s
    (r"^(?:a|b)*c", _I, None),  # the group may be absent and then nothing is plain
    (r"^(?:a)?", _I, None),  # an empty match
    (r"^a|b", _I, None),  # a branch opens anywhere
    (r"(?:^the|x) y", _I, None),
    (r"\bthe x", _I, None),
    (r"^[ab]c", _I, None),
    (r"^a{2}", _I, None),
    (r"^(?=a)a", _I, None),
    (r"^the x", _I | regex.MULTILINE, None),  # "^" after any line break
    (r"^the x", _I | regex.FULLCASE, None),  # "ss" matches "ß"
    (r"(?x)^the x", _I, None),
    (r"^the x", _I | regex.VERBOSE, None),
    (r"^(?:" + "|".join(f"w{n}" for n in range(40)) + ")", _I, None),  # too many to test
], ids=lambda x: x if isinstance(x, str) else None)
def test_a_branchs_openings_are_read_from_it(part, flags, expected):
    assert openings(part, flags) == expected


def _all_branches() -> list[tuple[str, str, int]]:
    """(name, branch, flags) of every pattern of the lexicon and the vocabulary read by openings."""
    lexicon = load_lexicon()
    found = [(p.name, p.regex.pattern, p.regex.flags) for p in lexicon.patterns]
    for name in sorted(n for n in dir(lexicon.words) if not n.startswith("_")):
        compiled = getattr(lexicon.words, name)
        if hasattr(compiled, "pattern") and hasattr(compiled, "flags") and isinstance(compiled.pattern, str):
            parts = _parts(compiled.pattern) if _top_level_bars(compiled.pattern) else [compiled.pattern]
            found += [(name, part, compiled.flags) for part in parts]
    return [(name, part, flags) for name, part, flags in found if openings(part, flags) is not None]


def _texts(opens: tuple[str, ...]) -> list[str]:
    """Lines of the samples, and texts that open with each opening, cased and cut otherwise."""
    rnd = random.Random(29)
    made = []
    for line in text_lines(["", "İt", "ſhare", "KEY decision of the Leader"])[:3000]:
        made.append(line.strip())
    tails = ["", " ", " x", " of the Leader", ": yes", "  ", "s", " 12/03/2024", " Council"]
    for o in opens:
        for tail in tails:
            made += [o + tail, o.upper() + tail, o.title() + tail, o[:-1] + tail, o.replace("k", "\u212a") + tail,
                     o.replace("s", "ſ") + tail, o.replace("i", "İ") + tail, " " + o + tail]
        made.append(o + rnd.choice(tails) + rnd.choice(tails))
    return made


_LINES: list[str] = []


def _all_lines() -> list[str]:
    """The texts of every branch's openings together (a branch is tried on the others' too: a
    missed opening of one is often another's, "key decision ...")."""
    if not _LINES:
        _LINES.extend(dict.fromkeys(line for _, part, flags in _all_branches() for line in _texts(openings(part, flags))))
    return _LINES


@pytest.mark.parametrize(("name", "part", "flags"), _all_branches(), ids=lambda x: x if isinstance(x, str) and len(x) < 40 else None)
def test_every_match_opens_with_one_of_its_openings(name, part, flags):
    opens = openings(part, flags)
    compiled = regex.compile(part, flags)
    for text in _all_lines():
        lowered = text.lower() if flags & _I else text
        if "İ" in text or "ſ" in text:
            continue  # (every screen reads such a text by `regex` itself)
        if compiled.search(text) is not None or compiled.match(text) is not None:
            assert lowered.startswith(opens), (name, text)


def test_the_screened_patterns_answer_as_searched_in_order():
    lexicon = load_lexicon()
    lines = _all_lines()
    for head in (False, True):
        for line in lines:
            expected = next(((p, m) for p in lexicon.patterns if (head or not p.head) and (m := p.regex.search(line.strip()))), None)
            found = lexicon.match_pattern(line, head=head)
            if expected is None:
                assert found is None, line
            else:
                assert found is not None and found[0] is expected[0] and found[1].span() == expected[1].span(), line


def test_found_in_and_first_chars_answer_as_the_whole_pattern():
    words = load_lexicon().words
    lines = _all_lines()
    for name in sorted(n for n in dir(words) if not n.startswith("_")):
        compiled = getattr(words, name)
        if not (hasattr(compiled, "pattern") and hasattr(compiled, "flags")) or _branches(compiled.pattern, compiled.flags) is None:
            continue
        screen = first_chars(compiled)
        for line in lines:
            assert found_in(compiled, line) == bool(compiled.search(line)), (name, line)
            assert found_in(compiled, line, anchored=True) == bool(compiled.match(line)), (name, line)
            assert screen.match(line) == bool(compiled.match(line)), (name, line)


_CUE_TEXTS = {
    "plain": "The Cabinet resolved to approve the report. No declarations of interest were made.",
    "capitals": "THE DECISION IS TO APPROVE THE GRANT",
    "dotted capital I": "İt was resolved that the İnterest be declared",  # lower-cased longer: read by `regex`
    "long s": "The vote waſ taken and the motion carried",
    "dotless i": "ıt was resolved: the ıtem was noted",  # `regex` matches "I" to it ignoring case
    "empty": "",
    "no cue": "Parking charges in the town centre",
}


@pytest.mark.parametrize("name", sorted(_CUE_TEXTS), ids=str)
def test_a_text_asked_for_every_cue_in_a_row_answers_as_searched(name):
    """`found_in` lower-cases the last text once for the cues asked of it in a row: each answer is
    the plain search's, whichever text was asked before (the same object, an equal copy, another)."""
    words = load_lexicon().words
    cues = [getattr(words, n) for n in sorted(n for n in dir(words) if not n.startswith("_"))
            if hasattr(getattr(words, n), "flags") and _branches(getattr(words, n).pattern, getattr(words, n).flags)]
    text = _CUE_TEXTS[name]
    copy = "".join(list(text))  # equal, another object
    for other in (*_CUE_TEXTS.values(), text, copy):
        for cue in cues:
            for asked in (text, other, text, copy):
                assert found_in(cue, asked) == bool(cue.search(asked)), (cue.pattern[:40], asked)
                assert found_in(cue, asked, anchored=True) == bool(cue.match(asked)), (cue.pattern[:40], asked)


def test_folded_refuses_every_character_regex_matches_to_an_ascii_letter_otherwise():
    """The characters `regex` matches to an ASCII letter ignoring case but that do not lower-case
    to that letter alone are the three `folded` leaves to `regex`: its rule, over all of Unicode."""
    letter = regex.compile("[A-Za-z]", regex.IGNORECASE)
    odd = {c for c in map(chr, range(128, 0x110000)) if letter.fullmatch(c)
           and not (len(c.lower()) == 1 and c.lower().isascii() and regex.fullmatch(regex.escape(c.lower()), c, regex.IGNORECASE))}
    assert odd == {"İ", "ı", "ſ"}
    assert all(folded(f"a{c}b") is None for c in odd) and folded("AbC") == "abc"


_UPPER_I_CUES = [  # patterns whose upper-case "I" matches a dotless "ı" ignoring case
    r"^(?:the )?It was agreed|^noted", r"^Item \d+", r"\bInterest\b|\bdeclared\b", r"^(?:Key )?Issue",
    r"^Item \d+|^noted", r"^It was agreed|^Interest",  # (branches read by their first character: `FirstChars`)
]
_DOTLESS_TEXTS = ["ıt was agreed", "the ıt was agreed", "ıtem 4", "no ınterest declared", "ınterest",
                  "Key ıssue", "ıssue", "It was agreed", "noted"]


@pytest.mark.parametrize("pattern", _UPPER_I_CUES, ids=str)
def test_a_dotless_i_is_read_by_regex_in_every_screen(pattern):
    compiled = regex.compile(pattern, regex.IGNORECASE)
    screen = first_chars(compiled)
    literal = literal_finder(pattern, compiled.flags, 2)
    for text in _DOTLESS_TEXTS:
        assert found_in(compiled, text) == bool(compiled.search(text)), text
        assert found_in(compiled, text, anchored=True) == bool(compiled.match(text)), text
        assert screen.match(text) == bool(compiled.match(text)), text
        if literal is not None and compiled.search(text):  # a literal it needs is found where it matches
            assert Hits(text).present(literal), text


def test_the_line_screen_reads_a_dotless_i_by_regex():
    lexicon = load_lexicon()
    lines = _DOTLESS_TEXTS + [line.replace("I", "ı").replace("i", "ı") for line in _all_lines()[:2000]]
    for head in (False, True):
        for line in lines:
            expected = next(((p, m) for p in lexicon.patterns if (head or not p.head) and (m := p.regex.search(line.strip()))), None)
            found = lexicon.match_pattern(line, head=head)
            assert (found is None) == (expected is None), line
            assert found is None or expected is None or found[0] is expected[0], line


@pytest.mark.parametrize(("part", "expected"), [
    ("^" + "a" * 5000, ("a" * 5000,)),  # one run of plain characters: one token, however long
    ("^" + "(?:a)" * 3000, ("a" * 64,)),  # groups: read as far as MAX_TOKENS, a prefix every match opens with
    ("^" + "(?:a|b)" * 3000, None),  # more openings than MAX_OPENINGS
], ids=["a long run", "many groups", "many branching groups"])
def test_a_long_branch_is_read_without_running_out_of_stack(part, expected):
    assert openings(part, _I) == expected


@pytest.mark.parametrize(("pattern", "bars"), [
    ("a|b", [1]),
    ("(a|b)|c", [5]),
    ("[|]|x", [3]),
    (r"\||x", [2]),
    ("a", []),
    ("(a|b)", []),
    ("(?#x(y)a|b", [8]),  # a comment ends at its first ")": the bar after it is the pattern's
    ("*a|b", []),  # unreadable: a quantifier with nothing before it
    ("a|b)", []),  # unreadable: a stray ")"
], ids=["two", "group-then-branch", "bar-in-class", "escaped-bar", "one", "one-group", "comment", "unreadable",
        "stray-close"])
def test_top_level_bars(pattern, bars):
    assert _top_level_bars(pattern) == bars


@pytest.mark.parametrize(("pattern", "atomic", "inside"), [
    ("(a)", False, 1),
    ("(?:a)", False, 3),
    ("(?P<name>a)", False, 9),
    ("(?>a)", False, None),  # atomic: read only where the caller follows what it matches first
    ("(?>a)", True, 3),
    ("(?=a)", True, None),
    ("(?<!a)", True, None),
    ("(?i:a)", True, None),
    ("(?#a)", True, None),
], ids=["plain", "non-capturing", "named", "atomic-refused", "atomic-read", "lookahead", "lookbehind",
        "scoped-flags", "comment"])
def test_group_inside(pattern, atomic, inside):
    assert group_inside(pattern, 0, atomic=atomic) == inside
