"""One file on a worker that is not ours to lose: a Dask worker, or a pool process of `extract_many`.

`run_task` hands each file to a child process forked from the worker (one per worker thread,
kept from file to file so the pipeline's caches stay warm), so a pathological PDF that runs
past the time limit, past the memory cap or crashes the interpreter takes that child down and
nothing else: the worker's other tasks and the worker itself stay up, and the next file gets a
fresh child. `os.fork` rather than multiprocessing: Dask's worker processes are daemonic, and
daemonic processes may not start multiprocessing children.

Remote inputs and outputs (fsspec URLs) are read and written here, by the worker, in the parent
(the child gets the bytes; an object store's client is never used across a fork). The reply is
the one `work.process_one` gives: the manifest record, plus exports the caller asked for.
"""

from __future__ import annotations

import faulthandler
import hashlib
import os
import signal
import socket
import threading
import time
from dataclasses import replace

from ..remote import is_url, join
from .system import die_with_parent, limit_memory
from .values import Reply, Task
from .work import Extract, failed, file_size, fixity, process_one, put_output

Crash = tuple[str, str]  # why a file's child gave no reply: (error code, message)


def run_task(task: Task, timeout: float = 60.0, max_memory_mb: int = 2048,
             extract: Extract | None = None) -> Reply:
    """`process_one` for ``task`` under the time limit and memory cap, in a child of this process
    (``extract`` stands in for `pipeline.extract_record`: tests pass one that blocks or dies).
    A store that cannot be reached (its server gone) is an `OutputError`: the run stops, exit 3."""
    from ..remote import unreachable

    try:
        return _run_task(task, timeout, max_memory_mb, extract)
    except unreachable() as exc:
        from ..errors import OutputError

        raise OutputError(f"the store cannot be reached ({type(exc).__name__}: {exc})"[:300]) from None


def _run_task(task: Task, timeout: float, max_memory_mb: int,
              extract: Extract | None) -> Reply:
    from .. import pipeline  # noqa: F401 - imported before the fork, so children start warm

    started = time.monotonic()
    settings = task.settings
    path, out_root = task.path, settings.out_root
    remote_out = join(out_root, task.output) if out_root and task.output and is_url(out_root) else None
    wanted_text = settings.stdout
    if remote_out is not None:  # the child hands the result's file text back; we upload it
        from ..remote import exists

        if task.previous and not exists(remote_out):
            task = replace(task, previous=None)  # its output is gone: redo it
        task = replace(task, settings=replace(settings, out_root=None, stdout=True, single=True))
    size: int | None = None
    digest: str | None = None
    if is_url(path) and not task.skip_reason:
        task, size, digest = _fetch(task, timeout)
    reply = _in_child(task, timeout, max_memory_mb, extract)
    if not isinstance(reply, Reply):
        code, message = ("timeout", f"stopped after {timeout:g} s") if reply is None else reply
        local = not is_url(path)
        reply = failed(task, code, message, size=file_size(path) if local else size,
                       digest=fixity(path) if local else digest,
                       seconds=round(max(time.monotonic() - started, 0.0), 3))
        if remote_out is None:
            put_output(out_root, task.output, reply.file_text)
            reply = replace(reply, file_text=None)
        else:
            reply = replace(reply, text=reply.file_text, file_text=None)
    if remote_out is not None:
        text, reply = reply.text, replace(reply, text=None)
        if not reply.record.resumed and text is not None:
            from .. import remote

            remote.write_atomic(remote_out, text)
        elif wanted_text:
            from ..remote import read_bytes

            text = read_bytes(remote_out).decode("utf-8")
        if wanted_text and text is not None:
            reply = replace(reply, text=text)
    return reply


def _fetch(task: Task, timeout: float) -> tuple[Task, int | None, str | None]:
    """The task with a URL's bytes in it (unless over the size limit: then its size alone), and
    their size and digest. A web address (``http(s)://``) is fetched within the file's time
    limit; one that cannot be fetched is refused with the reason (`too_large`, `timeout`,
    `fetch_failed`). For a record of a web archive on a store, that record's payload (bounded as
    `webarchive.read_member` is)."""
    from ..remote import FetchError, fetch, filesystem, is_web, unreachable

    max_bytes = task.settings.options.max_bytes
    if is_web(task.path):
        try:
            page = fetch(task.path, max_bytes=max_bytes, timeout=timeout)
        except FetchError as exc:
            return replace(task, refused=(exc.code, exc.message)), exc.size, None
        return replace(task, data=page), len(page), hashlib.sha256(page).hexdigest()
    member = task.member
    if member:
        if member.reason:  # a record that could not be listed: nothing to read
            return task, None, None
        from ..errors import InputError
        from ..webarchive import read_member

        try:
            payload = read_member(member.archive, member.record_offset, max_bytes)
        except InputError as exc:
            return replace(task, refused=(exc.code, exc.message)), None, None
        except unreachable():  # the store itself is gone: the run stops (run_task)
            raise
        except Exception:  # noqa: BLE001 - unreadable: the child reports it as for a local archive
            return task, None, None
        return replace(task, data=payload), len(payload), hashlib.sha256(payload).hexdigest()
    fs, where = filesystem(task.path)
    try:
        size = int(fs.size(where))
        if size > max_bytes:
            return replace(task, refused=("too_large", f"file is {size} bytes, over the {max_bytes}-byte limit")), size, None
        data: bytes = fs.cat_file(where)
    except unreachable():  # the store itself is gone: the run stops (run_task), no file is blamed
        raise
    except (OSError, ValueError):  # missing or unreadable: the pipeline reports it as for a local path
        return task, None, None
    return replace(task, data=data), len(data), hashlib.sha256(data).hexdigest()


class _Child:
    """A forked process that extracts file after file for one worker thread: it keeps the
    pipeline's caches (lexicon, compiled patterns, readers) warm across files, where a fork per
    file would rebuild them each time. Replaced after a file kills it or runs out of time."""

    def __init__(self, max_memory_mb: int, extract: Extract | None):
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
                        reply = process_one(task, extract)
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

    def run(self, task: Task, timeout: float) -> Reply | Crash | None:
        """The reply; why, if the child died; None past the time limit."""
        try:
            self.conn.send(task)
            if self.conn.poll(timeout if timeout > 0 else None):
                reply: Reply = self.conn.recv()
                return reply
        except (EOFError, OSError):
            pass
        else:
            self.stop()
            return None  # past the time limit: stopped
        status = self.stop()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL or (
                os.WIFEXITED(status) and os.WEXITSTATUS(status) == 75):
            return "memory_limit", f"the file's process died (status {status}) under the memory cap"
        return "worker_crashed", f"the file's process died (status {status})"

    def stop(self) -> int:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self.pid, 0)
        self.conn.close()
        return status


_children = threading.local()  # one child per worker thread (a Dask worker may run several)


def _in_child(task: Task, timeout: float, max_memory_mb: int,
              extract: Extract | None) -> Reply | Crash | None:
    """The reply from this thread's child (started, or restarted, as needed)."""
    if task.refused:  # a URL that could not be fetched, a payload past the size limit: nothing to read
        return task.refused
    child: _Child | None = getattr(_children, "child", None)
    if child is not None and child.owner != os.getpid():
        child = None  # our parent's, copied by the fork that made this process: never ours to use or stop
    if child is not None and child.key != (max_memory_mb, extract):
        child.stop()
        child = None
    if child is None:
        child = _children.child = _Child(max_memory_mb, extract)
    reply = child.run(task, timeout)
    if not isinstance(reply, Reply):
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
