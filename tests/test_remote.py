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
    assert done.returncode == 0, _failures(done.stdout) + done.stderr[-2000:]


def _failures(stdout: str) -> str:
    """The inner run's failures without the server's request log, which would crowd them out."""
    kept = [line for line in stdout.splitlines() if "werkzeug" not in line and '" 200 -' not in line]
    return "\n".join(kept)[-6000:]
