"""templates/wording.py: the field a value reads as by its own words, as a run's unknown template
labels are read from what their notices print under them."""

import pytest

from extractor.lexicon import load_lexicon
from extractor.templates.wording import field_by_wording

CASES = [
    ("a date alone", "8 February 2024", "decision_date"),
    ("a numeric date", "03/02/2025", "decision_date"),
    ("a resolution", "That the purchase of two electric street sweepers be agreed.", "decision"),
    ("an order's verb", "To approve a grant of £8,000 to the pantry, within the existing budget.", "decision"),
    ("a decider stating it", "The Commissioner has approved funding of £40,000.", "decision"),
    ("a rejected option", "To wait a year, which was rejected as prices are rising.", "alternatives_considered"),
    ("doing nothing", "Do nothing: the road would stay closed.", "alternatives_considered"),
    ("a reason given", "This was needed because the old vans failed their tests.", "reasons"),
    ("a councillor and role", "Councillor Desmond Quayle, Portfolio Holder for Environment", "decision_maker"),
    ("an officer's title", "Head of Property Services", "decision_maker"),
    ("interests", "No declarations of interest were made.", "declarations_of_interest"),
    ("a sentence of no field's", "An inspection found the present state unsafe for public use.", None),
    ("a sum's purpose", "Spending on a ten-year lease of the old pump house.", None),
    ("a bare name", "Marta Oyelaran", None),
    ("nothing", "", None),
]


@pytest.mark.parametrize("value, field", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_field_by_wording(value, field):
    assert field_by_wording(value, load_lexicon()) == field
