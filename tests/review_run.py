"""A small batch run for the review desk's tests: a PDF, a Word file, text notices and a broken
PDF, extracted with `decision-extractor extract -o` in this process (no cwd, absolute paths)."""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.cli import main

from .conftest import ROOT, SAMPLES

FIXTURES = ROOT / "tests" / "fixtures"
# An invented notice whose decision maker sits after a label the bundled lexicon does not know,
# and whose date has a two-digit year (a doubt: it needs review).
TAUGHT = """Record of Officer Decision
Title: Resurfacing of the Brackenfield Road footway
Signatory officer: Head of Highways, Brackenfield Borough Council
Decision: To resurface the footway on Brackenfield Road using the highways maintenance budget.
Reasons for decision: The footway is worn and uneven.
Date of decision: 4/3/24
"""


def make_run(tmp: Path) -> tuple[Path, Path]:
    """(input folder, OUT) with the run done."""
    inputs = tmp / "archive"
    (inputs / "pdf").mkdir(parents=True)
    (inputs / "text").mkdir()
    shutil.copy(FIXTURES / "rendered" / "s004.headings.pdf", inputs / "pdf" / "cabinet.pdf")
    shutil.copy(FIXTURES / "rendered" / "officer_record.table.docx", inputs / "officer.docx")
    shutil.copy(SAMPLES / "s000.txt", inputs / "text" / "s000.txt")
    (inputs / "text" / "taught.txt").write_text(TAUGHT, encoding="utf-8")
    shutil.copy(FIXTURES / "bad" / "truncated.pdf", inputs / "broken.pdf")
    out = tmp / "out"
    extract(inputs, out)
    return inputs, out


def extract(inputs: Path, out: Path, *extra: str) -> int:
    return main(["extract", str(inputs), "-r", "-o", str(out), "-q", "--workers", "1", *extra])
