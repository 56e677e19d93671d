"""split_inline_labels(): a known label inside a line starts a line of its own, offsets kept."""

import pytest

from extractor.inline_labels import split_inline_labels
from extractor.lexicon import load_lexicon
from extractor.readers.text import read_text


def _lines(text: str) -> list[str]:
    document = split_inline_labels(read_text(text.encode("utf-8")), load_lexicon())
    return [document.text[ln.content_start : ln.end] for ln in document.lines]


@pytest.mark.parametrize("text,lines", [
    ("Publication Date: 2 September 2008 Implementation Date: 10 September 2008",
     ["Publication Date: 2 September 2008", "Implementation Date: 10 September 2008"]),
    ("Signature:  Date: 18 June 2024", ["Signature:", "Date: 18 June 2024"]),
    ("That the plan be approved. Reason for Decision: The plan is needed.",
     ["That the plan be approved.", "Reason for Decision: The plan is needed."]),
    ("Ref 12 | Decision Maker: Cabinet", ["Ref 12 |", "Decision Maker: Cabinet"]),
], ids=["dates run together", "signature then date", "after a sentence", "after a table pipe"])
def test_a_label_inside_a_line_starts_its_own(text, lines):
    assert _lines(text) == lines


@pytest.mark.parametrize("text", [
    "Is Key decision?: Yes",
    "The meeting starts at 10:30 and the Decision Maker will attend.",
    "Conflict of interest declared by the Cabinet Member / Dispensation granted: None.",
    "See https://example.gov.uk/decisions for the Decision: list",
    "Contact: Ann Bell, Officer Email: ann.bell@example.gov.uk",
], ids=["a label at the line's start", "a time", "one long label", "a web address", "contact parts"])
def test_lines_that_stay_whole(text):
    assert _lines(text) == [text]


def test_offsets_point_into_the_same_text():
    text = "Publication Date: 2 September 2008 Implementation Date: 10 September 2008"
    before = read_text(text.encode())
    after = split_inline_labels(before, load_lexicon())
    assert after.text == before.text and len(after.lines) == 2
    assert after.text[after.lines[1].start : after.lines[1].end] == "Implementation Date: 10 September 2008"
