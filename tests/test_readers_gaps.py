"""gaps.py: label | value tables seen only as white space (scans, and PDF tables without borders)."""

import io

from extractor import extract
from extractor.readers.gaps import gap_grid_rows, gap_table_rows, has_gap_lines

from .test_ocr import _word


def test_gap_table_keeps_a_wrapped_label_in_its_row():
    lines = [  # (top, label words, value words): rows 20 points apart, lines in a cell 14
        (100, "Decision Taker", "Head of Parks"),
        (120, "Alternative options", "To extend the contract. Rejected because the period"),
        (134, "and rejected", "has been used."),
        (154, "Details of any conflict of", "None"),
        (168, "interest declared", ""),
        (188, "Contact Officer", "Priya Raman"),
        (202, "", "Tel: 01632 960 123"),
    ]
    words = []
    for n, (top, label, value) in enumerate(lines):
        for i, token in enumerate(label.split()):
            words.append(_word(token, 60 + i * 28, top, (1, 1, n), width=24))
        for i, token in enumerate(value.split()):
            words.append(_word(token, 220 + i * 40, top, (1, 1, n), width=35))
    rows = gap_table_rows(words)
    assert [round(row[0][1]) for row in rows] == [99, 119, 153, 187]
    label_box = rows[2][1]
    assert label_box[3] > 168  # "interest declared" falls inside the third row's label cell


def test_prose_in_two_columns_is_no_table():
    words = []
    for n in range(6):  # two columns of full lines with a 30-point gutter
        left = "the council has considered the report and its appendices in full".split()
        right = "members agreed the recommendations with one amendment to the plan".split()
        for i, token in enumerate(left):
            words.append(_word(token, 60 + i * 22, 100 + n * 14, (1, 1, n), width=20))
        for i, token in enumerate(right):
            words.append(_word(token, 60 + len(left) * 22 + 30 + i * 22, 100 + n * 14, (1, 1, n), width=20))
    assert has_gap_lines(words) and gap_table_rows(words) == []


def _grid_words(lines: list[tuple[float, list[tuple[float, str]]]]) -> list:
    """Words from (top, [(left edge, text), ...]) lines, a word every 30 points from each edge."""
    words = []
    for n, (top, cells) in enumerate(lines):
        for left, text in cells:
            for i, token in enumerate(text.split()):
                words.append(_word(token, left + i * 30, top, (1, 1, n), width=26))
    return words


GRID = [(100, [(60, "Ref"), (130, "Decision"), (340, "Date")]),
        (120, [(60, "2021/07"), (130, "Library opening hours"), (340, "02/03/2021")]),
        (132, [(130, "at the central library")]),  # the decision's cell, wrapped
        (152, [(60, "2021/08"), (130, "Gritting salt"), (340, "09/03/2021")]),
        (172, [(60, "2021/09"), (130, "Lease of Unit 4"), (340, "15/03/2021")])]


def test_a_borderless_grid_is_read_row_by_row_its_wrapped_cells_in_their_row():
    rows = gap_grid_rows(_grid_words(GRID))
    assert [len(row) for row in rows] == [4, 4, 4, 4]  # the row's box, then a cell per column
    assert [round(row[0][1]) for row in rows] == [99, 119, 151, 171]
    assert rows[1][2][3] > 132 + 8  # the wrapped line lies in the second row's decision cell
    assert [round(cell[0]) for cell in rows[1][1:]] == [58, 128, 338]


def test_a_paragraph_across_the_columns_ends_the_grid():
    paragraph = (200, [(60, "The decisions above were published on the council's website for ten days")])
    rows = gap_grid_rows(_grid_words([*GRID, paragraph]))
    assert len(rows) == 4 and all(row[0][3] < 200 for row in rows)


def test_two_columns_of_prose_or_a_form_s_two_are_no_grid():
    form = [(100 + 20 * n, [(60, label), (220, value)]) for n, (label, value) in enumerate(
        [("Decision maker", "Head of Parks"), ("Date", "3 March 2025"), ("Decision", "To buy two vans"),
         ("Reasons", "The old vans fail their tests")])]
    assert gap_grid_rows(_grid_words(form)) == []


def _borderless_table_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    rows = [("Decision Maker", "Cabinet Member for Housing"), ("Date of Decision", "12 March 2024"),
            ("Key Decision", "No"), ("Subject", "Purchase of temporary accommodation units"),
            ("Decision", "To purchase six units of temporary accommodation."),
            ("Reasons", "Demand for temporary accommodation has doubled.")]
    c.setFont("Helvetica-Bold", 12)
    c.drawString(60, 790, "RECORD OF OFFICER DECISION")
    y = 760
    for label, value in rows:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(60, y, label)
        c.setFont("Helvetica", 10)
        c.drawString(220, y, value)
        y -= 22
    c.save()
    return buffer.getvalue()


def test_a_pdf_table_without_borders_reads_as_labels_and_values():
    for engine in ("pdfium", "pdfplumber"):
        notice = extract(_borderless_table_pdf(), filename="t.pdf", pdf_engine=engine).notices[0]
        assert notice.decision_maker == "Cabinet Member for Housing", engine
        assert str(notice.decision_date) == "2024-03-12" and notice.is_key_decision is False
        assert notice.title == "Purchase of temporary accommodation units"
        assert notice.decision == "To purchase six units of temporary accommodation."


def test_wide_gaps_reads_a_whole_number_gap_as_its_float():
    """`_wide_gaps` compares with the gap's own `__lt__`: an int's against float edges answers
    NotImplemented (true), so every pair would count as apart; the gap is read as a float."""
    from extractor.readers.gaps import _wide_gaps

    words = [_word(token, 60.5 + i * 30, 100.0, (1, 1, 0), width=24) for i, token in enumerate("a b c d e".split())]
    words += [_word(token, 60.5 + i * 60, 130.0, (1, 1, 1), width=24) for i, token in enumerate("f g h i".split())]
    for gap, enough in ((24, 3), (12, 3), (30, 2), (40, 4)):
        assert _wide_gaps(words, gap, enough) == _wide_gaps(words, float(gap), enough), (gap, enough)
    assert not _wide_gaps(words, 24, 4) and _wide_gaps(words, 24, 3)  # (the 36-point gaps of the second line)
