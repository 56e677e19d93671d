"""The cheap guards that let a document skip a reader whose answer they prove empty: each admits
every document the reader accepts, and refuses only documents the reader itself turns away (the
reader's answer is the same with the guard and without it), over the shapes the other tests
invent, the samples and the notice fixtures."""

from __future__ import annotations

from functools import lru_cache

import pytest

from extractor import pipeline, reflow
from extractor.lexicon import load_lexicon
from extractor.tables import lists

from .conftest import fixture_texts, sample_texts
from .test_shapes import _NAMES, GUARDS

LOG = ("Date Decision Detail 4 May 2024 Ferry Road Agreed. 5 May 2024 Mill Lane Agreed. "
       "6 May 2024 Quay Street Agreed.")
NUMERIC = "Date Decision Detail 4/5/2024 Ferry Road Agreed. 5/5/2024 Mill Lane Agreed. 6/5/2024 Quay Street Agreed."


@pytest.mark.parametrize("text,admitted,found", [
    (LOG, True, True),
    (NUMERIC, True, True),
    ("Eastmoor PCC Decision Log Date Decision Detail Linked Documents (if applicable) 12-Jan-22 Westgate "
     "Office Agreed to sell. 12-Jan-22 Rural Crime Team Agreed to fund. 20-Dec-21 Custody Nurse Agreed.",
     True, True),
    (LOG.replace("2024", "2O24"), True, True),  # a scan's O for a 0 ends each date
    (LOG.replace("2024", "2O2l"), True, True),
    ("Date Decision Detail Tuesday, 4 May 2024 Ferry Road Agreed. May 5, 2024 Mill Lane Agreed. "
     "6/5/2024 Quay Street Agreed.", True, True),
    (NUMERIC.replace("6/5/2024 Quay Street Agreed.", ""), False, False),  # two entries: too few
    (NUMERIC.replace(" Ferry", " ferry").replace(" Mill", " mill"), False, False),  # no title after two dates
    (LOG.replace(" Ferry", " ferry").replace(" Mill", " mill"), True, False),  # "4 May": a day before a capital
    ("Minutes 1 Apologies 2 Declarations 3 Budget, nothing dated", True, False),  # admitted, then refused
], ids=["dated log", "numeric dates", "log with aside", "ocr zero", "ocr zero and one", "date forms", "two entries",
        "no titles", "a day before its month", "numbers no dates"])
def test_a_flattened_table_needs_dates_ending_before_titles(monkeypatch, text, admitted, found):
    lexicon = load_lexicon()
    assert reflow.may_hold_dated_entries(text) is admitted
    guarded = reflow._table_starts(text, lexicon)
    monkeypatch.setattr(reflow, "may_hold_dated_entries", lambda text: True)
    assert reflow._table_starts(text, lexicon) == guarded
    assert bool(guarded) is found


@lru_cache(maxsize=1)
def _table_inputs() -> tuple[tuple[str, object, object, object], ...]:
    """What `find_table` is handed for every invented shape, sample and fixture: (name, document,
    lexicon, segments)."""
    seen: list[tuple[str, object, object, object]] = []
    real = pipeline.find_table
    texts = [(name, text) for text, name in _NAMES.items()]
    texts += [(f"guard{n}", case[1]) for n, case in enumerate(GUARDS)]
    texts += [(path.name, path.read_text(encoding="utf-8")) for path in [*sample_texts(), *fixture_texts()]]
    for name, text in texts:
        def spy(document, lexicon, segments=(), name=name):
            seen.append((name, document, lexicon, segments))
            return real(document, lexicon, segments)
        pipeline.find_table = spy
        try:
            pipeline.extract_record(text.encode("utf-8"), filename=f"{name}.txt")
        finally:
            pipeline.find_table = real
    return tuple(seen)


# each guard: the module attribute that answers it, the reader it guards, and that reader's call
READERS = {
    "list_table": (lists, "may_hold_list", lambda d, lex, segs: lists.list_table(d, lex)),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_table_guard_changes_no_reader_answer(monkeypatch, reader):
    module, guard, read = READERS[reader]
    inputs = _table_inputs()
    guarded = [read(d, lex, segs) for _, d, lex, segs in inputs]
    monkeypatch.setattr(module, guard, lambda *args: True)
    unguarded = [read(d, lex, segs) for _, d, lex, segs in inputs]
    assert [name for (name, *_), a, b in zip(inputs, guarded, unguarded) if a != b] == []
    assert any(table is not None for table in guarded), "no case the reader accepts: the test proves nothing"
