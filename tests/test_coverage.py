"""Nothing is lost: every non-blank line of every sample lands in exactly one field or other section."""

import pytest

from extractor.coverage import coverage_gaps
from extractor.pipeline import run

from .conftest import fixture_texts, sample_texts


@pytest.mark.parametrize("path", sample_texts() + fixture_texts(), ids=lambda p: p.stem)
def test_every_line_is_placed_once(path):
    extraction = run(path)
    assert extraction.document is not None
    assert coverage_gaps(extraction.document, extraction.assembled) == []


def test_coverage_check_detects_a_lost_line():
    extraction = run(b"Decision Maker: Cabinet\nPurpose:\nTo agree.\n", filename="t.txt")
    (assembled,) = extraction.assembled
    from dataclasses import replace

    lossy = replace(assembled, units=assembled.units[:-1])
    gaps = coverage_gaps(extraction.document, (lossy,))
    assert [g.text for g in gaps] == ["Purpose:", "To agree."]
    doubled = replace(assembled, units=assembled.units + assembled.units[:1])
    assert [g.count for g in coverage_gaps(extraction.document, (doubled,))] == [2]


def test_other_sections_hold_what_no_field_took():
    result = run(b"Decision details\nLead member: Cllr A\nDecision: Agreed.\n", filename="t.txt").result
    assert [(o.heading, o.text) for o in result.notices[0].other_sections] == [
        ("Decision details", ""), ("Lead member", "Cllr A")]
