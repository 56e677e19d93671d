"""Sound cheap rejections for regex searches (issue 29): the literals a pattern cannot match
without.

`required_literals` (`pattern_text`, the reader of a pattern's text) reads them (one of them is in
every match); where none occurs, the pattern cannot match and its search is skipped. They are
found with str.find in the text lower-cased, which for an ASCII literal finds exactly what `regex`
ignoring case would, but for "İ", "ı" and "ſ" (a text with one, or a literal beyond ASCII, is read
by `regex` itself). `Hits` answers for one text and its stretches (the sentence rules searched
paragraph by paragraph); `found_in` asks an alternation branch by branch, by every set of literals
a branch needs and the words it opens the text with (`branch_needs`, `pattern_text.openings`);
`pattern_screen` one line; `can_match` one document; `FirstChars` reads an anchored alternation
by the text's first character.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

# (the pattern's reader; GLOBAL_FLAGS, needed_sets and required_literals are read from here too)
from .pattern_text import GLOBAL_FLAGS as GLOBAL_FLAGS
from .pattern_text import META, MIN_LITERAL, Unreadable, alternation, branch_spans, group_inside, least_count, openings, read_group
from .pattern_text import needed_sets as needed_sets
from .pattern_text import required_literals as required_literals


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
        # to that letter, but for "İ", "ı" and "ſ" (`folded`: a text with one is read by `search`)
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
        # place `regex` would match an ASCII literal ignoring case but for "ı" and "ſ" (`folded`)
        self.lowered: str | None = folded(text)
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
    __slots__ = ("search", "match", "keys", "needs", "openings")

    def __init__(self, compiled: Any, literal: Literal | None, part: str):
        self.search = compiled.search
        self.match = compiled.match
        # ASCII or caseless literals, found in the lower-cased text; None: no test, search it
        self.keys = literal.keys if literal is not None and literal.keys is not None else None
        # every set of them the branch needs, the cheapest first (`found_in`): most texts lack
        # every branch, and a set of two long keys refuses one for two tests where the best
        # literal of `required_literals` may take six; and the words one of which the text opens
        # with where the branch opens with "^" and plain words (`pattern_text.openings`: "^(?:the )?
        # following" opens with "following" or "the following"). (`found_in` looks in the text
        # lower-cased: only for a branch that ignores case.)
        folded = bool(compiled.flags & regex.IGNORECASE)
        self.needs = branch_needs(part, compiled.flags, self.keys) if folded else ()
        self.openings = openings(part, compiled.flags) if folded else None


def branch_needs(part: str, flags: int, best: tuple[str, ...] | None) -> tuple[tuple[str, ...], ...]:
    """Each set of keys (`Literal`) of which every match of the branch ``part`` holds one (a
    branch written as one group, "(?:...)", read inside it), a key holding another of its set
    left out (where it stands, so does the other), as is a key twice ("Authority" and "AUTHORITY"
    lower-cased) and a set of blanks (it refuses nearly nothing); the sets with fewest keys
    first. () when none is read."""
    read: list[tuple[str, ...]] = [best] if best is not None else []
    try:
        if part.startswith("(?:") and not GLOBAL_FLAGS.search(part) and read_group(part, 0)[0] == len(part):
            branches, _ = alternation(part, 3)
            read += branches[0] if len(branches) == 1 else []
        else:
            read += needed_sets(part) or []
    except (Unreadable, IndexError, ValueError):
        pass
    needs: list[tuple[str, ...]] = []
    for needed in read:
        keys = Literal(needed, flags).keys if needed and all(x.strip() for x in needed) else None
        if keys is not None:
            keys = tuple(dict.fromkeys(k for k in keys if not any(o in k and o != k for o in keys)))
            if keys not in needs:
                needs.append(keys)
    # fewer keys first, and of as many the longer (a short key, "the", stands in most texts)
    return tuple(sorted(needs, key=lambda keys: len(keys) / min(map(len, keys))))


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
            found = tuple(_Branch(regex.compile(part, flags), literal_finder(part, flags, 1), part) for part in parts)
    if len(_BRANCHES) > 256:
        _BRANCHES.clear()
    _BRANCHES[key] = found
    return found


def _top_level_bars(pattern: str) -> list[int]:
    """Where the ``|`` that part a pattern's top-level branches stand ([] when there are none, or
    the pattern cannot be read)."""
    try:
        branches, end = alternation(pattern, 0)
        if end != len(pattern) or len(branches) < 2:
            return []
        spans = branch_spans(pattern, 0, len(pattern))
    except (Unreadable, IndexError, ValueError):
        return []
    return [bar for _, bar in spans[:-1]] if len(spans) == len(branches) else []


# The last text `found_in` read and its lower-cased form ("" where it is not to be read so).
# One tuple, read and replaced whole (threads share it).
_LAST_LOWERED: list[tuple[str | None, str]] = [(None, "")]


def found_in(compiled: Any, text: str, *, anchored: bool = False) -> bool:
    """``bool(compiled.search(text))`` (``anchored``: ``.match``), branch by branch: a branch
    whose needed literals are not in the text is not tried. The same answer, since an alternation
    matches where one of its branches does; much less scanning where most branches' words are
    absent (a long paragraph and a dozen cues)."""
    branches = _branches(compiled.pattern, compiled.flags)
    if branches is None:
        return bool(compiled.match(text) if anchored else compiled.search(text))
    last_text, lowered = _LAST_LOWERED[0]
    if last_text is not text:  # (a paragraph is asked for several cues in a row: lower-cased once)
        lowered = folded(text) or ""  # ("": every branch is tried)
        _LAST_LOWERED[0] = (text, lowered)
    if not lowered:  # every branch is searched
        return any(branch.match(text) if anchored else branch.search(text) for branch in branches)
    for branch in branches:
        opens = branch.openings
        if opens is not None and not lowered.startswith(opens):
            continue  # it opens the text with words the text does not open with
        for keys in branch.needs:  # (loops, not any(): this runs for every branch of every text)
            for key in keys:
                if key in lowered:
                    break
            else:
                break  # none of a set of its needed literals: it cannot match
        else:  # (every set of its needed literals stands in the text)
            if branch.match(text) if anchored else branch.search(text):
                return True
    return False


def folded(text: str) -> str | None:
    """``text`` lower-cased for a literal test; None when it holds a character `regex` matches to
    an ASCII letter ignoring case that does not lower-case to that letter alone: "İ" (to "i",
    lower-cased to two characters), "ı" (to "I") and "ſ" (to "s"); the only three in Unicode,
    checked by `tests/test_speed_lexicon.py`. A text with one is read by `regex` itself."""
    return None if "İ" in text or "ı" in text or "ſ" in text else text.lower()


class FirstChars:
    """``bool(compiled.match(text))`` for an alternation whose branches mostly start with a fixed
    character ("^(?:home|you are here)...", "^page..."): only the branches that can start with the
    text's first character are tried, and of those only the ones whose plain opening words the text
    opens with (`pattern_text.openings`), and those that can start anywhere only where their needed
    literals are. The same answer (an alternation matches where a branch does), for less."""

    __slots__ = ("whole", "folded", "by_first", "anywhere")

    def __init__(self, compiled: Any):
        self.whole = compiled.match
        self.folded = bool(compiled.flags & regex.IGNORECASE)
        parts = _branches(compiled.pattern, compiled.flags) if not compiled.flags & regex.VERBOSE else None
        starts: list[tuple[tuple[Any, tuple[str, ...] | None, tuple[str, ...] | None], frozenset[str] | None]] = []
        for branch, part in zip(parts or (), _parts(compiled.pattern) if parts else ()):
            keys = _first_keys(part, self.folded)
            # a branch that starts anywhere is tried only where its needed literals are (or those
            # of a lookahead it opens with: "(?=.*\s[>›»]\s...)" needs one of ">›»")
            needs = branch.keys if keys is None else None
            if keys is None and needs is None and (ahead := _lookahead(part)) is not None:
                literal = literal_finder(ahead, compiled.flags, 1)
                needs = _DIGITS if ahead == r"\D*\d" else literal.keys if literal is not None else None
            # (lower-cased: read only for a branch that ignores case, as `_Branch.openings`)
            opens = openings(part, compiled.flags) if self.folded else None
            starts.append(((branch.match, needs, opens), keys))
        self.anywhere = tuple(b for b, keys in starts if keys is None)
        self.by_first: dict[str, tuple[tuple[Any, tuple[str, ...] | None, tuple[str, ...] | None], ...]] | None = None
        # (under full case folding "ß" matches "ss" and "ﬁ" "fi": a first character says nothing)
        if parts and not compiled.flags & (regex.FULLCASE | regex.VERSION1):
            self.by_first = {}
            for key in sorted({k for _, keys in starts if keys for k in keys}):
                self.by_first[key] = tuple(b for b, keys in starts if keys is None or key in keys)

    def match(self, text: str) -> bool:
        first = text[:1]
        if self.by_first is None or first in "İıſ":  # ("" too): these are read by `regex` itself (`folded`)
            return bool(self.whole(text))
        tried = self.by_first.get(first.lower() if self.folded else first, self.anywhere)
        lowered: str | None = None
        for match, keys, opens in tried:
            if keys is not None or opens is not None:  # (only these have words worth a test)
                if lowered is None:
                    lowered = folded(text) or ""
                if lowered:
                    if opens is not None and not lowered.startswith(opens):
                        continue  # it opens the text with words the text does not open with
                    if keys is not None and (keys is not _DIGITS or text.isascii()):  # (\d beyond ASCII: more digits)
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
    except (Unreadable, IndexError, ValueError):
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
        inner = group_inside(p, i)
        if inner is None:
            return None  # a lookaround or scoped flags
        end, _, opaque = read_group(p, i)
        if opaque or least_count(p, end) == 0:
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
        return set(members) if least_count(p, close + 1) > 0 else None
    if c == "\\":
        escaped = p[i + 1]
        return {escaped} if not escaped.isalnum() and least_count(p, i + 2) > 0 else None
    if c in META:
        return None
    return {c} if least_count(p, i + 1) > 0 else None


def _lookahead(part: str) -> str | None:
    """The text of the positive lookahead a branch opens with ("(?:^(?=...)..."), or None."""
    i = 0
    try:
        while part.startswith("(?:", i) or part.startswith("^", i):
            if part[i] == "(" and len(alternation(part, i + 3)[0]) > 1:
                return None  # a group of branches: a lookahead opens only its first
            i += 3 if part[i] == "(" else 1
        if not part.startswith("(?=", i):
            return None
        end = read_group(part, i)[0]
    except (Unreadable, IndexError, ValueError):
        return None
    return part[i + 3 : end - 1]
