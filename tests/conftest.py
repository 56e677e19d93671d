"""Shared test helpers: paths to the bundled samples and invented template fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run and machine (derandomize: the seed comes from
# the test's own name, so pytest-randomly's seed does not reach it either), with no example
# database carried between runs and no per-example deadline: a test goes red for a bug in the
# code, never for the luck of the draw or a busy machine. HYPOTHESIS_PROFILE=explore draws fresh
# examples, for looking for new bugs on purpose.
settings.register_profile("deterministic", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NOTICE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notices"


def sample_texts() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def fixture_texts() -> list[Path]:
    return sorted(NOTICE_FIXTURES.glob("*.txt"))


@pytest.fixture(scope="session")
def lexicon():
    from extractor.lexicon import load_lexicon

    return load_lexicon()


# The slow tier: infrastructure tests that `make check` (`pytest -m "not slow"`) leaves out and
# `make test` runs. Whole modules are listed here, with what makes them slow; a single slow test
# elsewhere carries `@pytest.mark.slow` itself.
SLOW_MODULES = {
    "test_dask": "a Dask cluster: scheduler and worker processes",
    "test_review_browser": "a real Chromium driving the desk",
    "test_readers_legacy": "LibreOffice converting .doc/.rtf/.odt",
    "test_office_host": "LibreOffice kept warm, killed and restarted",
    "test_service_front_door": "a live server's connection, header and upload limits (soak)",
    "test_service_resilience": "a live server whose workers time out and are replaced",
    "test_client_memory": "client runs over many inputs",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
