"""A regex's text read for what every match of it needs (issue 29's cheap rejections, `prefilter`):
the literals one of which it holds, each set of them a one-branch pattern holds, the plain words
it must open the text with. A construct the reader does not follow leaves the pattern unread
(None): no rejection is claimed for it."""

from __future__ import annotations

from typing import Any

import regex

MIN_LITERAL = 3  # a shorter literal rejects too little to be worth its search
MAX_CLASS_CHARS = 8  # a class of at most this many plain characters needs one of them
META = frozenset("\\.^$*+?{}[]()|")
_FLAG_LETTERS = frozenset("aiLmsuxVbefpw-^0123456789")
GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z0-9^-]+\)")  # "(?x)", "(?i)", "(?V1)": flags that change how the text reads
_COUNTED = regex.compile(r"\{(?=[\d,])(\d*)(?:,\d*)?\}")  # "{2}", "{0,3}", "{,3}", "{2,}": a counted quantifier ("{}" is a literal)


class Unreadable(Exception):
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
        branches, end = alternation(pattern, 0)
    except (Unreadable, IndexError, ValueError):
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


def alternation(p: str, i: int) -> tuple[list[list[tuple[str, ...]]], int]:
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
            i = class_end(p, i, refuse_nested=True)
            members = p[start:i]
            quantifier = p[i + 1 : i + 2]
            i = _skip_quantifier(p, i + 1)
            if (quantifier not in ("?", "*", "{") and members and len(members) <= MAX_CLASS_CHARS
                    and not set(members) & set("^\\[") and "-" not in members[1:-1]):
                needed.append(tuple(dict.fromkeys(members)))  # "[>›»]": one of these characters
            continue
        if c == "(":
            cut()
            i, inner, opaque = read_group(p, i)
            if p[i : i + 1] == "+":
                i = _skip_quantifier(p, i)
            elif p[i : i + 1] in ("?", "*", "{"):
                opaque = True  # it may be absent
                i = _skip_quantifier(p, i)
            if not opaque and inner is not None:
                needed.append(inner)
            continue
        if c in "?*+{":
            raise Unreadable  # a quantifier with nothing before it
        if c in META:  # ".", "^", "$", a stray "]" or "}"
            cut()
            i = _skip_quantifier(p, i + 1)
            continue
        run.append(c)
        i = _quantified(p, i + 1, run, needed, cut)
    cut()
    branches.append(needed)
    return branches, i


def class_end(p: str, i: int, *, refuse_nested: bool = False) -> int:
    """Where the character class opening at ``p[i]`` ("[") closes: the index of its "]". A "]"
    first (after a "^" or not) is a member, an escaped character is skipped; ``refuse_nested``
    raises `Unreadable` at a "[" inside (regex's set operations), where a reader of members must
    stop. An unclosed class raises IndexError, as a pattern that does not compile."""
    i += 1
    if p[i] == "^":
        i += 1
    if p[i] == "]":
        i += 1
    while p[i] != "]":
        if refuse_nested and p[i] == "[":
            raise Unreadable  # a nested class
        i += 2 if p[i] == "\\" else 1
    return i


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


def least_count(p: str, i: int) -> int:
    """How many times the quantifier at ``i`` keeps what stands before it, at least: 0 for "?",
    "*", "{0,3}" and "{,3}"; n for "{n}" and "{n,m}"; 1 for "+" and where no quantifier stands (a
    brace that is no counted quantifier, "{x}" or "{}", is a literal). The one reading of a quantifier's
    least count: `prefilter` asks it of what a match needs, `pattern_screen` of what it opens with.

    >>> [least_count(p, 1) for p in ("a?", "a+", "a{0,2}", "a{01}", "a{,2}", "a{,}", "a{x}", "a{}", "ab")]
    [0, 1, 0, 1, 0, 0, 1, 1, 1]
    """
    q = p[i : i + 1]
    if q in ("?", "*"):
        return 0
    if q == "{":
        counted = _COUNTED.match(p, i)
        if counted is not None:
            return int(counted.group(1) or 0)
    return 1


def _skip_quantifier(p: str, i: int) -> int:
    if p[i : i + 1] in ("?", "*", "+"):
        i += 1
    elif p[i : i + 1] == "{":
        counted = _COUNTED.match(p, i)
        if counted is None:
            raise Unreadable  # a brace that is no quantifier
        i = counted.end()
    else:
        return i
    if p[i : i + 1] in ("?", "+"):  # lazy or possessive
        i += 1
    return i


def read_group(p: str, i: int) -> tuple[int, tuple[str, ...] | None, bool]:
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
                raise Unreadable
            opaque = p[i + 1 : close] != "-i"  # other flags may read its literals otherwise (case kept: still needed)
            i = close + 1
        else:
            raise Unreadable  # a conditional, a backreference, a branch reset ...
    branches, i = alternation(p, i)
    if p[i : i + 1] != ")":
        raise Unreadable
    return i + 1, None if opaque else _any_of(branches), opaque


MAX_OPENINGS = 32  # a branch read as more openings than this is left unread (None)
MAX_TOKENS = 64  # a branch's opening is read as far as this many runs and groups
_STOP = None  # what a branch's opening words end at: a class, an escape, a quantifier, a lookaround ...


def openings(part: str, flags: int) -> tuple[str, ...] | None:
    """The plain texts one of which every match of the branch ``part`` opens the text with, read
    through groups of branches and groups that may be absent
    ("^(?:(?:key|officer)\\s+)?decision" opens with "decision", "key" or "officer"); the shorter of
    two where one opens the other; lower-cased under IGNORECASE (where a letter beyond ASCII ends
    what is read). None where a match may open otherwise: a branch of ``part`` not anchored by "^",
    an opening that may be empty, MULTILINE, VERBOSE, flags in the pattern, full case folding ("ss"
    matching "ß")."""
    folded = bool(flags & regex.IGNORECASE)
    if (flags & (regex.MULTILINE | regex.VERBOSE) or GLOBAL_FLAGS.search(part)
            or (folded and flags & (regex.FULLCASE | regex.VERSION1))):
        return None
    try:
        inner = part[3:-1] if part.startswith("(?:") and read_group(part, 0)[0] == len(part) else part
        found: list[str] = []
        for start, end in branch_spans(inner, 0, len(inner)):
            if not inner.startswith("^", start):
                return None
            found += _expand(_tokens(inner, start + 1, end, folded))
    except (Unreadable, IndexError, ValueError):
        return None
    if not found or "" in found:
        return None
    kept = sorted(set(found))  # (a text that opens with one also opens with any shorter it starts with)
    return tuple(x for x in kept if not any(x != y and x.startswith(y) for y in kept))


def branch_spans(p: str, i: int, end: int) -> list[tuple[int, int]]:
    """The spans of the branches of ``p[i:end]`` (a group's inside, or the whole pattern)."""
    spans, start = [], i
    while i < end:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = class_end(p, i)
        elif c == "(":
            i = read_group(p, i)[0]
            continue
        elif c == "|":
            spans.append((start, i))
            start = i + 1
        i += 1
    if i != end:
        raise Unreadable
    return [*spans, (start, end)]


def _tokens(p: str, i: int, end: int, folded: bool) -> list[Any]:
    """One branch from ``i`` to ``end`` as what `_expand` reads: plain characters, groups (their
    branches' tokens, and whether the group may be absent), and `_STOP` where reading ends."""
    tokens: list[Any] = []
    while i < end:
        if len(tokens) >= MAX_TOKENS:
            break  # (what was read is a prefix every match still opens with)
        c = p[i]
        if c == "(":
            close = read_group(p, i)[0]
            inside = group_inside(p, i, atomic=True)
            if inside is None:
                break  # a lookaround, scoped flags, a comment ...
            quantifier = p[close : close + 1]
            if quantifier in ("*", "{"):
                break
            branches = [_tokens(p, a, b, folded) for a, b in branch_spans(p, inside, close - 1)]
            if quantifier == "+":  # at least once: it opens what follows
                tokens.append((branches, False))
                break
            tokens.append((branches, quantifier == "?"))
            i = _after_quantifier(p, close) if quantifier == "?" else close
            continue
        if c in META or (folded and not c.isascii()):
            break
        quantifier = p[i + 1 : i + 2]
        if quantifier in ("?", "*", "{"):
            break
        plain = c.lower() if folded else c
        if tokens and isinstance(tokens[-1], str):  # a run of plain characters is one token (`_expand`
            tokens[-1] += plain  # recurses once a token: a long run must not run it out of stack)
        else:
            tokens.append(plain)
        if quantifier == "+":
            break
        i += 1
    else:
        return tokens
    return [*tokens, _STOP]


def group_inside(p: str, i: int, *, atomic: bool = False) -> int | None:
    """Where the inside of the group opening at ``p[i]`` starts, for a group whose inside a match
    reads in place: "(", "(?:", "(?P<name>", and "(?>" where ``atomic`` (an atomic group matches
    what its inside matches first, which is all an opening asks; a first-character reader that
    does not follow backtracking leaves it unread). None for any other group: a lookaround, scoped
    flags, a comment."""
    if p.startswith("(?:", i) or (atomic and p.startswith("(?>", i)):
        return i + 3
    if p.startswith("(?P<", i):
        return p.index(">", i) + 1
    return i + 1 if p[i + 1 : i + 2] != "?" else None


def _after_quantifier(p: str, i: int) -> int:
    """After the "?" at ``i`` and its lazy or possessive mark."""
    return i + 2 if p[i + 1 : i + 2] in ("?", "+") else i + 1


def _expand(tokens: list[Any]) -> list[str]:
    """Each plain text a match of ``tokens`` may open with, as far as it is plain."""
    if not tokens or tokens[0] is _STOP:
        return [""]
    first, rest = tokens[0], tokens[1:]
    if isinstance(first, str):
        return [first + x for x in _expand(rest)]
    branches, optional = first
    found = [x for branch in branches for x in _expand(branch + rest)]
    if optional:
        found += _expand(rest)
    if len(found) > MAX_OPENINGS:
        raise Unreadable
    return found


# What keeps a pattern from reading the same as one branch of an alternation: a reference or call
# by a group's number or name (joining renumbers the groups), flags for the whole pattern, a
# conditional on a group ("(?(1)b|c)")
_JOINS_BADLY = regex.compile(r"\\(?:\d|[gk]<)|\(\?[a-zA-Z0-9^-]+\)|\(\?P[=>]|\(\?[(&+]")


def joined_alternation(patterns: tuple[Any, ...]) -> Any:
    """``patterns`` as one alternation, which matches where one of them does (one call instead of
    one a pattern), or None when they cannot be joined so: none, flags that differ or spread out
    the text, a pattern `_JOINS_BADLY` names."""
    flags = {p.flags for p in patterns}
    if (len(flags) != 1 or patterns[0].flags & regex.VERBOSE
            or any(_JOINS_BADLY.search(p.pattern) for p in patterns)):
        return None
    return regex.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)


# "(?-i:", "(?^": a part of a pattern that heeds case; a Unicode property, some of which heed case
# whatever the flags ("\p{Changes_When_Lowercased}" is "A" and never "a")
_CASE_TURNED = regex.compile(r"\(\?[a-zA-Z^]*[-^]|\\[pP]")


def ignores_case_throughout(compiled: Any) -> bool:
    """Whether ``compiled`` ignores case in all of it: it finds in an ASCII text what it finds in the
    text lower-cased (`regex` compares ASCII letters, classes and references case-blind so; a
    Unicode property may heed case, so a pattern with one is not read so)."""
    return bool(compiled.flags & regex.IGNORECASE) and not _CASE_TURNED.search(compiled.pattern)
