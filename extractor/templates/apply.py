"""Read a document through a template: its labels are the lexicon's for this document, its
furniture lines are page chrome (kept in other_sections, never a title or a value).

Nothing in the core stages changes: the template arrives as data they already read, a
lexicon with the template's labels added (a label the template maps to another field than the
bundled lexicon wins, as a user's correction should) and line hints ("furniture", "label").
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

import regex

from ..document import Document, Line
from ..lexicon import LabelEntry, Lexicon, Words, normalise_label
from .model import OTHER_FIELD, Template, line_key
from .rows import MAX_ROW_WORDS

MAX_WRAPPED_LINES = 2  # lines a flattened table's row wraps onto before the next row; more is text after it
MIN_ROW_WORDS = 2  # a furniture line's first word alone is no row label ("Decision Rating" / "Decision Category")
_LABEL_WORD = regex.compile(r"[^\W\d_][\w'-]*")


@lru_cache(maxsize=64)
def template_lexicon(lexicon: Lexicon, template: Template) -> Lexicon:
    """``lexicon`` with the template's labels: a copy, the shared one is never changed."""
    entries = dict(lexicon.entries)
    wraps = {normalise_label(x) for x in template.wraps}
    rows = {normalise_label(x) for x in template.run_in}
    for label, field in template.labels:
        key = normalise_label(label)
        if not key:
            continue
        shape = lexicon.shape_of(field)
        if shape == "line" and key in wraps:
            shape = "block"  # its value wraps over lines here: the template's next label ends it
        if field == OTHER_FIELD:
            if key not in entries:  # a label of no field never hides a known one; a row's value is its line
                entries[key] = LabelEntry("other", None, "line" if key in rows else "block")
            continue
        old = entries.get(key)
        if old is not None and old.kind == "field" and old.field == field and old.shape == shape:
            continue
        # a label found in the run whose field its words gave is a guess: the general reader makes
        # the same guess where it reads a label ("Decision published: ..."), and a line of the label
        # alone is marked a label (its hint) and guessed there too; as an entry it would pass for
        # a label the lexicon knows (a form proved by one more known label reads otherwise)
        if template.source == "run" and old is None:
            guess = lexicon.guess(label)
            if guess is None or guess.field != field:  # its field came from what its notices print under it
                entries[key] = LabelEntry("field", field, shape, lexicon.joins(field), weak=True, guessed=True, learned=True)
            continue
        entries[key] = LabelEntry("field", field, shape, lexicon.joins(field))
    return lexicon.taught(entries, _key_categories(lexicon.words, template.key_categories)
                          if template.key_categories else None)


def _key_categories(words: Words, taught: tuple[tuple[str, bool], ...]) -> Words:
    """The words with the template's categories added to those that say a decision is key, or not
    ("Decision Category: Executive" where a reviewer said such a decision is not key)."""
    def extended(rx: Any, key: bool) -> Any:
        values = [regex.escape(" ".join(c.lower().split())) for c, k in taught if k is key]
        return rx if not values else regex.compile(f"(?:{rx.pattern})|^(?:{'|'.join(values)})$", rx.flags | regex.IGNORECASE)

    return dataclasses.replace(words, key_category_true=extended(words.key_category_true, True),
                               key_category_false=extended(words.key_category_false, False))


def read_through(document: Document, lexicon: Lexicon, template: Template,
                 keys: tuple[str, ...] | None = None) -> tuple[Document, Lexicon]:
    """The document with the template's lines marked, and the lexicon to read it with; ``keys``:
    the key of each of its lines (`match.printed`), when worked out already."""
    furniture, labels, run_in, rows, run_in_keys = _shape(template)
    if keys is None:
        keys = tuple(line_key(document.text[ln.content_start:ln.end]) for ln in document.lines)
    lines: list[Line] = []
    changed = False
    template_keys = labels | furniture
    wrapping = 0  # lines still to mark as running on from the line before (a row's value wrapped)
    for n, line in enumerate(document.lines):
        content = document.text[line.content_start:line.end]
        key = keys[n]
        # a template's labels; its furniture, and lines of punctuation alone (a flattened table's
        # "|" or ":" between a label and its value) are never a value
        punctuation = bool(content.strip()) and not any(c.isalnum() for c in content)
        if punctuation and key not in furniture:
            # a table's rule or cell separator ("|" between a label and its value) reads as the blank
            # it stands for: the label's value is the line after it
            lines.append(line._replace(content_start=line.end))
            changed = True
            continue
        hint = "label" if key in labels else "furniture" if key in furniture else None
        if hint == "label" and key in run_in_keys and content.rstrip().endswith(":"):
            hint, key = "furniture", ""  # "Decision details:" over a table whose row is "Decision Details ...": a heading
        if hint is None and run_in:  # a label or furniture line is never cut
            # a line that opens a furniture line ("Brockhurst District Council" where the letterhead
            # goes on ", Station Road ...") is that letterhead printed shorter, no row of it
            cut = _run_in(content, run_in) or (None if _opens(key, furniture) else _row_of(content, rows))
            if cut is not None:  # "Decision maker Cabinet": the label, then its value, each a line
                label_end, value_start = line.content_start + cut[0], line.content_start + cut[1]
                lines.append(line._replace(end=label_end, hints=line.hints | {"label"}))
                # its value is a value whatever it says ("Current Status Decision Proposed")
                # a row that goes on over the next line or two ("Implementation Date Not before" /
                # "1 October 2021") though the notices that taught the template printed it on one:
                # its value runs on to the template's next line, as a wrapped line's does
                wrapping = _wrapped_lines(document, keys, n, template_keys, run_in, rows, lexicon)
                lines.append(line._replace(start=value_start, content_start=value_start, is_list_item=False,
                                           hints=line.hints | {"value"} | ({"wrapped"} if wrapping else set())))
                wrapping -= 1
                changed = True
                continue
        if wrapping > 0 and hint is None:
            lines.append(line._replace(hints=line.hints | {"wrapped"}))
            wrapping -= 1
            continue
        wrapping = 0
        if hint is None:
            lines.append(line)
            continue
        # a template's furniture between its sections ends the one before it ("boundary"); a line
        # of punctuation (between a label and its value) does not
        marks = {hint, "boundary"} if hint == "furniture" and (key in furniture or not key) else {hint}
        lines.append(line._replace(hints=line.hints | marks))
        changed = True
    marked = dataclasses.replace(document, lines=tuple(lines)) if changed else document
    return marked, template_lexicon(lexicon, template)


@lru_cache(maxsize=256)
def _shape(template: Template) -> tuple[frozenset[str], frozenset[str], tuple[str, ...], dict[tuple[str, ...], int],
                                        frozenset[str]]:
    """What reading through a template compares lines with, worked out once per template: its
    furniture's and labels' keys, its run-in labels (longest first), its furniture rows and the
    run-in labels' keys."""
    run_in = tuple(sorted((x.strip() for x in template.run_in if x.strip()), key=len, reverse=True))
    return (frozenset(line_key(x) for x in template.furniture) - {""}, frozenset(template.field_of), run_in,
            _furniture_rows(template) if run_in else {}, frozenset(line_key(x) for x in run_in))


def _wrapped_lines(document: Document, keys: tuple[str, ...], row: int, template: frozenset[str],
                   run_in: tuple[str, ...], rows: dict[tuple[str, ...], int], lexicon: Lexicon) -> int:
    """How many lines the flattened table's row at ``row`` goes on over: up to
    ``MAX_WRAPPED_LINES`` lines of no template's, then a line of the template (another row, a
    label, furniture) or one the lexicon reads as a label (a row the template does not know);
    0 when none, or when text of no template's goes on longer (text after the table, no wrapped
    value)."""
    went_on = 0
    for n in range(row + 1, min(len(keys), row + 2 + MAX_WRAPPED_LINES)):
        line = document.lines[n]
        content = document.text[line.content_start:line.end]
        if not content.strip():
            return 0  # a blank line ends the row
        if (keys[n] in template or _run_in(content, run_in) is not None
                or _row_of(content, rows) is not None or _known_row(content, lexicon)):
            return went_on
        went_on += 1
    return 0


def _known_row(content: str, lexicon: Lexicon) -> bool:
    """Whether a line starts with words the lexicon knows as a label ("Issue Detail To review
    ..."): a row of the table the template does not know, not a value wrapped onto it."""
    if lexicon.match_line(content, approximate=False) is not None:
        return True
    words = content.split()
    if not words or not words[0][:1].isupper():
        return False
    return any(lexicon.lookup(" ".join(words[:size]), approximate=False) is not None
               for size in range(1, min(MAX_ROW_WORDS, len(words) - 1) + 1))


def _furniture_rows(template: Template) -> dict[tuple[str, ...], int]:
    """A flattened table's furniture lines by their first two to four words (word tuple -> how many):
    a notice printing those words before other ones prints that row with another value."""
    found: dict[tuple[str, ...], int] = {}
    for line in template.furniture:
        words = line.lower().split()
        for size in range(MIN_ROW_WORDS, min(MAX_ROW_WORDS, len(words) - 1) + 1):
            if not all(_LABEL_WORD.fullmatch(w) for w in words[:size]):
                break
            found[tuple(words[:size])] = size
    return found


def _row_of(content: str, rows: dict[tuple[str, ...], int]) -> tuple[int, int] | None:
    """(label end, value start) in a line that starts with a furniture line's first words and
    goes on differently ("Reference 0977/25" where the teaching notice printed "Reference
    0412/24"): those words are the row's label, what follows its value.

    >>> _row_of("Case Number 0977/25", {("case", "number"): 2}), _row_of("Case Number 0412/24 x", {})
    ((11, 12), None)
    """
    if not rows:
        return None
    words = list(regex.finditer(r"\S+", content))
    for size in range(min(MAX_ROW_WORDS, len(words) - 1), MIN_ROW_WORDS - 1, -1):
        if tuple(w.group().lower() for w in words[:size]) in rows:
            return words[size - 1].end(), words[size].start()
    return None


def _opens(key: str, furniture: frozenset[str]) -> bool:
    """Whether a line's key is the first words of a furniture line's (followed by no more of a word).

    >>> _opens("borough council", frozenset({"borough council, mill lane"})), _opens("borough coun", frozenset({"borough council"}))
    (True, False)
    """
    return bool(key) and any(f.startswith(key) and not f[len(key):len(key) + 1].isalnum() for f in furniture)


def _run_in(content: str, labels: tuple[str, ...] | list[str]) -> tuple[int, int] | None:
    """(label end, value start) in a line that starts with one of the labels (longest first), a
    space, and more.

    >>> _run_in("Decision maker  Cabinet", ["Decision maker"]), _run_in("Decision makers met", ["Decision maker"])
    ((14, 16), None)
    """
    lead = len(content) - len(content.lstrip())
    for label in labels:
        end = lead + len(label)
        if content[lead:end].lower() == label.lower() and content[end:end + 1].isspace() and content[end:].strip():
            return end, end + len(content[end:]) - len(content[end:].lstrip())
    return None
