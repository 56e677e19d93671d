"""S3 round trips against moto's server on loopback, in a pytest process of their own
(`remote_cases.py`): the server's thread and fsspec's I/O thread would otherwise live on in this
process, and every later test that forks workers would fork them too. Each case is a test of its
own here (`own_process`)."""

from __future__ import annotations

import pytest

from .own_process import Report, case_names, report


@pytest.fixture(scope="module")
def cases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return report("remote_cases", request, tmp_path_factory)


@pytest.mark.parametrize("case", case_names("remote_cases"))
def test_remote_case(cases: Report, case: str) -> None:
    cases.check(case)
