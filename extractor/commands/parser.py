"""What the command line accepts: every command's arguments, help and examples, with the option
groups spelled once (the read options, the templates) and read back once (`run_options`).
Kept apart from the commands so the help is one place to read and test (`build_parser`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._version import __version__
from ..errors import ERROR_CODES, WARNING_CODES
from ..options import DEFAULT_OPTIONS, OCR_MODES, PDF_ENGINES, RunOptions
from .shell import PROG

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
    for add in (_add_extract, _add_text, _add_schema, _add_validate, _add_evaluate,
                _add_serve, _add_review, _add_export, _add_learn):
        add(sub)  # in this order in --help
    return parser


def _add_extract(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """extract: files and folders in, a result per file out (`commands.extract`)."""
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


def _add_text(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """text: the text provenance offsets point into."""
    p = sub.add_parser("text", help="print the extracted text that provenance offsets point into",
                       description="Print the extracted, normalised text of FILE; provenance "
                       "'start'/'end' offsets index into exactly this text.",
                       epilog="example:\n  decision-extractor text samples/s000.txt",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="a notice file, or '-' for standard input")
    p.add_argument("--filename", metavar="NAME", help="the name standard input ('-') goes by")
    _add_read_options(p)


def _add_schema(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """schema: the JSON Schema files."""
    p = sub.add_parser("schema", help="write the JSON Schema files",
                       description="Write the JSON Schema of results (and of --jsonl lines) into DIR, "
                       "or print the result schema to stdout.",
                       epilog="example:\n  decision-extractor schema -o schemas/",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", metavar="DIR", type=Path)


def _add_validate(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """validate: result, --jsonl and manifest files against the schema."""
    p = sub.add_parser("validate", help="check result JSON or JSON Lines files against the schema",
                       description="Validate each file against the output contract; one line per file. A file "
                       "holding one JSON document is a result, a --jsonl line or a run's summary.json; otherwise "
                       "each line is one (what --jsonl and a several-file extract write, or a manifest.jsonl).",
                       epilog="examples:\n  decision-extractor validate out/*.json out/manifest.jsonl\n"
                       "  decision-extractor extract archive/ --jsonl > notices.jsonl && "
                       "decision-extractor validate notices.jsonl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE.json")


def _add_evaluate(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """evaluate: scores against a gold folder."""
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


def _add_serve(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """serve: the HTTP service."""
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


def _add_review(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """review: the review desk over an extract run's OUT folder."""
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


def _add_export(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """export: a reviewed run's corrected results or a gold set."""
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


def _add_learn(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """learn: templates from corrected notices."""
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


def run_options(args: argparse.Namespace, **more: object) -> RunOptions:
    """The command's read options; a bad value raises OptionError (exit 2, said once in main)."""
    return RunOptions(ocr=args.ocr, pdf_engine=args.pdf_engine, ocr_lang=args.ocr_lang,
                      review_below=args.review_below, **more)  # type: ignore[arg-type]


def _output_arg(value: str) -> str | Path:
    """-o as given: a URL stays a string (a Path would fold ``s3://`` into ``s3:/``)."""
    from ..remote import is_url

    return value if is_url(value) else Path(value)


def extract_options(args: argparse.Namespace) -> RunOptions:
    """An extract run's read options, local or on a Dask cluster alike (the review threshold
    included): `run_options` with its size limit, lexicons and templates."""
    return run_options(args, max_bytes=int(args.max_size * 1024 * 1024), lexicon=tuple(args.lexicon),
                       templates=tuple(args.templates))
