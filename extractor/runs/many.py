"""Runs the client drives, as a library and from URLs: `extract_many` (the Python API),
`notices_bag` (a Dask bag of notices) and `discover_any` (local paths or fsspec URLs into a
`Ledger` on disk, so a client's memory stays flat whatever the archive's size).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..options import DEFAULT_OPTIONS, knowledge_key
from ..remote import is_url
from .ledger import Ledger
from .paths import walk_inputs, wanted
from .pools import open_pool
from .supervise import run_many
from .values import Options, Settings, Task


# -- inputs ----------------------------------------------------------------------------------------
def discover_any(paths: list[str], *, recursive: bool, with_outputs: bool, include: tuple[str, ...] = (),
                 exclude: tuple[str, ...] = (), skip_folder: str | os.PathLike[str] | None = None,
                 skip_files: Iterable[str | os.PathLike[str] | None] = ()) -> Ledger:
    """`paths.discover` for local paths, fsspec URLs (files, or prefixes listed like folders)
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
        from ..remote import unreachable

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
    """URLs as `paths.walk_inputs` gives paths: (url, its path below the prefix given, no skip reason)."""
    from ..remote import is_web, list_files

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
            if wanted(rel, include, exclude, prefix):
                yield url, rel, None


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

    from ..models import ExtractionResult

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
            from ..parquet import ParquetSink

            sink = ParquetSink(parquet)
        pool = open_pool(dask, options.workers)
        for reply in run_many(inputs, options, pool, output=None if output is None else str(output)):
            if sink is not None:
                sink.add(list(reply.rows))
            yield ExtractionResult.model_validate(orjson.loads(str(reply.text)))
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

    settings = Settings(out_root=None, options=DEFAULT_OPTIONS, knowledge=knowledge_key(DEFAULT_OPTIONS), jsonl=True)
    reply = run_task(Task(0, path, None, settings), timeout, max_memory_mb)
    return [orjson.loads(line) for line in reply.jsonl]
