"""The PDF reader's speed guards (issue 29) answer what the slower forms they replaced answer:
each test keeps the old form as its oracle and compares over a table of tricky inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.readers.layout import _readable_garbled, junk_text_layer
from extractor.readers.pdfium import _HYPHENS, _WORD, pdfium_pages
from extractor.words import PageWords, Word

from .conftest import text_lines

FIXTURES = Path(__file__).parent / "fixtures"

_PAGE_TEXTS = {
    "plain": "Decision Maker: Cabinet\r\nDate: 25 May 2011",
    "line-end hyphen": "the decision was taken in accor\ufffedance with the policy",
    "hyphen alone": "a \ufffe b",
    "stx hyphen": "re\x02\nsolved",
    "both marks": "pre\ufffe fix and co\x02op",
    "marks only": "\ufffe\x02\ufffe",
    "plain hyphens": "well-being and co-operation - en dash \u2013",
    "empty": "",
}


def _page_words(text: str, guarded: bool) -> list[str]:
    """The words `_words` makes of a page's text, with the page-wide guard or (the oracle)
    every word asked for the two marks."""
    hyphens = "\ufffe" in text or "\x02" in text
    words = []
    for found in _WORD.finditer(text):
        word = found.group()
        if (hyphens or not guarded) and ("\ufffe" in word or "\x02" in word):
            word = word.translate(_HYPHENS)
        words.append(word)
    return words


@pytest.mark.parametrize("text", list(_PAGE_TEXTS.values()), ids=list(_PAGE_TEXTS))
def test_hyphen_marks_are_looked_for_only_on_pages_that_have_them(text: str) -> None:
    assert _page_words(text, guarded=True) == _page_words(text, guarded=False)


def test_hyphen_guard_on_corpus_lines() -> None:
    lines = text_lines(list(_PAGE_TEXTS.values()))
    assert [_page_words(line, True) for line in lines] == [_page_words(line, False) for line in lines]


def _word(text: str, x0: float = 10.0, top: float = 20.0) -> Word:
    return Word(text, x0, top, x0 + 5 * len(text), top + 10, False, 10.0)


_WORD_LISTS = {
    "none": [],
    "one": [_word("Decision")],
    "a line": [_word("Decision", 10), _word("Maker:", 60), _word("Cabinet", 110)],
    "two lines as a tuple": (_word("a"), _word("b", top=40.0)),
}


@pytest.mark.parametrize("words", list(_WORD_LISTS.values()), ids=list(_WORD_LISTS))
def test_flow_with_nothing_taken_is_every_word(words) -> None:
    """`_page_items`: with no word taken by a table the flow is a copy of the page's words,
    as the comprehension that leaves out the taken ones makes it."""
    taken: set[int] = set()
    oracle = [w for i, w in enumerate(words) if i not in taken]
    fast = [w for i, w in enumerate(words) if i not in taken] if taken else list(words)
    assert fast == oracle and type(fast) is list


def _junk_oracle(page: PageWords) -> bool:
    text = "".join([w.text for w in page.words])
    if not text:
        return True
    readable, garbled = _readable_garbled(text)
    return readable < len(text) / 2 or garbled > len(text) / 5


_PAGES = {
    "no words": PageWords(600.0, 800.0, (), ()),
    "empty words": PageWords(600.0, 800.0, (_word(""), _word("")), ()),
    "readable": PageWords(600.0, 800.0, (_word("Decision"), _word("Maker:")), ()),
    "garbled": PageWords(600.0, 800.0, (_word("\x01\x02\x03"), _word("\ufffd\ufffda")), ()),
    "punctuation": PageWords(600.0, 800.0, (_word("--"), _word("...a")), ()),
}


@pytest.mark.parametrize("page", list(_PAGES.values()), ids=list(_PAGES))
def test_junk_text_layer_joins_the_words_text(page: PageWords) -> None:
    assert junk_text_layer(page) == _junk_oracle(page)


def test_junk_text_layer_on_fixture_pdfs() -> None:
    pages = []
    for path in sorted(FIXTURES.glob("*.pdf")):
        try:
            pages += pdfium_pages(path.read_bytes(), str(path))
        except Exception:  # (fixtures that are damaged on purpose)
            continue
    assert pages
    assert [junk_text_layer(page) for page in pages] == [_junk_oracle(page) for page in pages]
