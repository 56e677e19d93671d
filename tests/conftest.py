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


def text_lines(lines: list[str]) -> list[str]:
    """``lines`` and then every line of the bundled samples and notice fixtures: real lines for
    checking a fast reader or screen against the pattern it stands in for."""
    found = list(lines)
    for path in [*sample_texts(), *fixture_texts()]:
        found += path.read_text(encoding="utf-8").splitlines()
    return found


def count_searches(branches: list) -> list[int]:
    """The index of each branch searched from now on, in order: each branch's ``search`` is
    wrapped to note its index before searching (for tests that count what a prefilter skips)."""
    searched: list[int] = []
    for n, branch in enumerate(branches):
        def counted(text, _search=branch.search, _n=n):
            searched.append(_n)
            return _search(text)
        branch.search = counted
    return searched


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
    "test_desk_browser": "a real Chromium driving the desk",
    "test_readers_legacy": "LibreOffice converting .doc/.rtf/.odt",
    "test_office_host": "LibreOffice kept warm, killed and restarted",
    "test_service_front_door": "a live server's connection, header and upload limits (soak)",
    "test_service_resilience": "a live server whose workers time out and are replaced",
    "test_client_memory": "client runs over many inputs",
}


SLOW_TESTS = {  # single tests (fnmatch patterns on the test id below tests/), and why
    "test_batch.py::test_kill_part_way_then_resume": "kills a run's process group and resumes it",
    "test_remote.py::*": "an S3 server (moto) in a process of its own",
    "test_bad_formats.py::test_batch_over_bad_files_reads_the_good_ones": "LibreOffice over a folder of bad files",
    "test_package.py::test_the_wheel_installs_in_a_fresh_venv_and_runs": "builds a wheel and a fresh venv",
    "test_service.py::test_workers_go_when_the_server_goes*": "a live server, killed",
    "test_service.py::test_real_server_on_loopback": "a live server",
    "test_review_api.py::test_every_text_format_is_shown_in_the_text_the_run_read[[]rtf]": "LibreOffice",
    "test_review_api.py::test_every_text_format_is_shown_in_the_text_the_run_read[[]odt]": "LibreOffice",
    "test_webarchive.py::test_arc_archive_with_a_legacy_word_record": "LibreOffice",
}


def _needs_libreoffice(item) -> bool:
    """A test that says it needs LibreOffice (its skipif reason names it) is slow: a conversion costs seconds."""
    return any("LibreOffice" in str(mark.kwargs.get("reason", "")) for mark in item.iter_markers("skipif"))


def pytest_collection_modifyitems(config, items):
    import fnmatch

    for item in items:
        below = item.nodeid.split("tests/", 1)[-1]
        if (item.path.stem in SLOW_MODULES or any(fnmatch.fnmatchcase(below, p) for p in SLOW_TESTS)
                or _needs_libreoffice(item)):
            item.add_marker(pytest.mark.slow)
