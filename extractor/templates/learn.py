"""Teach templates from corrected notices: gold folders (`export --gold`) and a desk's corrections.

Each corrected notice says where its values are. What stands before a value on its line
("Portfolio: Housing") is its label; a value that starts its own line has the line above it as
its anchor ("RECORD OF DECISION" over a title), which the template then reads as that field's
label. The notice's other short lines, that are no value and no known label, are its furniture
(letterhead, chrome, signature lines), unless they read as some notice's value (a yes or no, a
date, a reference number). A label printed before its value with a space only is `run_in`; one
of a one-line field whose value wraps onto the next line `wraps`. Notices that share most of
those lines are one template: a label is kept with the field most of them give it, and
furniture with two or more notices is what at least two of them print. A gold value found by
its words never relearns a label the lexicon gives another field (it may have been found in the
wrong place); a reviewer's selection right after a label does.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import regex

from ..document import Document
from ..evaluate import gold_documents
from ..fields import CONTACT_PARTS, EXACT_FIELDS
from ..lexicon import Lexicon, load_lexicon, normalise_label
from ..options import RunOptions
from ..values import find_dates, parse_bool
from .model import LABEL_PART, OTHER_FIELD, Template, jaccard, line_key, template_id
from .rows import row_labels, table_lines

MAX_LABEL_WORDS = 10  # a longer text before a value is a sentence, not its label
MAX_RUN_IN_WORDS = 4  # a label printed before its value with no separator at all is this short
MAX_FURNITURE_WORDS = 14  # letterhead and chrome lines are short; a longer line is text
MIN_TABLE_ROWS = 3  # labels run into their values before a notice is read as a flattened table
SAME_TEMPLATE = 0.4  # Jaccard of two notices' template lines above which they are one template
_WORD = regex.compile(r"\w+")
_SEPARATORS = regex.compile(r"[\s:;?\-–—.|]+$")


@dataclass(frozen=True, slots=True)
class Taught:
    """One corrected notice: its document and where each of its values is."""

    name: str
    document: Document
    spans: tuple[tuple[str, int, int], ...]  # (field, start, end) in document.text
    key_category: tuple[str, bool] | None = None  # (its category, whether key) where only the category says


def key_category(values: dict[str, Any], spans: Iterable[tuple[str, int, int]]) -> tuple[str, bool] | None:
    """A corrected notice's category and whether it is key, where the notice says whether it is key
    by its category alone: it is yes or no, no value of the notice stands for it, and its category
    is a short one found in the text ("Decision Category Executive" on a notice that is not key).

    >>> key_category({"is_key_decision": False, "category": "Executive"}, [("category", 5, 14)])
    ('Executive', False)
    >>> key_category({"is_key_decision": False, "category": "Executive"}, [("is_key_decision", 0, 2), ("category", 5, 14)])
    """
    key, category = values.get("is_key_decision"), values.get("category")
    fields = {field for field, _, _ in spans}
    if (not isinstance(key, bool) or not isinstance(category, str) or "is_key_decision" in fields
            or "category" not in fields or not 0 < len(category.split()) <= MAX_RUN_IN_WORDS):
        return None
    return " ".join(category.split()), key


# -- where a value is ------------------------------------------------------------------------
def _words(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), base + m.start(), base + m.end()) for m in _WORD.finditer(text)]


def locate_all(words: list[tuple[str, int, int]], value: str) -> list[tuple[int, int]]:
    """Every span of ``value``'s words in a document's words (spacing and punctuation aside):
    where its first words are, to where its last words are.

    >>> text = "Title:  Parking\\nin  the town centre\\nDecision: agreed"
    >>> [text[s:e] for s, e in locate_all(_words(text), "Parking in the town centre")]
    ['Parking\\nin  the town centre']
    """
    wanted = [w.lower() for w in _WORD.findall(value)]
    if not wanted:
        return []
    head, tail = wanted[:6], wanted[-4:]
    tokens = [w for w, _, _ in words]
    found = []
    for i in range(len(tokens) - len(head) + 1):
        if tokens[i:i + len(head)] != head:
            continue
        if len(wanted) <= len(head):
            found.append((words[i][1], words[i + len(head) - 1][2]))
            continue
        limit = min(len(tokens), i + len(wanted) * 2 + 8)
        for j in range(max(i, i + len(wanted) - len(tail) - 4), limit - len(tail) + 1):
            if tokens[j:j + len(tail)] == tail:
                found.append((words[i][1], words[j + len(tail) - 1][2]))
                break
    return found


def _best(document: Document, found: list[tuple[int, int]], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Of a value's places, the first that no other value holds, preferring one that ends its
    line (a value, rather than words inside another value)."""
    free = [f for f in found if not any(f[0] < e and s < f[1] for s, e in taken)]
    ending = [f for f in free if not document.text[f[1]:document.lines[_row(document, f[1] - 1)].end].strip()]
    return next(iter(ending or free), None)


def locate(document: Document, gold: dict[str, Any], lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """Where a gold notice's values are in its document (those that can be found): the longest
    values first, each in a place no other value holds."""
    words = _words(document.text)
    spans: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    dates = None
    ordered = sorted(gold.items(), key=lambda item: -len(str(item[1] or "")))
    for field, value in ordered:
        if isinstance(value, bool):
            place = _best(document, _yes_no(document, field, value, lexicon), taken)
            if place is not None:
                spans.append((field, *place))
                taken.append(place)
            continue
        if value in (None, "", []):
            continue
        if field == "contact" and isinstance(value, dict):
            for part in CONTACT_PARTS:
                place = _best(document, locate_all(words, str(value[part])), taken) if value.get(part) else None
                if place:
                    spans.append(("contact", *place))
                    taken.append(place)
                    break
        elif field in EXACT_FIELDS and isinstance(value, str) and regex.match(r"\d{4}-\d\d-\d\d$", value):
            dates = find_dates(document.text, words=lexicon.words) if dates is None else dates
            hits = [(d.start, d.end) for d in dates if d.date is not None and d.date.isoformat() == value
                    and _unclaimed(document, d.start, field, lexicon)]
            place = _best(document, hits, taken)
            if place is not None:
                spans.append((field, *place))
                taken.append(place)
        elif isinstance(value, str):
            place = _best(document, locate_all(words, value), taken)
            if place is not None:
                spans.append((field, *place))
                taken.append(place)
        elif isinstance(value, list):  # each item a value (a listed document is no furniture)
            for item in value:
                place = _best(document, locate_all(words, str(item)), taken) if isinstance(item, str) else None
                if place is not None:
                    spans.append((field, *place))
                    taken.append(place)
    return spans


def _yes_no(document: Document, field: str, value: bool, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where a yes/no value stands after a label the lexicon gives its field, with a separator or
    a space only ("Key decision No")."""
    found = []
    for line in document.lines:
        text = document.text[line.content_start:line.end]
        words = text.split()
        for size in range(min(MAX_RUN_IN_WORDS + 2, len(words) - 1), 0, -1):
            label = " ".join(words[:size])
            entry = lexicon.lookup(_SEPARATORS.sub("", label).strip(), approximate=False)
            if entry is None or entry.field != field:
                continue
            rest = text[len(text) - len(text.lstrip()) + len(label):]
            if parse_bool(rest, words=lexicon.words).value is value:
                start = line.end - len(rest.lstrip())
                found.append((start, line.end))
            break
    return found


def _unclaimed(document: Document, start: int, field: str, lexicon: Lexicon) -> bool:
    """Whether the date at ``start`` has no label the lexicon gives to another field."""
    found = label_before(document, start, ())
    entry = lexicon.lookup(found[0]) if found else None
    return entry is None or entry.field in (None, field)


# -- labels and furniture -----------------------------------------------------------------------
def _row(document: Document, offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(document.line_starts, offset) - 1)


def _line_text(document: Document, row: int) -> str:
    line = document.lines[row]
    return document.text[line.content_start:line.end]


def label_before(document: Document, start: int, value_rows: Iterable[int]) -> tuple[str, bool] | None:
    """The printed label in front of a value, and whether it is on the value's line: on its line
    before it, else the line above it (an anchor), unless that line is another value's or holds
    a label and its value itself ("Call in: Yes" above a paragraph is no heading of it)."""
    row = _row(document, start)
    line = document.lines[row]
    before = document.text[line.content_start:start] if start >= line.content_start else ""
    if before.strip():
        label = _SEPARATORS.sub("", before).strip()
        separated = before.rstrip() != label or bool(regex.search(r"(?:\s{3,}|\t)$", before))
        if separated and label[:1].isalpha() and len(label.split()) <= MAX_LABEL_WORDS:
            return label, True
        if label[:1].isupper() and len(label.split()) <= MAX_RUN_IN_WORDS and before[-1:].isspace():
            return label, True  # "Decision maker Cabinet": a table flattened to one space (`run_in`)
        return None
    taken = set(value_rows)
    for above in range(row - 1, -1, -1):
        text = _line_text(document, above).strip()
        if not any(c.isalpha() for c in text):  # blank, or a table's rule or lone separator
            continue
        prefix = LABEL_PART.match(text)
        if above in taken or (prefix and text[prefix.end():].strip()):
            return None
        label = _SEPARATORS.sub("", text).strip()
        return (label, False) if label and len(label.split()) <= MAX_LABEL_WORDS else None
    return None


def notice_lines(taught: Taught, lexicon: Lexicon, *, override: bool = False
                 ) -> tuple[dict[str, tuple[str, str]], list[str], list[str], list[str]]:
    """A corrected notice's labels (key -> (printed label, field)), its furniture lines, the
    labels it prints before their value with no separator (``run_in``), and those of one-line
    fields whose value it wraps over lines (``wraps``).

    A label the lexicon gives to another field is taught only when ``override`` (a reviewer
    selected the value after it); a gold value found by its words may be found in the wrong
    place, and a known label is not unlearned on that evidence."""
    document = taught.document
    value_rows: set[int] = set()
    value_keys: set[str] = set()
    for _, start, end in taught.spans:
        value_rows.update(range(_row(document, start), _row(document, max(start, end - 1)) + 1))
        value_keys.add(line_key(document.text[start:end]))
    labels: dict[str, tuple[str, str]] = {}
    run_in: list[str] = []
    wraps: list[str] = []
    for field, start, end in sorted(taught.spans, key=lambda s: s[1]):
        found = label_before(document, start, value_rows - {_row(document, start)})
        if not found:
            continue
        label, inline = found
        before = document.text[document.lines[_row(document, start)].content_start:start]
        if inline and before.strip() == label and not regex.search(r"(?:\s{3,}|\t)$", before):
            run_in.append(label)
        if _row(document, start) != _row(document, max(start, end - 1)) and lexicon.shape_of(field) == "line":
            wraps.append(label)
        entry = lexicon.lookup(label)
        # a label the lexicon gives another field is relearned only on a reviewer's word; a heading
        # of no field (a marker) printed right before the value on its line names that value's field
        if (entry is not None and not entry.guessed and not (entry.kind == "field" and entry.field == field)
                and not (inline and (override or entry.kind != "field"))):
            continue
        labels.setdefault(normalise_label(label), (label, field))
    kept = {label for label, _ in labels.values()}
    self_run_in = [label for label in dict.fromkeys(run_in) if label in kept]
    own_wraps = [label for label in dict.fromkeys(wraps) if label in kept]
    furniture: list[str] = []
    starts = tuple(label.lower() + " " for label, _ in labels.values())
    for row, line in enumerate(document.lines):
        text = _line_text(document, row).strip()
        if (not text or row in value_rows or text.lower().startswith(starts) or len(text.split()) > MAX_FURNITURE_WORDS or not line_key(text)
                or line_key(text) in value_keys or _value_like(text, lexicon)
                or normalise_label(_SEPARATORS.sub("", text)) in labels or LABEL_PART.match(text)
                or lexicon.match_line(text) is not None or lexicon.match_pattern(text, head=True) is not None):
            continue
        furniture.append(text)
    return labels, furniture, self_run_in, own_wraps


def _value_like(text: str, lexicon: Lexicon) -> bool:
    """A line that reads as a value of some notice, whatever this one's gold says: a yes or no, a
    date, a reference number (a word or none beside its digits)."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return (len(words) <= 1 and any(c.isdigit() for c in text)) or bool(find_dates(text, words=lexicon.words)) or (
        parse_bool(text, words=lexicon.words).value is not None and len(words) <= 2)


def teach(taught: list[Taught], source: str = "gold", lexicon: Lexicon | None = None) -> list[Template]:
    """The templates a set of corrected notices teach, one per group of notices that share
    most of their template lines."""
    lexicon = lexicon or load_lexicon()
    read = [(t, *notice_lines(t, lexicon, override=source == "corrections")) for t in taught]
    groups: list[list[int]] = []
    keys = [{line_key(x) for x in furniture} | set(labels) for _, labels, furniture, _, _ in read]
    for n in range(len(read)):
        best = max(groups, key=lambda g: jaccard(keys[n], keys[g[0]]), default=None)
        if best is not None and jaccard(keys[n], keys[best[0]]) >= SAME_TEMPLATE:
            best.append(n)
        else:
            groups.append([n])
    return [_template([read[n] for n in group], source, lexicon) for group in groups]


def _template(members: list[tuple[Taught, dict[str, tuple[str, str]], list[str], list[str], list[str]]],
              source: str, lexicon: Lexicon) -> Template:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    printed: dict[str, str] = {}
    for _, found, _, _, _ in members:
        for key, (label, field) in found.items():
            votes[key][field] += 1
            printed.setdefault(key, label)
    labels = tuple((printed[key], votes[key].most_common(1)[0][0]) for key in printed)
    seen: Counter[str] = Counter()
    first: dict[str, str] = {}
    for _, _, furniture, _, _ in members:
        for text in dict.fromkeys(furniture):
            key = line_key(text)
            if key and key not in seen:
                first[key] = text
            seen[key] += 1
    needed = 1 if len(members) == 1 else 2
    furniture = [first[k] for k in first if seen[k] >= needed]
    run_in = tuple(dict.fromkeys(label for *_, found, _ in members for label in found
                                 if normalise_label(label) in printed))
    run_in = tuple(printed[normalise_label(x)] for x in run_in)
    wraps = tuple(dict.fromkeys(printed[normalise_label(label)] for *_, found in members for label in found
                                if normalise_label(label) in printed))
    if len(members) >= 2 and len(run_in) >= MIN_TABLE_ROWS:
        # a flattened table: its other rows, that two notices print with different values, are
        # labels of no field (`rows.py`); each ends the value before it
        # a line the correction puts inside a value (a decision maker's name wrapped under their
        # role) goes on from the row above it: no row of its own
        tables = [[text for text in table_lines(t.document, list(run_in), lexicon) if text not in _inside_values(t)]
                  for t, *_ in members]
        rows = [label for label in row_labels(tables, 2, lambda words: _label_kind(lexicon, words))
                if normalise_label(label) not in printed]
        labels += tuple((label, OTHER_FIELD) for label in rows)
        run_in += tuple(rows)
        furniture = [x for x in furniture if not any(line_key(x).startswith(line_key(r) + " ") for r in rows)]
    return Template(template_id([x for x, _ in labels], furniture), labels, tuple(furniture), len(members), source,
                    tuple(dict.fromkeys(run_in)), wraps, _key_categories([t for t, *_ in members]))


def _key_categories(members: list[Taught]) -> tuple[tuple[str, bool], ...]:
    """The categories the members say are key, or not (a category they disagree on says nothing)."""
    said: dict[str, set[bool]] = defaultdict(set)
    printed: dict[str, str] = {}
    for taught in members:
        if taught.key_category is not None:
            category, key = taught.key_category
            said[category.lower()].add(key)
            printed.setdefault(category.lower(), category)
    return tuple((printed[c], next(iter(keys))) for c, keys in said.items() if len(keys) == 1)


def _inside_values(taught: Taught) -> set[str]:
    """The lines (stripped) a corrected notice's values run on over, after each value's first line."""
    document = taught.document
    inside = set()
    for _, start, end in taught.spans:
        for row in range(_row(document, start) + 1, _row(document, max(start, end - 1)) + 1):
            inside.add(_line_text(document, row).strip())
    return inside


# -- the sources -------------------------------------------------------------------------------
def learn_gold(folders: Iterable[str | Path], options: RunOptions | None = None) -> list[Template]:
    """Templates taught by gold folders (``<id>.<ext>`` beside ``<id>.gold.json``)."""
    from ..pipeline import read

    lexicon = load_lexicon(options.lexicon if options else ())
    taught = []
    for folder in folders:
        for doc_id, doc_path, gold_path in gold_documents(Path(folder)):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            document = read(doc_path, options=options)
            spans = tuple(locate(document, gold, lexicon))
            taught.append(Taught(doc_id, document, spans, key_category(gold, spans)))
    return teach(taught, "gold", lexicon)


def learn_corrections(out: str | Path, options: RunOptions | None = None) -> list[Template]:
    """Templates taught by a reviewed run's OUT folder: each corrected notice's values, the
    corrected ones where the reviewer selected them, the others where the run found them."""
    from ..pipeline import read
    from ..review.apply import apply_notice
    from ..review.corrections import CorrectionStore
    from ..review.run import Run

    run = Run(Path(out))
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for correction in CorrectionStore(Path(out)).load().corrections:
        grouped[(correction["sha256"], correction["notice_index"])].append(correction)
    lexicon = load_lexicon(options.lexicon if options else ())
    taught = []
    for record in run.rows():
        sha = str(record.get("sha256"))
        indices = sorted(i for s, i in grouped if s == sha)
        if not indices:
            continue
        result, source = run.result(record), run.source(record)
        if result is None or source is None:
            continue
        document = read(source.read_bytes(), filename=str(record.get("path") or source), options=options)
        for index in indices:
            if index >= len(result["notices"]):
                continue
            notice, _ = apply_notice(result["notices"][index], grouped[(sha, index)])
            spans = [(field.split(".")[0], span["start"], span["end"])
                     for field, span in notice.get("provenance", {}).items()
                     if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int)]
            taught.append(Taught(f"{record.get('path')}#{index}", document, tuple(spans), key_category(notice, spans)))
    return teach(taught, "corrections", lexicon)


def _label_kind(lexicon: Lexicon, words: str) -> str | None:
    """What the lexicon knows ``words`` as ("field", "marker", "other"), or None."""
    entry = lexicon.lookup(words, approximate=False)
    return None if entry is None else "field" if entry.kind in ("field", "by_value") else entry.kind
