"""`notices.not_a_notice` makes a paper's units without reading its values: the same notice as
the whole assembly's units with its values dropped (the pipeline's slower way before)."""

import pytest
from extractor.assemble import assemble_notice
from extractor.inline_labels import split_inline_labels
from extractor.lexicon import load_lexicon
from extractor.notices import looks_like_notice, not_a_notice
from extractor.readers.text import read_text
from extractor.reflow import reflow_flattened
from extractor.segment import find_sections

AGENDA = """AGENDA
Cabinet
Tuesday 4 March 2025 at 7.00 pm

1. Apologies for absence
2. Declarations of interest
3. Minutes of the last meeting
4. Budget 2025/26 (report attached)
"""
BLANK_FORM = """Officer decision record

Decision maker:
Decision:
Reasons:
Signed: ______
"""
LINKS = """Portfolio Holder Decisions Notices
Decision notice - Parking charges (PDF, 120KB)
Decision notice - Library hours (PDF, 98KB)
"""
# labelled sections with a closing call-in paragraph and a signature block: sections whose
# units are cut in two (`endings.closing_paragraphs`), and orphan paragraphs between them
DECISION = """Record of decision

Title: Parking charges review
Decision maker: Cabinet Member for Transport
Decision: To approve the revised charges.

The Cabinet Member has approved the revised charges. This decision may be called in by any
five members by 5pm on 12 March 2025.

Reasons: The charges have not changed since 2019.
I confirm that I have no disclosable pecuniary interests.

Signature: J Smith
Date: 4 March 2025
"""
MINUTES = """MINUTES of the meeting of the Parish Council held on 3 June 2024

Present: Cllr A, Cllr B

24/01 Apologies
None.

24/02 Playground
RESOLVED that the quote of £4,000 be accepted.
"""


@pytest.mark.parametrize("text", [AGENDA, BLANK_FORM, LINKS, DECISION, MINUTES, "One line only.\n"])
def test_the_units_are_those_the_whole_assembly_makes(text):
    lexicon = load_lexicon()
    document = split_inline_labels(reflow_flattened(read_text(text.encode()), lexicon), lexicon)
    segments = find_sections(document, lexicon)
    whole = assemble_notice(document, segments, lexicon)
    paper = not_a_notice(document, segments, lexicon)
    assert paper.units == whole.units and paper.other_sections == whole.units
    assert (paper.values, paper.provenance, paper.needs_review, paper.confidence) == ({}, {}, True, 0.0)
    assert [w.code for w in paper.warnings] == ["not_a_notice"]


def test_the_papers_here_include_notices_and_others():
    """The table above holds papers that are no notice and notices (whose units must match too)."""
    lexicon = load_lexicon()
    kinds = set()
    for text in (AGENDA, DECISION):
        document = read_text(text.encode())
        kinds.add(looks_like_notice(document, find_sections(document, lexicon), lexicon))
    assert kinds == {True, False}
