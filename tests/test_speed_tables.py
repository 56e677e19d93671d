"""Session 17's shortcuts in the table readers, each checked against the reading it replaces:
`run_together_names` skips the regex's sub where an ASCII text has no small letter before a
capital, and its best-split search looks a name up only where it could give fewer names."""

from __future__ import annotations

import itertools

import pytest

from extractor.lexicon import load_lexicon
from extractor.tables import headers
from extractor.tables.headers import MAX_COLUMN_WORDS, MAX_HEADER_WORDS, MIN_COLUMNS, field_of_column

from .conftest import text_lines


def _old_run_together_names(text: str, lexicon) -> list[str] | None:  # type: ignore[no-untyped-def]
    """`run_together_names` as it was before session 17 (the whole text cut by `_GLUED`, every
    name of every split looked up): the answer the shortcuts must keep."""
    if text.endswith((":", ".")):
        return None
    if "(" in text:
        text = headers._ASIDE.sub("", text)
    known = lexicon.label_words
    spaced = text.split()
    if len(spaced) > MAX_HEADER_WORDS:
        return None
    for w in spaced:
        if headers.normalise_label(w) not in known and ((w.isascii() and w[1:].islower())
                                                         or headers._GLUED.search(w) is None):
            return None
    words = headers._GLUED.sub(" ", text).split()
    if not MIN_COLUMNS <= len(words) <= MAX_HEADER_WORDS or text.endswith((":", ".")):
        return None
    if words != spaced and any(headers.normalise_label(w) not in known for w in words):
        return None
    best: list[list[str] | None] = [None] * (len(words) + 1)
    best[0] = []
    for end in range(1, len(words) + 1):
        for size in range(1, min(MAX_COLUMN_WORDS, end) + 1):
            before = best[end - size]
            if before is None:
                continue
            name = " ".join(words[end - size:end])
            if field_of_column(name, lexicon, False) is False:
                continue
            if best[end] is None or len(before) + 1 < len(best[end]):  # type: ignore[arg-type]
                best[end] = [*before, name]
    return best[-1]


TRICKY = [
    ("Ref Decision Decision taker Date Status", "flattened header"),
    ("Decision TitleDecision SummaryDate Authorised", "glued ascii"),
    ("Decision TitleDECISION Date", "capital after capital"),
    ("DecisionDate Title", "one glued word"),
    ("Decision dateÉtat Title", "non-ascii capital glued"),
    ("Decision Élan Date", "non-ascii word"),
    ("Décision Date Title", "non-ascii small letter"),
    ("decision date title", "lower case"),
    ("DECISION DATE TITLE", "upper case"),
    ("Decision Date (if applicable) Title", "aside"),
    ("Decision Date (note):", "aside then colon"),
    ("Decision Date Decision Date Decision Date Decision Date", "repeated names: ties"),
    ("Date Decision Maker Decision Title Decision Status", "many splits"),
    ("Decision Date Approved", "a tie: 'Decision Date' 'Approved' or 'Decision' 'Date Approved'"),
    ("Decision Ref Number Key Decision Date Title", "ties, twice"),
    ("Decision Record Number Decision Log Number Status", "ties after ties"),
    ("Reference Decision Title Date of Decision Decision Maker Status", "long names"),
    ("Decision the Council agreed", "a sentence"),
    ("Decision Date Title.", "full stop"),
    ("Decision Date", "too few words"),
    ("Title " * 33, "too many words"),
    ("aB Decision Date", "glue in an unknown word"),
    ("Decision\tDate\tTitle", "tabs"),
    ("", "empty"),
]


@pytest.mark.parametrize("text", [t for t, _ in TRICKY], ids=[i for _, i in TRICKY])
def test_run_together_names_answers_as_before(text: str) -> None:
    lexicon = load_lexicon()
    assert headers.run_together_names(text, lexicon) == _old_run_together_names(text, lexicon)


def test_run_together_names_answers_as_before_on_sample_lines_and_runs_of_names() -> None:
    """Every line of the samples, and runs of known column names (where the split search works
    hardest: names that share words, ties, runs longer than a name)."""
    lexicon = load_lexicon()
    names = sorted(lexicon.words.table_columns)[:40]
    runs = [" ".join(combo).title() for combo in itertools.permutations(names[:12], 3)]
    runs += [" ".join(names[k:k + n]) for n in (4, 7, 9) for k in range(0, len(names) - n)]
    checked = 0
    for text in text_lines(runs):
        text = text.strip()
        assert headers.run_together_names(text, lexicon) == _old_run_together_names(text, lexicon), text
        checked += 1
    assert checked > 1000


@pytest.mark.parametrize("text", ["Decision Date", "DecisionDate", "dateÉtat", "ÉtatDate", "aZ", "Az", "A1b", "a-B",
                                  "ABC", "abc", "x\u00e9Y", ""],
                         ids=["spaced", "glued", "glued past ascii", "non-ascii first", "two letters", "title case",
                              "digit between", "dash between", "capitals", "small letters", "accent then capital",
                              "empty"])
def test_ascii_glue_finds_every_place_the_regex_cuts_an_ascii_text(text: str) -> None:
    if text.isascii():
        assert (headers._ASCII_GLUE.search(text) is None) == (headers._GLUED.sub(" ", text) == text)


def test_ascii_glue_on_every_sample_line() -> None:
    for text in text_lines([]):
        if text.isascii():
            assert (headers._ASCII_GLUE.search(text) is None) == (headers._GLUED.sub(" ", text) == text), text
