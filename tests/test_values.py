"""Value parsers: table-driven, malformed input gives a warning, never an exception."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values import (
    ContactValue,
    clean_line,
    is_date_only,
    parse_bool,
    parse_contact,
    parse_date,
    split_date_and_body,
    split_due_by,
    strip_document_size,
)

D = dt.date
DATES = [
    ("dd/mm/yyyy", "13/06/2012", D(2012, 6, 13), ()),
    ("dd.mm.yyyy", "13.06.2012", D(2012, 6, 13), ()),
    ("dd-mm-yyyy", "13-06-2012", D(2012, 6, 13), ()),
    ("day first when ambiguous", "05/06/2012", D(2012, 6, 5), ()),
    ("yyyy/mm/dd", "2013/12/13", D(2013, 12, 13), ()),
    ("iso", "2013-12-13", D(2013, 12, 13), ()),
    ("d Month yyyy", "18 May 2011", D(2011, 5, 18), ()),
    ("ordinal", "31st March 2012", D(2012, 3, 31), ()),
    ("ordinal of", "1st of April 2009", D(2009, 4, 1), ()),
    ("weekday comma", "Tuesday, 5 June 2012", D(2012, 6, 5), ()),
    ("weekday abbreviated", "Tue 2 Dec 2025", D(2025, 12, 2), ()),
    ("month first words", "June 5, 2012", D(2012, 6, 5), ()),
    ("abbreviated month", "5 Sept 2012", D(2012, 9, 5), ()),
    ("upper case", "25 MAY 2011", D(2011, 5, 25), ()),
    ("trailing full stop", "23/06/2012.", D(2012, 6, 23), ()),
    ("with time", "09/12/2025 09:52:04", D(2025, 12, 9), ()),
    ("two-digit year", "13/06/12", D(2012, 6, 13), ("two_digit_year",)),
    ("two-digit year last century", "13/06/98", D(1998, 6, 13), ("two_digit_year",)),
    ("impossible day first", "06/13/2012", D(2012, 6, 13), ("month_first_date",)),
    ("date in a sentence", "by 5pm on 22 November 2019", D(2019, 11, 22), ()),
    # OCR reads 0 as O and 1 as l or I: read as digits, and say so
    ("day-Mon-year", "18-May-2011", D(2011, 5, 18), ()),
    ("OCR dash for a space", "18-May 2011", D(2011, 5, 18), ()),
    ("OCR O for 0", "1O March 2O11", D(2011, 3, 10), ("ocr_digits_read",)),
    ("OCR l for 1", "l3 June 2012", D(2012, 6, 13), ("ocr_digits_read",)),
    ("OCR numeric", "1O/O6/2O12", D(2012, 6, 10), ("ocr_digits_read",)),
    ("OCR lone month", "13/O6/2012", D(2012, 6, 13), ("ocr_digits_read",)),
    ("OCR bar for 1", "2|/06/2012", D(2012, 6, 21), ("ocr_digits_read",)),
    ("OCR letters elsewhere left alone", "Room 1O1 on 3 May 2012", D(2012, 5, 3), ()),
]


@pytest.mark.parametrize("raw, value, warnings", [c[1:] for c in DATES], ids=[c[0] for c in DATES])
def test_parse_date(raw, value, warnings):
    parsed = parse_date(raw)
    assert parsed.value == value
    assert parsed.warnings == warnings


MALFORMED_DATES = ["next Tuesday", "31/02/2012", "32 May 2011", "April 2010", "13/13/2012", "TBC", "00/00/0000"]


@pytest.mark.parametrize("raw", MALFORMED_DATES)
def test_malformed_dates_warn_instead_of_raising(raw):
    parsed = parse_date(raw)
    assert parsed.value is None
    assert parsed.warnings == ("unparsed_date",)


def test_empty_date_is_no_value_and_no_warning():
    assert parse_date("").value is None and parse_date("   ").warnings == ()


@pytest.mark.parametrize(
    "raw, only",
    [("18 May 2011", True), ("14 April 2015", True), ("13/06/2012 10:00", True),
     ("That the report be approved on 18 May 2011.", False), ("18 May 2011 and 19 May 2011", False), ("", False)],
)
def test_is_date_only(raw, only):
    assert is_date_only(raw) is only


BOOLS = [
    ("Yes", True), ("yes.", True), ("Y", True), ("YES", True), ("Key", True), ("Key decision", True),
    ("No", False), ("N", False), ("no;", False), ("Non-key", False), ("Non key", False),
    ("Non-Key decision", False), ("No - exempt", False), ("Yes (urgent)", True),
    ("N/A", False), ("Not applicable", False), ("N/A - urgent decision agreed by the Chair", False),
    ("Non-key (officer decision)", False), ("Key decision - forward plan ref 12", True),
    ("Yes ☒ No ☐", True), ("☐ Yes ☒ No", False), ("Yes [X] No [ ]", True), ("Yes ☐ No ☒", False),
    # one answer in two languages; a sentence that says it
    ("Na / No", False), ("Ydy / Yes", True), ("This decision is not subject to call-in because of its urgency.", False),
    ("This decision is subject to call-in by any five members.", True), ("It is not a key decision under the rules.", False),
]


@pytest.mark.parametrize("raw, value", BOOLS)
def test_parse_bool(raw, value):
    assert parse_bool(raw).value is value
    assert parse_bool(raw).warnings == ()


@pytest.mark.parametrize("raw", ["Officer", "Maybe", "TBC", "Nothing", "Yes / No", "Yes ☐ No ☐", "Yes ☒ No ☒", "Ydy / No",
                                 "The report was presented to the committee."])
def test_unrecognised_booleans_warn(raw):
    parsed = parse_bool(raw)
    assert parsed.value is None and parsed.warnings == ("unparsed_boolean",)


CONTACTS = [
    ("name role email", "David Lindsay, Head of IT Services Email: DaveLindsay@maidstone.gov.uk.",
     ContactValue("David Lindsay", "Head of IT Services", "DaveLindsay@maidstone.gov.uk", None)),
    ("email and phone", "Paul Thompson, Chief Officer - Resources and Section 151 Officer Email: "
     "pthompson@lancaster.gov.uk Tel: 01524 582603.",
     ContactValue("Paul Thompson", "Chief Officer - Resources and Section 151 Officer",
                  "pthompson@lancaster.gov.uk", "01524 582603")),
    ("empty email label", "Janet Elliott, Regeneration Programme Manager Email: Tel: (01634) 331023.",
     ContactValue("Janet Elliott", "Regeneration Programme Manager", None, "(01634) 331023")),
    ("name and role only", "Colin Sweeney, Democratic Services Manager",
     ContactValue("Colin Sweeney", "Democratic Services Manager", None, None)),
    ("name only", "Rob Dalby", ContactValue("Rob Dalby", None, None, None)),
    ("phone before email", "Priya Raman, Parks Manager, Tel: 01632 960 123, Email: p.raman@example.gov.uk",
     ContactValue("Priya Raman", "Parks Manager", "p.raman@example.gov.uk", "01632 960 123")),
    ("international phone", "A Person, Officer Telephone: +44 1632 960123",
     ContactValue("A Person", "Officer", None, "+44 1632 960123")),
    ("dotted phone", "Paul Thompson, Chief Officer 01524.582603",
     ContactValue("Paul Thompson", "Chief Officer", None, "01524 582603")),
    ("dotted phone with extension", "X Y Tel: 01632.960.123 ext. 45", ContactValue("X Y", None, None, "01632 960 123 ext. 45")),
    ("a dotted date is no phone", "A B, Officer, meeting 01.02.2012", ContactValue("A B", "Officer, meeting 01.02.2012", None, None)),
    ("OCR spaces around @", "Priya Raman, Parks Manager, Email: priya.raman @netherby.example.gov.uk",
     ContactValue("Priya Raman", "Parks Manager", "priya.raman@netherby.example.gov.uk", None)),
    ("OCR space after @", "D Lindsay, Head of IT Email: dl@ maidstone.gov.uk",
     ContactValue("D Lindsay", "Head of IT", "dl@maidstone.gov.uk", None)),
]


@pytest.mark.parametrize("raw, value", [c[1:] for c in CONTACTS], ids=[c[0] for c in CONTACTS])
def test_parse_contact(raw, value):
    assert parse_contact(raw).value == value


@pytest.mark.parametrize("raw", ["", "   ", "Email: Tel:", "."])
def test_empty_contacts_are_none(raw):
    assert parse_contact(raw).value is None


@pytest.mark.parametrize(
    "raw, cleaned",
    [("Cabinet.", "Cabinet"), ("Policies, Plans, Strategies;", "Policies, Plans, Strategies"),
     ("(All Wards);", "(All Wards)"), ("  Head   of  IT ", "Head of IT"), ("To be confirmed...", "To be confirmed..."),
     ("", None), (" ;. ", None)],
)
def test_clean_line(raw, cleaned):
    assert clean_line(raw) == cleaned


def test_date_and_body():
    parsed, body = split_date_and_body("03/12/2024 - Cabinet")
    assert parsed.value == D(2024, 12, 3) and body == "Cabinet"
    parsed, body = split_date_and_body("nonsense")
    assert parsed.value is None and "unparsed_date" in parsed.warnings and body is None


@pytest.mark.parametrize(
    "raw, body",
    [("11 February 2020 by Cabinet", "Cabinet"), ("April 2010 by Leader and Cabinet Member for Health Reform",
                                                   "Leader and Cabinet Member for Health Reform"), ("Not before 2020", None)],
)
def test_due_by(raw, body):
    assert split_due_by(raw) == body


@pytest.mark.parametrize(
    "raw, title",
    [("Reference from SDDC Call-in Procedures Review (28K/bytes)", "Reference from SDDC Call-in Procedures Review"),
     ("Appendix A (PDF, 120 KB)", "Appendix A"), ("Report (revised)", "Report (revised)")],
)
def test_strip_document_size(raw, title):
    assert strip_document_size(raw) == title


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parsers_are_total(text):
    """Arbitrary text never raises; a value comes back with or without warnings."""
    for parser in (parse_date, parse_bool, parse_contact):
        parsed = parser(text)
        assert isinstance(parsed.warnings, tuple)
    assert clean_line(text) is None or isinstance(clean_line(text), str)
    assert isinstance(is_date_only(text), bool)
    split_date_and_body(text)
    split_due_by(text)
