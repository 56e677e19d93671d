"""normalise_label(): the one lookup key every printed form of a label folds to.

The data lists a label's semantic variants once; case, punctuation, articles, plurals,
"(s)" and bracketed asides are generalised here, so "Reasons for the Decision:" and "Reason(s)
for decision" are one dict key. Its own module because the lexicon (labels.toml) and the
vocabulary (words.toml) both key their labels by it, and neither should import the other for it.
"""

from __future__ import annotations

from functools import lru_cache

import regex

_ARTICLES = {"the", "a", "an", "any"}
_COPULAS = {"is", "are", "was", "were"}
_DROP = regex.compile(r"[:?.,;*\"'’‘“”!]+")
_SPACE_LIKE = regex.compile(r"[\-–—/_|\\]+")
_PARENS = regex.compile(r"\s*\([^()]*\)\s*")

_FOOTNOTE = regex.compile(r"i{1,3}|iv|vi{0,3}|ix|x|\*+|†+")  # a note's marker after a form's label
_FOOTNOTE_CHARS = frozenset("ivx*†")


def is_footnote(word: str) -> bool:
    """A note's marker after a form's label ("SUBJECT ii :", "DETAILS * :")."""
    return len(word) <= 4 and set(word) <= _FOOTNOTE_CHARS and bool(_FOOTNOTE.fullmatch(word))


@lru_cache(maxsize=8192)
def normalise_label(label: str, *, drop_parentheses: bool = False) -> str:
    """Fold a printed label to its lookup key.

    >>> normalise_label("Reasons for the Decision:")
    'reason for decision'
    >>> normalise_label("Reason(s) for decision")
    'reason for decision'
    >>> normalise_label("Implementation Date (not before):", drop_parentheses=True)
    'implementation date'
    >>> normalise_label("The reasons are:")  # a label written as a sentence's start
    'reason'
    """
    text = label.lower().replace("(s)", "s").replace("&", " and ")
    if drop_parentheses:
        text = _PARENS.sub(" ", text)
    text = _DROP.sub(" ", _SPACE_LIKE.sub(" ", text.replace("(", " ").replace(")", " ")))
    words = [_singular(w) for w in text.split() if w not in _ARTICLES]
    if len(words) > 1 and words[-1] in _COPULAS:  # "The source of funding is:", "Options ... are:"
        words.pop()
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
