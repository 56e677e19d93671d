"""Parquet output (`parquet_cases.py`) runs in a pytest process of its own: pyarrow starts threads
(its allocator's among them), and a process forked while another thread holds a lock can hang,
so they must never meet the forked workers of the service and batch tests."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_parquet_cases_pass_in_their_own_process(request):
    chosen = request.config.getoption("markexpr")  # `make check`'s -m "not slow" holds in there too
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/parquet_cases.py", "-q",
                           "-p", "no:cacheprovider", *(["-m", chosen] if chosen else [])],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
