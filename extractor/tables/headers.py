"""A table's header: the line (or the run of lines, one name to a line) whose cells are column
names, and the field each name gives its column. Column names are data (``[tables]`` in
words.toml), then the lexicon's own labels and guesses; a header is only a table's when it
names enough columns, and among them what the decisions are about."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import regex

from ..document import Document
from ..lexicon import Lexicon, normalise_label
from ..values import parse_bool
from .cells import cell_spans, line_text
from .model import CHOOSE, Column

REFERENCE = "reference"  # a column of record numbers: kept with its entry, no field's value
MIN_COLUMNS = 3  # fewer named cells than this is a label and its value, not a table's header
MAX_COLUMN_WORDS = 6  # a column name is short
MAX_HEADER_WORDS = 4 * 8  # a header's column names, run together, are at most this many words
_GLUED = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")  # cells a flattened header glued together
_ASCII_GLUE = re.compile("[a-z][A-Z]")  # `_GLUED`'s places in an ASCII text (Python's re: a plain scan)
_ASIDE = regex.compile(r"\s*\([^()]{1,40}\)")
_FORM_CELL = frozenset({"label", "value"})  # a layout's hints for a form's cells


def column_field(name: str, lexicon: Lexicon, *, guess: bool = True) -> str | None | Literal[False]:
    return field_of_column(name, lexicon, guess)


@lru_cache(maxsize=4096)
def field_of_column(name: str, lexicon: Lexicon, guess: bool) -> str | None | Literal[False]:
    """The field a column name gives its cells: a field, None (a reference or an unknown column),
    or False when the name is no column's name at all (``guess``: also names read by their words).
    Called directly, positionally, in the loops that ask it of every line or word run (one call,
    where `column_field` adds a second)."""
    key = normalise_label(name)
    if not key or len(key.split()) > MAX_COLUMN_WORDS or any(c.isdigit() for c in name):
        return False  # "2017 Decisions" heads a year's table, it names no column
    known = lexicon.words.table_columns.get(key)
    if known is not None:
        return None if known == REFERENCE else known
    entry = lexicon.lookup(name, approximate=False) or (lexicon.guess(name) if guess else None)
    if entry is not None and entry.kind == "field" and entry.field:
        return entry.field
    return False


def _columns(names: list[str], lines: list[tuple[int, ...]], lexicon: Lexicon) -> tuple[Column, ...] | None:
    fields = [column_field(n, lexicon) for n in names]
    named = [f for f in fields if f is not False]
    if len(named) < MIN_COLUMNS or len(named) < 0.75 * len(fields):
        return None
    kinds = {f for f in named if f is not None}
    if len(kinds) < 2 or not kinds & {"title", "decision", CHOOSE, "purpose"}:
        return None  # a table of decisions names what each is about
    return tuple(Column(n, f if isinstance(f, str) else None, ls) for n, f, ls in zip(names, fields, lines))


def horizontal_header(document: Document, i: int, lexicon: Lexicon) -> tuple[Column, ...] | None:
    text = line_text(document, i)
    names: list[str] | None = None
    if "\t" in text or "|" in text or "  " in text or "\xa0" in text:
        spans = cell_spans(document, i)
        if len(spans) >= MIN_COLUMNS:
            names = [document.text[s:e].strip(" |") for s, e in spans]
    if names is None:  # no cell breaks, or too few: the names ran together
        names = run_together_names(text, lexicon)
    return None if names is None else _columns(names, [(i,)] * len(names), lexicon)


def run_together_names(text: str, lexicon: Lexicon) -> list[str] | None:
    """Column names a flattened header ran together with single spaces ("Ref Decision Decision
    taker Date Status"): the fewest known names that cover every word, or None."""
    if text.endswith((":", ".")):
        return None  # (an aside is cut only where a bracket closes: the text ends so after it too)
    if "(" in text:
        text = _ASIDE.sub("", text)  # "Linked Documents (if applicable)": an aside in a column's name
    known = lexicon.label_words
    # Most lines are no header: they are turned away by their words as printed, before any glued
    # word is cut. A word with no glued name in it is a name's word itself, and cutting glued words
    # only adds words, so these are the tests below on fewer calls.
    spaced = text.split()
    if len(spaced) > MAX_HEADER_WORDS:
        return None
    for w in spaced:
        # (an ASCII word with no capital after its first letter has no glued name: no search)
        if normalise_label(w) not in known and ((w.isascii() and w[1:].islower()) or _GLUED.search(w) is None):
            return None
    # "Decision TitleDecision SummaryDate Authorised"; in an ASCII text `_GLUED` cuts only where a
    # small letter meets a capital, and with none the words are those printed (no regex's sub)
    glued = not text.isascii() or _ASCII_GLUE.search(text) is not None
    words = _GLUED.sub(" ", text).split() if glued else spaced
    if not MIN_COLUMNS <= len(words) <= MAX_HEADER_WORDS or text.endswith((":", ".")):
        return None
    if glued and any(normalise_label(w) not in known for w in words):
        return None  # (words as printed were each tested above: only cut words are new)
    # best[end]: the fewest names that cover the first ``end`` words; of as few, the one whose last
    # name is shortest. A name that cannot give fewer than the best found so far is not looked up.
    best: list[list[str] | None] = [None] * (len(words) + 1)
    best[0] = []
    for end in range(1, len(words) + 1):
        found: list[str] | None = None
        for start in range(end - 1, end - 1 - MAX_COLUMN_WORDS if end > MAX_COLUMN_WORDS else -1, -1):
            before = best[start]
            if before is None or (found is not None and len(before) + 1 >= len(found)):
                continue
            name = " ".join(words[start:end])
            if field_of_column(name, lexicon, False) is not False:
                found = [*before, name]
        best[end] = found
    return best[-1]


def vertical_header(document: Document, i: int, lexicon: Lexicon, *,
                     hinted: bool = False) -> tuple[Column, ...] | None:
    """Column names one to a line from line i. A line a layout styled as a label ends the header
    (a form's label cell) unless ``hinted``: a web page that sets its header cells in bold."""
    names: list[str] = []
    lines: list[tuple[int, ...]] = []
    j = i
    while j < len(document.lines):
        text = line_text(document, j)
        if not text and names and j + 1 < len(document.lines) and line_text(document, j + 1):
            j += 1  # a header cell left empty
            continue
        if names and names[-1].endswith("?") and parse_bool(text, words=lexicon.words).value is not None:
            break  # "Is this a key decision?" / "No": a form's question and its answer, no columns
        if (not text or text.endswith(":") or (not hinted and not document.lines[j].hints.isdisjoint(_FORM_CELL))
                or column_field(text, lexicon, guess=False) is False):
            break  # a form's label cell, or no column's name
        names.append(text)
        lines.append((j,))
        j += 1
    if len(names) < MIN_COLUMNS:
        return None
    return _columns(names, lines, lexicon)
