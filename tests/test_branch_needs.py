"""`prefilter.found_in` refuses a branch by every set of literals it needs (not only the best
one) and by the words it must open the text with (issue 29): the same answers as the search,
for texts built of the cues' own words, where the branches' literals stand in every mix."""

import random

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor.pattern_text import Unreadable, class_end
from extractor.prefilter import _branches, _parts, branch_needs, found_in

from .conftest import count_searches

_I = regex.IGNORECASE


@pytest.mark.parametrize(("part", "flags", "needs"), [
    (r"(?:\bresolved (?:to|that)\b)", _I, (("resolved ",), ("to", "that"))),  # fewer, longer keys first
    (r"\b(?:it was|was) (?:resolved|agreed)\b", _I, (("was",), ("resolved", "agreed"))),  # "it was" holds "was"
    (r"(?:\b(?:proposed|moved)\b.{0,300}\bseconded\b)", _I, (("seconded",), ("proposed", "moved"))),
    (r"(?:x (?:a|b)?) y", _I, (("x ",), (" y",))),  # the group is not the whole branch; "a" or "b" may be absent
    (r"(?:\bhas (?:given approval|agreed)\b)|x", _I, ()),  # a group that is not the whole branch
    (r"(?:Council) meeting", _I, ((" meeting",), ("council",))),
    (r"(?:Council) meeting", 0, ((" meeting",), ("Council",))),
    (r"(?:a) (?:b)", _I, (("a",), ("b",))),  # (the blank between stands everywhere: no set)
    (r"(?:(?i:Council) meeting)", _I, ((" meeting",),)),  # scoped flags: not the pattern's words
    (r"(?:(?x)Council meeting)", _I, ()),  # flags for the whole: not read
])
def test_a_branchs_needs_are_read_from_it(part, flags, needs):
    assert branch_needs(part, flags, None) == needs


def test_only_a_branch_that_ignores_case_is_refused_by_its_words():
    cue = regex.compile(r"\bCouncil meeting\b|^The vote was\b")
    branches = _branches(cue.pattern, cue.flags)
    assert branches is not None and all(b.needs == () and b.openings is None for b in branches)
    assert found_in(cue, "The vote was close") and not found_in(cue, "the vote was close")


def _cue_texts(cue) -> list[str]:
    """Texts made of the words of a cue's branches (their literals, cut into words), of some
    other words, of blanks, line breaks and marks, and of the odd case folds."""
    rnd = random.Random(29)
    words = sorted({w for part in _parts(cue.pattern) for keys in branch_needs(part, cue.flags, None)
                    for k in keys for w in k.split()} | {"the", "it", "is", "was", "a", "report", "Cabinet"})
    extra = ["Council", "approved", ":", ".", "\n", "  ", "İt", "waſ", "RESOLVED", "that", "to", "by", "has", "the"]
    texts = []
    for _ in range(1500):
        chosen = [rnd.choice(words if rnd.random() < 0.7 else extra) for _ in range(rnd.randrange(1, 14))]
        text = " ".join(chosen)
        texts.append(text.upper() if rnd.random() < 0.1 else text)
    return texts


def test_found_in_answers_as_the_search_does_for_texts_of_the_cues_words():
    words = load_lexicon().words
    hits = 0
    for cue in (words.decision_narrative, words.declarations_cue, words.consultation_cue, words.call_in_note,
                words.meeting_closed, words.minutes_cue, words.site_text, words.other_document_heading,
                words.document_size, words.notice_statement, words.call_in_procedure, words.chrome):
        for text in _cue_texts(cue):
            expected = bool(cue.search(text))
            assert found_in(cue, text) == expected, (cue.pattern[:40], text)
            assert found_in(cue, text, anchored=True) == bool(cue.match(text)), (cue.pattern[:40], text)
            hits += expected
    assert hits > 300  # (the words make matches, not only refusals)


def test_a_text_opening_otherwise_is_not_searched_by_a_branch_that_opens_it():
    cue = regex.compile(r"^the decision is to\b|\bresolved that\b", _I)
    branches = _branches(cue.pattern, cue.flags)
    assert branches is not None
    searched = count_searches(branches)
    assert not found_in(cue, "So the decision is to wait.")
    assert searched == []
    assert found_in(cue, "The decision is to wait.")
    assert searched == [0]



@pytest.mark.parametrize(("pattern", "refuse_nested", "closes_at"), [
    ("[abc]x", False, 4),
    ("[]a]x", False, 3),  # a "]" first is a member
    ("[^]a]x", False, 4),  # so after "^"
    ("[a\\]b]x", False, 5),  # an escaped "]" is a member
    ("[\\\\]x", False, 3),  # an escaped backslash does not escape the "]"
    ("[a[b]]", False, 4),  # (a "[" inside is a member where set operations are not read)
    ("[a[b]]", True, Unreadable),
    ("[ab", False, IndexError),  # unclosed: the pattern does not compile
], ids=["plain", "bracket first", "bracket after caret", "escaped bracket", "escaped backslash",
        "nested read as a member", "nested refused", "unclosed"])
def test_a_class_closes_where_regex_closes_it(pattern, refuse_nested, closes_at):
    if isinstance(closes_at, int):
        assert class_end(pattern, 0, refuse_nested=refuse_nested) == closes_at
    else:
        with pytest.raises(closes_at):
            class_end(pattern, 0, refuse_nested=refuse_nested)
