"""What every command shares: the program's name and exit codes, one way to say something on
stderr, standard input, and the up-front checks (an extra installed, user lexicons and
templates that load) that turn a bad setup into one clear usage error before any file is read."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..runs.summary import Summary

PROG = "decision-extractor"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


def run_exit_code(summary: "Summary", strict: bool) -> int:
    """A run's exit code from what became of its inputs: 1 when one failed (or, ``strict``, one
    needs review), else 0. The local and the Dask run answer alike."""
    if summary.by_outcome.get("failed"):
        return EXIT_FAILED
    if strict and summary.by_outcome.get("needs_review"):
        return EXIT_FAILED
    return EXIT_OK


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")


def extra_missing(module: str, option: str, extra: str) -> bool:
    """An optional extra not installed: say how to install it, before any file is read."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        say(f"error: {option} needs its extra: pip install 'decision-extractor[{extra}]'")
        return True
    return False


def lexicon_error(paths: list[str]) -> bool:
    """Load the user lexicons once up front, so a bad file is one clear usage error."""
    from ..lexicon import LexiconError, load_lexicon

    return _knowledge_error(load_lexicon, LexiconError, paths)


def templates_error(paths: list[str]) -> bool:
    """Read the templates files once up front, so a bad file is one clear usage error."""
    from ..templates import TemplateError, load_templates

    return _knowledge_error(load_templates, TemplateError, paths)


def _knowledge_error(load: Callable[[tuple[str, ...]], object], error: type[Exception], paths: list[str]) -> bool:
    """Whether loading ``paths`` with ``load`` fails with ``error`` (said once, as a usage error)."""
    try:
        load(tuple(paths))
    except error as exc:
        say(f"error: {exc}")
        return True
    return False
