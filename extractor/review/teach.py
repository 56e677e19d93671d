"""Corrections become data: the printed label in front of a selected value, proposed for the lexicon.

When a reviewer selects a value that sits right after a label on its line ("Signed off by:
Head of Parks") and the lexicon does not know that label for that field, the label is proposed
for a user lexicon file in the format of `extractor/data/labels.toml`, which `extract --lexicon`
reads on top of the bundled one.
"""

from __future__ import annotations

import bisect
import fcntl
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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
    from ..lexicon import LexiconError

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return {field: set(spec["labels"]) for field, spec in data.get("fields", {}).items()}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise LexiconError(f"lexicon {path}: cannot be read ({exc})") from None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``path`` (on its companion ``.NAME.lock``): a read, change and
    write of the file under it is one step for every thread and process of every desk."""
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and the lock with it


def replace_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file of a name no other writer has, then
    rename it over: a reader sees the old file or the new, never a mix, and two writers never
    share (or remove) each other's temporary file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_user_lexicon(path: Path, labels: dict[str, set[str]]) -> None:
    """Write the user lexicon, in labels.toml's format (fields in the contract's order); hold
    `locked` around the read that ``labels`` came from."""
    replace_atomically(path, lexicon_text(labels))


def lexicon_text(labels: dict[str, set[str]]) -> str:
    lines = ["# A user lexicon: labels this archive prints, added to the bundled extractor/data/labels.toml.",
             "# Use it with: decision-extractor extract --lexicon THIS_FILE ...", ""]
    for field in sorted(labels):
        quoted = ", ".join(_toml_string(label) for label in sorted(labels[field]))
        lines += [f"[fields.{field}]", f"labels = [{quoted}]", ""]
    return "\n".join(lines)


def trial_lexicon(scratch: Path, labels: dict[str, set[str]], field: str, label: str) -> Path:
    """A user lexicon with one more label, written under a name of its content (so a cached load
    of an older version is never reused); raises LexiconError when it clashes with the bundled one."""
    import hashlib

    trial = {k: set(v) for k, v in labels.items()}
    trial.setdefault(field, set()).add(label)
    text = lexicon_text(trial)
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / f"lexicon-{hashlib.sha256(text.encode()).hexdigest()[:16]}.toml"
    if not path.exists():  # never half-written: another request may load it at once
        replace_atomically(path, text)
    load_lexicon((str(path),))
    return path


def mentions(result: Any, label: str) -> bool:
    """Whether ``label``'s words are anywhere in a result (a value, a span's raw text or label,
    ``other_sections``), whatever the case and spacing. Every line of a document lands in one
    field or in other_sections, so a file whose result does not hold the words does not print
    the label, and cannot extract differently with it: only the others need extracting again.

    >>> mentions({"notices": [{"other_sections": [{"heading": "SIGNATORY\\nofficer", "text": "X"}]}]},
    ...          "Signatory officer")
    True
    >>> mentions({"notices": [{"title": "Signatory", "decision": "officer"}]}, "Signatory officer")
    False
    """
    words = " ".join(label.lower().split())

    def strings(value: Any) -> Any:
        if isinstance(value, str):
            yield " ".join(value.lower().split())
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    return any(words in text for text in strings(result))


def would_change(view: Any, lexicon: Path, label: str = "", limit: int = 2000) -> int:
    """How many notices of the run extract differently with ``lexicon`` (text, PDF and Word files;
    scans are left out: OCR takes seconds a page). Only files whose result mentions ``label``
    are extracted again, at most ``limit`` of them, so the report stays quick on a big run."""
    from itertools import zip_longest

    from ..fields import VALUE_FIELDS
    from ..pipeline import extract_record

    changed = tried = 0
    for record in view.run.rows():
        if record.get("format") not in ("text", "pdf", "docx") or record.get("outcome") in ("failed", "skipped"):
            continue
        try:
            before = view.run.result(record)
        except Exception:  # noqa: BLE001 - an unreadable output counts for nothing
            continue
        if before is None or (label and not mentions(before, label)):
            continue
        source = view.run.source(record)
        if source is None or tried >= limit:
            continue
        tried += 1
        after = extract_record(source, lexicon=(str(lexicon),))
        if after["source"]["sha256"] != record.get("sha256"):
            continue
        for old, new in zip_longest(before["notices"], after["notices"]):
            if old is None or new is None or any(old.get(f) != new.get(f) for f in VALUE_FIELDS):
                changed += 1
    return changed


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
