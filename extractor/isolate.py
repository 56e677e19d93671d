"""One file on a worker that is not ours to lose: a Dask worker, or a pool process of `extract_many`.

`run_task` hands each file to a child process forked from the worker (one per worker thread,
kept from file to file so the pipeline's caches stay warm), so a pathological PDF that runs
past the time limit, past the memory cap or crashes the interpreter takes that child down and
nothing else: the worker's other tasks and the worker itself stay up, and the next file gets a
fresh child. `os.fork` rather than multiprocessing: Dask's worker processes are daemonic, and
daemonic processes may not start multiprocessing children.

Remote inputs and outputs (fsspec URLs) are read and written here, by the worker, in the parent
(the child gets the bytes; an object store's client is never used across a fork). The reply is
the one `batch.process_one` gives: the manifest record, plus exports the caller asked for.
"""

from __future__ import annotations

import faulthandler
import hashlib
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._version import __version__
from .batch import (_error_result, _exports, _failure, _size, die_with_parent, display_path, fixity, limit_memory,
                    path_fields, process_one)
from .records import dumps
from .remote import is_url, join


def run_task(task: dict[str, Any], timeout: float = 60.0, max_memory_mb: int = 2048,
             extract: Callable[..., dict[str, Any]] | None = None) -> dict[str, Any]:
    """`process_one` for ``task`` under the time limit and memory cap, in a child of this process
    (``extract`` stands in for `pipeline.extract_record`: tests pass one that blocks or dies).
    A store that cannot be reached (its server gone) is an `OutputError`: the run stops, exit 3."""
    from .remote import unreachable

    try:
        return _run_task(task, timeout, max_memory_mb, extract)
    except unreachable() as exc:
        from .errors import OutputError

        raise OutputError(f"the store cannot be reached ({type(exc).__name__}: {exc})"[:300]) from None


def _run_task(task: dict[str, Any], timeout: float, max_memory_mb: int,
              extract: Callable[..., dict[str, Any]] | None) -> dict[str, Any]:
    from . import pipeline  # noqa: F401 - imported before the fork, so children start warm

    started = time.monotonic()
    task = dict(task)
    path, out_root = task["path"], task.get("out_root")
    remote_out = join(out_root, task["output"]) if out_root and task.get("output") and is_url(out_root) else None
    wanted_text = bool(task.get("stdout"))
    if remote_out is not None:  # the child hands the result's file text back; we upload it
        from .remote import exists

        if task.get("previous") and not exists(remote_out):
            task["previous"] = None  # its output is gone: redo it
        task.update(out_root=None, stdout=True, single=True)
    size: int | None = None
    digest: str | None = None
    if is_url(path) and not task.get("skip_reason"):
        size, digest = _fetch(task, timeout)
    reply = _in_child(task, timeout, max_memory_mb, extract)
    if reply is None or "crash" in reply:
        code, message = ("timeout", f"stopped after {timeout:g} s") if reply is None else reply["crash"]
        reply = _failed(task, code, message, size, digest, time.monotonic() - started)
        text = reply.pop("file_text")
        if remote_out is None and task.get("out_root") and task.get("output"):
            from . import output

            target = Path(task["out_root"]) / task["output"]
            target.parent.mkdir(parents=True, exist_ok=True)
            output.write_atomic(target, text)
        elif remote_out is not None:
            reply["text"] = text
    if remote_out is not None:
        text = reply.pop("text", None)
        record = reply["record"]
        if not record.get("resumed") and text is not None:
            from . import remote

            remote.write_atomic(remote_out, text)
        elif wanted_text:
            from .remote import read_bytes

            text = read_bytes(remote_out).decode("utf-8")
        if wanted_text and text is not None:
            reply["text"] = text
    return reply


def _fetch(task: dict[str, Any], timeout: float) -> tuple[int | None, str | None]:
    """Read a URL's bytes into the task (unless over the size limit: then its size alone). A web
    address (``http(s)://``) is fetched within the file's time limit; one that cannot be fetched
    fails the file with the reason (``fetch_error``: `too_large`, `timeout`, `fetch_failed`). For a
    record of a web archive on a store, that record's payload (bounded as `webarchive.read_member` is)."""
    from .remote import FetchError, fetch, filesystem, is_web, unreachable

    if is_web(task["path"]):
        try:
            page = fetch(task["path"], max_bytes=task["options"].max_bytes, timeout=timeout)
        except FetchError as exc:
            task["fetch_error"] = (exc.code, exc.message)
            return exc.size, None
        task["data"] = page
        return len(page), hashlib.sha256(page).hexdigest()
    member = task.get("member")
    if member:
        if member.get("reason"):  # a record that could not be listed: nothing to read
            return None, None
        from .errors import InputError
        from .webarchive import read_member

        try:
            payload = read_member(member["archive"], member["record_offset"], task["options"].max_bytes)
        except InputError as exc:
            task["refused"] = (exc.code, exc.message)
            return None, None
        except unreachable():  # the store itself is gone: the run stops (run_task)
            raise
        except Exception:  # noqa: BLE001 - unreadable: the child reports it as for a local archive
            return None, None
        task["data"] = payload
        return len(payload), hashlib.sha256(payload).hexdigest()
    fs, where = filesystem(task["path"])
    try:
        size = int(fs.size(where))
        if size > task["options"].max_bytes:
            task["over_limit"] = size
            return size, None
        data: bytes = fs.cat_file(where)
    except unreachable():  # the store itself is gone: the run stops (run_task), no file is blamed
        raise
    except (OSError, ValueError):  # missing or unreadable: the pipeline reports it as for a local path
        return None, None
    task["data"] = data
    return len(data), hashlib.sha256(data).hexdigest()


class _Child:
    """A forked process that extracts file after file for one worker thread: it keeps the
    pipeline's caches (lexicon, compiled patterns, readers) warm across files, where a fork per
    file would rebuild them each time. Replaced after a file kills it or runs out of time."""

    def __init__(self, max_memory_mb: int, extract: Callable[..., dict[str, Any]] | None):
        from multiprocessing.connection import Connection

        self.key = (max_memory_mb, extract)
        self.owner = os.getpid()  # a process forked from this one inherits the object, not the child
        ours, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:  # the child: serve tasks until the pipe closes, never return into the worker
            status = 0
            try:
                ours.close()
                faulthandler.disable()  # a crash is the parent's to report, once, as worker_crashed
                die_with_parent()  # a worker killed under its file takes the file's process along
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                limit_memory(_cap(max_memory_mb))
                conn = Connection(theirs.detach())
                while True:
                    try:
                        task = conn.recv()
                    except EOFError:
                        break
                    try:
                        reply: dict[str, Any] = process_one(task, extract)
                    except MemoryError:
                        status = 75
                        break
                    conn.send(reply)
            except BaseException:
                status = status or 70
            finally:
                os._exit(status)
        theirs.close()
        self.conn = Connection(ours.detach())

    def run(self, task: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        """The reply; ``{"crash": (code, message)}`` if the child died; None past the time limit."""
        try:
            self.conn.send(task)
            if self.conn.poll(timeout if timeout > 0 else None):
                reply: dict[str, Any] = self.conn.recv()
                return reply
        except (EOFError, OSError):
            pass
        else:
            self.stop()
            return None  # past the time limit: stopped
        status = self.stop()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL or (
                os.WIFEXITED(status) and os.WEXITSTATUS(status) == 75):
            return {"crash": ("memory_limit", f"the file's process died (status {status}) under the memory cap")}
        return {"crash": ("worker_crashed", f"the file's process died (status {status})")}

    def stop(self) -> int:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self.pid, 0)
        self.conn.close()
        return status


_children = threading.local()  # one child per worker thread (a Dask worker may run several)


def _in_child(task: dict[str, Any], timeout: float, max_memory_mb: int,
              extract: Callable[..., dict[str, Any]] | None) -> dict[str, Any] | None:
    """The reply from this thread's child (started, or restarted, as needed)."""
    if task.get("over_limit"):
        size = task["over_limit"]
        return {"crash": ("too_large", f"file is {size} bytes, over the {task['options'].max_bytes}-byte limit")}
    if task.get("fetch_error"):  # a web address that could not be fetched: nothing to read
        return {"crash": tuple(task["fetch_error"])}
    if task.get("refused"):  # a record's payload past the size limit, found while reading it
        return {"crash": task["refused"]}
    child: _Child | None = getattr(_children, "child", None)
    if child is not None and child.owner != os.getpid():
        child = None  # our parent's, copied by the fork that made this process: never ours to use or stop
    if child is not None and child.key != (max_memory_mb, extract):
        child.stop()
        child = None
    if child is None:
        child = _children.child = _Child(max_memory_mb, extract)
    reply = child.run(task, timeout)
    if reply is None or "crash" in reply:
        _children.child = None
    return reply


def _cap(max_memory_mb: int) -> int:
    """The child's address-space cap: what it inherited from the worker plus ``max_memory_mb``.
    A Dask worker (or a test process) maps far more than a batch worker before it reads a file;
    the cap is for what the file itself may take."""
    if max_memory_mb <= 0:
        return 0
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            sizes = [int(line.split()[1]) for line in handle if line.startswith("VmSize:")]
    except (OSError, ValueError, IndexError):
        sizes = []
    return max_memory_mb + (sizes[0] // 1024 if sizes else 0)


def _failed(task: dict[str, Any], code: str, message: str, size: int | None, digest: str | None,
            seconds: float) -> dict[str, Any]:
    """The reply for a file whose child gave none: its record, exports and error result's text."""
    path = task["path"]
    local = not is_url(path)
    record = {**path_fields(path), "output": task.get("output"), "extractor_version": __version__,
              "knowledge": task.get("knowledge"),
              **_failure(path, code, message, _size(path) if local else size, fixity(path) if local else digest),
              "seconds": round(max(seconds, 0.0), 3), "resumed": False}
    member = task.get("member")
    if member:
        record.update({k: member[k] for k in ("archive", "record_offset", "url", "archived_at")})
    result = _error_result(display_path(path), record)
    reply: dict[str, Any] = {"record": record, "file_text": dumps(result)}
    reply.update(_exports(result, bool(task.get("stdout")), bool(task.get("jsonl")), bool(task.get("csv")),
                          bool(task.get("single"))))
    if task.get("parquet"):
        from .parquet import rows

        reply["rows"] = rows(result)
    return reply
