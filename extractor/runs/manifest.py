"""The manifest as a file: read back (`load_manifest`, `text_lines`), appended in batches
(`ManifestWriter`), and the output folder held by one run at a time (`take_lock`). What is kept
of it and how it is compacted is `ledger`'s; where it lives (a folder, an object store) is `store`'s.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

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



def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The last record per input path in a (possibly interrupted) manifest."""
    return {key: record for key, record, _ in manifest_lines(path)}


def text_lines(raw: IO[bytes]) -> Iterator[str]:
    r"""The lines of a file the project wrote (a manifest), each decoded alone: a line that is not
    UTF-8 (damaged, or edited by hand) is left out, as a line cut short is, and the rest are read.

    >>> import io
    >>> list(text_lines(io.BytesIO(b'{"a": 1}\n{"b": "\xff"}\n{"c": 3}')))
    ['{"a": 1}\n', '{"c": 3}']
    """
    for line in raw:
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            continue


def manifest_lines(path: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Each whole record of a manifest with its input's key and its line as written."""
    if not path.exists():
        return
    with path.open("rb") as raw:
        for line in text_lines(raw):
            try:
                record = json.loads(line)
            except json.JSONDecodeError:  # a line cut short by a kill
                continue
            if isinstance(record, dict) and "path" in record:
                yield record_key(record), record, line if line.endswith("\n") else line + "\n"



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

