"""The pdfplumber engine: each page's words with their font, and the rows of ruled tables (a
form's two columns, a grid's three or more) found from ruling lines, as `PageWords` for the
shared layout."""

from __future__ import annotations

import io
from typing import Any

import regex

from ..errors import InputError
from ..words import Box, PageWords, TableRow, Word

_BOLD = regex.compile(r"bold|black|heavy|semibold|demi", regex.I)


def _plumber_page(page: Any) -> PageWords:
    """pdfplumber: words with their font, and the rows of tables found from ruling lines."""
    words = tuple(Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]),
                       bool(_BOLD.search(w.get("fontname", ""))), round(float(w["size"]), 2) if "size" in w else None)
                  for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False))
    rows: list[TableRow] = []
    # the ends of the vertical rules bound a table too: a row split over pages has no rule at the cut
    ends = sorted({round(float(e[key]), 1) for e in page.vertical_edges for key in ("top", "bottom")})
    settings = {"explicit_horizontal_lines": [ends[0], ends[-1]]} if ends else {}
    for table in page.find_tables(table_settings=settings):
        counts = [len([c for c in row.cells if c is not None]) for row in table.rows]
        if not counts or not (all(n == 2 for n in counts) or max(counts) >= 3):
            continue
        for row, count in zip(table.rows, counts):  # a form's label and value cells, or a grid's row
            if count == 2 and max(counts) == 2 or count >= 3:  # (a grid's cell spanning it all: no row)
                rows.append((_box(row.bbox), *(_box(c) for c in row.cells if c is not None)))
    return PageWords(float(page.width), float(page.height), words, tuple(rows))


def _refusal(exc: BaseException, path: str | None) -> InputError:
    """Translate what pdfminer raised (often wrapped by pdfplumber) into one coded error."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    chain: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and len(chain) < 5:
        chain.append(node)
        node = node.__cause__ or node.__context__ or (node.args[0] if node.args and isinstance(node.args[0], BaseException) else None)
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in chain):
        return InputError("the PDF is encrypted; a password is needed", code="encrypted", path=path)
    detail = " ".join(str(exc).split())[:120]
    return InputError(f"the PDF is damaged: {type(chain[-1]).__name__}{': ' + detail if detail else ''}",
                      code="corrupt_file", path=path)


def plumber_pages(data: bytes, path: str | None) -> list[PageWords]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_plumber_page(page) for page in pdf.pages]
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged or locked files
        raise _refusal(exc, path) from None


def _box(box: Any) -> Box:
    x0, top, x1, bottom = box
    return float(x0), float(top), float(x1), float(bottom)
