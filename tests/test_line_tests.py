"""The string tests of `line_context` answer as the regexes they replace or guard, on the
characters where str methods and `regex` could disagree (blanks beyond ASCII, closing quotes,
case folding, an empty line)."""

import pytest
import regex

from extractor.line_context import _NUMBERED, WHITE_SPACE, ends_sentence, may_open_item
from extractor.segment import _ITEM_WORD

_ENDS_SENTENCE = regex.compile(r"[.:;!?][\"'”’)]*\s*$", regex.REVERSE)


def test_white_space_is_regexs_own():
    assert set(WHITE_SPACE) == set(regex.findall(r"\s", "".join(map(chr, range(0x110000)))))


@pytest.mark.parametrize("text", [
    "", " ", "\n", ".", "Decision:", "Decision: ", "approved.\u3000", "approved.\x1c", "approved.\x1f ",
    'He said "yes."', 'He said "yes". ', "(see above.)", "(see above).", ". )", '. "', "a.b", "Why?\u2029",
    "end;\x85", "end!’”)", "Contact Officers: ", "text", "text\u200b.", ".\u200b", "x –", "Minutes:-",
])
def test_ends_sentence_is_the_regex(text):
    assert ends_sentence(text) is bool(_ENDS_SENTENCE.search(text))


_ITEM_TAILS = ["", "1", "2. CAR PARK TARIFFS", "tem 6 - Mill House", "TEM 6", "inute 3", "genda item 4", "gENDA ITEM 4A",
               " item 6", "\titem 6", "Item 7", "12 Budget"]


def test_an_item_number_is_ruled_out_only_where_the_regexes_fail():
    firsts = [chr(c) for c in range(0x250)] + ["İ", "ı", "K", "ſ", "٣", "\u3000", "\x85"]
    for first in firsts:
        for tail in _ITEM_TAILS:
            text = first + tail
            if _NUMBERED.match(text) or _ITEM_WORD.match(text):
                assert may_open_item(text), repr(text)
    assert not may_open_item("The Council agreed") and not may_open_item("") and may_open_item("3 Resolution")
