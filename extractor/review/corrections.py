"""OUT/corrections.jsonl: every correction a reviewer made, appended, never rewritten.

One JSON object per line: who (may be blank), when (UTC), the file's sha256 and path, the
notice index, the field, the value the correction was made on (``old``), the new value, and
the span/page/box it was selected from. ``action`` is ``set``, ``clear`` or ``reviewed``.
Appends take an exclusive lock and write one whole line, so two tabs saving at once lose no
write; a line that does not parse is reported and the others are kept.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE = "corrections.jsonl"
ACTIONS = ("set", "clear", "reviewed")
_KEYS = {"sha256": str, "notice_index": int, "action": str}


@dataclass(frozen=True, slots=True)
class Loaded:
    corrections: list[dict[str, Any]]
    problems: list[str]  # "corrections.jsonl line 7: not JSON" and the like


class CorrectionStore:
    def __init__(self, out: Path):
        self.path = out / FILE
        self._stamp: tuple[int, int] | None = None
        self._loaded = Loaded([], [])

    def append(self, correction: dict[str, Any]) -> dict[str, Any]:
        """Stamp the time and write the correction as one line, under an exclusive lock."""
        record = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), **correction}
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                if os.fstat(fd).st_size and not _ends_with_newline(fd):
                    line = b"\n" + line  # a line cut short by a crash stays one corrupt line, not two
                os.write(fd, line)
                os.fsync(fd)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        return record

    def load(self) -> Loaded:
        """Every readable correction in file order, and a note per line that is not (cached until
        the file changes)."""
        try:
            st = self.path.stat()
        except OSError:
            return Loaded([], [])
        if (st.st_mtime_ns, st.st_size) == self._stamp:
            return self._loaded
        corrections, problems = [], []
        with self.path.open("rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            data = handle.read()
        for number, raw in enumerate(data.split(b"\n"), 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                problems.append(f"{FILE} line {number}: not a JSON object; skipped")
                continue
            reason = _invalid(record)
            if reason:
                problems.append(f"{FILE} line {number}: {reason}; skipped")
                continue
            corrections.append(record)
        self._stamp, self._loaded = (st.st_mtime_ns, st.st_size), Loaded(corrections, problems)
        return self._loaded


def _ends_with_newline(fd: int) -> bool:
    return os.pread(fd, 1, os.fstat(fd).st_size - 1) == b"\n"


def _invalid(record: Any) -> str | None:
    """Why a line is no correction the desk can lay over a result (None: it is one). Every field
    is checked for the shape the desk writes, so a hand-edited line fails here, alone, and not in
    a page of the desk."""
    from pydantic import ValidationError

    from ..models import Span
    from .values import FIELDS, ValueRefused, coerce

    if not isinstance(record, dict):
        return "not a JSON object"
    for key, kind in _KEYS.items():
        if not isinstance(record.get(key), kind) or isinstance(record.get(key), bool):
            return f"'{key}' is missing or not a {kind.__name__}"
    if record["notice_index"] < 0:
        return "'notice_index' is negative"
    if record["action"] not in ACTIONS:
        return f"unknown action {record['action']!r}"
    for key in ("who", "when"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"'{key}' is not text"
    if record["action"] == "reviewed":
        return None
    if record.get("field") not in FIELDS:
        return "'field' is missing or no field of a notice"
    new = record.get("new")
    if record["action"] == "set" and new is not None:
        try:
            if coerce(record["field"], new) != new:
                return f"'new' is not a value of {record['field']}"
        except (ValueRefused, TypeError, ValueError):
            return f"'new' is not a value of {record['field']}"
    span = record.get("span")
    if span is not None:
        try:
            Span.model_validate_json(json.dumps(span), strict=True)  # as JSON: a box is a list there
        except (ValidationError, TypeError, ValueError):
            return "'span' is not a span of the text"
    return None
