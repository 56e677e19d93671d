"""The output folder of a run the client drives (Dask, `extract_many`): a local folder or an fsspec URL.

The same promises as `batch.run_batch`'s folder: one run at a time (a local folder is locked),
half-written files of a killed run removed, the manifest read back for resume, one manifest
line per file as it finishes, compacted to one line per input and a ``summary.json`` at the end.
An object store has no append: its manifest lines go out as numbered part objects
(``.manifest-parts/``) every `PART_LINES` lines or `PART_SECONDS` seconds, which a resumed run
reads beside ``manifest.jsonl`` and the final compaction folds in and deletes.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .batch import MANIFEST, SUMMARY, Summary, _take_lock, text_lines
from .errors import OutputError
from .ledger import Ledger

PARTS = ".manifest-parts"
PART_LINES = 500
PART_SECONDS = 10.0


class LocalStore:
    def __init__(self, root: Path):
        self.root = root
        self.lock: Any = None
        self.handle: Any = None

    def open(self, ledger: Ledger) -> None:
        """Take the folder, and read the finished records into ``ledger``."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.lock = _take_lock(self.root)
            os.register_at_fork(after_in_child=self._drop_lock_copy)
            for stale in self.root.rglob(".*.tmp"):
                stale.unlink(missing_ok=True)
            if (self.root / MANIFEST).exists():
                with (self.root / MANIFEST).open("rb") as raw:
                    ledger.load_previous(text_lines(raw))
            self.handle = (self.root / MANIFEST).open("a", encoding="utf-8")
            if self.handle.tell() and not _ends_a_line(self.root / MANIFEST):
                self.handle.write("\n")
        except OSError as exc:
            self.release()
            raise OutputError(f"cannot write to {self.root}: {exc.strerror or exc}") from None

    def _drop_lock_copy(self) -> None:
        """In a process forked during the run (a pool worker, its file's child): close the copy of
        the folder's locked descriptor, so the lock goes when this run does, not when they do."""
        if self.lock is not None and self.lock.fd is not None:
            os.close(self.lock.fd)
            self.lock.fd = None

    def append(self, record: dict[str, Any]) -> None:
        try:
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.handle.flush()
        except OSError as exc:
            raise OutputError(f"cannot write to {self.root}: {exc.strerror or exc}") from None

    def finish(self, ledger: Ledger, summary: Summary) -> None:
        """The manifest compacted to one line per file (written beside it, then renamed over it), and the summary."""
        from .output import write_atomic

        try:
            self.handle.close()
            target, tmp = self.root / MANIFEST, self.root / f".{MANIFEST}.tmp"
            try:
                with target.open(encoding="utf-8") as lines, tmp.open("w", encoding="utf-8") as compacted:
                    compacted.writelines(ledger.compacted(lines))
                tmp.replace(target)
            except OSError:
                tmp.unlink(missing_ok=True)
                raise
            write_atomic(self.root / SUMMARY, json.dumps(summary.as_dict(), indent=2) + "\n")
        except OSError as exc:
            raise OutputError(f"cannot write to {self.root}: {exc.strerror or exc}") from None
        finally:
            self.release()

    def release(self) -> None:
        if self.handle is not None and not self.handle.closed:
            try:
                self.handle.close()
            except OSError:
                pass
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _ends_a_line(path: Path) -> bool:
    """Whether the file's last byte ends a line (a killed run may have left half a line)."""
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


class RemoteStore:
    """An fsspec URL as the output folder (no lock: object stores have none; one run per prefix)."""

    def __init__(self, root: str, clock: Callable[[], float] = time.monotonic):
        self.root = root.rstrip("/")
        self.lines: list[str] = []
        self.clock = clock
        self.last = clock()
        self.run = uuid.uuid4().hex[:12]
        self.parts = 0

    def _url(self, name: str) -> str:
        return f"{self.root}/{name}"

    def _lines(self) -> Iterator[str]:
        """The manifest's lines and then the parts' (as a resumed run reads them), streamed."""
        from .remote import filesystem

        fs, base = filesystem(self.root)
        objects = [f"{base}/{MANIFEST}"] if fs.exists(f"{base}/{MANIFEST}") else []
        if fs.exists(f"{base}/{PARTS}"):
            objects.extend(sorted(fs.find(f"{base}/{PARTS}")))
        for name in objects:
            with fs.open(name, "rb") as raw:
                yield from text_lines(raw)

    def open(self, ledger: Ledger) -> None:
        from .remote import unreachable

        try:
            ledger.load_previous(self._lines())
        except (OSError,) + unreachable() as exc:
            raise OutputError(f"cannot read {self.root}: {exc}") from None

    def append(self, record: dict[str, Any]) -> None:
        self.lines.append(json.dumps(record, ensure_ascii=False))
        if len(self.lines) >= PART_LINES or self.clock() - self.last >= PART_SECONDS:
            self._flush()

    def _flush(self) -> None:
        from .remote import unreachable, write_atomic

        if self.lines:
            self.parts += 1
            try:
                write_atomic(self._url(f"{PARTS}/{self.run}-{self.parts:06d}.jsonl"), "".join(l + "\n" for l in self.lines))
            except (OSError,) + unreachable() as exc:
                raise OutputError(f"cannot write to {self.root}: {exc}") from None
            self.lines = []
        self.last = self.clock()

    def finish(self, ledger: Ledger, summary: Summary) -> None:
        from .remote import filesystem, open_atomic, unreachable, write_atomic

        self._flush()
        try:
            lines = ledger.compacted(self._lines())  # reads every part before its first line...
            first = next(lines, "")
            with open_atomic(self._url(MANIFEST)) as compacted:  # ...so the manifest is replaced after
                compacted.write(first.encode("utf-8"))
                for line in lines:
                    compacted.write(line.encode("utf-8"))
            fs, base = filesystem(self.root)
            if fs.exists(f"{base}/{PARTS}"):
                fs.rm(f"{base}/{PARTS}", recursive=True)
            write_atomic(self._url(SUMMARY), json.dumps(summary.as_dict(), indent=2) + "\n")
        except (OSError,) + unreachable() as exc:
            raise OutputError(f"cannot write to {self.root}: {exc}") from None

    def release(self) -> None:
        """Leave what is written: the parts sent so far are what a resumed run reads."""
        try:
            self._flush()
        except OutputError:
            pass


def open_store(root: str | Path) -> LocalStore | RemoteStore:
    from .remote import is_url, local_path

    return RemoteStore(str(root)) if is_url(root) else LocalStore(Path(local_path(str(root))))
