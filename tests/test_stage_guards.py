"""The cheap guards that let a document skip a reader whose answer they prove empty: each admits
every text the reader accepts, and refuses only texts the reader itself turns away (the reader's
answer is the same with the guard and without it)."""

import pytest

from extractor import reflow
from extractor.lexicon import load_lexicon

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
], ids=["dated log", "numeric dates", "log with aside", "ocr zero", "ocr zero and one", "date forms", "two entries", "no titles",
        "a day before its month",
        "numbers no dates"])
def test_a_flattened_table_needs_dates_ending_before_titles(monkeypatch, text, admitted, found):
    lexicon = load_lexicon()
    assert reflow.may_hold_dated_entries(text) is admitted
    guarded = reflow._table_starts(text, lexicon)
    monkeypatch.setattr(reflow, "may_hold_dated_entries", lambda text: True)
    assert reflow._table_starts(text, lexicon) == guarded
    assert bool(guarded) is found
