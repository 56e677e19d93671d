"""Cases that must run in a pytest process of their own (a Dask cluster's processes and ports,
an S3 server's thread, pyarrow's threads: none may meet the forked workers of the other tests),
each under its own test id in this process.

The cases file runs once a session, in a child pytest that writes a JUnit report; one test here
per case function (`case_names`, read from the file without importing it, so collecting costs
nothing) reads its own results from that report: a failing case fails under its own name with
its own traceback, instead of one test for the whole file. Under pytest-xdist the first worker
to ask runs the child and the others wait for its report (a lock beside the session's temporary
folders), so the cases still run once.
"""

from __future__ import annotations

import ast
import fcntl
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

TESTS = Path(__file__).resolve().parent


def case_names(cases: str) -> list[str]:
    """The test functions of ``tests/<cases>.py``, in file order."""
    tree = ast.parse((TESTS / f"{cases}.py").read_text(encoding="utf-8"))
    return [node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")]


@dataclass(frozen=True)
class Result:
    name: str  # the case's id in the child run (``test_x[param]``)
    outcome: str  # "passed", "failed", "error" or "skipped"
    text: str  # the failure's report, or the skip's reason


@dataclass(frozen=True)
class Report:
    returncode: int
    output: str  # the tail of the child's output, for a run that reported no case
    results: dict[str, list[Result]]  # by case function

    def check(self, case: str) -> None:
        """Fail with the case's own failures; skip only if the child skipped every one of its runs."""
        results = self.results.get(case)
        assert results, f"{case} did not run in the child pytest (exit code {self.returncode}):\n{self.output}"
        failed = [r for r in results if r.outcome in ("failed", "error")]
        assert not failed, "\n\n".join(f"{r.name} {r.outcome}:\n{r.text}" for r in failed)
        if all(r.outcome == "skipped" for r in results):
            pytest.skip("; ".join(sorted({r.text for r in results})))


def report(cases: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           *, pass_markers: bool = False) -> Report:
    """The child run's report for ``tests/<cases>.py`` (run now, or read: once a session).
    ``pass_markers``: the child selects as this run does (``-m "not slow"`` holds in there too)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # one folder for all workers
    chosen = request.config.getoption("markexpr") if pass_markers else ""
    xml, output = shared / f"{cases}.junit.xml", shared / f"{cases}.out"
    with open(shared / f"{cases}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not output.exists():
            done = subprocess.run([sys.executable, "-m", "pytest", f"tests/{cases}.py", "-q", "-p", "no:cacheprovider",
                                   f"--junitxml={xml}", *(["-m", chosen] if chosen else [])],
                                  cwd=ROOT, capture_output=True, text=True, timeout=900)
            output.write_text(f"{done.returncode}\n{_tail(done.stdout + done.stderr)}", encoding="utf-8")
    code, _, tail = output.read_text(encoding="utf-8").partition("\n")
    return Report(int(code), tail, _results(xml))


def _results(xml: Path) -> dict[str, list[Result]]:
    if not xml.exists():
        return {}
    results: dict[str, list[Result]] = {}
    for case in ElementTree.parse(xml).getroot().iter("testcase"):
        name = case.get("name", "")
        outcome, text = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                text = child.text or child.get("message", "")
                break
        results.setdefault(name.split("[", 1)[0], []).append(Result(name, outcome, text))
    return results


def _tail(text: str) -> str:
    """The child's output without a server's request log, which would crowd the failures out."""
    kept = [line for line in text.splitlines() if "werkzeug" not in line and '" 200 -' not in line]
    return "\n".join(kept)[-6000:]
