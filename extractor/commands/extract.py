"""`extract`: files or folders in, a result per file out (stdout, -o OUT, --jsonl, --csv,
--parquet), run on this machine's workers by `runs.supervise.run_batch`; a Dask cluster or
URLs go to `cluster.run_command`. Exit 1 when a file failed (with --strict, or needs review)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .parser import extract_options
from .shell import (EXIT_OUTPUT, EXIT_USAGE, extra_missing, lexicon_error, read_stdin, run_exit_code, say,
                    templates_error)


def extract_command(args: argparse.Namespace) -> int:
    from ..runs.paths import count_files, discover
    from ..runs.summary import Progress, format_summary
    from ..runs.supervise import run_batch
    from ..runs.values import STDIN, Options
    from ..cluster import run_command, wanted
    from ..output import CSV_COLUMNS, EXCEL_BOM, csv_line

    if args.parquet and extra_missing("pyarrow", "--parquet", "parquet"):
        return EXIT_USAGE
    if args.dask and extra_missing("distributed", "--dask", "dask"):
        return EXIT_USAGE
    if wanted(args):  # a Dask cluster, or inputs / -o as URLs
        return run_command(args, say)
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        say(f"error: -o {args.output} exists and is not a directory")
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        say("error: --workers must be at least 1")
        return EXIT_USAGE
    if args.files.count(STDIN) > 1:
        say("error: standard input ('-') can be read only once")
        return EXIT_USAGE
    if args.filename and STDIN not in args.files:
        say("error: --filename names standard input: give '-' as a FILE")
        return EXIT_USAGE
    read_options = extract_options(args)
    if (args.lexicon and lexicon_error(args.lexicon)) or (args.templates and templates_error(args.templates)):
        return EXIT_USAGE
    as_csv = args.csv or args.excel
    not_read: list[str] = []
    inputs = discover(args.files, recursive=args.recursive, with_outputs=args.output is not None,
                      include=tuple(args.include), exclude=tuple(args.exclude), not_read=not_read,
                      stdin_name=args.filename, skip_folder=args.output, skip_files=(args.parquet,))
    batch = len(inputs) > 1 or args.output is not None
    found: list[dict[str, Any]] = []
    if args.output is not None and not args.no_discover:  # templates the run's own files share (templates/found.py)
        from ..templates.found import found_in_run, summary_entries

        read_options, templates = found_in_run([i.path for i in inputs if i.skip_reason is None and i.member is None
                                                and i.path != STDIN], read_options, args.output)
        found = summary_entries(templates)
    options = Options(
        output=args.output,
        workers=args.workers or os.cpu_count() or 1,
        timeout=args.timeout,
        max_memory_mb=args.max_memory,
        jsonl=args.jsonl,
        csv=as_csv,
        parquet=args.parquet is not None,
        stdout_results=args.output is None and not (args.jsonl or as_csv),
        single=len(inputs) == 1 and not any(os.path.isdir(f) for f in args.files),
        run=read_options,
        force=args.force,
        stdin_data=read_stdin() if STDIN in args.files else None,
        stdin_name=args.filename,
        templates_found=found,
    )
    if not_read:  # never silent: say what a run without -r leaves behind
        files = count_files(not_read)
        say(f"{files} file{'s' * (files != 1)} in {len(not_read)} sub-folder{'s' * (len(not_read) != 1)} "
             "not read: add -r (--recursive) to read them")
    progress = Progress(len(inputs), quiet=args.quiet or not batch)

    def emit(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def report(record: dict) -> None:
        if record["outcome"] == "failed":
            progress.clear()
            say(f"{record['path']}: {record['error_message']} [{record['error_code']}]")
        elif record["outcome"] == "needs_review" and not args.quiet and not batch:  # batches: in the summary
            say(f"{record['path']}: needs review ({', '.join(record['warnings']) or 'low confidence'})")

    if as_csv:
        emit((EXCEL_BOM if args.excel else "") + csv_line(list(CSV_COLUMNS)))
    try:
        summary = _run_with_parquet(args.parquet, lambda on_rows: run_batch(
            inputs, options, emit=emit, progress=progress, on_record=report, on_rows=on_rows))
        if args.output is not None:
            _static_report(args.output, summary)
    except KeyboardInterrupt:
        progress.clear()
        say("interrupted: finished files are kept; run the same command again to resume")
        return 130
    except OutputError as exc:
        progress.clear()
        say(f"error: {exc} (finished files are kept; run the same command again to resume)")
        return EXIT_OUTPUT
    if batch and not args.quiet:
        say(format_summary(summary))
    return run_exit_code(summary, args.strict)


def _run_with_parquet(target: str | None, run: Callable[[Any], Any]) -> Any:
    """``run(on_rows)`` with a `ParquetSink` taking the rows when ``target`` is given: published
    when the run ends (failed files included), dropped when it is interrupted or cannot write."""
    if target is None:
        return run(None)
    from ..parquet import ParquetSink

    sink = ParquetSink(target)
    try:
        summary = run(sink.add)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return summary


def _static_report(out: Path, summary: Any) -> None:
    """OUT/report.html beside the manifest: the run report for people who never start the desk."""
    from ..review.report import write_static_report

    try:
        write_static_report(out, summary)
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
