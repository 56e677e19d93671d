"""Where in a document's text a sentence rule can match: worked out once a document, asked of many
stretches of it.

The assembler searches the lexicon's sentence rules (``from_text``, ``meeting_heading``) in every
paragraph of a notice, and `regex` scans a stretch slowly (10-50 ns a character). A rule can match
only where each literal its every match holds stands: not only the best one `prefilter` reads
("approved", "agreed" ...), but every set of them its pattern needs (" by " and " on " too, in
"approved by ... on <date>"); and a rule that opens with ``^`` and plain words ("^on ", "^the ",
"^minutes of ") only where a line opens with them: "the " stands in nearly every paragraph, at a
line's start in few. The tests here say "cannot match" of a stretch only where the search would
find nothing there. Worked out once a lexicon (each rule's sets) and once a document (which
rules can match anywhere in it: its notices, a meeting's header and items, share its `Hits`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import regex

# (`prefilter`'s reader of a pattern's needed literals is read here too: its public
# `required_literals` keeps only the best set, and a stretch is refused by any of them)
from .prefilter import GLOBAL_FLAGS, Hits, Literal, needed_sets

_META = frozenset("\\.^$*+?{}[]()|#")  # ('#': a comment under VERBOSE, refused below anyway)
_QUANTIFIERS = frozenset("*+?{")


def line_start_prefix(pattern: str, flags: int) -> str | None:
    """The plain text every match of ``pattern`` opens with, at a line's start (lower-cased when
    the pattern ignores case), or None when the pattern does not open with ``^`` and plain text,
    or could match in another way (a top-level ``|``, free spacing, a prefix beyond ASCII that
    ignores case).

    >>> line_start_prefix("^on (?:\\\\w+day,? )?(?P<d>\\\\d+)", regex.I | regex.M)
    'on '
    >>> line_start_prefix("^Minutes? of", 0), line_start_prefix("^a|b", 0), line_start_prefix("(?:^|x)a", 0)
    ('Minute', None, None)
    """
    if (not pattern.startswith("^") or flags & regex.VERBOSE or GLOBAL_FLAGS.search(pattern)
            or _top_level_bar(pattern)):
        return None
    end = 1
    while end < len(pattern) and pattern[end] not in _META:
        end += 1
    prefix = pattern[1:end]
    if end < len(pattern) and pattern[end] in _QUANTIFIERS:
        prefix = prefix[:-1]  # "s?" makes its last letter optional
    if not prefix:
        return None
    if flags & regex.IGNORECASE:
        if not prefix.isascii():
            return None  # (case folding beyond ASCII is `regex`'s to judge)
        prefix = prefix.lower()
    return prefix


def _top_level_bar(pattern: str) -> bool:
    """Whether a ``|`` outside every group and class parts the pattern (or it cannot be read)."""
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: "]" first in it, or escaped, is one of its characters
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            if i >= n:
                return True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


class _Spec(NamedTuple):
    """How a rule is tested in a stretch, worked out once a lexicon: ``needs`` holds sets of keys
    and their leads, a key of each set found in the text with a break put before it (``folded``:
    lower-cased) from ``start + lead`` to ``end + 1``; ``needs`` empty when the rule cannot be
    tested so (it is searched everywhere). ``names``: the fields its groups state, read once
    (`regex` builds a new dict for every ``groupindex`` asked, and it is asked of every rule at
    every place)."""

    rule: Any
    names: frozenset[str]
    needs: tuple[tuple[tuple[str, ...], int], ...]
    folded: bool


def _needed_sets(pattern: str, flags: int) -> list[tuple[str, ...]]:
    """Every set of literals of which each match of a one-branch pattern holds one, as
    `prefilter.Literal` finds them; [] when none can be read. Short ones too (":", "-" or "–"):
    a look for one costs little beside a search the stretch is spared where it is absent."""
    found: list[tuple[str, ...]] = []
    for needed in needed_sets(pattern) or ():
        if needed and all(x.strip() for x in needed):  # (a blank stands in every stretch)
            keys = Literal(needed, flags).keys
            if keys is not None and keys not in found:
                found.append(keys)
    return found


def _spec(rule: Any) -> _Spec:
    """The sets a rule needs: the line-start prefix first, then its best literal (`prefilter`),
    then every other set its pattern needs; a set the prefix holds a key of says nothing more."""
    prefix = line_start_prefix(rule.pattern, rule.flags)
    literal = rule.literal
    needs: list[tuple[tuple[str, ...], int]] = [(("\n" + prefix,), 0)] if prefix is not None else []
    best = [literal.keys] if literal is not None and literal.keys is not None else []
    for keys in best + _needed_sets(rule.pattern, rule.flags):
        if (keys, 1) not in needs and not (prefix is not None and any(k in prefix for k in keys)):
            needs.append((keys, 1))
    return _Spec(rule, frozenset(rule.groupindex), tuple(needs), bool(rule.flags & regex.IGNORECASE))


_SPECS: dict[int, tuple[Any, tuple[_Spec, ...]]] = {}  # each tuple of rules' specs, beside the tuple
MAX_KEPT_SPECS = 16  # two tuples a lexicon, and `load_lexicon` keeps eight


def rule_specs(rules: tuple[Any, ...]) -> tuple[_Spec, ...]:
    """Each rule's `_Spec`, worked out once a tuple of rules (a lexicon's)."""
    known = _SPECS.get(id(rules))
    if known is None or known[0] is not rules:
        if len(_SPECS) >= MAX_KEPT_SPECS:  # (a review desk loads a lexicon per trial: keep no old one alive)
            _SPECS.clear()
        known = _SPECS[id(rules)] = (rules, tuple(_spec(rule) for rule in rules))
    return known[1]


UNKNOWN: Any = object()  # a rule's site in a text not worked out yet (`Sites`)


class Sites:
    """One text as the rules' keys are found in it: with a break put before it (a line opening
    at the text's start opens after a break too), as it is and lower-cased (None when the text
    cannot be read so: see `prefilter.Literal`); and, for the rules asked about in every
    stretch, whether each can match anywhere in it (`UNKNOWN` until a notice asks: a rule whose
    fields every notice has found already is never asked about)."""

    __slots__ = ("plain", "lowered", "anywhere")

    def __init__(self, hits: Hits, rules: int):
        self.plain = "\n" + hits.text
        self.lowered = "\n" + hits.lowered if hits.lowered is not None else None
        self.anywhere: list[Any] = [UNKNOWN] * rules


def may_match(sites: Sites, spec: _Spec, start: int, end: int) -> bool:
    """Whether the stretch (start, end) of the text can hold a match of the spec's rule: it holds
    a key of each of the rule's sets (with the break before a line-start prefix at ``start - 1``
    or later, as ``^`` reads the character before the search's start). The assembler's loop over
    every rule at every place asks the same, written out in it."""
    haystack = sites.lowered if spec.folded else sites.plain
    if haystack is None:
        return True
    for keys, lead in spec.needs:
        for key in keys:
            if haystack.find(key, start + lead, end + 1) >= 0:
                break
        else:
            return False
    return True


# a rule, its fields, its needs (empty: no test) and their text
Try = tuple[Any, frozenset[str], "tuple[tuple[tuple[str, ...], int], ...]", str]


def rules_to_try(sites: Sites, rules: tuple[Any, ...], had: set[str], split: int) -> tuple[list[Try], list[Try]]:
    """The rules of ``rules`` worth searching in a notice's stretches, those before ``split`` and
    those after, each with what `may_match` needs to test a stretch: not a rule whose every
    field the notice has found already (its finds would not be offered), nor one whose keys
    stand nowhere in the text (worked out once a document and rule, kept in ``sites``)."""
    first: list[Try] = []
    last: list[Try] = []
    for i, spec in enumerate(rule_specs(rules)):
        rule, names, needs, folded = spec
        if had.issuperset(names):
            continue
        found = sites.anywhere[i]
        haystack = sites.lowered if folded else sites.plain
        if found is UNKNOWN:  # (`may_match` of the whole text)
            found = True
            if haystack is not None:
                for keys, _ in needs:
                    for key in keys:
                        if key in haystack:
                            break
                    else:
                        found = False
                        break
            sites.anywhere[i] = found
        if found:
            (first if i < split else last).append((rule, names, needs, haystack) if haystack is not None
                                                  else (rule, names, (), ""))
    return first, last


def sites_of(hits: Hits, rules: int) -> Sites:
    """The `Sites` of the text of ``hits`` (for ``rules`` rules asked about everywhere), kept
    for the last `Hits` asked about: a document's notices (a meeting's header and its items)
    share them."""
    last_hits, sites = _LAST[0]
    if last_hits is not hits or sites is None:
        sites = Sites(hits, rules)
        _LAST[0] = (hits, sites)
    return sites


_LAST: list[tuple[Any, Sites | None]] = [(None, None)]  # one tuple, read and replaced whole (threads)
