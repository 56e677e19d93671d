"""Shared test helpers: paths to the bundled samples and invented template fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

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
