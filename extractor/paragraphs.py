"""Rebuild paragraphs from value lines: join hard wraps, keep list items and real breaks apart.

Real notices wrap sentences mid-line and split paragraphs across page breaks; the contract
wants "paragraphs joined by a single new line, hard wraps inside a sentence joined".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import regex

from .document import Document
from .vocabulary import Words
from .sections import Piece

# A sentence's end: one of these, then only closing quotes and brackets (the regex
# [.!?:;]["'”’)\]]*$, read with string methods: `joins` asks it of every line a value wraps)
_STOPS = frozenset(".!?:;")
_CLOSERS = "\"'”’)]"
_MARKER_ONLY = regex.compile(r"^\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]$", regex.I)
MARKER_CHARS = 8  # the longest text `_MARKER_ONLY` can match: "(" and six numerals and "."
_LAST_WORD = regex.compile(r"([\p{L}']+)[\"”’]?$", regex.REVERSE)  # from the end: linear


class Paragraph(NamedTuple):
    """A paragraph of a value: its joined text, where it stands and the lines it came from. A
    named tuple, as `Line` is: one is built for every paragraph of every value."""

    text: str
    start: int
    end: int
    pieces: tuple[Piece, ...]
    list_item: bool


_POSSESSIVE_END = regex.compile(r"\w[’']s$", regex.REVERSE)  # a sentence never ends on a possessive


_PARAGRAPH_NUMBER = regex.compile(r"^\d{1,3}\.\d{1,3}\.?\s+\p{Lu}")  # "4.1. The Director ...": a minute's paragraph


_OPENS_WITH_LABEL = regex.compile(r"^[^:]{1,60}:\s")  # "Executive Decision No: D250022CAB": the next thing, no run-on
MIN_RUN_ON_WORDS = 4  # a sentence, not a value ("Yes and") or a heading
# Words a sentence never ends at (articles, prepositions, conjunctions): across a blank line too
_RUNS_ON_ACROSS_A_GAP = frozenset({"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and",
                                   "or", "that", "which", "whose", "into", "between", "than", "via"})


def joins(previous: str, following: str, *, blank_between: bool, following_is_item: bool,
          words: Words, wrapped: bool = False) -> bool:
    """Does ``following`` continue the paragraph that ``previous`` ends?

    >>> from extractor.lexicon import load_lexicon
    >>> w = load_lexicon().words
    >>> joins("the Secretary of", "State by 1st April", blank_between=False, following_is_item=False, words=w)
    True
    >>> joins("by 1st April 2009", "The Chief Executive", blank_between=False, following_is_item=False, words=w)
    False
    >>> joins("information and services", "electronically and", blank_between=True, following_is_item=False, words=w)
    True
    >>> joins("authority to the Executive Director, Delivery and the", "Executive Member for Finance", blank_between=True,
    ...       following_is_item=False, words=w)
    True
    """
    if following_is_item or (following[:1].isdigit() and _PARAGRAPH_NUMBER.match(following)):
        return False  # a list item, or a numbered paragraph ("4.1. The Director ..."), starts anew
    if wrapped and not blank_between:  # the layout reader saw the line run to the margin
        return True
    if len(previous) <= MARKER_CHARS and _MARKER_ONLY.match(previous):
        return True
    # (the text a "$" reads up to: a line break that ends the text is read past)
    ended = previous[:-1] if previous[-1:] == "\n" else previous
    terminal = ended.rstrip(_CLOSERS)[-1:] in _STOPS
    starts_lower = following[:1].islower()
    if blank_between:
        if terminal:
            return False
        if starts_lower:
            return True
        # "... to the Executive Director, Delivery and the" / "" / "Executive Member for ...": a
        # sentence never ends at such a word, whatever a page's blank lines say
        last = _LAST_WORD.search(previous)
        return (len(previous.split()) >= MIN_RUN_ON_WORDS and bool(last)
                and last.group(1).lower() in _RUNS_ON_ACROSS_A_GAP and not _OPENS_WITH_LABEL.match(following))
    if terminal:
        return False
    if starts_lower or following[:1].isdigit() or previous.endswith((",", "-", "–", "&")):
        return True
    if (ended.endswith(("’s", "'s")) and _POSSESSIVE_END.search(previous)) or (
            following[:1] == "(" and not words.list_item.match(following)):
        return True  # "... from the Children’s" / "Services Capital Budget"; "... Orders" / "(TROs) advertised"
    last = _LAST_WORD.search(previous)
    return bool(last) and last.group(1).lower() in words.joining_words


def build_paragraphs(document: Document, pieces: Sequence[Piece | None], words: Words, *,
                     first_item: bool = True) -> list[Paragraph]:
    """Group value pieces into paragraphs (None in ``pieces`` marks a blank line). ``first_item``
    False: the first paragraph's ``list_item`` is its line's mark alone, the list pattern not
    asked (its own grouping never reads it; a labelled section's readers ask it only of the
    paragraphs below the first, `endings`: one regex call spared a section)."""
    if not pieces:  # (a label with no value: about one section in ten)
        return []
    only = pieces[0] if len(pieces) == 1 else None
    if only is not None:  # most sections' values are one line: its one paragraph, as the loop below makes it
        text = document.text[only.start : only.end].strip()
        if not text:
            return []
        item = document.lines[only.line].is_list_item or (first_item and bool(words.list_item.match(text)))
        return [_new(Paragraph, (" ".join(text.split()), only.start, only.end, (only,), item))]
    groups: list[list[Piece]] = []
    items: list[bool] = []
    firsts: list[str] = []  # each group's first piece, stripped: a one-piece paragraph's words
    blank = False
    previous = ""
    previous_line = -1
    full, lines, list_item = document.text, document.lines, words.list_item.match  # (read once, not per piece)
    for piece in pieces:
        if piece is None:
            blank = True
            continue
        text = full[piece.start : piece.end].strip()
        if not text:
            blank = True
            continue
        is_item = lines[piece.line].is_list_item or ((first_item or bool(groups)) and bool(list_item(text)))
        wrapped = previous_line >= 0 and "wrapped" in lines[previous_line].hints
        if groups and joins(previous, text, blank_between=blank, following_is_item=is_item, words=words,
                            wrapped=wrapped):
            groups[-1].append(piece)
        else:
            groups.append([piece])
            items.append(is_item)
            firsts.append(text)
        previous = text
        previous_line = piece.line
        blank = False
    # a one-piece paragraph's text is its stripped piece single-spaced (`_join_text`, whose
    # split() the strip does not change), without cutting the piece from the text again
    return [
        _new(Paragraph, (" ".join(first.split()) if len(group) == 1 else _join_text(document, group, words),
                         group[0].start, group[-1].end, tuple(group), item))
        for group, item, first in zip(groups, items, firsts)
    ]


_new = tuple.__new__  # a Paragraph as Paragraph(...) builds it, without its Python-level __new__


def _join_text(document: Document, pieces: Sequence[Piece], words: Words) -> str:
    if len(pieces) == 1:  # most paragraphs are one line: its words, single-spaced
        return " ".join(document.text[pieces[0].start : pieces[0].end].split())
    parts: list[str] = []
    previous: Piece | None = None
    for piece in pieces:
        part = " ".join(document.text[piece.start : piece.end].split())
        last = parts[-1] if parts else ""
        if last.endswith("-") and len(last) > 1 and last[-2].isalpha() and part[:1].islower():
            stem = _LAST_WORD.search(last[:-1])
            wrapped = previous is not None and "wrapped" in document.lines[previous.line].hints
            if wrapped and not (stem and stem.group(1).lower() in words.hyphen_prefixes):
                parts[-1] = last[:-1] + part  # "transfor-" + "mation": a hyphen the line break made
            else:
                parts[-1] = last + part  # "co-" + "operate": a compound split at the line end
        else:
            parts.append(part)
        previous = piece
    return " ".join(p for p in parts if p)
