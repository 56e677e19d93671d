"""extract(): the one place the stages meet. read -> segment -> assemble -> validate.

Bytes or a path go in; an `ExtractionResult` comes out, always: a file that cannot be read
yields a result whose ``error`` says why, so batch callers never lose a file to an exception.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from ._version import __version__
from .assemble import AssembledNotice, assemble_notices
from .document import Document
from .errors import WARNING_CODES, ExtractorError, InputError
from .lexicon import load_lexicon
from .models import (
    Contact,
    Error,
    ExtractionResult,
    ExtractionWarning,
    ExtractorInfo,
    Notice,
    OtherSection,
    Source,
    Span,
    VALUE_FIELDS,
)
from .readers import read_document, sniff_format
from .segment import find_sections
from .values import ContactValue

PathOrBytes = Union[str, os.PathLike, bytes]
LOW_CONFIDENCE = 70.0  # an OCR'd value whose weakest line scores below this needs review
MAX_BYTES = 200 * 1024 * 1024
_FORMATS = {"text": "text", "pdf": "pdf", "zip": "docx", "image": "image", "html": "html"}


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one run produced: the result, the document it read, and where units went."""

    result: ExtractionResult
    document: Document | None
    assembled: tuple[AssembledNotice, ...]


def _load(source: PathOrBytes, filename: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename
    path = Path(source)
    name = filename or str(source)
    if not path.exists():
        raise InputError("no such file", code="file_not_found", path=name)
    if not path.is_file():
        raise InputError("not a regular file", code="not_a_file", path=name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file is {size} bytes, over the {MAX_BYTES}-byte limit", code="too_large", path=name)
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", code="unreadable_file", path=name) from None


def read(source: PathOrBytes, *, filename: str | None = None, pdf_engine: str | None = None) -> Document:
    """The `Document` (extracted text and lines) for a path or bytes; raises `ExtractorError`."""
    data, name = _load(source, filename)
    return read_document(data, path=name, pdf_engine=pdf_engine)


def extract_text(source: PathOrBytes, *, filename: str | None = None, pdf_engine: str | None = None) -> str:
    """The extracted text that provenance offsets point into (what `decision-extractor text` prints)."""
    return read(source, filename=filename, pdf_engine=pdf_engine).text


def run(source: PathOrBytes, *, filename: str | None = None, pdf_engine: str | None = None,
        ocr: str = "auto") -> Extraction:
    """Extract one file, keeping the intermediate document for inspection and tests."""
    name = filename if filename is not None else (None if isinstance(source, (bytes, bytearray)) else str(source))
    data = b""
    try:
        data, name = _load(source, name)
        document = read_document(data, path=name, pdf_engine=pdf_engine, ocr=ocr)
    except ExtractorError as exc:
        return Extraction(_failed(data, name, exc), None, ())
    file_warnings = [
        ExtractionWarning(code=code, field=None, message=WARNING_CODES[code]) for code in document.warnings
    ]
    mismatch = _extension_mismatch(name, document.format)
    if mismatch:
        file_warnings.append(ExtractionWarning(code="extension_mismatch", field=None, message=mismatch))
    if not document.text.strip():  # a scan: nothing to segment until it is OCR'd
        review = ExtractionWarning(code="no_text_layer", field=None, message=WARNING_CODES["no_text_layer"])
        result = ExtractionResult(source=_source(data, name, document), extractor=ExtractorInfo(version=__version__),
                                  notices=[Notice(warnings=[review], needs_review=True)], warnings=file_warnings)
        return Extraction(result, document, ())
    lexicon = load_lexicon()
    segments = find_sections(document, lexicon)
    assembled, meeting = assemble_notices(document, segments, lexicon)
    notices = [_notice(document, a) for a in assembled]
    if meeting is not None:  # the meeting header's leftovers stay with the first decision
        header = [OtherSection(heading=u.heading, text=u.text, page=u.page) for u in meeting.other_sections]
        notices[0] = notices[0].model_copy(update={"other_sections": header + list(notices[0].other_sections)})
    if not any(s.kind in {"field", "fallback", "marker", "pattern"} for s in segments):  # no known label at all
        file_warnings.append(ExtractionWarning(code="not_a_notice", field=None, message=WARNING_CODES["not_a_notice"]))
    result = ExtractionResult(
        source=_source(data, name, document),
        extractor=ExtractorInfo(version=__version__),
        notices=notices,
        warnings=file_warnings,
    )
    return Extraction(result, document, (*assembled, *([meeting] if meeting else [])))


def extract(source: PathOrBytes, *, filename: str | None = None, pdf_engine: str | None = None,
            ocr: str = "auto") -> ExtractionResult:
    """Extract every notice in one file (a path, or bytes with an optional filename).

    ``pdf_engine``: "pdfium" (the default: fastest, and equal on every fixture) or "pdfplumber".
    """
    return run(source, filename=filename, pdf_engine=pdf_engine, ocr=ocr).result


_EXTENSIONS = {".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx", ".docm": "docx"}


def _extension_mismatch(name: str | None, detected: str) -> str | None:
    """A message when the file's extension names another format than its content."""
    if not name:
        return None
    claimed = _EXTENSIONS.get(Path(name).suffix.lower())
    if claimed is None or claimed == detected:
        return None
    return f"the file is named {Path(name).suffix} but its content is {detected}; read as {detected}"


def _source(data: bytes, name: str | None, document: Document | None) -> Source:
    fmt = document.format if document else _FORMATS.get(sniff_format(data)) if data else None
    return Source(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        format=fmt,
        pages=document.pages if document else None,
        encoding=document.encoding if document else None,
    )


def _failed(data: bytes, name: str | None, exc: ExtractorError) -> ExtractionResult:
    return ExtractionResult(
        source=_source(data, name, None),
        extractor=ExtractorInfo(version=__version__),
        error=Error(code=exc.code, message=exc.message),
    )


def _span(document: Document, label: str | None, start: int, end: int) -> Span:
    first = bisect.bisect_left(document.line_ends, start)
    last = bisect.bisect_right(document.line_starts, end)
    lines = [ln for ln in document.lines[first:last] if ln.end > ln.start]
    pages = {ln.page for ln in lines if ln.page is not None}
    boxes = [ln.bbox for ln in lines if ln.bbox is not None]
    bbox = None
    if boxes:
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    page = min(pages) if pages else None
    scores = [ln.confidence for ln in lines if ln.confidence is not None]
    confidence = round(min(scores), 1) if scores else None
    locators = [ln.locator for ln in lines if ln.locator]
    locator = None
    if locators:
        locator = locators[0] if locators[0] == locators[-1] else f"{locators[0]}..{locators[-1]}"
    return Span(label=label, start=start, end=end, page=page, bbox=bbox, locator=locator, confidence=confidence,
                raw=document.text[start:end])


def _notice(document: Document, assembled: AssembledNotice) -> Notice:
    values = dict(assembled.values)
    contact = values.get("contact")
    if isinstance(contact, ContactValue):
        values["contact"] = Contact(name=contact.name, role=contact.role, email=contact.email, phone=contact.phone)
    provenance = {
        name: _span(document, *assembled.provenance[name]) for name in VALUE_FIELDS if name in assembled.provenance
    }
    warnings = [ExtractionWarning(code=w.code, field=w.field, message=w.message) for w in assembled.warnings]
    for name, span in provenance.items():  # OCR doubt is a reason for a human to look
        if span.confidence is not None and span.confidence < LOW_CONFIDENCE and name != "document_type":
            warnings.append(ExtractionWarning(code="ocr_low_confidence", field=name,
                                              message=f"{name}: OCR confidence {span.confidence:g} (of 100)"))
    others = [OtherSection(heading=u.heading, text=u.text, page=u.page) for u in assembled.other_sections]
    return Notice(**values, provenance=provenance, other_sections=others, warnings=warnings,
                  needs_review=bool(warnings))
