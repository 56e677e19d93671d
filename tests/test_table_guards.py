"""Session 16's shortcuts in the table header search and the reflow, each checked against the
reading it skips: the header loop's test for a column of names one to a line, the run-together
header reader's word tests (against the reader as it was before), and reflow's one-pass test for
a run long enough to cut (against the runs it no longer builds)."""

from __future__ import annotations

import pytest

from extractor import reflow
from extractor.document import Document, Line
from extractor.lexicon import load_lexicon
from extractor.tables import headers
from extractor.tables.headers import MAX_COLUMN_WORDS, MAX_HEADER_WORDS, MIN_COLUMNS, field_of_column

from .test_stage_guards import _table_inputs


def _old_run_together_names(text: str, lexicon) -> list[str] | None:  # type: ignore[no-untyped-def]
    """`run_together_names` before its word tests were shortened (every word searched for a glued
    name, the cut words all tested again): the answer the shortcuts must keep."""
    if text.endswith((":", ".")):
        return None
    if "(" in text:
        text = headers._ASIDE.sub("", text)
    known = lexicon.label_words
    spaced = text.split()
    if len(spaced) > MAX_HEADER_WORDS or any(
            headers.normalise_label(w) not in known and headers._GLUED.search(w) is None for w in spaced):
        return None
    words = headers._GLUED.sub(" ", text).split()
    if not MIN_COLUMNS <= len(words) <= MAX_HEADER_WORDS or text.endswith((":", ".")):
        return None
    if any(headers.normalise_label(w) not in known for w in words):
        return None
    best: list[list[str] | None] = [None] * (len(words) + 1)
    best[0] = []
    for end in range(1, len(words) + 1):
        for size in range(1, min(MAX_COLUMN_WORDS, end) + 1):
            before = best[end - size]
            if before is None:
                continue
            name = " ".join(words[end - size:end])
            if headers.column_field(name, lexicon, guess=False) is False:
                continue
            if best[end] is None or len(before) + 1 < len(best[end]):  # type: ignore[arg-type]
                best[end] = [*before, name]
    return best[-1]


@pytest.mark.parametrize("text", [
    "Ref Decision Decision taker Date Status",
    "Decision TitleDecision SummaryDate Authorised",  # glued names, cut
    "Decision TitleDECISION Date",  # a capital after a capital: no cut
    "Decision Title Date Linked Documents (if applicable)",  # an aside
    "Decision status: Recommendations Approved",
    "Decision Date",  # too few names
    "DecisionDate",  # one word, two glued names
    "Decision Élan Date",  # a non-ASCII word: searched
    "Decision dateÉtat Title",  # a non-ASCII capital glued
    "Decision Title Date.",
    "Decision the Council agreed",
    "",
])
def test_run_together_names_answers_as_before(text):
    lexicon = load_lexicon()
    assert headers.run_together_names(text, lexicon) == _old_run_together_names(text, lexicon)


def test_run_together_names_answers_as_before_on_every_line():
    checked = 0
    for _, document, lexicon, _ in _table_inputs():
        for text in document.stripped_lines:  # type: ignore[attr-defined]
            if text:
                assert headers.run_together_names(text, lexicon) == _old_run_together_names(text, lexicon), text
                checked += 1
    assert checked > 1000


def test_the_vertical_guard_skips_only_lines_that_open_no_header():
    """find_table asks vertical_header (plain and hinted) only of a line that is a column's name and
    ends with no colon: every line refused is one both calls turn away."""
    refused = admitted = 0
    for _, document, lexicon, _ in _table_inputs():
        for i, text in enumerate(document.stripped_lines):  # type: ignore[attr-defined]
            if not text:
                continue
            if text.endswith(":") or field_of_column(text, lexicon, False) is False:
                refused += 1
                assert headers.vertical_header(document, i, lexicon) is None  # type: ignore[arg-type]
                assert headers.vertical_header(document, i, lexicon, hinted=True) is None  # type: ignore[arg-type]
            else:
                admitted += 1
    assert refused and admitted


def _runs_say_long(document: Document) -> bool:
    lines = document.lines
    return any(lines[run[-1]].end - lines[run[0]].content_start >= reflow.FLAT_LINE_CHARS
               for run in reflow._runs(document))


def _wrapped(parts: list[str], wrapped: list[bool], gap: str = "\n") -> Document:
    """A document of these lines, each marked as running on into the next or not."""
    text, lines, at = "", [], 0
    for part, runs_on in zip(parts, wrapped):
        lines.append(Line(at, at + len(part), at, hints=frozenset({"wrapped"}) if runs_on else frozenset()))
        text += part + gap
        at = len(text)
    return Document(text, tuple(lines))


LONG = "word " * 60  # 300 characters


@pytest.mark.parametrize("document,long", [
    (_wrapped(["short"], [False]), False),
    (_wrapped(["x" * 499], [False]), False),
    (_wrapped(["x" * 500], [False]), True),
    (_wrapped([LONG, LONG], [False, False]), False),  # two lines of their own
    (_wrapped([LONG, LONG], [True, False]), True),  # one paragraph over two wrapped lines
    (_wrapped([LONG, "   ", LONG], [True, True, False]), False),  # a blank line ends the run
    (_wrapped([LONG, LONG, LONG], [False, True, False]), True),  # the run starts at the second line
    (_wrapped([LONG, LONG], [True, False], gap=""), False),  # no gap: the next line is no run-on
], ids=["short", "499", "500", "apart", "wrapped", "blank between", "second run", "no gap"])
def test_the_long_run_test_reads_runs_as_reflow_does(document, long):
    assert reflow._has_long_run(document) is long
    assert _runs_say_long(document) is long


def test_the_long_run_test_agrees_with_the_runs_on_every_document():
    documents = [document for _, document, _, _ in _table_inputs()]
    assert [reflow._has_long_run(d) for d in documents] == [_runs_say_long(d) for d in documents]  # type: ignore[arg-type]
    assert any(reflow._has_long_run(d) for d in documents)  # type: ignore[arg-type]
