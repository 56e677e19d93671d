"""Archive runs: whole folders in parallel worker processes, resumable, with every file accounted for.

The supervisor discovers inputs, hands them to the workers in chunks over a pipe, and appends
the manifest lines the workers send back in batches, so it is never the ceiling of a run: a
worker reads, hashes and extracts its files and writes each file's JSON itself, atomically, and
shows the file it is reading in a shared-memory slot (how the supervisor keeps time limits
without a message per file). A file that runs past the time limit, the memory cap, or kills its
worker is recorded as failed and the run goes on with a fresh worker.
Re-running the same command skips files whose sha256 and knowledge (the extractor version,
its vocabulary, the read options and the content of the user lexicons and templates:
`options.knowledge_key`) the manifest already holds, and finishes what an interrupted run left.
"""

from __future__ import annotations

import base64
import fnmatch
import gc
import hashlib
import json
import os
import signal
import stat
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

from ._version import __version__
from .errors import ERROR_CODES, InputError, OutputError
from .options import DEFAULT_OPTIONS, RunOptions, knowledge_key
from .records import dumps

MANIFEST = "manifest.jsonl"
SUMMARY = "summary.json"
RESERVED = {MANIFEST, SUMMARY}  # never an input's output name
MAX_NAME_BYTES = 200  # an output file name's bound: the temporary name adds 5 bytes, the file system allows 255
FAILED_SKIPS = {"unreadable_folder"}  # skip reasons that fail the run (the others are accounted for, not read)
RETRYABLE = {"timeout", "memory_limit", "worker_crashed", "internal_error"}
NOT_ON_DISK = {"unreadable_folder", "file_not_found", "fetch_failed"}  # inputs that are no file found (Summary)


@dataclass(frozen=True, slots=True)
class Input:
    index: int
    path: str  # as the user will recognise it (joined to the root they gave)
    output: str | None  # relative output path under OUT, None when writing to stdout
    skip_reason: str | None = None  # "hidden_file", "not_a_file": accounted for, not read
    member: dict[str, Any] | None = None  # a web archive's record: archive, record_offset, url, archived_at


@dataclass
class Options:
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

    def add(self, record: dict[str, Any]) -> None:
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


# -- paths as the file system has them ----------------------------------------------------------------
def display_path(path: str) -> str:
    """A path as JSON can hold it: bytes that are not UTF-8 (a Latin-1 name from a zip or a share)
    are written as ``\\xe9`` escapes; `path_bytes` keeps the exact bytes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def path_fields(path: str) -> dict[str, Any]:
    """``path`` for people, plus ``path_bytes_b64`` (the exact bytes) when the name is not UTF-8."""
    raw = os.fsencode(path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"path": display_path(path), "path_bytes_b64": base64.b64encode(raw).decode("ascii")}
    return {"path": path}


def record_key(record: dict[str, Any]) -> str:
    """The input path a manifest record stands for, exactly (as Python names the file)."""
    if record.get("path_bytes_b64"):
        return os.fsdecode(base64.b64decode(record["path_bytes_b64"]))
    return record["path"]


# -- discovery -------------------------------------------------------------------------------------
STDIN = "-"  # the input read from standard input


def discover(paths: list[str], *, recursive: bool, with_outputs: bool, include: tuple[str, ...] = (),
             exclude: tuple[str, ...] = (), not_read: list[str] | None = None,
             stdin_name: str | None = None, skip_folder: str | os.PathLike | None = None,
             skip_files: Iterable[str | os.PathLike | None] = ()) -> list[Input]:
    """Every input in the order given; folders walked (sorted), hidden names and symlink loops skipped.

    ``include``/``exclude``: globs a file found in a folder must match / must not match (on its
    path below the folder or its name; a file named on the command line is always read).
    Sub-folders not walked (no ``recursive``) are appended to ``not_read``, so a caller can say so.
    ``skip_folder`` (the output folder) is never walked, so a run never reads its own outputs back;
    nor are ``skip_files`` (the ``--parquet`` table, and its temporary name) where a folder holds them.
    """
    found = list(walk_inputs(paths, recursive=recursive, include=include, exclude=exclude, not_read=not_read,
                             stdin_name=stdin_name, skip_folder=skip_folder, skip_files=skip_files))
    outputs = _output_names([rel for _, rel, _ in found]) if with_outputs else [None] * len(found)
    return expand_archives([Input(i, path, out, skip) for i, ((path, _, skip), out) in enumerate(zip(found, outputs))])


def walk_inputs(paths: list[str], *, recursive: bool, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
                not_read: list[str] | None = None, stdin_name: str | None = None,
                skip_folder: str | os.PathLike | None = None,
                skip_files: Iterable[str | os.PathLike | None] = ()) -> Iterator[tuple[str, str | None, str | None]]:
    """`discover`'s inputs before they are named: (path, path relative to its root, skip reason),
    one at a time, so a client that keeps its inputs on disk (`ledger`) never holds the list."""
    multiple_roots = sum(os.path.isdir(p) for p in paths) > 1
    excluded = os.path.realpath(skip_folder) if skip_folder is not None else None
    not_inputs = _own_files(skip_files)
    named: set[str] = set()  # files named on the command line: one given twice is one input, one row
    for given in paths:
        if given != STDIN and not os.path.isdir(given):
            if os.path.abspath(given) in named:
                continue
            named.add(os.path.abspath(given))
        if given == STDIN:
            yield given, stdin_name and Path(stdin_name).name or "stdin", None
        elif os.path.isdir(given):
            prefix = Path(os.path.abspath(given)).name if multiple_roots else ""
            walked = _walk(given, prefix, recursive, excluded, not_read, not_inputs)
            yield from (item for item in walked if _wanted(item[1], include, exclude, prefix))
        else:
            try:
                regular = stat.S_ISREG(os.stat(given).st_mode)
            except OSError:
                regular = True  # missing or unreadable: extraction reports it
            yield given, Path(given).name, None if regular else "not_a_file"


def expand_archives(inputs: list[Input]) -> list[Input]:
    """Web archives (.warc, .warc.gz, .arc.gz) become one input per record: documents to read,
    the rest skipped with a reason, and a damaged archive's unreadable tail as one failed input."""
    from .webarchive import is_archive

    if not any(item.skip_reason is None and is_archive(item.path) for item in inputs):
        return inputs
    return list(iter_expanded(inputs))


def iter_expanded(inputs: Iterable[Input]) -> Iterator[Input]:
    """`expand_archives` one input at a time (indices renumbered from 0 in the order yielded)."""
    from .webarchive import index_archive, is_archive

    from .remote import is_url

    index = 0
    for item in inputs:
        if (item.skip_reason is not None or not is_archive(item.path)
                or not (is_url(item.path) or os.path.isfile(item.path))):  # a URL listed is an object
            yield Input(index, item.path, item.output, item.skip_reason)
            index += 1
            continue
        folder = item.output[: -len(".json")] if item.output else None
        for m in index_archive(item.path):
            member = {"archive": item.path, "record_offset": m.offset, "url": m.uri, "archived_at": m.archived_at,
                      "reason": m.skip, "code": m.code}
            skip = None if m.skip is None or m.code else "not_a_document"
            yield Input(index, f"{item.path}#{m.offset}", f"{folder}/{m.offset}.json" if folder else None, skip, member)
            index += 1


def _wanted(relative: str, include: tuple[str, ...], exclude: tuple[str, ...], prefix: str) -> bool:
    """Whether a file found in a folder passes the --include / --exclude globs."""
    if not include and not exclude:
        return True
    below = relative[len(prefix) + 1:] if prefix and relative.startswith(prefix + "/") else relative
    names = (below, Path(below).name)
    if include and not any(fnmatch.fnmatchcase(n, g) for g in include for n in names):
        return False
    return not any(fnmatch.fnmatchcase(n, g) for g in exclude for n in names)


def count_files(folders: list[str]) -> int:
    """Files (not hidden) in these folders and all below them: what a run without -r leaves unread."""
    total, seen = 0, set()
    for folder in folders:
        for top, dirs, files in os.walk(folder, followlinks=False):
            key = os.stat(top).st_ino, os.stat(top).st_dev
            if key in seen:
                dirs[:] = []
                continue
            seen.add(key)
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            total += sum(1 for f in files if not f.startswith("."))
    return total


def _own_files(files: Iterable[str | os.PathLike | None]) -> frozenset[str]:
    """The real paths of files a run writes outside its output folder (the ``--parquet`` table)
    and their temporary names: never inputs, wherever they are."""
    from .remote import is_url

    own: set[str] = set()
    for name in files:
        if name is not None and not is_url(name):
            real = os.path.realpath(name)
            own.update({real, os.path.join(os.path.dirname(real), f".{os.path.basename(real)}.tmp")})
    return frozenset(own)


def _walk(root: str, prefix: str, recursive: bool, excluded: str | None,
          not_read: list[str] | None = None,
          not_inputs: frozenset[str] = frozenset()) -> Iterator[tuple[str, str, str | None]]:
    seen_dirs: set[tuple[int, int]] = set()

    def visit(folder: str, rel: str) -> Iterator[tuple[str, str, str | None]]:
        if excluded is not None and os.path.realpath(folder) == excluded:
            return
        try:
            st = os.stat(folder)
        except OSError:
            yield folder, rel, "unreadable_folder"
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a symlink loop, or the same folder reached twice
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # a folder we may not list: accounted for, never silently dropped
            yield folder, rel, "unreadable_folder"
            return
        real = os.path.realpath(folder) if not_inputs else ""
        for entry in entries:
            if not_inputs and os.path.join(real, entry.name) in not_inputs:
                continue
            child_rel = f"{rel}/{entry.name}" if rel else entry.name
            if entry.name.startswith("."):
                if not entry.is_dir(follow_symlinks=False):
                    yield entry.path, child_rel, "hidden_file"
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                if recursive:
                    yield from visit(entry.path, child_rel)
                elif not_read is not None:
                    not_read.append(entry.path)
                continue
            try:
                mode = os.stat(entry.path).st_mode
            except OSError:
                yield entry.path, child_rel, None  # a broken symlink: reported as not found
                continue
            yield entry.path, child_rel, None if stat.S_ISREG(mode) else "not_a_file"

    yield from visit(root, prefix)


def _output_names(relatives: list[str | None]) -> list[str | None]:
    """``a/b.json`` for ``a/b.pdf``; ``a/b.pdf.json`` where two inputs share a stem (or the stem
    is the manifest's or summary's); a name too long for the file system is cut and hash-suffixed."""
    relatives = [display_path(r) if r else r for r in relatives]
    stems = Counter(output_stem(r) for r in relatives if r)
    used: Counter[str] = Counter()

    def seen(name: str) -> int:
        used[name] += 1
        return used[name]

    return [output_name(rel, stems[output_stem(rel)], seen) if rel else None for rel in relatives]


def output_stem(relative: str) -> str:
    """The part of a (displayed) relative path two inputs must not share to keep plain output names:
    ``str(Path(relative).with_suffix(""))``, by string operations where the path is already in
    the form `Path` gives it (pathlib interns every part, and a million-input run churns
    Python's table of interned strings)."""
    folder, _, name = relative.rpartition("/")
    if (name in ("", ".", "..") or relative.startswith(("/", "./")) or "//" in relative or "/./" in relative):
        return str(Path(relative).with_suffix(""))
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        name = name[:dot]
    return f"{folder}/{name}" if folder else name


def output_name(relative: str, stem_count: int, seen: Callable[[str], int]) -> str:
    """One input's output name (see `_output_names`): ``stem_count`` inputs share its stem, and
    ``seen(name)`` records a name as given and says how many times it has been, this one included."""
    plain = output_stem(relative)
    name = f"{plain}.json" if stem_count == 1 and f"{plain}.json" not in RESERVED else f"{relative}.json"
    times = seen(name)
    if times > 1:  # the same name given twice from different folders
        name = f"{name[:-5]}.{times}.json"
    return bounded_name(name)


def bounded_name(name: str) -> str:
    """``name`` with its last part cut to MAX_NAME_BYTES, a hash of the whole kept so cut names
    stay distinct (the manifest says which input each output is for)."""
    folder, _, base = name.rpartition("/")
    if len(base.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    head = base.encode("utf-8")[: MAX_NAME_BYTES - len(digest) - 7].decode("utf-8", "ignore")
    short = f"{head}-{digest}.json"
    return f"{folder}/{short}" if folder else short


# -- the worker --------------------------------------------------------------------------------
def limit_memory(max_mb: int) -> None:
    """Cap this process's address space (batch and service workers alike)."""
    import resource

    if max_mb > 0:
        cap = max_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ValueError, OSError):  # pragma: no cover - platform without the limit
            pass


def die_with_parent() -> None:
    """Go when the supervisor goes, even by ``kill -9``: its other workers hold copies of the
    pipes, so a worker would otherwise wait for a task forever."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass


def process_one(task: dict[str, Any], extract: Callable[..., dict[str, Any]] | None = None) -> dict[str, Any]:
    """Extract one input and write its output; returns the manifest record plus any exports.

    ``extract`` stands in for `pipeline.extract_record` (tests pass one that blocks until told)."""
    from .output import csv_rows, notice_lines, result_json, write_atomic

    if extract is None:
        from .pipeline import extract_record

        extract = extract_record

    started = time.perf_counter()
    path = task["path"]
    shown = display_path(path)
    knowledge = task.get("knowledge") or knowledge_key(task["options"])
    record: dict[str, Any] = {**path_fields(path), "output": task.get("output"), "extractor_version": __version__,
                              "knowledge": knowledge}
    member = task.get("member")
    if member:  # a web archive's record: where it is and what it was
        record.update({k: member[k] for k in ("archive", "record_offset", "url", "archived_at")})
    if task.get("skip_reason"):
        code = task["skip_reason"]
        if member:
            record.update({"output": None, "sha256": None, "bytes": None, "format": None, "outcome": "skipped",
                           "error_code": code, "error_message": f"{ERROR_CODES[code]}: {member['reason']}",
                           "warnings": [], "notices": 0, "seconds": 0.0, "resumed": False})
        else:
            digest = fixity(path) if code == "hidden_file" else None  # never open a FIFO or a folder
            record.update({"output": None, "sha256": digest, "bytes": _size(path) if digest else None,
                           "format": None, "outcome": "failed" if code in FAILED_SKIPS else "skipped",
                           "error_code": code, "error_message": ERROR_CODES[code], "warnings": [], "notices": 0,
                           "seconds": 0.0, "resumed": False})
        return _skipped_reply(shown, record, task)
    if member and member["reason"]:  # a record (or the archive) that could not be read
        code = member.get("code") or "corrupt_file"
        record.update({"output": None, **_failure(path, code, member["reason"], None, None),
                       "seconds": 0.0, "resumed": False})
        return _skipped_reply(shown, record, task)
    data: bytes | None = task.get("data")  # the bytes of "-" (standard input)
    size: int | None
    if member and data is None:  # (a worker that reads remote inputs has read the record for us)
        from .webarchive import read_member

        refused: tuple[str, str] | None = None
        try:
            data = read_member(member["archive"], member["record_offset"], task["options"].max_bytes)
        except InputError as exc:  # a payload that inflates past the size limit: never held whole
            refused = (exc.code, exc.message)
        except MemoryError:  # under a --max-memory cap: the record, not the run
            refused = ("memory_limit", "ran out of memory reading the record under the per-file cap")
        except Exception as exc:  # noqa: BLE001 - a record warcio cannot read: that record fails, coded
            refused = ("corrupt_file", f"the record could not be read: {type(exc).__name__}")
        if refused is not None:  # never read "ARCHIVE#OFFSET" as a path (that would say file_not_found)
            record.update({"output": None, **_failure(path, *refused, None, None),
                           "seconds": round(time.perf_counter() - started, 4), "resumed": False})
            return _skipped_reply(shown, record, task)
    if data is not None:
        size, digest = len(data), hashlib.sha256(data).hexdigest()
    elif member:
        size, digest = None, None
    else:
        size, digest = _size(path), fixity(path)
    previous: dict[str, Any] = task.get("previous") or {}
    out_file = Path(task["out_root"]) / task["output"] if task.get("out_root") and task.get("output") else None
    result: dict[str, Any] | None = None  # the result as plain JSON data (records.py)
    same_content = bool(previous) and (
        (digest is not None and previous.get("sha256") == digest)
        or (digest is None and previous.get("error_code") == "too_large" and previous.get("bytes") == size))
    if (same_content and previous.get("extractor_version") == __version__ and previous.get("knowledge") == knowledge
            and previous.get("error_code") not in RETRYABLE and (out_file is None or out_file.exists())):
        record = {**previous, "resumed": True}
        if out_file is not None and (task["jsonl"] or task["csv"] or task["stdout"] or task.get("parquet")):
            result = json.loads(out_file.read_text(encoding="utf-8"))
    else:
        try:
            read_options: RunOptions = task["options"]
            too_big = size is not None and size > read_options.max_bytes
            source: Any = path if data is None else data
            result = None if too_big else extract(source, filename=task.get("name") or shown, options=read_options)
            if result is not None and member:
                result["source"].update(url=member["url"], archived_at=member["archived_at"])
            if result is None:
                record.update(_failure(path, "too_large", f"file is {size} bytes, over the {read_options.max_bytes}-byte limit",
                                       size, digest))
            else:
                record.update(_record(result))
                record["sha256"] = digest  # the bytes as read here; null when they could not be read
        except MemoryError:
            record.update(_failure(path, "memory_limit", "ran out of memory under the per-file cap", size, digest))
        except Exception as exc:  # never let one file take the run down
            record.update(_failure(path, "internal_error", f"{type(exc).__name__}: {exc}"[:300], size, digest))
        record["seconds"] = round(time.perf_counter() - started, 4)
        record["resumed"] = False
        if out_file is not None:
            try:
                out_file.parent.mkdir(parents=True, exist_ok=True)
                if result is not None:
                    write_atomic(out_file, result_json(result))
                else:
                    write_atomic(out_file, dumps(_error_result(shown, record)))
            except OSError as exc:  # a full or read-only disk: the supervisor stops the run
                return {"record": record, "write_error": exc.strerror or str(exc)}
    reply: dict[str, Any] = {"record": record}
    if result is not None:
        if task["jsonl"]:
            reply["jsonl"] = list(notice_lines(result))
        if task["csv"]:
            reply["csv"] = list(csv_rows(result))
        if task["stdout"]:
            reply["text"] = result_json(result, indent=2 if task["single"] else None)
    elif task["stdout"] or task["jsonl"] or task["csv"]:
        reply.update(_exports(_error_result(shown, record), task["stdout"], task["jsonl"], task["csv"], task["single"]))
    if task.get("parquet"):
        from .parquet import rows

        reply["rows"] = rows(result if result is not None else _error_result(shown, record))
    return reply


def _skipped_reply(shown: str, record: dict[str, Any], task: dict[str, Any]) -> dict[str, Any]:
    """A skipped (or unlistable) input's reply: its manifest record, and the same line, row or
    result as a failed file in the exports asked for, its ``error`` giving the reason, so every
    input is in every output."""
    result = _error_result(shown, record)
    reply: dict[str, Any] = {"record": record}
    reply.update(_exports(result, task["stdout"], task["jsonl"], task["csv"], task["single"]))
    if task.get("parquet"):
        from .parquet import rows

        reply["rows"] = rows(result)
    return reply


def _exports(result: dict[str, Any], stdout: bool, jsonl: bool, csv: bool, single: bool) -> dict[str, Any]:
    """What a result contributes to stdout: its JSON, its --jsonl lines or its --csv rows."""
    from .output import csv_rows, notice_lines

    reply: dict[str, Any] = {}
    if stdout:
        reply["text"] = dumps(result, indent=2 if single else None)
    if jsonl:
        reply["jsonl"] = list(notice_lines(result))
    if csv:
        reply["csv"] = list(csv_rows(result))
    return reply


def fixity(path: str) -> str | None:
    """The SHA-256 of the file's bytes whenever they can be read (also for files that are too
    large, time out or crash a worker), and None, never a made-up value, when they cannot."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _record(result: dict[str, Any]) -> dict[str, Any]:
    """The manifest line for a result (plain JSON data)."""
    notices, error, source = result["notices"], result["error"], result["source"]
    warnings = sorted({w["code"] for w in result["warnings"]} | {w["code"] for n in notices for w in n["warnings"]})
    if error is not None:
        outcome = "failed"
    elif any(n["needs_review"] for n in notices):  # decided in assembly (a file that is no notice too)
        outcome = "needs_review"
    else:
        outcome = "ok"
    return {"sha256": source["sha256"], "bytes": source["bytes"], "format": source["format"],
            "outcome": outcome, "error_code": error["code"] if error else None,
            "error_message": error["message"] if error else None, "warnings": warnings,
            "notices": len(notices), "template": (source.get("template") or {}).get("id")}


def _failure(path: str, code: str, message: str, size: int | None, digest: str | None) -> dict[str, Any]:
    return {"sha256": digest, "bytes": size, "format": None, "outcome": "failed", "error_code": code,
            "error_message": message, "warnings": [], "notices": 0}


def _error_result(path: str, record: dict[str, Any]) -> dict[str, Any]:
    """A contract-shaped result for a file the pipeline never returned one for (timeout, crash)."""
    from .records import failed_record

    source = {"path": path, "sha256": record.get("sha256"), "bytes": record.get("bytes"),
              "format": record.get("format"), "pages": None, "encoding": None,
              "url": record.get("url"), "archived_at": record.get("archived_at"), "template": None}
    return failed_record(source, record["error_code"], record["error_message"])


def _worker_main(conn: Connection, slot: Any, context: dict[str, Any], max_memory_mb: int,
                 extract: Callable[..., dict[str, Any]] | None = None) -> None:
    """A worker: reads chunks of tasks, extracts each file, and reports finished files in batches.

    ``slot`` (shared memory) holds the index of the file being read, so the supervisor knows
    which file a time limit or a death belongs to without a message per file. Replies go back
    when half of what the worker holds is done (the supervisor sends more before it runs dry),
    when it holds nothing more, or every ``REPLY_EVERY`` seconds, so slow files report at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when to stop
    die_with_parent()
    limit_memory(max_memory_mb)
    held: deque[dict[str, Any]] = deque()
    replies: list[dict[str, Any]] = []
    last_sent = time.monotonic()
    try:
        while True:
            if not held or conn.poll():
                if replies:
                    conn.send(replies)
                    replies, last_sent = [], time.monotonic()
                chunk = conn.recv()
                if chunk is None:
                    return
                held.extend(chunk)
                continue
            task = held.popleft()
            slot.value = task["index"]
            reply = process_one({**context, **task}, extract)
            reply["line"] = json.dumps(reply["record"], ensure_ascii=False) + "\n"  # the manifest's, made here
            replies.append(reply)
            slot.value = IDLE
            if len(replies) >= len(held) or time.monotonic() - last_sent >= REPLY_EVERY:
                conn.send(replies)
                replies, last_sent = [], time.monotonic()
    except (EOFError, OSError):  # the supervisor is gone
        return


# -- the supervisor ------------------------------------------------------------------------------
IDLE = -1  # a worker's slot between files
REPLY_EVERY = 0.05  # seconds a worker holds finished files at most before reporting them
MAX_CHUNK = 16  # files sent to a worker in one message, early in a run
LOOK_EVERY = 0.25  # seconds between looks at the workers' slots while none reports (time limits)
MANIFEST_EVERY = 0.5  # seconds the supervisor holds manifest lines at most before appending them
MANIFEST_LINES = 256  # or this many lines


def _slot() -> Any:
    """A 64-bit integer in anonymous shared memory, seen by a worker forked after it is made (no
    file behind it, so a full disk or a file-size limit cannot stop a worker from starting)."""
    import ctypes
    import mmap

    value = ctypes.c_int64.from_buffer(mmap.mmap(-1, mmap.PAGESIZE))
    value.value = IDLE
    return value


@dataclass
class _Worker:
    process: Any
    conn: Connection
    slot: Any  # `_slot()`: the index of the file being read, IDLE between files
    sent: deque[dict[str, Any]] = field(default_factory=deque)  # tasks sent, not yet reported, in order
    seen: int = IDLE  # the slot's value when last looked at
    since: float = 0.0  # clock() when that file started (when sent to an idle worker, when the
    # file before it was reported, or when the slot first showed it: within LOOK_EVERY)

    def give(self, tasks: list[dict[str, Any]], now: float) -> None:
        """Send files; a worker that held none starts the first of them now."""
        if not self.sent:
            self.seen, self.since = tasks[0]["index"], now
        self.sent.extend(tasks)
        self.conn.send(tasks)

    def reported(self, now: float) -> dict[str, Any]:
        """The first file held is done; the next one starts about now (the slot tells exactly)."""
        task = self.sent.popleft()
        if task["index"] == self.seen:
            self.seen, self.since = (self.sent[0]["index"], now) if self.sent else (IDLE, now)
        return task

    def look(self, now: float) -> None:
        value = self.slot.value
        if value != IDLE and value != self.seen:
            self.seen, self.since = value, now

    def running(self) -> dict[str, Any] | None:
        """The task the worker is reading now (None between files)."""
        return next((task for task in self.sent if task["index"] == self.seen), None)


def chunk_size(remaining: int, workers: int) -> int:
    """Guided scheduling: big chunks while much is left (few messages), single files near the
    end, so no file waits behind another worker's slow file while a worker stands idle.

    >>> [chunk_size(n, 2) for n in (4000, 100, 20, 7)]
    [16, 12, 2, 1]
    """
    return max(1, min(MAX_CHUNK, remaining // (4 * max(1, workers))))


class _ManifestWriter:
    """Appends manifest lines in batches (a write per ``MANIFEST_LINES`` lines or ``MANIFEST_EVERY``
    seconds, not per file): a kill loses at most those lines, whose files the next run redoes."""

    def __init__(self, handle: Any, where: Path, clock: Callable[[], float] = time.monotonic):
        self.handle, self.where, self.clock = handle, where, clock
        self.lines: list[str] = []
        self.last = clock()

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= MANIFEST_LINES or self.clock() - self.last >= MANIFEST_EVERY:
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

    def update(self, record: dict[str, Any]) -> None:
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


def load_manifest(path: Path, damaged: list[int] | None = None) -> dict[str, dict[str, Any]]:
    """The last record per input path in a (possibly interrupted) manifest; the numbers of the
    lines left out (cut short, not UTF-8, not a record) are appended to ``damaged``."""
    return {key: record for key, record, _ in _manifest_lines(path, damaged)}


def text_lines(raw: IO[bytes]) -> Iterator[str]:
    r"""The lines of a file the project wrote (a manifest), each decoded alone: a line that is not
    UTF-8 (damaged, or edited by hand) is given as ``""``, no record, so the lines after it keep
    their numbers and a reader (`ledger`) can say which line it left out, as for a line cut short.

    >>> import io
    >>> list(text_lines(io.BytesIO(b'{"a": 1}\n{"b": "\xff"}\n{"c": 3}')))
    ['{"a": 1}\n', '', '{"c": 3}']
    """
    for line in raw:
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            yield ""


def _manifest_lines(path: Path, damaged: list[int] | None = None) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Each whole record of a manifest with its input's key and its line as written; the numbers
    of the lines that are no record go to ``damaged`` (blank lines are not counted)."""
    if not path.exists():
        return
    with path.open("rb") as raw:
        for number, line in enumerate(raw, 1):
            try:
                text = line.decode("utf-8")
                record = json.loads(text)
            except (UnicodeDecodeError, json.JSONDecodeError):  # a line cut short by a kill or a full disk
                record = None
            if isinstance(record, dict) and "path" in record:
                yield record_key(record), record, text if text.endswith("\n") else text + "\n"
            elif damaged is not None and line.strip():
                damaged.append(number)


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


def run_batch(inputs: list[Input], options: Options, *, emit: Callable[[str], None],
              progress: Progress, on_record: Callable[[dict[str, Any]], None] | None = None,
              on_rows: Callable[[list[dict[str, Any]]], None] | None = None,
              clock: Callable[[], float] = time.monotonic,
              extract: Callable[..., dict[str, Any]] | None = None) -> Summary:
    """Run every input; ``emit`` receives stdout text (results or export lines) in input order.

    The time limit is measured with ``clock`` and workers extract with ``extract`` (default
    `pipeline.extract_record`): tests pass a clock they move and an input that blocks until
    told, so a time-limit test never races the machine's speed. ``on_rows`` receives each
    result's Parquet rows (`parquet.rows`), in input order, when ``options.parquet``."""
    started = time.monotonic()
    summary = Summary(templates=list(options.templates_found))
    out = options.output
    previous: dict[str, dict[str, Any]] = {}
    manifest_handle = None
    lock = None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            lock = _take_lock(out)
            for stale in out.rglob(".*.tmp"):  # half-written files of an interrupted run
                stale.unlink(missing_ok=True)
            damaged: list[int] = []
            finished = load_manifest(out / MANIFEST, damaged)
            if damaged:  # said even under --quiet: a row the run had is gone
                progress.say(damaged_note(str(out / MANIFEST), damaged))
            inputs = claim_outputs(inputs, finished)  # outputs of earlier runs keep their names
            previous = {} if options.force else finished
            manifest_handle = (out / MANIFEST).open("a", encoding="utf-8")
            if manifest_handle.tell() and not (out / MANIFEST).read_bytes().endswith(b"\n"):
                manifest_handle.write("\n")  # a line cut short by a kill or a full disk stays alone
        except OSError as exc:
            if lock is not None:
                lock.close()
            raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    import multiprocessing
    from multiprocessing.connection import wait

    from . import pipeline  # noqa: F401 - loaded once here, so forked workers start warm

    context: Any = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pending = iter(inputs)
    again: deque[dict[str, Any]] = deque()  # tasks a stopped worker held but had not started: sent first
    unsent = len(inputs)
    workers: list[_Worker] = []
    held: dict[int, tuple[list[str], list[dict[str, Any]]]] = {}
    next_index = 0
    manifest = _ManifestWriter(manifest_handle, out) if manifest_handle is not None and out is not None else None
    read_options = options.run
    inline = len(inputs) == 1 and options.timeout <= 0 and options.max_memory_mb <= 0
    if not inline and read_options.ocr_threads is None:  # each worker its share of the cores for a scan's pages
        from .readers.ocr import share_of_cores  # only runs with workers need it (and PDF code)

        read_options = read_options.replace(ocr_threads=share_of_cores(options.workers))
    shared = {"out_root": str(out) if out else None, "options": read_options, "knowledge": knowledge_key(read_options),
              "jsonl": options.jsonl,
              "csv": options.csv, "stdout": options.stdout_results, "single": options.single,
              "parquet": options.parquet}  # the same for every file: handed to each worker once

    def spawn() -> _Worker:
        parent, child = context.Pipe()
        slot = _slot()
        proc = context.Process(target=_worker_main, args=(child, slot, shared, options.max_memory_mb, extract),
                               daemon=True)
        gc.freeze()  # what the worker inherits stays out of its collections: no copy-on-write of those pages
        try:
            proc.start()
        finally:
            gc.unfreeze()
        child.close()
        return _Worker(proc, parent, slot)

    def task_for(item: Input) -> dict[str, Any]:
        """What changes from file to file (the rest is in ``shared``)."""
        task = {"index": item.index, "path": item.path, "output": item.output, "skip_reason": item.skip_reason,
                "member": item.member, "previous": previous.get(item.path)}
        if item.path == STDIN and options.stdin_data is not None:
            task.update(data=options.stdin_data, name=options.stdin_name)
        return task

    def next_tasks(count: int) -> list[dict[str, Any]]:
        nonlocal unsent
        tasks: list[dict[str, Any]] = []
        while again and len(tasks) < count:
            tasks.append(again.popleft())
        for item in pending:
            tasks.append(task_for(item))
            unsent -= 1
            if len(tasks) >= count:
                break
        return tasks

    def finish(index: int, reply: dict[str, Any]) -> None:
        nonlocal next_index
        if reply.get("write_error"):  # the output disk is full or read-only: stop, keeping what is done
            raise OutputError(f"cannot write to {out}: {reply['write_error']}")
        record = reply["record"]
        if manifest is not None:
            manifest.add(reply.get("line") or json.dumps(record, ensure_ascii=False) + "\n")
        summary.add(record)
        progress.update(record)
        if on_record:
            on_record(record)
        texts: list[str] = []
        if "text" in reply:
            texts.append(reply["text"] + "\n")
        texts.extend(line + "\n" for line in reply.get("jsonl", []))
        if "csv" in reply:
            from .output import csv_line

            texts.extend(csv_line(row) for row in reply["csv"])
        held[index] = (texts, reply.get("rows", []))
        while next_index in held:  # keep stdout in input order, holding only what finished early
            texts, rows = held.pop(next_index)
            for text in texts:
                emit(text)
            if rows and on_rows is not None:
                on_rows(rows)
            next_index += 1

    def failed_reply(task: dict[str, Any], started_at: float, code: str, message: str) -> dict[str, Any]:
        path = task["path"]
        record = {**path_fields(path), "output": task.get("output"), "extractor_version": __version__,
                  "knowledge": shared["knowledge"], **_failure(path, code, message, _size(path), fixity(path)),
                  "seconds": round(max(clock() - started_at, 0.0), 3), "resumed": False}
        if out is not None and task.get("output"):
            from .output import write_atomic

            target = out / task["output"]
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, dumps(_error_result(display_path(path), record)))
            except OSError as exc:
                return {"record": record, "write_error": exc.strerror or str(exc)}
        reply: dict[str, Any] = {"record": record}
        reply.update(_exports(_error_result(display_path(path), record), options.stdout_results, options.jsonl,
                              options.csv, options.single))
        if options.parquet:
            from .parquet import rows

            reply["rows"] = rows(_error_result(display_path(path), record))
        return reply

    def replace_worker(i: int, code: str, message: str) -> None:
        """Stop worker ``i``; the file it was reading fails with ``code``; the files it held but
        had not started go to the next free worker; a fresh worker takes its place."""
        w = workers[i]
        w.look(clock())
        culprit = w.running() or w.sent[0]
        _stop(w)
        again.extendleft(reversed([task for task in w.sent if task is not culprit]))
        workers[i] = spawn()
        finish(culprit["index"], failed_reply(culprit, w.since if w.seen == culprit["index"] else clock(),
                                              code, message))

    failing = False  # an exception is on its way out: a manifest that cannot be closed is not the news
    try:
        if inline:  # one file and no limits asked for: no worker to fork
            finish(0, process_one({**shared, **task_for(inputs[0])}, extract))
        count = max(1, min(options.workers, len(inputs)))
        workers = [spawn() for _ in range(count)] if inputs and not inline else []
        while True:
            size = chunk_size(unsent + len(again), len(workers))
            for w in workers:  # top up: a worker holds fewer than a chunk's files only near the end
                if len(w.sent) < size:
                    tasks = next_tasks(size)
                    if tasks:
                        w.give(tasks, clock())
            busy = [w for w in workers if w.sent]
            if not busy:
                break
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=LOOK_EVERY if options.timeout > 0 else None)
            now = clock()
            for i, w in enumerate(list(workers)):
                if not w.sent:
                    continue
                if w.conn in ready:
                    try:
                        replies = w.conn.recv()
                    except (EOFError, OSError):
                        replies = None
                    if replies is not None:
                        for reply in replies:  # in the order the files were sent
                            finish(w.reported(now)["index"], reply)
                        continue
                w.look(now)
                if w.conn in ready or not w.process.is_alive():  # died, or its pipe closed without a reply
                    alive = w.process.is_alive()
                    if alive:
                        w.process.kill()
                    w.process.join()
                    code = "memory_limit" if not alive and w.process.exitcode == -signal.SIGKILL else "worker_crashed"
                    replace_worker(i, code, f"the worker died (exit code {w.process.exitcode})")
                elif options.timeout > 0 and w.seen != IDLE and clock() - w.since > options.timeout:
                    replace_worker(i, "timeout", f"stopped after {options.timeout:g} s")
    except BaseException:
        failing = True
        if lock is not None:
            lock.close()
        raise
    finally:
        for w in workers:
            _stop(w, gently=True)
        if manifest is not None and not manifest.handle.closed:
            try:
                manifest.close()
            except (OSError, OutputError) as exc:  # the last lines could not be written (a full disk, a
                # file-size limit): the lines written so far stand, a torn last one is left out when
                # read back, and their files are done again by the next run. Never a run that says
                # it finished with inputs missing from its manifest.
                if not failing:
                    if lock is not None:
                        lock.close()
                    raise exc if isinstance(exc, OutputError) else OutputError(
                        f"cannot write to {out}: {exc.strerror or exc}") from None
    summary.seconds = time.monotonic() - started
    if out is not None:
        try:
            _compact_manifest(out, inputs)
            from .output import write_atomic

            write_atomic(out / SUMMARY, json.dumps(summary.as_dict(), indent=2) + "\n")
        except OSError as exc:
            raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
        finally:
            if lock is not None:
                lock.close()
    return summary


def _take_lock(out: Path) -> Any:
    """One run at a time per output folder: a second run refuses instead of interleaving."""
    import fcntl

    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)  # the folder itself: no lock file left behind
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputError(f"another run is writing to {out}; wait for it to finish (or use another -o)") from None
    return _Lock(fd)


class _Lock:
    """An open folder holding its flock; closing it releases the lock."""

    def __init__(self, fd: int):
        self.fd: int | None = fd

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def claim_outputs(inputs: list[Input], previous: dict[str, dict[str, Any]]) -> list[Input]:
    """Keep each input's output from an earlier run into the same folder, and never give an
    input an output that an earlier run wrote for another file (two roots run one after the
    other into one -o)."""
    from dataclasses import replace

    taken = {rec["output"]: key for key, rec in previous.items() if rec.get("output")}
    claimed: list[Input] = []
    for item in inputs:
        name = item.output
        if name is not None:
            earlier = previous.get(item.path, {}).get("output")
            if earlier and taken.get(earlier) == item.path:
                name = earlier
            n = 1
            while taken.get(name, item.path) != item.path:
                n += 1
                name = bounded_name(f"{str(item.output)[:-5]}.{n}.json")
            taken[name] = item.path
        claimed.append(replace(item, output=name))
    return claimed


def _stop(worker: _Worker, *, gently: bool = False) -> None:
    if gently and worker.process.is_alive():
        try:
            worker.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        worker.process.join(timeout=2)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _compact_manifest(out: Path, inputs: list[Input]) -> None:
    """Rewrite the manifest with one line per file: earlier runs' files first, then this run's in input order."""
    from .output import write_atomic

    lines = {key: line for key, _, line in _manifest_lines(out / MANIFEST)}  # the last per input, as written
    current = {item.path for item in inputs}
    earlier = [line for key, line in lines.items() if key not in current]  # other runs' files stay listed
    write_atomic(out / MANIFEST, "".join(earlier) + "".join(lines[item.path] for item in inputs if item.path in lines))


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
