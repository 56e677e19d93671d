"""glue_places(): the places a stdlib `re` glue screen matches, found by `str.find`, for `inline_labels`.

`inline_labels.MAY_GLUE` (a capital between a letter, digit or ")" and a lower-case letter, any
non-ASCII character that may be a letter standing for each) is asked of every document's whole
text, and `re` pays ~90 instructions a character for it. Here each character is turned into its
class at C speed (ASCII bytes, then one table), and the three-character runs that match are
literals found by `bytes.find`: a few instructions a character. Exact among ASCII characters;
around a non-ASCII character that may be a letter, that character and both its neighbours are
given (more places than the screen's: the screen's only answer is where a line need not be read).
"""

from __future__ import annotations

import re
import string

# each ASCII character's class: "U" a capital, "l" a lower-case letter, "d" a digit or ")" (what
# may stand before a capital with it), "?" what `encode` puts for a non-ASCII character, " " the rest
_CLASS_OF = {**dict.fromkeys(string.ascii_uppercase, "U"), **dict.fromkeys(string.ascii_lowercase, "l"),
             **dict.fromkeys(string.digits + ")", "d"), "?": "?"}
_CLASSES = bytes(ord(_CLASS_OF.get(chr(c), " ")) for c in range(256))
_QUESTION = ord("?")


def glue_places(text: str, maybe_letter: re.Pattern[str]) -> list[int]:
    """The sorted offsets of ``text`` that hold every place the glue screen matches (``maybe_letter``
    matches a non-ASCII character the screen's classes hold: it, and its neighbours, are given)."""
    classes = text.encode("ascii", "replace").translate(_CLASSES)  # (one byte a character)
    # a capital after a blank or a sign opens a word and is no place: what is left of "U" before "l"
    # follows a capital, a lower-case letter, a digit or ")" (or a "?": read below), or opens the text
    classes = classes.replace(b" U", b" x")
    places: set[int] = set()
    at = classes.find(b"Ul", 1)
    while at >= 0:
        if classes[at - 1] != _QUESTION:
            places.add(at)
        at = classes.find(b"Ul", at + 1)
    at = -1 if text.isascii() else classes.find(b"?")  # a "?" of the text, or a character past ASCII
    while at >= 0:
        if maybe_letter.match(text, at):
            places.update(range(max(at - 1, 0), min(at + 2, len(text))))
        at = classes.find(b"?", at + 1)
    return sorted(places)
