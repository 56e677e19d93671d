"""A run's counts and how people see them: `Summary` (``summary.json``), `Progress` (the bar on
a terminal, a log line otherwise) and the closing line (`format_summary`), in the one vocabulary
the command line, the desk's queue and its report share."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._version import __version__
from .values import NOT_ON_DISK, ManifestRecord


@dataclass
class Summary:
    """A run's counts, in the one vocabulary the command line, `summary.json` (`models.RunSummary`),
    the desk's queue and its report share: *files on disk* (a web archive once), *inputs* (files
    and web archive records: one manifest line each; ``total``), *notices*, and outcomes, which
    count inputs."""

    total: int = 0  # inputs
    by_outcome: Counter = field(default_factory=Counter)
    by_format: Counter = field(default_factory=Counter)
    by_warning: Counter = field(default_factory=Counter)
    by_error: Counter = field(default_factory=Counter)
    resumed: int = 0
    seconds: float = 0.0
    notices: int = 0
    plain_files: int = 0  # inputs that are files of their own (not a record, a folder or a missing path)
    archives: set[str] = field(default_factory=set)  # web archives whose records are inputs
    records: int = 0  # inputs that are web archive records

    @property
    def files_on_disk(self) -> int:
        return self.plain_files + len(self.archives)
    templates: list[dict[str, Any]] = field(default_factory=list)  # found in the run's own files

    def as_dict(self) -> dict[str, Any]:
        return {"extractor_version": __version__, "files_on_disk": self.files_on_disk, "inputs": self.total,
                "files": self.total, "notices": self.notices, "resumed": self.resumed,
                "seconds": round(self.seconds, 3), "by_outcome": dict(self.by_outcome),
                "by_format": dict(self.by_format), "by_warning_code": dict(self.by_warning),
                "by_error_code": dict(self.by_error), "templates_found": self.templates}

    def add(self, record: Mapping[str, Any] | ManifestRecord) -> None:
        """Count one input's manifest record (its JSON data, or the typed record: read by key alike)."""
        self.total += 1
        self.notices += int(record.get("notices") or 0)
        if record.get("archive"):
            self.archives.add(record["archive"])
            self.records += 1
        elif record.get("error_code") not in NOT_ON_DISK:
            self.plain_files += 1
        self.by_outcome[record["outcome"]] += 1
        self.by_format[record.get("format") or "unknown"] += 1
        for code in record.get("warnings", []):
            self.by_warning[code] += 1
        if record.get("error_code"):
            self.by_error[record["error_code"]] += 1
        self.resumed += bool(record.get("resumed"))


class Progress:
    """A progress bar on a terminal, redrawn at most ``REDRAWS_PER_SECOND`` times a second; a plain
    log line every ``LOG_EVERY`` seconds otherwise (a log file of a 3,000-file run gets a handful
    of lines, not one per file); or nothing. ``clock`` is injectable so tests need no sleeps."""

    REDRAWS_PER_SECOND = 4
    LOG_EVERY = 15.0
    WIDTH = 24

    def __init__(self, total: int, *, quiet: bool, stream: Any = None, clock: Callable[[], float] = time.monotonic):
        self.total, self.quiet = total, quiet
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.clock = clock
        self.start = clock()
        self.last = float("-inf")
        self.done = self.failed = 0
        self.drawn = False  # a bar is on the terminal's last line (cleared before other output)

    def update(self, record: Mapping[str, Any] | ManifestRecord) -> None:
        self.done += 1
        self.failed += record["outcome"] == "failed"
        if self.quiet:
            return
        now = self.clock()
        interval = 1 / self.REDRAWS_PER_SECOND if self.tty else self.LOG_EVERY
        final = self.done == self.total
        if now - self.last < interval and not final:
            return
        elapsed = max(now - self.start, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0
        status = (f"{self.done}/{self.total} files  {rate:.1f} files/s  ETA {int(eta) // 60}:{int(eta) % 60:02d}  "
                  f"failed {self.failed}")
        if self.tty:
            filled = self.WIDTH * self.done // max(self.total, 1)
            self.stream.write(f"\r\033[K[{'#' * filled}{'-' * (self.WIDTH - filled)}] {status}")
            self.drawn = not final
            if final:
                self.stream.write("\n")
        else:
            self.stream.write(f"decision-extractor: {status}\n")
        self.stream.flush()
        self.last = now

    def say(self, text: str) -> None:
        """A note on the stream whether or not the run is quiet (a bar there is taken off first)."""
        self.clear()
        self.stream.write(f"decision-extractor: {text}\n")
        self.stream.flush()

    def clear(self) -> None:
        """Take the bar off the line, so a message can be printed (the next update redraws it)."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.drawn = False
            self.last = float("-inf")


def format_counts(files_on_disk: int, inputs: int, notices: int, records: int = 0) -> str:
    """The run's size in the words the desk's queue and report use too.

    >>> format_counts(53, 65, 62, 14)
    '53 files on disk, 65 inputs (14 web archive records), 62 notices'
    >>> format_counts(1, 1, 1)
    '1 file on disk, 1 input, 1 notice'
    """
    def many(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    archived = f" ({many(records, 'web archive record')})" if records else ""
    return f"{many(files_on_disk, 'file')} on disk, {many(inputs, 'input')}{archived}, {many(notices, 'notice')}"


def format_summary(summary: Summary) -> str:
    """The closing line: the run's size (`format_counts`), then its inputs by outcome."""
    parts = [f"{summary.by_outcome.get(k, 0)} {k}" for k in ("ok", "needs_review", "failed", "skipped")]
    line = (f"{format_counts(summary.files_on_disk, summary.total, summary.notices, summary.records)} "
            f"in {summary.seconds:.1f} s; inputs: " + ", ".join(parts))
    if summary.resumed:
        line += f" ({summary.resumed} unchanged since the last run)"
    if summary.by_error:
        line += "; errors: " + ", ".join(f"{k} {v}" for k, v in summary.by_error.most_common())
    if summary.templates:
        line += f"; {len(summary.templates)} template{'s' * (len(summary.templates) != 1)} found: " + ", ".join(
            f"{t['id']} ({t['taught']} files)" for t in summary.templates[:5])
    if summary.by_warning.get("not_a_notice"):
        line += f"; {summary.by_warning['not_a_notice']} not a notice"
    review = [(k, v) for k, v in summary.by_warning.most_common() if k != "not_a_notice"][:5]
    if review:  # which warnings sent files to review (the files are in the manifest and the results)
        line += "; review: " + ", ".join(f"{k} {v}" for k, v in review)
    return line
