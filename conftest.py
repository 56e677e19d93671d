"""The README's and modules' doctest examples name files from the repository root, as a reader
types them there; they run from that root wherever pytest was started."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent

# extractor/ledger.py puts `extractor.runs.ledger` in its own place in sys.modules (one module
# under two names, for earlier callers): it has no examples of its own, and collecting it would
# find the engine's module at the other path.
collect_ignore = ["extractor/ledger.py"]


@pytest.fixture(autouse=True)
def _examples_run_from_the_repository_root(request, monkeypatch):
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.chdir(ROOT)
