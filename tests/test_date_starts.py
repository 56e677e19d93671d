"""`values._dates_at` tries the date pattern only where a date can start (a digit, or the names
just before one); it must find what ``finditer`` over the whole text finds, over dates in every
form the pattern reads, Welsh names, ordinals, OCR misreadings and near misses, alone, in
pairs and in prose."""

from __future__ import annotations

import itertools

from extractor import values
from extractor.lexicon import load_lexicon

DATES = [
    "13/06/2012", "2012-06-13", "13.06.12", "1/2/13", "2013/12/13", "31/02/2012", "13-6-2012", "6/13/2012",
    "5 March 2012", "5th March 2012", "5th of March 2012", "5-Mar-12", "5 - March - '12", "22nd Sept. 2014",
    "3rd Feb, 2011", "1st  of  May 2010", "5 MARCH 2012", "5 march 2012,", "5 Mawrth 2012",
    "March 5, 2012", "Mar. 5th, 2012", "SEPT 22 2014", "Ionawr 3 2011", "May 5th 2019",
    "Monday, 5 March 2012", "Monday 5th March 2012", "Mon. 5 Mar 12", "Tues 6th of Jan '15", "WEDNESDAY 7 JULY 2021",
    "Monday, March 5, 2012", "Thurs. Nov 3 2011", "Friday,  June 1st, 2018", "Sunday  \n  May 1 2011",
    "1O March 2O11", "l3/O6/2Ol2", "2O12-O6-13", "O5 May 2O12",
]
NEAR = [
    "x5 March 2012", "Mon5 March 2012", "bimarch 5 2012", "5 Marchx 2012", "March 52012", "12/5 March 2012",
    "2012/13", "12/O/2012", "5 Mar.2012", ".5 March 2012", "-5 March 2012", "/5 March 2012", "5 March 2012x", "5 March 2012/", "Decision 2020-16",
    "Mondays 5 March 2012", "Monday5 March 2012", "Monday,, 5 March 2012", "March, 5 2012", "5 Marc 2012",
    "2012", "5", "May 5", "5 May", "Sunday", "December 2016", "Monday March", "123/45/6789", "1.2.3.4",
    "Monday Tuesday 5 March 2012", "March April 5 2012", "Sunday, Monday, 5 March 2012", "Mar Mar 5 2012",
    "5 March 2012 6 April 2013", "5 March 20126 April 2013", "13/06/2012-14/06/2012", "Tuesday 25 April 2017 10:15",
]
CONTEXTS = ["{}", "On {}.", "Decided: {} - Cabinet", "(published {})", "x{}y", "{}{}", "{} and {}",
            "Date of decision: {}; call-in ends {}", "Monday {}", "{} May", "Item 4 (2012) {} at 10.30am"]


def _texts() -> list[str]:
    forms = DATES + NEAR
    texts = []
    for context in CONTEXTS:
        holes = context.count("{}")
        pairs = itertools.product(forms, repeat=holes) if holes == 1 else zip(forms, reversed(forms))
        texts += [context.format(*pair) for pair in pairs]
    texts += [f"{a} {b}" for a, b in itertools.product(DATES[::2], NEAR[::3])]
    texts.append("As reported in December 2016, the PCC (on Monday, 5 March 2012) agreed 3 of 4 items; " * 5)
    return texts


def test_dates_at_finds_what_finditer_finds() -> None:
    w = load_lexicon().words
    pattern, names_before, _ = w.dates
    texts = _texts()
    found = 0
    for text in texts:
        read = values._OCR_DIGITS.sub(values._as_digits, text)
        for source in {text, read}:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(source)]
            got = [(m.span(), m.groups()) for m in values._dates_at(source, pattern, names_before, len(source))]
            assert got == expected, source
            found += len(got)
    assert found > len(texts) // 2  # many texts hold a date, some several


def test_find_dates_reads_every_form() -> None:
    values._RECENT.clear()
    for text in DATES:
        assert values.find_dates(text), text
    for text in ["x5 March 2012", "Decision 2020-16", "December 2016", "5 Marchx 2012"]:
        assert values.find_dates(text) == [], text


def test_a_vocabulary_made_from_another_reads_its_own_month_names() -> None:
    """`Words.dates` is made again for a vocabulary made by `dataclasses.replace` (a template's or a
    user's words): a month only it names is read by it, and not by the vocabulary it came from."""
    import dataclasses

    w = load_lexicon().words
    own = dataclasses.replace(w, months={**w.months, "brumaire": 11})
    assert own.dates.pattern is not w.dates.pattern
    assert [str(m.date) for m in values.find_dates("Decided on 5 Brumaire 2012.", words=own)] == ["2012-11-05"]
    assert values.find_dates("Decided on 5 Brumaire 2012.", words=w) == []
