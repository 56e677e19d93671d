"""Archives beyond one machine: the client side of runs on a Dask cluster or a local process pool.

The client walks the inputs and submits one task per file in bounded waves (at most `window`
in flight, so memory stays flat whatever the archive's size), writes a manifest line per file
as results arrive, and resumes by sha256 and extractor version, exactly as `batch.run_batch`
does for the local pool. The tasks run `isolate.run_task`: each file in its own child process
on the worker, under the time limit and memory cap, writing its own output atomically. A
worker that dies (the task fails with Dask's ``KilledWorker``, or a broken local pool) costs a
retry; a second death records the file as ``worker_crashed``. No scheduler of our own: Dask's
(dask-jobqueue, Kubernetes, cloud) or `concurrent.futures`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._version import __version__
from .batch import STDIN, Input, Options, Summary, _output_names, discover, display_path, path_fields
from .errors import OutputError
from .options import DEFAULT_OPTIONS, RunOptions
from .remote import is_url

CRASH_RETRIES = 1  # a file whose worker dies is tried once more before it is worker_crashed


@dataclass(frozen=True, slots=True)
class Crashed:
    """A task whose worker died under it (as opposed to a reply)."""

    message: str


class LocalPool:
    """`concurrent.futures` processes on this machine (forked, so they start with the pipeline loaded)."""

    def __init__(self, workers: int):
        self.workers = workers
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

    def submit(self, task: dict[str, Any], timeout: float, max_memory_mb: int) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        from .isolate import run_task

        try:
            return self.executor.submit(run_task, task, timeout, max_memory_mb)
        except BrokenProcessPool:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            return self.executor.submit(run_task, task, timeout, max_memory_mb)

    def wait_first(self, futures: list[Any]) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return list(done)

    def outcome(self, future: Any) -> dict[str, Any] | Crashed:
        from concurrent.futures.process import BrokenProcessPool

        try:
            reply: dict[str, Any] = future.result()
        except BrokenProcessPool as exc:
            return Crashed(f"the pool's worker died ({exc})")
        return reply

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """A Dask cluster: ``local`` / ``local:N`` starts (and `close` stops) a LocalCluster of N
    worker processes of one thread each; ``tcp://host:8786`` (any scheduler address) joins one."""

    def __init__(self, address: str, extract: Callable[..., dict[str, Any]] | None = None):
        """``extract`` stands in for `pipeline.extract_record` on the workers (tests pass one that
        blocks until told, so a worker can be killed while it holds a file)."""
        import dask
        from distributed import Client, LocalCluster

        self.cluster: Any = None
        self.extract = extract
        if address == "local" or address.startswith("local:"):
            count = int(address.split(":", 1)[1]) if ":" in address else (os.cpu_count() or 1)
            if count < 1:
                raise ValueError("local:N needs N >= 1")
            # A worker that dies fails its task at once; the client retries it once (CRASH_RETRIES).
            # Saturation 1.0: a worker holds only the file it is reading (the rest wait on the
            # scheduler), so a worker's death is charged to that file alone, never to files
            # that were merely queued behind it (clusters of one's own: set the same two values).
            with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                                  "distributed.scheduler.worker-saturation": 1.0}):
                self.cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                            dashboard_address=None, memory_limit=0)
            self.client = Client(self.cluster)
        else:
            self.client = Client(address)

    @property
    def slots(self) -> int:
        return max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, task: dict[str, Any], timeout: float, max_memory_mb: int) -> Any:
        from .isolate import run_task

        return self.client.submit(run_task, task, timeout, max_memory_mb, self.extract, pure=False)

    def wait_first(self, futures: list[Any]) -> list[Any]:
        from distributed import wait

        done, _ = wait(futures, return_when="FIRST_COMPLETED")
        return list(done)

    def outcome(self, future: Any) -> dict[str, Any] | Crashed:
        from distributed import KilledWorker

        try:
            reply: dict[str, Any] = future.result()
        except KilledWorker as exc:
            return Crashed(f"the Dask worker died ({exc})")
        return reply

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_pool(dask: str | None, workers: int) -> LocalPool | DaskPool:
    try:
        return DaskPool(dask) if dask else LocalPool(workers)
    except ImportError:
        raise OutputError("--dask needs its extra: pip install 'decision-extractor[dask]'") from None


# -- inputs ----------------------------------------------------------------------------------------
def discover_any(paths: list[str], *, recursive: bool, with_outputs: bool, include: tuple[str, ...] = (),
                 exclude: tuple[str, ...] = (), skip_folder: str | os.PathLike[str] | None = None) -> list[Input]:
    """`batch.discover` for local paths; fsspec URLs (files, or prefixes listed like folders) otherwise."""
    if not any(is_url(p) for p in paths):
        skip = None if skip_folder is None or is_url(skip_folder) else skip_folder
        return discover(paths, recursive=recursive, with_outputs=with_outputs, include=include, exclude=exclude,
                        skip_folder=skip)
    if not all(is_url(p) for p in paths):
        raise ValueError("give all inputs as URLs or all as local paths")
    from .batch import _wanted
    from .remote import list_files

    found: list[tuple[str, str]] = []
    for given in paths:
        listed = list_files(given, recursive=recursive)
        if listed == [given]:
            found.append((given, given.rstrip("/").rsplit("/", 1)[-1]))
            continue
        base = given.rstrip("/")
        prefix = base.rsplit("/", 1)[-1] if len(paths) > 1 else ""
        for url in listed:
            rel = url[len(base) + 1:]
            rel = f"{prefix}/{rel}" if prefix else rel
            if _wanted(rel, include, exclude, prefix):
                found.append((url, rel))
    outputs = _output_names([rel for _, rel in found]) if with_outputs else [None] * len(found)
    return [Input(i, url, out) for i, ((url, _), out) in enumerate(zip(found, outputs))]


def task_for(item: Input, options: Options, out_root: str | None, previous: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What a worker needs for one file (the same task `batch.run_batch` sends its workers)."""
    return {"index": item.index, "path": item.path, "output": item.output, "skip_reason": item.skip_reason,
            "member": item.member, "out_root": out_root, "previous": previous.get(item.path),
            "options": options.run, "jsonl": options.jsonl, "csv": options.csv,
            "stdout": options.stdout_results, "single": options.single, "parquet": options.parquet}


# -- the client ------------------------------------------------------------------------------------
def run_many(inputs: list[Input], options: Options, pool: LocalPool | DaskPool, *, output: str | Path | None = None,
             window: int | None = None, summary: Summary | None = None) -> Iterator[dict[str, Any]]:
    """Run every input on ``pool``; yields each file's reply (manifest ``record`` plus the exports
    ``options`` asks for) as it finishes, after its manifest line is written."""
    from .store import open_store

    started = time.monotonic()
    summary = summary if summary is not None else Summary()
    store = open_store(output) if output is not None else None
    previous: dict[str, dict[str, Any]] = {}
    if store is not None:
        inputs, finished = store.open(inputs)
        previous = {} if options.force else finished
    out_root = str(output) if output is not None else None
    if out_root and not is_url(out_root):
        from .remote import local_path

        out_root = local_path(out_root)
    window = window or max(2, 2 * pool.slots)
    pending = iter(inputs)
    flying: dict[Any, tuple[dict[str, Any], int]] = {}  # future -> (task, deaths so far)
    try:
        while True:
            while len(flying) < window:
                item = next(pending, None)
                if item is None:
                    break
                task = task_for(item, options, out_root, previous)
                flying[pool.submit(task, options.timeout, options.max_memory_mb)] = (task, 0)
            if not flying:
                break
            for future in pool.wait_first(list(flying)):
                task, deaths = flying.pop(future)
                reply = pool.outcome(future)
                if isinstance(reply, Crashed):
                    if deaths < CRASH_RETRIES:
                        flying[pool.submit(task, options.timeout, options.max_memory_mb)] = (task, deaths + 1)
                        continue
                    reply = _crashed(task, reply.message, options)
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
        store.finish(inputs, summary)


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
                 timeout: float = 60.0, max_memory_mb: int = 2048, max_size_mb: float = 100,
                 pdf_engine: str | None = None, ocr: str = "auto", force: bool = False,
                 parquet: str | os.PathLike[str] | None = None) -> Iterator[Any]:
    """Extract many files (local paths or fsspec URLs, folders walked), yielding each
    `ExtractionResult` as it finishes (not in input order), each file in its own process under
    ``timeout`` and ``max_memory_mb``. ``output``: also write the results, manifest and summary
    there (a folder or URL), resumable as ``extract -o``. ``dask``: run on a Dask cluster
    (``local:N`` or a scheduler address) instead of ``workers`` local processes. ``parquet``:
    also write every notice to this Parquet file (published when the generator is exhausted).
    """
    import orjson

    from .models import ExtractionResult

    paths = [str(p) for p in paths_or_urls]
    inputs = discover_any(paths, recursive=recursive, with_outputs=output is not None,
                          skip_folder=output if output is not None else None)
    read = RunOptions(ocr=ocr, pdf_engine=pdf_engine or DEFAULT_OPTIONS.pdf_engine,
                      max_bytes=int(max_size_mb * 1024 * 1024))  # a bad value fails here, before any file
    options = Options(workers=workers or os.cpu_count() or 1, timeout=timeout, max_memory_mb=max_memory_mb,
                      stdout_results=True, run=read, force=force, parquet=parquet is not None)
    sink = None
    if parquet is not None:
        from .parquet import ParquetSink

        sink = ParquetSink(parquet)
    pool = open_pool(dask, options.workers)
    try:
        for reply in run_many(inputs, options, pool, output=None if output is None else str(output)):
            if sink is not None:
                sink.add(reply.get("rows", []))
            yield ExtractionResult.model_validate(orjson.loads(reply["text"]))
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        pool.close()
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
