"""Read a document through a template: its labels are the lexicon's for this document, its
furniture lines are page chrome (kept in other_sections, never a title or a value).

Nothing in the core stages changes: the template arrives as data they already read, a
lexicon with the template's labels added (a label the template maps to another field than the
bundled lexicon wins, as a user's correction should) and line hints ("furniture", "label").
"""

from __future__ import annotations

import copy
import dataclasses
from functools import lru_cache

from ..document import Document
from ..lexicon import LabelEntry, Lexicon, normalise_label
from .model import OTHER_FIELD, Template, line_key


@lru_cache(maxsize=64)
def template_lexicon(lexicon: Lexicon, template: Template) -> Lexicon:
    """``lexicon`` with the template's labels: a copy, the shared one is never changed."""
    entries = dict(lexicon.entries)
    for label, field in template.labels:
        key = normalise_label(label)
        if not key:
            continue
        if field == OTHER_FIELD:
            if key not in entries:  # a label of no field never hides a known one
                entries[key] = LabelEntry("other", None, "block")
            continue
        old = entries.get(key)
        if old is not None and old.kind == "field" and old.field == field:
            continue
        entries[key] = LabelEntry("field", field, lexicon.shape_of(field), lexicon.joins(field))
    taught = copy.copy(lexicon)
    taught.entries = entries
    return taught


def read_through(document: Document, lexicon: Lexicon, template: Template) -> tuple[Document, Lexicon]:
    """The document with the template's lines marked, and the lexicon to read it with."""
    furniture = {line_key(x) for x in template.furniture} - {""}
    labels = set(template.field_of)
    lines = list(document.lines)
    changed = False
    for n, line in enumerate(lines):
        key = line_key(document.text[line.content_start:line.end])
        if not key:
            continue
        if key in labels:
            hint = "label"
        elif key in furniture:
            hint = "furniture"
        else:
            continue
        lines[n] = line._replace(hints=line.hints | {hint})
        changed = True
    marked = dataclasses.replace(document, lines=tuple(lines)) if changed else document
    return marked, template_lexicon(lexicon, template)
