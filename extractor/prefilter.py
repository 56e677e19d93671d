"""Sound cheap rejections for regex searches (issue 29): the literals a pattern cannot match
without.

`required_literals` reads them from a pattern's text (one of them is in every match); where none
occurs, the pattern cannot match and its search is skipped. They are found with str.find in the
text lower-cased, which for an ASCII literal finds exactly what `regex` ignoring case would, but
for "İ" and "ſ" (a text with either, or a literal beyond ASCII, is read by `regex` itself).
`Hits` answers for one text and its stretches (the sentence rules searched paragraph by
paragraph); `found_in` asks an alternation branch by branch; `pattern_screen` one line;
`can_match` one document; `FirstChars` reads an anchored alternation by the text's first character.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

MIN_LITERAL = 3  # a shorter literal rejects too little to be worth its search
MAX_CLASS_CHARS = 8  # a class of at most this many plain characters needs one of them
_META = frozenset("\\.^$*+?{}[]()|")
_FLAG_LETTERS = frozenset("aiLmsuxVbefpw-^0123456789")
GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z0-9^-]+\)")  # "(?x)", "(?i)", "(?V1)": flags that change how the text reads


class _Unreadable(Exception):
    """A construct the reader does not follow: no literal is claimed for the pattern."""


def required_literals(pattern: str, min_length: int = MIN_LITERAL) -> tuple[str, ...] | None:
    """Literals one of which every match of ``pattern`` contains (each at least MIN_LITERAL
    characters), or None when none can be read safely.

    A run of plain characters outside every group and class, with no quantifier on its last
    character, is needed; so is one of a group's branches' needed literals when the group is
    needed (no quantifier that allows it none, no lookaround, no scoped flags but "-i"). Of the needed
    ones, the set whose shortest literal is longest is returned (None if that is shorter than
    ``min_length``). A small class of plain characters ("[>›»]") needs one of them.

    >>> required_literals(r"\\b(?:this|the) decisions? (?:was|is) published (?:on|:)\\s*(?P<d>\\d+)")
    (' published ',)
    >>> required_literals(r"^that (?:the )?(?P<m>x)"), required_literals(r"ab|cd")
    (('that ',), None)
    >>> required_literals(r"^(?:(?P<m>\\p{Lu}[a-z]{2,6}?)\\s+approval|approval (?:of|by) x)")
    ('approval', 'approval ')
    """
    branches = _read_branches(pattern)
    found = None if branches is None else _any_of(branches)
    return found if found is not None and min(map(len, found)) >= min_length else None


def needed_sets(pattern: str) -> list[tuple[str, ...]] | None:
    """Each set of literals one of which every match of a one-branch ``pattern`` holds (the sets
    `required_literals` picks its best from); None when the pattern cannot be read that way."""
    branches = _read_branches(pattern)
    return branches[0] if branches is not None and len(branches) == 1 else None


def _read_branches(pattern: str) -> list[list[tuple[str, ...]]] | None:
    """The whole pattern's top-level branches, each its needed literal sets; None when a flag for
    the whole pattern or a construct the reader does not follow leaves it unread."""
    if GLOBAL_FLAGS.search(pattern):
        return None
    try:
        branches, end = _alternation(pattern, 0)
    except (_Unreadable, IndexError, ValueError):
        return None
    return branches if end == len(pattern) else None


def _any_of(branches: list[list[tuple[str, ...]]]) -> tuple[str, ...] | None:
    """One literal of each branch's best needed set: the set every match needs one of."""
    found: list[str] = []
    for needed in branches:
        usable = [c for c in needed if c]
        if not usable:
            return None
        best = max(usable, key=lambda c: (min(map(len, c)), -len(c)))
        found.extend(x for x in best if x not in found)
    return tuple(found) if found else None


def _alternation(p: str, i: int) -> tuple[list[list[tuple[str, ...]]], int]:
    """The branches from ``i`` to the ``)`` that closes them (or the end): each branch's needed
    literal sets."""
    branches: list[list[tuple[str, ...]]] = []
    needed: list[tuple[str, ...]] = []
    run: list[str] = []

    def cut() -> None:
        if run:
            needed.append(("".join(run),))
        run.clear()

    n = len(p)
    while i < n:
        c = p[i]
        if c == ")":
            break
        if c == "|":
            cut()
            branches.append(needed)
            needed = []
            i += 1
            continue
        if c == "\\":
            cut()
            nxt = p[i + 1]
            if nxt in "pPNgkx" and p[i + 2 : i + 3] in ("{", "<"):  # \p{L}, \N{...}, \g<name>, \x{27}
                i = p.index("}" if p[i + 2] == "{" else ">", i) + 1
            elif nxt in "pP":
                i += 3  # \pL: a one-letter property
            elif nxt == "x":
                i += 4
            elif nxt == "u":
                i += 6
            elif nxt == "U":
                i += 10
            elif nxt.isdigit():  # a group's number or an octal escape, all its digits
                i += 2
                while i < n and p[i].isdigit():
                    i += 1
            elif nxt.isalpha():
                i += 2
            else:  # an escaped mark stands for itself
                run.append(nxt)
                i = _quantified(p, i + 2, run, needed, cut)
                continue
            i = _skip_quantifier(p, i)
            continue
        if c == "[":
            cut()
            start = i + 1
            i += 1
            if p[i] == "^":
                i += 1
            if p[i] == "]":
                i += 1
            while p[i] != "]":
                if p[i] == "[":
                    raise _Unreadable  # a nested class (regex's set operations)
                i += 2 if p[i] == "\\" else 1
            members = p[start:i]
            quantifier = p[i + 1 : i + 2]
            i = _skip_quantifier(p, i + 1)
            if (quantifier not in ("?", "*", "{") and members and len(members) <= MAX_CLASS_CHARS
                    and not set(members) & set("^\\[") and "-" not in members[1:-1]):
                needed.append(tuple(dict.fromkeys(members)))  # "[>›»]": one of these characters
            continue
        if c == "(":
            cut()
            i, inner, opaque = _group(p, i)
            if p[i : i + 1] == "+":
                i = _skip_quantifier(p, i)
            elif p[i : i + 1] in ("?", "*", "{"):
                opaque = True  # it may be absent
                i = _skip_quantifier(p, i)
            if not opaque and inner is not None:
                needed.append(inner)
            continue
        if c in "?*+{":
            raise _Unreadable  # a quantifier with nothing before it
        if c in _META:  # ".", "^", "$", a stray "]" or "}"
            cut()
            i = _skip_quantifier(p, i + 1)
            continue
        run.append(c)
        i = _quantified(p, i + 1, run, needed, cut)
    cut()
    branches.append(needed)
    return branches, i


def _quantified(p: str, i: int, run: list[str], needed: list[tuple[str, ...]], cut: Any) -> int:
    """After a plain character: a quantifier on it ends the run without it."""
    if p[i : i + 1] in ("?", "*", "+", "{"):
        last = run.pop()
        cut()
        if p[i] == "+":
            run.append(last)  # one at least: the character stays needed, alone
            cut()
        return _skip_quantifier(p, i)
    return i


def _skip_quantifier(p: str, i: int) -> int:
    if p[i : i + 1] in ("?", "*", "+"):
        i += 1
    elif p[i : i + 1] == "{":
        close = p.index("}", i)
        if not regex.fullmatch(r"\d*(?:,\d*)?", p[i + 1 : close]):
            raise _Unreadable  # a brace that is no quantifier
        i = close + 1
    else:
        return i
    if p[i : i + 1] in ("?", "+"):  # lazy or possessive
        i += 1
    return i


def _group(p: str, i: int) -> tuple[int, tuple[str, ...] | None, bool]:
    """The group opening at ``i``: where it ends, the literals one of which it needs, and whether
    it is opaque (a lookaround or scoped flags: what it needs is not the pattern's)."""
    i += 1
    opaque = False
    if p[i] == "?":
        kind = p[i + 1]
        if kind == ":" or kind == ">":
            i += 2
        elif kind == "P" and p[i + 2] == "<":
            i = p.index(">", i) + 1
        elif kind == "<" and p[i + 2] not in "=!":
            i = p.index(">", i) + 1
        elif kind in "=!" or (kind == "<" and p[i + 2] in "=!"):
            opaque = True
            i += 2 if kind in "=!" else 3
        elif kind == "#":
            return p.index(")", i) + 1, None, True
        elif kind in _FLAG_LETTERS:
            close = i + 1
            while p[close] in _FLAG_LETTERS:
                close += 1
            if p[close] != ":":
                raise _Unreadable
            opaque = p[i + 1 : close] != "-i"  # other flags may read its literals otherwise (case kept: still needed)
            i = close + 1
        else:
            raise _Unreadable  # a conditional, a backreference, a branch reset ...
    branches, i = _alternation(p, i)
    if p[i : i + 1] != ")":
        raise _Unreadable
    return i + 1, None if opaque else _any_of(branches), opaque


class Literal:
    """A pattern's needed literals (one of which every match holds), and how to find them as the
    pattern would: ``keys`` are found with str.find in the text (``folded``: in the text
    lower-cased, the pattern ignoring case), or, for literals beyond ASCII under a case-blind
    pattern (``keys`` None), by ``search`` (`regex`'s own case folding)."""

    __slots__ = ("search", "keys", "folded")

    def __init__(self, literals: tuple[str, ...], flags: int):
        self.search = regex.compile("|".join(regex.escape(x) for x in literals), flags & regex.IGNORECASE)
        self.folded = bool(flags & regex.IGNORECASE)
        # ASCII under IGNORECASE: a character matches a letter of it exactly when it lower-cases
        # to that letter, but for "İ" and "ſ" (`Hits` reads a text with either by `search`)
        # ASCII, or characters with no case (lower- and upper-casing keep them): matched as they are
        ascii_only = all(c.isascii() or c.lower() == c.upper() == c for x in literals for c in x)
        self.keys: tuple[str, ...] | None = (
            tuple(x.lower() for x in literals) if self.folded else literals) if ascii_only or not self.folded else None


def literal_finder(pattern: str, flags: int, min_length: int = MIN_LITERAL) -> Literal | None:
    """The search for ``pattern``'s needed literals; None when it has none."""
    literals = required_literals(pattern, min_length)
    return None if literals is None else Literal(literals, flags)


class Hits:
    """Whether each prefiltered pattern's literal occurs in one text (asked once per literal); the
    text lower-cased once, which `rule_sites` reads for where each rule can match."""

    __slots__ = ("text", "lowered", "_present")

    def __init__(self, text: str):
        self.text = text
        # lower() keeps every offset but for "İ" (two characters lower-cased), and finds every
        # place `regex` would match an ASCII literal ignoring case but for "ſ" (an "s" to it)
        self.lowered: str | None = None if "İ" in text or "ſ" in text else text.lower()
        self._present: dict[int, bool] = {}

    def _within(self, literal: Literal, start: int, end: int) -> bool:
        keys = literal.keys
        if keys is None or (literal.folded and self.lowered is None):
            return literal.search.search(self.text, start, end) is not None
        find = (self.lowered if literal.folded else self.text).find  # type: ignore[union-attr]
        for key in keys:  # (a loop, not any(): it runs for every rule at every place)
            if find(key, start, end) >= 0:
                return True
        return False

    def present(self, literal: Literal | None) -> bool:
        """Whether a pattern whose required literal is ``literal`` can match anywhere in the text."""
        if literal is None:
            return True
        found = self._present.get(id(literal))
        if found is None:
            found = self._present[id(literal)] = self._within(literal, 0, len(self.text))
        return found


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


def _beside(kept: dict[int, tuple[Any, Any]], compiled: Any, read: Callable[[Any], Any]) -> Any:
    """What ``read`` makes of a compiled pattern, made once and kept by its identity (beside the
    pattern, so a reused address is never taken for it: a pattern lives as long as its vocabulary)."""
    known = kept.get(id(compiled))
    if known is None or known[0] is not compiled:
        known = kept[id(compiled)] = (compiled, read(compiled))
    return known[1]


_LITERALS: dict[int, tuple[Any, Literal | None]] = {}  # each pattern's needed literals (`can_match`)


def can_match(compiled: Any, text: str) -> bool:
    """Whether ``compiled`` can match anywhere in a document's ``text``: False when the text holds
    none of the literals its every match needs. One look a document, where most documents lack
    them, instead of a search of every line ("hereby ... approve" heads a decision in few)."""
    literal = _beside(_LITERALS, compiled, lambda c: literal_finder(c.pattern, c.flags))
    return text_hits(text).present(literal)


_BACKREFERENCE = regex.compile(r"\\[0-9]|\(\?P[=>]|\\g<|\\k<")


class _Branch:
    __slots__ = ("search", "match", "keys")

    def __init__(self, compiled: Any, literal: Literal | None):
        self.search = compiled.search
        self.match = compiled.match
        # ASCII or caseless literals, found in the lower-cased text; None: no test, search it
        self.keys = literal.keys if literal is not None and literal.keys is not None else None


_BRANCHES: dict[tuple[str, int], tuple[_Branch, ...] | None] = {}


def _branches(pattern: str, flags: int) -> tuple[_Branch, ...] | None:
    """A pattern's top-level branches, each compiled alone with its needed literals; None when the
    pattern cannot be read so (one branch, global flags, a backreference)."""
    key = (pattern, flags)
    if key in _BRANCHES:
        return _BRANCHES[key]
    found: tuple[_Branch, ...] | None = None
    if not GLOBAL_FLAGS.search(pattern) and not _BACKREFERENCE.search(pattern):
        cuts = _top_level_bars(pattern)
        if cuts:
            bounds = [-1, *cuts, len(pattern)]
            parts = [pattern[a + 1 : b] for a, b in zip(bounds, bounds[1:])]
            # (a branch is tested by ``in``, cheap enough for a literal of one character)
            found = tuple(_Branch(regex.compile(part, flags), literal_finder(part, flags, 1)) for part in parts)
    if len(_BRANCHES) > 256:
        _BRANCHES.clear()
    _BRANCHES[key] = found
    return found


def _top_level_bars(pattern: str) -> list[int]:
    """Where the ``|`` that part a pattern's top-level branches stand ([] when there are none, or
    the pattern cannot be read)."""
    try:
        branches, end = _alternation(pattern, 0)
    except (_Unreadable, IndexError, ValueError):
        return []
    if end != len(pattern) or len(branches) < 2:
        return []
    bars, depth, i = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: skipped as `_alternation` skips it
            i += 1
            if pattern[i] == "^":
                i += 1
            if pattern[i] == "]":
                i += 1
            while pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars if len(bars) == len(branches) - 1 else []


def found_in(compiled: Any, text: str, *, anchored: bool = False) -> bool:
    """``bool(compiled.search(text))`` (``anchored``: ``.match``), branch by branch: a branch
    whose needed literals are not in the text is not tried. The same answer, since an alternation
    matches where one of its branches does; much less scanning where most branches' words are
    absent (a long paragraph and a dozen cues)."""
    branches = _branches(compiled.pattern, compiled.flags)
    if branches is None:
        return bool(compiled.match(text) if anchored else compiled.search(text))
    lowered = text.lower()
    if not lowered.isascii() and ("ſ" in lowered or "\u0307" in lowered):  # "ſ", or "İ" lower-cased
        lowered = ""  # (see `Literal`): every branch is tried
    for branch in branches:
        keys = branch.keys
        if keys is not None and lowered:
            for key in keys:  # (a loop, not any(): this runs for every branch of every text)
                if key in lowered:
                    break
            else:
                continue  # none of its needed literals: it cannot match
        if branch.match(text) if anchored else branch.search(text):
            return True
    return False


def folded(text: str) -> str | None:
    """``text`` lower-cased for a literal test; None when it holds "İ" or "ſ" (see `Literal`)."""
    return None if "İ" in text or "ſ" in text else text.lower()


class FirstChars:
    """``bool(compiled.match(text))`` for an alternation whose branches mostly start with a fixed
    character ("^(?:home|you are here)...", "^page..."): only the branches that can start with the
    text's first character are tried, and those that can start anywhere only where their needed
    literals are. The same answer (an alternation matches where a branch does), for less."""

    __slots__ = ("whole", "folded", "by_first", "anywhere")

    def __init__(self, compiled: Any):
        self.whole = compiled.match
        self.folded = bool(compiled.flags & regex.IGNORECASE)
        parts = _branches(compiled.pattern, compiled.flags) if not compiled.flags & regex.VERBOSE else None
        starts: list[tuple[tuple[Any, tuple[str, ...] | None], frozenset[str] | None]] = []
        for branch, part in zip(parts or (), _parts(compiled.pattern) if parts else ()):
            keys = _first_keys(part, self.folded)
            # a branch that starts anywhere is tried only where its needed literals are (or those
            # of a lookahead it opens with: "(?=.*\s[>›»]\s...)" needs one of ">›»")
            needs = branch.keys if keys is None else None
            if keys is None and needs is None and (ahead := _lookahead(part)) is not None:
                literal = literal_finder(ahead, compiled.flags, 1)
                needs = _DIGITS if ahead == r"\D*\d" else literal.keys if literal is not None else None
            starts.append(((branch.match, needs), keys))
        self.anywhere = tuple(b for b, keys in starts if keys is None)
        self.by_first: dict[str, tuple[tuple[Any, tuple[str, ...] | None], ...]] | None = None
        # (under full case folding "ß" matches "ss" and "ﬁ" "fi": a first character says nothing)
        if parts and not compiled.flags & (regex.FULLCASE | regex.VERSION1):
            self.by_first = {}
            for key in sorted({k for _, keys in starts if keys for k in keys}):
                self.by_first[key] = tuple(b for b, keys in starts if keys is None or key in keys)

    def match(self, text: str) -> bool:
        first = text[:1]
        if self.by_first is None or first in "İſ":  # ("" too): "İ" and "ſ" are read by `regex` itself
            return bool(self.whole(text))
        tried = self.by_first.get(first.lower() if self.folded else first, self.anywhere)
        lowered: str | None = None
        for match, keys in tried:
            if keys is not None:  # (only a branch that starts anywhere has literals worth a test)
                if lowered is None:
                    lowered = folded(text) or ""
                if lowered and (keys is not _DIGITS or text.isascii()):  # (\d beyond ASCII: more digits)
                    for key in keys:
                        if key in lowered:
                            break
                    else:
                        continue  # none of its needed literals: it cannot match
            if match(text):
                return True
        return False


_DIGITS = tuple("0123456789")  # what "(?=\D*\d)" needs in an ASCII text (a postcode's line)
_FIRST_CHARS: dict[int, tuple[Any, FirstChars]] = {}


def first_chars(compiled: Any) -> FirstChars:
    """The `FirstChars` of a compiled alternation, read once (kept beside the pattern, as `can_match`'s)."""
    return _beside(_FIRST_CHARS, compiled, FirstChars)


def _parts(pattern: str) -> list[str]:
    bounds = [-1, *_top_level_bars(pattern), len(pattern)]
    return [pattern[a + 1 : b] for a, b in zip(bounds, bounds[1:])]


def _first_keys(part: str, folded: bool) -> frozenset[str] | None:
    """The first characters of a branch as looked up (lower-cased under IGNORECASE), or None
    when it may start with any (or one `FirstChars` cannot look up: a cased letter beyond ASCII)."""
    try:
        chars = _starts(part, 0)
    except (_Unreadable, IndexError, ValueError):
        return None
    if chars is None or not chars:
        return None
    if folded:
        if any(not c.isascii() and not c.lower() == c.upper() == c for c in chars):
            return None
        return frozenset(c.lower() for c in chars)
    return frozenset(chars)


def _starts(p: str, i: int) -> set[str] | None:
    """The characters a match of the pattern text from ``i`` must start with; None: any (or unread)."""
    while p[i : i + 1] == "^":  # an anchor holds no character
        i += 1
    if i >= len(p):
        return None  # an empty match
    c = p[i]
    if c == "(":
        if p.startswith("(?:", i):
            inner = i + 3
        elif p.startswith("(?P<", i):
            inner = p.index(">", i) + 1
        elif p[i + 1 : i + 2] != "?":
            inner = i + 1
        else:
            return None  # a lookaround or scoped flags
        end, _, opaque = _group(p, i)
        if opaque or not _at_least_once(p, end):
            return None
        found: set[str] = set()
        for alternative in _parts(p[inner : end - 1]) if "|" in p[inner : end - 1] else [p[inner : end - 1]]:
            chars = _starts(alternative, 0)
            if chars is None:
                return None
            found |= chars
        return found
    if c == "[":
        close = p.index("]", i + 2)
        members = p[i + 1 : close]
        if members[:1] in ("^", "]") or set(members) & set("\\[") or "-" in members[1:-1]:
            return None  # negated, escaped, nested or a range: not read here
        return set(members) if _at_least_once(p, close + 1) else None
    if c == "\\":
        escaped = p[i + 1]
        return {escaped} if not escaped.isalnum() and _at_least_once(p, i + 2) else None
    if c in _META:
        return None
    return {c} if _at_least_once(p, i + 1) else None


def _at_least_once(p: str, i: int) -> bool:
    """Whether the quantifier at ``i`` (if any) keeps what it follows at least once."""
    q = p[i : i + 1]
    if q in ("?", "*"):
        return False
    if q == "{":
        low = regex.match(r"\{(\d+)", p[i:])
        return low is not None and int(low.group(1)) >= 1
    return True


def _lookahead(part: str) -> str | None:
    """The text of the positive lookahead a branch opens with ("(?:^(?=...)..."), or None."""
    i = 0
    try:
        while part.startswith("(?:", i) or part.startswith("^", i):
            if part[i] == "(" and len(_alternation(part, i + 3)[0]) > 1:
                return None  # a group of branches: a lookahead opens only its first
            i += 3 if part[i] == "(" else 1
        if not part.startswith("(?=", i):
            return None
        end = _group(part, i)[0]
    except (_Unreadable, IndexError, ValueError):
        return None
    return part[i + 3 : end - 1]
