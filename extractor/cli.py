"""The command-line shell: a few lines per command over the library; errors translated once.

Exit codes: 0 every file was read and extracted (warnings and needs_review are reported,
not failures); 1 at least one file failed (or, with --strict, needs review); 2 usage error;
3 the output folder could not be written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import ERROR_CODES, WARNING_CODES, ExtractorError, OutputError
from .options import DEFAULT_OPTIONS, OCR_MODES, PDF_ENGINES, OptionError, RunOptions

PROG = "decision-extractor"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3

_EPILOG = """\
exit codes:
  0  every file was read and extracted (warnings and needs_review do not fail a run)
  1  at least one file failed (with --strict: or needs review)
  2  usage error
  3  the output folder could not be written (read-only, full, or in use by another run);
     finished files are kept: run the same command again to resume

examples:
  decision-extractor extract samples/s000.txt
  decision-extractor extract archive/ --recursive -o out/ --workers 2
  decision-extractor extract notices/*.pdf --jsonl > notices.jsonl
  decision-extractor extract archive/ -r --csv -q > notices.csv
  decision-extractor extract archive/ -r --include '*.pdf' --exclude 'drafts/*' -o out/
  decision-extractor extract archive/ -r --excel > notices.csv      # opens in Excel as UTF-8
  decision-extractor extract archive/ -r -o out/ --parquet notices.parquet
  curl -s https://example.org/notice.pdf | decision-extractor extract - --filename notice.pdf
  decision-extractor text samples/s004.txt
  decision-extractor evaluate ../shared/corpus/dev --by-field
  decision-extractor learn my-gold/ -o templates.toml && decision-extractor extract archive/ --templates templates.toml
"""


def _codes_help() -> str:
    errors = "\n".join(f"  {code:<20} {text}" for code, text in ERROR_CODES.items())
    warnings = "\n".join(f"  {code:<22} {text}" for code, text in WARNING_CODES.items())
    return f"error codes (a file could not be read):\n{errors}\n\nwarning codes:\n{warnings}\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Turn UK council decision notices into validated, structured JSON.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "extract",
        help="extract notices from files and write JSON",
        description="Extract every notice in each FILE. One JSON result per file: to DIR as "
        "<stem>.json with -o, else to stdout (indented for one file, one result per line for "
        "several). A file that cannot be read gets a one-line error on stderr and a result whose "
        "'error' says why; the other files still run.",
        epilog=_EPILOG + "\n" + _codes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE|DIR",
                   help="notice files (text, PDF, Word; detected by content) or folders of them; "
                   "'-' reads standard input")
    p.add_argument("--filename", metavar="NAME",
                   help="the name standard input ('-') goes by: its extension names the format it should be "
                   "(the content still decides), and results and -o outputs carry it")
    p.add_argument("-o", "--output", metavar="OUT", type=_output_arg,
                   help="write one JSON result per input into OUT (a folder or an fsspec URL such as s3://bucket/out; "
                   "mirroring the input folders), plus "
                   "manifest.jsonl and summary.json; re-running resumes")
    p.add_argument("-r", "--recursive", action="store_true", help="walk folders into their sub-folders")
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="in folders, read only files whose path below the folder or name matches GLOB "
                   "(repeatable: any may match)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="in folders, skip files whose path below the folder or name matches GLOB (repeatable)")
    p.add_argument("--force", action="store_true",
                   help="with -o: extract every file again, also those a previous run finished")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run the files on a Dask cluster: a scheduler address (tcp://host:8786), or local / local:N "
                   "for a LocalCluster of N worker processes started and stopped here (needs the 'dask' extra)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: the machine's cores)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S",
                   help="per-file time limit in seconds (default 60; 0 for none)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="per-worker memory cap in MiB (default 2048; 0 for none)")
    p.add_argument("--max-size", type=float, default=100, metavar="MB",
                   help="files larger than this are refused as too_large (default 100)")
    stream = p.add_mutually_exclusive_group()
    stream.add_argument("--jsonl", action="store_true",
                        help="stream one JSON line per notice to stdout, with its notice_index and its file's "
                        "source, warnings and error (a failed file: one line with its error)")
    stream.add_argument("--csv", action="store_true",
                        help="stream CSV to stdout: one row per notice (a failed file: one row with its error_code); "
                        "cells starting with = + - @ get a leading ' so spreadsheets never run them")
    stream.add_argument("--excel", action="store_true",
                        help="--csv for Excel: UTF-8 with a byte-order mark, so Excel shows '2012 – 2015'")
    p.add_argument("--parquet", metavar="FILE",
                   help="also write one row per notice to FILE (a path or an fsspec URL) as Parquet: the CSV's "
                   "columns with dates, booleans and lists typed, provenance as JSON; appears when the run ends "
                   "(needs the 'parquet' extra)")
    _add_read_options(p)
    p.add_argument("--lexicon", action="append", default=[], metavar="FILE.toml",
                   help="a user lexicon (labels.toml's format) whose labels extend the bundled ones; repeatable")
    _add_template_options(p, discover=True)
    p.add_argument("--strict", action="store_true", help="exit 1 when any notice needs review")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="no progress, review notes or summary on stderr (errors are still reported)")

    p = sub.add_parser("text", help="print the extracted text that provenance offsets point into",
                       description="Print the extracted, normalised text of FILE; provenance "
                       "'start'/'end' offsets index into exactly this text.",
                       epilog="example:\n  decision-extractor text samples/s000.txt",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="a notice file, or '-' for standard input")
    p.add_argument("--filename", metavar="NAME", help="the name standard input ('-') goes by")
    _add_read_options(p)

    p = sub.add_parser("schema", help="write the JSON Schema files",
                       description="Write the JSON Schema of results (and of --jsonl lines) into DIR, "
                       "or print the result schema to stdout.",
                       epilog="example:\n  decision-extractor schema -o schemas/",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", metavar="DIR", type=Path)

    p = sub.add_parser("validate", help="check result JSON or JSON Lines files against the schema",
                       description="Validate each file against the output contract; one line per file. A file "
                       "holding one JSON document is a result, a --jsonl line or a run's summary.json; otherwise "
                       "each line is one (what --jsonl and a several-file extract write, or a manifest.jsonl).",
                       epilog="examples:\n  decision-extractor validate out/*.json out/manifest.jsonl\n"
                       "  decision-extractor extract archive/ --jsonl > notices.jsonl && "
                       "decision-extractor validate notices.jsonl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE.json")

    p = sub.add_parser("evaluate", help="score extraction against a gold folder",
                       description="Extract every document in GOLD_DIR (<id>.txt beside <id>.gold.json) and "
                       "print field-level precision, recall and F1: text fields by token F1 (a hit at "
                       ">= 0.9), dates and booleans exact. Also checks that every line of every "
                       "document lands in exactly one place.",
                       epilog="example:\n  decision-extractor evaluate ../shared/corpus/dev --by-field --min-f1 0.95",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold_dir", metavar="GOLD_DIR", type=Path)
    p.add_argument("--by-field", action="store_true", help="a table per field")
    p.add_argument("--by-family", action="store_true", help="a table per layout family (from <id>.meta.json)")
    p.add_argument("--show-errors", action="store_true", help="list every mismatch")
    p.add_argument("--min-f1", type=float, default=None, metavar="F", help="exit 1 when micro-F1 is below F")
    _add_read_options(p)

    p = sub.add_parser("serve", help="run the HTTP service",
                       description="Serve POST /v1/extract (multipart field 'file', or a raw body with "
                       "?filename=), GET /v1/schema, /healthz, /version and the OpenAPI docs at /docs. "
                       "Extraction runs in N worker processes, off the event loop.",
                       epilog="example:\n  decision-extractor serve --port 8080 --workers 2\n"
                       "  curl -F file=@samples/s000.txt http://127.0.0.1:8080/v1/extract",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="extraction worker processes (default 1)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="per-request time limit (504 past it)")
    p.add_argument("--max-upload", type=float, default=50, metavar="MB", help="upload size limit (413 past it)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="per-worker memory cap in MiB, as for extract (default 2048; 0 for none)")
    p.add_argument("--max-connections", type=int, default=256, metavar="N",
                   help="open connections at once; past it a new one is answered 503 (default 256; 0 for none)")
    p.add_argument("--header-timeout", type=float, default=10.0, metavar="S",
                   help="a request's headers must arrive within S seconds (408 past it; default 10)")
    p.add_argument("--upload-timeout", type=float, default=300.0, metavar="S",
                   help="a request's whole body must arrive within S seconds (408 past it; default 300)")
    p.add_argument("--api-key", default=None,
                   help="require this key in the X-API-Key header (or set DECISION_EXTRACTOR_API_KEY); "
                   "off by default")
    p.add_argument("--lexicon", action="append", default=[], metavar="FILE.toml",
                   help="a user lexicon whose labels extend the bundled ones; repeatable")
    _add_template_options(p)

    p = sub.add_parser("review", help="open the review desk over a batch output folder",
                       description="Serve the review desk over OUT (the -o folder of an extract run): the queue "
                       "of notices, each notice beside its source, corrections (kept in OUT/corrections.jsonl, "
                       "never in the run's outputs) and the run report. JSON API documented at /docs.",
                       epilog="example:\n  decision-extractor extract archive/ -r -o out/\n"
                       "  decision-extractor review out/ --port 8765   # then open http://127.0.0.1:8765/",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", metavar="OUT", type=Path)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--api-key", default=None, help="require this key (X-API-Key header, or ?key= once in the "
                   "browser); needed beyond loopback (or set DECISION_EXTRACTOR_API_KEY)")
    p.add_argument("--lexicon", type=Path, default=None, metavar="FILE.toml",
                   help="the user lexicon the desk adds proposed labels to (default OUT/lexicon.toml)")
    p.add_argument("--source-root", action="append", type=Path, default=[], metavar="DIR",
                   help="where to look for the run's input files when not where the run found them")
    _add_template_options(p)

    p = sub.add_parser("export", help="write a reviewed run's corrected results or a gold set",
                       description="--corrected: the run's results with the corrections applied, validated, "
                       "with extract's output options (-o DIR, --jsonl, --csv; else one result per line). "
                       "--gold DIR: the corrected notices as an evaluation set (<id>.txt beside <id>.gold.json) "
                       "for `evaluate`.",
                       epilog="example:\n  decision-extractor export out/ --corrected -o corrected/\n"
                       "  decision-extractor export out/ --gold my-gold/ && decision-extractor evaluate my-gold/",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", metavar="OUT", type=Path)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--corrected", action="store_true", help="the corrected results")
    what.add_argument("--gold", type=Path, metavar="DIR", help="the corrected notices as an evaluation set")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="with --corrected: one JSON per file into DIR")
    p.add_argument("--jsonl", action="store_true", help="with --corrected: one JSON line per notice to stdout")
    p.add_argument("--csv", action="store_true", help="with --corrected: one CSV row per notice to stdout")
    p.add_argument("--source-root", action="append", type=Path, default=[], metavar="DIR",
                   help="where to look for the run's input files (for --gold's texts)")

    p = sub.add_parser("learn", help="learn templates from corrected notices (gold folders, a desk's corrections)",
                       description="Learn each template the corrected notices of SOURCE were printed from: the "
                       "label or line before each corrected value, and the furniture (letterhead, chrome, "
                       "signature lines) around them. SOURCE is a gold folder (<id>.<ext> beside <id>.gold.json, "
                       "as `export --gold` writes) or a reviewed run's OUT folder (its corrections.jsonl). "
                       "Writes a readable, editable TOML file that `extract`, `serve` and `review` take "
                       "with --templates; templates already in it are kept, a template learned again replaced.",
                       epilog="example:\n  decision-extractor learn my-gold/ -o templates.toml\n"
                       "  decision-extractor extract archive/ -r -o out/ --templates templates.toml",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sources", nargs="+", metavar="SOURCE", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="TEMPLATES.toml",
                   help="the templates file to write (created, or added to)")
    _add_read_options(p)
    return parser


def _add_template_options(p: argparse.ArgumentParser, *, discover: bool = False) -> None:
    p.add_argument("--templates", action="append", default=[], metavar="FILE.toml",
                   help="a templates file (`decision-extractor learn`): a notice printed from one of its templates "
                   "is read through it; repeatable")
    if discover:
        p.add_argument("--no-discover", action="store_true",
                       help="with -o over several files: do not look for templates the run's own files share")


def _add_read_options(p: argparse.ArgumentParser) -> None:
    """--pdf-engine, --ocr and --ocr-lang, spelled the same for every command that reads files."""
    p.add_argument("--pdf-engine", type=str.lower, choices=PDF_ENGINES, default=DEFAULT_OPTIONS.pdf_engine,
                   help="PDF reader: pdfium (default, fastest) or pdfplumber; both give the same values")
    p.add_argument("--ocr", type=str.lower, choices=OCR_MODES, default=DEFAULT_OPTIONS.ocr,
                   help="OCR scans with Tesseract: auto (images, and PDF pages without text; default), "
                   "always (every PDF page), never")
    p.add_argument("--ocr-lang", default=DEFAULT_OPTIONS.ocr_lang, metavar="LANGS",
                   help=f"Tesseract language packs to OCR with, joined by + (default {DEFAULT_OPTIONS.ocr_lang}; "
                   "eng+cym for Welsh notices; each needs its pack, e.g. apt-get install tesseract-ocr-cym)")
    p.add_argument("--review-below", type=float, default=None, metavar="C",
                   help="a notice whose confidence (0-1) is below C needs review (default 0.75, the calibrated "
                   "threshold); its confidence and each value's score are in the output")


def _run_options(args: argparse.Namespace, **more: object) -> RunOptions:
    """The command's read options; a bad value raises OptionError (exit 2, said once in main)."""
    return RunOptions(ocr=args.ocr, pdf_engine=args.pdf_engine, ocr_lang=args.ocr_lang,
                      review_below=args.review_below, **more)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad usage exits 2
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    handler = {"extract": _extract, "text": _text, "schema": _schema, "validate": _validate,
               "evaluate": _evaluate, "serve": _serve, "review": _review, "export": _export,
               "learn": _learn}[args.command]
    try:
        return handler(args)
    except BrokenPipeError:  # `... | head`: the reader went away; not our failure
        sys.stderr.close()
        return EXIT_OK
    except OptionError as exc:  # e.g. --pdf-engine pdfplumber without its extra
        _say(f"error: {exc}")
        return EXIT_USAGE


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _extra_missing(module: str, option: str, extra: str) -> bool:
    """An optional extra not installed: say how to install it, before any file is read."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        _say(f"error: {option} needs its extra: pip install 'decision-extractor[{extra}]'")
        return True
    return False


def _run_with_parquet(target: str | None, run: Callable[[Any], Any]) -> Any:
    """``run(on_rows)`` with a `ParquetSink` taking the rows when ``target`` is given: published
    when the run ends (failed files included), dropped when it is interrupted or cannot write."""
    if target is None:
        return run(None)
    from .parquet import ParquetSink

    sink = ParquetSink(target)
    try:
        summary = run(sink.add)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return summary


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")


def _output_arg(value: str) -> str | Path:
    """-o as given: a URL stays a string (a Path would fold ``s3://`` into ``s3:/``)."""
    from .remote import is_url

    return value if is_url(value) else Path(value)


def _extract(args: argparse.Namespace) -> int:
    from .runs.paths import count_files, discover
    from .runs.summary import Progress, format_summary
    from .runs.supervise import run_batch
    from .runs.values import STDIN, Options
    from .cluster import run_command, wanted
    from .output import CSV_COLUMNS, EXCEL_BOM, csv_line

    if args.parquet and _extra_missing("pyarrow", "--parquet", "parquet"):
        return EXIT_USAGE
    if args.dask and _extra_missing("distributed", "--dask", "dask"):
        return EXIT_USAGE
    if wanted(args):  # a Dask cluster, or inputs / -o as URLs
        return run_command(args, _say)
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        _say(f"error: -o {args.output} exists and is not a directory")
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        _say("error: --workers must be at least 1")
        return EXIT_USAGE
    if args.files.count(STDIN) > 1:
        _say("error: standard input ('-') can be read only once")
        return EXIT_USAGE
    if args.filename and STDIN not in args.files:
        _say("error: --filename names standard input: give '-' as a FILE")
        return EXIT_USAGE
    read_options = _run_options(args, max_bytes=int(args.max_size * 1024 * 1024), lexicon=tuple(args.lexicon),
                                templates=tuple(args.templates))
    if (args.lexicon and _lexicon_error(args.lexicon)) or (args.templates and _templates_error(args.templates)):
        return EXIT_USAGE
    as_csv = args.csv or args.excel
    not_read: list[str] = []
    inputs = discover(args.files, recursive=args.recursive, with_outputs=args.output is not None,
                      include=tuple(args.include), exclude=tuple(args.exclude), not_read=not_read,
                      stdin_name=args.filename, skip_folder=args.output, skip_files=(args.parquet,))
    batch = len(inputs) > 1 or args.output is not None
    found: list[dict[str, Any]] = []
    if args.output is not None and not args.no_discover:  # templates the run's own files share (templates/found.py)
        from .templates.found import found_in_run, summary_entries

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
        stdin_data=_read_stdin() if STDIN in args.files else None,
        stdin_name=args.filename,
        templates_found=found,
    )
    if not_read:  # never silent: say what a run without -r leaves behind
        files = count_files(not_read)
        _say(f"{files} file{'s' * (files != 1)} in {len(not_read)} sub-folder{'s' * (len(not_read) != 1)} "
             "not read: add -r (--recursive) to read them")
    progress = Progress(len(inputs), quiet=args.quiet or not batch)

    def emit(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def report(record: dict) -> None:
        if record["outcome"] == "failed":
            progress.clear()
            _say(f"{record['path']}: {record['error_message']} [{record['error_code']}]")
        elif record["outcome"] == "needs_review" and not args.quiet and not batch:  # batches: in the summary
            _say(f"{record['path']}: needs review ({', '.join(record['warnings']) or 'low confidence'})")

    if as_csv:
        emit((EXCEL_BOM if args.excel else "") + csv_line(list(CSV_COLUMNS)))
    try:
        summary = _run_with_parquet(args.parquet, lambda on_rows: run_batch(
            inputs, options, emit=emit, progress=progress, on_record=report, on_rows=on_rows))
        if args.output is not None:
            _static_report(args.output, summary)
    except KeyboardInterrupt:
        progress.clear()
        _say("interrupted: finished files are kept; run the same command again to resume")
        return 130
    except OutputError as exc:
        progress.clear()
        _say(f"error: {exc} (finished files are kept; run the same command again to resume)")
        return EXIT_OUTPUT
    if batch and not args.quiet:
        _say(format_summary(summary))
    if summary.by_outcome.get("failed"):
        return EXIT_FAILED
    if args.strict and summary.by_outcome.get("needs_review"):
        return EXIT_FAILED
    return EXIT_OK


def _static_report(out: Path, summary: Any) -> None:
    """OUT/report.html beside the manifest: the run report for people who never start the desk."""
    from .review.report import write_static_report

    try:
        write_static_report(out, summary)
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None


def _text(args: argparse.Namespace) -> int:
    from .pipeline import extract_text

    options = _run_options(args)
    try:
        if args.file == "-":
            text = extract_text(_read_stdin(), filename=args.filename or "-", options=options)
        else:
            text = extract_text(args.file, filename=args.filename, options=options)
        sys.stdout.write(text)
        sys.stdout.write("\n")
    except ExtractorError as exc:
        _say(str(exc))
        return EXIT_FAILED
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .output import schemas, write_schemas

    if args.output is None:
        sys.stdout.write(schemas()["extraction-result.schema.json"])
        return EXIT_OK
    for path in write_schemas(args.output):
        _say(f"wrote {path}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .models import ExtractionResult, ManifestLine, NoticeLine, RunSummary

    def check(document: str) -> None:
        """A result has a list of ``notices``, a manifest line an ``outcome``, a run's summary
        ``by_outcome``; anything else must be a --jsonl line."""
        data = json.loads(document)
        model: Any = NoticeLine
        if isinstance(data, dict):
            if "by_outcome" in data:
                model = RunSummary
            elif "outcome" in data:
                model = ManifestLine
            elif isinstance(data.get("notices"), list):
                model = ExtractionResult
        model.model_validate_json(document)

    bad = 0
    for name in args.files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            bad += 1
            print(f"{name}: cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        try:
            json.loads(text)
            documents = [(0, text)]  # one JSON document
        except json.JSONDecodeError:
            documents = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()] or [(0, text)]
        problems = []
        for number, document in documents:
            where = f"line {number}: " if number else ""
            try:
                check(document)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}not JSON: {exc.msg}")
            except ValidationError as exc:
                problems.append(where + "; ".join(
                    f"{'/'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}" for err in exc.errors()[:5]))
        if problems:
            bad += 1
            print(f"{name}: invalid: {' | '.join(problems[:5])}")
        else:
            print(f"{name}: valid" + (f" ({len(documents)} lines)" if documents[0][0] else ""))
    return EXIT_FAILED if bad else EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    if not args.gold_dir.is_dir():
        _say(f"error: {args.gold_dir} is not a folder")
        return EXIT_USAGE
    report = evaluate(args.gold_dir, options=_run_options(args))
    if not report.documents:
        _say(f"error: no <id>.gold.json with its document in {args.gold_dir}")
        return EXIT_USAGE
    print(format_report(report, by_field=args.by_field, by_family=args.by_family, show_errors=args.show_errors))
    status = EXIT_OK
    lost = [d.doc_id for d in report.documents if d.coverage_gaps]
    if lost:
        _say(f"coverage check failed: {', '.join(lost)}")
        status = EXIT_FAILED
    if args.min_f1 is not None and report.micro.f1 < args.min_f1:
        _say(f"micro-F1 {report.micro.f1:.4f} is below the bar {args.min_f1}")
        status = EXIT_FAILED
    return status


def _serve(args: argparse.Namespace) -> int:
    try:
        from .service import API_KEY_ENV, ServiceConfig, serve
    except ImportError:  # pragma: no cover - the extra is not installed
        _say("error: the service needs its extra: pip install 'decision-extractor[service]'")
        return EXIT_USAGE
    key = args.api_key or os.environ.get(API_KEY_ENV) or None
    if key is None and args.host not in {"127.0.0.1", "localhost", "::1"}:
        _say(f"warning: serving on {args.host} without an API key")
    if (args.lexicon and _lexicon_error(args.lexicon)) or (args.templates and _templates_error(args.templates)):
        return EXIT_USAGE
    config = ServiceConfig(templates=tuple(args.templates), max_upload_bytes=int(args.max_upload * 1024 * 1024), timeout=args.timeout,
                           workers=max(1, args.workers), api_key=key, lexicon=tuple(args.lexicon),
                           max_memory_mb=args.max_memory, max_connections=max(0, args.max_connections),
                           header_timeout=args.header_timeout, upload_timeout=args.upload_timeout)
    serve(args.host, args.port, config)
    return EXIT_OK


def _lexicon_error(paths: list[str]) -> bool:
    """Load the user lexicons once up front, so a bad file is one clear usage error."""
    from .lexicon import LexiconError, load_lexicon

    return _knowledge_error(load_lexicon, LexiconError, paths)


def _templates_error(paths: list[str]) -> bool:
    """Read the templates files once up front, so a bad file is one clear usage error."""
    from .templates import TemplateError, load_templates

    return _knowledge_error(load_templates, TemplateError, paths)


def _knowledge_error(load: Callable[[tuple[str, ...]], object], error: type[Exception], paths: list[str]) -> bool:
    """Whether loading ``paths`` with ``load`` fails with ``error`` (said once, as a usage error)."""
    try:
        load(tuple(paths))
    except error as exc:
        _say(f"error: {exc}")
        return True
    return False


def _learn(args: argparse.Namespace) -> int:
    from .review.corrections import FILE as CORRECTIONS
    from .templates import TemplateError, learn_corrections, learn_gold, write_templates
    from .templates.teach import merged

    options = _run_options(args)
    learned = []
    for source in args.sources:
        if not source.is_dir():
            _say(f"error: {source} is not a folder")
            return EXIT_USAGE
        learned += learn_corrections(source, options) if (source / CORRECTIONS).exists() else learn_gold([source], options)
    try:
        templates = merged(args.output, learned)
    except (TemplateError, OSError, UnicodeDecodeError) as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    write_templates(args.output, templates)
    kept = templates[:len(templates) - len(learned)]
    for template in learned:
        _say(f"{template.id}: {len(template.labels)} labels, {len(template.furniture)} furniture lines, "
             f"taught by {template.taught} notice{'s' * (template.taught != 1)}")
    _say(f"{len(learned)} template{'s' * (len(learned) != 1)} learned, {len(kept)} kept: {args.output}")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    try:
        from .review import ReviewError, open_run
        from .review.app import serve
        from .service import API_KEY_ENV
    except ImportError:  # pragma: no cover - the extra is not installed
        _say("error: the review desk needs its extra: pip install 'decision-extractor[service]'")
        return EXIT_USAGE
    try:
        run = open_run(args.out, tuple(args.source_root))
    except ReviewError as exc:
        _say(f"error: {exc.message} [{exc.code}]")
        return EXIT_USAGE
    key = args.api_key or os.environ.get(API_KEY_ENV) or None
    if key is None and args.host not in {"127.0.0.1", "localhost", "::1"}:
        _say(f"error: the desk listens on {args.host} only with an API key (--api-key)")
        return EXIT_USAGE
    _say(f"review desk for {run.out}: http://{args.host}:{args.port}/")
    if args.templates and _templates_error(args.templates):
        return EXIT_USAGE
    serve(run, args.host, args.port, api_key=key, lexicon_file=args.lexicon, templates=tuple(args.templates))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .review import ReviewError, open_run
    from .review.corrections import CorrectionStore
    from .review.views import View

    if args.gold is not None and (args.output or args.jsonl or args.csv):
        _say("error: -o, --jsonl and --csv go with --corrected")
        return EXIT_USAGE
    if args.jsonl and args.csv:
        _say("error: --jsonl or --csv, not both")
        return EXIT_USAGE
    try:
        run = open_run(args.out, tuple(args.source_root))
    except ReviewError as exc:
        _say(f"error: {exc.message} [{exc.code}]")
        return EXIT_USAGE
    view = View(run, CorrectionStore(run.out))
    for problem in view.problems:
        _say(problem)
    if args.corrected:
        from .review.export import export_corrected

        def emit(text: str) -> None:
            sys.stdout.write(text)

        done = export_corrected(view, output=args.output, jsonl=args.jsonl, csv=args.csv, emit=emit)
    else:
        from .review.documents import Documents
        from .review.export import export_gold

        done = export_gold(view, args.gold, Documents())
    for problem in done.problems:
        _say(problem)
    _say(f"exported {done.notices} notice(s) from {done.files} file(s)")
    return EXIT_FAILED if any("invalid" in p for p in done.problems) else EXIT_OK


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
