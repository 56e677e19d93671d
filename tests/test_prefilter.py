"""The cheap rejections of issue 29's speed work (extractor/prefilter.py) give the answers the
searches they skip would give: needed literals read from a pattern's text, a branch-by-branch
`found_in`, the presence and stretch tests of `Hits`, and split's line-start scan. Work is
counted (searches made), never timed."""

import random

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor.prefilter import (FirstChars, Hits, _branches, _lookahead, can_match, first_chars, found_in, literal_finder,
                                 required_literals)
from extractor.split import _NUMBERED_LINE, _NUMBERED_START, _numbered_lines

from .conftest import count_searches

# texts that fold oddly: "İ" lower-cases to two characters, "ſ" and the Kelvin sign match "s"
# and "k" when case is ignored
_ODD = ["İt was resolved", "It waſ reſolved", "RESOLVED that the Cabinet", "the ᴋey decision",
        "Minutes of the meeting of the Parish Council held on 4 March 2024",
        "Decision approved by the Leader on 3 May 2024.", "ﬁnal: the decision was taken",
        "Home › Council › Decisions", "© 2024 Council", "KELVIN \u212a", "", " ", "\n\n"]


@pytest.mark.parametrize(("pattern", "needed"), [
    (r"\b(?:this|the) decisions? (?:was|is) published (?:on|:)\s*(?P<d>\d+)", (" published ",)),
    (r"^that (?:the )?(?P<m>x)", ("that ",)),
    (r"ab|cd", None),  # a top-level alternation of short branches: nothing worth testing
    (r"(?:approved|agreed) by", ("approved", "agreed")),
    (r"(?:approved|agreed)? by the", (" by the",)),  # an optional group needs nothing
    (r"(?=council)\w+ meeting", (" meeting",)),  # a lookahead's words are not the match's
    (r"(?-i:Council) meeting", (" meeting",)),  # (the longer literal is kept)
    (r"^(?=.{1,9}$)(?-i:(?:\p{Lu}\w+ ){1,4}(?:Authority|AUTHORITY))", ("Authority", "AUTHORITY")),  # case kept: needed
    (r"(?i:council) x", None),  # words under other flags are not the pattern's
    (r"(?s-i:council) x", None),
    (r"(?i)minutes of", None),  # global flags: not read
    (r"(a)\1 minutes", (" minutes",)),
    (r"colou?r scheme", ("r scheme",)),  # a quantified character is left out: "colo", "r scheme"
    (r"\pL\pLabc", ("abc",)),  # a one-letter property is no literal "L"
    (r"\x{27}\x27abc", ("abc",)),
    (r"(a)\12345xyz", ("xyz",)),  # a group's number or an octal escape: all its digits
    (r"[>›»] x [ab]", (" x ",)),
])
def test_needed_literals_are_read_from_the_pattern(pattern, needed):
    assert required_literals(pattern) == needed


def test_a_small_class_needs_one_of_its_characters():
    assert required_literals(r"^home\s*[>›»]", 1) == ("home",)
    assert required_literals(r"^\s*[>›»]", 1) == (">", "›", "»")
    assert required_literals(r"^\s*[>›»]") is None  # shorter than a literal worth a search
    assert required_literals(r"^\s*[a-z]", 1) is None  # a range is not read


def _texts() -> list[str]:
    random.seed(29)
    lexicon = load_lexicon()
    words = [w for key in lexicon.entries for w in key.split()][:300]
    made = [" ".join(random.choice(words) for _ in range(random.randint(1, 30))) for _ in range(300)]
    return _ODD + made + [t.upper() for t in made[:50]] + [t.title() for t in made[50:100]]


def test_found_in_answers_as_the_search_does():
    words = load_lexicon().words
    texts = _texts()
    for cue in (words.decision_narrative, words.chrome, words.declarations_cue, words.consultation_cue,
                words.sign_off, words.minute_resolution, words.call_in_procedure, words.notice_statement,
                words.meeting_closed, words.minutes_cue, words.site_text, words.other_document_heading):
        for text in texts:
            assert found_in(cue, text) == bool(cue.search(text)), (cue.pattern[:40], text)
            assert found_in(cue, text, anchored=True) == bool(cue.match(text)), (cue.pattern[:40], text)


@pytest.mark.parametrize(("text", "possible"), [
    ("I, Councillor Ann Lee, Cabinet Member for Housing, do hereby approve:", True),
    ("Having considered the report, the Director decided:", True),
    ("The Cabinet approved the scheme.", False),  # no "hereby", no "decided": no line is searched
    ("", False),
])
def test_can_match_says_whether_a_document_may_hold_a_cue(text, possible):
    lead_in = load_lexicon().words.decision_lead_in
    assert can_match(lead_in, text) is possible


def test_can_match_never_rules_out_a_text_the_cue_matches_in():
    words = load_lexicon().words
    for cue in (words.decision_lead_in, words.decision_narrative, words.declarations_cue, words.sign_off):
        for text in _texts():
            if cue.search(text):
                assert can_match(cue, text), (cue.pattern[:40], text)


def test_found_in_skips_the_branches_whose_words_are_absent():
    """Counted: a text with none of a cue's needed literals is searched by none of its branches;
    a text with one branch's literal, by that branch alone."""
    cue = regex.compile(r"\bseconded\b|\bthe vote was\b|\bresolved (?:to|that)\b", regex.IGNORECASE)
    branches = _branches(cue.pattern, cue.flags)
    assert branches is not None and len(branches) == 3
    searched = count_searches(branches)
    assert not found_in(cue, "A plain sentence about the budget for next year.")
    assert searched == []
    assert found_in(cue, "It was RESOLVED that the plan be adopted.")
    assert searched == [2]


def test_a_literal_beyond_ascii_is_found_with_the_patterns_own_case_folding():
    literal = literal_finder(r"décision prise", regex.IGNORECASE)
    assert literal is not None and literal.keys is None  # not lower-cased by str: regex's search
    assert Hits("La DÉCISION PRISE hier").present(literal)


@pytest.mark.parametrize("text", [
    "1 Apologies\n2 Minutes\n3 Resolution\n", "Item 5\n6 Budget\n  7. Plan", "\n\n7 Roads", "item\n\n3 Foo",
    "İtem 3 Foo\nMINUTE 12 Bar", "no numbers at all", "",
    "x\n\t4) Tabbed\n agenda ITEM 9 - Roads\n\u0663 Arabic\nıtem 3 Foo\n5 Foo\n", "7 Roads\n7 Roads", "\n",
])
def test_numbered_lines_are_the_scans_matches(text):
    assert [m.span() for m in _numbered_lines(text)] == [m.span() for m in _NUMBERED_LINE.finditer(text)]


def test_numbered_lines_skip_only_lines_no_numbered_heading_can_open():
    """Every ASCII character `_NUMBERED_START` refuses at a line's start (after its blanks) opens
    no match of `_NUMBERED_LINE`, with any ending."""
    refused = [c for c in map(chr, range(128)) if c not in " \t" and not _NUMBERED_START.match("\n" + c)]
    assert "\n" in refused and "1" not in refused and "I" not in refused
    for c in refused:
        for rest in ("1 Title", "tem 1 Title", "inute 2 Title", "genda item 3 Title", ""):
            assert _NUMBERED_LINE.match(c + rest) is None and _NUMBERED_LINE.match(" \t" + c + rest) is None


_CHROME_LINES = ["home > x", "You are here / a", "Page 3 of 4", "a > b > c ", "<ABC1>", "Share", "ſkip to content",
                 "skip to content", "İf you use assistive technology x", "If you use assistive technology x",
                 "Our Council logo", "© 2024", "Copyright Eastmoor Council 2023", "---", "Town Hall, AB12 3CD",
                 "[object Object]", "| Home | News |", "Paper B", "Town Hall, AB١ ٢CD", "\u212aelvin", "Decision", "", " print"]


def test_first_chars_answers_as_the_alternation_does():
    chrome = load_lexicon().words.chrome
    rnd = random.Random(7)
    alphabet = "abcdhpsyABCDHPSY0123456789 >›»/|<©İſ\u212a-_.:,"
    texts = [*_CHROME_LINES, *("".join(rnd.choice(alphabet) for _ in range(rnd.randrange(20))) for _ in range(3000))]
    texts += [rnd.choice(_CHROME_LINES) + "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(8))) for _ in range(3000)]
    texts += _texts()
    found = first_chars(chrome)
    assert found.by_first and "h" in found.by_first  # (it is read branch by branch, not as a whole)
    for text in texts:
        assert found.match(text) == bool(chrome.match(text)), text


@pytest.mark.parametrize("pattern", [r"(?:^(?:home|you)\b)|(?:x)", r"(?:(?:(?=a)x|y))|(?:z)", r"(?:\d+a|b)|(?:c*d)",
                                     r"(?:[^a]b)|(?:a?c)", r"(?:(?=.*>).*)|(?:y{0,2}z)", r"(?:[a-c]x)|(?:\.y)",
                                     r"(?:a{x}b)|(?:c{01}d)", r"(?:y{,2}z)|(?:b{}x)", r"(?:[ab]{,}c)|(?:d)"])
def test_first_chars_of_odd_branches(pattern):
    compiled = regex.compile(pattern, regex.IGNORECASE)
    found = FirstChars(compiled)
    for text in ["home", "you", "x", "ax", "y", "z", "yz", "b", "ab", "1a", "d", "cd", "c", ">", "a>", "İ", "ſ", ".y", "bx",
                 "a{x}b", "b{}x"]:
        assert found.match(text) == bool(compiled.match(text)), (pattern, text)


@pytest.mark.parametrize(("flags", "text"), [
    (regex.IGNORECASE | regex.FULLCASE, "ßa"),  # full case folding: "ß" is "ss", "ﬁ" is "fi"
    (regex.IGNORECASE | regex.FULLCASE, "ﬁx"),
    (regex.IGNORECASE | regex.VERSION1, "ßa"),  # (version 1 folds fully by default)
])
def test_first_chars_leaves_full_case_folding_to_the_pattern(flags, text):
    compiled = regex.compile(r"(?:^ssa)|(?:^fix)|(?:^b)", flags)
    assert FirstChars(compiled).match(text) == bool(compiled.match(text)) is True


def test_a_breadcrumb_over_a_line_break_is_chrome_as_the_pattern_always_read_it():
    chrome = load_lexicon().words.chrome  # (its lookahead only spells out what the match needs)
    for text in ("Council > Cabinet >\nDecisions > 2024", "Home › Council › Decisions", "Council > Cabinet"):
        assert first_chars(chrome).match(text) == bool(chrome.match(text)) == (text.count(" ") >= 3), text


def test_a_lookahead_is_read_only_where_it_opens_the_whole_branch():
    assert _lookahead(r"(?:^(?=.*>).*$)") == ".*>"
    assert _lookahead(r"(?:(?:(?=a)x|y))") is None
