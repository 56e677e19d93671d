"""One place for each piece of knowledge (issue 17): whether a notice needs review is decided by
one rule (`confidence.needs_review`: the notice's confidence below the run's threshold), called by
assembly and by records.py (with the run's --review-below), and code the package no longer uses
is gone. The examples run through the whole pipeline, so they pin the behaviour; the
source checks keep a second decision from creeping back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from extractor import extract

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

CLEAN = b"Title: Cafe rents\nDecision maker: Cabinet\nDecision: Approved as set out\nDate of decision: 13/06/2012"
REVIEW = [
    ("clean-notice", CLEAN, "n.txt", False, []),
    # a value missing is no doubt about the values found: it warns, and needs no review
    ("missing-decider", b"Title: Cafe rents\nDecision: Approved\nDate of decision: 13/06/2012", "n.txt", False,
     ["missing_decision_maker"]),
    # neither a decision, a decider nor a date: odds and ends only
    ("incomplete", b"Title: Cafe rents\nWards affected: Abbey", "n.txt", True,
     ["missing_decision", "missing_decision_maker", "missing_date"]),
    ("conflict", CLEAN + b"\nDecision maker: Council", "n.txt", True, ["conflicting_values"]),
    ("unparsed-date", CLEAN.replace(b"13/06/2012", b"the first of May"), "n.txt", True,
     ["unparsed_date", "missing_date"]),
    ("encoding-guessed", CLEAN.replace(b"Cafe", b"Caf\xe9").replace(b"as set", b"\x93as set\x94"), "n.txt", True, []),
    ("not-a-notice", b"Welcome to our website\nClick here for the agenda\nContact us", "n.txt", True, ["not_a_notice"]),
    ("no-text-layer", (FIXTURES / "bad" / "scan.pdf").read_bytes(), "scan.pdf", True, ["no_text_layer"]),
]


@pytest.mark.parametrize("data, name, review, codes", [r[1:] for r in REVIEW], ids=[r[0] for r in REVIEW])
def test_needs_review_follows_the_one_rule(data, name, review, codes):
    """Confidence below 0.75: a conflict, an unparsed value, a guessed encoding (a wrong guess
    corrupts every value), no notice, no text; not a value merely missing."""
    result = extract(data, filename=name, ocr="never")
    notice = result.notices[0]
    assert [w.code for w in notice.warnings] == codes
    assert notice.needs_review is review


def _assigns_needs_review(path: Path) -> bool:
    """Whether a module sets a notice's needs_review (``x["needs_review"] = ...``, a
    ``needs_review=`` keyword with a computed value, or a dict key)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == "needs_review"
                for t in node.targets):
            return True
        if isinstance(node, ast.keyword) and node.arg == "needs_review" and not isinstance(node.value, ast.Constant):
            return True
    return False


def test_needs_review_is_decided_in_assembly_only():
    deciders = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                      if _assigns_needs_review(p))
    # assemble.py and records.py both call the one rule (records.py with the run's threshold);
    # review/apply.py is the review desk's own rule (a person's corrections and their "reviewed"
    # mark), not the extraction's; templates/mark.py adds a template_disagrees warning after
    # assembly, caps the value's and the notice's confidence and applies the one rule to it.
    assert deciders == ["assemble.py", "records.py", "review/apply.py", "templates/mark.py"]
    records = (PACKAGE / "records.py").read_text(encoding="utf-8")
    assert 'notice["needs_review"] = needs_review(assembled.confidence, review_below, load_confidence())' in records
    assemble = (PACKAGE / "assemble.py").read_text(encoding="utf-8")
    assert "needs_review=needs_review(confidence, None, load_confidence())" in assemble


DEAD = [
    ("errors.py", "class UsageError"),
    ("document.py", "def line_text"),
    ("readers/pdfium.py", "X_TOLERANCE"),
    ("runs/supervise.py", "inline_single"),
    ("pipeline.py", "MAX_BYTES = "),
]


@pytest.mark.parametrize("module, code", DEAD, ids=["UsageError", "line_text", "X_TOLERANCE", "inline_single",
                                                    "pipeline-MAX_BYTES"])
def test_dead_code_is_gone(module, code):
    assert code not in (PACKAGE / module).read_text(encoding="utf-8")


VIEWS = [
    ("DATE_FIELDS", ("decision_date", "publication_date", "effective_from", "call_in_deadline",
                     "representations_deadline")),
    ("CORE_FIELDS", ("title", "decision_maker", "decision", "decision_date")),
    ("SHARED_FIELDS", ("authority", "document_type", "decision_maker", "subject_to_call_in",
                       "declarations_of_interest", "contact", "decision_date", "publication_date", "effective_from",
                       "call_in_deadline")),
    ("INCIDENTAL_FIELDS", frozenset({"declarations_of_interest", "accompanying_documents", "contact", "authority",
                                     "background_papers", "wards_affected", "category", "report_author"})),
    ("EXACT_FIELDS", frozenset({"is_key_decision", "subject_to_call_in", "decision_date", "publication_date",
                                "effective_from", "call_in_deadline", "representations_deadline", "document_type"})),
    ("FIELD_SHAPES", {"is_key_decision": "bool", "subject_to_call_in": "bool", "contact": "contact",
                      "decision_date": "date", "publication_date": "date", "effective_from": "date",
                      "call_in_deadline": "date", "representations_deadline": "date",
                      "accompanying_documents": "list"}),
    ("DEFAULTS", {"document_type": "other", "accompanying_documents": []}),
]


@pytest.mark.parametrize("name, expected", VIEWS, ids=[v[0] for v in VIEWS])
def test_what_a_field_is_comes_from_the_one_field_table(name, expected):
    """Each view the stages use is read off extractor/fields.py's table (these were the lists
    written out in lexicon, assembly, records and evaluate before)."""
    from extractor import fields

    assert getattr(fields, name) == expected


def test_the_csv_columns_follow_the_field_table():
    from extractor.fields import VALUE_FIELDS
    from extractor.models import Notice
    from extractor.output import CSV_COLUMNS

    assert CSV_COLUMNS == (
        "source_path", "source_sha256", "source_format", "notice_index", "title", "authority", "document_type",
        "decision_maker", "decision_status", "is_key_decision", "subject_to_call_in", "purpose", "decision",
        "reasons", "alternatives_considered", "category", "wards_affected", "consultation",
        "declarations_of_interest", "contact_name", "contact_role", "contact_email", "contact_phone",
        "report_author", "decision_date", "publication_date", "effective_from", "call_in_deadline",
        "representations_deadline", "background_papers", "accompanying_documents", "confidence", "needs_review",
        "warning_codes", "error_code")
    assert tuple(Notice.model_fields)[: len(VALUE_FIELDS)] == VALUE_FIELDS


def test_no_stage_writes_its_own_field_list():
    """A module naming five or more value fields in one literal is keeping its own copy."""
    from extractor.fields import VALUE_FIELDS

    names = set(VALUE_FIELDS)
    copies = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("fields.py", "models.py"):  # the table, and the contract's declaration
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                found = [e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in names]
                if len(found) >= 5:
                    copies.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert copies == []


@pytest.mark.parametrize("module", ["assemble.py", "segment.py", "split.py"])
def test_mostly_upper_case_is_one_rule(module):
    """What "mostly upper case" means (share, fewest letters) is normalise.mostly_upper's."""
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert ".isupper() for" not in source


def test_the_readme_names_every_module():
    """The README's "How it works" is the map of the package: a module it does not name is one a
    newcomer cannot find."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("## How it works")
    section = readme[start: readme.index("\n## ", start + 1)]
    missing = [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
               if p.name not in ("__main__.py", "_version.py") and not (p.name == "__init__.py" and p.parent == PACKAGE)
               and f"`{p.name}`" not in section]
    assert missing == []
