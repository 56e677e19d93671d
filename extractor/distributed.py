"""Archives beyond one machine: the client side of runs on a Dask cluster or a local process pool.

The client walks the inputs and submits them in chunks of up to `batch.MAX_CHUNK` files a task
(guided: single files near the end), in bounded waves (at most `window` files in flight),
writes a manifest line per file as results arrive, and resumes by sha256 and knowledge (`options.knowledge_key`),
exactly as `batch.run_batch` does for the local pool. What it must remember
per input (the inputs in order, the earlier run's records) is on disk in a `ledger.Ledger`, so
its memory stays flat whatever the archive's size. The tasks run `isolate.run_task`: each
file in its own child process on the worker, under the time limit and memory cap, writing its
own output atomically. A worker that dies (the task fails with Dask's ``KilledWorker``, or a
broken local pool) costs each file of its chunk a retry on its own; a second death records the
file as ``worker_crashed``. No scheduler of our own: Dask's
(dask-jobqueue, Kubernetes, cloud) or `concurrent.futures`.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._version import __version__
from .batch import MAX_CHUNK, Input, Options, Summary, chunk_size, walk_inputs
from .errors import OutputError
from .ledger import Ledger
from .options import DEFAULT_OPTIONS, RunOptions, knowledge_key
from .remote import is_url

CRASH_RETRIES = 1  # a file whose worker dies is tried once more before it is worker_crashed
AHEAD_PER_SLOT = 500  # output in input order: at most this many files a slot past the oldest unfinished


@dataclass(frozen=True, slots=True)
class Crashed:
    """A task whose worker died under it (as opposed to a reply)."""

    message: str


class LocalPool:
    """`concurrent.futures` processes on this machine (forked, so they start with the pipeline loaded)."""

    def __init__(self, workers: int, extract: Callable[..., dict[str, Any]] | None = None):
        """``extract`` stands in for `pipeline.extract_record` (tests pass one that blocks until told)."""
        self.workers = workers
        self.extract = extract
        self.executor = self._start()

    def _start(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from . import pipeline  # noqa: F401 - loaded before the fork

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method))

    @property
    def slots(self) -> int:
        return self.workers

    def submit(self, tasks: list[dict[str, Any]], timeout: float, max_memory_mb: int) -> Any:
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

    def outcomes(self, futures: list[Any]) -> list[list[dict[str, Any]] | Crashed]:
        from concurrent.futures.process import BrokenProcessPool

        replies: list[list[dict[str, Any]] | Crashed] = []
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
    (`dask_host`), so the scheduler's histories of tasks never sit in the client's memory."""

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

    def __init__(self, address: str, extract: Callable[..., dict[str, Any]] | None = None):
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

    def submit(self, tasks: list[dict[str, Any]], timeout: float, max_memory_mb: int) -> Any:
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

    def outcomes(self, futures: list[Any]) -> list[list[dict[str, Any]] | Crashed]:
        from distributed import KilledWorker

        replies: list[list[dict[str, Any]] | Crashed] = []
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


def run_chunk(tasks: list[dict[str, Any]], timeout: float, max_memory_mb: int,
              extract: Callable[..., dict[str, Any]] | None = None) -> list[dict[str, Any]]:
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


# -- inputs ----------------------------------------------------------------------------------------
def discover_any(paths: list[str], *, recursive: bool, with_outputs: bool, include: tuple[str, ...] = (),
                 exclude: tuple[str, ...] = (), skip_folder: str | os.PathLike[str] | None = None,
                 skip_files: Iterable[str | os.PathLike[str] | None] = ()) -> Ledger:
    """`batch.discover` for local paths, fsspec URLs (files, or prefixes listed like folders)
    otherwise, into a `Ledger` on disk (the same inputs, names and order; the caller closes it)."""
    ledger = Ledger()
    try:
        if not any(is_url(p) for p in paths):
            skip = None if skip_folder is None or is_url(skip_folder) else skip_folder
            ledger.add_found(walk_inputs(paths, recursive=recursive, include=include, exclude=exclude,
                                         skip_folder=skip, skip_files=skip_files), with_outputs=with_outputs)
            return ledger
        if not all(is_url(p) for p in paths):
            raise ValueError("give all inputs as URLs or all as local paths")
        from .remote import unreachable

        try:
            ledger.add_found(_listed(paths, recursive, include, exclude), with_outputs=with_outputs)
        except unreachable() as exc:  # the store is not there: one line, as for a path that is not
            raise OSError(f"cannot reach {paths[0]}: {exc}") from None
    except BaseException:
        ledger.close()
        raise
    return ledger


def _listed(paths: list[str], recursive: bool, include: tuple[str, ...],
            exclude: tuple[str, ...]) -> Iterator[tuple[str, str, None]]:
    """URLs as `batch.walk_inputs` gives paths: (url, its path below the prefix given, no skip reason)."""
    from .batch import _wanted
    from .remote import is_web, list_files

    for given in paths:
        # a web address is one file (a page's links are no folder); a URL that lists nothing is
        # one input too, which fails with its reason: never a silent "0 files"
        listed = [given] if is_web(given) else list_files(given, recursive=recursive) or [given]
        if listed == [given]:
            yield given, given.rstrip("/").rsplit("/", 1)[-1], None
            continue
        base = given.rstrip("/")
        prefix = base.rsplit("/", 1)[-1] if len(paths) > 1 else ""
        for url in listed:
            rel = url[len(base) + 1:]
            rel = f"{prefix}/{rel}" if prefix else rel
            if _wanted(rel, include, exclude, prefix):
                yield url, rel, None


def task_for(item: Input, options: Options, out_root: str | None, previous: dict[str, Any] | None,
             knowledge: str | None = None) -> dict[str, Any]:
    """What a worker needs for one file (the same task `batch.run_batch` sends its workers);
    ``previous``: the file's record from an earlier run into the same output, if any;
    ``knowledge``: `options.knowledge_key` of the run's read options, made once a run."""
    return {"index": item.index, "path": item.path, "output": item.output, "skip_reason": item.skip_reason,
            "member": item.member, "out_root": out_root, "previous": previous,
            "knowledge": knowledge or knowledge_key(options.run),
            "options": options.run, "jsonl": options.jsonl, "csv": options.csv,
            "stdout": options.stdout_results, "single": options.single, "parquet": options.parquet}


# -- the client ------------------------------------------------------------------------------------
def run_many(inputs: Iterable[Input] | Ledger, options: Options, pool: LocalPool | DaskPool, *,
             output: str | Path | None = None, window: int | None = None, summary: Summary | None = None,
             ahead: int | None = None) -> Iterator[dict[str, Any]]:
    """Run every input on ``pool``; yields each file's reply (manifest ``record`` plus the exports
    ``options`` asks for) as it finishes, after its manifest line is written.

    Files go in chunks, a task each (`batch.chunk_size`: up to `batch.MAX_CHUNK` while much is
    left, one at a time near the end), at most ``window`` files in flight (by default two full
    chunks per cluster thread). ``ahead``,
    for a caller that puts the replies back in input order (holding those that finish early): no
    file is submitted ``ahead`` or more places past the oldest one still in flight, so what the
    caller holds stays under ``ahead`` replies even behind a file that takes its whole time limit
    (`AHEAD_PER_SLOT` per slot is a good bound). What the run remembers per input is in the
    ledger on disk (``inputs`` is put in one unless it is one)."""
    summary = summary if summary is not None else Summary()
    ledger = inputs if isinstance(inputs, Ledger) else Ledger.of(inputs)
    try:
        yield from _run(ledger, options, pool, output, window, summary, ahead)
    finally:
        if ledger is not inputs:
            ledger.close()


def _run(ledger: Ledger, options: Options, pool: LocalPool | DaskPool, output: str | Path | None,
         window: int | None, summary: Summary, ahead: int | None) -> Iterator[dict[str, Any]]:
    from .store import open_store

    started = time.monotonic()
    store = open_store(output) if output is not None else None
    pending: Iterator[Input] = iter(ledger)
    if store is not None:
        store.open(ledger)
        pending = ledger.claimed()
    resume = store is not None and not options.force
    out_root = str(output) if output is not None else None
    if out_root and not is_url(out_root):
        from .remote import local_path

        out_root = local_path(out_root)
    knowledge = knowledge_key(options.run)  # what every file is read with: once a run, not once a file
    slots = pool.slots
    window = window or max(2, 2 * slots * MAX_CHUNK)
    flying: dict[Any, tuple[list[dict[str, Any]], int]] = {}  # future -> (its chunk's tasks, deaths so far)
    in_flight = 0  # files
    unsent = len(ledger)
    waiting = next(pending, None)
    try:
        while True:
            oldest = min((tasks[0]["index"] for tasks, _ in flying.values()), default=None)
            while waiting is not None and in_flight < window and _within(ahead, oldest, waiting.index):
                size = min(chunk_size(unsent, slots), window - in_flight)
                chunk: list[dict[str, Any]] = []
                while waiting is not None and len(chunk) < size and _within(ahead, oldest, waiting.index):
                    previous = ledger.previous(waiting.path) if resume else None
                    chunk.append(task_for(waiting, options, out_root, previous, knowledge))
                    oldest = chunk[0]["index"] if oldest is None else oldest
                    waiting = next(pending, None)
                flying[pool.submit(chunk, options.timeout, options.max_memory_mb)] = (chunk, 0)
                in_flight, unsent = in_flight + len(chunk), unsent - len(chunk)
            if not flying:
                break
            done = pool.wait_first(list(flying))
            for future, outcome in zip(done, pool.outcomes(done)):
                tasks, deaths = flying.pop(future)
                in_flight -= len(tasks)
                if isinstance(outcome, Crashed):
                    if deaths < CRASH_RETRIES or len(tasks) > 1:
                        # Which file of a chunk took its worker down is not known: each goes
                        # again on its own, one death counted, so the culprit's next is its last.
                        for task in tasks:
                            flying[pool.submit([task], options.timeout, options.max_memory_mb)] = ([task], deaths + 1)
                        in_flight += len(tasks)
                        continue
                    outcome = [_crashed(tasks[0], outcome.message, options)]
                for task, reply in zip(tasks, outcome):
                    if reply.get("write_error"):
                        raise OutputError(f"cannot write to {output}: {reply['write_error']}")
                    reply["index"] = task["index"]
                    if store is not None:
                        store.append(reply["record"])
                    summary.add(reply["record"])
                    yield reply
    except BaseException:
        if store is not None:
            store.release()
        raise
    summary.seconds = time.monotonic() - started
    if store is not None:
        store.finish(ledger, summary)


def _within(ahead: int | None, oldest: int | None, index: int) -> bool:
    """Whether input ``index`` may be sent: under ``ahead`` places past the oldest in flight."""
    return ahead is None or oldest is None or index - oldest < ahead


def _crashed(task: dict[str, Any], message: str, options: Options) -> dict[str, Any]:
    """The reply for a file whose worker died twice: failed as worker_crashed, its error result written."""
    from .isolate import _failed

    reply = _failed(task, "worker_crashed", message, None, None, 0.0)
    text = reply.pop("file_text")
    root, name = task.get("out_root"), task.get("output")
    if root and name:
        if is_url(root):
            from .remote import join, write_atomic as put

            put(join(root, name), text)
        else:
            from .output import write_atomic

            target = Path(root) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text)
    return reply


# -- the Python API --------------------------------------------------------------------------------
def extract_many(paths_or_urls: Iterable[str | os.PathLike[str]], *, output: str | os.PathLike[str] | None = None,
                 workers: int | None = None, dask: str | None = None, recursive: bool = False,
                 timeout: float = 60.0, max_memory_mb: int = 2048, max_size_mb: float | None = None,
                 pdf_engine: str | None = None, ocr: str | None = None, ocr_lang: str | None = None,
                 force: bool = False,
                 parquet: str | os.PathLike[str] | None = None,
                 templates: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Any]:
    """Extract many files (local paths or fsspec URLs, folders walked), yielding each
    `ExtractionResult` as it finishes (not in input order), each file in its own process under
    ``timeout`` and ``max_memory_mb``. ``output``: also write the results, manifest and summary
    there (a folder or URL), resumable as ``extract -o``. ``dask``: run on a Dask cluster
    (``local:N`` or a scheduler address) instead of ``workers`` local processes. ``parquet``:
    also write every notice to this Parquet file (published when the generator is exhausted).
    ``ocr``, ``ocr_lang``, ``pdf_engine``, ``max_size_mb``: None keeps `options.DEFAULT_OPTIONS`' value.
    ``templates``: templates files (`decision-extractor learn`) every file is read with.
    """
    import orjson

    from .models import ExtractionResult

    paths = [str(p) for p in paths_or_urls]
    read = DEFAULT_OPTIONS.replace(ocr=ocr, ocr_lang=ocr_lang, pdf_engine=pdf_engine,  # a bad value fails here
                                   max_bytes=None if max_size_mb is None else int(max_size_mb * 1024 * 1024),
                                   templates=tuple(str(t) for t in templates) or None)
    options = Options(workers=workers or os.cpu_count() or 1, timeout=timeout, max_memory_mb=max_memory_mb,
                      stdout_results=True, run=read, force=force, parquet=parquet is not None)
    inputs = discover_any(paths, recursive=recursive, with_outputs=output is not None,
                          skip_folder=output if output is not None else None, skip_files=(parquet,))
    sink = pool = None
    try:
        if parquet is not None:
            from .parquet import ParquetSink

            sink = ParquetSink(parquet)
        pool = open_pool(dask, options.workers)
        for reply in run_many(inputs, options, pool, output=None if output is None else str(output)):
            if sink is not None:
                sink.add(reply.get("rows", []))
            yield ExtractionResult.model_validate(orjson.loads(reply["text"]))
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        if pool is not None:
            pool.close()
        inputs.close()
    if sink is not None:
        sink.close()


def notices_bag(paths_or_urls: Iterable[str], *, timeout: float = 60.0, max_memory_mb: int = 2048,
                partition_size: int = 16) -> Any:
    """A Dask bag of notices (`--jsonl` lines as dicts: each notice with its file's source,
    ``notice_index``, ``file_warnings`` and ``error``), for users who compose their own Dask
    pipelines (``.to_dataframe()``, ``.filter()``, ``.to_textfiles()``). Each file is extracted
    in its own process on the worker, under the time limit and memory cap, like ``--dask`` runs."""
    import dask.bag as db

    paths = [str(p) for p in paths_or_urls]
    return db.from_sequence(paths, partition_size=partition_size).map(_notice_lines, timeout, max_memory_mb).flatten()


def _notice_lines(path: str, timeout: float, max_memory_mb: int) -> list[dict[str, Any]]:
    import orjson

    from .isolate import run_task

    task = task_for(Input(0, path, None), Options(jsonl=True), None, {})
    reply = run_task(task, timeout, max_memory_mb)
    return [orjson.loads(line) for line in reply.get("jsonl", [])]
