"""A literal test before a regex search: most searches of the lexicon's patterns find nothing.

The whole-line patterns, the wordings of `from_text` and the meeting headings (labels.toml) are
searched line after line and paragraph after paragraph, and almost always fail; a failed search
of the `regex` module still walks every position of the text. Most of these patterns cannot
match without one of a few words in the text ("council", "authority" ...; "councillor" or
"cllr"). `required_literals` reads them off the pattern once, and `Compiled.search` looks for
them with `str.find` (a C scan) in the lower-cased text before it runs the regex: no word, no
search, and the answer is the same None the search would have given.

The words are read conservatively: only characters that must be matched, outside look-arounds;
a pattern this reader does not fully understand gets no test and is searched as it is.
"""

from __future__ import annotations

import re
from typing import Any

import regex

try:  # the standard library's parser of regular expressions (re's, which `regex` extends)
    import re._parser as _sre_parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[import-not-found,no-redef,unused-ignore]

MIN_LITERAL_CHARS = 3  # a shorter word ("of", "on") is in nearly every text: no test worth its cost
# `regex` syntax that re's parser reads otherwise or not at all: a pattern with any is searched as it is
_FOREIGN = regex.compile(r"\\\\|\(\?P=|\(\?[|&(VvrRfbepw]|\{[a-z]|\\[mMGXLKNQE]|\(\?\(|\(\?>|\(\*")
_PROPERTY = regex.compile(r"\\[pP]\{[^{}\\]*\}")  # \p{Lu}: a class of characters, no literal: read as \w
_NAMED = regex.compile(r"\(\?P?<(?![=!])[^>]*>")  # (?P<field>: a group; its name may repeat in regex, not in re
# Characters `regex` matches to an ASCII letter under IGNORECASE whose str.lower() is not that letter
# (U+0130 also lengthens under lower()); folded first, so a lower-cased text keeps every offset.
_FOLD = {0x130: "i", 0x17F: "s", 0x212A: "k"}
_FOLDED_CHARS = "".join(map(chr, _FOLD))


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-case ASCII words of which every match of ``pattern`` holds at least one, whatever
    its case flags; None when no such words are known (or the pattern is not understood).
    ``flags``: the pattern's compile flags (only VERBOSE changes how it reads).

    >>> required_literals(r"\\b(?:councillor|cllr\\.?)\\s+\\p{Lu}\\w+,\\s*(?P<decision_maker>.+?) has made")
    (' has made',)
    >>> required_literals(r"^(?:a|b)\\d+$") is None
    True
    """
    if _FOREIGN.search(pattern):
        return None
    source = _NAMED.sub("(", _PROPERTY.sub(r"\\w", pattern))
    try:
        parsed = _sre_parse.parse(source, re.VERBOSE if flags & regex.VERBOSE else 0)
    except Exception:  # re's parser refuses what regex allows: no test
        return None
    found = _sequence(list(parsed))
    return tuple(sorted(found)) if found else None


def _strength(words: frozenset[str] | None) -> tuple[int, int]:
    return (0, 0) if not words else (min(map(len, words)), -len(words))


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best requirement of a sequence: its longest run of literal characters, or the best
    requirement of one of its parts (each must match for the sequence to)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best
        if len(run) >= MIN_LITERAL_CHARS and _strength(frozenset(["".join(run)])) > _strength(best):
            best = frozenset(["".join(run)])
        run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and arg < 128:
            run.append(chr(arg).lower())
            continue
        close_run()
        part = _item(name, arg)
        if part is not None and _strength(part) > _strength(best):
            best = part
    close_run()
    return best


def _item(name: str, arg: Any) -> frozenset[str] | None:
    """What one parsed element requires: None for what may match without a known word."""
    if name == "SUBPATTERN":
        return _sequence(list(arg[-1]))
    if name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
        low, _high, body = arg
        return _sequence(list(body)) if low >= 1 else None
    if name == "ATOMIC_GROUP":
        return _sequence(list(arg))
    if name == "BRANCH":
        words: set[str] = set()
        for branch in arg[1]:
            found = _sequence(list(branch))
            if not found:
                return None  # one way through without a known word: no requirement
            words |= found
        return frozenset(words)
    return None  # a class, an assertion, a look-around, a back reference: no word required


_LOWERED: list[tuple[str | None, str | None]] = [(None, None)]  # the last text searched, lower-cased


def _lowered(text: str) -> str | None:
    """``text`` lower-cased with its offsets kept (None if they cannot be), kept for the next
    search of the same text (the patterns are tried one after another over one text)."""
    last, low = _LOWERED[0]
    if last is text:
        return low
    if any(c in text for c in _FOLDED_CHARS):
        text_low = text.translate(_FOLD).lower()
    else:
        text_low = text.lower()
    low = text_low if len(text_low) == len(text) else None
    _LOWERED[0] = (text, low)
    return low


class Compiled:
    """A compiled pattern that looks for its required words before it searches, and whose named
    groups are read once (`regex`'s ``groupindex`` builds a new dict on every read, and the
    assembler asks it of every rule before every search). The other methods are the pattern's
    own, bound; ``search`` gives what the pattern's own would."""

    __slots__ = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split", "groupindex", "pattern",
                 "flags", "literals", "_search")

    def __init__(self, compiled: Any):
        self._search = compiled.search
        self.match = compiled.match
        self.fullmatch = compiled.fullmatch
        self.finditer = compiled.finditer
        self.findall = compiled.findall
        self.sub = compiled.sub
        self.split = compiled.split
        self.groupindex: dict[str, int] = compiled.groupindex
        self.pattern: str = compiled.pattern
        self.flags: int = compiled.flags
        self.literals = required_literals(compiled.pattern, compiled.flags)
        self.search = self._search if self.literals is None else self._tested_search

    def _tested_search(self, text: str, pos: int | None = None, endpos: int | None = None) -> Any:
        low = _lowered(text) if isinstance(text, str) else None
        if low is not None and (pos is None or pos >= 0) and (endpos is None or endpos >= 0):
            start = pos or 0
            end = len(text) if endpos is None else min(endpos, len(text))
            if not any(low.find(word, start, end) >= 0 for word in self.literals or ()):
                return None  # none of the words every match holds: the search would find nothing
        return self._search(text, pos, endpos)
