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


# assemble_lines places lines as they stand when normalising the whole text changes nothing;
# each case's lines, laid out so and laid out line by line (a line holding a break among them
# sends the whole document through the line-by-line path), give the same text and records
_BOX = (0.0, 0.0, 10.0, 9.0)
ASSEMBLED = [
    ("plain lines", ["Decision Maker: Cabinet", "", "Approved the plan"]),
    ("indent and bullets", ["  indented", "• a listed item", "- dash item", "•", "* star"]),
    ("a cell border", ["RESOLVED: |", "|", "a | b"]),
    ("trailing spaces", ["Title  ", "next"]),
    ("a tab and odd spaces", ["Date:\t13 May", "a\u00a0b"]),
    ("emphasis", ["by **25 May**", "__x__"]),
    ("a carriage return", ["a\rb"]),
    ("no lines", []),
]


@pytest.mark.parametrize("texts", [c[1] for c in ASSEMBLED], ids=[c[0] for c in ASSEMBLED])
def test_assemble_lines_places_unchanged_lines_as_the_line_by_line_path_does(texts):
    from extractor.normalise import RawLine, assemble_lines
    from extractor.document import WordBox

    def raw(text):
        words, at = [], 0
        for word in text.split():
            at = text.index(word, at)
            words.append(WordBox(at, at + len(word), _BOX))
            at += len(word)
        return RawLine(text, 1, _BOX, frozenset(), None, None, tuple(words))

    raws = [raw(t) for t in texts]
    text, lines = assemble_lines(raws)
    slow_text, slow_lines = assemble_lines([*raws, RawLine("x\ny")])
    assert slow_text == text + ("\n" if raws else "") + "x\ny"
    assert slow_lines[: len(lines)] == lines and len(slow_lines) == len(lines) + 2
