"""The fork pool: this machine's worker processes, forked from the supervisor with the pipeline
loaded, each fed chunks of tasks over a pipe.

A worker reads, hashes and extracts its files and writes each file's output itself, atomically,
and shows the file it is reading in a shared-memory slot: how the supervisor keeps time limits
without a message per file. Finished files go back in batches. A file that runs past the time
limit, the memory cap, or kills its worker fails (`work.failed`) and the run goes on with a fresh
worker; the files that worker held but had not started go to the next.
"""

from __future__ import annotations

import gc
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .system import die_with_parent, limit_memory
from .values import Reply, Settings, Task
from .work import Extract, failed, file_size, fixity, process_one, put_output

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

IDLE = -1  # a worker's slot between files
REPLY_EVERY = 0.05  # seconds a worker holds finished files at most before reporting them
MAX_CHUNK = 16  # files sent to a worker in one message, early in a run
LOOK_EVERY = 0.25  # seconds between looks at the workers' slots while none reports (time limits)


def chunk_size(remaining: int, workers: int) -> int:
    """Guided scheduling: big chunks while much is left (few messages), single files near the
    end, so no file waits behind another worker's slow file while a worker stands idle.

    >>> [chunk_size(n, 2) for n in (4000, 100, 20, 7)]
    [16, 12, 2, 1]
    """
    return max(1, min(MAX_CHUNK, remaining // (4 * max(1, workers))))


def _worker_main(conn: Connection, slot: Any, max_memory_mb: int,
                 extract: Extract | None = None) -> None:
    """A worker: reads chunks of tasks, extracts each file, and reports finished files in batches.

    ``slot`` (shared memory) holds the index of the file being read, so the supervisor knows
    which file a time limit or a death belongs to without a message per file. Replies go back
    when half of what the worker holds is done (the supervisor sends more before it runs dry),
    when it holds nothing more, or every ``REPLY_EVERY`` seconds, so slow files report at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when to stop
    die_with_parent()
    limit_memory(max_memory_mb)
    held: deque[Task] = deque()
    replies: list[Reply] = []
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
            slot.value = task.index
            replies.append(process_one(task, extract))
            slot.value = IDLE
            if len(replies) >= len(held) or time.monotonic() - last_sent >= REPLY_EVERY:
                conn.send(replies)
                replies, last_sent = [], time.monotonic()
    except (EOFError, OSError):  # the supervisor is gone
        return


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
    sent: deque[Task] = field(default_factory=deque)  # tasks sent, not yet reported, in order
    seen: int = IDLE  # the slot's value when last looked at
    since: float = 0.0  # clock() when that file started (when sent to an idle worker, when the
    # file before it was reported, or when the slot first showed it: within LOOK_EVERY)

    def give(self, tasks: list[Task], now: float) -> None:
        """Send files; a worker that held none starts the first of them now."""
        if not self.sent:
            self.seen, self.since = tasks[0].index, now
        self.sent.extend(tasks)
        self.conn.send(tasks)

    def reported(self, now: float) -> Task:
        """The first file held is done; the next one starts about now (the slot tells exactly)."""
        task = self.sent.popleft()
        if task.index == self.seen:
            self.seen, self.since = (self.sent[0].index, now) if self.sent else (IDLE, now)
        return task

    def look(self, now: float) -> None:
        value = self.slot.value
        if value != IDLE and value != self.seen:
            self.seen, self.since = value, now

    def running(self) -> Task | None:
        """The task the worker is reading now (None between files)."""
        return next((task for task in self.sent if task.index == self.seen), None)

    def stop(self, *, gently: bool = False) -> None:
        if gently and self.process.is_alive():
            try:
                self.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ForkPool:
    """``workers`` processes forked from this one. The time limit is measured with ``clock`` and
    workers extract with ``extract`` (default `pipeline.extract_record`): tests pass a clock they
    move and an input that blocks until told, so a time-limit test never races the machine."""

    def __init__(self, workers: int, timeout: float, max_memory_mb: int, *,
                 clock: Callable[[], float] = time.monotonic, extract: Extract | None = None):
        self.workers, self.timeout, self.max_memory_mb = workers, timeout, max_memory_mb
        self.clock, self.extract = clock, extract

    @property
    def slots(self) -> int:
        return self.workers

    def close(self) -> None:
        """Nothing outlives `run`: its workers stop when it ends."""

    def prepare(self, settings: Settings, count: int) -> Settings:
        """``settings`` as this pool's workers read with them: each its share of the cores for a
        scan's pages, unless the one file of a run without limits is read here (`run`)."""
        if self._inline(count) or settings.options.ocr_threads is not None:
            return settings
        from ..readers.ocr import share_of_cores  # only runs with workers need it (and PDF code)

        return replace(settings, options=settings.options.replace(ocr_threads=share_of_cores(self.workers)))

    def _inline(self, count: int) -> bool:
        """One file and no limits asked for: no worker to fork."""
        return count == 1 and self.timeout <= 0 and self.max_memory_mb <= 0

    def run(self, tasks: Iterator[Task], count: int) -> Generator[Reply, None, None]:
        """Every task's reply, each with its ``index``, as files finish; ``count``: how many tasks."""
        if self._inline(count):
            for task in tasks:
                yield process_one(task, self.extract)
            return
        yield from _Run(self, tasks, count).replies()


class _Run:
    """One run of a `ForkPool`: its workers, the tasks they hold and the files still to send."""

    def __init__(self, pool: ForkPool, tasks: Iterator[Task], count: int):
        import multiprocessing

        from .. import pipeline  # noqa: F401 - loaded once here, so forked workers start warm

        self.pool, self.pending, self.unsent = pool, tasks, count
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.context: Any = multiprocessing.get_context(method)
        self.again: deque[Task] = deque()  # tasks a stopped worker held but had not started: sent first
        self.workers: list[_Worker] = []

    def spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        slot = _slot()
        proc = self.context.Process(target=_worker_main, daemon=True,
                                    args=(child, slot, self.pool.max_memory_mb, self.pool.extract))
        gc.freeze()  # what the worker inherits stays out of its collections: no copy-on-write of those pages
        try:
            proc.start()
        finally:
            gc.unfreeze()
        child.close()
        return _Worker(proc, parent, slot)

    def next_tasks(self, count: int) -> list[Task]:
        tasks: list[Task] = []
        while self.again and len(tasks) < count:
            tasks.append(self.again.popleft())
        for task in self.pending:
            tasks.append(task)
            self.unsent -= 1
            if len(tasks) >= count:
                break
        return tasks

    def failed_reply(self, task: Task, started_at: float, code: str, message: str) -> Reply:
        """The file a worker was reading when it stopped: failed, its error result written."""
        path = task.path
        reply = failed(task, code, message, size=file_size(path), digest=fixity(path),
                       seconds=round(max(self.pool.clock() - started_at, 0.0), 3))
        try:
            put_output(task.settings.out_root, task.output, reply.file_text)
        except OSError as exc:
            return Reply(reply.record, reply.line, write_error=exc.strerror or str(exc), index=task.index)
        return replace(reply, file_text=None)

    def replace_worker(self, i: int, code: str, message: str) -> Reply:
        """Stop worker ``i``; the file it was reading fails with ``code``; the files it held but
        had not started go to the next free worker; a fresh worker takes its place."""
        w = self.workers[i]
        w.look(self.pool.clock())
        culprit = w.running() or w.sent[0]
        w.stop()
        self.again.extendleft(reversed([task for task in w.sent if task is not culprit]))
        self.workers[i] = self.spawn()
        return self.failed_reply(culprit, w.since if w.seen == culprit.index else self.pool.clock(), code, message)

    def replies(self) -> Generator[Reply, None, None]:
        from multiprocessing.connection import wait

        pool, clock = self.pool, self.pool.clock
        try:
            self.workers = [self.spawn() for _ in range(max(1, min(pool.workers, self.unsent)))] if self.unsent else []
            while True:
                size = chunk_size(self.unsent + len(self.again), len(self.workers))
                for w in self.workers:  # top up: a worker holds fewer than a chunk's files only near the end
                    if len(w.sent) < size:
                        tasks = self.next_tasks(size)
                        if tasks:
                            w.give(tasks, clock())
                busy = [w for w in self.workers if w.sent]
                if not busy:
                    break
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout=LOOK_EVERY if pool.timeout > 0 else None)
                now = clock()
                for i, w in enumerate(list(self.workers)):
                    if not w.sent:
                        continue
                    if w.conn in ready:
                        try:
                            replies = w.conn.recv()
                        except (EOFError, OSError):
                            replies = None
                        if replies is not None:
                            for reply in replies:  # in the order the files were sent
                                w.reported(now)
                                yield reply
                            continue
                    w.look(now)
                    if w.conn in ready or not w.process.is_alive():  # died, or its pipe closed without a reply
                        alive = w.process.is_alive()
                        if alive:
                            w.process.kill()
                        w.process.join()
                        code = "memory_limit" if not alive and w.process.exitcode == -signal.SIGKILL else "worker_crashed"
                        yield self.replace_worker(i, code, f"the worker died (exit code {w.process.exitcode})")
                    elif pool.timeout > 0 and w.seen != IDLE and clock() - w.since > pool.timeout:
                        yield self.replace_worker(i, "timeout", f"stopped after {pool.timeout:g} s")
        finally:
            for w in self.workers:
                w.stop(gently=True)
