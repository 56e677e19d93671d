"""Golden files: the seed samples (full notice, reviewed by eye) and invented template fixtures.

The invented fixtures stand for councils whose templates the lexicon was not built from:
their expected files list the fields the notice states; every other field must be empty.
"""

import json

import pytest

from extractor import extract
from extractor.models import VALUE_FIELDS

from .conftest import NOTICE_FIXTURES, SAMPLES, fixture_texts, sample_texts


@pytest.mark.parametrize("path", sample_texts(), ids=lambda p: p.stem)
def test_sample_matches_its_expected_json(path):
    expected = json.loads((SAMPLES / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    result = extract(path)
    assert result.error is None
    (notice,) = result.notices
    actual = notice.model_dump(mode="json")
    for name in expected:
        assert actual[name] == expected[name], name
    assert actual == expected


@pytest.mark.parametrize("path", fixture_texts(), ids=lambda p: p.stem)
def test_invented_template_fixture(path):
    expected = json.loads((NOTICE_FIXTURES / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    expected = expected if isinstance(expected, list) else [expected]  # a meeting's record: one per decision
    notices = extract(path).notices
    assert len(notices) == len(expected)
    for notice, wanted in zip(notices, expected):
        actual = notice.model_dump(mode="json")
        for name in VALUE_FIELDS:
            default = "other" if name == "document_type" else [] if name == "accompanying_documents" else None
            assert actual[name] == wanted.get(name, default), name


def test_meeting_record_splits_into_one_notice_per_decision():
    notices = extract(NOTICE_FIXTURES / "meeting_record.txt").notices
    assert [n.title for n in notices] == [
        "REVENUE BUDGET MONITORING - QUARTER 3", "CAR PARK TARIFFS 2024/25", "STREET TRADING POLICY",
        "AWARD OF CLEANING CONTRACT", "COMMUNITY GRANTS ROUND 2"]
    assert {n.decision_maker for n in notices} == {"CABINET"}  # shared from the meeting's heading
    assert notices[1].provenance["decision_maker"] == notices[4].provenance["decision_maker"]
    assert all(not n.warnings for n in notices)


def test_samples_are_present():
    """The golden tests above must never pass by finding nothing."""
    assert {p.stem for p in sample_texts()} == {"s000", "s004"}
    assert len(fixture_texts()) >= 3
