"""Dask runs on a real LocalCluster, in a pytest process of their own (`dask_cases.py`): the
cluster's worker processes, threads and ports never meet the other tests."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_dask_cases_pass_in_their_own_process():
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/dask_cases.py", "-q",
                           "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
