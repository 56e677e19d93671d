"""`line_context.ends_sentence` answers as the regex it replaces, on the characters where str
methods and `regex` could disagree (blanks beyond ASCII, closing quotes, an empty line)."""

import pytest
import regex

from extractor.line_context import WHITE_SPACE, ends_sentence

_ENDS_SENTENCE = regex.compile(r"[.:;!?][\"'”’)]*\s*$", regex.REVERSE)


def test_white_space_is_regexs_own():
    assert set(WHITE_SPACE) == {chr(c) for c in range(0x110000) if regex.match(r"\s", chr(c))}


@pytest.mark.parametrize("text", [
    "", " ", "\n", ".", "Decision:", "Decision: ", "approved.\u3000", "approved.\x1c", "approved.\x1f ",
    'He said "yes."', 'He said "yes". ', "(see above.)", "(see above).", ". )", '. "', "a.b", "Why?\u2029",
    "end;\x85", "end!’”)", "Contact Officers: ", "text", "text\u200b.", ".\u200b", "x –", "Minutes:-",
])
def test_ends_sentence_is_the_regex(text):
    assert ends_sentence(text) is bool(_ENDS_SENTENCE.search(text))
