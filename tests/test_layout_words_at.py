"""The page layout hands `assemble_lines` its lines' words through ``words_at`` (each word box
made once, at its document offset) instead of in the raw lines; both ways must give the same
text and line records, on the path that places lines as they stand and on the line-by-line
path (odd spaces, breaks, emphasis), and on laid-out PDF pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.document import WordBox
from extractor.normalise import RawLine, assemble_lines

_BOX = (1.0, 2.0, 30.0, 12.0)
CASES = [
    ("plain lines", ["Decision Maker: Cabinet", "", "Approved the plan"]),
    ("indent and bullets", ["  indented", "• a listed item", "- dash item", "•", "* star"]),
    ("a cell border", ["RESOLVED: |", "|", "a | b"]),
    ("trailing spaces", ["Title  ", "next"]),
    ("odd spaces", ["Date:\t13 May", "a\u00a0b", "soft\u00adhyphen"]),
    ("emphasis", ["by **25 May**", "__x__"]),
    ("a break in a line", ["a\rb", "c d", "e\nf g"]),
    ("blank lines only", ["", ""]),
    ("no lines", []),
]


def _words(text: str, at: int = 0) -> tuple[WordBox, ...]:
    words, start = [], 0
    for n, word in enumerate(text.split(" ")):
        if word:
            words.append(WordBox(start + at, start + len(word) + at, (float(n), 2.0, float(n + 1), 12.0)))
        start += len(word) + 1
    return tuple(words)


@pytest.mark.parametrize("texts", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_words_given_by_words_at_place_as_words_in_the_raw_lines(texts):
    with_words = [RawLine(t, 1, _BOX, frozenset(), None, None, _words(t)) for t in texts]
    without = [RawLine(t, 1, _BOX, frozenset(), None, None, ()) for t in texts]
    asked = []

    def words_at(index: int, at: int) -> tuple[WordBox, ...]:
        asked.append(index)
        return _words(texts[index], at)

    assert assemble_lines(without, words_at) == assemble_lines(with_words)
    assert sorted(asked) == list(range(len(texts)))  # each line's words asked once


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("path", [FIXTURES / "two_columns.pdf", FIXTURES / "hyphenated.pdf",
                                  FIXTURES / "rendered" / "delegated_record.table.pdf"], ids=lambda p: p.name)
def test_laid_out_pages_place_each_word_where_its_line_has_it(path):
    """Every word box of a laid-out PDF covers its word of the line's text, in order."""
    from extractor.readers.layout import layout_document
    from extractor.readers.pdfium import pdfium_pages

    pages = pdfium_pages(path.read_bytes(), None)
    document = layout_document(pages, "pdf")
    words = [w.text for page in pages for w in page.words]
    placed = [document.text[b.start:b.end] for line in document.lines for b in line.words]
    assert placed and sorted(placed) == sorted(w for w in words if w)
    for line in document.lines:
        assert all(line.start <= b.start < b.end <= line.end for b in line.words)
