"""`extract ... --dask ADDRESS`, and `extract` over fsspec URLs: the command on `runs.supervise.run_many`.

Kept apart from `cli.py` so the command line stays a thin shell and Dask, fsspec and pyarrow
are imported only by the runs that ask for them. Stdout (results, ``--jsonl``, ``--csv``) keeps
input order, holding only what finished early (a bounded number of files: `run_many`'s
``ordered``), as the local batch does; the manifest and progress follow the order files finish
in. The inputs are in a `runs.ledger.Ledger` on disk, not in memory.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .runs.summary import Progress, Summary, format_summary
from .runs.values import Options
from .errors import OutputError
from .commands.shell import EXIT_OUTPUT, EXIT_USAGE, run_exit_code

if TYPE_CHECKING:
    from .runs.ledger import Ledger



def wanted(args: argparse.Namespace) -> bool:
    """Whether this extract runs here: a Dask address, or an input or -o that is a URL."""
    from .remote import is_url

    return bool(args.dask) or any(is_url(f) for f in args.files) or (args.output is not None and is_url(args.output))


def run_command(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    from .runs.many import discover_any
    from .remote import is_url

    if "-" in args.files:
        say("error: standard input ('-') cannot be read by a cluster or with URLs")
        return EXIT_USAGE
    if args.output is not None and not isinstance(args.output, str) and args.output.exists() and not args.output.is_dir():
        say(f"error: -o {args.output} exists and is not a directory")
        return EXIT_USAGE
    from .remote import is_web

    if any(is_url(f) and not is_web(f) for f in [*args.files, args.output or ""]):  # http(s): urllib will do
        import importlib.util

        if importlib.util.find_spec("fsspec") is None:
            say("error: URLs need the 'remote' extra: pip install 'decision-extractor[remote]'")
            return EXIT_USAGE
    as_csv = args.csv or args.excel
    from .commands.parser import extract_options

    read = extract_options(args)
    options = Options(workers=args.workers or os.cpu_count() or 1, timeout=args.timeout, max_memory_mb=args.max_memory,
                      jsonl=args.jsonl, csv=as_csv, parquet=args.parquet is not None,
                      stdout_results=args.output is None and not (args.jsonl or as_csv),
                      single=False, run=read, force=args.force)
    try:
        inputs = discover_any(args.files, recursive=args.recursive, with_outputs=args.output is not None,
                              include=tuple(args.include), exclude=tuple(args.exclude), skip_folder=args.output,
                              skip_files=(args.parquet,))
    except (ValueError, OSError) as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    try:
        return _run(args, say, inputs, options)
    finally:
        inputs.close()


def _run(args: argparse.Namespace, say: Callable[[str], None], inputs: Ledger, options: Options) -> int:
    from .runs.pools import AHEAD_PER_SLOT, open_pool
    from .runs.supervise import InOrder, run_many, stdout_texts
    from .output import CSV_COLUMNS, EXCEL_BOM, csv_line
    from .remote import is_url, local_path

    progress = Progress(len(inputs), quiet=args.quiet)
    if options.csv:
        _emit((EXCEL_BOM if args.excel else "") + csv_line(list(CSV_COLUMNS)))
    sink: Any = None
    ordered = options.stdout_results or options.jsonl or options.csv  # else nothing is held for order
    order = InOrder()
    try:
        pool = open_pool(args.dask, options.workers)
    except (OutputError, ValueError, OSError) as exc:
        say(f"error: cannot start or reach the Dask cluster {args.dask}: {exc}")
        return EXIT_USAGE
    summary = Summary()
    try:
        if args.parquet:
            from .parquet import ParquetSink

            sink = ParquetSink(args.parquet)
        ahead = AHEAD_PER_SLOT * pool.slots if ordered else None
        for reply in run_many(inputs, options, pool, output=args.output, summary=summary, ahead=ahead):
            record = reply.record.as_dict()
            progress.update(record)
            if record["outcome"] == "failed":
                progress.clear()
                say(f"{record['path']}: {record['error_message']} [{record['error_code']}]")
            if sink is not None:
                sink.add(list(reply.rows))
            if not ordered:
                continue
            for ready in order.add(reply):
                for text in stdout_texts(ready):
                    _emit(text)
        if sink is not None:
            sink.close()
        if args.output is not None and not is_url(args.output):  # OUT/report.html, as a local run writes it
            from .review.report import write_static_report

            try:
                write_static_report(Path(local_path(str(args.output))), summary)
            except OSError as exc:
                raise OutputError(f"cannot write to {args.output}: {exc.strerror or exc}") from None
    except KeyboardInterrupt:
        if sink is not None:
            sink.abort()
        progress.clear()
        say("interrupted: finished files are kept; run the same command again to resume")
        return 130
    except OutputError as exc:
        if sink is not None:
            sink.abort()
        progress.clear()
        say(f"error: {exc} (finished files are kept; run the same command again to resume)")
        return EXIT_OUTPUT
    finally:
        pool.close()
        if inputs.damaged:  # said even under --quiet, as the local run says it
            from .runs.manifest import damaged_note
            from .runs.values import MANIFEST

            progress.clear()
            say(damaged_note(f"{str(args.output).rstrip('/')}/{MANIFEST}", inputs.damaged))
    if not args.quiet:
        say(format_summary(summary))
    return run_exit_code(summary, args.strict)


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()

