"""The PDFium engine (pypdfium2): the same `PageWords` as pdfplumber's, about thirty times faster.

Words come from PDFium's characters and their (font-height) boxes, bold from the font weight;
two-column tables from the page's ruling lines, as pdfplumber's "lines" strategy finds them.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..words import PageWords, TableRow, Word

RULE = 2.0  # a path object thinner than this is a ruling line
_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})
# White space as the regex module's \s has it (Unicode White_Space), spelt out for Python's re,
# whose \s also counts \x1c-\x1f: re finds a page's words in half regex's time
_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# PDFium marks a hyphen it thinks ends a line (U+FFFE) and runs the next line on without a
# space: such a hyphen ends its word.
_WORD = re.compile(f"[^{_SPACE}\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")


def _refusal(exc: BaseException, path: str | None) -> InputError:
    message = str(exc)
    if "password" in message.lower():
        return InputError("the PDF is encrypted; a password is needed", code="encrypted", path=path)
    return InputError(f"the PDF is damaged: {' '.join(message.split())[:120]}", code="corrupt_file", path=path)


_BARE: dict[tuple[str, Any], Any] = {}  # made once a process: a page asks for nine of them


def _bare(name: str, restype: Any) -> Any:
    """The pypdfium2 raw binding ``name`` at the same address with no ``argtypes``: ctypes
    then converts each argument by its Python type instead of through the binding's declared
    types, which takes two thirds of a call's time; `_words` makes four calls a word, with
    arguments that are already the right C values (a text page handle, an int, a pointer). It
    is called holding the GIL (``PYFUNCTYPE``): a call of a few hundred instructions let go of
    it and took it back each time, about 6% of `_words`' instructions."""
    bare = _BARE.get((name, restype))
    if bare is None:
        import ctypes

        import pypdfium2.raw as raw

        function = getattr(raw, name)
        # (PDFium is not thread-safe: no other thread may call it meanwhile anyway)
        address = ctypes.cast(function, ctypes.c_void_p).value
        if not address:  # (a binding pypdfium2 loaded always has one)
            raise RuntimeError(f"PDFium's {name} has no address")
        bare = ctypes.PYFUNCTYPE(restype)(address)
        _BARE[name, restype] = bare
    return bare


def _text_range(handle: Any, count: int) -> str:
    """The text of a text page's ``count`` chars: what pypdfium2's ``get_text_range(0, count)``
    gives (PDFium's text of the chars from the first to the last that have a text index; chars
    PDFium leaves out of its text at either end are skipped), with the raw calls."""
    import codecs
    import ctypes

    import pypdfium2.raw as raw

    text_index = raw.FPDFText_GetTextIndexFromCharIndex
    first, last = 0, count - 1
    while True:
        if first > last:
            return ""
        t_start = text_index(handle, first)
        if t_start == -1:
            first += 1
            continue
        t_end = text_index(handle, last)
        if t_end == -1:
            last -= 1
            continue
        break
    size = t_end + 2 - t_start  # with the NUL PDFium writes after the text
    buffer = (ctypes.c_ushort * size)()
    written = raw.FPDFText_GetText(handle, first, last + 1 - first, buffer)
    if written > size:  # (pypdfium2 asserts the same)
        raise RuntimeError(f"PDFium wrote {written} chars into a buffer of {size}")
    return codecs.decode(memoryview(buffer)[: written - 1], "utf-16-le", "ignore")


def _char_text(handle: Any) -> str:
    """The text page's characters, one a char index (so a text offset names a char box)."""
    import ctypes

    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    count = raw.FPDFText_CountChars(handle)
    if count == -1:
        raise PdfiumError("Failed to get character count.")
    text = _text_range(handle, count)[:count] if count else ""
    if len(text) != count:  # PDFium left chars out of the text (a glyph with no character: U+0000), so
        # text offsets no longer name char boxes; read the chars one by one, an unmapped glyph as a gap
        unicode = _bare("FPDFText_GetUnicode", ctypes.c_uint)
        text = "".join([chr(unicode(handle, index)) for index in range(count)]).replace("\x00", " ")
    return text


def _words(handle: Any, height: float) -> tuple[Word, ...]:
    """Words split where PDFium's text has white space (it adds a space at every gap between
    characters); a box lookup only at each word's two ends, a font weight and size at its start.
    ``handle``: the raw text page (FPDF_TEXTPAGE)."""
    import ctypes
    import struct

    import pypdfium2.raw as raw

    # The handle as ctypes passes a pointer (a ready C argument of type 'P'): a ctypes pointer
    # object is converted into one again at every call, four calls a word.
    text, handle = _char_text(handle), ctypes.c_void_p.from_param(ctypes.cast(handle, ctypes.c_void_p).value)
    # the box is read back from the buffer PDFium writes it to, in one unpack (left, top, right, bottom)
    buffer = bytearray(ctypes.sizeof(raw.FS_RECTF))
    pointer = ctypes.byref(raw.FS_RECTF.from_buffer(buffer))
    unpack = struct.Struct("=4f").unpack_from
    char_box = _bare("FPDFText_GetLooseCharBox", ctypes.c_int)
    weight = _bare("FPDFText_GetFontWeight", ctypes.c_int)
    size = _bare("FPDFText_GetFontSize", ctypes.c_double)
    # (a PDFium without FPDFText_GetTextObject, older than pypdfium2's builds we test: the style asked a word)
    text_object = _bare("FPDFText_GetTextObject", ctypes.c_void_p) if hasattr(raw, "FPDFText_GetTextObject") else None
    # PDFium reads a char's font weight and size from its text object alone (its font's weight,
    # the object's font size), so the words of one text object (a line, often) share them: one
    # call a word for the object instead of two for its style. A char with no object is asked.
    styles: dict[int, tuple[bool, float]] = {}
    new_word = tuple.__new__  # as Word(...) builds it, without its Python-level __new__
    hyphens = "\ufffe" in text or "\x02" in text  # a word can hold one only where the page does
    words: list[Word] = []
    append = words.append
    for found in _WORD.finditer(text):
        start, end = found.span()
        char_box(handle, start, pointer)
        x0, top, x1, bottom = unpack(buffer)
        top, bottom = height - top, height - bottom
        if end - start > 1:
            char_box(handle, end - 1, pointer)
            _, _, x1, last_bottom = unpack(buffer)
            last_bottom = height - last_bottom
            if last_bottom > bottom:  # max(bottom, last_bottom)
                bottom = last_bottom
        word = found.group()
        if hyphens and ("\ufffe" in word or "\x02" in word):
            word = word.translate(_HYPHENS)
        key = text_object(handle, start) if text_object is not None else None
        style = styles.get(key) if key else None
        if style is None:
            style = (weight(handle, start) >= 600, size(handle, start))
            if key:
                styles[key] = style
        bold, font_size = style
        append(new_word(Word, (word, x0, top, x1, bottom, bold, font_size, None, None)))
    return tuple(words)


def _cluster(values: list[float], tolerance: float = 3.0) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def _path_bounds(page: Any) -> list[tuple[float, float, float, float]]:
    """`_page_path_bounds` of a pypdfium2 page."""
    return _page_path_bounds(page.raw)


def _page_path_bounds(handle: Any) -> list[tuple[float, float, float, float]]:
    """The bounds (left, bottom, right, top) of the page's path objects, and of those in its
    Form XObjects one level down: what ``page.get_objects(filter=(FPDF_PAGEOBJ_PATH,),
    max_depth=2)`` and each object's ``get_bounds()`` give, in their order and with their
    errors, read with bare calls. pypdfium2 builds a helper object for every object of the page
    (text and images too, thousands a page) and four c_floats for each box, which took most of
    the table finder's time."""
    import ctypes
    import struct

    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    count = _bare("FPDFPage_CountObjects", ctypes.c_int)
    get_object = _bare("FPDFPage_GetObject", raw.FPDF_PAGEOBJECT)
    get_type = _bare("FPDFPageObj_GetType", ctypes.c_int)
    get_bounds = _bare("FPDFPageObj_GetBounds", ctypes.c_int)
    buffer = bytearray(4 * ctypes.sizeof(ctypes.c_float))
    floats = (ctypes.c_float * 4).from_buffer(buffer)
    corners = [ctypes.byref(floats, k * ctypes.sizeof(ctypes.c_float)) for k in range(4)]
    unpack = struct.Struct("=4f").unpack_from
    found: list[tuple[float, float, float, float]] = []

    def walk(parent: Any, level: int) -> None:
        n_objects = count(parent) if level == 0 else raw.FPDFFormObj_CountObjects(parent)
        if n_objects < 0:
            raise PdfiumError("Failed to get number of pageobjects.")
        for index in range(n_objects):
            obj = get_object(parent, index) if level == 0 else raw.FPDFFormObj_GetObject(parent, index)
            if not obj:
                raise PdfiumError("Failed to get pageobject.")
            kind = get_type(obj)
            if kind == raw.FPDF_PAGEOBJ_UNKNOWN:
                raise PdfiumError("Failed to determine pageobject type, did you pass in a valid FPDF_PAGEOBJECT handle?")
            if kind == raw.FPDF_PAGEOBJ_PATH:
                if not get_bounds(obj, *corners):
                    raise PdfiumError("Failed to locate pageobject.")
                found.append(unpack(buffer))
            elif kind == raw.FPDF_PAGEOBJ_FORM and level == 0:  # (max_depth=2: one level of forms)
                walk(obj, 1)

    walk(handle, 0)
    return found


def _table_rows(handle: Any, height: float) -> tuple[TableRow, ...]:
    """Rows of ruled tables: vertical rules and the horizontal rules between them. A row's cells
    lie between the vertical rules that cross it (a cell spanning two columns crosses none).
    ``handle``: the raw page (FPDF_PAGE)."""
    horizontals, verticals = [], []
    for left, bottom, right, top in _page_path_bounds(handle):
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        if y1 - y0 <= RULE and x1 - x0 > RULE:
            horizontals.append((x0, x1, (y0 + y1) / 2))
        elif x1 - x0 <= RULE and y1 - y0 > RULE:
            verticals.append(((x0 + x1) / 2, y0, y1))
    rows: list[TableRow] = []
    groups: list[list[tuple[float, float, float]]] = []
    for v in sorted(verticals, key=lambda v: (v[1], v[0])):  # tables: verticals spanning the same band
        for group in groups:
            if v[1] <= max(g[2] for g in group) + 1 and v[2] >= min(g[1] for g in group) - 1:
                group.append(v)
                break
        else:
            groups.append([v])
    for group in groups:
        xs = _cluster([v[0] for v in group])
        if len(xs) < 3:
            continue
        top, bottom = min(v[1] for v in group), max(v[2] for v in group)
        # the verticals' ends bound the table too: a row split across pages has no rule at the cut
        ys = _cluster([top, bottom, *(h[2] for h in horizontals if top - 2 <= h[2] <= bottom + 2
                                      and h[0] <= xs[0] + 2 and h[1] >= xs[-1] - 2)])
        for y0, y1 in zip(ys, ys[1:]):
            middle = (y0 + y1) / 2
            crossing = _cluster([v[0] for v in group if v[1] <= middle <= v[2]])
            if len(crossing) == 3 and len(xs) == 3 or len(crossing) >= 3 and len(xs) > 3:
                cells = tuple((a, y0, b, y1) for a, b in zip(crossing, crossing[1:]))
                rows.append(((crossing[0], y0, crossing[-1], y1), *cells))
    return tuple(rows)


def pdfium_pages(data: bytes, path: str | None) -> list[PageWords]:
    """Each page's words and ruled table rows, read with PDFium's raw calls: what pypdfium2's
    `PdfDocument`, `get_page` and `get_textpage` do (the same calls, checks and error messages,
    closed in the same order: text page, page, document), without a helper object, weak
    reference and finalizer for the document and for each page and text page."""
    import pypdfium2 as pdfium  # (importing it starts PDFium)
    import pypdfium2.internal as pdfium_internal
    import pypdfium2.raw as raw

    document = raw.FPDF_LoadMemDocument64(data, len(data), None)  # (``data`` outlives the document)
    try:
        if raw.FPDF_GetPageCount(document) < 1:
            code = raw.FPDF_GetLastError()
            error = pdfium.PdfiumError(f"Failed to load document (PDFium: {pdfium_internal.ErrorToStr.get(code)}).", err_code=code)
            raise _refusal(error, path)
        pages: list[PageWords] = []
        try:
            for index in range(raw.FPDF_GetPageCount(document)):
                page = raw.FPDF_LoadPage(document, index)
                if not page:
                    raise pdfium.PdfiumError("Failed to load page.")
                try:
                    width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
                    textpage = raw.FPDFText_LoadPage(page)
                    if not textpage:
                        raise pdfium.PdfiumError("Failed to load text page.")
                    try:
                        pages.append(PageWords(width, height, _words(textpage, height), _table_rows(page, height)))
                    finally:
                        raw.FPDFText_ClosePage(textpage)
                finally:
                    raw.FPDF_ClosePage(page)
        except MemoryError:
            raise
        except Exception as exc:  # a page PDFium cannot parse
            raise _refusal(exc, path) from None
    finally:
        if document:
            raw.FPDF_CloseDocument(document)
    return pages
