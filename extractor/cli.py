"""The command-line shell: `main(argv)` picks the command and translates errors once; the
commands, a few lines each over the library, and the parser are in `commands/`.

Exit codes: 0 every file was read and extracted (warnings and needs_review are reported,
not failures); 1 at least one file failed (or, with --strict, needs review); 2 usage error;
3 the output folder could not be written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .commands.checks import evaluate_command, schema_command, text_command, validate_command
from .commands.desk import export_command, learn_command, review_command
from .commands.extract import extract_command
from .commands.parser import build_parser
from .commands.serve import serve_command
from .commands.shell import EXIT_OK, EXIT_USAGE, say
from .options import OptionError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad usage exits 2
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    handler = {"extract": extract_command, "text": text_command, "schema": schema_command,
               "validate": validate_command, "evaluate": evaluate_command, "serve": serve_command,
               "review": review_command, "export": export_command, "learn": learn_command}[args.command]
    try:
        return handler(args)
    except BrokenPipeError:  # `... | head`: the reader went away; not our failure
        sys.stderr.close()
        return EXIT_OK
    except OptionError as exc:  # e.g. --pdf-engine pdfplumber without its extra
        say(f"error: {exc}")
        return EXIT_USAGE


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
