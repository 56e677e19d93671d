"""One place for each piece of knowledge (issue 17): whether a notice needs review is decided in
assembly only (records.py writes it, pipeline.py wires, batch.py counts), and code the package no
longer uses is gone. The examples run through the whole pipeline, so they pin the behaviour; the
source checks keep a second decision from creeping back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from extractor import extract

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

CLEAN = b"Title: Cafe rents\nDecision maker: Cabinet\nDecision: Approved as set out\nDate of decision: 13/06/2012"
REVIEW = [
    ("clean-notice", CLEAN, "n.txt", False, []),
    ("missing-decider", b"Title: Cafe rents\nDecision: Approved\nDate of decision: 13/06/2012", "n.txt", True,
     ["missing_decision_maker"]),
    ("encoding-guessed", CLEAN.replace(b"Cafe", b"Caf\xe9").replace(b"as set", b"\x93as set\x94"), "n.txt", True, []),
    ("not-a-notice", b"Welcome to our website\nClick here for the agenda\nContact us", "n.txt", True, ["not_a_notice"]),
    ("no-text-layer", (FIXTURES / "bad" / "scan.pdf").read_bytes(), "scan.pdf", True, ["no_text_layer"]),
]


@pytest.mark.parametrize("data, name, review, codes", [r[1:] for r in REVIEW], ids=[r[0] for r in REVIEW])
def test_needs_review_follows_the_one_rule(data, name, review, codes):
    """Any notice warning, or a guessed encoding (a wrong guess corrupts every value)."""
    result = extract(data, filename=name, ocr="never")
    notice = result.notices[0]
    assert [w.code for w in notice.warnings] == codes
    assert notice.needs_review is review


def _assigns_needs_review(path: Path) -> bool:
    """Whether a module sets a notice's needs_review (``x["needs_review"] = ...``, a
    ``needs_review=`` keyword with a computed value, or a dict key)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == "needs_review"
                for t in node.targets):
            return True
        if isinstance(node, ast.keyword) and node.arg == "needs_review" and not isinstance(node.value, ast.Constant):
            return True
    return False


def test_needs_review_is_decided_in_assembly_only():
    deciders = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                      if _assigns_needs_review(p))
    # records.py writes what assembly decided; review/apply.py is the review desk's own rule
    # (a person's corrections and their "reviewed" mark), not the extraction's.
    assert deciders == ["assemble.py", "records.py", "review/apply.py"]
    records = (PACKAGE / "records.py").read_text(encoding="utf-8")
    assert 'notice["needs_review"] = assembled.needs_review' in records


DEAD = [
    ("errors.py", "class UsageError"),
    ("document.py", "def line_text"),
    pytest.param("readers/pdfium.py", "X_TOLERANCE", marks=pytest.mark.xfail(
        strict=True, reason="readers/ is the page-layer work's (issue 17, 'One page layer')")),
    ("batch.py", "inline_single"),
    ("pipeline.py", "MAX_BYTES = "),
]


@pytest.mark.parametrize("module, code", DEAD, ids=["UsageError", "line_text", "X_TOLERANCE", "inline_single",
                                                    "pipeline-MAX_BYTES"])
def test_dead_code_is_gone(module, code):
    assert code not in (PACKAGE / module).read_text(encoding="utf-8")
