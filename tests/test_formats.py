"""The same notice as text, PDF and Word gives identical field values (field by field)."""

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.coverage import coverage_gaps
from extractor.models import VALUE_FIELDS
from extractor.pipeline import run

from .conftest import NOTICE_FIXTURES, SAMPLES

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"
RENDERINGS = sorted(RENDERED.glob("*.pdf")) + sorted(RENDERED.glob("*.docx"))


def _text_source(path: Path) -> Path:
    stem = path.name.split(".")[0]
    sample = SAMPLES / f"{stem}.txt"
    return sample if sample.exists() else NOTICE_FIXTURES / f"{stem}.txt"


@lru_cache(maxsize=None)
def extracted(path: Path):
    return run(path)


def values(path: Path) -> list[dict]:
    return [n.model_dump(mode="json") for n in extracted(path).result.notices]


def test_every_layout_and_format_is_rendered():
    layouts = {p.name.split(".")[1] for p in RENDERINGS}
    assert layouts == {"bold_labels", "table", "header_footer", "headings"}
    assert {p.suffix for p in RENDERINGS} == {".pdf", ".docx"}
    assert len(RENDERINGS) >= 16


@pytest.mark.parametrize("field", VALUE_FIELDS)
@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_same_values_as_text(path, field):
    assert extracted(path).result.error is None
    assert [n[field] for n in values(path)] == [n[field] for n in values(_text_source(path))]


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_nothing_lost_in_layout_formats(path):
    extraction = extracted(path)
    assert coverage_gaps(extraction.document, extraction.assembled) == []


def test_pdf_provenance_has_page_and_box():
    result = run(RENDERED / "s000.header_footer.pdf").result
    notice = result.notices[0]
    assert result.source.format == "pdf" and result.source.pages == 3
    span = notice.provenance["effective_from"]
    assert span.page == 3 and span.raw == "23/06/2012"
    x0, top, x1, bottom = span.bbox
    assert 0 < x0 < x1 < 600 and 0 < top < bottom < 842
    reasons = notice.provenance["reasons"]
    assert reasons.page == 1  # the reasons run over a page break: the span starts on page 1
    assert reasons.bbox[3] - reasons.bbox[1] > 300


def test_running_heads_are_kept_but_not_in_values():
    notice = run(RENDERED / "s000.header_footer.pdf").result.notices[0]
    furniture = [o.text for o in notice.other_sections if o.heading is None and o.text.startswith(("Record", "Page"))]
    assert "Page 1" in furniture and "Page 3" in furniture
    assert sum(t.startswith("Record of decision") for t in furniture) == 3
    assert "Page" not in notice.reasons and "Record of decision" not in notice.reasons


def test_text_command_offsets_point_into_pdf_text():
    extraction = run(RENDERED / "s004.headings.pdf")
    text = extraction.document.text
    for name, span in extraction.result.notices[0].provenance.items():
        assert text[span.start : span.end] == span.raw, name
