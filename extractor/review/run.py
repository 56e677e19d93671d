"""A batch run's OUT folder as the desk sees it: the manifest's files and their notices.

Everything is read from OUT (the manifest, each result JSON) and re-read when the manifest
changes, so a re-run while the desk is open shows up on the next request. A path that would
leave OUT is refused, whatever the manifest or a request says.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..runs.manifest import load_manifest
from ..runs.values import MANIFEST


class ReviewError(Exception):
    """A request or folder the desk cannot serve; ``code`` is stable, ``status`` the HTTP answer."""

    def __init__(self, message: str, *, code: str, status: int = 400):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the queue: a notice, or a file that gave none (failed or skipped)."""

    id: str
    row: int
    notice_index: int | None
    record: dict[str, Any]  # the manifest line


@dataclass(frozen=True, slots=True)
class RecordSource:
    """A web archive's record as a source: its bytes are the payload of the record at ``offset``
    inside ``archive`` (read on demand, never the whole archive). Reads like a `Path` does where
    the desk needs it (``read_bytes``, ``str``)."""

    archive: Path
    offset: int

    def read_bytes(self) -> bytes:
        from ..webarchive import read_member

        try:
            return read_member(str(self.archive), self.offset)
        except (EOFError, ValueError) as exc:
            raise OSError(f"no readable record at offset {self.offset} of {self.archive}: {exc}") from None

    def __str__(self) -> str:
        return f"{self.archive}#{self.offset}"


def notice_id(path: str, notice_index: int | None) -> str:
    """A notice's id: a digest of its file's path as the run was given it, and its index.

    Made from the path, not the manifest row, so an id (a page's URL, an open tab) names the
    same notice after a re-run that added, dropped or reordered files; the manifest holds one
    line per path, so no two files share one.
    """
    key = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{key}-{notice_index if notice_index is not None else 'file'}"


class Run:
    """The run in one OUT folder. Cheap to ask again: the manifest is re-read only when it changed."""

    def __init__(self, out: Path, source_roots: tuple[Path, ...] = ()):
        self.out = out.resolve()
        self.source_roots = tuple(r.resolve() for r in source_roots) + (Path.cwd(), self.out.parent)
        self._stamp: tuple[float, int] | None = None
        self._rows: list[dict[str, Any]] = []
        self._by_key: dict[str, int] = {}  # notice_id's path digest -> manifest row
        self._results: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}  # output -> (stamp, result)

    # -- the manifest ------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        path = self.out / MANIFEST
        try:
            st = path.stat()
        except OSError:
            raise ReviewError(f"{self.out} has no {MANIFEST}: is it the -o folder of an extract run?",
                              code="no_manifest", status=404) from None
        stamp = (st.st_mtime, st.st_size)
        if stamp != self._stamp:
            self._rows = list(load_manifest(path).values())
            self._by_key = {notice_id(r["path"], None).partition("-")[0]: n for n, r in enumerate(self._rows)}
            self._stamp = stamp
        return self._rows

    def entries(self) -> list[Entry]:
        entries: list[Entry] = []
        for row, record in enumerate(self.rows()):
            count = record.get("notices") or 0
            if count:
                entries.extend(Entry(notice_id(record["path"], i), row, i, record) for i in range(count))
            else:
                entries.append(Entry(notice_id(record["path"], None), row, None, record))
        return entries

    def entry(self, entry_id: str) -> Entry:
        key, _, index_text = entry_id.partition("-")
        rows = self.rows()
        row = self._by_key.get(key)
        if row is None or not (index_text.isdigit() or index_text == "file"):
            raise ReviewError(f"no notice {entry_id!r} in this run", code="not_found", status=404)
        index = None if index_text == "file" else int(index_text)
        count = rows[row].get("notices") or 0
        if (index is None and count) or (index is not None and index >= count):
            raise ReviewError(f"no notice {entry_id!r} in this run", code="not_found", status=404)
        return Entry(entry_id, row, index, rows[row])

    # -- files ---------------------------------------------------------------------------------
    def inside(self, relative: str) -> Path:
        """OUT/relative, refused (403) when it would leave OUT (``..``, an absolute path, a symlink)."""
        if not relative or "\x00" in relative or os.path.isabs(relative):
            raise ReviewError(f"{relative!r} is not a path inside the run folder", code="outside_out", status=403)
        path = (self.out / relative).resolve()
        if path != self.out and self.out not in path.parents:
            raise ReviewError(f"{relative!r} is outside the run folder", code="outside_out", status=403)
        return path

    def result(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """The result JSON the run wrote for a manifest line (None for a skipped file)."""
        if not record.get("output"):
            return None
        path = self.inside(record["output"])
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
            cached = self._results.get(record["output"])
            if cached and cached[0] == stamp:
                return cached[1]
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ReviewError(f"the output {record['output']} is missing or unreadable; re-run the extraction",
                              code="output_unreadable", status=409) from None
        why = _not_its_result(result, record)
        if why:
            raise ReviewError(f"the output {record['output']} {why}: it was replaced since the run; re-run the "
                              "extraction", code="output_unreadable", status=409)
        self._results[record["output"]] = (stamp, result)
        return result

    def source(self, record: dict[str, Any]) -> Path | RecordSource | None:
        """The input file, as found now (the manifest keeps the path as given to `extract`); for a
        web archive's record, the record inside its archive (found the same way)."""
        if record.get("archive") and isinstance(record.get("record_offset"), int):
            archive = self._find(record["archive"])
            return None if archive is None else RecordSource(archive, record["record_offset"])
        return self._find(record["path"])

    def _find(self, path: str) -> Path | None:
        given = Path(path)
        candidates = [given] if given.is_absolute() else [root / given for root in self.source_roots]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        return None


def _not_its_result(result: Any, record: dict[str, Any]) -> str | None:
    """Why ``result`` is not the result the manifest line says was written (None: it is): another
    shape, another file's bytes, another count of notices."""
    if not isinstance(result, dict) or not isinstance(result.get("source"), dict):
        return "is no extraction result"
    notices = result.get("notices")
    if not isinstance(notices, list) or not all(isinstance(n, dict) for n in notices):
        return "is no extraction result"
    if record.get("sha256") and result["source"].get("sha256") != record["sha256"]:
        return "is the result of other bytes than the manifest's"
    if len(notices) != (record.get("notices") or 0) and record.get("outcome") not in ("failed", "skipped"):
        return f"holds {len(notices)} notices, not the manifest's {record.get('notices') or 0}"
    return None


def open_run(out: Path, source_roots: tuple[Path, ...] = ()) -> Run:
    """The run in OUT; raises `ReviewError` (no_manifest) when OUT holds no extract run."""
    if not out.is_dir():
        raise ReviewError(f"{out} is not a folder", code="no_manifest", status=404)
    run = Run(out, source_roots)
    run.rows()
    return run
