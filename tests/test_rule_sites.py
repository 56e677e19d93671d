"""The stretch tests of `extractor.rule_sites` (issue 29's speed work) never refuse a stretch the
sentence rules match in: a rule's needed literal, or the plain words a ``^`` rule opens a line
with. Work is counted by what is refused, never timed."""

import random

import pytest
import regex

from extractor.lexicon import load_lexicon
from extractor.prefilter import Hits
from extractor.rule_sites import Sites, line_start_prefix, may_match, rule_specs, rules_to_try

_FLAGS = regex.IGNORECASE | regex.MULTILINE


@pytest.mark.parametrize(("pattern", "flags", "prefix"), [
    (r"^on (?:\w+day,? )?(?P<d>\d+)", _FLAGS, "on "),
    (r"^The (?P<m>\p{Lu}\w+) has", _FLAGS, "the "),  # ignoring case: found in the text lower-cased
    (r"^The (?P<m>\p{Lu}\w+) has", regex.MULTILINE, "The "),  # minding it: as written
    (r"^decisions? of", _FLAGS, "decision"),  # a quantified letter is left out
    (r"^minutes{1,2} of", _FLAGS, "minute"),
    (r"^[ \t]*(?P<d>\d+)", _FLAGS, None),  # no plain words first
    (r"^(?P<m>\p{L}+) minutes", _FLAGS, None),
    (r"^on x|^at y", _FLAGS, None),  # a top-level alternation: two ways to open
    (r"(?:^|\G)the x", _FLAGS, None),  # "^" in a group: not read
    (r"^on [|] x", _FLAGS, "on "),  # a "|" in a class parts nothing
    (r"^on (?i)x", regex.MULTILINE, None),  # global flags: not read
    (r"^on x", _FLAGS | regex.VERBOSE, None),  # free spacing: its spaces are no text
    (r"^élu x", _FLAGS, None),  # beyond ASCII, ignoring case: `regex`'s folding judges
    (r"on x", _FLAGS, None),
])
def test_the_words_a_rule_opens_a_line_with_are_read_from_its_pattern(pattern, flags, prefix):
    assert line_start_prefix(pattern, flags) == prefix


def _texts() -> list[str]:
    rnd = random.Random(15)
    lexicon = load_lexicon()
    words = [w for key in lexicon.entries for w in key.split()][:300] + [
        "on", "the", "that", "decision", "minutes", "of", "4", "June", "2025", "Leader", "has", "approved:",
        "\n", "\nOn", "\nThe", "\nthat", "\nDecision", "\nMinutes", "\n\n", "10.00", "am", "-", "Cabinet", "İ", "ſ"]
    made = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 40))) for _ in range(300)]
    fixed = ["On 4 June 2025 the Leader decided", "The Leader has approved:", "that the Mayor approved the",
             "Minutes of the meeting of the Parish Council held on 4 March 2024", "Decision approved by: Cabinet",
             "RECORD OF DECISIONS - Cabinet 4 June 2025", "4 June 2025 - 10.00 am", "x\nON 4 JUNE 2025 x",
             "İt was resolved\nthe Leader has agreed:", "It waſ reſolved", "the ᴋey decision", "",
             "Cabinet\nMinutes of the Cabinet, 4 June 2025", "x\nthat the Leader of the Council be authorised",
             "Decisions of the Cabinet taken on 4 June 2025\nDecisions made by the Cabinet Member for Housing",
             "Minutes of the Parish Council meeting held on Monday, 4 March 2024\nMINUTES OF THE MEETING"]
    return fixed + made + [t.upper() for t in made[:50]] + [t.title() for t in made[50:100]]


def test_a_stretch_a_rule_matches_in_is_never_refused():
    lexicon = load_lexicon()
    rnd = random.Random(16)
    for text in _texts():
        hits = Hits(text)
        spans = [(0, len(text))] + [tuple(sorted(rnd.sample(range(len(text) + 1), 2))) for _ in range(12 if text else 0)]
        spans += [(k, len(text)) for k, c in enumerate(text) if c == "\n"][:3]  # from a break, and after it
        spans += [(k + 1, len(text)) for k, c in enumerate(text) if c == "\n"][:3]
        for rules in (lexicon.from_text, lexicon.meeting_headings):
            sites = Sites(hits, len(rules))
            tried = {rule for part in rules_to_try(sites, rules, set(), len(rules)) for rule, *_ in part}
            for spec in rule_specs(rules):
                for start, end in spans:
                    if spec.rule.search(text, start, end):
                        assert may_match(sites, spec, start, end), (spec.rule.pattern[:40], text, start, end)
                        assert spec.rule in tried


def test_words_mid_line_do_not_open_one():
    """The refusals the prefix buys: "the " and "on " stand in nearly every paragraph, at a
    line's start in few; the break before the stretch counts ("^" reads the character before it)."""
    lexicon = load_lexicon()
    spec = next(s for s in rule_specs(lexicon.from_text) if s.needs[0] == (("\non ",), 0))
    text = "Agreed on 4 June 2025\nOn 5 June 2025 it was signed"
    sites = Sites(Hits(text), len(lexicon.from_text))
    line = text.index("\n")
    assert not may_match(sites, spec, 0, line)
    assert may_match(sites, spec, 0, len(text))
    assert may_match(sites, spec, line + 1, len(text))  # the stretch opens the line
    assert not may_match(sites, spec, line + 2, len(text))
    assert may_match(Sites(Hits(text[line + 1:]), 1), spec, 0, 5)  # the text's first line opens after no break
    assert spec.rule.search(text, line + 1, len(text)) and not spec.rule.search(text, 0, line)


def test_a_stretch_must_hold_a_key_of_every_set_a_rule_needs():
    """A rule needs more than its best literal: "approved by ... on <date>" needs " by " and " on "
    as well as "approved" (or its like); a stretch short of one of them is refused."""
    lexicon = load_lexicon()
    spec = next(s for s in rule_specs(lexicon.from_text)
                if (("approved", "signed", "agreed", "taken", "made"), 1) in s.needs)
    assert {keys for keys, _ in spec.needs} >= {(" by ",), (" on ",)}
    text = "It was approved by the Leader.\nIt was approved by the Leader on 4 June 2025."
    sites = Sites(Hits(text), len(lexicon.from_text))
    line = text.index("\n")
    assert not may_match(sites, spec, 0, line) and not spec.rule.search(text, 0, line)
    assert may_match(sites, spec, line + 1, len(text)) and spec.rule.search(text, line + 1, len(text))


def test_the_specs_of_lexicons_no_longer_loaded_are_not_kept():
    """`rule_specs` keeps each tuple of rules beside its specs; a review desk loads a lexicon for
    every trial, so the memo is bounded and drops the old ones."""
    from extractor import rule_sites

    rules = tuple(load_lexicon().from_text)
    for _ in range(rule_sites.MAX_KEPT_SPECS * 2):
        copy = tuple(list(rules))  # (a new tuple each time, as a new lexicon's)
        assert rule_specs(copy) == rule_specs(rules)
        assert len(rule_sites._SPECS) <= rule_sites.MAX_KEPT_SPECS
