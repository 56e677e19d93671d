"""The lexicon's whole-line patterns made ready once, for `Lexicon.match_pattern` (issue 29).

The segmenter asks every line it places whether a whole-line pattern states it; nearly none
does. Each pattern's cheap rejections are read once per lexicon, not on every line: the head
filter (a page-head pattern is tried only in the head), the needed literals (`prefilter`: a line
without one of them cannot match), the plain words a match must open the line with
(`pattern_text.openings`) and a digit that must open the line (``^(?P<date>\\d...``: a line
opening with another ASCII character cannot match). A pattern is still searched, in the
lexicon's order, wherever its rejections do not rule it out: the same first match as before.
"""

from __future__ import annotations

from typing import Any

import regex

from .pattern_text import Unreadable, branch_spans, group_inside, least_count, openings, read_group
from .prefilter import GLOBAL_FLAGS, folded, literal_finder

MAX_OPENING_KEYS = 1024  # first characters kept (`PatternScreen._tests_for`): started again when full


def opens_with_digit(pattern: str, flags: int) -> bool:
    """Whether every match of ``pattern`` starts at the text's start with a ``\\d``: ``^``, then
    only groups of one branch that must match, then ``\\d`` at least once. False when unsure."""
    if not pattern.startswith("^") or flags & regex.MULTILINE or GLOBAL_FLAGS.search(pattern):
        return False
    try:
        if len(branch_spans(pattern, 0, len(pattern))) != 1:
            return False  # "^\d|x": a branch of the whole may open anywhere
        i = 1
        while not pattern.startswith("\\d", i):
            inside = group_inside(pattern, i, atomic=True) if pattern[i : i + 1] == "(" else None
            if inside is None:
                return False  # not a group that holds what it matches
            end = read_group(pattern, i)[0]
            if len(branch_spans(pattern, inside, end - 1)) > 1 or least_count(pattern, end) == 0:
                return False  # branches, one of which may open otherwise; or a group that may be absent
            i = inside
    except (Unreadable, IndexError, ValueError):
        return False  # (a pattern not read)
    return least_count(pattern, i + 2) > 0


class PatternScreen:
    """A lexicon's patterns with their rejections, in order, for the head and past it."""

    __slots__ = ("_tests", "_by_opening")

    def __init__(self, patterns: tuple[Any, ...]):
        def test(pattern: Any) -> tuple[Any, tuple[str, ...] | None, bool, bool, tuple[str, ...] | None]:
            compiled = pattern.regex
            # needed literals of any length (a line is short: a test for one character is cheap
            # beside a search); keys None: a literal only `regex` can find, no test
            literal = literal_finder(compiled.pattern, compiled.flags, 1)
            keys = None if literal is None else literal.keys
            # the plain texts a match opens the line with ("decision", "key", "officer" ...), read
            # lower-cased (a pattern ignoring case: each is)
            opens = openings(compiled.pattern, compiled.flags) if compiled.flags & regex.IGNORECASE else None
            if opens is not None and keys is not None and all(any(k in o for k in keys) for o in opens):
                keys = None  # every opening holds a needed literal: where one stands, so does it
            return (pattern, keys, literal is not None and literal.folded,
                    opens_with_digit(compiled.pattern, compiled.flags), opens)

        self._tests = {head: tuple(test(p) for p in patterns if head or not p.head) for head in (False, True)}
        self._by_opening: dict[tuple[bool, str, str | None], tuple[Any, ...]] = {}

    def _tests_for(self, head: bool, first: str, lowered_first: str | None) -> tuple[Any, ...]:
        """The tests a line opening with ``first`` (``lowered_first`` lower-cased, None where the
        line is read by `regex`) may pass, in order: those whose digit or opening words its first
        character rules out left out. A fact of the patterns, kept per first character."""
        key = (head, first, lowered_first)
        kept = self._by_opening.get(key)
        if kept is None:
            no_digit = first.isascii() and not first.isdigit()  # (beyond ASCII, \d has more digits)
            kept = tuple(t for t in self._tests[head]
                         if not (t[3] and no_digit)
                         and not (t[4] is not None and lowered_first is not None
                                  and not any(o.startswith(lowered_first) for o in t[4])))
            if len(self._by_opening) >= MAX_OPENING_KEYS:
                self._by_opening.clear()
            self._by_opening[key] = kept
        return kept

    def first_match(self, stripped: str, head: bool) -> tuple[Any, Any] | None:
        """The first pattern (and its match) that ``stripped``, a line without its blanks, matches."""
        lowered = folded(stripped)  # lower-cased for the folded literals (None: read by `regex`)
        tests = self._tests_for(head, stripped[:1], lowered[:1] if lowered is not None else None)
        for pattern, keys, fold, _, opens in tests:
            if opens is not None and lowered is not None and not lowered.startswith(opens):
                continue  # it opens the line with words the line does not open with
            if keys is not None:
                haystack = lowered if fold else stripped
                if haystack is not None:
                    for key in keys:  # (a loop, not any(): ~10 patterns a line)
                        if key in haystack:
                            break
                    else:
                        continue  # none of its needed literals: it cannot match
            found = pattern.regex.search(stripped)
            if found:
                return pattern, found
        return None
