"""The faster forms of `inline_labels` and `label_separators` answer exactly as the plain ones they
replaced (kept here as the oracles): the separators read from ASCII characters are the pattern's
matches, and the alone-label reader that looks only at lines standing alone finds the same rows."""

from __future__ import annotations

import random

import pytest

from extractor import inline_labels as il
from extractor import label_separators, reflow
from extractor.document import Document, Line
from extractor.glue_places import glue_places
from extractor.lexicon import Lexicon, load_lexicon
from extractor.readers.text import read_text

from .conftest import fixture_texts, sample_texts, text_lines

# Lines where a separator's neighbours decide: times, URLs, blanks of every kind before and after
# the mark, non-ASCII letters, digits and blanks (asked of the pattern), marks at both ends.
TRICKY = {
    "label": "Decision Maker: Cabinet",
    "time": "10:30 Date: 2 May",
    "url": "see https://x.org Rate:  1",
    "blank before": "Date : 2 May",
    "two blanks before": "Date  : 2 May",
    "tab before": "Date\t: 2 May",
    "no-break space before": "Date\u00a0: 2 May",
    "information separator before": "Date\x1c: 2 May",
    "question": "Is it key? Yes",
    "question colon": "Is it key?: Yes",
    "question colon no blank": "Is it key?:Yes",
    "question at end": "Is it key?",
    "question then no-break space": "Why?\u00a0Because",
    "question colon then em space": "Why?:\u2003x",
    "colon at end": "Reason:",
    "colon at start": ":x",
    "colon second": "a:",
    "blank colon at start": " :x",
    "bracket before": "Reason(s): none",
    "accented letter before": "Décisioné: x",
    "Arabic digit after": "Date:\u0661",
    "colons run": "A::::B",
    "question marks run": "Q ? ? x ?: y",
    "after a separator": "Why? : x",
    "digit before": "Item 3: x",
    "slash after": "a:/b",
    "empty": "",
    "marks interleaved": "Why? Date: x? y:z ?: Reason:",
    "question marks then colons": "a? b? c: d: e",
}
ALPHABET = "a:? \t)/1\u00a0\x1c\u0661Éé.\n"


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


@pytest.mark.parametrize("line", TRICKY.values(), ids=TRICKY.keys())
def test_separators_read_from_characters_are_the_patterns(line):
    assert _spans(label_separators.separators(line)) == _spans(label_separators.SEPARATOR.finditer(line))


def test_separators_agree_on_short_strings_of_the_deciding_characters():
    draw = random.Random(29)
    lines = ["".join(draw.choice(ALPHABET) for _ in range(draw.randint(0, 8))) for _ in range(20000)]
    assert [s for s in lines if _spans(label_separators.separators(s))
            != _spans(label_separators.SEPARATOR.finditer(s))] == []


def test_separators_agree_on_every_sample_and_fixture_line():
    assert [s for s in text_lines(list(TRICKY.values())) if _spans(label_separators.separators(s))
            != _spans(label_separators.SEPARATOR.finditer(s))] == []


def _old_alone_label_rows(document: Document, lexicon: Lexicon) -> tuple[set[int], set[int]]:
    """`inline_labels.alone_label_rows` as it was before it read only the lines standing alone."""
    lines = document.lines
    stripped = document.stripped_lines  # each line's words, cut once (and kept for the table readers)
    filled = [i for i, words in enumerate(stripped) if words]
    last = len(lines) - 1

    def alone(i: int) -> bool:
        return (i == 0 or not stripped[i - 1]) and (i >= last or not stripped[i + 1])

    def known(content: str) -> bool:
        if len(content) > il.MAX_ALONE_LABEL_CHARS or content.endswith(".") or content.count(" ") >= il.MAX_LABEL_WORDS:
            return False  # a label is a few words and no sentence: no lookup for a paragraph
        entry = lexicon.lookup(content.rstrip(":").strip(), approximate=False)
        return entry is not None and entry.kind in {"field", "by_value", "other", "fallback"}

    # (alone() written out: this runs on every line of every document)
    standing = [i for i in filled if (i == 0 or not stripped[i - 1]) and (i >= last or not stripped[i + 1])]
    if len(standing) < il.MIN_ALONE_LABELS * 2:  # a label and its value each stand alone
        return set(), set()
    labels = 0  # (counted until there are enough)
    for i in standing:
        labels += known(stripped[i])
        if labels >= il.MIN_ALONE_LABELS:
            break
    else:
        return set(), set()
    contents = {i: stripped[i] for i in filled}
    found: set[int] = set()
    values: set[int] = set()
    after_label = started = False  # started: a known label has been seen (the page's heading is none)
    for at, i in enumerate(filled):
        content = contents[i]
        if alone(i) and known(content):
            after_label = started = True
            continue
        if alone(i):
            entry = lexicon.lookup(content.rstrip(":").strip(), approximate=False)
            if entry is not None and entry.kind == "marker" and entry.document_type in lexicon.words.marker_values:
                below = contents[filled[at + 1]] if at + 1 < len(filled) else ""
                if len(below.split()) >= il.MIN_PROSE_WORDS and below.rstrip()[-1:] in ".!?" and not known(below):
                    values.add(filled[at + 1])  # "Decision Details" / prose below: its value (a title is no prose)
                after_label = True
                continue
        followed = at + 1 < len(filled) and not known(contents[filled[at + 1]])  # a label has its value below
        candidate = (started and followed and alone(i) and not lines[i].is_list_item and len(content.split()) <= il.MAX_ALONE_LABEL_WORDS
                     and il._ALONE_LABEL.match(content) is not None and sum(map(str.isalpha, content)) >= 4)
        if candidate and (not after_label or lexicon.names_no_field(content)):
            found.add(i)
            after_label = True
            continue
        after_label = False
    return found, values


# A form whose labels stand alone between blank lines, with what must not change its reading:
# a marker with prose below, a list item, a line that is no label, lines with words between.
FORM = """Decision Notice

Decision Maker

Cabinet

Referral Committees

Scrutiny

Decision Details

This decision has been taken by the Cabinet after a long and careful review of the options.

Topic keywords

Roads

- a listed item
Date of Decision

12 May 2024

Reason for Decision

To keep the roads safe.
Some words run on
Wards Affected

All Wards

Current Status

Decision Implemented

Decision Maker

the council met
and agreed it

Referral Committees

Roads
"""


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _documents() -> dict[str, Document]:
    texts = {"invented form": FORM, "form without blanks": FORM.replace("\n\n", "\n"),
             "form doubled": FORM + "\n" + FORM}
    for path in [*sample_texts(), *fixture_texts()]:
        texts[path.name] = path.read_text(encoding="utf-8")
    return {name: read_text(text.encode("utf-8")) for name, text in texts.items()}


DOCUMENTS = _documents()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_alone_label_rows_finds_what_the_old_reading_found(name, lexicon):
    document = DOCUMENTS[name]
    assert il.alone_label_rows(document, lexicon) == _old_alone_label_rows(document, lexicon)


def test_the_invented_form_has_alone_labels(lexicon):
    labels, values = il.alone_label_rows(DOCUMENTS["invented form"], lexicon)
    assert labels and values  # (the oracle test above compares something)


def _old_runs(document: Document) -> list[list[int]]:
    """`reflow._runs` as it was before `reflow._runs_on` held its rule."""
    runs: list[list[int]] = []
    for i, line in enumerate(document.lines):
        previous = document.lines[i - 1] if i else None
        if runs and previous is not None and "wrapped" in previous.hints and line.start > previous.end and (
                document.text[line.content_start:line.end].strip()):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _wrapped(pieces: list[tuple[str, bool]]) -> Document:
    """A page's lines, each ``(text, wrapped)``, one after another with a line break between."""
    text, lines = "", []
    for piece, wrapped in pieces:
        start = len(text)
        text += piece + "\n"
        lines.append(Line(start, start + len(piece), start, hints=frozenset({"wrapped"} if wrapped else ())))
    return Document(text, tuple(lines))


WORDS = "The council agreed the plan for the harbour wall after a long debate "
WRAPPED = {
    "a long wrapped paragraph": _wrapped([(WORDS * 2, True)] * 4 + [("Ends here.", False)]),
    "wrapped lines then a blank": _wrapped([(WORDS * 3, True), ("   ", False), (WORDS * 3, True), ("x", False)]),
    "short wrapped lines": _wrapped([("a b c", True)] * 5),
    "one long line": _wrapped([("x" * 600, False)]),
    "lines none wrapped": _wrapped([(WORDS * 2, False)] * 6),
    "a wrapped last line": _wrapped([(WORDS, False), (WORDS * 8, True)]),
}
# a line that starts where the wrapped line above ends runs on from nothing
_touching = _wrapped([(WORDS * 4, True), (WORDS * 4, False)])
WRAPPED["a line touching the wrapped one above"] = Document(_touching.text, (
    _touching.lines[0], _touching.lines[1]._replace(start=_touching.lines[0].end)))


@pytest.mark.parametrize("document", [*WRAPPED.values(), *DOCUMENTS.values()], ids=[*WRAPPED, *DOCUMENTS])
def test_runs_and_the_long_run_test_read_lines_as_before(document):
    runs = reflow._runs(document)
    assert runs == _old_runs(document)
    spans = [document.lines[run[-1]].end - document.lines[run[0]].content_start for run in runs]
    assert reflow._has_long_run(document) == (len(document.text) >= reflow.FLAT_LINE_CHARS
                                              and max(spans, default=0) >= reflow.FLAT_LINE_CHARS)


# Where a label may be glued: `glue_places` (classes turned into bytes, literals found by
# str.find) gives every place `MAY_GLUE` matches, exactly those in an ASCII text, and at most a
# non-ASCII letter's neighbours more.
GLUE = {
    "date glued": "21st September 2020Decision Papers",
    "capitals glued": "PCCDecision Ref: 12",
    "lower glued": "restrictedDecision Maker: Leader",
    "bracket glued": "x)Decision Maker",
    "text opens with a capital pair": "ABc",
    "text opens with a title word": "Decision Maker",
    "capital at the end": "endsA",
    "capital then a digit": "aB1",
    "after a sign": "-Decision (Maker) \"Title\"",
    "question before a capital": "Why?Because",
    "question mark then a title word": "Why? Because",
    "all capitals": "COUNCIL DECISION Maker",
    "name with a capital inside": "McAdam Road",
    "accented capital glued": "2020Décision Papers ÉCOLEÉté naïveÉcole",
    "curly quote, no letter": "Council’s Decision Maker",
    "pound and bullet": "£5kDecision •Decision",
    "micro sign, a letter": "µAb",
    "Greek": "αΒγ Decision",
    "Cyrillic": "тДа",
    "full-width": "ａＢｃ",
    "mathematical letters": "\U0001d400\U0001d41a",
    "no-break spaces": "Decision\u00a0Maker\u2003Cabinet",
    "non-ASCII at both ends": "éAbcÉ",
    "empty": "",
}
GLUE_ALPHABET = "aZb9)?. \n-Éé’µ\u0661ｂ\u00a0"


def _may_glue(text: str) -> list[int]:
    return [m.start() for m in il.MAY_GLUE.finditer(text)]


def _glue_places_hold_the_screens(text: str) -> bool:
    places = glue_places(text, il._MAYBE_LETTER)
    screened = _may_glue(text)
    if text.isascii():
        return places == screened
    return set(screened) <= set(places) and all(0 <= at < len(text) for at in places)


@pytest.mark.parametrize("text", GLUE.values(), ids=GLUE.keys())
def test_glue_places_hold_every_place_the_screen_matches(text):
    assert _glue_places_hold_the_screens(text)


def test_glue_places_are_the_screens_in_the_glued_lines():
    assert glue_places(GLUE["capitals glued"], il._MAYBE_LETTER) == [3]  # (the table tests compare something)
    assert glue_places(GLUE["curly quote, no letter"], il._MAYBE_LETTER) == []


def test_glue_places_hold_the_screens_on_random_strings():
    draw = random.Random(29)
    texts = ["".join(draw.choice(GLUE_ALPHABET) for _ in range(draw.randint(0, 9))) for _ in range(30000)]
    assert [text for text in texts if not _glue_places_hold_the_screens(text)] == []


def test_glue_places_hold_the_screens_on_every_sample_text_and_line():
    texts = [path.read_text(encoding="utf-8") for path in [*sample_texts(), *fixture_texts()]]
    assert [text for text in [*texts, *text_lines(list(GLUE.values()))]
            if not _glue_places_hold_the_screens(text)] == []


def test_the_inline_reader_reads_as_it_does_with_every_offset_a_glue_place(monkeypatch, lexicon):
    documents = [*DOCUMENTS.values(), read_text("\n".join(GLUE.values()).encode("utf-8"))]
    placed = [il.split_inline_labels(document, lexicon).lines for document in documents]
    monkeypatch.setattr(il, "glue_places", lambda text, maybe_letter: list(range(len(text))))
    assert [il.split_inline_labels(document, lexicon).lines for document in documents] == placed


def _old_has_separator(text: str) -> bool:
    """`label_separators.has_separator` as it was before it read the marks without the generator."""
    return (":" in text or "?" in text) and next(label_separators.separators(text), None) is not None


@pytest.mark.parametrize("line", TRICKY.values(), ids=TRICKY.keys())
def test_has_separator_is_the_first_separators_answer(line):
    assert label_separators.has_separator(line) is _old_has_separator(line)
    assert label_separators.has_separator(line) is (label_separators.SEPARATOR.search(line) is not None)


def test_has_separator_agrees_on_short_strings_and_every_sample_line():
    draw = random.Random(19)
    lines = ["".join(draw.choice(ALPHABET) for _ in range(draw.randint(0, 8))) for _ in range(20000)]
    lines += text_lines(list(TRICKY.values()))
    assert [s for s in lines if label_separators.has_separator(s) is not _old_has_separator(s)] == []


OPENINGS = {
    "ASCII capital": ("Decision Maker: x", 14),
    "ASCII lower": ("decision maker: x", 14),
    "digit": ("1. Decision: x", 11),
    "blank first": (" Decision: x", 9),
    "pipe first": ("|Decision: x", 9),
    "capital, end at 0": ("Decision: x", 0),
    "capital, end at 1": ("D: x", 1),
    "empty": ("", 0),
    "accented capital": ("École: x", 5),
    "accented lower": ("école: x", 5),
    "Greek capital": ("Ψ: x", 1),
    "circled capital (upper to str, no Lu)": ("\u24b6 label: x", 7),
    "title-case letter (Lt)": ("\u01c5ecision: x", 8),
    "no-break space first": ("\u00a0Decision: x", 9),
    "byte order mark first": ("\ufeffDecision: x", 9),
}


@pytest.mark.parametrize(("text", "end"), OPENINGS.values(), ids=OPENINGS.keys())
def test_opens_with_capital_is_the_word_start_match(text, end):
    assert il._opens_with_capital(text, end) is (il._WORD_START.match(text, 0, end) is not None)


def test_opens_with_capital_agrees_on_every_sample_line():
    lines = text_lines([text for text, _ in OPENINGS.values()])
    assert [(s, end) for s in lines for end in (0, 1, len(s) // 2, len(s))
            if il._opens_with_capital(s, end) is not (il._WORD_START.match(s, 0, end) is not None)] == []


@pytest.mark.parametrize("line", ["Date: 2 May", "Is it key? Yes", "Date\u00a0: 2 May", "Décisioné: x"],
                         ids=["colon", "question", "no-break space before (the pattern asked)", "accented letter"])
def test_separators_built_by_the_tuple_constructor_are_separators(line):
    found = list(label_separators.separators(line))
    assert found and all(type(sep) is label_separators.Separator for sep in found)
    assert [(sep.first, sep.stop) for sep in found] == [m.span() for m in label_separators.SEPARATOR.finditer(line)]
    assert [sep.span() for sep in found] == [(sep.start(), sep.end()) for sep in found]
