"""Process pools and Dask clusters: workers that are not this process's children to watch.

`LocalPool` (`concurrent.futures` processes on this machine) and `DaskPool` (a Dask cluster:
``local:N`` started here, or a scheduler's address) are executors of `Chunked`, the strategy
that feeds them: inputs go in chunks of up to `MAX_CHUNK` files a task (guided: single files
near the end), in bounded waves (at most ``window`` files in flight). The tasks run
`isolate.run_task`: each file in its own child process on the worker, under the time limit and
memory cap, writing its own output atomically. A worker that dies (the task fails with Dask's
``KilledWorker``, or a broken local pool) costs each file of its chunk a retry on its own; a
second death records the file as ``worker_crashed``. No scheduler of our own: Dask's
(dask-jobqueue, Kubernetes, cloud) or `concurrent.futures`.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..errors import OutputError
from .forkpool import MAX_CHUNK, chunk_size
from .values import Reply, Settings, Task
from .work import Extract, failed, file_size, fixity, put_output

CRASH_RETRIES = 1  # a file whose worker dies is tried once more before it is worker_crashed
AHEAD_PER_SLOT = 500  # output in input order: at most this many files a slot past the oldest unfinished


@dataclass(frozen=True, slots=True)
class Crashed:
    """A task whose worker died under it (as opposed to a reply)."""

    message: str


class LocalPool:
    """`concurrent.futures` processes on this machine (forked, so they start with the pipeline loaded)."""

    def __init__(self, workers: int, extract: Extract | None = None):
        """``extract`` stands in for `pipeline.extract_record` (tests pass one that blocks until told)."""
        self.workers = workers
        self.extract = extract
        self.executor = self._start()

    def _start(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .. import pipeline  # noqa: F401 - loaded before the fork

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method))

    @property
    def slots(self) -> int:
        return self.workers

    def submit(self, tasks: list[Task], timeout: float, max_memory_mb: int) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.executor.submit(run_chunk, tasks, timeout, max_memory_mb, self.extract)
        except BrokenProcessPool:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            return self.executor.submit(run_chunk, tasks, timeout, max_memory_mb, self.extract)

    def wait_first(self, futures: list[Any]) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return list(done)

    def outcomes(self, futures: list[Any]) -> list[list[Reply] | Crashed]:
        from concurrent.futures.process import BrokenProcessPool

        replies: list[list[Reply] | Crashed] = []
        for future in futures:
            try:
                replies.append(future.result())
            except BrokenProcessPool as exc:
                replies.append(Crashed(f"the pool's worker died ({exc})"))
        return replies

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class HostedCluster:
    """`--dask local:N`: Dask's scheduler and N single-thread workers in a process of their own
    (`extractor.dask_host`), so the scheduler's histories of tasks never sit in the client's memory."""

    def __init__(self, workers: int, start_seconds: float = 300.0):
        """Start the host and wait (at most ``start_seconds``) until every worker has joined. The
        host imports what this process can (its ``sys.path``), as a LocalCluster's workers did."""
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen([sys.executable, "-m", "extractor.dask_host", str(workers), str(os.getpid())],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env)
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], start_seconds)
        self.address = self.process.stdout.readline().decode().strip() if ready else ""
        if not self.address:
            code = self.process.poll()
            self.close()
            why = f"exit code {code}" if code is not None else f"no answer in {start_seconds:.0f} s"
            raise OSError(f"the local Dask cluster did not start ({why})")

    def close(self) -> None:
        """Stop the workers and the scheduler (SIGTERM: they close in order), killed after 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class DaskPool:
    """A Dask cluster: ``local`` / ``local:N`` starts (and `close` stops) N worker processes of one
    thread each and their scheduler, all apart from this process (`HostedCluster`);
    ``tcp://host:8786`` (any scheduler address) joins one."""

    def __init__(self, address: str, extract: Extract | None = None):
        """``extract`` stands in for `pipeline.extract_record` on the workers (tests pass one that
        blocks until told, so a worker can be killed while it holds a file)."""
        from distributed import Client

        self.cluster: HostedCluster | None = None
        self.extract = extract
        if address == "local" or address.startswith("local:"):
            count = int(address.split(":", 1)[1]) if ":" in address else (os.cpu_count() or 1)
            if count < 1:
                raise ValueError("local:N needs N >= 1")
            self.cluster = HostedCluster(count)
            address = self.cluster.address
        try:
            self.client = Client(address)
        except BaseException:
            if self.cluster is not None:
                self.cluster.close()
            raise
        from distributed import as_completed

        self.finishing = as_completed(with_results=True, raise_errors=False)
        self.results: dict[Any, Any] = {}  # future -> its reply, between wait_first and outcomes

    @property
    def slots(self) -> int:
        return max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, tasks: list[Task], timeout: float, max_memory_mb: int) -> Any:
        future = self.client.submit(run_chunk, tasks, timeout, max_memory_mb, self.extract, pure=False)
        self.finishing.add(future)
        return future

    def wait_first(self, futures: list[Any]) -> list[Any]:
        """The futures finished since the last call (at least one), their replies already fetched
        by the client's event loop as each finished: a reply costs no round trip of its own
        (one `Future.result` per file is a scheduler round trip, ~10 ms on a small machine)."""
        done = []
        for future, result in self.finishing.next_batch(block=True):
            self.results[future] = result
            done.append(future)
        return done

    def outcomes(self, futures: list[Any]) -> list[list[Reply] | Crashed]:
        from distributed import KilledWorker

        replies: list[list[Reply] | Crashed] = []
        for future in futures:
            result = self.results.pop(future)
            if future.status == "cancelled" or (future.status != "error" and isinstance(result, BaseException)):
                # the scheduler (or the host of a local cluster) went away: nothing more will run
                raise OutputError(f"the Dask cluster went away while files were running "
                                  f"({type(result).__name__}: {result})"[:300])
            if future.status == "error":
                error = result[1]
                if not isinstance(error, KilledWorker):
                    raise error
                replies.append(Crashed(f"the Dask worker died ({error})"))
            else:
                replies.append(result)
        return replies

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_chunk(tasks: list[Task], timeout: float, max_memory_mb: int,
              extract: Extract | None = None) -> list[Reply]:
    """One task of several files, read one after another on a worker, each still in a child
    process of its own under the limits (`isolate.run_task`): the cost of a task to the client
    and the scheduler (submitting it, a reply, a round trip) is then paid once a chunk."""
    from .isolate import run_task

    return [run_task(task, timeout, max_memory_mb, extract) for task in tasks]


def open_pool(dask: str | None, workers: int) -> LocalPool | DaskPool:
    try:
        return DaskPool(dask) if dask else LocalPool(workers)
    except ImportError:
        raise OutputError("--dask needs its extra: pip install 'decision-extractor[dask]'") from None


class Executor(Protocol):
    """What `Chunked` asks of a pool of workers it does not watch itself."""

    @property
    def slots(self) -> int: ...

    def submit(self, tasks: list[Task], timeout: float, max_memory_mb: int) -> Any: ...

    def wait_first(self, futures: list[Any]) -> list[Any]: ...

    def outcomes(self, futures: list[Any]) -> list[list[Reply] | Crashed]: ...

    def close(self) -> None: ...


class Chunked:
    """The strategy for an `Executor`: chunks of files a task (`chunk_size`), at most ``window``
    files in flight (by default two full chunks per cluster thread). ``ahead``, for a caller that
    puts the replies back in input order (holding those that finish early): no file is submitted
    ``ahead`` or more places past the oldest one still in flight, so what the caller holds stays
    under ``ahead`` replies even behind a file that takes its whole time limit (`AHEAD_PER_SLOT`
    per slot is a good bound)."""

    def __init__(self, executor: Executor, timeout: float, max_memory_mb: int, *, window: int | None = None,
                 ahead: int | None = None):
        self.executor, self.timeout, self.max_memory_mb = executor, timeout, max_memory_mb
        self.window, self.ahead = window, ahead

    @property
    def slots(self) -> int:
        return self.executor.slots

    def close(self) -> None:
        self.executor.close()

    def prepare(self, settings: Settings, count: int) -> Settings:
        """The settings as they are: each file's child reads with them."""
        return settings

    def run(self, tasks: Iterator[Task], count: int) -> Generator[Reply, None, None]:
        """Every task's reply, each with its ``index``, as chunks finish; ``count``: how many tasks."""
        pool, limits = self.executor, (self.timeout, self.max_memory_mb)
        slots = pool.slots
        window = self.window or max(2, 2 * slots * MAX_CHUNK)
        flying: dict[Any, tuple[list[Task], int]] = {}  # future -> (its chunk's tasks, deaths so far)
        in_flight, unsent = 0, count  # files
        waiting = next(tasks, None)
        while True:
            oldest = min((chunk[0].index for chunk, _ in flying.values()), default=None)
            while waiting is not None and in_flight < window and _within(self.ahead, oldest, waiting.index):
                size = min(chunk_size(unsent, slots), window - in_flight)
                chunk: list[Task] = []
                while waiting is not None and len(chunk) < size and _within(self.ahead, oldest, waiting.index):
                    chunk.append(waiting)
                    oldest = chunk[0].index if oldest is None else oldest
                    waiting = next(tasks, None)
                flying[pool.submit(chunk, *limits)] = (chunk, 0)
                in_flight, unsent = in_flight + len(chunk), unsent - len(chunk)
            if not flying:
                return
            done = pool.wait_first(list(flying))
            for future, outcome in zip(done, pool.outcomes(done)):
                chunk, deaths = flying.pop(future)
                in_flight -= len(chunk)
                if isinstance(outcome, Crashed):
                    if deaths < CRASH_RETRIES or len(chunk) > 1:
                        # Which file of a chunk took its worker down is not known: each goes
                        # again on its own, one death counted, so the culprit's next is its last.
                        for task in chunk:
                            flying[pool.submit([task], *limits)] = ([task], deaths + 1)
                        in_flight += len(chunk)
                        continue
                    outcome = [_crashed(chunk[0], outcome.message)]
                yield from outcome


def _within(ahead: int | None, oldest: int | None, index: int) -> bool:
    """Whether input ``index`` may be sent: under ``ahead`` places past the oldest in flight."""
    return ahead is None or oldest is None or index - oldest < ahead


def _crashed(task: Task, message: str) -> Reply:
    """The reply for a file whose worker died twice: failed as worker_crashed, its error result written."""
    from ..remote import is_url

    local = not is_url(task.path)
    reply = failed(task, "worker_crashed", message, size=file_size(task.path) if local else None,
                   digest=fixity(task.path) if local else None)
    put_output(task.settings.out_root, task.output, reply.file_text)
    return replace(reply, file_text=None)
