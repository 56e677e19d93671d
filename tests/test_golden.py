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
    (notice,) = extract(path).notices
    actual = notice.model_dump(mode="json")
    for name in VALUE_FIELDS:
        default = "other" if name == "document_type" else [] if name == "accompanying_documents" else None
        assert actual[name] == expected.get(name, default), name


def test_samples_are_present():
    """The golden tests above must never pass by finding nothing."""
    assert {p.stem for p in sample_texts()} == {"s000", "s004"}
    assert len(fixture_texts()) >= 3
