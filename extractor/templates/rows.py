"""Rows of a flattened table that the lexicon does not know, found by what recurs.

Across notices of one template, a row's first words start one line of each notice while the
rest of that line varies ("Reference 0412/24" / "Reference 0977/25"): those first words are
the row's label, printed before its value with a space only. Such a label names no field the
lexicon knows, but it ends the value before it: without it a one-line value ("Decision Title
...") runs on into the next row. Only a template already read as a flattened table (rows the
lexicon knows) asks for them; elsewhere a recurring first word ("Councillor") is a value's.

A prefix is a row label when:
1. it starts exactly one line in each notice printing it (a word starting several lines of
   one notice, "Decision ...", is no label);
2. at least ``needed`` notices print it, and the rest of its line is not the same in all of
   them (a sentence printed the same on every notice is furniture, never a label and a value);
3. it is the longest such prefix that as many notices print as its first word, and the word after
   it varies (a value's first words that happen to recur in some notices are no part of the
   label; a word that always follows is);
4. no shorter prefix starting one line of each notice is a field's label or a record's heading
   the lexicon knows (the lexicon reads that line);
5. a shorter prefix the lexicon knows as a label of no field is the row's label.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable, Iterable

from ..document import Document
from ..lexicon import Lexicon
from .model import LABEL_PART, line_key

MAX_ROW_WORDS = 4  # a row label printed before its value with a space only is this short


def _prefixes(text: str) -> list[tuple[str, str, str]]:
    """(key, printed prefix, the rest) for the first one to four words of a line that could
    be a row's label: capitalised, no digits, no punctuation inside."""
    words = text.split()
    if not words or not words[0][:1].isupper() or LABEL_PART.match(text):
        return []
    found = []
    # a line of the label alone counts as printing it (another rendering puts each cell on a line)
    for size in range(1, min(MAX_ROW_WORDS, len(words)) + 1):
        word = words[size - 1]
        if not word.replace("-", "").replace("'", "").isalpha():
            break
        printed = " ".join(words[:size])
        # the rest as printed: a reference differing only in its digits is another value
        found.append((line_key(printed), printed, " ".join(words[size:]).lower()))
    return found


def row_labels(tables: Iterable[list[str]], needed: int, known: Callable[[str], str | None]) -> list[str]:
    """The printed row labels that ``needed`` of the notices share; each notice given as the
    lines of its table that may be rows; ``known(words)``: what the lexicon knows them as (the
    kind of label: "field", "marker", "other"), or None."""
    counts: Counter[str] = Counter()
    many: set[str] = set()
    rests: dict[str, set[str]] = defaultdict(set)
    printed: dict[str, str] = {}
    for texts in tables:
        per: Counter[str] = Counter()
        rest_of: dict[str, str] = {}
        for text in texts:
            for key, words, rest in _prefixes(text):
                per[key] += 1
                rest_of[key] = rest
                printed.setdefault(key, words)
        for key, n in per.items():
            if n > 1:
                many.add(key)  # CASE 1: starts several lines of one notice
            else:
                counts[key] += 1
                rests[key].add(rest_of[key])
    # CASE 2: enough notices, and a rest that varies
    candidates = {k: c for k, c in counts.items() if c >= needed and k not in many and len(rests[k]) > 1}
    kept = []
    for key, count in candidates.items():
        shorter = [k for k in candidates if key.startswith(k + " ")]
        longer = [k for k in candidates if k.startswith(key + " ") and candidates[k] == count]
        # CASE 3: the longest prefix as common as the shortest one, whose next word varies
        if longer or any(candidates[k] > count for k in shorter) or len({r.split(" ")[0] for r in rests[key]}) == 1:
            continue
        # CASE 4: a row starting with a field's label the lexicon knows, once a notice, is the lexicon's
        # ("Decision To agree ..." is the label "Decision" and its value)
        parts = printed[key].split()
        kinds = [(n, known(" ".join(parts[:n]))) for n in range(1, len(parts) + 1)
                 if line_key(" ".join(parts[:n])) not in many]
        if any(kind in ("field", "marker") for _, kind in kinds):
            continue  # a record's heading ("Issue Detail ...") is the lexicon's too
        # CASE 5: a row starting with a label of no field the lexicon knows is that label ("Scrutiny
        # Panel Place Scrutiny Panel": the label "Scrutiny", then the row's value)
        other = next((n for n, kind in kinds if kind is not None), None)
        kept.append(" ".join(parts[:other]) if other else printed[key])
    return list(dict.fromkeys(kept))


def table_lines(document: Document, known: list[str], lexicon: Lexicon) -> list[str]:
    """The lines of a notice that may be rows the lexicon does not know: from its first known row
    on (chrome and letterhead above the table are no rows), leaving out the known rows (printed
    run in, or alone on a line), lines the lexicon reads as a label, and lines that go on from
    the one before (a value wrapped: "Councillor Ann Example," / "Portfolio ...")."""
    starts = tuple(line_key(label) + " " for label in known)
    texts = [document.text[ln.content_start:ln.end].strip() for ln in document.lines]
    texts = [t for t in texts if t]
    first = next((n for n, t in enumerate(texts) if (line_key(t) + " ").startswith(starts)), len(texts))
    kept = []
    for before, text in zip(texts[first:], texts[first + 1:]):
        last = before.split()[-1] if before.split() else ""
        goes_on = before.endswith((",", ";", "&")) or (last.islower() and last in lexicon.words.joining_words)
        if not (goes_on or (line_key(text) + " ").startswith(starts) or lexicon.match_line(text, approximate=False)):
            kept.append(text)
    return kept
