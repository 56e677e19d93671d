"""A sound cheap rejection for a regex searched in many places of one text: a literal the
pattern cannot match without (issue 29).

`required_literal` reads a pattern's text and returns the longest run of plain characters that
stands outside every group, class and alternation, with no quantifier on its last character:
every match of the pattern contains it. So where that literal does not occur (searched with the
pattern's own case flag, so case folds alike), the pattern cannot match, and its search is
skipped. `Hits` finds a literal's occurrences in a text once and answers "can the pattern match
in text[start:end]?" by bisection.
"""

from __future__ import annotations

from typing import Any

import regex

MIN_LITERAL = 3  # a shorter literal rejects too little to be worth its search
_META = frozenset("\\.^$*+?{}[]()|")
_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z^-]+\)")  # "(?x)", "(?i)": flags that change how the text reads


def required_literal(pattern: str) -> str | None:
    """The longest literal every match of ``pattern`` contains (at least MIN_LITERAL characters),
    or None when none can be read safely.

    >>> required_literal(r"\\b(?:this|the) decisions? (?:was|is) published (?:on|:)\\s*(?P<d>\\d+)")
    ' published '
    >>> required_literal(r"^that (?:the )?(?P<m>x)") is None, required_literal(r"a|b") is None
    (False, True)
    >>> required_literal(r"^(?P<m>\\p{L}[\\p{L}&\\x27’ ]{2,60}?)\\s+minutes\\s*[-–—]")
    'minutes'
    """
    if _GLOBAL_FLAGS.search(pattern):
        return None
    runs: list[str] = []
    run: list[str] = []
    depth = 0
    i, n = 0, len(pattern)

    def cut() -> None:
        if run and depth == 0:
            runs.append("".join(run))
        run.clear()

    while i < n:
        c = pattern[i]
        if c == "\\":
            cut()
            nxt = pattern[i + 1 : i + 2]
            if nxt in ("p", "P", "N") and pattern[i + 2 : i + 3] == "{":
                i = pattern.index("}", i) + 1
            elif nxt == "x":
                i += 4
            elif nxt == "u":
                i += 6
            elif nxt == "U":
                i += 10
            else:
                i += 2
            continue
        if c == "[":
            cut()
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            cut()
            depth += 1
            i += 1
            continue
        if c == ")":
            cut()
            depth -= 1
            i += 1
            continue
        if c == "|":
            if depth == 0:
                return None  # an alternation at the top: no one literal is needed
            cut()
            i += 1
            continue
        if c in "?*+{":
            if run:
                run.pop()  # the quantified character may be missing
            cut()
            if c == "{":
                close = pattern.find("}", i)
                i = n if close < 0 else close + 1
            else:
                i += 1
                if pattern[i : i + 1] in ("?", "+"):  # lazy or possessive
                    i += 1
            continue
        if c in _META:  # ".", "^", "$", a stray "]" or "}"
            cut()
            i += 1
            continue
        if depth == 0:
            run.append(c)
        i += 1
    cut()
    if depth != 0:
        return None
    best = max(runs, key=len, default="")
    return best if len(best) >= MIN_LITERAL else None


class Literal:
    """A pattern's required literal: its compiled search (with the pattern's case flag) and length
    (simple case folding maps one character to one, so a match is as long as the literal)."""

    __slots__ = ("search", "length")

    def __init__(self, literal: str, flags: int):
        self.search = regex.compile(regex.escape(literal), flags & regex.IGNORECASE)
        self.length = len(literal)


def literal_finder(pattern: str, flags: int) -> Literal | None:
    """The search for ``pattern``'s required literal; None when it has none."""
    literal = required_literal(pattern)
    return None if literal is None else Literal(literal, flags)


class Hits:
    """Whether each prefiltered pattern's literal occurs in one text (asked once per literal),
    and within a stretch of it."""

    __slots__ = ("text", "_present")

    def __init__(self, text: str):
        self.text = text
        self._present: dict[int, bool] = {}

    def present(self, literal: Literal | None) -> bool:
        """Whether a pattern whose required literal is ``literal`` can match anywhere in the text."""
        if literal is None:
            return True
        found = self._present.get(id(literal))
        if found is None:
            found = self._present[id(literal)] = literal.search.search(self.text) is not None
        return found

    def may_match(self, literal: Literal | None, start: int, end: int) -> bool:
        """Whether a pattern whose required literal is ``literal`` can match within text[start:end]."""
        return literal is None or (self.present(literal) and literal.search.search(self.text, start, end) is not None)


# The last text's hits: the notices of one document (a meeting's items) share its text and hits.
# One tuple, read and replaced whole (threads share it).
_LAST: list[tuple[str | None, Hits | None]] = [(None, None)]


def text_hits(text: str) -> Hits:
    """The `Hits` of ``text``, shared with the last caller that asked about the same text object."""
    last_text, hits = _LAST[0]
    if last_text is not text or hits is None:
        hits = Hits(text)
        _LAST[0] = (text, hits)
    return hits
