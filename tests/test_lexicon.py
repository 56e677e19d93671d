"""The lexicon: every label variant in FIELDS.md (and the generalisations) maps to its field."""

import pytest

from extractor.lexicon import Lexicon, LexiconError, line_value, load_lexicon, normalise_label

# (printed label line, field it means). A new council's label goes here with its field.
FIELD_LABELS = [
    ("Subject of Decision :-Minor Review", "title"),
    ("Title:", "title"),
    ("Decision Maker:", "decision_maker"),
    ("Decision Maker :-Cabinet", "decision_maker"),
    ("Decision taker: Head of Finance", "decision_maker"),
    ("Decision made by: Leader", "decision_maker"),
    ("DECISION MAKER", "decision_maker"),
    ("Portfolio holder: Councillor A", "decision_maker"),
    ("Decision status: Recommendations Approved", "decision_status"),
    ("Status:", "decision_status"),
    ("Is Key decision?: Yes", "is_key_decision"),
    ("Is a Key Decision:", "is_key_decision"),
    ("Key decision? No", "is_key_decision"),
    ("Is subject to call in?: Yes", "subject_to_call_in"),
    ("Subject to Call-in :-Yes", "subject_to_call_in"),
    ("Purpose:", "purpose"),
    ("Issue for Decision", "purpose"),
    ("Details:", "purpose"),
    ("Decision:", "decision"),
    ("Decisions:", "decision"),
    ("Decision :-(a) That", "decision"),
    ("Decision Conclusion:", "decision"),
    ("Decision Proposed:", "decision"),
    ("Decision taken", "decision"),
    ("Reasons for the decision:", "reasons"),
    ("Reason for Decision :-Having considered", "reasons"),
    ("Reasons for Decision", "reasons"),
    ("Reason for decision", "reasons"),
    ("Reason for the Decision", "reasons"),
    ("Reason(s) for decision:", "reasons"),
    ("Reasons for recommendations", "reasons"),
    ("Reason - To provide services.", "reasons"),
    ("Reason", "reasons"),
    ("Alternative options considered:", "alternatives_considered"),
    ("Alternative Options Considered :-Not to", "alternatives_considered"),
    ("Alternatives considered and why rejected", "alternatives_considered"),
    ("Alternative options considered (and rejected):", "alternatives_considered"),
    ("Any Alternative Options Considered and Rejected", "alternatives_considered"),
    ("Decision Options:", "alternatives_considered"),
    ("Reason Key: Policies, Plans, Strategies;", "category"),
    ("Wards affected: (All Wards);", "wards_affected"),
    ("Wards", "wards_affected"),
    ("Other reasons / organisations consulted", "consultation"),
    ("Consultees", "consultation"),
    ("Consultation process", "consultation"),
    ("Consultation with Ward Member:", "consultation"),
    ("Conflicts of Interest Declared by the Executive Councillor", "declarations_of_interest"),
    ("Conflicts of Interest Delared (and Dispensations Granted by the Monitoring Officer) :-None",
     "declarations_of_interest"),
    ("Details of any conflict of interest:", "declarations_of_interest"),
    ("Dispensation granted:", "declarations_of_interest"),
    ("Contact: David Lindsay", "contact"),
    ("Contact Officer :-Colin Sweeney", "contact"),
    ("Contact for Background Papers:", "contact"),
    ("Report author: David Lindsay", "report_author"),
    ("Date of decision: 13/06/2012", "decision_date"),
    ("Date :-2013/12/13", "decision_date"),
    ("Publication date: 15/06/2012", "publication_date"),
    ("Effective from: 23/06/2012", "effective_from"),
    ("Decision to Take Effect at end of :-2013/12/23", "effective_from"),
    ("Implementation Date (not before):", "effective_from"),
    ("Call-in expiry date: 20 June 2012", "call_in_deadline"),
    ("Representations should be made by: 31st March 2012", "representations_deadline"),
    ("Background Papers", "background_papers"),
    ("Background Papers:", "background_papers"),
    ("Accompanying Documents:", "accompanying_documents"),
    ("Attachments :-Reference (28K/bytes)", "accompanying_documents"),
    ("Documents", "accompanying_documents"),
    ("Desicion Maker: Cabinet", "decision_maker"),  # a typo in a long word
    ("Decision Maker; Cabinet", "decision_maker"),  # OCR: ";" for ":"
    ("Date of decision; 13/06/2012", "decision_date"),
    ("-Other reasons / organisations consulted", "consultation"),  # OCR: a speck before the label
    ("3. Decision", "decision"),  # numbered section headings
    ("4) Reasons for decision", "reasons"),
    ("2.1 Portfolio Holder", "decision_maker"),
    ("Summary of Decision", "decision"),
    (".Decision Maker: Cabinet", "decision_maker"),
    ("The reasons are: To support local businesses", "reasons"),  # a label that opens a sentence
    ("Options considered and rejected are: None", "alternatives_considered"),
    ("Decision Papers/Reason for Restricted", "accompanying_documents"),  # either name of two
]


@pytest.mark.parametrize("line, field", FIELD_LABELS, ids=[c[0][:40] for c in FIELD_LABELS])
def test_label_variants_map_to_their_field(lexicon, line, field):
    match = lexicon.match_line(line)
    assert match is not None and match.entry.kind == "field"
    assert match.entry.field == field


NOT_FIELDS = [
    ("Lead member: Councillor Les Wicks", "other"),
    ("Lead director: Rose Collinson", "other"),
    ("Lead officer: Jo Bloggs", "other"),  # who led the work, not the notice's contact
    ("Department: Planning", "other"),
    ("ACTION BY: Director of Culture", "other"),
    ("Reference Number :-2367", "other"),
    ("Notice of proposed decision first published: 16/12/2019", "other"),
    ("Decision due: 11 February 2020 by Cabinet", "fallback"),
    ("Decided at meeting: 03/12/2024 - Cabinet", "fallback"),
    ("Decided: 13/06/2012 - Cabinet.", "fallback"),
    ("Decision Made: 18 May 2011", "by_value"),
    ("Decision type: Key", "by_value"),
    ("Decision details", "marker"),
    ("Portfolio Holder Decision Notice", "marker"),  # a marker with a record's word after it
    ("Delegated Officer Decision Record", "marker"),
    ("Issue - decisions", "marker"),
]


@pytest.mark.parametrize("line, kind", NOT_FIELDS, ids=[c[0][:40] for c in NOT_FIELDS])
def test_labels_that_are_not_plain_fields(lexicon, line, kind):
    match = lexicon.match_line(line)
    assert match is not None and match.entry.kind == kind


NOT_LABELS = [
    "Figure 1: MKIP ICT shared service governance model",
    "Mid Kent Improvement Partnership ICT shared service",
    "Note: the Cabinet thanked all participating officers",
    "No conflicts of interest",
    "The Cabinet resolved to:",
    "To achieve this, the council will continue to:",
    "Recommendation agreed.",
    "That the Information Strategy be agreed.",
    "Deputy Portfolio Holders",
    "Moving Training Forward - Minute No. 28/12(b)",
    "09/04/2024 - Use of Decanted Properties",
    "1. Decision making will be devolved to area boards",  # a numbered item, not a heading
    "2. Consultation: the council will consult residents",
]


@pytest.mark.parametrize("line", NOT_LABELS)
def test_headings_and_prose_are_not_labels(lexicon, line):
    assert lexicon.match_line(line) is None


@pytest.mark.parametrize("line, label, value", [
    ("Decision Maker; Cabinet", "Decision Maker", "Cabinet"),
    ("Is Key decision?; Yes", "Is Key decision", "Yes"),
    ("-Decision Maker: Cabinet", "Decision Maker", "Cabinet"),
])
def test_ocr_noise_around_labels(lexicon, line, label, value):
    match = lexicon.match_line(line)
    assert match.label == label and line_value(match, line) == value


# Lines whose exact reading finds no label: read approximately (asides, typos, numbered headings,
# none), the reading that skips the exact pass (`exact_failed`) must say what the full one says.
APPROXIMATE_ONLY = [
    pytest.param("Desicion Maker: Cabinet", id="mistyped label, inline value"),
    pytest.param("Conflicts of Interest Delared and Dispensations", id="a known label's prefix"),
    pytest.param("Decision Maker (Cabinet Member)", id="an aside in brackets"),
    pytest.param("4) Desicion Maker", id="numbered, mistyped"),
    pytest.param("the recommendation was agreed", id="prose in lower case"),
    *[pytest.param(line, id=f"not a label: {line[:30]}") for line in NOT_LABELS],
]


@pytest.mark.parametrize("line", APPROXIMATE_ONLY)
@pytest.mark.parametrize("lower_alone", [False, True], ids=["upper only", "lower alone"])
def test_the_approximate_reading_alone_matches_the_full_one(lexicon, line, lower_alone):
    assert lexicon.match_line(line, approximate=False, lower_alone=lower_alone) is None
    assert (lexicon.match_line(line, lower_alone=lower_alone, exact_failed=True)
            == lexicon.match_line(line, lower_alone=lower_alone))


def test_a_bullet_is_not_taken_for_a_speck(lexicon):
    assert lexicon.match_line("- Decision maker: x") is None


def test_inline_value_is_separated_from_label(lexicon):
    line = "Relevant Overview and Scrutiny Committee:: Children and Young People"
    match = lexicon.match_line(line)
    assert match.label == "Relevant Overview and Scrutiny Committee"
    assert line_value(match, line) == "Children and Young People"


@pytest.mark.parametrize(
    "label, key",
    [
        ("Reasons for the Decision:", "reason for decision"),
        ("REASON FOR DECISION", "reason for decision"),
        ("Reason(s) for decision", "reason for decision"),
        ("Is subject to call-in?", "is subject to call in"),
        ("Other reasons / organisations consulted", "other reason organisation consulted"),
        ("Health & Safety", "health and safety"),
        ("The source of funding is:", "source of funding"),
        ("Is key decision?", "is key decision"),
    ],
)
def test_normalise_label(label, key):
    assert normalise_label(label) == key


MINIMAL_WORDS = {
    "months": {"may": 5}, "weekdays": {"names": []}, "booleans": {"true": ["yes"], "false": ["no"]},
    "key_decision_in_title": {"false": "x^", "true": "x^"},
    "values": {"empty": [], "document_size": "x^"}, "contact": {"email_labels": [], "phone_labels": []},
    "unlabelled": {"decision_openers": [], "reasons_openers": [], "call_in_note": "x^", "list_item": "x^",
                   "chrome": [], "chrome_list_items": [], "chrome_lines": []},
    "wrap": {"joining_words": []},
    "document_type": {"officer_maker": "x^", "member_maker": "x^", "officer_values": [],
                      "decision_details_labels": []},
}


@pytest.mark.parametrize(
    "labels, message",
    [
        ({"fields": {"colour": {"labels": ["Colour"]}}}, "unknown field"),
        ({"fields": {"title": {"shape": "line", "labels": ["Title"]},
                     "purpose": {"shape": "block", "labels": ["TITLE:"]}}}, "listed twice"),
        ({"fields": {"decision_date": {"shape": "line", "labels": ["Date"]}}}, "must have shape"),
        ({"patterns": [{"name": "p", "regex": "(?P<colour>x)"}]}, "unknown field"),
        ({"patterns": [{"name": "p", "regex": "(unclosed"}]}, "pattern"),
        ({"fallbacks": {"Decided": "guess"}}, "unknown form"),
    ],
    ids=["unknown field", "duplicate label", "wrong shape", "pattern group", "bad regex", "fallback form"],
)
def test_inconsistent_data_is_refused(labels, message):
    with pytest.raises(LexiconError, match=message):
        Lexicon(labels, MINIMAL_WORDS)


# words.toml is validated at load: (change to the bundled data, what the error names)
def _words_with(section: str, key: str | None, value: object = "x") -> dict:
    from extractor.lexicon import load_words_data

    data = load_words_data()
    if key is None:
        data[section] = value
    else:
        data[section] = {**data.get(section, {}), key: value}
    return data


def _words_without(section: str, key: str | None) -> dict:
    from extractor.lexicon import load_words_data

    data = load_words_data()
    if key is None:
        del data[section]
    else:
        data[section] = {k: v for k, v in data[section].items() if k != key}
    return data


BAD_WORDS = [
    pytest.param(_words_with("unlabelled", "sign_of"), "unknown key 'sign_of' in \\[unlabelled\\] \\(did you mean 'sign_off'",
                 id="misspelt cue"),
    pytest.param(_words_with("unlabelled", "minutes_cues"), "unknown key 'minutes_cues'", id="plural cue"),
    pytest.param(_words_with("values", "not_a_stattus"), "unknown key 'not_a_stattus' in \\[values\\]",
                 id="misspelt value key"),
    pytest.param(_words_with("tables", "colums", {}), "unknown key 'colums' in \\[tables\\]", id="misspelt table key"),
    pytest.param(_words_with("unlabeled", None, {}), "unknown section \\[unlabeled\\] \\(did you mean 'unlabelled'",
                 id="misspelt section"),
    pytest.param(_words_without("unlabelled", "call_in_note"), "\\[unlabelled\\] lacks the key 'call_in_note'",
                 id="required key missing"),
    pytest.param(_words_without("wrap", None), "section \\[wrap\\] is missing", id="section missing"),
    pytest.param(_words_with("weekdays", None, ["monday"]), "\\[weekdays\\] must be a table", id="section not a table"),
]


@pytest.mark.parametrize("words, message", BAD_WORDS)
def test_words_keys_are_validated(words, message):
    with pytest.raises(LexiconError, match=message):
        Lexicon({}, words)


def test_every_words_key_the_loader_knows_is_in_the_bundled_file():
    """The loader reads only keys WORDS_KEYS declares (`_WordsData`); each of them is in the
    bundled words.toml, so no cue the code reads falls back to matching nothing."""
    from extractor.lexicon import WORDS_KEYS, load_words_data

    data = load_words_data()
    missing = [f"[{section}] {key}" for section, (required, optional) in WORDS_KEYS.items()
               for key in sorted(required | optional) if key not in data.get(section, {})]
    assert missing == []
    assert set(data) == set(WORDS_KEYS)


def test_a_copied_lexicon_looks_up_its_own_entries():
    """Lookups are kept per lexicon: a template's copy with a label of its own finds it even after
    the shared lexicon was asked (and answered no), and the shared one still answers no."""
    import copy

    from extractor.lexicon import LabelEntry, load_lexicon

    shared = load_lexicon()
    assert shared.lookup("Signatory officer") is None
    taught = copy.copy(shared)
    taught.entries = {**shared.entries, "signatory officer": LabelEntry("field", "decision_maker", "line")}
    assert taught.lookup("Signatory officer").field == "decision_maker"
    assert shared.lookup("Signatory officer") is None


# (label the template teaches, a word only it holds, the label mistyped, the field)
TAUGHT = [
    ("Signatory officer", "signatory", "Signatory oficer", "decision_maker"),
    ("Zebra crossing ruling", "zebra", "Zebra crossing rulling", "decision"),
]


@pytest.mark.parametrize("label,word,mistyped,field", TAUGHT, ids=[t[1] for t in TAUGHT])
def test_a_taught_lexicon_works_out_its_own_label_words_and_misspellings(label, word, mistyped, field):
    """A template's lexicon (`Lexicon.taught`) after the shared one was read: its label words
    hold the template's words (the table and bare-label readers pass over a line whose first
    word no label holds) and a mistyped template label is found; the shared lexicon keeps its own."""
    from extractor.lexicon import LabelEntry, load_lexicon, normalise_label

    shared = load_lexicon()
    assert word not in shared.label_words and shared.lookup(mistyped) is None  # (both worked out and kept)
    taught = shared.taught({**shared.entries, normalise_label(label): LabelEntry("field", field, "line")})
    assert word in taught.label_words
    assert taught.lookup(mistyped).field == field
    assert word not in shared.label_words and shared.lookup(mistyped) is None


def test_a_form_row_opening_with_a_taught_label_is_read_as_one():
    """A form flattened without separators: the row whose label only the template teaches (its
    first word no label of the shared lexicon holds) is a label and value row like the others."""
    from extractor.inline_labels import bare_label_rows
    from extractor.lexicon import LabelEntry, load_lexicon
    from extractor.readers.text import read_text

    document = read_text(b"Decision Title Sloane Street works\nImplementation Date 23 April 2019\n"
                         b"Decision Maker Cabinet Member for Highways\n"
                         b"Zebra crossing ruling Approve the new crossing on High Street\n")
    shared = load_lexicon()
    assert 3 not in bare_label_rows(document, shared)
    taught = shared.taught({**shared.entries, "zebra crossing ruling": LabelEntry("field", "decision", "block")})
    assert bare_label_rows(document, taught)[3] == len("Zebra crossing ruling ")


def test_a_taught_lexicon_takes_its_words():
    """The words a template teaches (its key categories) are the copy's; the shared one keeps its own."""
    import dataclasses

    from extractor.lexicon import load_lexicon

    shared = load_lexicon()
    words = dataclasses.replace(shared.words, table_columns={**shared.words.table_columns, "quokka ruling": "decision"})
    taught = shared.taught(dict(shared.entries), words)
    assert taught.words is words and "quokka" in taught.label_words
    assert shared.words is not words and "quokka" not in shared.label_words


GUESSES = [
    ("Is Callable In?", "subject_to_call_in"),
    ("Decision Outcome", "decision_status"),
    ("Other options considered and rejected by the Executive", "alternatives_considered"),
    ("Key decision", "is_key_decision"),
    ("Key points", None),  # a note about the record, no key decision
    ("Key risks", None),
    ("Approved authority to spend", None),  # "authority" starts with the report author's "author"
    ("Decision Number", None),
]


@pytest.mark.parametrize("label,field", GUESSES, ids=[g[0] for g in GUESSES])
def test_an_unknown_label_is_read_by_its_words(label, field):
    entry = load_lexicon().guess(label, max_words=12)
    assert (entry.field if entry is not None else None) == field


def test_a_long_label_is_guessed_only_when_the_caller_allows_it():
    label = "Details of any conflict of interest declared by the Leader or lead councillors and any dispensation granted"
    assert load_lexicon().guess(label) is None
    assert load_lexicon().guess(label, max_words=20).field == "declarations_of_interest"
