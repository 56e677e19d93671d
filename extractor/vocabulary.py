"""The vocabulary (data/words.toml): cue words and patterns the readers, the segmenter and the
assembler read text by, validated key by key and compiled once.

Apart from the label lexicon (`lexicon.py`, labels.toml) because it is another file with
another job: labels say what a section is, these words say how its text reads (months, yes/no
words, decision openers, page chrome). A misspelt key is refused at load (`validate_words`), so
a cue never switches itself off by falling back to matching nothing.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .date_patterns import DateScan, date_scan
from .label_keys import normalise_label
from .pattern_text import ignores_case_throughout, joined_alternation

NEVER = "(?!)"  # the regex of an optional cue words.toml leaves out: it matches nothing


class LexiconError(ValueError):
    """The data files are inconsistent (unknown field, one label claimed twice, bad regex)."""


@dataclass(frozen=True, slots=True)
class Words:
    """words.toml compiled: what each cue is, as the code reads it (`compile_words`)."""

    months: dict[str, int]
    weekdays: frozenset[str]
    true_words: frozenset[str]
    false_words: frozenset[str]
    ticked_boxes: str  # glyphs of a ticked form box, and of an empty one
    empty_boxes: str
    key_false: Any
    key_true: Any
    key_category_true: Any
    key_category_false: Any
    empty_values: tuple[Any, ...]
    document_size: Any
    document_file: Any  # a line that is a file's name ("Grant Consent (signed).pdf")
    email_labels: tuple[str, ...]
    phone_labels: tuple[str, ...]
    role_words: Any
    contact_line: Any  # a line of a contact block: "Email:", "Tel. No:", "Fax:"
    decision_openers: tuple[str, ...]
    reasons_openers: tuple[str, ...]
    alternatives_openers: tuple[str, ...]
    reasons_after_decision: tuple[str, ...]
    reasons_cue: Any  # a sentence that gives a reason wherever its words stand ("... was needed because ...")
    decision_narrative: Any
    decision_lead_in: Any
    minutes_cue: Any
    meeting_closed: Any
    minute_text_labels: frozenset[str]
    title_link_note: Any
    signature_labels: frozenset[str]
    reference_labels: frozenset[str]
    lead_in_words: frozenset[str]
    declarations_cue: Any
    decision_taken: Any
    paragraph_openers: Any
    report_heading: Any
    signer_role: Any
    agenda_openers: tuple[str, ...]
    minute_resolution: Any
    marker_values: dict[str, str]  # a record-kind heading's document type -> the field of a value on its line
    consultation_cue: Any
    not_a_status: Any
    call_in_note: Any
    call_in_procedure: Any
    site_text: Any
    sign_off: Any
    notice_statement: Any
    list_item: Any
    chrome: Any
    chrome_list_items: frozenset[str]
    chrome_lines: frozenset[str]
    joining_words: frozenset[str]
    hyphen_prefixes: frozenset[str]
    officer_maker: Any
    member_maker: Any
    officer_values: frozenset[str]
    decision_details_labels: frozenset[str]
    table_columns: dict[str, str]  # a table's column name (normalised) -> the field of its cells
    table_link: Any  # a table cell that is a link's words ("Supporting Document", "Download")
    other_document_heading: Any  # "PLAN OF KEY DECISIONS", "Paper 1": a paper that records no decision
    proposed_heading: Any  # "PROPOSED RECORD OF DECISION": a decision not taken yet, so no decision date
    # Facts about the cues above, worked out whenever a `Words` is made (also by
    # `dataclasses.replace`, so they never go stale): read for every value and paragraph.
    empty_values_joined: Any = field(init=False, repr=False, compare=False)  # `empty_values` as one alternation, or None
    narrative_caseless: bool = field(init=False, repr=False, compare=False)  # `decision_narrative` ignores case throughout
    dates: DateScan = field(init=False, repr=False, compare=False)  # the date patterns of `months` and `weekdays`

    def __post_init__(self) -> None:
        object.__setattr__(self, "empty_values_joined", joined_alternation(self.empty_values))
        object.__setattr__(self, "narrative_caseless", ignores_case_throughout(self.decision_narrative))
        object.__setattr__(self, "dates", date_scan(tuple(self.months), tuple(self.weekdays)))


# The keys words.toml may hold: section -> (keys it must have, keys it may have). A key of neither
# kind is refused at load (a misspelt cue would otherwise read as absent and switch itself off);
# `_WordsData` lets the loader read no other key. [months] maps month names to numbers: its keys are data.
WORDS_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "months": (frozenset(), frozenset()),
    "weekdays": (frozenset({"names"}), frozenset()),
    "booleans": (frozenset({"true", "false"}), frozenset({"ticked_boxes", "empty_boxes"})),
    "key_decision_in_title": (frozenset({"false", "true"}), frozenset({"category_true", "category_false"})),
    "values": (frozenset({"empty", "document_size", "document_size_plain"}),
               frozenset({"document_links", "not_a_status", "document_file"})),
    "contact": (frozenset({"email_labels", "phone_labels"}), frozenset({"other_contact_labels", "role_words"})),
    "unlabelled": (frozenset({"decision_openers", "reasons_openers", "call_in_note", "list_item", "chrome",
                              "chrome_list_items", "chrome_lines"}),
                   frozenset({"alternatives_openers", "agenda_openers", "reasons_after_decision", "lead_in_words", "declarations_cue",
                              "consultation_cue", "decision_narrative", "decision_lead_in", "minutes_cue",
                              "meeting_closed", "minute_text_labels", "title_link_note", "signature_labels",
                              "reference_labels", "site_text", "sign_off", "notice_statement", "call_in_procedure",
                              "other_document_heading", "proposed_heading", "decision_taken", "minute_resolution",
                              "paragraph_openers", "report_heading", "signer_role", "reasons_cue"})),
    "wrap": (frozenset({"joining_words"}), frozenset({"hyphen_prefixes"})),
    "document_type": (frozenset({"officer_maker", "member_maker", "officer_values", "decision_details_labels"}),
                      frozenset({"marker_values"})),
    "tables": (frozenset(), frozenset({"columns", "link"})),
}
OPTIONAL_WORDS_SECTIONS = frozenset({"tables"})
FREE_WORDS_SECTIONS = frozenset({"months"})


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def validate_words(data: dict[str, Any]) -> None:
    """Raise `LexiconError` naming the first section or key of words.toml that is unknown or
    missing (`WORDS_KEYS`).

    >>> validate_words({**load_words_data(), "unlabelled": {**load_words_data()["unlabelled"], "sign_of": "x"}})
    Traceback (most recent call last):
    ...
    extractor.vocabulary.LexiconError: words.toml: unknown key 'sign_of' in [unlabelled] (did you mean 'sign_off'?)
    """
    for section, table in data.items():
        if section not in WORDS_KEYS:
            raise LexiconError(f"words.toml: unknown section [{section}]{_did_you_mean(section, WORDS_KEYS)}")
        if not isinstance(table, dict):
            raise LexiconError(f"words.toml: [{section}] must be a table")
        if section in FREE_WORDS_SECTIONS:
            continue
        required, optional = WORDS_KEYS[section]
        for key in table:
            if key not in required and key not in optional:
                raise LexiconError(f"words.toml: unknown key {key!r} in [{section}]"
                                   f"{_did_you_mean(key, required | optional)}")
        for key in sorted(required - table.keys()):
            raise LexiconError(f"words.toml: [{section}] lacks the key {key!r}")
    for section in sorted(WORDS_KEYS.keys() - data.keys() - OPTIONAL_WORDS_SECTIONS):
        raise LexiconError(f"words.toml: the section [{section}] is missing")


class _WordsData:
    """words.toml's data, read only by the keys `WORDS_KEYS` declares (validated first)."""

    def __init__(self, data: dict[str, Any]):
        validate_words(data)
        self.data = data

    def need(self, section: str, key: str) -> Any:
        if key not in WORDS_KEYS[section][0]:
            raise LexiconError(f"the loader reads [{section}] {key!r}, which WORDS_KEYS does not require")
        return self.data[section][key]

    def get(self, section: str, key: str, default: Any) -> Any:
        if key not in WORDS_KEYS[section][1]:
            raise LexiconError(f"the loader reads [{section}] {key!r}, which WORDS_KEYS does not allow as optional")
        return self.data.get(section, {}).get(key, default)


def compile_words(raw: dict[str, Any]) -> Words:
    """words.toml's data, validated (`WORDS_KEYS`), as the `Words` the code reads: cues
    compiled, word lists as sets, labels normalised."""
    flags = regex.IGNORECASE
    data = _WordsData(raw)
    need, get = data.need, data.get

    def cue(key: str) -> Any:  # an optional regex of [unlabelled]: absent, it matches nothing
        return regex.compile(get("unlabelled", key, NEVER), flags)

    def labels(key: str) -> frozenset[str]:  # an optional list of [unlabelled] labels, normalised
        return frozenset(normalise_label(x) for x in get("unlabelled", key, []))

    document_links = get("values", "document_links", None)
    role_words = get("contact", "role_words", [])
    contact_labels = [*need("contact", "email_labels"), *need("contact", "phone_labels"),
                      *get("contact", "other_contact_labels", [])]
    return Words(
        months=dict(raw["months"]),
        weekdays=frozenset(need("weekdays", "names")),
        true_words=frozenset(need("booleans", "true")),
        false_words=frozenset(need("booleans", "false")),
        ticked_boxes=get("booleans", "ticked_boxes", ""),
        empty_boxes=get("booleans", "empty_boxes", ""),
        key_false=regex.compile(need("key_decision_in_title", "false"), flags),
        key_true=regex.compile(need("key_decision_in_title", "true"), flags),
        key_category_true=regex.compile(get("key_decision_in_title", "category_true", NEVER), flags),
        key_category_false=regex.compile(get("key_decision_in_title", "category_false", NEVER), flags),
        empty_values=tuple(regex.compile(p, flags) for p in need("values", "empty")),
        document_size=regex.compile(f"(?:{need('values', 'document_size')})|(?:{need('values', 'document_size_plain')})"
                                    + (f"|(?:{document_links})" if document_links is not None else ""), flags),
        document_file=regex.compile(get("values", "document_file", NEVER), flags),
        email_labels=tuple(need("contact", "email_labels")),
        phone_labels=tuple(need("contact", "phone_labels")),
        contact_line=regex.compile(
            r"^(?:" + "|".join(regex.escape(x) for x in sorted(contact_labels, key=len, reverse=True))
            + r")\b\.?\s*(?:no\.?|number)?\s*:", flags),
        role_words=regex.compile(r"\b(?:" + "|".join(regex.escape(w) for w in role_words)
                                 + r")\b" if role_words else NEVER, flags),
        decision_openers=tuple(need("unlabelled", "decision_openers")),
        reasons_openers=tuple(need("unlabelled", "reasons_openers")),
        alternatives_openers=tuple(get("unlabelled", "alternatives_openers", [])),
        agenda_openers=tuple(get("unlabelled", "agenda_openers", [])),
        reasons_after_decision=tuple(get("unlabelled", "reasons_after_decision", [])),
        reasons_cue=cue("reasons_cue"),
        lead_in_words=frozenset(get("unlabelled", "lead_in_words", [])),
        declarations_cue=cue("declarations_cue"),
        consultation_cue=cue("consultation_cue"),
        not_a_status=regex.compile(get("values", "not_a_status", NEVER), flags),
        decision_narrative=regex.compile("|".join(f"(?:{p})" for p in get("unlabelled", "decision_narrative", []))
                                         or NEVER, flags),
        decision_lead_in=cue("decision_lead_in"),
        decision_taken=cue("decision_taken"),
        paragraph_openers=cue("paragraph_openers"),
        report_heading=cue("report_heading"),
        signer_role=cue("signer_role"),
        minutes_cue=cue("minutes_cue"),
        minute_resolution=cue("minute_resolution"),
        meeting_closed=cue("meeting_closed"),
        minute_text_labels=labels("minute_text_labels"),
        title_link_note=cue("title_link_note"),
        signature_labels=labels("signature_labels"),
        reference_labels=labels("reference_labels"),
        call_in_note=regex.compile(need("unlabelled", "call_in_note"), flags),
        site_text=cue("site_text"),
        sign_off=cue("sign_off"),
        notice_statement=cue("notice_statement"),
        call_in_procedure=regex.compile(get("unlabelled", "call_in_procedure", NEVER), flags | regex.DOTALL),
        list_item=regex.compile(need("unlabelled", "list_item"), flags),
        chrome=regex.compile("|".join(f"(?:{p})" for p in need("unlabelled", "chrome")) or NEVER, flags),
        chrome_list_items=frozenset(need("unlabelled", "chrome_list_items")),
        chrome_lines=frozenset(need("unlabelled", "chrome_lines")),
        joining_words=frozenset(need("wrap", "joining_words")),
        hyphen_prefixes=frozenset(get("wrap", "hyphen_prefixes", [])),
        officer_maker=regex.compile(need("document_type", "officer_maker"), flags),
        member_maker=regex.compile(need("document_type", "member_maker"), flags),
        officer_values=frozenset(need("document_type", "officer_values")),
        decision_details_labels=frozenset(normalise_label(x) for x in need("document_type", "decision_details_labels")),
        marker_values=dict(get("document_type", "marker_values", {})),
        table_columns={normalise_label(name): field for field, names in get("tables", "columns", {}).items()
                       for name in names},
        other_document_heading=cue("other_document_heading"),
        proposed_heading=cue("proposed_heading"),
        table_link=regex.compile(get("tables", "link", NEVER), flags),
    )


def load_words_data() -> dict[str, Any]:
    """The bundled words.toml, as its TOML data (validated when a `Lexicon` is built from it)."""
    words_file = resources.files("extractor") / "data" / "words.toml"
    return tomllib.loads(words_file.read_text(encoding="utf-8"))
