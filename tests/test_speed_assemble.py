"""The assembler's fast paths (issue 29) answer exactly what the slower forms they replace did.

Each test keeps the old form as its oracle and asks both over a table of tricky inputs and,
where cheap, every line of the bundled samples and notice fixtures.
"""

from __future__ import annotations

import dataclasses

import pytest
import regex

from extractor.assembly import opens_with, records_a_decision, unnumbered
from extractor.lexicon import load_lexicon
from extractor.pattern_text import ignores_case_throughout, joined_alternation
from extractor.prefilter import Hits, found_in
from extractor.rule_sites import Sites, rule_specs, rules_to_try
from extractor.values import is_empty_value

from .conftest import text_lines

WORDS = load_lexicon().words

EMPTY_VALUES = [
    "This Decision does not contain any Ward records.",
    "this decision does not contain any ward record",
    "This Decision does not contain any Ward records. And more",
    "---", "-", "--x", "...", ".", "..x",
    "[Insert title]", "[name and role of the decision maker]", "[Insertion]", "[tbc]", "[xx]", "[x]",
    "☐ Yes ☐ No", "☐ Yes ☒ No", "□ n/a", "☐Yes☐No☐N/A",
    "Yes", "None", "Cabinet", "-- Cabinet --", "  ",
]


def _old_is_empty(text: str) -> bool:
    stripped = text.strip()
    return not stripped or any(p.match(stripped) for p in WORDS.empty_values)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return text_lines(EMPTY_VALUES)


def test_empty_values_join(lines: list[str]) -> None:
    """The joined alternation matches a value exactly where one of the patterns does."""
    assert WORDS.empty_values_joined is not None  # (the bundled patterns can be joined)
    assert [is_empty_value(x, words=WORDS) for x in lines] == [_old_is_empty(x) for x in lines]


@pytest.mark.parametrize("value", EMPTY_VALUES, ids=[repr(v)[:30] for v in EMPTY_VALUES])
def test_empty_value_table(value: str) -> None:
    assert is_empty_value(value, words=WORDS) == _old_is_empty(value)


@pytest.mark.parametrize(
    "patterns",
    [
        (),  # no pattern: a join of none would match everything
        (regex.compile(r"^(a)\1$"), regex.compile(r"^b$")),  # a numbered reference: shifts once joined
        (regex.compile(r"^(?P<x>a)(?P=x)$"),),  # a named reference
        (regex.compile(r"(?i)^a$"), regex.compile(r"^B$")),  # a flag for the whole pattern
        (regex.compile(r"^a$", regex.I), regex.compile(r"^b$")),  # flags that differ
        (regex.compile(r"^a # a comment", regex.X), regex.compile(r"^b$", regex.X)),  # free spacing
        (regex.compile(r"(x)y"), regex.compile(r"(a)?(?(1)b|c)$")),  # a conditional on a group's number
        (regex.compile(r"(?P<n>x)y"), regex.compile(r"(?P<m>a)(?&m)")),  # a call by name
        (regex.compile(r"(x)y"), regex.compile(r"(a)(?+1)(b)")),  # a relative call
    ],
    ids=["none", "numbered-reference", "named-reference", "inline-flag", "different-flags", "verbose",
         "conditional", "named-call", "relative-call"],
)
def test_patterns_notjoined_alternation(patterns: tuple) -> None:
    """Patterns that would read otherwise as branches of one alternation are asked one by one (a
    conditional: "ab" is matched by "(a)?(?(1)b|c)$" alone, not once its group is the second)."""
    assert joined_alternation(patterns) is None


def test_joined_alternation_matches_where_one_does() -> None:
    patterns = (regex.compile(r"^a|^b$", regex.I), regex.compile(r"^(c)+$", regex.I))
    joined = joined_alternation(patterns)
    assert joined is not None
    for text in ["a", "ab", "b", "bc", "ccc", "C", "x", ""]:
        assert (joined.match(text) is not None) == any(p.match(text) for p in patterns), text


# -- assembly.records_a_decision and unnumbered -----------------------------------------------------

_OLD_PARAGRAPH_NUMBER = regex.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?\s+")


def _old_unnumbered(text: str) -> str:
    text = text.strip()
    numbered = WORDS.list_item.match(text) or _OLD_PARAGRAPH_NUMBER.match(text)
    return (text[numbered.end():] if numbered else text).strip().lower()


def _old_records_a_decision(text: str) -> bool:
    bare = _old_unnumbered(text)
    return bool(found_in(WORDS.decision_narrative, text) or found_in(WORDS.decision_narrative, bare)
                or opens_with(bare, WORDS.decision_openers))


DECISION_LINES = [
    "RESOLVED that the report be noted.", "resolved that the report be noted", "  It was agreed to proceed. ",
    "1) NOTED the decisions of the working group", "(a) APPROVED the budget", "ii. Approved the plan",
    "4.2. The Board agreed the accounts.", "4.2 The Board agreed", "٤.٢. The Board agreed the accounts.",
    "12.3.4 The Cabinet resolved to proceed", "The Cabinet Member has approved the scheme.",
    "THE CABINET MEMBER HAS APPROVED THE SCHEME", "The committee considered a report", "İt was agreed",
    "The report was presented by the Director.", "A report was PRESENTED", "No decision was recorded.",
    "1.", "", "   ", "Agreed", "agreed", "That the report be approved", "Proposed by Cllr A, seconded by Cllr B",
]


@pytest.fixture(scope="module")
def decision_lines() -> list[str]:
    return text_lines(DECISION_LINES)


def test_records_a_decision_lines(decision_lines: list[str]) -> None:
    assert [records_a_decision(x, WORDS) for x in decision_lines] == [_old_records_a_decision(x) for x in decision_lines]


def test_unnumbered_lines(decision_lines: list[str]) -> None:
    assert [unnumbered(x, WORDS) for x in decision_lines] == [_old_unnumbered(x) for x in decision_lines]


@pytest.mark.parametrize("text", DECISION_LINES, ids=[repr(t)[:30] for t in DECISION_LINES])
def test_records_a_decision_table(text: str) -> None:
    assert records_a_decision(text, WORDS) == _old_records_a_decision(text)
    assert unnumbered(text, WORDS) == _old_unnumbered(text)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (regex.compile(r"\bagreed\b", regex.I), True),
        (regex.compile(r"\bagreed\b"), False),  # heeds case
        (regex.compile(r"(?i)\bagreed\b"), True),  # a whole-pattern flag is the pattern's flag
        (regex.compile(r"\bagreed (?-i:The)\b", regex.I), False),  # a part that heeds case
        (regex.compile(r"\bx\b|(?i-m:y)", regex.I), False),  # flags turned off in a part
        (regex.compile(r"\p{Changes_When_Lowercased}", regex.I), False),  # "A" and never "a"
        (regex.compile(r"x\P{CWU}", regex.I), False),
        (WORDS.decision_narrative, True),
    ],
    ids=["ignorecase", "case", "inline-ignorecase", "scoped-case", "scoped-flags-off", "case-property",
         "negated-case-property", "decision-narrative"],
)
def test_caseless(pattern, expected: bool) -> None:
    assert ignores_case_throughout(pattern) is expected


def test_vocabulary_facts_follow_a_replaced_cue() -> None:
    """The facts `Words` works out about its cues are worked out again for a vocabulary made from
    another by `dataclasses.replace` (a user's or a template's words): never the old cue's."""
    assert WORDS.narrative_caseless is True
    heeding = dataclasses.replace(WORDS, decision_narrative=regex.compile(r"RESOLVED"))
    assert heeding.narrative_caseless is False
    assert heeding.empty_values_joined.pattern == WORDS.empty_values_joined.pattern
    unjoinable = dataclasses.replace(WORDS, empty_values=(regex.compile(r"^(a)\1$"), regex.compile(r"^-$")))
    assert unjoinable.empty_values_joined is None
    assert is_empty_value("aa", words=unjoinable) and is_empty_value("-", words=unjoinable)
    assert not is_empty_value("ab", words=unjoinable)
    # a cue that heeds case is asked again of the words lower-cased: a stale "ignores case" would skip it
    lower_cue = dataclasses.replace(WORDS, decision_narrative=regex.compile(r"board resolved"))
    assert records_a_decision("The Board Resolved it", lower_cue)


def test_caseless_pattern_reads_ascii_text_as_lowered(decision_lines: list[str]) -> None:
    """The fact the shortcut rests on: a caseless pattern finds in an ASCII text what it finds in
    the text lower-cased."""
    narrative = WORDS.decision_narrative
    for text in decision_lines:
        if text.isascii():
            assert bool(narrative.search(text)) == bool(narrative.search(text.lower())), text


def test_paragraph_number_opens_with_ascii_digit() -> None:
    """`unnumbered` asks `_PARAGRAPH_NUMBER` only of a text opening with a digit or beyond ASCII:
    no other ASCII character opens a match."""
    for code in range(128):
        c = chr(code)
        if not c.isdigit():
            assert _OLD_PARAGRAPH_NUMBER.match(c + "1.2 The") is None
            assert _OLD_PARAGRAPH_NUMBER.match(c + ".1 The") is None


# -- a cue searched whole or looked for by its words first: the same answer -------------------------

CUE_LINES = [
    "I confirm that I do not have any disclosable pecuniary interests.", "A full consultation was carried out.",
    "Consultation: none", "RESOLVED that the report be noted.", "The meeting resolved to agree the plan.",
    "It was agreed that the scheme proceed.", "No interests were declared.", "İt was RESOLVED", "", "consulted",
]


@pytest.mark.parametrize("cue", ["declarations_cue", "consultation_cue", "minute_resolution"])
def test_cue_found_in_is_search(cue: str) -> None:
    """`found_in` (the labelled reader's declarations, the unlabelled reader's resolutions) and a
    whole search (its consultations) answer alike on every line."""
    compiled = getattr(WORDS, cue)
    lines = text_lines(CUE_LINES)
    assert [found_in(compiled, x) for x in lines] == [bool(compiled.search(x)) for x in lines]


def test_resolves_kept_per_text() -> None:
    """`OrphanReader.resolves` answers as the search it keeps, asked once or again."""
    from types import SimpleNamespace

    from extractor.assembly import State
    from extractor.orphans import OrphanReader

    lexicon = load_lexicon()
    at = SimpleNamespace(words=WORDS, lex=lexicon, item=False, minute=True, segments=(), placed=[], position={},
                         s=State())
    reader = OrphanReader(at)  # type: ignore[arg-type]
    for text in CUE_LINES * 2:
        assert reader.resolves(text) == bool(WORDS.minute_resolution.search(text)), text


# -- values.clean_line: the trailing-layout strip asked only where the text ends with it -----------

_OLD_TRAILING_LAYOUT = regex.compile(r"[\s.;,:]+$", regex.REVERSE)


def _old_clean_line(raw: str) -> str | None:
    text = " ".join(raw.split())
    if text.endswith("...") or text.endswith("…"):
        return text or None
    text = _OLD_TRAILING_LAYOUT.sub("", text)
    return text or None


CLEAN_LINES = ["  Policies, Plans,   Strategies; ", "Cabinet.", " . ", "Cabinet", "Cabinet:\n", "a ,;: ", "x\u3000",
               "Leader\u00a0", "Leader\u2028", "y\u200b", "z\x1c", "…", "etc...", "Decision :", "", "   ", "Ω"]


def test_clean_line_lines() -> None:
    from extractor.values import clean_line

    lines = text_lines(CLEAN_LINES)
    assert [clean_line(x) for x in lines] == [_old_clean_line(x) for x in lines]


def test_no_regex_space_survives_split() -> None:
    """The fact the guard rests on: every character `regex` reads as ``\\s`` is one ``str.split()``
    splits at, so a text joined from its split words ends with ``\\s`` never."""
    import sys

    space = regex.compile(r"\s")
    assert not [c for c in map(chr, range(sys.maxunicode + 1)) if space.match(c) and not c.isspace()]


@pytest.mark.parametrize("raw", CLEAN_LINES, ids=[repr(x)[:24] for x in CLEAN_LINES])
def test_clean_line_table(raw: str) -> None:
    from extractor.values import clean_line

    assert clean_line(raw) == _old_clean_line(raw)


# -- session 18 ------------------------------------------------------------------------------

_LEXICON = load_lexicon()


@pytest.mark.parametrize("rules", [_LEXICON.from_text, _LEXICON.meeting_headings], ids=["from_text", "meeting_headings"])
def test_a_spec_names_the_fields_its_rule_states(rules):
    """`_Spec.names`, read once, is the rule's ``groupindex`` as a set (the old test read it at
    every place: `regex` copies the dict each time)."""
    for spec in rule_specs(rules):
        assert spec.names == frozenset(spec.rule.groupindex)


def _old_rules_to_try(sites, rules, had, split):
    """`rules_to_try` as it read each rule's ``groupindex`` (the oracle; the whole-text test
    is `rule_sites.may_match` over the whole text)."""
    first, last = [], []
    for i, spec in enumerate(rule_specs(rules)):
        if had.issuperset(spec.rule.groupindex):
            continue
        haystack = sites.lowered if spec.folded else sites.plain
        found = True
        if haystack is not None:
            found = all(any(key in haystack for key in keys) for keys, _ in spec.needs)
        if found:
            (first if i < split else last).append(spec.rule)
    return first, last


_HADS = [set(), {"decision_maker"}, {"decision_maker", "decision_date"}, {"call_in_deadline", "subject_to_call_in"},
         {"decision_maker", "decision_date", "authority", "call_in_deadline", "effective_from", "is_key_decision",
          "publication_date", "subject_to_call_in"}]
_TEXTS = ["", "Decision approved by the Leader on 4 June 2025", "The key decision was made by Councillor Smith, "
          "following consultation", "x\non 4 June 2025 the Cabinet Member decided", "Issued by Westholm Council",
          "any call in must be made by 5pm on 4 June", "İt waſ reſolved by the Leader", "THE DECISION TAKES EFFECT ON 4 JUNE"]


@pytest.mark.parametrize("had", _HADS, ids=["none", "maker", "maker+date", "call-in", "all"])
@pytest.mark.parametrize("text", _TEXTS, ids=[t[:20] or "empty" for t in _TEXTS])
def test_rules_to_try_leaves_out_the_rules_the_old_test_left_out(text, had):
    rules = _LEXICON.from_text
    split = len(rules) - _LEXICON.from_text_last
    first, last = rules_to_try(Sites(Hits(text), len(rules)), rules, set(had), split)
    assert ([t[0] for t in first], [t[0] for t in last]) == _old_rules_to_try(
        Sites(Hits(text), len(rules)), rules, set(had), split)
    assert all(names == frozenset(rule.groupindex) for rule, names, *_ in first + last)


_VALUES = [
    "1. That the report be noted\n2. That the Cabinet approve the budget\nThe meeting closed at 8pm.",
    "(a) To approve the plan\n(b) To note the risks\n\nIt has my approval.\nMayor of Northvale",
    "i. Noted and agreed to the plan\nii. Approved the spend",
    "The Director has:\n1. approved the scheme\n2. agreed the budget\nAny call-in must be made by 5pm",
    "1 officers proceed with the process\nThe Commissioner has approved the grant.",
    "• To adopt the policy\nI confirm that I do not have any disclosable pecuniary interests.",
    "Summary of the report\nThe Cabinet resolved to agree the recommendations.", "a) one", "(iv) four",
]


def _segments(text: str):
    """Every run of a text's lines as a block field's pieces, from each line onward (at most 6 runs)."""
    from extractor.readers.text import read_text
    from extractor.sections import Piece, Segment
    doc = read_text(text.encode())
    pieces = [Piece(ln.content_start, ln.end, i) if doc.text[ln.start:ln.end].strip() else None
              for i, ln in enumerate(doc.lines)]
    for at in range(min(len(pieces), 6)):
        run = tuple(pieces[at:])
        for field in ("purpose", "reasons", "declarations_of_interest"):
            yield doc, Segment("field", 0, len(doc.text), run, field=field, shape="block")


def _value_texts() -> list[str]:
    from .conftest import sample_texts
    return _VALUES + [path.read_text(encoding="utf-8")[:3000] for path in sample_texts()][:40]


def test_a_labelled_sections_first_paragraph_is_never_asked_whether_it_is_a_list_item():
    """`build_paragraphs(..., first_item=False)` makes the paragraphs it made before but for the
    first one's ``list_item`` (its line's mark alone); the readers of a labelled section's
    paragraphs (`endings`) answer the same whichever that flag holds."""
    from extractor.endings import closing_paragraphs, decision_taken
    from extractor.paragraphs import build_paragraphs
    for text in _value_texts():
        for doc, seg in _segments(text):
            full = build_paragraphs(doc, seg.pieces, WORDS)
            fast = build_paragraphs(doc, seg.pieces, WORDS, first_item=False)
            assert fast[1:] == full[1:] and [p[:4] for p in fast[:1]] == [p[:4] for p in full[:1]]
            if not full:
                continue
            for flag in (False, True):
                flipped = [full[0]._replace(list_item=flag), *full[1:]]
                assert [p[:4] for p in closing_paragraphs(seg, flipped, WORDS, [seg], {id(seg): 0})] == [
                    p[:4] for p in closing_paragraphs(seg, full, WORDS, [seg], {id(seg): 0})]
                assert [p[:4] for p in decision_taken(seg, flipped, WORDS, (seg,))] == [
                    p[:4] for p in decision_taken(seg, full, WORDS, (seg,))]


# The unlabelled reader's rules 5a (a signer above a sign-off), 11 (prose before a labelled decision)
# and 13 (reasons after the decision) ask their plain tests before their dear searches: the same
# fields, pinned as the reader gave them before the reordering (each notice takes one rule's path).
_ORPHAN_NOTICES = [
    ("rule13-prose-after-decision", "Decision notice\n\nThe Cabinet Member approved the new parking charges.\n\n"
     "The charges were needed because costs rose.\n\nThe scheme starts in May.\n",
     {"title": "The Cabinet Member approved the new parking charges",
      "purpose": "The charges were needed because costs rose.", "decision": "The scheme starts in May."}),
    ("rule13-after-a-list", "Decision notice\n\n1. To approve the scheme.\n\nThe scheme is needed to cut costs.\n",
     {"decision": "1. To approve the scheme.", "reasons": "The scheme is needed to cut costs."}),
    ("rule13-a-decision-is-no-reason", "Decision notice\n\n1. To approve the scheme.\n\n"
     "That the Cabinet approves the charges because costs rose.\n",
     {"decision": "1. To approve the scheme.\nThat the Cabinet approves the charges because costs rose."}),
    ("rule13-a-colon-is-no-reason", "Decision notice\n\nThe Cabinet Member approved the charges.\n\n"
     "The charges were needed because of:\n",
     {"title": "The Cabinet Member approved the charges", "purpose": "The charges were needed because of:"}),
    ("rule5a-signer", "Record of decision\n\nTo approve the grant to the trust.\n\nWest Mercia Police and Crime "
     "Commissioner\n\nI hereby approve the above proposal.\n",
     {"title": "To approve the grant to the trust", "decision_maker": "West Mercia Police and Crime Commissioner"}),
    ("rule5a-maker-labelled", "Decision maker: Cabinet\n\nTo approve the grant to the trust.\n\nWest Mercia Police "
     "and Crime Commissioner\n\nI hereby approve the above proposal.\n",
     {"purpose": "To approve the grant to the trust.", "decision": "West Mercia Police and Crime Commissioner",
      "decision_maker": "Cabinet"}),
    ("rule11-titled", "Harbour Wall Repairs\n\nThe wall needs repair after the storms this winter.\n\n"
     "Decision: To approve the repair works.\n",
     {"title": "Harbour Wall Repairs", "purpose": "The wall needs repair after the storms this winter.",
      "decision": "To approve the repair works."}),
    ("rule11-untitled", "The wall needs repair after the storms this winter.\n\nDecision: To approve the repair works.\n",
     {"decision": "To approve the repair works."}),
]


@pytest.mark.parametrize(("text", "expected"), [n[1:] for n in _ORPHAN_NOTICES], ids=[n[0] for n in _ORPHAN_NOTICES])
def test_the_unlabelled_rules_give_the_fields_they_gave(text, expected):
    from extractor.pipeline import extract_record
    notice = extract_record(text.encode(), filename="n.txt")["notices"][0]
    fields = ("title", "purpose", "decision", "reasons")
    assert {f: notice[f] for f in fields if notice.get(f)} == {f: v for f, v in expected.items() if f in fields}
    if "decision_maker" in expected:
        assert notice["decision_maker"] == expected["decision_maker"]


@pytest.mark.parametrize("placed", [False, True], ids=["plain-text", "paged"])
def test_a_units_page_is_its_first_lines(placed):
    """A unit's page is its first line's; a document none of whose lines is placed has no page
    to give (`Document.placed`), so none is looked up."""
    from extractor.assemble import _Assembler
    from extractor.document import Document, Line
    text = "Decision: To approve\nthe plan\n"
    lines = (Line(0, 20, 10, page=3 if placed else None), Line(21, 29, 21, page=4 if placed else None))
    at = _Assembler(Document(text, lines), (), _LEXICON)
    for chosen in (frozenset({0, 1}), frozenset({1}), frozenset()):
        unit = at.s.units[at.unit(0, 29, chosen, None, text)]
        assert unit.page == (lines[min(chosen)].page if chosen else None)
