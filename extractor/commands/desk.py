"""The review desk's commands: `review` serves the desk over a run's OUT folder, `export` writes
its corrected results or a gold set, `learn` learns templates from gold or corrections."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .parser import run_options
from .shell import EXIT_FAILED, EXIT_OK, EXIT_USAGE, say, templates_error


def review_command(args: argparse.Namespace) -> int:
    try:
        from ..review.app import serve
        from ..service import API_KEY_ENV
    except ImportError:  # pragma: no cover - the extra is not installed
        say("error: the review desk needs its extra: pip install 'decision-extractor[service]'")
        return EXIT_USAGE
    run = _opened(args)
    if run is None:
        return EXIT_USAGE
    key = args.api_key or os.environ.get(API_KEY_ENV) or None
    if key is None and args.host not in {"127.0.0.1", "localhost", "::1"}:
        say(f"error: the desk listens on {args.host} only with an API key (--api-key)")
        return EXIT_USAGE
    say(f"review desk for {run.out}: http://{args.host}:{args.port}/")
    if args.templates and templates_error(args.templates):
        return EXIT_USAGE
    serve(run, args.host, args.port, api_key=key, lexicon_file=args.lexicon, templates=tuple(args.templates))
    return EXIT_OK


def export_command(args: argparse.Namespace) -> int:
    from ..review.corrections import CorrectionStore
    from ..review.views import View

    if args.gold is not None and (args.output or args.jsonl or args.csv):
        say("error: -o, --jsonl and --csv go with --corrected")
        return EXIT_USAGE
    if args.jsonl and args.csv:
        say("error: --jsonl or --csv, not both")
        return EXIT_USAGE
    run = _opened(args)
    if run is None:
        return EXIT_USAGE
    view = View(run, CorrectionStore(run.out))
    for problem in view.problems:
        say(problem)
    if args.corrected:
        from ..review.export import export_corrected

        def emit(text: str) -> None:
            sys.stdout.write(text)

        done = export_corrected(view, output=args.output, jsonl=args.jsonl, csv=args.csv, emit=emit)
    else:
        from ..review.documents import Documents
        from ..review.export import export_gold

        done = export_gold(view, args.gold, Documents())
    for problem in done.problems:
        say(problem)
    say(f"exported {done.notices} notice(s) from {done.files} file(s)")
    return EXIT_FAILED if any("invalid" in p for p in done.problems) else EXIT_OK


def learn_command(args: argparse.Namespace) -> int:
    from ..review.corrections import FILE as CORRECTIONS
    from ..templates import TemplateError, learn_corrections, learn_gold, write_templates
    from ..templates.teach import merged

    options = run_options(args)
    learned = []
    for source in args.sources:
        if not source.is_dir():
            say(f"error: {source} is not a folder")
            return EXIT_USAGE
        learned += learn_corrections(source, options) if (source / CORRECTIONS).exists() else learn_gold([source], options)
    try:
        templates = merged(args.output, learned)
    except (TemplateError, OSError, UnicodeDecodeError) as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    write_templates(args.output, templates)
    kept = templates[:len(templates) - len(learned)]
    for template in learned:
        say(f"{template.id}: {len(template.labels)} labels, {len(template.furniture)} furniture lines, "
             f"taught by {template.taught} notice{'s' * (template.taught != 1)}")
    say(f"{len(learned)} template{'s' * (len(learned) != 1)} learned, {len(kept)} kept: {args.output}")
    return EXIT_OK


def _opened(args: argparse.Namespace) -> Any:
    """The run folder OUT the desk or the export reads, or None with the reason said."""
    from ..review import ReviewError, open_run

    try:
        return open_run(args.out, tuple(args.source_root))
    except ReviewError as exc:
        say(f"error: {exc.message} [{exc.code}]")
        return None
