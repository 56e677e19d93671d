"""The manifest as a file: read back (`load_manifest`, `text_lines`), appended in batches
(`ManifestWriter`), and the output folder held by one run at a time (`take_lock`). What is kept
of it and how it is compacted is `ledger`'s; where it lives (a folder, an object store) is `store`'s.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .paths import record_key

MANIFEST_EVERY = 0.5  # seconds the supervisor holds manifest lines at most before appending them
MANIFEST_LINES = 256  # or this many lines


class ManifestWriter:
    """Appends manifest lines in batches (a write per ``MANIFEST_LINES`` lines or ``MANIFEST_EVERY``
    seconds, not per file): a kill loses at most those lines, whose files the next run redoes."""

    def __init__(self, handle: Any, where: Path | str, clock: Callable[[], float] = time.monotonic, *,
                 lines: int = MANIFEST_LINES, every: float = MANIFEST_EVERY):
        """``handle``: what is written to (an open manifest, or an object store's parts: anything
        with ``write``, ``flush`` and ``close``); ``where``: what an error names."""
        self.handle, self.where, self.clock = handle, where, clock
        self.most, self.every = lines, every
        self.lines: list[str] = []
        self.last = clock()

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= self.most or self.clock() - self.last >= self.every:
            self.flush()

    def close(self) -> None:
        """Append what is held, then close the manifest."""
        self.flush()
        self.handle.close()

    def flush(self) -> None:
        self.last = self.clock()
        if not self.lines:
            return
        text, self.lines = "".join(self.lines), []
        try:
            self.handle.write(text)
            self.handle.flush()
        except OSError as exc:
            raise OutputError(f"cannot write to {self.where}: {exc.strerror or exc}") from None



def load_manifest(path: Path, damaged: list[int] | None = None) -> dict[str, dict[str, Any]]:
    """The last record per input path in a (possibly interrupted) manifest; the numbers of the
    lines left out (cut short, not UTF-8, not a record) are appended to ``damaged``."""
    return {key: record for key, record, _ in manifest_lines(path, damaged)}


def text_lines(raw: Iterable[bytes]) -> Iterator[str]:
    r"""The lines of a file the project wrote (a manifest), each decoded alone: a line that is not
    UTF-8 (damaged, or edited by hand) is given as ``""``, no record, so the lines after it keep
    their numbers and a reader (`records`) can say which line it left out, as for a line cut short.

    >>> import io
    >>> list(text_lines(io.BytesIO(b'{"a": 1}\n{"b": "\xff"}\n{"c": 3}')))
    ['{"a": 1}\n', '', '{"c": 3}']
    """
    for line in raw:
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            yield ""


Record = tuple[str, dict[str, Any], str]  # an input's key, its record, and its line as written (ending a line)


def records(lines: Iterable[str], damaged: list[int] | None = None) -> Iterator[Record]:
    """Each whole record of a manifest's lines (`text_lines`) with its input's key and its line
    as written; the numbers (from 1) of the lines that are no record (cut short by a kill or a
    full disk, not UTF-8, not a record) go to ``damaged`` (blank lines are not counted)."""
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line) if line else None
        except json.JSONDecodeError:
            record = None
        if isinstance(record, dict) and "path" in record:
            yield record_key(record), record, line if line.endswith("\n") else line + "\n"
        elif damaged is not None and (line == "" or line.strip()):
            damaged.append(number)


def manifest_lines(path: Path, damaged: list[int] | None = None) -> Iterator[Record]:
    """`records` of the manifest at ``path`` (none if there is none)."""
    if not path.exists():
        return
    with path.open("rb") as raw:
        yield from records(text_lines(raw), damaged)


def damaged_note(name: str, damaged: list[int]) -> str:
    """What a run says of the manifest lines it left out.

    >>> damaged_note("manifest.jsonl", [30])
    'manifest.jsonl line 30 is damaged (cut short by a kill or a full disk, or not a record): left out; inputs without a whole line are read again'
    >>> damaged_note("manifest.jsonl", [2, 9])
    'manifest.jsonl lines 2, 9 are damaged (cut short by a kill or a full disk, or not a record): left out; inputs without a whole line are read again'
    """
    shown = ", ".join(map(str, damaged[:5])) + (f" and {len(damaged) - 5} more" if len(damaged) > 5 else "")
    where = f"line {shown} is" if len(damaged) == 1 else f"lines {shown} are"
    return (f"{name} {where} damaged (cut short by a kill or a full disk, or not a record): left out; "
            "inputs without a whole line are read again")


def take_lock(out: Path) -> Any:
    """One run at a time per output folder: a second run refuses instead of interleaving."""
    import fcntl

    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)  # the folder itself: no lock file left behind
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputError(f"another run is writing to {out}; wait for it to finish (or use another -o)") from None
    return Lock(fd)


class Lock:
    """An open folder holding its flock; closing it releases the lock."""

    def __init__(self, fd: int):
        self.fd: int | None = fd

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

