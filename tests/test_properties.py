"""Property tests: layout changes that must not change any field value.

Shuffling labelled sections, changing label case and punctuation, adding blank lines and
page furniture; and arbitrary text never raises anything but a coded error.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.errors import ExtractorError
from extractor.lexicon import load_lexicon
from extractor.readers.text import read_text
from extractor.segment import find_sections

# (label, value lines): a fully labelled notice, so that no value depends on position.
SECTIONS = [
    ("Title", ["Review of allotment rents"]),
    ("Decision Maker", ["Cabinet Member for Environment"]),
    ("Decision status", ["Recommendations Approved"]),
    ("Is Key decision", ["No"]),
    ("Is subject to call in", ["Yes"]),
    ("Purpose", ["To review the rents charged for council allotments."]),
    ("Decision", ["That allotment rents rise by 3% from 1 April 2023.", "That concessions continue."]),
    ("Reasons for the decision", ["Rents have not changed since 2019."]),
    ("Alternative options considered", ["A larger rise was rejected."]),
    ("Wards affected", ["All Wards"]),
    ("Contact", ["Jo Field, Parks Officer Email: jo.field@example.gov.uk"]),
    ("Report author", ["Jo Field"]),
    ("Publication date", ["15/02/2023"]),
    ("Date of decision", ["14/02/2023"]),
    ("Effective from", ["22/02/2023"]),
]
FIELDS = ("title", "decision_maker", "decision_status", "is_key_decision", "subject_to_call_in", "purpose",
          "decision", "reasons", "alternatives_considered", "wards_affected", "contact", "report_author",
          "publication_date", "decision_date", "effective_from")


def render(order, cases, separators, blanks, furniture):
    """The notice with its sections in ``order``, each label cased and separated as asked."""
    lines = []
    for n, index in enumerate(order):
        label, values = SECTIONS[index]
        label = {"upper": label.upper(), "lower": label.lower(), "title": label.title(), "same": label}[cases[n]]
        sep = separators[n]
        if len(values) == 1 and sep != "alone":
            lines.append(f"{label}{sep} {values[0]}")
        else:
            lines.append(label if sep == "alone" else f"{label}{sep}")
            lines.extend([""] * (blanks[n] - 1))
            lines.extend(values)
        lines.extend([""] * blanks[n])
        if furniture[n]:
            lines.extend([f"Page {n + 1} of {len(order)}", ""])
    return "\n".join(lines)


def values_of(text):
    notice = extract(text.encode("utf-8"), filename="notice.txt").notices[0].model_dump(mode="json")
    return {f: notice[f] for f in FIELDS}


BASELINE = None


def baseline():
    global BASELINE
    if BASELINE is None:
        n = len(SECTIONS)
        BASELINE = values_of(render(range(n), ["same"] * n, [":"] * n, [1] * n, [False] * n))
    return BASELINE


def test_baseline_reads_every_field():
    assert all(v is not None for v in baseline().values()), baseline()


def test_a_rendered_variant_looks_as_intended():
    text = render([1, 0], ["upper", "lower"], [":-", "alone"], [2, 1], [True, False])
    assert text.startswith("DECISION MAKER:- Cabinet Member for Environment\n\n\nPage 1 of 2\n\ntitle\nReview")


@settings(max_examples=60, deadline=None)
@given(
    order=st.permutations(range(len(SECTIONS))),
    cases=st.lists(st.sampled_from(["upper", "lower", "title", "same"]), min_size=len(SECTIONS), max_size=len(SECTIONS)),
    separators=st.lists(st.sampled_from([":", " :", ":-", " :-", "alone"]), min_size=len(SECTIONS), max_size=len(SECTIONS)),
    blanks=st.lists(st.integers(min_value=1, max_value=3), min_size=len(SECTIONS), max_size=len(SECTIONS)),
    furniture=st.lists(st.booleans(), min_size=len(SECTIONS), max_size=len(SECTIONS)),
)
def test_layout_changes_do_not_change_values(order, cases, separators, blanks, furniture):
    assert values_of(render(order, cases, separators, blanks, furniture)) == baseline()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_arbitrary_text_never_raises_and_is_deterministic(text):
    data = text.encode("utf-8")
    first = extract(data, filename="x.txt")
    second = extract(data, filename="x.txt")
    assert first == second
    if first.error is not None:
        assert first.error.code in {"empty_file", "binary_file"}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Decision:", "Reasons", "Purpose:", "", "That it be agreed.", "RESOLVED:",
                                 "Decision Made: 18 May 2011", "1. ITEM ONE", "· bullet", "Contact: A, B",
                                 "Date of decision: 31/02/2020", "Is Key decision?: Maybe", "Page 2 of 3"]),
                max_size=30))
def test_segmenter_places_every_line_once(lines):
    text = "\n".join(lines)
    try:
        document = read_text(text.encode())
    except ExtractorError as exc:
        assert exc.code == "empty_file"
        return
    segments = find_sections(document, load_lexicon())
    seen = [i for s in segments for i in s.lines]
    assert len(seen) == len(set(seen))
    nonblank = {i for i, l in enumerate(document.lines) if document.text[l.content_start:l.end].strip()}
    assert set(seen) == nonblank


def test_property_tests_draw_the_same_examples_every_run():
    """tests/conftest.py loads a derandomized profile: a property test is red for a bug, never by
    the luck of the draw or a slow machine."""
    assert settings.default.derandomize and settings.default.database is None and settings.default.deadline is None
