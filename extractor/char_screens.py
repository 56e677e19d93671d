"""Stdlib `re` screens that stand before `regex` patterns testing Unicode properties.

`regex` pays a few thousand instructions a call and tests each character's Unicode properties,
where the stdlib's `re` scans plain character classes far faster. A screen here matches
everywhere its pattern can (an ASCII letter or digit as the pattern needs it, any non-ASCII
character that may be a letter or a digit standing for whatever it may be), so a text the screen
passes over holds no match of the pattern either, and only the rest is read with `regex`.
"""

from __future__ import annotations

import re

# Non-ASCII characters that are no letter and no digit to `regex` (\p{Lu}, \p{Ll}, \d): Latin-1's
# marks and signs but "µ", general punctuation (quotes, dashes, bullets), currency signs, arrows,
# mathematical and technical signs, box drawing, shapes and dingbats ("☒", "♦"), private use (a
# word processor's bullet) and the byte order mark. Checked character by character against
# `regex` by tests/test_char_screens.py.
NO_LETTER_RANGES = ((0xA0, 0xB4), (0xB6, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7), (0x2000, 0x206F),
                    (0x20A0, 0x20CF), (0x2190, 0x2BFF), (0xE000, 0xF8FF), (0xFEFF, 0xFEFF))


def _other_non_ascii(skipped: tuple[tuple[int, int], ...]) -> str:
    """A `re` class body for every non-ASCII character outside the ``skipped`` ranges."""
    parts = []
    at = 0x80
    for first, last in skipped:
        if at < first:
            parts.append(f"{chr(at)}-{chr(first - 1)}")
        at = last + 1
    parts.append(f"{chr(at)}-{chr(0x10FFFF)}")
    return "".join(parts)


MAYBE_LETTER = _other_non_ascii(NO_LETTER_RANGES)  # non-ASCII characters that may be a letter or a digit

# Where inline_labels._GLUED_START may match, `(?<=[\d\p{Ll})])\p{Lu}(?=\p{Ll})|(?<=\p{Lu})\p{Lu}(?=\p{Ll})`:
# a capital between a letter, digit or ")" and a lower-case letter
MAY_GLUE = re.compile(f"[A-Z{MAYBE_LETTER}](?<=[0-9a-zA-Z){MAYBE_LETTER}].)(?=[a-z{MAYBE_LETTER}])")
# Where inline_labels._CELL_GLUE may match, `(?<=\p{Ll})[\p{Lu}\d]`: a capital or a digit after a lower-case letter
MAY_CELL_GLUE = re.compile(f"[A-Z0-9{MAYBE_LETTER}](?<=[a-z{MAYBE_LETTER}].)")

# White space to str.split() that `regex`'s \s is not (the information separators; checked by the
# tests): in a text without them, str.split() cuts the words `regex.compile(r"\S+")` finds
SPLIT_ONLY_SPACES = "\x1c\x1d\x1e\x1f"


def splits_as_regex(text: str) -> bool:
    """Whether str.split() cuts ``text`` into the words `regex`'s \\S+ finds."""
    return not any(c in text for c in SPLIT_ONLY_SPACES)
