"""Session 18's shortcuts in the list readers, each checked against the reading it replaces:
`block_table` turns a page away when no key of its entry lines stands on two lines (two entries
of one shape would each hold that shape's first key), before its blocks are cut and read;
`segment_table` turns a page away when no two of its sections share a key (a field, or a label
read as one), before its sections are read as entries."""

from __future__ import annotations

import pytest

from extractor.document import Document
from extractor.lexicon import Lexicon, load_lexicon
from extractor.split import reads_as_minutes
from extractor.readers.text import read_text
from extractor.reflow import reflow_flattened
from extractor.inline_labels import split_inline_labels
from extractor.sections import Piece, Segment
from extractor.segment import find_sections
from extractor.tables import lists
from extractor.tables.cells import line_text

from .conftest import fixture_texts, sample_texts


def _read(text: str, lexicon: Lexicon) -> tuple[Document, tuple[Segment, ...]]:
    """A page and its sections as the pipeline hands them to `find_table`."""
    document = split_inline_labels(reflow_flattened(read_text(text.encode("utf-8")), lexicon), lexicon)
    return document, find_sections(document, lexicon, minutes=reads_as_minutes(document.text, lexicon.words))


def _old_entries(document: Document, segments: tuple[Segment, ...], lexicon: Lexicon) -> list:  # type: ignore[type-arg]
    """The entries `block_table` found before session 18 (every block cut and read, whatever the
    keys of its entry lines): fewer than two is its None."""
    entry_lines = lists._entry_lines(document, segments, lexicon)
    if len(entry_lines) < lists.MIN_LIST_ENTRIES:
        return []
    entries: list = []  # type: ignore[type-arg]
    for block in lists._entry_blocks(document, entry_lines):
        shape = None
        if 2 <= len(block) <= lists.MAX_BLOCK_LINES:
            title = line_text(document, block[0])
            under = [entry_lines.get(k) for k in block[1:]]
            if (all(u is not None for u in under) and len(title.split()) <= lists.MAX_ENTRY_TITLE_WORDS
                    and not title.endswith((".", ":")) and lexicon.match_line(title, approximate=False) is None):
                shape = tuple(u for u in under if u is not None)
        if shape is None:
            if len(entries) >= lists.MIN_LIST_ENTRIES:
                break
            entries = []
            continue
        if entries and tuple(k for k, _, _ in shape) != tuple(k for k, _, _ in entries[0][1]):
            if len(entries) >= lists.MIN_LIST_ENTRIES:
                break
            entries = []
        entries.append((block, shape))
    return entries


PAGES = [
    ("Fleet replacement\nDate signed: 12 March 2024\n\nGreen Skills Fund\nDate signed: 4 May 2024\n", "two entries"),
    ("Fleet replacement\nPublished 12 March 2024\n\nGreen Skills Fund\nPublished 4 May 2024\n", "two dated lines"),
    ("Fleet replacement\nDecision maker: Leader\nDate signed: 12 March 2024\n\n"
     "Green Skills Fund\nDecision maker: Mayor\nDate signed: 4 May 2024\n", "two lines each"),
    ("Fleet replacement\nDate signed: 12 March 2024\n\nGreen Skills Fund\nPublished 4 May 2024\n", "two shapes"),
    ("Fleet replacement\nDate signed: 12 March 2024\n", "one entry"),
    ("Fleet replacement\nDecision maker: Leader\nDate signed: 12 March 2024\nStatus: Approved\n", "one notice"),
    ("Date signed: 12 March 2024\n\nDate signed: 4 May 2024\n", "a key twice, no titles"),
    ("Fleet replacement\nDate signed: 12 March 2024\nGreen Skills Fund\nDate signed: 4 May 2024\n", "no blank lines"),
    ("Title\n\nDecision maker: Leader\n\nDate: 3 May 2024\n", "labels apart"),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize("text", [t for t, _ in PAGES], ids=[i for _, i in PAGES])
def test_block_table_answers_as_before(text: str, lexicon: Lexicon) -> None:
    document, segments = _read(text, lexicon)
    found = lists.block_table(document, segments, lexicon)
    assert (found is None) == (len(_old_entries(document, segments, lexicon)) < lists.MIN_LIST_ENTRIES)


def test_block_table_finds_the_two_entries(lexicon: Lexicon) -> None:
    document, segments = _read(PAGES[0][0], lexicon)  # (the guard lets a real list through)
    found = lists.block_table(document, segments, lexicon)
    assert found is not None and len(found.rows) == 2


def test_block_table_answers_as_before_on_every_sample_and_fixture(lexicon: Lexicon) -> None:
    for path in [*sample_texts(), *fixture_texts()]:
        document, segments = _read(path.read_text(encoding="utf-8"), lexicon)
        found = lists.block_table(document, segments, lexicon)
        assert (found is None) == (len(_old_entries(document, segments, lexicon)) < lists.MIN_LIST_ENTRIES), path.name


SEGMENT_PAGES = [
    ("Fleet replacement\n\nDate signed\n12 March 2024\n\nDecision maker\nLeader\n\n"
     "Green Skills Fund\n\nDate signed\n4 May 2024\n\nDecision maker\nMayor\n", "labels over values"),
    ("Fleet replacement\nDate signed: 12 March 2024\n\nGreen Skills Fund\nDate signed: 4 May 2024\n", "labels on the line"),
    ("Fleet replacement\nReference: OD/2025/041\nDate signed: 12 March 2024\n\n"
     "Green Skills Fund\nReference: OD/2025/042\nDate signed: 4 May 2024\n", "a reference label"),
    ("Fleet replacement\n\nDate signed\n12 March 2024\n", "one entry"),
    ("Decision maker: Leader\nDate of decision: 12 March 2024\nDecision: To approve the plan.\n", "one notice"),
]


@pytest.mark.parametrize("text", [t for t, _ in [*SEGMENT_PAGES, *PAGES]], ids=[i for _, i in [*SEGMENT_PAGES, *PAGES]])
def test_segment_table_answers_as_before(text: str, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    document, segments = _read(text, lexicon)
    found = lists.segment_table(document, segments, lexicon)
    monkeypatch.setattr(lists, "_key_twice", lambda placed: True)  # the reading before session 18: no guard
    assert found == lists.segment_table(document, segments, lexicon)


def test_segment_table_answers_as_before_on_every_sample_and_fixture(lexicon: Lexicon,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [_read(path.read_text(encoding="utf-8"), lexicon) for path in [*sample_texts(), *fixture_texts()]]
    found = [lists.segment_table(document, segments, lexicon) for document, segments in pages]
    monkeypatch.setattr(lists, "_key_twice", lambda placed: True)
    assert found == [lists.segment_table(document, segments, lexicon) for document, segments in pages]


def _section(kind: str, field: str | None, label: str | None) -> Segment:
    return Segment(kind, 0, 4, (Piece(0, 4, 0),), field, "line", None, label)


KEYS = [
    ([("field", "decision_date", "Date signed"), ("field", "decision_date", "Date")], True, "a field twice"),
    ([("field", "decision_date", "Date signed"), ("field", "decision_maker", "Decided by")], False, "two fields"),
    ([("other", None, "Reference"), ("other", None, "References:")], True, "a label twice, as read"),
    ([("other", None, "Decision date"), ("field", "decision date", None)], True, "a label and a field alike"),
    ([("orphan", None, None), ("orphan", None, None)], False, "no key at all"),
    ([("orphan", None, None), ("field", "title", "Title")], False, "one key"),
]


@pytest.mark.parametrize("sections,twice", [(s, t) for s, t, _ in KEYS], ids=[i for _, _, i in KEYS])
def test_key_twice_reads_the_keys_same_shape_run_compares(sections: list, twice: bool) -> None:  # type: ignore[type-arg]
    assert lists._key_twice([_section(*s) for s in sections]) is twice
