"""The Word reader: document order, numbering, tables, text boxes, content controls, furniture."""

from pathlib import Path

import pytest

from extractor.pipeline import run
from extractor.readers import read_document

FEATURES = Path(__file__).resolve().parent / "fixtures" / "word_features.docx"


@pytest.fixture(scope="module")
def document():
    return read_document(FEATURES.read_bytes(), path=str(FEATURES))


def _lines(document):
    return [(document.text[l.start : l.end], l.hints, l.locator) for l in document.lines]


def test_word_numbering_is_printed(document):
    texts = [t for t, _, _ in _lines(document)]
    assert "1. That the car park be closed for resurfacing:" in texts
    assert "3. until 30 June 2022." in texts


def test_table_sits_between_paragraphs_as_labels_and_values(document):
    texts = [t for t, _, _ in _lines(document)]
    start = texts.index("Reasons for the decision")
    assert texts.index("3. until 30 June 2022.") < start < texts.index("Contact: Ann Other, Parking Manager")
    assert texts[start + 1] == "The surface is unsafe."
    hints = {t: h for t, h, _ in _lines(document)}
    assert "label" in hints["Wards affected"]


def test_tabs_breaks_boxes_and_content_controls(document):
    texts = [t for t, _, _ in _lines(document)]
    assert "Decision Maker: Head of Parking Services" in texts  # the tab became a space
    assert "Email: ann.other@ashdown.example.gov.uk" in texts  # the soft break began a line
    assert "Report author: Sam Writer" in texts  # text box, read where it is anchored
    assert "Effective from: 13 May 2022" in texts  # content control


def test_headers_and_footers_are_furniture(document):
    hints = {t: h for t, h, _ in _lines(document)}
    assert hints["Ashdown Borough Council - officer decision"] == frozenset({"furniture"})
    assert "heading" in hints["Decision details"]


def test_word_values_and_locators():
    notice = run(FEATURES).result.notices[0]
    assert notice.decision == ("1. That the car park be closed for resurfacing:\n2. from 1 June 2022; and\n"
                               "3. until 30 June 2022.")
    assert notice.reasons == "The surface is unsafe." and notice.wards_affected == "Mill Ward"
    assert notice.contact.email == "ann.other@ashdown.example.gov.uk"
    assert notice.report_author == "Sam Writer" and str(notice.effective_from) == "2022-05-13"
    assert notice.provenance["decision"].locator == "p6..p8"
    assert notice.provenance["reasons"].locator == "t1.r1.c2"
    assert notice.provenance["report_author"].locator == "p12.box"
    assert notice.authority == "Ashdown Borough Council"  # named by the footer
    assert notice.provenance["authority"].locator == "header/footer"
