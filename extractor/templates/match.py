"""Which template a document was printed from: of those people taught (gold, corrections), else of
those a run found, the one whose lines it prints the largest share of.

A document matches a template when it prints at least ``MIN_SHARE`` of the template's lines
(labels and furniture, compared by `line_key`), or of its labels alone, and at least
``MIN_LINES`` of them (a run-in label counts where a line starts with it or is it alone); a document
of a layout no template knows matches none and is read as it would be without templates.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ..document import Document
from .model import LABEL_PART, Template, line_key

MIN_SHARE = 0.6  # of a template's lines a document must print to be read through it
MIN_LINES = 2  # and never fewer than this many: one shared line ("Decision") is no template


MAX_PREFIX_WORDS = 8  # a run-in label longer than this is never looked for at a line's start


class Printed(NamedTuple):
    """What a document prints, by line key, worked out once for matching and reading: ``lines``
    the key of each of its lines (in order, "" for a blank one), ``keys`` those keys and each
    line's label part's ("Portfolio: Housing" gives "portfolio: housing" and "portfolio"),
    ``whole`` its whole lines' alone, ``starts`` the first words of each line that has more after them."""

    lines: tuple[str, ...]
    keys: frozenset[str]
    whole: frozenset[str]
    starts: frozenset[str]


def printed(document: Document) -> Printed:
    """The document's line keys (`Printed`)."""
    lines: list[str] = []
    keys: set[str] = set()
    starts: set[str] = set()
    for line in document.lines:
        text = document.text[line.content_start:line.end]
        key = line_key(text) if text.strip() else ""
        lines.append(key)
        if not key:
            continue
        prefix = LABEL_PART.match(text.strip())
        if prefix:
            keys.add(line_key(prefix.group("label")))
        words = key.split(" ")
        starts.update(" ".join(words[:n]) for n in range(1, min(MAX_PREFIX_WORDS, len(words) - 1) + 1))
    whole = frozenset(lines) - {""}
    keys |= whole
    keys.discard("")
    return Printed(tuple(lines), frozenset(keys), whole, frozenset(starts))


def document_keys(document: Document) -> frozenset[str]:
    """The keys of a document's lines, and of each line's label part ("Portfolio: Housing" gives
    "portfolio: housing" and "portfolio")."""
    return printed(document).keys


@lru_cache(maxsize=256)
def _prints(template: Template) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A template's line keys, its run-in labels' and its labels' (worked out once)."""
    return (template.fingerprint, frozenset(line_key(label) for label in template.run_in),
            frozenset(template.field_of))


def match_template(document: Document, templates: tuple[Template, ...],
                   keys: frozenset[str] | Printed | None = None) -> tuple[Template, float] | None:
    """The best-matching template and the share of its lines the document prints, or None.
    ``keys``: the document's `printed` keys when worked out already (or a set of line keys).
    Every comparison is a set operation on line keys: no pattern is tried per line or template."""
    if not templates:
        return None
    if keys is None or isinstance(keys, Printed):
        found = printed(document) if keys is None else keys
        keys, whole, starts = found.keys, found.whole, found.starts
    else:
        whole = keys
        starts = frozenset(" ".join(k.split(" ")[:n]) for k in keys for n in range(1, min(MAX_PREFIX_WORDS, k.count(" ")) + 1))
    best: tuple[bool, float, int, Template] | None = None
    for template in templates:
        lines, run_in, labels = _prints(template)
        if len(lines) < MIN_LINES:
            continue
        # a run-in label counts printed run in ("Key decision No") or alone on its line (each cell
        # of the table a line), not as "Key decision: No"
        shown = ((lines - run_in) & keys) | (run_in & whole) | (run_in & starts)
        # its labels alone may match: a page's chrome and letterhead vary more than its labels
        share = max(len(shown) / len(lines), len(shown & labels) / len(labels) if labels else 0.0)
        if len(shown) < MIN_LINES or share < MIN_SHARE:
            continue
        # a template people taught (gold, corrections) before one the run found in itself: what
        # a correction says outranks what recurs; then the larger share, then the more notices
        rank = (template.source != "run", share, template.taught)
        if best is None or rank > best[:3]:
            best = (*rank, template)
    return None if best is None else (best[3], round(best[1], 3))
