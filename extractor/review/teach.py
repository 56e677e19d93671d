"""Corrections become data: the printed label in front of a selected value, proposed for the lexicon.

When a reviewer selects a value that sits right after a label on its line ("Signed off by:
Head of Parks") and the lexicon does not know that label for that field, the label is proposed
for a user lexicon file in the format of `extractor/data/labels.toml`, which `extract --lexicon`
reads on top of the bundled one.
"""

from __future__ import annotations

import bisect
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..document import Document
from ..lexicon import load_lexicon, normalise_label
from .values import provenance_key

_TAIL = regex.compile(r"[\s:;?\-–—.]+$")
_GAP = regex.compile(r"(?:\s{2,}|\t)$")
MAX_LABEL_WORDS = 8


def label_before(document: Document, start: int) -> str | None:
    """The printed text before ``start`` on its line, as a label (None when it is no label)."""
    row = bisect.bisect_right(document.line_starts, start) - 1
    if row < 0:
        return None
    line = document.lines[row]
    if start > line.end:
        return None
    text = document.text[line.content_start:start]
    label = _TAIL.sub("", text).strip()
    if not label or not label[0].isalpha() or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if text.strip() == label and not _GAP.search(text):
        return None  # no separator (":", "-", "?" or a table's gap) between label and value
    return label


def proposals(corrections: list[dict[str, Any]], known: dict[str, set[str]] | None = None) -> list[dict[str, Any]]:
    """(field, label) pairs from corrected spans whose label the lexicon does not map to that field,
    with how many corrections each came from; ``known`` is a user lexicon already holding some."""
    lexicon = load_lexicon()
    found: Counter[tuple[str, str]] = Counter()
    printed: dict[tuple[str, str], str] = {}
    for correction in corrections:
        span = correction.get("span") or {}
        label, name = span.get("label"), correction.get("field")
        if correction.get("action") != "set" or not label or not name:
            continue
        field = provenance_key(name)
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and entry.field == field:
            continue
        key = (field, normalise_label(label))
        if known and key[1] in {normalise_label(x) for x in known.get(field, set())}:
            continue
        found[key] += 1
        printed.setdefault(key, label)
    return [{"field": field, "label": printed[(field, key)], "corrections": count,
             "known_as": _known_as(lexicon, printed[(field, key)])}
            for (field, key), count in found.most_common()]


def _known_as(lexicon: Any, label: str) -> str | None:
    entry = lexicon.lookup(label, approximate=False)
    return None if entry is None else (entry.field or entry.kind)


def read_user_lexicon(path: Path) -> dict[str, set[str]]:
    """The labels per field in a user lexicon file ({} when it does not exist yet)."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {field: set(spec.get("labels", [])) for field, spec in data.get("fields", {}).items()}


def write_user_lexicon(path: Path, labels: dict[str, set[str]]) -> None:
    """Write the user lexicon, in labels.toml's format (fields in the contract's order)."""
    lines = ["# A user lexicon: labels this archive prints, added to the bundled extractor/data/labels.toml.",
             "# Use it with: decision-extractor extract --lexicon THIS_FILE ...", ""]
    for field in sorted(labels):
        quoted = ", ".join(_toml_string(label) for label in sorted(labels[field]))
        lines += [f"[fields.{field}]", f"labels = [{quoted}]", ""]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(path)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
