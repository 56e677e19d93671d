"""A run's output folder: a local folder or an fsspec URL, for every pool alike.

One run at a time (a local folder is locked), half-written files of a killed run removed, the
manifest read back for resume (into the run's `Ledger`, which also claims each input's output
name), manifest lines appended in batches as files finish (`manifest.ManifestWriter`), compacted
to one line per input and a ``summary.json`` at the end. An object store has no append: its
manifest lines go out as numbered part objects (``.manifest-parts/``) every `PART_LINES` lines
or `PART_SECONDS` seconds, which a resumed run reads beside ``manifest.jsonl`` and the final
compaction folds in and deletes.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .ledger import Ledger
from .manifest import ManifestWriter, take_lock, text_lines
from .summary import Summary
from .values import MANIFEST, SUMMARY

PARTS = ".manifest-parts"
PART_LINES = 500
PART_SECONDS = 10.0


class LocalStore:
    """A folder on this machine. ``lines``: how many manifest lines are held before they are
    appended (or `manifest.MANIFEST_EVERY` seconds): the fork pool's runs, thousands of files a
    second on one machine, append in batches; a run the client drives appends each line as its
    file finishes (its replies come a chunk at a time, and a client killed while its cluster
    holds a slow file must leave every finished file in the manifest)."""

    def __init__(self, root: Path, clock: Callable[[], float] = time.monotonic, *, lines: int = 1):
        self.root = root
        self.clock = clock
        self.lines = lines
        self.lock: Any = None
        self.writer: ManifestWriter | None = None

    @property
    def out_root(self) -> str:
        """Where workers write outputs."""
        return str(self.root)

    @property
    def manifest_name(self) -> str:
        return str(self.root / MANIFEST)

    def open(self, ledger: Ledger) -> None:
        """Take the folder, and read the finished records into ``ledger``."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.lock = take_lock(self.root)
            os.register_at_fork(after_in_child=self._drop_lock_copy)
            for stale in self.root.rglob(".*.tmp"):  # half-written files of an interrupted run
                stale.unlink(missing_ok=True)
            if (self.root / MANIFEST).exists():
                with (self.root / MANIFEST).open("rb") as raw:
                    ledger.load_previous(text_lines(raw))
            handle = (self.root / MANIFEST).open("a", encoding="utf-8")
            if handle.tell() and not _ends_a_line(self.root / MANIFEST):
                handle.write("\n")  # a line cut short by a kill or a full disk stays alone
            self.writer = ManifestWriter(handle, self.root, self.clock, lines=self.lines)
        except OSError as exc:
            self.release()
            raise OutputError(f"cannot write to {self.root}: {exc.strerror or exc}") from None

    def _drop_lock_copy(self) -> None:
        """In a process forked during the run (a pool worker, its file's child): close the copy of
        the folder's locked descriptor, so the lock goes when this run does, not when they do."""
        if self.lock is not None and self.lock.fd is not None:
            os.close(self.lock.fd)
            self.lock.fd = None

    def append(self, line: str) -> None:
        assert self.writer is not None
        self.writer.add(line)

    def finish(self, ledger: Ledger, summary: Summary) -> None:
        """The manifest compacted to one line per file (written beside it, then renamed over it), and the summary."""
        from ..output import write_atomic

        try:
            self._close_manifest(quietly=False)
            target, tmp = self.root / MANIFEST, self.root / f".{MANIFEST}.tmp"
            try:
                with target.open("rb") as raw, tmp.open("w", encoding="utf-8") as compacted:
                    compacted.writelines(ledger.compacted(text_lines(raw)))  # a damaged line left out
                tmp.replace(target)
            except OSError:
                tmp.unlink(missing_ok=True)
                raise
            write_atomic(self.root / SUMMARY, json.dumps(summary.as_dict(), indent=2) + "\n")
        except OSError as exc:
            raise OutputError(f"cannot write to {self.root}: {exc.strerror or exc}") from None
        finally:
            self.release()

    def _close_manifest(self, *, quietly: bool) -> None:
        """Append what is held and close the manifest; ``quietly``: a buffer that cannot be
        written is given up (the lines written so far stand, and their files are kept)."""
        writer, self.writer = self.writer, None
        if writer is None or writer.handle.closed:
            return
        try:
            writer.close()
        except (OSError, OutputError):
            if not quietly:
                raise
            try:
                writer.handle.close()
            except OSError:
                pass

    def release(self) -> None:
        """Let the folder go (the run stopped, or it is finished): what is written stands."""
        self._close_manifest(quietly=True)
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _ends_a_line(path: Path) -> bool:
    """Whether the file's last byte ends a line (a killed run may have left half a line)."""
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


class _Parts:
    """An object store's manifest as `ManifestWriter` writes it: each write a part object."""

    def __init__(self, root: str):
        self.root = root
        self.run = uuid.uuid4().hex[:12]
        self.parts = 0
        self.closed = False

    def write(self, text: str) -> None:
        from ..remote import unreachable, write_atomic

        self.parts += 1
        try:
            write_atomic(f"{self.root}/{PARTS}/{self.run}-{self.parts:06d}.jsonl", text)
        except unreachable() as exc:
            raise OSError(str(exc)) from None

    def flush(self) -> None:
        """Each part is written whole: nothing is held."""

    def close(self) -> None:
        self.closed = True


class RemoteStore:
    """An fsspec URL as the output folder (no lock: object stores have none; one run per prefix)."""

    def __init__(self, root: str, clock: Callable[[], float] = time.monotonic):
        self.root = root.rstrip("/")
        self.writer = ManifestWriter(_Parts(self.root), self.root, clock, lines=PART_LINES, every=PART_SECONDS)

    @property
    def out_root(self) -> str:
        return self.root

    @property
    def manifest_name(self) -> str:
        return self._url(MANIFEST)

    def _url(self, name: str) -> str:
        return f"{self.root}/{name}"

    def _lines(self) -> Iterator[str]:
        """The manifest's lines and then the parts' (as a resumed run reads them), streamed."""
        from ..remote import filesystem

        fs, base = filesystem(self.root)
        objects = [f"{base}/{MANIFEST}"] if fs.exists(f"{base}/{MANIFEST}") else []
        if fs.exists(f"{base}/{PARTS}"):
            objects.extend(sorted(fs.find(f"{base}/{PARTS}")))
        for name in objects:
            with fs.open(name, "rb") as raw:
                yield from text_lines(raw)

    def open(self, ledger: Ledger) -> None:
        from ..remote import unreachable

        try:
            ledger.load_previous(self._lines())
        except (OSError,) + unreachable() as exc:
            raise OutputError(f"cannot read {self.root}: {exc}") from None

    def append(self, line: str) -> None:
        self.writer.add(line)

    def finish(self, ledger: Ledger, summary: Summary) -> None:
        from ..remote import filesystem, open_atomic, unreachable, write_atomic

        self.writer.flush()
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
            self.writer.flush()
        except OutputError:
            pass


Store = LocalStore | RemoteStore


def open_store(root: str | Path) -> Store:
    from ..remote import is_url, local_path

    return RemoteStore(str(root)) if is_url(root) else LocalStore(Path(local_path(str(root))))
