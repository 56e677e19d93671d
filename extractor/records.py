"""The result as plain JSON data, in the models' field order: what the CLI and batch runs write.

Building dicts here keeps pydantic (about 200 ms to import and build) off the command line's
hot path; `extract()` validates these records into the models, and the tests check that every
record validates and serialises exactly as the models do.
"""

from __future__ import annotations

import hashlib
from operator import itemgetter
from typing import Any

import orjson

from ._version import SCHEMA_VERSION, __version__
from .assemble import AssembledNotice
from .confidence import load_confidence, needs_review
from .document import Document
from .fields import DEFAULTS, VALUE_FIELDS
from .rounding import round2
from .values import ContactValue

Record = dict[str, Any]


def dumps(record: Record, *, indent: int | None = 2) -> str:
    """JSON text as pydantic's `model_dump_json` writes it (UTF-8 kept; compact, or a two-space
    indent). orjson formats numbers as pydantic does and is ~15x faster than `json` with indent."""
    if indent not in (None, 2):
        raise ValueError("indent is 2 or None")
    return orjson.dumps(record, option=orjson.OPT_INDENT_2 if indent else 0).decode("utf-8")


def warning_record(code: str, field: str | None, message: str) -> Record:
    return {"code": code, "field": field, "message": message}


def source_record(data: bytes | None, name: str | None, fmt: str | None, document: Document | None) -> Record:
    """``data`` None: the bytes could not be read, so checksum and size are unknown (null).
    ``url`` and ``archived_at`` are filled by a batch run for a web archive's record."""
    return {"path": name, "sha256": None if data is None else hashlib.sha256(data).hexdigest(),
            "bytes": None if data is None else len(data), "format": fmt,
            "pages": document.pages if document else None, "encoding": document.encoding if document else None,
            "url": None, "archived_at": None, "template": None}


def result_record(source: Record, notices: list[Record], warnings: list[Record], error: Record | None = None) -> Record:
    return {"schema_version": SCHEMA_VERSION, "source": source,
            "extractor": {"name": "decision-extractor", "version": __version__},
            "notices": notices, "warnings": warnings, "error": error}


def failed_record(source: Record, code: str, message: str) -> Record:
    return result_record(source, [], [], {"code": code, "message": message})


def empty_notice() -> Record:
    """A notice with no values and nothing to review: the notice columns of a failed file's line."""
    notice: Record = {name: DEFAULTS.get(name) for name in VALUE_FIELDS}
    notice["accompanying_documents"] = []
    notice.update(provenance={}, other_sections=[], warnings=[], confidence=None, needs_review=False)
    return notice


_X0, _TOP, _X1, _BOTTOM = map(itemgetter, range(4))  # a box's edges, read in C over a value's word boxes


def span_record(document: Document, label: str | None, start: int, end: int, how: str | None = None,
                *, score: float | None = None) -> Record:
    """Where a value came from: offsets, page, its box, OCR confidence.

    The box is the union of the boxes of the value's own words (those its span overlaps) on its
    first page, so a value printed after its label on one line ("Decision Maker: Cabinet.")
    gets the box of "Cabinet." alone; a line without word boxes counts with its whole box."""
    if not document.placed:  # a plain text's lines: no page, box or locator to look up
        return {"label": label, "start": start, "end": end, "page": None, "bbox": None,
                "locator": None, "confidence": document.confidence(start, end),
                "method": how, "score": score, "raw": document.text[start:end]}
    lines = document.lines_between(start, end)
    pages = [ln.page for ln in lines if ln.page is not None]
    page = min(pages) if pages else None
    boxes: list[tuple[float, float, float, float]] = []
    for ln in lines:
        if ln.bbox is None and not ln.word_run:
            continue  # no box to give (every line of a text document): nothing to look at
        if ln.page != page or "furniture" in ln.hints:
            continue  # drawn on one page: a value over a page break gets its first part, no running foot
        if ln.word_run and start < ln.start and ln.end < end:
            boxes.extend(ln.word_bboxes())  # a line inside the span: each of its words is the value's
            continue
        own = ln.word_bboxes_over(start, end)
        if own:
            boxes.extend(own)
        elif ln.bbox is not None and (not ln.word_run or (ln.start < end and ln.end > start)):
            boxes.append(ln.bbox)  # no word boxes, or none of them placed: the line's box
    bbox = None
    if boxes:
        bbox = [round2(float(min(map(_X0, boxes)))), round2(float(min(map(_TOP, boxes)))),  # (round(x, 2) each)
                round2(float(max(map(_X1, boxes)))), round2(float(max(map(_BOTTOM, boxes))))]
    locators = [ln.locator for ln in lines if ln.locator]
    locator = None
    if locators:
        locator = locators[0] if locators[0] == locators[-1] else f"{locators[0]}..{locators[-1]}"
    return {"label": label, "start": start, "end": end, "page": page, "bbox": bbox,
            "locator": locator, "confidence": document.confidence(start, end),
            "method": how, "score": score, "raw": document.text[start:end]}


def _json_value(value: Any) -> Any:
    if type(value) is str:  # most values: no failed ``hasattr`` lookup (an exception raised inside)
        return value
    if isinstance(value, ContactValue):
        return {"name": value.name, "role": value.role, "email": value.email, "phone": value.phone}
    if hasattr(value, "isoformat"):  # dates
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def notice_record(document: Document, assembled: AssembledNotice, review_below: float | None = None) -> Record:
    """A notice as the output writes it; ``review_below``: the run's confidence threshold for
    `needs_review` (None: the bundled one)."""
    values = assembled.values
    notice: Record = {}
    for name in VALUE_FIELDS:
        value = values.get(name)
        notice[name] = DEFAULTS.get(name) if value is None else _json_value(value)
    if notice["accompanying_documents"] is DEFAULTS["accompanying_documents"]:
        notice["accompanying_documents"] = []
    provenance = {name: span_record(document, *assembled.provenance[name], score=assembled.scores.get(name))
                  for name in VALUE_FIELDS if name in assembled.provenance}
    notice["provenance"] = provenance
    notice["other_sections"] = [{"heading": u.heading, "text": u.text, "page": u.page}
                                for u in assembled.other_sections]
    notice["warnings"] = [warning_record(w.code, w.field, w.message) for w in assembled.warnings]
    notice["confidence"] = assembled.confidence
    notice["needs_review"] = needs_review(assembled.confidence, review_below, load_confidence())  # the one rule
    return notice
