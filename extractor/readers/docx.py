"""Word (.docx) notices through python-docx: body paragraphs and tables in document order.

Each paragraph is one line (a soft line break starts another); list paragraphs get their
number or a bullet glyph as Word would print them; a two-column table reads as label lines
followed by their values; text boxes and content controls are read where they sit; headers
and footers are kept at the end as furniture so they never run into a value.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..errors import InputError
from ..limits import MAX_PART_BYTES, MAX_UNPACKED_BYTES
from ..normalise import RawLine, assemble_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(97 + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"}:
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


class _Numbering:
    """Word's list numbering: counters per list and level, formatted as the level says."""

    def __init__(self, document: Any):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "%1.",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                for level, spec in abstract.get(ref.get(f"{W}val"), {}).items():
                    self.levels[(num.get(f"{W}numId"), level)] = spec

    def label(self, num_id: str, level: int) -> str | None:
        spec = self.levels.get((num_id, level))
        if spec is None:
            return None
        fmt, text, start = spec
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= level:
            counters.append(0)
        del counters[level + 1 :]
        counters[level] += 1
        for k, count in enumerate(counters):
            k_spec = self.levels.get((num_id, k), ("decimal", "", 1))
            value = count + k_spec[2] - 1 if count else k_spec[2]
            text = text.replace(f"%{k + 1}", _format(value, k_spec[0]))
        return text


class _Walker:
    def __init__(self, document: Any):
        self.doc = document
        self.numbering = _Numbering(document)
        self.styles: dict[str, tuple[str, Any]] = {}
        for style in document.styles.element.iter(f"{W}style"):
            name = style.find(f"{W}name")
            self.styles[style.get(f"{W}styleId")] = (name.get(f"{W}val") if name is not None else "", style)
        self.lines: list[RawLine] = []
        self.paragraph_index = 0
        self.table_index = 0

    # -- paragraphs --------------------------------------------------------------------------
    def paragraph_text(self, p: Any) -> str:
        parts: list[str] = []

        def walk(node: Any) -> None:
            for child in node:
                tag = child.tag
                if tag in (f"{W}txbxContent", MC_FALLBACK, f"{W}del", f"{W}moveFrom"):
                    continue
                if tag == f"{W}t":
                    parts.append(child.text or "")
                elif tag == f"{W}tab":
                    parts.append("\t")
                elif tag in (f"{W}br", f"{W}cr"):
                    parts.append("\n")
                elif tag == f"{W}noBreakHyphen":
                    parts.append("-")
                else:
                    walk(child)

        walk(p)
        return "".join(parts)

    def style_of(self, p: Any) -> tuple[str, Any]:
        ppr = p.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        return self.styles.get(style.get(f"{W}val") if style is not None else "", ("", None))

    def number_of(self, p: Any, style_element: Any) -> str | None:
        for holder in (p.find(f"{W}pPr"), style_element.find(f"{W}pPr") if style_element is not None else None):
            numpr = holder.find(f"{W}numPr") if holder is not None else None
            if numpr is not None:
                num = numpr.find(f"{W}numId")
                lvl = numpr.find(f"{W}ilvl")
                if num is not None and num.get(f"{W}val") != "0":
                    return self.numbering.label(num.get(f"{W}val"), int(lvl.get(f"{W}val")) if lvl is not None else 0)
        return None

    @staticmethod
    def bold(p: Any) -> bool:
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
        if not runs:
            return False
        for run in runs:
            rpr = run.find(f"{W}rPr")
            b = rpr.find(f"{W}b") if rpr is not None else None
            if b is None or b.get(f"{W}val") in {"0", "false"}:
                return False
        return True

    def paragraph(self, p: Any, locator: str, extra: frozenset[str] = frozenset()) -> None:
        name, style_element = self.style_of(p)
        text = self.paragraph_text(p)
        hints = set(extra)
        if name.lower().startswith(("heading", "title")):
            hints.add("heading")
        if self.bold(p):
            hints.add("bold")
        number = self.number_of(p, style_element) if text.strip() else None
        if number:
            text = f"{number} {text}" if number != "•" else f"• {text}"
        for piece in text.split("\n") if text else [""]:
            self.lines.append(RawLine(piece.replace("\t", " "), None, None, frozenset(hints), locator))
        for box in p.iter(f"{W}txbxContent"):  # text boxes: read where they are anchored
            if any(a.tag == MC_FALLBACK for a in box.iterancestors()):
                continue
            for inner in box.iter(f"{W}p"):
                self.paragraph(inner, f"{locator}.box")

    # -- tables ------------------------------------------------------------------------------
    def table(self, tbl: Any) -> None:
        self.table_index += 1
        t = self.table_index
        rows = tbl.findall(f"{W}tr")
        cells_per_row = [row.findall(f"{W}tc") for row in rows]
        label_value = bool(rows) and all(len(cells) == 2 for cells in cells_per_row)
        for r, cells in enumerate(cells_per_row, 1):
            if self.lines and self.lines[-1].text:
                self.lines.append(RawLine(""))
            for c, cell in enumerate(cells, 1):
                locator = f"t{t}.r{r}.c{c}"
                if label_value and c == 1:
                    text = " ".join(self.paragraph_text(p).strip() for p in cell.iter(f"{W}p")).strip()
                    if text:
                        self.lines.append(RawLine(text, None, None, frozenset({"label"}), locator))
                    continue
                for child in self.block_children(cell):
                    self.block(child, locator)

    # -- document order ----------------------------------------------------------------------
    def block_children(self, node: Any) -> Iterator[Any]:
        for child in node:
            if child.tag == f"{W}sdt":  # content controls: their content, in place
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    yield from self.block_children(content)
            elif child.tag in (f"{W}p", f"{W}tbl"):
                yield child

    def block(self, node: Any, locator: str | None = None) -> None:
        if node.tag == f"{W}tbl":
            self.table(node)
        else:
            self.paragraph_index += 1
            self.paragraph(node, locator or f"p{self.paragraph_index}")

    def furniture(self) -> None:
        seen: set[str] = set()
        texts = []
        for section in self.doc.sections:
            for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
                try:
                    element = part._element  # noqa: SLF001 - python-docx exposes no public XML root
                except (AttributeError, ValueError):
                    continue
                if element is None:
                    continue
                for p in element.iter(f"{W}p"):
                    text = self.paragraph_text(p).strip()
                    if text and text not in seen:
                        seen.add(text)
                        texts.append(text)
        if texts:
            self.lines.append(RawLine(""))
            for text in texts:
                self.lines.append(RawLine(text, None, None, frozenset({"furniture"}), "header/footer"))

    def run(self) -> list[RawLine]:
        for child in self.block_children(self.doc.element.body):
            self.block(child)
        self.furniture()
        return self.lines


def _check_unpacked_size(archive: zipfile.ZipFile, path: str | None) -> None:
    """Every part, not only document.xml, is bounded, and so is their sum: zipfile never
    inflates a part past the size its header declares, so the headers suffice."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            raise InputError(f"the .docx expands past the limit ({info.filename}: {info.file_size:,} bytes; "
                             f"at most {MAX_PART_BYTES:,} a part and {MAX_UNPACKED_BYTES:,} in all)",
                             code="too_large", path=path)


def read_docx(data: bytes, *, path: str | None = None) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except Exception:  # zipfile raises many kinds on a damaged archive (BadZipFile, NotImplementedError, ...)
        raise InputError("the .docx is damaged (not a readable zip archive)", code="corrupt_file", path=path) from None
    if "word/document.xml" not in names:
        raise InputError("a zip archive, but not a Word document (no word/document.xml)",
                         code="unsupported_format", path=path)
    _check_unpacked_size(archive, path)
    import docx  # lazy: a text-only run never imports python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        raw = _Walker(document).run()
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged parts
        raise InputError(f"the .docx is damaged: {type(exc).__name__}", code="corrupt_file", path=path) from None
    text, lines = assemble_lines(raw)
    if not text.strip():
        raise InputError("the Word document holds no text", code="empty_file", path=path)
    return Document(text, lines, "docx", None, None, ())
