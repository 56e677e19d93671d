"""Assembly: unlabelled text read in ModernGov order, fallbacks, conflicts and review flags."""

import pytest

from extractor import extract

from .conftest import ROOT

HEADER = "Decision Maker: Cabinet\nDecision status: Recommendations Approved\nIs Key decision?: Yes\n"
FOOTER = "Publication date: 17/07/2013\nDate of decision: 16/07/2013\nDecided at meeting: 16/07/2013 - Cabinet\n"


def notice(text):
    return extract(text.encode(), filename="t.txt").notices[0]


UNLABELLED = [
    ("purpose then decision", "To endorse the strategy.\nRecommendation agreed.\n",
     "To endorse the strategy.", "Recommendation agreed.", None),
    ("numbered list is the decision", "1. That the plan be agreed.\n2. That the officer be delegated.\n",
     None, "1. That the plan be agreed.\n2. That the officer be delegated.", None),
    ("decision runs on over paragraphs", "To seek approval.\nAdopted.\nNote: the Cabinet thanked officers.\n",
     "To seek approval.", "Adopted.\nNote: the Cabinet thanked officers.", None),
    ("call-in note is no decision", "To approve a change.\nThe chairman waived call-in rights on this decision.\n",
     "To approve a change.", None, None),
    ("reasons opener", "To consider a report.\n(i) THAT the report be noted.\nACTION BY: Director\n"
     "For the reasons contained in the report\n",
     "To consider a report.", "(i) THAT the report be noted.", "For the reasons contained in the report"),
]


@pytest.mark.parametrize("body, purpose, decision, reasons", [c[1:] for c in UNLABELLED], ids=[c[0] for c in UNLABELLED])
def test_unlabelled_text_in_moderngov_order(body, purpose, decision, reasons):
    n = notice(HEADER + body + FOOTER)
    assert (n.purpose, n.decision, n.reasons) == (purpose, decision, reasons)
    assert n.provenance.get("decision") is None or n.provenance["decision"].label is None


def test_labelled_value_beats_fallback_without_conflict():
    n = notice(HEADER + FOOTER)
    assert n.decision_maker == "Cabinet" and str(n.decision_date) == "2013-07-16"
    assert not [w for w in n.warnings if w.code == "conflicting_values"]
    assert any(o.heading == "Decided at meeting" for o in n.other_sections)


def test_fallback_fills_a_missing_field():
    n = notice("Decided at meeting: 03/12/2024 - Cabinet\n")
    assert n.decision_maker == "Cabinet" and str(n.decision_date) == "2024-12-03"
    assert n.provenance["decision_maker"].label == "Decided at meeting"


def test_plan_date_is_not_a_decision_date():
    n = notice("To award contracts.\nDecision type: Key\nDecision due: 20 Dec 2011 by Cabinet\n")
    assert n.decision_maker == "Cabinet" and n.decision_date is None
    assert n.purpose == "To award contracts." and n.is_key_decision is True


def test_conflicting_values_keep_the_first_and_warn():
    n = notice("Decision Maker: Cabinet\nDecision Maker: Council\nDate of decision: 01/02/2020\nDecision: Agreed.\n")
    assert n.decision_maker == "Cabinet"
    assert [w.code for w in n.warnings] == ["conflicting_values"]
    assert n.needs_review is True
    assert [(o.heading, o.text) for o in n.other_sections] == [("Decision Maker", "Council")]


def test_consultation_sections_are_joined():
    n = notice("Other reasons / organisations consulted\nService reviews\nConsultees\nCLT, SLT\n")
    assert n.consultation == "Service reviews\nCLT, SLT"


@pytest.mark.parametrize(
    "text, codes, review",
    [
        ("Decision Maker: Cabinet\nDate of decision: 01/02/2020\nDecision: Agreed.", [], False),
        # a value missing warns; the values found are no less sure
        ("Decision Maker: Cabinet\nDate of decision: 01/02/2020", ["missing_decision"], False),
        ("Date of decision: 01/02/2020\nDecision: Agreed.", ["missing_decision_maker"], False),
        ("Decision Maker: Cabinet\nDecision: Agreed.", ["missing_date"], False),
        # a value that could not be read, or a two-digit year, is a doubt: a person looks
        ("Decision Maker: Cabinet\nDecision: Agreed.\nDate of decision: the first of May",
         ["unparsed_date", "missing_date"], True),
        ("Decision Maker: Cabinet\nDecision: Agreed.\nDate of decision: 1/2/20\nIs Key decision?: Perhaps",
         ["two_digit_year", "unparsed_boolean"], True),
    ],
)
def test_review_warnings(text, codes, review):
    n = notice(text)
    assert [w.code for w in n.warnings] == codes
    assert n.needs_review is review


def test_unparsed_value_is_kept_in_other_sections():
    n = notice("Decision Maker: Cabinet\nDecision: Agreed.\nDate of decision: the first of May")
    assert n.decision_date is None
    assert ("Date of decision", "the first of May") in [(o.heading, o.text) for o in n.other_sections]


def test_key_decision_stated_in_title():
    n = notice("Issue - decisions\nRoad works (Non-Key Recordable Officer Decision)\n09/04/2024 - Road works\nThat it be done.")
    assert n.is_key_decision is False and n.title.startswith("Road works")
    assert str(n.decision_date) == "2024-04-09" and n.decision == "That it be done."


def test_title_named_in_the_purpose():
    n = notice("The Officer’s report set out a proposal entitled Property Review.\nReason for the Decision\nAs set out.")
    assert n.title == "Property Review"


DOCUMENT_TYPES = [
    ("marker", "Decision details\nDecision Maker: Cabinet", "decision_details", "Decision details"),
    ("record heading", "RECORD OF DECISION OF THE CABINET\nDecision: Agreed.", "record_of_decision",
     "RECORD OF DECISION OF THE CABINET"),
    ("forward plan entry", "Decision due: 20 Dec 2011 by Cabinet", "issue_history", "Decision due: 20 Dec 2011 by Cabinet"),
    ("officer by type", "Decision Type: Officer\nDecision Maker: Kim Balls", "officer_decision", "Decision Type: Officer"),
    ("officer by title", "Decision Maker: Head of Planning", "officer_decision", "Head of Planning"),
    ("cabinet member", "Decision Maker: Portfolio Holder for Housing", "cabinet_member_decision",
     "Portfolio Holder for Housing"),
    ("moderngov labels", "Decision Maker: Cabinet\nIs subject to call in?: Yes", "decision_details",
     "Is subject to call in?: Yes"),
    ("nothing to go on", "Decision Maker: Cabinet", "other", None),
]


@pytest.mark.parametrize("text, kind, evidence", [c[1:] for c in DOCUMENT_TYPES], ids=[c[0] for c in DOCUMENT_TYPES])
def test_document_type_with_its_evidence(text, kind, evidence):
    n = notice(text)
    assert n.document_type == kind
    span = n.provenance.get("document_type")
    assert (span.raw if span else None) == evidence


def test_authority_from_a_heading_never_from_an_email():
    n = notice("Decision Maker: Cabinet\nContact: A Person Email: a.person@westford.gov.uk\n\nPage 1 of 1")
    assert n.authority is None
    n = notice("Decision Maker: Cabinet\nDecision: Agreed.\n\nPage 1 of 1\nWestford District Council")
    assert n.authority is None  # a council named at the foot of plain text is no running foot
    from extractor.pipeline import run

    pdf = run(ROOT / "tests/fixtures/rendered/officer_record.table.pdf").result.notices[0]
    assert pdf.authority == "NETHERBY DISTRICT COUNCIL" and pdf.provenance["authority"].page == 1
