import pytest

from extractor.normalise import normalise_text, split_lines

CASES = [
    ("nbsp", "Decision\u00a0Maker:\u00a0Cabinet", "Decision Maker: Cabinet"),
    ("thin and ideographic spaces", "a\u2009b\u3000c", "a b c"),
    ("a tab is a cell's gap: two spaces", "Date:\t13/06/2012", "Date:  13/06/2012"),
    ("emphasis", "by: **25 May 2011**", "by: 25 May 2011"),
    ("underscore emphasis", "__Decision__", "Decision"),
    ("whitespace-only line emptied", "a\n \u00a0 \nb", "a\n\nb"),
    ("crlf", "a\r\nb\rc", "a\nb\nc"),
    ("zero width and soft hyphen removed", "De\u200bci\u00adsion", "Decision"),
    ("document characters kept", "2011 – 2014 “the day job” £106,000", "2011 – 2014 “the day job” £106,000"),
    ("lone asterisks kept", "5 * 3 = 15", "5 * 3 = 15"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


BULLETS = [
    ("middle dot", "·  promote e-services", True, "promote e-services"),
    ("bullet", "• General", True, "General"),
    ("square", "▪ item", True, "item"),
    ("hyphen", "- Note the changes", True, "Note the changes"),
    ("asterisk", "* item", True, "item"),
    ("indented bullet", "  • Tender report", True, "Tender report"),
    ("negative number is no bullet", "-2 degrees", False, "-2 degrees"),
    ("hyphenated word is no bullet", "e-services", False, "e-services"),
    ("plain", "Decision:", False, "Decision:"),
    ("bullet alone is no item", "•", False, "•"),
]


@pytest.mark.parametrize("line, is_item, content", [c[1:] for c in BULLETS], ids=[c[0] for c in BULLETS])
def test_list_items_are_marked(line, is_item, content):
    (parsed,) = split_lines(line)
    assert parsed.is_list_item is is_item
    assert line[parsed.content_start : parsed.end] == content


def test_line_offsets_index_the_text():
    text = "one\n\n  two\nthree"
    lines = split_lines(text)
    assert [text[l.start : l.end] for l in lines] == ["one", "", "  two", "three"]
    assert text[lines[2].content_start : lines[2].end] == "two"
