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
