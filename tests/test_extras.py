"""Parquet, Dask and remote storage are extras: without them a plain run works as before, and a
run that asks for one says how to install it (exit 2) before reading any file."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

BLOCK = "import sys; [sys.modules.__setitem__(m, None) for m in ('pyarrow', 'dask', 'distributed', 'fsspec', 's3fs')]; "
EXAMPLES = [
    pytest.param(["extract", "samples/s000.txt"], 0, "", id="plain-run-needs-no-extra"),
    pytest.param(["extract", "samples/s000.txt", "--parquet", "x.parquet"], 2,
                 "pip install 'decision-extractor[parquet]'", id="parquet-asked"),
    pytest.param(["extract", "samples/s000.txt", "--dask", "local:1"], 2,
                 "pip install 'decision-extractor[dask]'", id="dask-asked"),
    pytest.param(["extract", "s3://bucket/notice.pdf"], 2,
                 "pip install 'decision-extractor[remote]'", id="url-given"),
]


@pytest.mark.parametrize(("args", "code", "says"), EXAMPLES)
def test_extras_are_optional(args, code, says):
    script = BLOCK + f"from extractor.cli import main; sys.exit(main({args!r}))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stderr
    assert says in done.stderr
    if code == 0:
        assert '"Information Strategy 2012 - 2015"' in done.stdout
