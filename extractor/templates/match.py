"""Which template a document was printed from: of those people taught (gold, corrections), else of
those a run found, the one whose lines it prints the largest share of.

A document matches a template when it prints at least ``MIN_SHARE`` of the template's lines
(labels and furniture, compared by `line_key`), or of its labels alone, and at least
``MIN_LINES`` of them (a run-in label counts where a line starts with it or is it alone); a document
of a layout no template knows matches none and is read as it would be without templates.
"""

from __future__ import annotations

from functools import lru_cache

from ..document import Document
from .model import LABEL_PART, Template, line_key

MIN_SHARE = 0.6  # of a template's lines a document must print to be read through it
MIN_LINES = 2  # and never fewer than this many: one shared line ("Decision") is no template


def document_keys(document: Document) -> frozenset[str]:
    """The keys of a document's lines, and of each line's label part ("Portfolio: Housing" gives
    "portfolio: housing" and "portfolio")."""
    return _keys(document)[0]


def _keys(document: Document) -> tuple[frozenset[str], frozenset[str]]:
    """`document_keys`, and the keys of its whole lines alone."""
    keys, whole = set(), set()
    for line in document.lines:
        text = document.text[line.content_start:line.end]
        if not text.strip():
            continue
        whole.add(line_key(text))
        prefix = LABEL_PART.match(text.strip())
        if prefix:
            keys.add(line_key(prefix.group("label")))
    keys |= whole
    keys.discard("")
    whole.discard("")
    return frozenset(keys), frozenset(whole)


@lru_cache(maxsize=256)
def _prints(template: Template) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A template's line keys, its run-in labels' and its labels' (worked out once)."""
    return (template.fingerprint, frozenset(line_key(label) for label in template.run_in),
            frozenset(template.field_of))


def match_template(document: Document, templates: tuple[Template, ...],
                   keys: frozenset[str] | None = None) -> tuple[Template, float] | None:
    """The best-matching template and the share of its lines the document prints, or None."""
    if not templates:
        return None
    keys, whole = _keys(document) if keys is None else (keys, keys)
    best: tuple[bool, float, int, Template] | None = None
    for template in templates:
        lines, run_in, labels = _prints(template)
        if len(lines) < MIN_LINES:
            continue
        # a run-in label counts printed run in ("Key decision No") or alone on its line (each cell
        # of the table a line), not as "Key decision: No"
        printed = (((lines - run_in) & keys) | (run_in & whole)
                   | {label for label in run_in if any(k.startswith(label + " ") for k in keys)})
        # its labels alone may match: a page's chrome and letterhead vary more than its labels
        share = max(len(printed) / len(lines), len(printed & labels) / len(labels) if labels else 0.0)
        if len(printed) < MIN_LINES or share < MIN_SHARE:
            continue
        # a template people taught (gold, corrections) before one the run found in itself: what
        # a correction says outranks what recurs; then the larger share, then the more notices
        rank = (template.source != "run", share, template.taught)
        if best is None or rank > best[:3]:
            best = (*rank, template)
    return None if best is None else (best[3], round(best[1], 3))
