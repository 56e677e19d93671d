"""One input, on whichever worker reads it: `process_one` reads and extracts it and writes its
output, and `failed` is the one way a reply is made for an input that gives no result (skipped,
refused, past its time limit, its worker dead), so such an input is in every output a run writes
(the manifest, its output file, stdout, the Parquet table) the same way whichever pool ran it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import ERROR_CODES, InputError
from ..options import RunOptions
from ..records import dumps
from .paths import display_path, path_fields
from .values import FAILED_SKIPS, RETRYABLE, ManifestRecord, Reply, Task

Extract = Callable[..., dict[str, Any]]  # `pipeline.extract_record`, or a test's stand-in


def process_one(task: Task, extract: Extract | None = None) -> Reply:
    """Extract one input and write its output; returns its manifest record plus any exports.

    ``extract`` stands in for `pipeline.extract_record` (tests pass one that blocks until told)."""
    from ..output import result_json, write_atomic

    if extract is None:
        from ..pipeline import extract_record

        extract = extract_record

    started = time.perf_counter()
    settings = task.settings
    path, member = task.path, task.member
    shown = display_path(path)
    if task.skip_reason:
        code = task.skip_reason
        if member:
            return failed(task, code, f"{ERROR_CODES[code]}: {member.reason}", output=None,
                          outcome="skipped")
        hidden = fixity(path) if code == "hidden_file" else None  # never open a FIFO or a folder
        return failed(task, code, ERROR_CODES[code], size=file_size(path) if hidden else None,
                      digest=hidden, output=None, outcome="failed" if code in FAILED_SKIPS else "skipped")
    if member and member.reason:  # a record (or the archive) that could not be read
        return failed(task, member.code or "corrupt_file", member.reason, output=None)
    data = task.data  # the bytes of "-" (standard input), or of a URL the worker's parent read
    read_options: RunOptions = settings.options
    if member and data is None:  # (a worker that reads remote inputs has read the record for us)
        from ..webarchive import read_member

        refused: tuple[str, str] | None = None
        try:
            data = read_member(member.archive, member.record_offset, read_options.max_bytes)
        except InputError as exc:  # a payload that inflates past the size limit: never held whole
            refused = (exc.code, exc.message)
        except MemoryError:  # under a --max-memory cap: the record, not the run
            refused = ("memory_limit", "ran out of memory reading the record under the per-file cap")
        except Exception as exc:  # noqa: BLE001 - a record warcio cannot read: that record fails, coded
            refused = ("corrupt_file", f"the record could not be read: {type(exc).__name__}")
        if refused is not None:  # never read "ARCHIVE#OFFSET" as a path (that would say file_not_found)
            return failed(task, *refused, output=None, seconds=round(time.perf_counter() - started, 4))
    size: int | None
    digest: str | None
    if data is not None:
        size, digest = len(data), hashlib.sha256(data).hexdigest()
    elif member:
        size, digest = None, None
    else:
        size, digest = file_size(path), fixity(path)
    out_file = Path(settings.out_root) / task.output if settings.out_root and task.output else None
    kept = _kept(task, size, digest, out_file)
    if kept is not None and task.previous is not None:
        record = replace(task.previous, resumed=True, knowledge=kept)
        result = None
        if out_file is not None and (settings.jsonl or settings.csv or settings.stdout or settings.parquet):
            result = json.loads(out_file.read_text(encoding="utf-8"))
        return _reply(record, result, task)
    result = None  # the result as plain JSON data (records.py)
    try:
        too_big = size is not None and size > read_options.max_bytes
        source: Any = path if data is None else data
        result = None if too_big else extract(source, filename=task.name or shown, options=read_options)
        if result is not None and member:
            result["source"].update(url=member.url, archived_at=member.archived_at)
        if result is None:
            failure = ("too_large", f"file is {size} bytes, over the {read_options.max_bytes}-byte limit")
    except MemoryError:
        result, failure = None, ("memory_limit", "ran out of memory under the per-file cap")
    except Exception as exc:  # never let one file take the run down
        result, failure = None, ("internal_error", f"{type(exc).__name__}: {exc}"[:300])
    seconds = round(time.perf_counter() - started, 4)
    if result is None:
        reply = failed(task, *failure, size=size, digest=digest, seconds=seconds)
        text = reply.file_text
    else:
        record = _record(result, task, digest, seconds)
        reply, text = _reply(record, result, task), None
    if out_file is not None:
        try:
            out_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out_file, result_json(result) if result is not None else str(text))
        except OSError as exc:  # a full or read-only disk: the supervisor stops the run
            return Reply(reply.record, reply.line, write_error=exc.strerror or str(exc), index=task.index)
    return replace(reply, file_text=None) if reply.file_text is not None else reply


def _kept(task: Task, size: int | None, digest: str | None, out_file: Path | None) -> str | None:
    """The knowledge of an earlier run's reading of these same bytes when it stands, its output
    still there (a file that failed for a reason worth retrying is read again): read with the
    same knowledge, or only the templates changed and none of the changes is about this file
    (`templates.cache`); else None."""
    from ..templates.cache import same_run, still_reads

    previous = task.previous
    if previous is None:
        return None
    same_content = ((digest is not None and previous.sha256 == digest)
                    or (digest is None and previous.error_code == "too_large" and previous.bytes == size))
    if not (same_content and previous.extractor_version == __version__ and previous.error_code not in RETRYABLE
            and (out_file is None or out_file.exists())):
        return None
    if same_run(previous.knowledge, task.settings.knowledge):
        return previous.knowledge
    if previous.error_code is not None or task.member:
        return None
    source: Any = task.path if task.data is None else task.data
    return still_reads(previous.knowledge, task.settings.knowledge, task.settings.options, source,
                       task.name or display_path(task.path))


def _reply(record: ManifestRecord, result: dict[str, Any] | None, task: Task) -> Reply:
    """A reply for an input the pipeline read (or an earlier run did): its exports from ``result``."""
    if result is None:
        return Reply(record, record_line(record), index=task.index)
    return _exported(record, result, task)


def _exported(record: ManifestRecord, result: dict[str, Any], task: Task, file_text: str | None = None) -> Reply:
    """The reply carrying ``result`` in every export the run asks for (its JSON text, JSONL lines,
    CSV rows, Parquet rows), read or failed alike."""
    from ..output import csv_rows, notice_lines, result_json

    settings = task.settings
    rows: tuple[dict[str, Any], ...] = ()
    if settings.parquet:
        from ..parquet import rows as parquet_rows

        rows = tuple(parquet_rows(result))
    return Reply(record, record_line(record),
                 text=result_json(result, indent=2 if settings.single else None) if settings.stdout else None,
                 jsonl=tuple(notice_lines(result)) if settings.jsonl else (),
                 csv=tuple(csv_rows(result)) if settings.csv else (), rows=rows, file_text=file_text,
                 index=task.index)


def failed(task: Task, code: str, message: str, *, size: int | None = None,
           digest: str | None = None, seconds: float = 0.0, outcome: str = "failed",
           output: str | None | bool = True) -> Reply:
    """The reply for an input that gives no result: its record (failed with ``code``, or skipped),
    a contract-shaped result carrying the error in every export the run asks for (so every input
    is in every output), and that result's text as ``file_text`` for its output file, which the
    caller writes where it belongs (a local folder, an object store). ``output``: the record's
    output name (True: the task's; None for an input that gets no output file)."""
    from ..records import failed_record

    name = task.output if output is True else (output or None)
    record = ManifestRecord(**identity(task), output=name, sha256=digest, bytes=size, outcome=outcome,
                            error_code=code, error_message=message, seconds=seconds)
    source = {"path": display_path(task.path), "sha256": digest, "bytes": size, "format": None, "pages": None,
              "encoding": None, "url": record.url, "archived_at": record.archived_at, "template": None}
    result = failed_record(source, code, message)
    return _exported(record, result, task, file_text=dumps(result) if name else None)


def identity(task: Task) -> dict[str, Any]:
    """The fields of a record that say which input it is for (whatever became of it)."""
    fields: dict[str, Any] = dict(path_fields(task.path), knowledge=task.settings.knowledge)
    member = task.member
    if member:  # a web archive's record: where it is and what it was
        fields.update(archive=member.archive, record_offset=member.record_offset, url=member.url,
                      archived_at=member.archived_at)
    return fields


def _record(result: dict[str, Any], task: Task, digest: str | None,
            seconds: float) -> ManifestRecord:
    """The manifest record for a result (plain JSON data); ``digest``: the bytes as read here,
    None when they could not be read."""
    notices, error, source = result["notices"], result["error"], result["source"]
    warnings = sorted({w["code"] for w in result["warnings"]} | {w["code"] for n in notices for w in n["warnings"]})
    if error is not None:
        outcome = "failed"
    elif any(n["needs_review"] for n in notices):  # decided in assembly (a file that is no notice too)
        outcome = "needs_review"
    else:
        outcome = "ok"
    template = (source.get("template") or {}).get("id")
    fields = identity(task)
    if task.settings.options.templates and error is None:  # the template that read it, in its key
        from ..templates.cache import record_knowledge

        fields["knowledge"] = record_knowledge(task.settings.knowledge, task.settings.options, template)
    return ManifestRecord(**fields, output=task.output, sha256=digest, bytes=source["bytes"],
                          format=source["format"], outcome=outcome, error_code=error["code"] if error else None,
                          error_message=error["message"] if error else None, warnings=tuple(warnings),
                          notices=len(notices), template=template, seconds=seconds)


def record_line(record: ManifestRecord) -> str:
    """The manifest line for a record (made by the worker, so the supervisor only appends it)."""
    return json.dumps(record.as_dict(), ensure_ascii=False) + "\n"


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


def file_size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def put_output(out_root: str | None, name: str | None, text: str | None) -> None:
    """Write an output file's text under ``out_root`` (a local folder or a URL), atomically;
    nothing when the run has no output folder or the input no output."""
    if not out_root or not name or text is None:
        return
    from ..remote import is_url

    if is_url(out_root):
        from ..remote import join, write_atomic as put

        put(join(out_root, name), text)
    else:
        from ..output import write_atomic

        target = Path(out_root) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
