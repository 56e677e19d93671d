"""Dask runs on a real LocalCluster, in a pytest process of their own (`dask_cases.py`): the
cluster's worker processes, threads and ports never meet the other tests. Each case is a test
of its own here (`own_process`)."""

from __future__ import annotations

import pytest

from .own_process import Report, case_names, report


@pytest.fixture(scope="module")
def cases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return report("dask_cases", request, tmp_path_factory)


@pytest.mark.parametrize("case", case_names("dask_cases"))
def test_dask_case(cases: Report, case: str) -> None:
    cases.check(case)
