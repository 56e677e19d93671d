"""The values a run passes around: what is read (`Input`, `Task`), how (`Settings`), what comes
back (`Reply`) and the line the manifest keeps of it (`ManifestRecord`).

Frozen and typed, so the supervisor, the fork pool's workers, the process pool's and Dask's
workers and the output store agree on one shape by construction instead of by the same dict
keys spelt in four modules; a worker can never change what the next file is read with. They
cross process boundaries by pickle (a pipe, a `concurrent.futures` queue, Dask), so they hold
plain data only, and without ``__slots__``: a slotted dataclass is unpickled field by field in
Python (``dataclasses._dataclass_setstate``), ~70 us a reply in the supervisor, where a plain
one's ``__dict__`` is restored in C.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from ..options import DEFAULT_OPTIONS, RunOptions

MANIFEST = "manifest.jsonl"
SUMMARY = "summary.json"
RESERVED = {MANIFEST, SUMMARY}  # never an input's output name
MAX_NAME_BYTES = 200  # an output file name's bound: the temporary name adds 5 bytes, the file system allows 255
FAILED_SKIPS = {"unreadable_folder"}  # skip reasons that fail the run (the others are accounted for, not read)
RETRYABLE = {"timeout", "memory_limit", "worker_crashed", "internal_error"}
NOT_ON_DISK = {"unreadable_folder", "file_not_found", "fetch_failed"}  # inputs that are no file found (Summary)
STDIN = "-"  # the input read from standard input


@dataclass(frozen=True)
class Member:
    """A web archive's record as an input: where it is (``archive``, ``record_offset``) and what
    it was (``url``, ``archived_at``); ``reason``: why it is not read (not a document, or it
    could not be listed), None for a document to read; ``code``: the error code when that is a
    failure rather than a skip."""

    archive: str
    record_offset: int
    url: str | None
    archived_at: str | None
    reason: str | None = None
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Input:
    index: int
    path: str  # as the user will recognise it (joined to the root they gave)
    output: str | None  # relative output path under OUT, None when writing to stdout
    skip_reason: str | None = None  # "hidden_file", "not_a_file": accounted for, not read
    member: Member | None = None  # a web archive's record


@dataclass
class Options:
    """How a run is made: what the command line and `extract_many` ask for."""

    output: Path | None = None
    workers: int = 1
    timeout: float = 60.0
    max_memory_mb: int = 2048
    jsonl: bool = False
    csv: bool = False
    parquet: bool = False  # workers send each result's typed rows back (--parquet; written by the caller's on_rows)
    stdout_results: bool = False  # print each result's JSON to stdout (no -o)
    single: bool = False  # one input file: indent its JSON
    run: RunOptions = DEFAULT_OPTIONS  # how each file is read (OCR, PDF engine, size limit, user lexicons)
    force: bool = False  # redo every file, even those the manifest says are finished
    stdin_data: bytes | None = None  # the bytes of the input named "-" (read by the command line)
    stdin_name: str | None = None  # the name that input goes by (--filename), for its format
    templates_found: list[dict[str, Any]] = field(default_factory=list)  # templates/found.py: listed in summary.json


@dataclass(frozen=True)
class Settings:
    """What is the same for every file of a run: handed to a worker once (the fork pool) or once
    a chunk (process pools, Dask), never once a file. ``out_root``: the output folder (a local
    path or a URL), None when results go to stdout; ``knowledge``: `options.knowledge_key` of
    ``options``, made once a run."""

    out_root: str | None
    options: RunOptions
    knowledge: str
    jsonl: bool = False
    csv: bool = False
    stdout: bool = False
    single: bool = False
    parquet: bool = False


class _Keyed:
    """Read access by key (``reply["record"]["outcome"]``), for callers written against the
    dicts these values replace: the field's value, KeyError for a name that is no field."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__:  # type: ignore[attr-defined]
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self.__dataclass_fields__ else default  # type: ignore[attr-defined]


class _Absent(enum.Enum):
    """A manifest field a record does not carry (as opposed to one it carries as null)."""

    ABSENT = 0


ABSENT = _Absent.ABSENT


@dataclass(frozen=True)
class ManifestRecord(_Keyed):
    """One line of ``manifest.jsonl`` (`models.ManifestLine` is its schema). The fields are in the
    order the line is written; ``path_bytes_b64`` and the web archive's four are written only when
    set, and ``template`` only for a file the pipeline read (null when no template matched)."""

    path: str
    output: str | None
    knowledge: str | None
    sha256: str | None = None
    bytes: int | None = None
    format: str | None = None
    outcome: str = "failed"
    error_code: str | None = None
    error_message: str | None = None
    warnings: tuple[str, ...] = ()
    notices: int = 0
    seconds: float = 0.0
    resumed: bool = False
    template: str | None | _Absent = ABSENT
    path_bytes_b64: str | None = None
    archive: str | None = None
    record_offset: int | None = None
    url: str | None = None
    archived_at: str | None = None
    extractor_version: str = __version__

    def as_dict(self) -> dict[str, Any]:
        """The record as JSON data, its keys in the manifest's order."""
        data: dict[str, Any] = {"path": self.path}
        if self.path_bytes_b64 is not None:
            data["path_bytes_b64"] = self.path_bytes_b64
        data.update(output=self.output, extractor_version=self.extractor_version, knowledge=self.knowledge)
        if self.archive is not None:
            data.update(archive=self.archive, record_offset=self.record_offset, url=self.url,
                        archived_at=self.archived_at)
        data.update(sha256=self.sha256, bytes=self.bytes, format=self.format, outcome=self.outcome,
                    error_code=self.error_code, error_message=self.error_message, warnings=list(self.warnings),
                    notices=self.notices)
        if self.template is not ABSENT:
            data["template"] = self.template
        data.update(seconds=self.seconds, resumed=self.resumed)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ManifestRecord:
        """A record read back from a manifest line (keys the project never wrote are left out)."""
        return cls(path=data["path"], output=data.get("output"), knowledge=data.get("knowledge"),
                   sha256=data.get("sha256"), bytes=data.get("bytes"), format=data.get("format"),
                   outcome=data.get("outcome", "failed"), error_code=data.get("error_code"),
                   error_message=data.get("error_message"), warnings=tuple(data.get("warnings") or ()),
                   notices=int(data.get("notices") or 0), seconds=data.get("seconds", 0.0),
                   resumed=bool(data.get("resumed")), template=data.get("template", ABSENT),
                   path_bytes_b64=data.get("path_bytes_b64"), archive=data.get("archive"),
                   record_offset=data.get("record_offset"), url=data.get("url"),
                   archived_at=data.get("archived_at"),
                   extractor_version=data.get("extractor_version", ""))


@dataclass(frozen=True)
class Task(_Keyed):
    """One input as a worker reads it, with the run's `Settings` (one object a run: pickled once
    a chunk, however many files the chunk holds). ``previous``: its record from an earlier run into the same
    output, if any (resume); ``data``: its bytes when the worker is not to read them itself
    (standard input, a fetched URL, a record read from a store); ``name``: the name its format is
    told by, when not its path (``--filename``); ``refused``: why it cannot be read, found before
    it reached a worker's reader (a URL that could not be fetched, a payload past the size
    limit): the file fails with that code and message."""

    index: int
    path: str
    output: str | None
    settings: Settings
    skip_reason: str | None = None
    member: Member | None = None
    previous: ManifestRecord | None = None
    data: bytes | None = None
    name: str | None = None
    refused: tuple[str, str] | None = None


@dataclass(frozen=True)
class Reply(_Keyed):
    """What a worker sends back for one task: its manifest ``record`` (and the ``line`` it is
    written as, made by the worker so the supervisor only appends it), and what the run's
    exports ask of the result: ``text`` (its JSON for stdout), ``jsonl`` lines, ``csv`` rows,
    Parquet ``rows``. ``file_text``: the output file's text, when the worker could not write it
    (a result for an object store, written by the worker's parent); ``write_error``: why the
    output could not be written (a full disk): the run stops."""

    record: ManifestRecord
    line: str = ""
    text: str | None = None
    jsonl: tuple[str, ...] = ()
    csv: tuple[list[str], ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    file_text: str | None = None
    write_error: str | None = None
    index: int = -1
