"""The commands that show or check what `extract` gives: `text` (the text provenance offsets
point into), `schema` (the output contract as JSON Schema), `validate` (results against it)
and `evaluate` (scores against a gold folder)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import ExtractorError
from .parser import run_options
from .shell import EXIT_FAILED, EXIT_OK, EXIT_USAGE, read_stdin, say


def text_command(args: argparse.Namespace) -> int:
    from ..pipeline import extract_text

    options = run_options(args)
    try:
        if args.file == "-":
            text = extract_text(read_stdin(), filename=args.filename or "-", options=options)
        else:
            text = extract_text(args.file, filename=args.filename, options=options)
        sys.stdout.write(text)
        sys.stdout.write("\n")
    except ExtractorError as exc:
        say(str(exc))
        return EXIT_FAILED
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    from ..output import schemas, write_schemas

    if args.output is None:
        sys.stdout.write(schemas()["extraction-result.schema.json"])
        return EXIT_OK
    for path in write_schemas(args.output):
        say(f"wrote {path}")
    return EXIT_OK


def validate_command(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..models import ExtractionResult, ManifestLine, NoticeLine, RunSummary

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


def evaluate_command(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate, format_report

    if not args.gold_dir.is_dir():
        say(f"error: {args.gold_dir} is not a folder")
        return EXIT_USAGE
    report = evaluate(args.gold_dir, options=run_options(args))
    if not report.documents:
        say(f"error: no <id>.gold.json with its document in {args.gold_dir}")
        return EXIT_USAGE
    print(format_report(report, by_field=args.by_field, by_family=args.by_family, show_errors=args.show_errors))
    status = EXIT_OK
    lost = [d.doc_id for d in report.documents if d.coverage_gaps]
    if lost:
        say(f"coverage check failed: {', '.join(lost)}")
        status = EXIT_FAILED
    if args.min_f1 is not None and report.micro.f1 < args.min_f1:
        say(f"micro-F1 {report.micro.f1:.4f} is below the bar {args.min_f1}")
        status = EXIT_FAILED
    return status
