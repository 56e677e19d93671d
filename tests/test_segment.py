"""The segmenter: both label forms, headings that stay inside sections, values that pick the field."""

import pytest
from extractor.assemble import assemble_notice
from extractor.readers.text import read_text
from extractor.segment import find_sections

from .conftest import SAMPLES


def sections(text, lexicon):
    doc = read_text(text.encode())
    return doc, find_sections(doc, lexicon)


def values(text, lexicon):
    doc, segs = sections(text, lexicon)
    return assemble_notice(doc, segs, lexicon).values


def test_inline_and_own_line_labels(lexicon):
    v = values("Decision Maker: Cabinet\nPurpose:\n\nAnnual review\n\nDecision\nThat it be agreed.", lexicon)
    assert v["decision_maker"] == "Cabinet"
    assert v["purpose"] == "Annual review"
    assert v["decision"] == "That it be agreed."


def test_unknown_heading_stays_inside_its_section(lexicon):
    text = ("Reasons for the decision:\nFirst reason.\n\nMid Kent Improvement Partnership ICT shared service\n\n"
            "Second reason.\n\nFigure 1: governance model\n\nAlternative options considered:\nNone.")
    v = values(text, lexicon)
    assert v["reasons"] == ("First reason.\nMid Kent Improvement Partnership ICT shared service\n"
                           "Second reason.\nFigure 1: governance model")
    assert v["alternatives_considered"] == "None."


def test_decision_made_is_resolved_by_its_value(lexicon):
    v = values("Decision Made: 18 May 2011\n\nDecision Made\n\nThat the strategy be approved.", lexicon)
    assert str(v["decision_date"]) == "2011-05-18"
    assert v["decision"] == "That the strategy be approved."
    v = values("Decision Made:\n\n14 April 2015\n\nTITLE OF ITEM", lexicon)
    assert str(v["decision_date"]) == "2015-04-14" and v["title"] == "TITLE OF ITEM"


def test_decision_type_by_value(lexicon):
    assert values("Decision type: Key", lexicon)["is_key_decision"] is True
    assert values("Decision type: Non-key", lexicon)["is_key_decision"] is False
    assert "is_key_decision" not in values("Decision Type:\nOfficer", lexicon)


@pytest.mark.parametrize("text, field, value", [
    ("Issue:\nChorley Police station – enabling works", "title", "Chorley Police station – enabling works"),
    ("Issue: The council must decide whether to renew the lease.", "purpose",
     "The council must decide whether to renew the lease."),
], ids=["a phrase is the title", "a sentence is the purpose"])
def test_issue_is_resolved_by_its_value(lexicon, text, field, value):
    assert values(text, lexicon)[field] == value


def test_a_title_label_over_a_paragraph_gives_the_purpose(lexicon):
    paragraph = ("For each financial year the council must consider whether to revise its reduction scheme "
                 "or replace it with another. Any revision must be made no later than 11 March in the year "
                 "before the one it is for.")
    v = values(f"Issue - decisions\n\nReduction Scheme 2025\n\nThe subject of the decision:\n\n{paragraph}", lexicon)
    assert v["purpose"] == paragraph and v["title"] == "Reduction Scheme 2025"
    assert values("Subject of decision: Reduction Scheme 2025", lexicon)["title"] == "Reduction Scheme 2025"


def test_a_page_title_with_a_dash_loses_to_the_labelled_decision(lexicon):
    v = values("Decision - Renewal of the Elm Park lease\n\nDecision details\n\nRenewal of the Elm Park lease\n\n"
               "Decision:\n\nThat the lease be renewed for ten years.", lexicon)
    assert v["decision"] == "That the lease be renewed for ten years."
    assert values("Decision Maker - Cabinet", lexicon)["decision_maker"] == "Cabinet"


def test_the_title_below_a_record_heading_and_its_date(lexicon):
    v = values("NETHERBY BOROUGH COUNCIL\n\nRECORD OF DECISION OF THE Cabinet\n\nDecision Made:\n\n12 May 2024\n\n"
               "The Community Right to Bid\n\nIssue for Decision\n\nTo agree how the council handles bids.", lexicon)
    assert v["title"] == "The Community Right to Bid" and v["purpose"] == "To agree how the council handles bids."


def test_a_lead_in_below_an_empty_label_opens_its_value(lexicon):
    v = values("Decision:\n\nCabinet:\n\n1. Approved the draft Housing Strategy.\n\nReport author: Ann Vale", lexicon)
    assert v["decision"] == "Cabinet:\n1. Approved the draft Housing Strategy."


def test_machine_keys_standing_alone_are_no_labels(lexicon):
    # an aggregator's summary block as a web page shows it: each key a heading of its own
    text = ("Decision\n\nAnalysis\n\noutcome\n\nThe spend was approved.\n\nsummary\n\nThe decision approves a spend."
            "\n\ntopline: The Executive approved the spend.\n\nreason_contentious: Not contentious.\n\n"
            "Decision Maker: Executive\n\nPurpose: To approve the spend.\n\nContent: To approve the spend on chairs.")
    v = values(text, lexicon)
    assert v["purpose"] == "To approve the spend." and v["decision"] == "To approve the spend on chairs."


def test_a_list_entry_wrapped_before_its_reference(lexicon):
    # a PDF wraps "dd/mm/yyyy - Title ref: N  Status" before "ref:"
    v = values("Decisions\n\nUse the below search options at the bottom of the page to find recent decisions.\n\n"
               "16/12/2019 - Application to divert Bridleway 22 at Doddings Farm\nref: 243 Recommendations Approved\n\n"
               "Decision Maker\n\nOfficer Delegated Decision\n\nDecision\n\n(a) The application be accepted.", lexicon)
    assert v["title"] == "Application to divert Bridleway 22 at Doddings Farm"
    assert v["decision_status"] == "Recommendations Approved"
    assert v["decision_maker"] == "Officer Delegated Decision"
    assert v["decision"] == "(a) The application be accepted."


@pytest.mark.parametrize("text, field, value", [
    ("Decision type:\n\nKey Decision\n\nDecision:\nThat it be done.", "is_key_decision", True),
    ("Decision Maker:\n\nExecutive Member (Resources)\n\nDecision:\nThat it be done.", "decision_maker",
     "Executive Member (Resources)"),
    ("Decision Maker:\n\nOfficer Delegated Decision\n\nDecision:\nThat it be done.", "decision_maker",
     "Officer Delegated Decision"),
], ids=["a yes-no phrase below its question", "a role that reads as a label", "a record-kind phrase"])
def test_a_value_below_its_label_that_looks_like_a_label(lexicon, text, field, value):
    assert values(text, lexicon)[field] == value


def test_unlabelled_decision_then_its_reasons(lexicon):
    v = values("That the Land Disposal Policy be approved.\n\nTo adopt a formal policy so that disposals follow "
               "the law.", lexicon)
    assert v["decision"] == "That the Land Disposal Policy be approved."
    assert v["reasons"] == "To adopt a formal policy so that disposals follow the law."


def test_a_recommendation_lead_in_is_no_label(lexicon):
    v = values("Issue - decisions\n\nCouncil tax reduction scheme\n\n09/12/2021 - Council Tax Reduction Scheme 2022/23"
               "\n\nRecommended to Full Council (Budget and policy framework):\n\n(1) To recommend the revised scheme."
               "\n\n(2) That the hardship scheme continues.", lexicon)
    assert v["decision"] == ("Recommended to Full Council (Budget and policy framework):\n(1) To recommend the revised "
                             "scheme.\n(2) That the hardship scheme continues.")


@pytest.mark.parametrize("text, expected", [
    ("Alternative options considered and rejected:\n\nNone.\n\nA full consultation was carried out in May 2024",
     {"alternatives_considered": "None.", "consultation": "A full consultation was carried out in May 2024"}),
    ("Issue details\n\nLibrary hours\n\nDecision due: 4 Mar 2025 by Cabinet\n\n"
     "Internal consultation via Cabinet as detailed in the reports", {
        "consultation": "Internal consultation via Cabinet as detailed in the reports"}),
], ids=["below another section", "in a forward plan's entry"])
def test_a_consultation_sentence_is_the_consultation(lexicon, text, expected):
    v = values(text, lexicon)
    assert {k: v.get(k) for k in expected} == expected


def test_heading_patterns(lexicon):
    v = values("WESTFORD BOROUGH COUNCIL\n\nRECORD OF DECISION OF THE CABINET\n\nDecision Made: 2 March 2020", lexicon)
    assert v["authority"] == "WESTFORD BOROUGH COUNCIL"
    assert v["decision_maker"] == "CABINET"
    assert v["document_type"] == "record_of_decision"


def test_wrapped_heading_value_runs_on(lexicon):
    v = values("Decision of Executive Councillor for Finance\nand Resources\ni.\nApproved\nthe recommendation", lexicon)
    assert v["decision_maker"] == "Executive Councillor for Finance and Resources"
    assert v["decision"] == "i. Approved the recommendation"


def test_two_line_label_with_aside(lexicon):
    text = ("Conflicts of Interest Declared by the Executive Councillor\n(and any Dispensations Granted)\n"
            "No conflicts of interest\nwere declared.")
    doc, segs = sections(text, lexicon)
    assert len(segs) == 1 and segs[0].field == "declarations_of_interest"
    assert values(text, lexicon)["declarations_of_interest"] == "No conflicts of interest were declared."


def test_unknown_labels_outside_fields_become_other_sections(lexicon):
    text = "Status:\nDecision Confirmed\nRating:\nInclude Item on Forward Plan:\nNo\nDecision Maker:\nKim Balls"
    doc, segs = sections(text, lexicon)
    assemble = assemble_notice(doc, segs, lexicon)
    assert assemble.values["decision_maker"] == "Kim Balls"
    assert [(u.heading, u.text) for u in assemble.other_sections] == [
        ("Rating", ""), ("Include Item on Forward Plan", "No")]


def test_call_in_instruction_sentence(lexicon):
    text = "Background Papers\n\nNone\n\nShould you wish to call it in, please write to us by: **25 May 2011**"
    v = values(text, lexicon)
    assert v["background_papers"] == "None"
    assert str(v["call_in_deadline"]) == "2011-05-25" and v["subject_to_call_in"] is True


def test_every_line_is_in_exactly_one_segment(lexicon):
    text = (SAMPLES / "s000.txt").read_text(encoding="utf-8")
    doc, segs = sections(text, lexicon)
    seen = [i for s in segs for i in s.lines]
    assert len(seen) == len(set(seen))
    nonblank = {i for i, l in enumerate(doc.lines) if doc.text[l.content_start:l.end].strip()}
    assert set(seen) == nonblank


def test_an_unknown_title_case_label_alone_opens_its_own_section(lexicon):
    doc, segs = sections("Purpose:\nTo adopt the plan.\n\nContent Summary:\nTen years of work.\n", lexicon)
    v = assemble_notice(doc, segs, lexicon)
    assert v.values["purpose"] == "To adopt the plan."
    assert [(u.heading, u.text) for u in v.other_sections] == [("Content Summary", "Ten years of work.")]
    text = "Decision:\nThat:\n1) the room be used; and\n2) it be reviewed.\n"
    assert values(text, lexicon)["decision"] == "That:\n1) the room be used; and\n2) it be reviewed."


@pytest.mark.parametrize("footer", ["Page 1", "Page 1.", "Page1", "page 2 of 3", "Page 2/3;"])
def test_page_numbers_are_chrome_even_with_ocr_specks(footer):
    from extractor import extract

    text = f"Decision Maker: Cabinet\nDate of decision: 13/06/2012\nAccompanying Documents\n\n{footer}\n"
    notice = extract(text.encode(), filename="n.txt").notices[0]
    assert notice.accompanying_documents == [] and footer in [o.text for o in notice.other_sections]


def test_a_line_the_sentence_above_runs_into_is_no_heading():
    from extractor import extract

    text = ("Decision Maker: Cabinet\nDecision\nTo approve the programme as set out in\nAppendix A.\n"
            "Reasons for decision\nThe roads are in poor condition.\n")
    notice = extract(text.encode(), filename="n.txt").notices[0]
    assert notice.decision == "To approve the programme as set out in Appendix A."
    assert notice.accompanying_documents == []


def test_a_record_heading_followed_by_a_dash_is_a_running_head():
    from extractor import extract

    text = ("Record of decision - published under the Executive Arrangements Regulations\n"
            "PORTFOLIO HOLDER DECISION NOTICE\nDecision Maker: Cabinet Member for Housing\n")
    notice = extract(text.encode(), filename="n.txt").notices[0]
    assert notice.document_type == "cabinet_member_decision"


def test_a_one_word_value_does_not_run_into_the_next_label():
    from extractor import extract

    text = "Decision Maker: Cabinet\nIs subject to call in\nNo\nPurpose\n\nTo reinstate services.\n"
    notice = extract(text.encode(), filename="n.txt").notices[0]
    assert notice.subject_to_call_in is False and notice.purpose == "To reinstate services."


def test_a_wrapped_value_ending_in_a_label_word_runs_on(lexicon):
    """A value the layout wrapped so that its last word stands alone on the next line, a word the
    lexicon knows as a label ("... Environment and Transport" / "Committee"): the value runs on, and
    the label below it keeps its own value."""
    import dataclasses

    text = ("Made at meeting: 21/07/2022 - Environment, Climate Emergency and Transport\nCommittee\n\n"
            "Decision published: 22/07/2022\n\nDecision:\nThat the grant be accepted.")
    document = read_text(text.encode())
    lines = list(document.lines)
    lines[0] = lines[0]._replace(hints=lines[0].hints | {"wrapped"})  # as a PDF's layout says
    document = dataclasses.replace(document, lines=tuple(lines))
    notice = assemble_notice(document, find_sections(document, lexicon), lexicon)
    assert notice.values["decision_maker"] == "Environment, Climate Emergency and Transport Committee"
    assert notice.values["publication_date"].isoformat() == "2022-07-22"
