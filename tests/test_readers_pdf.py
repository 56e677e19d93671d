"""The PDF reader: reading order, columns, hyphenation, tables and running heads."""

from pathlib import Path

import pytest

from extractor.models import VALUE_FIELDS
from extractor.pipeline import run
from extractor.readers import read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_line_end_hyphens_are_rejoined_only_where_the_break_made_them():
    notice = run(FIXTURES / "hyphenated.pdf").result.notices[0]
    assert "the transformation of customer services" in notice.reasons
    assert "the continued co-operation of partners" in notice.reasons


def test_two_column_page_reads_column_by_column():
    doc = read_document((FIXTURES / "two_columns.pdf").read_bytes())
    text = doc.text
    assert text.index("six months by the Cabinet.") < text.index("Reasons for the decision:")
    notice = run(FIXTURES / "two_columns.pdf").result.notices[0]
    assert notice.decision.endswith("reviewed after six months by the Cabinet.")
    assert notice.reasons.startswith("Visitor numbers fell on weekday mornings")
    assert notice.alternatives_considered == ("Keeping the present hours. Rejected: it does not meet "
                                              "the demand that was shown.")


def test_label_value_table_reads_as_labels():
    doc = read_document((FIXTURES / "rendered" / "officer_record.table.pdf").read_bytes())
    lines = {doc.text[l.start:l.end]: l for l in doc.lines}
    assert "label" in lines["Decision Taker"].hints
    assert "Head of Environmental Services" in lines
    assert lines["Decision Taker"].bbox is not None and lines["Decision Taker"].page == 1


def test_each_line_knows_its_page():
    doc = read_document((FIXTURES / "rendered" / "s000.header_footer.pdf").read_bytes())
    assert doc.pages == 3
    assert {l.page for l in doc.lines if l.end > l.start} == {1, 2, 3}
    furniture = [doc.text[l.start:l.end] for l in doc.lines if "furniture" in l.hints]
    assert furniture.count("Page 2") == 1 and len(furniture) == 6


PDFS = sorted((FIXTURES / "rendered").glob("*.pdf")) + sorted(FIXTURES.glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_both_pdf_engines_give_identical_values(path):
    plumber = run(path, pdf_engine="pdfplumber").result
    pdfium = run(path, pdf_engine="pdfium").result
    assert len(plumber.notices) == len(pdfium.notices) >= 1
    for a, b in zip(plumber.notices, pdfium.notices):
        for field in VALUE_FIELDS:
            assert getattr(a, field) == getattr(b, field), field


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_both_engines_refuse_bad_pdfs_alike(engine):
    from extractor import extract

    assert extract(FIXTURES / "bad" / "encrypted.pdf", pdf_engine=engine).error.code == "encrypted"
    assert extract(FIXTURES / "bad" / "truncated.pdf", pdf_engine=engine).error.code == "corrupt_file"
    scan = extract(FIXTURES / "bad" / "scan.pdf", pdf_engine=engine)
    assert [w.code for w in scan.warnings] == ["no_text_layer"]


def test_text_only_runs_never_import_pdf_libraries():
    import subprocess
    import sys

    code = ("import sys; from extractor import extract; extract('samples/s000.txt'); "
            "print(sorted(m for m in ('pdfplumber', 'pypdfium2', 'docx', 'pdfminer') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=FIXTURES.parent.parent)
    assert done.stdout.strip() == "[]", done.stderr


def test_running_heads_match_by_their_letters_so_ocr_specks_do_not_hide_them():
    from extractor.readers.layout import _furniture, _Item, _Line
    from extractor.words import Word

    def item(text, top):
        words = [Word(t, 60.0 + 40 * i, top, 95.0 + 40 * i, top + 8) for i, t in enumerate(text.split())]
        return _Item(top, [_Line(words, top, top + 8, words[0].x0, words[-1].x1)])

    heads = ["Record of decision - the Local. Authorities", "Record of decision the Local Authorities,",
             "Record of decision - the Local Authorities"]
    pages = [([item(head, 30), item("Body text of the notice", 300)], 842.0) for head in heads]
    assert _furniture(pages) == {(0, 0), (1, 0), (2, 0)}


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_glyph_with_no_character_keeps_the_lines_apart(tmp_path, engine):
    """A glyph the font cannot map to a character (here a diamond with a variation selector, as
    web pages print ratings) is a gap: the line after it is not glued to it."""
    from extractor.options import RunOptions

    from .render import render_as

    text = "Decision Rating \u2666\ufe0e\u2666\ufe0e\nDecision Details To approve the new cycle lanes on Mill Road.\n"
    path = render_as(text, "bold_labels.pdf", tmp_path / "rating.pdf")
    doc = read_document(path.read_bytes(), options=RunOptions(pdf_engine=engine))
    lines = [doc.text[line.content_start:line.end].strip() for line in doc.lines]
    assert "Decision Details To approve the new cycle lanes on Mill Road." in lines


def _line(text: str, x0: float, top: float, x1: float) -> "object":
    from extractor.readers.layout import _Line
    from extractor.words import Word

    words, at = [], x0
    for word in text.split():
        width = (x1 - x0) * len(word) / len(text)
        words.append(Word(word, at, top, at + width, top + 10))
        at += width + (x1 - x0) / len(text)
    return _Line(words, top, top + 10, x0, x1)


def test_a_label_cell_beside_its_value_does_not_set_the_line_pitch():
    """A two-column table the rules did not give (a row split over pages): the label cell's lines
    and the value cell's interleave by their tops; the value's wrapped lines are still found
    wrapped at their own pitch (14 pt), not at the 4-10 pt steps between the two cells."""
    from extractor.readers.layout import _mark_breaks

    lines = [_line("67. DECLARATIONS OF", 63, 675, 196),
             _line("It was reported that no declarations of interest had been", 219, 685, 530),
             _line("INTEREST", 63, 689, 120),
             _line("received at the meeting.", 219, 699, 340),
             _line("68. MINUTES OF THE COMBINED AUTHORITY MEETING HELD", 219, 726, 520),
             _line("ON 18 AUGUST 2017", 219, 740, 330)]
    _mark_breaks(lines, 538)
    assert "wrapped" in lines[4].hints


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_table_row_split_over_two_pages_keeps_its_label_and_value_apart(tmp_path, engine):
    """A ruled two-column table whose row runs over a page break has no rule at the cut: the ends
    of its vertical rules bound the row on each page, so the label cell and the value cell stay
    apart (not read across as one line of both)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from extractor.options import RunOptions

    style = getSampleStyleSheet()["BodyText"]
    label = " ".join(f"Label{n}" for n in range(1, 40))
    value = " ".join(f"Sentence {n} of the minute on the harbour wall repairs." for n in range(1, 40))
    table = Table([[Paragraph(label, style), Paragraph(value, style)]], colWidths=[150, 320], splitInRow=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    path = tmp_path / "split.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Spacer(1, 640), table])
    doc = read_document(path.read_bytes(), options=RunOptions(pdf_engine=engine))
    texts = [doc.text[l.content_start:l.end] for l in doc.lines if l.end > l.content_start]
    assert {1, 2} <= {l.page for l in doc.lines}
    mixed = [text for text in texts if "Label" in text and "Sentence" in text]
    assert not mixed, mixed  # no line runs the label cell's words into the value cell's


def test_a_list_running_over_a_page_break_is_no_running_head(tmp_path):
    """Lines alike but for a number, one at the foot of a page and one at the head of the next
    ("Harbour report App2" / "Harbour report App3"), are a list that runs on, not a running head:
    a running head comes back in its own band."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    style = getSampleStyleSheet()["BodyText"]
    items = [Paragraph(f"Harbour report App{n}", style) for n in range(1, 7)]
    path = tmp_path / "list.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Spacer(1, 640), *items])
    doc = read_document(path.read_bytes())
    assert doc.pages == 2
    kept = [doc.text[l.content_start:l.end] for l in doc.lines if "furniture" not in l.hints]
    assert [f"Harbour report App{n}" in kept for n in range(1, 7)] == [True] * 6


def test_path_bounds_are_pypdfium2s_forms_one_level_down_included():
    """`_path_bounds` reads the ruling lines with bare PDFium calls for speed; it must give what
    pypdfium2's ``get_objects(filter=(PATH,), max_depth=2)`` and ``get_bounds()`` give, in order:
    a page's own paths, those of a Form XObject on it, but none of a form inside that form."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from extractor.readers.pdfium import _path_bounds

    def pypdfium2s(page):
        return [obj.get_bounds() for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=2)]

    source = pdfium.PdfDocument((FIXTURES / "rendered" / "delegated_record.table.pdf").read_bytes())
    assert pypdfium2s(source[0]) and _path_bounds(source[0]) == pypdfium2s(source[0])
    inner = pdfium.PdfDocument.new()
    inner.new_page(600, 800).insert_obj(source.page_as_xobject(0, inner).as_pageobject())  # a form
    outer = pdfium.PdfDocument.new()
    page = outer.new_page(600, 800)
    page.insert_obj(inner.page_as_xobject(0, outer).as_pageobject())  # a form in a form: not read
    page.insert_obj(source.page_as_xobject(0, outer).as_pageobject())  # a form: read
    assert _path_bounds(page) == pypdfium2s(page) == pypdfium2s(source[0])


def test_the_pdfium_word_pattern_splits_at_the_white_space_regex_knows():
    """PDFium's words are split by Python's re (faster) at the white space the regex module's \\s
    matches, spelt out (re's own \\s also counts \\x1c-\\x1f): the same characters, every one."""
    import re

    import regex

    from extractor.readers.pdfium import _SPACE

    every = "".join(map(chr, range(0x110000)))
    assert re.findall(f"[{_SPACE}]", every) == regex.findall(r"\s", every)


@pytest.mark.parametrize("path", [FIXTURES / "rendered" / "portfolio_holder_notice.bold_labels.pdf", FIXTURES / "two_columns.pdf"],
                         ids=lambda p: p.name)
def test_words_read_alike_without_pdfiums_text_object_call(monkeypatch, path):
    """A word's weight and size are asked once a PDF text object where PDFium can name the
    object (FPDFText_GetTextObject); a build without that call asks them for every word, and
    the words, their boxes and styles come out the same."""
    import pypdfium2.raw as raw

    def words():
        doc = read_document(path.read_bytes())
        return doc.text, doc.lines  # (each line's word boxes, with their weight and size, and its hints)

    with_object = words()
    monkeypatch.delattr(raw, "FPDFText_GetTextObject")
    assert words() == with_object


@pytest.mark.parametrize("text", [
    "".join(map(chr, range(128))), "Décision – approved “today” £5 ٣ ½ Ⅷ", "\ufffd\ue000\u0378\x01abc",
    "plain ASCII words 123", "€€€", "a\u00adb\u200bc", "𝔄𝔅 𝟘𝟙 \U000f0000",
])
def test_junk_counts_match_the_regexes(text):
    """`_readable_garbled` counts what `_READABLE` and `_GARBLED` match, ASCII by bytes."""
    from extractor.readers.layout import _GARBLED, _READABLE, _readable_garbled

    assert _readable_garbled(text) == (sum(map(len, _READABLE.findall(text))), sum(map(len, _GARBLED.findall(text))))
