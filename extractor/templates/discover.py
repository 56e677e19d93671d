"""Find templates among a run's own notices: lines that recur across many of them in one role.

Notices are grouped by the short lines they print (letterhead, labels, chrome); in a group of
at least ``MIN_MEMBERS``, a line printed by at least ``MIN_SHARE`` of them is the template's:

1. a label the lexicon knows stays its label (it marks the template, nothing changes);
2. a line ending in ":" or "?", or one the general reader took as a label, is a label: its
   field comes from its words (the lexicon's guesses), else from what most notices print under
   it (`wording`: dates, a decision's opening, rejected options, a decider's role), else it is a
   label of no field that only ends the section before it;
   A heading over sentences in most of the notices ("Grounds" over the reasons) is a label too.
3. a line the general reader read as a whole value (not a title) in most of the notices
   printing it stays a value ("Cabinet" under "Decision maker");
4. any other recurring line is furniture: letterhead, chrome, a signature block. It is kept in
   other_sections and never becomes a title or part of a value;
5. the first words of lines, recurring while the rest of those lines varies, that the lexicon
   knows as a field's label are that label run into its value with a space only (`run_in`).

A group smaller than ``MIN_MEMBERS`` distinct notices teaches nothing (copies of one notice, as a
PDF and its Word version, count once), so a run of one file reads as today.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from ..document import Document
from ..lexicon import Lexicon, normalise_label
from .learn import MAX_FURNITURE_WORDS, MAX_RUN_IN_WORDS
from .model import LABEL_PART, OTHER_FIELD, Template, jaccard, line_key, template_id
from .rows import row_labels, table_lines
from .wording import voted_field

MIN_MEMBERS = 3  # notices of one template before its lines are trusted as the template's
MIN_SHARE = 0.6  # of a group's notices that must print a line for it to be the template's
SAME_TEMPLATE = 0.35  # Jaccard of two notices' short lines above which they share a template
SAME_NOTICE = 0.7  # Jaccard of two notices' short lines above which they are copies of one notice
MAX_GROUPS = 64  # groups kept open while grouping a sample
MAX_FIXED_VALUE_WORDS = 3  # a row's value printed the same in most notices ("Approved", "Part A") is this short
MIN_ROW_MEMBERS = 2  # notices printing a row of a known flattened table, its words first and its value varying
MIN_RUN_IN_ROWS = 3  # labels run into their values found in a template before it is read as a flattened table


def short_lines(document: Document) -> dict[str, str]:
    """key -> printed text of the document's short lines (and of each line's label part)."""
    found: dict[str, str] = {}
    for line in document.lines:
        text = document.text[line.content_start:line.end].strip()
        if not text or len(text.split()) > MAX_FURNITURE_WORDS:
            continue
        found.setdefault(line_key(text), text)
        prefix = LABEL_PART.match(text)
        if prefix:
            found.setdefault(line_key(prefix.group("label")), prefix.group("label").strip() + ":")
    found.pop("", None)
    return found


def run_in_prefixes(document: Document) -> dict[str, str]:
    """key -> printed words of the first one to four words of each line with more after them and no
    separator ("Decision maker Cabinet" gives "decision maker" among others): where a table
    flattened to single spaces hides its labels."""
    found: dict[str, str] = {}
    for line in document.lines:
        text = document.text[line.content_start:line.end].strip()
        words = text.split()
        if len(words) < 2 or LABEL_PART.match(text):
            continue
        for size in range(1, min(MAX_RUN_IN_WORDS, len(words) - 1) + 1):
            printed = " ".join(words[:size])
            found.setdefault(line_key(printed), printed)
    found.pop("", None)
    return found


def _run_in(members: list[tuple[Document, dict[str, Any]]], needed: int,
            lexicon: Lexicon) -> list[tuple[str, str]]:
    """Labels printed before their value with a space only, recurring in ``needed`` members: of
    each line's first words, the longest the lexicon knows as a field's label. A line that goes
    on from the one before ("Councillor Ann Example," / "Portfolio Holder for Place") is no row."""
    counts: Counter[str] = Counter()
    printed: dict[str, tuple[str, str]] = {}
    many: set[str] = set()  # labels starting several lines of one notice: no row's ("Decision ...")
    # a line printed the same in most notices is the template's own ("Decision tracking record"):
    # it may start with a row's word without making that word no row's
    same = Counter(k for document, _ in members for k in {line_key(document.text[ln.content_start:ln.end])
                                                           for ln in document.lines})
    for document, _ in members:
        seen: set[str] = set()
        varying: Counter[str] = Counter()
        before = ""
        for line in document.lines:
            text = document.text[line.content_start:line.end].strip()
            if not text:
                continue
            words = text.split()
            last = before.split()[-1] if before.split() else ""
            goes_on = before.endswith((",", ";", "&")) or (last.islower() and last in lexicon.words.joining_words)
            before = text
            if (goes_on or len(words) < 2 or LABEL_PART.match(text)
                    or lexicon.match_line(text, approximate=False) is not None):
                continue  # a line the lexicon reads as a label already is no run-in row
            # a row whose value is printed the same in most notices is a short one ("Decision status
            # Approved"); a sentence printed the same on every notice is the template's, no row
            fixed = same[line_key(text)] >= needed
            for size in range(min(MAX_RUN_IN_WORDS, len(words) - 1), 0, -1):
                label = " ".join(words[:size])
                heading = lexicon.lookup(label, approximate=False)
                if heading is not None and heading.kind == "marker" and size > 1:
                    # "Decision Details To consider ...": a record's heading the lexicon knows, not
                    # "Decision"; one whose value on its line is a field's (`marker_values`) is that row
                    valued = lexicon.words.marker_values.get(heading.document_type or "")
                    key = normalise_label(label)
                    if valued and not fixed:
                        varying[key] += 1
                        if key not in seen:
                            seen.add(key)
                            printed.setdefault(key, (label, valued))
                    break
                if fixed and not words[size][:1].isupper() and not words[size][:1].isdigit():
                    continue  # "Decision register - entry" on every notice: a heading's words, no label and value
                if (not _known(lexicon, label) or not all(any(c.isalpha() for c in w) for w in words[:size])
                        or (fixed and len(words) - size > MAX_FIXED_VALUE_WORDS)):
                    continue
                key = normalise_label(label)  # "Reasons An inspection ...": the label is "Reasons"
                while size > 1 and normalise_label(" ".join(words[:size - 1])) == key:
                    size -= 1
                label = " ".join(words[:size])
                entry = lexicon.lookup(label, approximate=False)
                varying[key] += not fixed
                if key not in seen and entry is not None and entry.field:
                    seen.add(key)
                    printed.setdefault(key, (label, entry.field))
                break
        counts.update(seen)
        many.update(key for key, n in varying.items() if n > 1)
    # a label's words starting several lines of one notice ("Decisions marked with a '*' are
    # exempt", "Decision Number 0412") are no row's label
    # in the order the notices print them (a set's order would differ from run to run, and so
    # would the file the run writes and each file's cache key, `cache.py`)
    found = [printed[key] for key in printed if counts[key] >= needed and key not in many]
    # one recurring "Recommendations approved." is a sentence; a flattened table has rows
    return found if len(found) >= MIN_RUN_IN_ROWS else []


def _known(lexicon: Lexicon, key: str) -> bool:
    entry = lexicon.lookup(key, approximate=False)
    return entry is not None and entry.kind == "field" and not entry.weak


def _roles(document: Document, record: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    """Keys of the lines the general reader read as labels, as a whole value of one line (not a
    title), and of the lines that are followed by a sentence (a heading over text)."""
    labels: set[str] = set()
    values: set[str] = set()
    for notice in record.get("notices") or []:
        for field, span in (notice.get("provenance") or {}).items():
            if span.get("label"):
                labels.add(line_key(span["label"]))
            lines = document.lines_between(span["start"], span["end"])
            if field != "title" and len(lines) == 1:
                values.add(line_key(document.text[lines[0].content_start:lines[0].end]))
    headings: set[str] = set()
    texts = [document.text[ln.content_start:ln.end].strip() for ln in document.lines]
    texts = [t for t in texts if t]
    for text, after in zip(texts, texts[1:]):
        if after.endswith((".", ";")) and len(after.split()) > 3:
            headings.add(line_key(text))
    return labels, values, headings


def discover(sample: list[tuple[Document, dict[str, Any]]], lexicon: Lexicon) -> list[Template]:
    """Templates shared by at least MIN_MEMBERS notices of a sample: (document, the result the
    general reader gave it) pairs."""
    lines = [short_lines(document) for document, _ in sample]
    # notices are compared by the lines that another notice of the sample prints too (a value
    # printed once says nothing of the template), and by the known labels their lines start with
    marks = [set(keys) | {k for k in run_in_prefixes(document) if _known(lexicon, k)}
             for keys, (document, _) in zip(lines, sample)]
    shared = Counter(k for keys in marks for k in keys)
    marks = [{k for k in keys if shared[k] >= 2} for keys in marks]
    every = [set(keys) for keys in lines]
    groups: list[list[int]] = []
    for n, keys in enumerate(marks):
        if any(jaccard(every[n], every[m]) >= SAME_NOTICE for group in groups for m in group):
            continue  # one notice twice (a PDF and its Word copy): its values would pass for the template's
        best = max(groups, key=lambda g: jaccard(keys, marks[g[0]]), default=None)
        if best is not None and jaccard(keys, marks[best[0]]) >= SAME_TEMPLATE:
            best.append(n)
        elif len(groups) < MAX_GROUPS:
            groups.append([n])
    found = []
    for group in groups:
        if len(group) >= MIN_MEMBERS:
            template = _template([sample[n] for n in group], [lines[n] for n in group], lexicon)
            if template is not None:
                found.append(template)
    return found


def _template(members: list[tuple[Document, dict[str, Any]]], lines: list[dict[str, str]],
              lexicon: Lexicon) -> Template | None:
    counts: Counter[str] = Counter(k for keys in lines for k in keys)
    needed = max(MIN_MEMBERS, math.ceil(MIN_SHARE * len(members)))
    recurring = [k for k, c in counts.items() if c >= needed]
    roles = [_roles(document, record) for document, record in members]
    printed = {k: next(keys[k] for keys in lines if k in keys) for k in recurring}
    labels: list[tuple[str, str]] = []
    furniture: list[str] = []
    run_in = _run_in(members, needed, lexicon)
    for key in recurring:
        text = printed[key]
        bare = text.rstrip(":?-– ").strip()
        # CASE 1: a label the lexicon knows marks the template and stays its label
        match = lexicon.match_line(text, approximate=False)
        if match is not None:
            if match.entry.kind == "field" and match.entry.field and match.value_start is None:
                labels.append((bare, match.entry.field))
            continue
        # CASE 1b: a line starting with a run-in label (CASE 5): a short value that recurs ("Key
        # decision No") stays a value; prose printed the same in every notice is a heading
        run_field = next((f for label, f in sorted(run_in, key=lambda r: -len(r[0]))
                          if key.startswith(line_key(label) + " ")), None)
        if run_field is not None:
            if lexicon.shape_of(run_field) == "block":
                furniture.append(text)
            continue
        # CASE 2: a label the lexicon does not know: by its colon, the general reader's reading,
        # or a heading over sentences in most of the notices
        printing = sum(key in keys for keys in lines)
        if (text.rstrip().endswith((":", "?")) or sum(key in r[0] for r in roles) * 2 >= printing
                or sum(key in r[2] for r in roles) * 2 > printing):
            entry = lexicon.guess(bare)
            if normalise_label(bare):
                # no words of a field's: what the template prints under it may say ("Courses set aside")
                field = entry.field if entry is not None and entry.field else voted_field(members, key, set(recurring), lexicon)
                labels.append((bare, field or OTHER_FIELD))
            continue
        # CASE 3: a value that recurs ("Cabinet" under "Decision maker") stays a value
        if sum(key in r[1] for r in roles) * 2 >= printing:
            continue
        # CASE 4: letterhead, chrome, a signature line
        furniture.append(text)
    # CASE 5: known labels run into their values with a space only ("Decision maker Cabinet"): a
    # flattened table, whose every row starts with a label, so a one-line field's value runs to the next
    run_in = [(label, field) for label, field in run_in if normalise_label(label) not in {normalise_label(x) for x, _ in labels}]
    if run_in:  # CASE 6: the table's other rows, labels the lexicon does not know, end the value before them
        rows = [label for label in _unknown_rows(members, MIN_ROW_MEMBERS, run_in, lexicon)
                if normalise_label(label) not in {normalise_label(x) for x, _ in labels}]
        run_in += [(label, OTHER_FIELD) for label in rows]
        # a recurring line that starts with a row's label is that row and its value
        furniture = [x for x in furniture if not any(line_key(x).startswith(line_key(label) + " ") for label in rows)]
        labels = [(x, f) for x, f in labels if not any(line_key(x).startswith(line_key(label) + " ") for label in rows)]
    labels = _after_decision(labels, roles, lines)
    labels += run_in
    if not furniture and not any(field != OTHER_FIELD for _, field in labels) and len(labels) < 2:
        return None
    return Template(template_id([x for x, _ in labels], furniture), tuple(labels), tuple(furniture),
                    len(members), "run", tuple(label for label, _ in run_in),
                    _wrapping(members, [label for label, field in run_in if lexicon.shape_of(field) == "line"],
                              {line_key(x) for x, _ in labels} | set(recurring)))


def _after_decision(labels: list[tuple[str, str]], roles: list[tuple[set[str], set[str], set[str]]],
                    lines: list[dict[str, str]]) -> list[tuple[str, str]]:
    """A label of no field right after the decision's, over sentences in most notices, gives the
    reasons where no label does ("That ... be agreed." / "The thinking behind it" / "An inspection
    found ..."): what a record prints right after its decision explains it (ModernGov's order,
    as for unlabelled text)."""
    fields = [field for _, field in labels]
    if "reasons" in fields:
        return labels
    for n in range(1, len(labels)):
        key = line_key(labels[n][0])
        printing = sum(key in keys for keys in lines)
        if (labels[n][1] == OTHER_FIELD and labels[n - 1][1] == "decision"
                and sum(key in r[2] for r in roles) * 2 > printing):
            return [*labels[:n], (labels[n][0], "reasons"), *labels[n + 1:]]
    return labels


def _unknown_rows(members: list[tuple[Document, dict[str, Any]]], needed: int, known: list[tuple[str, str]],
                  lexicon: Lexicon) -> list[str]:
    """Rows of a flattened table whose labels the lexicon does not know (`rows.row_labels`)."""
    labels = [label for label, _ in known]
    found = row_labels([table_lines(document, labels, lexicon) for document, _ in members], needed,
                       lambda words: _label_kind(lexicon, words))
    # "Councillor Alun Fetherstone" under "Decision Makers Portfolio Holder for Finance": a member's
    # title before a name that varies is the row above, wrapped, not a row of its own
    return [label for label in found if not lexicon.words.member_maker.fullmatch(label.strip().lower())]


def _wrapping(members: list[tuple[Document, dict[str, Any]]], run_in: list[str], template: set[str]) -> tuple[str, ...]:
    """The run-in labels whose line is followed, in most notices printing it, by a line that is
    neither blank nor the template's (a label, furniture): their value wraps onto it."""
    wraps = []
    for label in run_in:
        start = line_key(label) + " "
        printing = wrapped = 0
        for document, _ in members:
            texts = [document.text[ln.content_start:ln.end].strip() for ln in document.lines]
            for n, text in enumerate(texts):
                if line_key(text).startswith(start):
                    printing += 1
                    after = texts[n + 1] if n + 1 < len(texts) else ""
                    key = line_key(after)
                    wrapped += bool(key) and key not in template and not any(key.startswith(t + " ") for t in template)
                    break
        if printing and wrapped * 2 > printing:
            wraps.append(label)
    return tuple(wraps)


def _label_kind(lexicon: Lexicon, words: str) -> str | None:
    """What the lexicon knows ``words`` as ("field", "marker", "other"), or None."""
    entry = lexicon.lookup(words, approximate=False)
    return None if entry is None else "field" if entry.kind in ("field", "by_value") else entry.kind
