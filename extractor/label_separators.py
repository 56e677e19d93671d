"""separators(): where a label's separator (":", "?:" or "?") stands in a line, for `inline_labels`.

`SEPARATOR` is the rule. A line is asked for its separators several times (each line once per
reader), and most separators stand between plain ASCII characters, so they are read there by
comparing those characters, which answers exactly as the pattern does: `regex` pays thousands
of instructions a call. Around any other character the pattern itself is asked.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import NamedTuple

import regex

# A separator after a label: ":" (not a time "10:30" or a URL "https:"), "?:" or "?".
SEPARATOR = regex.compile(r"(?<=[\p{L})])\s?(?::(?![/\d])|\?:?(?=\s))")
# What `SEPARATOR` reads among ASCII characters: what may stand before it (\p{L} or ")"), its
# blank (\s: not the information separators \x1c-\x1f), a digit after a colon (\d)
_BEFORE = frozenset(string.ascii_letters + ")")
_BLANK = frozenset(" \t\n\v\f\r")
_NOT_AFTER_COLON = frozenset("/" + string.digits)


class Separator(NamedTuple):
    """One separator's place in the line (read as a match is: start(), end(), span())."""

    first: int
    stop: int

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.stop

    def span(self) -> tuple[int, int]:
        return (self.first, self.stop)


def _mark_end(text: str, at: int) -> int | None:
    """Where a separator with its mark at ``at`` ends, -1 where none can, or None where a character
    past ASCII decides (then the pattern is asked)."""
    after = text[at + 1:at + 2]
    if text[at] == ":":  # ":" not before "/" or a digit
        if not after:
            return at + 1
        if after < "\x80":
            return -1 if after in _NOT_AFTER_COLON else at + 1
        return None
    if not after:  # "?", then perhaps ":", then a blank
        return -1
    if after in _BLANK:
        return at + 1
    if after == ":":
        blank = text[at + 2:at + 3]
        if not blank:
            return -1
        if blank in _BLANK:
            return at + 2
        return -1 if blank < "\x80" else None
    return -1 if after < "\x80" else None


_ASK = Separator(-1, -1)  # what `_read` answers where a character past ASCII decides
# Separator(first, stop) built by the tuple's own constructor: the named tuple's ``__new__`` is a
# Python function that calls it, and every separator read pays that call (same tuple, same type)
_new_separator = tuple.__new__


def _read(text: str, at: int, end: int) -> Separator | None:
    """The separator whose mark is at ``at`` (none before ``end``) read from ASCII characters:
    it, None where there is none, or `_ASK` where a character past ASCII decides."""
    before = text[at - 1] if at else ""
    if at > end and before.isspace():  # the blank before the mark
        if before not in _BLANK:
            return _ASK
        first = at - 1
        before = text[at - 2] if at >= 2 else ""
    else:
        first = at
    if not before:
        return None  # (nothing before it for the look-behind)
    if before >= "\x80":
        return _ASK
    if before not in _BEFORE:
        return None
    stop = _mark_end(text, at)
    if stop is None:
        return _ASK
    return _new_separator(Separator, (first, stop)) if stop >= 0 else None


def _asked(text: str, at: int, end: int) -> Separator | None:
    """The separator at the mark ``at`` where a character past ASCII decides (`_read` answered
    `_ASK`): the pattern itself is asked, from the blank before the mark where one stands past
    ``end`` (a ":" or "?" there was read as a mark of its own), else from the mark."""
    found = SEPARATOR.match(text, at - 1) if at > end and text[at - 1].isspace() else None
    if found is None:
        found = SEPARATOR.match(text, at)
    return None if found is None else _new_separator(Separator, found.span())


def separators(text: str) -> Iterator[Separator]:
    """The matches `SEPARATOR.finditer` gives, found faster: a separator starts at its ":" or
    "?" or at the one blank before it, so it is read only there (in the same order, and none
    before the last one's end), not at every offset of the line."""
    end = 0
    colon, question = text.find(":"), text.find("?")  # (str.find: a plain scan costs far less than a pattern's)
    while colon >= 0 or question >= 0:
        if question < 0 or 0 <= colon < question:  # the nearer mark, then the next of its kind
            at, colon = colon, text.find(":", colon + 1)
        else:
            at, question = question, text.find("?", question + 1)
        if at < end:
            continue
        sep = _read(text, at, end)
        if sep is _ASK:
            sep = _asked(text, at, end)
        if sep is not None:
            yield sep
            end = sep.stop


def has_separator(text: str) -> bool:
    """Whether a separator stands in ``text`` (every one has a ":" or a "?": most texts, none).

    ``next(separators(text), None) is not None``, without the generator: before the first
    separator nothing is passed over, so one stands wherever any mark reads as one."""
    if ":" not in text and "?" not in text:
        return False
    for mark in ":?":
        at = text.find(mark)
        while at >= 0:
            sep = _read(text, at, 0)
            if sep is _ASK:
                sep = _asked(text, at, 0)
            if sep is not None:
                return True
            at = text.find(mark, at + 1)
    return False
