"""A laid-out page's lines keep their words as a `WordRun` and box them only where read
(`Line.words`, `Line.word_bboxes`): the boxes, the document's records and every value's
provenance box must be exactly those of the eager word boxes the layout built before, one
`WordBox` a word at its document offset (kept here as the oracle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.document import Document, Line, WordBox, WordRun
from extractor.normalise import RawLine, assemble_lines
from extractor.records import span_record
from extractor.words import Word

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = sorted([*FIXTURES.glob("*.pdf"), *(FIXTURES / "rendered").glob("*.pdf")])


def _eager_boxes(words: tuple[Word, ...], at: int) -> tuple[WordBox, ...]:
    """The old `_Line.spans(at)`: each word's offsets (words joined by one space) and its box."""
    boxes = []
    for w in words:
        boxes.append(WordBox(at, at + len(w.text), (w.x0, w.top, w.x1, w.bottom)))
        at += len(w.text) + 1
    return tuple(boxes)


def _eager(line: Line) -> Line:
    run = line.word_run
    return line._replace(word_run=_eager_boxes(run.words, run.at)) if isinstance(run, WordRun) else line


def _laid_out(path: Path) -> Document:
    from extractor.readers.layout import layout_document
    from extractor.readers.pdfium import pdfium_pages

    return layout_document(pdfium_pages(path.read_bytes(), None), "pdf")


def _spans(document: Document) -> list[tuple[int, int]]:
    """Every line alone, its content, a cut inside it, each pair and run of three lines, each
    line from its middle to the next's middle, and the whole text."""
    lines = [ln for ln in document.lines if ln.end > ln.start]
    spans = [(0, len(document.text))]
    for i, ln in enumerate(lines):
        middle = (ln.start + ln.end) // 2
        spans += [(ln.start, ln.end), (ln.content_start, ln.end), (ln.start + 1, max(ln.start + 1, ln.end - 1)),
                  (middle, ln.end), (ln.start, middle)]
        for after in lines[i + 1 : i + 3]:
            spans += [(ln.start, after.end), (middle, (after.start + after.end) // 2)]
    return spans


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_lazy_word_boxes_are_the_eager_ones(path):
    document = _laid_out(path)
    runs = [ln for ln in document.lines if isinstance(ln.word_run, WordRun)]
    assert runs  # the layout keeps its lines' words unboxed
    for line in document.lines:
        eager = _eager(line).word_run
        assert type(line.words) is tuple and line.words == eager
        assert [type(b) for b in line.words] == [WordBox] * len(eager)
        assert [type(b.bbox) for b in line.words] == [tuple] * len(eager)
        assert list(line.word_bboxes()) == [b.bbox for b in eager]
        assert bool(line.word_run) == bool(eager)
        assert all(line.start <= b.start < b.end <= line.end for b in line.words)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_word_boxes_over_a_span_are_the_eager_words_it_overlaps(path):
    """`Line.word_bboxes_over` against the old reading, [w.bbox for w in words if w.start < end
    and w.end > start], over spans that start, end or are empty inside and between words."""
    document = _laid_out(path)
    for line in document.lines:
        eager = _eager(line).word_run
        cuts = sorted({line.start - 1, line.start, line.end, line.end + 1,
                       *(b.start + d for b in eager for d in (-1, 0, 1)), *(b.end + d for b in eager for d in (-1, 0, 1))})
        for start in cuts:
            for end in (c for c in cuts if c >= start):
                assert line.word_bboxes_over(start, end) == [w.bbox for w in eager if w.start < end and w.end > start]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_provenance_of_lazy_word_boxes_is_the_eager_ones(path):
    document = _laid_out(path)
    eager = Document(document.text, tuple(map(_eager, document.lines)), document.format, document.encoding,
                     document.pages, document.warnings, document.dropped)
    assert document.placed == eager.placed
    for start, end in _spans(document):
        assert span_record(document, "Label", start, end) == span_record(eager, "Label", start, end), (start, end)


def _word(text: str, n: int) -> Word:
    return Word(text, float(n), 2.0 + n, float(n) + 0.5, 12.0 + n)


CASES = [
    ("plain lines", ["Decision Maker: Cabinet", "", "Approved the plan"]),
    ("indent and bullets", ["  indented", "• a listed item", "- dash item"]),
    ("odd spaces", ["Date:\t13 May", "a\u00a0b", "soft\u00adhyphen"]),
    ("emphasis", ["by **25 May**", "__x__"]),
    ("a break in a line", ["a\rb", "c d", "e\nf g"]),
    ("blank lines only", ["", ""]),
]


@pytest.mark.parametrize("texts", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_word_runs_from_words_at_place_as_eager_boxes(texts):
    """Both paths of `assemble_lines` (lines placed as they stand, and normalised one by one)
    give a `WordRun` line the boxes that eager word boxes from ``words_at`` get."""
    words = [tuple(_word(t, n) for n, t in enumerate(text.split(" "))) if text else () for text in texts]
    raw = [RawLine(t, 1, (0.0, 0.0, 9.0, 9.0), frozenset(), None, None, ()) for t in texts]

    def lazy(index: int, at: int) -> tuple[WordBox, ...] | WordRun:
        return WordRun(words[index], at) if words[index] else ()

    def eager(index: int, at: int) -> tuple[WordBox, ...]:
        return _eager_boxes(words[index], at)

    text, lines = assemble_lines(raw, lazy)
    assert (text, tuple(map(_eager, lines))) == assemble_lines(raw, eager)
    assert [ln.words for ln in lines] == [ln.words for ln in assemble_lines(raw, eager)[1]]
