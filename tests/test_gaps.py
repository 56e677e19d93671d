"""Label | value tables seen only as white space (scans, PDFs without borders): where a row
starts (extractor.readers.gaps)."""

from __future__ import annotations

import pytest

from extractor.readers.gaps import gap_table_rows
from extractor.words import Word

PITCH = 20.0  # the table sets its rows as tightly as the lines inside a cell


def _line(top: float, label: str, value: str) -> list[Word]:
    words, x = [], 64.0
    for text in label.split():
        words.append(Word(text, x, top, x + 6 * len(text), top + 8))
        x += 6 * len(text) + 5
    x = 250.0  # the value column, past a gutter wider than any label
    for text in value.split():
        words.append(Word(text, x, top, x + 6 * len(text), top + 8))
        x += 6 * len(text) + 5
    return words


def _rows(lines: list[tuple[str, str]]) -> list[list[str]]:
    words = [w for n, (label, value) in enumerate(lines) for w in _line(74 + n * PITCH, label, value)]
    rows = gap_table_rows(words)
    return [[w.text for w in sorted(words, key=lambda w: (w.top, w.x0))
             if box[0] <= (w.x0 + w.x1) / 2 <= box[2] and box[1] <= (w.top + w.bottom) / 2 <= box[3]]
            for box, _, _ in rows]


CASES = [
    ("one-line rows as tight as a cell's lines, each label closed by its colon",
     [("Decision Maker:", "Cabinet"), ("Decision status:", "Decision Made"), ("Is Key decision?:", "Yes"),
      ("Purpose:", "To consider the responses to the"), ("", "consultation on parking.")],
     [["Decision", "Maker:", "Cabinet"], ["Decision", "status:", "Decision", "Made"], ["Is", "Key", "decision?:", "Yes"],
      ["Purpose:", "To", "consider", "the", "responses", "to", "the", "consultation", "on", "parking."]]),
    ("a label alone after a closed one starts the next row, its value below",
     [("Decision status:", "Approved"), ("Is subject to call in?:", "No"), ("Decision:", ""),
      ("", "The demolition was approved."), ("Date of decision:", "27/07/2021")],
     [["Decision", "status:", "Approved"], ["Is", "subject", "to", "call", "in?:", "No"], ["Decision:", "The", "demolition", "was", "approved."],
      ["Date", "of", "decision:", "27/07/2021"]]),
    ("a label its cell wrapped, the value level with its last line: the row starts with the label",
     [("The subject of the", ""), ("decision:", "For each year the council must"), ("", "review its scheme."),
      ("Alternative options", ""), ("considered:", "None."), ("The reason for the", ""),
      ("decision:", "To comply with the Act.")],
     [["The", "subject", "of", "the", "decision:", "For", "each", "year", "the", "council", "must", "review", "its",
       "scheme."], ["Alternative", "options", "considered:", "None."],
      ["The", "reason", "for", "the", "decision:", "To", "comply", "with", "the", "Act."]]),
    ("a label wrapped in its cell without a separator stays one row",
     [("Alternative options", "To keep the car park open,"), ("considered", "which was rejected."),
      ("Decision Maker", "Cabinet"), ("Date", "4 May 2022")],
     [["Alternative", "options", "To", "keep", "the", "car", "park", "open,", "considered", "which", "was", "rejected."],
      ["Decision", "Maker", "Cabinet"], ["Date", "4", "May", "2022"]]),
]


@pytest.mark.parametrize("lines,expected", [pytest.param(lines, rows, id=name) for name, lines, rows in CASES])
def test_rows_of_a_gap_table(lines, expected):
    assert _rows(lines) == expected
