"""extract(): the one place the stages meet. read -> segment -> assemble -> validate.

Bytes or a path go in; an `ExtractionResult` comes out, always: a file that cannot be read
yields a result whose ``error`` says why, so batch callers never lose a file to an exception.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Union

from .assemble import AssembledNotice
from .notices import assemble_notices, looks_like_notice, names_another_kind, not_a_notice, unread_notice
from .document import Document
from .errors import WARNING_CODES, ExtractorError, InputError
from .lexicon import Lexicon, load_lexicon
from .limits import MAX_FILE_BYTES
from .options import RunOptions, run_options
from .readers import read_document, sniff_format
from .records import Record, failed_record, notice_record, result_record, source_record, warning_record
from .inline_labels import split_inline_labels
from .reflow import reflow_flattened
from .segment import find_sections
from .split import reads_as_minutes
from .tables import assemble_table, find_table, form_segments

if TYPE_CHECKING:
    from .models import ExtractionResult

PathOrBytes = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]
_FORMATS = {"text": "text", "pdf": "pdf", "zip": "docx", "image": "image", "html": "html", "ole": "doc",
            "rtf": "rtf", "odt": "odt"}


class Extraction:
    """Everything one run produced: the result (as plain JSON data, and as the validated model
    on first use), the document it read, and where its units went."""

    __slots__ = ("record", "document", "assembled", "_result")

    def __init__(self, record: Record, document: Document | None, assembled: tuple[AssembledNotice, ...]):
        self.record, self.document, self.assembled = record, document, assembled
        self._result: ExtractionResult | None = None

    @property
    def result(self) -> ExtractionResult:
        if self._result is None:
            from .models import ExtractionResult

            self._result = ExtractionResult.model_validate(self.record)
        return self._result


def _load(source: PathOrBytes | None, filename: str | None, text: str | None = None,
          max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, str | None]:
    """The input's bytes and the name it goes by: a path, bytes, a binary file object, or `text=`;
    past ``max_bytes`` it is refused as too_large (a path before it is read).

    A ``str`` is always a path (a notice's text goes through ``text=``, so text can never be
    mistaken for a file name, nor a file name for text)."""
    data, name = _load_any(source, filename, text, max_bytes)
    if len(data) > max_bytes:
        raise InputError(f"the input is {len(data)} bytes, over the {max_bytes}-byte limit", code="too_large", path=name)
    return data, name


def _load_any(source: PathOrBytes | None, filename: str | None, text: str | None,
              max_bytes: int) -> tuple[bytes, str | None]:
    if text is not None:
        if source is not None:
            raise TypeError("give either a source (path, bytes or binary file) or text=, not both")
        if not isinstance(text, str):
            raise TypeError(f"text= takes a str, not {type(text).__name__}; pass bytes as the source")
        return text.encode("utf-8"), filename
    if source is None:
        raise TypeError("nothing to extract: give a path, bytes, a binary file object, or text=")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename
    if hasattr(source, "read"):  # an open binary file, BytesIO, an upload's stream
        own = getattr(source, "name", None)
        name = filename or (own if isinstance(own, str) else None)
        try:
            data = source.read()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", code="unreadable_file", path=name) from None
        if isinstance(data, str):
            raise TypeError("the file object is open in text mode: open it with 'rb', or pass its text as text=")
        return bytes(data), name
    path = Path(source)
    name = filename or str(source)
    try:
        exists = path.exists()
    except (OSError, ValueError):  # a name too long for the filesystem, or with a NUL in it
        exists = False
    if not exists:
        hint = " (to extract a notice's text itself, pass it as text=...)" if _looks_like_text(str(source)) else ""
        raise InputError(f"no such file{hint}", code="file_not_found", path=name)
    if not path.is_file():
        raise InputError("not a regular file", code="not_a_file", path=name)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"file is {size} bytes, over the {max_bytes}-byte limit", code="too_large", path=name)
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", code="unreadable_file", path=name) from None


def _looks_like_text(value: str) -> bool:
    """A "path" with a line break or a label's colon is most likely a notice's text."""
    return "\n" in value or ": " in value or len(value) > 1024


def _read(data: bytes, name: str | None, options: RunOptions) -> Document:
    """The readers, told what the options say (the one call that hands options to them), the OCR
    thread share included: it travels with the file, so no file inherits another's."""
    return read_document(data, path=name, options=options)


def read(source: PathOrBytes | None = None, *, text: str | None = None, filename: str | None = None,
         options: RunOptions | None = None, pdf_engine: str | None = None, ocr: str | None = None) -> Document:
    """The `Document` (extracted text and lines) for a path, bytes, file or text; raises `ExtractorError`
    (and `OptionError` for an option value that does not exist)."""
    options = run_options(options, pdf_engine=pdf_engine, ocr=ocr)
    data, name = _load(source, filename, text, options.max_bytes)
    return _read(data, name, options)


def extract_text(source: PathOrBytes | None = None, *, text: str | None = None, filename: str | None = None,
                 options: RunOptions | None = None, pdf_engine: str | None = None, ocr: str | None = None) -> str:
    """The extracted text that provenance offsets point into (what `decision-extractor text` prints)."""
    return read(source, text=text, filename=filename, options=options, pdf_engine=pdf_engine, ocr=ocr).text


def run(source: PathOrBytes | None = None, *, text: str | None = None, filename: str | None = None,
        options: RunOptions | None = None, pdf_engine: str | None = None, ocr: str | None = None,
        lexicon: tuple[str, ...] | None = None) -> Extraction:
    """Extract one file, keeping the intermediate document for inspection and tests.

    ``options`` say how files are read (`RunOptions`); ``pdf_engine``, ``ocr`` and ``lexicon``
    are shorthands that change those options for this call. A value that does not exist raises
    `OptionError` at once; a file that cannot be read never raises."""
    options = run_options(options, pdf_engine=pdf_engine, ocr=ocr, lexicon=lexicon)
    data: bytes | None = None  # None: the bytes were never read (checksum and size unknown)
    name = filename
    try:
        data, name = _load(source, filename, text, options.max_bytes)
        document = _read(data, name, options)
    except Exception as exc:  # bad input never raises: a coded error (internal_error for a bug)
        if isinstance(exc, MemoryError):
            raise  # the batch and service workers report the memory cap themselves
        if isinstance(exc, TypeError) and data is None:
            raise  # the caller passed something that is no input (a text file object, path and text)
        code, message = ((exc.code, exc.message) if isinstance(exc, ExtractorError)
                         else ("internal_error", f"{type(exc).__name__}: {exc}"[:300]))
        fmt = _FORMATS.get(sniff_format(data, name)) if data else None
        if name is None and isinstance(exc, ExtractorError):
            name = exc.path
        return Extraction(failed_record(source_record(data, name, fmt, None), code, message), None, ())
    file_warnings = [warning_record(code, None, WARNING_CODES[code]) for code in document.warnings]
    mismatch = _extension_mismatch(name, document.format)
    if mismatch:
        file_warnings.append(warning_record("extension_mismatch", None, mismatch))
    source_info = source_record(data, name, document.format, document)
    if not document.text.strip():  # a scan: nothing to segment until it is OCR'd
        return Extraction(result_record(source_info, [notice_record(document, unread_notice(), options.review_below)], file_warnings),
                          document, ())
    labels = load_lexicon(options.lexicon)
    if options.templates:  # a learned template the document matches reads it (templates/read.py)
        from .templates.read import read_with_templates

        return read_with_templates(document, labels, options.templates,
                                   lambda doc, lex: _notices(doc, lex, dict(source_info), file_warnings,
                                                             options.review_below))
    return _notices(document, labels, source_info, file_warnings, options.review_below)


def _notices(document: Document, labels: Lexicon, source_info: Record, file_warnings: list[Record],
             review_below: float | None = None) -> Extraction:
    """Segment and assemble a read document's notices with ``labels``; ``review_below``: the
    run's confidence threshold for needs_review."""
    file_warnings = list(file_warnings)
    document = split_inline_labels(reflow_flattened(document, labels), labels)
    minutes = reads_as_minutes(document.text, labels.words)  # asked once: segment and assemble both read it
    segments = find_sections(document, labels, minutes=minutes)
    table = find_table(document, labels, segments)
    meeting: AssembledNotice | None
    if table is not None and names_another_kind(document, labels):
        table = None  # "Forward plan of key decisions": a table of decisions still to be taken records none
    if table is not None and table.form:  # a form's labels over their values, set as a table's two rows
        segments, table = form_segments(document, segments, table, labels), None
    if table is not None:  # a table or list of decisions: one notice per entry
        assembled, meeting = assemble_table(document, segments, table, labels)
    elif looks_like_notice(document, segments, labels):
        assembled, meeting = assemble_notices(document, segments, labels, minutes=minutes)
    else:  # an agenda, a list of links: its lines are kept, as no notice's values
        assembled, meeting = (not_a_notice(document, segments, labels),), None
        file_warnings.append(warning_record("not_a_notice", None, WARNING_CODES["not_a_notice"]))
    notices = [notice_record(document, a, review_below) for a in _with_meeting_header(assembled, meeting)]
    return Extraction(result_record(source_info, notices, file_warnings), document,
                      (*assembled, *([meeting] if meeting else [])))


def _with_meeting_header(assembled: tuple[AssembledNotice, ...],
                         meeting: AssembledNotice | None) -> tuple[AssembledNotice, ...]:
    """The notices as the result writes them: the meeting header's leftovers (what the page says
    once around its decisions, no field's) open the first decision's other_sections. Merged here,
    before the records are built, so no record is patched afterwards; the notices the run keeps
    for the nothing-lost check stay apart from the meeting's, each line counted once."""
    if meeting is None:
        return assembled
    first = dataclasses.replace(assembled[0], other_sections=meeting.other_sections + assembled[0].other_sections)
    return (first, *assembled[1:])


def extract(source: PathOrBytes | None = None, *, text: str | None = None, filename: str | None = None,
            options: RunOptions | None = None, pdf_engine: str | None = None, ocr: str | None = None,
            lexicon: tuple[str, ...] | None = None) -> ExtractionResult:
    """Extract every notice in one file.

    ``source``: a path (``str`` or ``Path``), the file's bytes, or a binary file object (``open(f,
    "rb")``, ``BytesIO``); or give the notice's text itself as ``text=``. ``filename`` names bytes,
    a file object or text (its extension is checked against the content). ``options``: how it is
    read (`RunOptions`: OCR, PDF engine, size limit, user lexicons); ``pdf_engine`` ("pdfium",
    the default: fastest, and equal on every fixture; or "pdfplumber", the
    ``decision-extractor[pdfplumber]`` extra), ``ocr`` ("auto", "always", "never") and
    ``lexicon`` change those options for this call.
    """
    return run(source, text=text, filename=filename, options=options, pdf_engine=pdf_engine, ocr=ocr,
               lexicon=lexicon).result


def extract_record(source: PathOrBytes | None = None, *, text: str | None = None, filename: str | None = None,
                   options: RunOptions | None = None, pdf_engine: str | None = None, ocr: str | None = None,
                   lexicon: tuple[str, ...] | None = None) -> Record:
    """`extract()` as plain JSON data (what `ExtractionResult.model_dump(mode="json")` gives),
    without importing pydantic: the command line's and batch runs' path."""
    return run(source, text=text, filename=filename, options=options, pdf_engine=pdf_engine, ocr=ocr,
               lexicon=lexicon).record


_EXTENSIONS = {".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".html": "html",
               ".htm": "html", ".mht": "html", ".mhtml": "html", ".doc": "doc", ".rtf": "rtf", ".odt": "odt"}


def _extension_mismatch(name: str | None, detected: str) -> str | None:
    """A message when the file's extension names another format than its content."""
    if not name:
        return None
    claimed = _EXTENSIONS.get(Path(name).suffix.lower())
    if claimed is None or claimed == detected:
        return None
    return f"the file is named {Path(name).suffix} but its content is {detected}; read as {detected}"
