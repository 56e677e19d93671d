"""S3 round trips against moto's server on loopback, in a pytest process of their own
(`remote_cases.py`): the server's thread and fsspec's I/O thread would otherwise live on in this
process, and every later test that forks workers would fork them too."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_remote_cases_pass_in_their_own_process():
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/remote_cases.py", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
