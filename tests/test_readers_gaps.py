"""gaps.py: label | value tables seen only as white space (scans, and PDF tables without borders)."""

import io

from extractor import extract
from extractor.readers.gaps import gap_table_rows, has_gap_lines

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
