"""Parquet output (`parquet_cases.py`) runs in a pytest process of its own: pyarrow starts threads
(its allocator's among them), and a process forked while another thread holds a lock can hang,
so they must never meet the forked workers of the service and batch tests. Each case is a test
of its own here (`own_process`); `make check`'s -m "not slow" holds in there too."""

from __future__ import annotations

import pytest

from .own_process import Report, case_names, report


@pytest.fixture(scope="module")
def cases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return report("parquet_cases", request, tmp_path_factory, pass_markers=True)


@pytest.mark.parametrize("case", case_names("parquet_cases"))
def test_parquet_case(cases: Report, case: str) -> None:
    cases.check(case)
