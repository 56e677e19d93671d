"""The command-line shell: a few lines per command over the library; errors translated once.

Exit codes: 0 every file was read and extracted (warnings and needs_review are reported,
not failures); 1 at least one file failed (or, with --strict, needs review); 2 usage error;
3 the output folder could not be written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__
from .errors import ERROR_CODES, WARNING_CODES, ExtractorError, OutputError

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
  decision-extractor text samples/s004.txt
  decision-extractor evaluate ../shared/corpus/dev --by-field
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
                   help="notice files (text, PDF, Word; detected by content) or folders of them")
    p.add_argument("-o", "--output", metavar="OUT", type=Path,
                   help="write one JSON result per input into OUT (mirroring the input folders), plus "
                   "manifest.jsonl and summary.json; re-running resumes")
    p.add_argument("-r", "--recursive", action="store_true", help="walk folders into their sub-folders")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: the machine's cores)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S",
                   help="per-file time limit in seconds (default 60; 0 for none)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="per-worker memory cap in MiB (default 2048; 0 for none)")
    p.add_argument("--max-size", type=float, default=100, metavar="MB",
                   help="files larger than this are refused as too_large (default 100)")
    p.add_argument("--jsonl", action="store_true", help="stream one JSON line per notice to stdout, its source embedded")
    p.add_argument("--csv", action="store_true",
                   help="stream CSV to stdout: one row per notice (a failed file: one row with its error_code)")
    p.add_argument("--pdf-engine", choices=("pdfium", "pdfplumber"), default="pdfium",
                   help="PDF reader: pdfium (default, fastest) or pdfplumber; both give the same values")
    p.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                   help="OCR scans with Tesseract: auto (images, and PDF pages without text; default), "
                   "always (every PDF page), never")
    p.add_argument("--strict", action="store_true", help="exit 1 when any notice needs review")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="no progress, review notes or summary on stderr (errors are still reported)")

    p = sub.add_parser("text", help="print the extracted text that provenance offsets point into",
                       description="Print the extracted, normalised text of FILE; provenance "
                       "'start'/'end' offsets index into exactly this text.",
                       epilog="example:\n  decision-extractor text samples/s000.txt",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--pdf-engine", choices=("pdfium", "pdfplumber"), default="pdfium", help="PDF reader")

    p = sub.add_parser("schema", help="write the JSON Schema files",
                       description="Write the JSON Schema of results (and of --jsonl lines) into DIR, "
                       "or print the result schema to stdout.",
                       epilog="example:\n  decision-extractor schema -o schemas/",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", metavar="DIR", type=Path)

    p = sub.add_parser("validate", help="check result JSON files against the schema",
                       description="Validate each result file against the output contract; one line per file.",
                       epilog="example:\n  decision-extractor validate out/*.json",
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
    p.add_argument("--pdf-engine", choices=("pdfium", "pdfplumber"), default="pdfium", help="PDF reader")

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
    p.add_argument("--api-key", default=None,
                   help="require this key in the X-API-Key header (or set DECISION_EXTRACTOR_API_KEY); "
                   "off by default")
    return parser


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
               "evaluate": _evaluate, "serve": _serve}[args.command]
    try:
        return handler(args)
    except BrokenPipeError:  # `... | head`: the reader went away; not our failure
        sys.stderr.close()
        return EXIT_OK


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _extract(args: argparse.Namespace) -> int:
    from .batch import Options, Progress, discover, format_summary, run_batch
    from .output import CSV_COLUMNS, csv_line

    if args.output is not None and args.output.exists() and not args.output.is_dir():
        _say(f"error: -o {args.output} exists and is not a directory")
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        _say("error: --workers must be at least 1")
        return EXIT_USAGE
    inputs = discover(args.files, recursive=args.recursive, with_outputs=args.output is not None,
                      exclude=args.output)
    batch = len(inputs) > 1 or args.output is not None
    options = Options(
        output=args.output,
        workers=args.workers or os.cpu_count() or 1,
        timeout=args.timeout,
        max_memory_mb=args.max_memory,
        max_bytes=int(args.max_size * 1024 * 1024),
        jsonl=args.jsonl,
        csv=args.csv,
        stdout_results=args.output is None and not (args.jsonl or args.csv),
        single=len(inputs) == 1 and not any(os.path.isdir(f) for f in args.files),
        pdf_engine=args.pdf_engine,
        ocr=args.ocr,
    )
    progress = Progress(len(inputs), quiet=args.quiet or not batch)

    def emit(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def report(record: dict) -> None:
        if record["outcome"] == "failed":
            _clear_progress(progress)
            _say(f"{record['path']}: {record['error_message']} [{record['error_code']}]")
        elif record["outcome"] == "needs_review" and not args.quiet:
            _clear_progress(progress)
            _say(f"{record['path']}: needs review ({', '.join(record['warnings'])})")

    if args.csv:
        emit(csv_line(list(CSV_COLUMNS)))
    try:
        summary = run_batch(inputs, options, emit=emit, progress=progress, on_record=report)
    except KeyboardInterrupt:
        _say("interrupted: finished files are kept; run the same command again to resume")
        return 130
    except OutputError as exc:
        _clear_progress(progress)
        _say(f"error: {exc} (finished files are kept; run the same command again to resume)")
        return EXIT_OUTPUT
    if batch and not args.quiet:
        _say(format_summary(summary))
    if summary.by_outcome.get("failed"):
        return EXIT_FAILED
    if args.strict and summary.by_outcome.get("needs_review"):
        return EXIT_FAILED
    return EXIT_OK


def _clear_progress(progress) -> None:
    if progress.tty and not progress.quiet:
        progress.stream.write("\r\033[K")


def _text(args: argparse.Namespace) -> int:
    from .pipeline import extract_text

    try:
        sys.stdout.write(extract_text(args.file, pdf_engine=args.pdf_engine))
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

    from .models import ExtractionResult

    bad = 0
    for name in args.files:
        try:
            text = Path(name).read_text(encoding="utf-8")
            ExtractionResult.model_validate_json(text)
        except OSError as exc:
            bad += 1
            print(f"{name}: cannot read: {exc.strerror or exc}")
        except ValidationError as exc:
            bad += 1
            problems = "; ".join(
                f"{'/'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}" for err in exc.errors()[:5]
            )
            print(f"{name}: invalid: {problems}")
        else:
            print(f"{name}: valid")
    return EXIT_FAILED if bad else EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    if not args.gold_dir.is_dir():
        _say(f"error: {args.gold_dir} is not a folder")
        return EXIT_USAGE
    report = evaluate(args.gold_dir, pdf_engine=args.pdf_engine)
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
    config = ServiceConfig(max_upload_bytes=int(args.max_upload * 1024 * 1024), timeout=args.timeout,
                           workers=max(1, args.workers), api_key=key, max_memory_mb=args.max_memory)
    serve(args.host, args.port, config)
    return EXIT_OK


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
