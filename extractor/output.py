"""Serialise results: one JSON document per file, JSON Lines with one notice per line, or CSV.

Each writer takes a result as plain JSON data (`records.py`, the command line's path) or as
the `ExtractionResult` model (the Python API and the service), and writes the same text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .records import Record, dumps

if TYPE_CHECKING:
    from .models import ExtractionResult

ResultLike = Union[Record, "ExtractionResult"]


def _record(result: ResultLike) -> Record:
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


def result_json(result: ResultLike, *, indent: int | None = 2) -> str:
    return dumps(_record(result), indent=indent)


def notice_lines(result: ResultLike) -> Iterator[str]:
    """`--jsonl`: each notice on its own line with the file's source copied in (a NoticeLine)."""
    record = _record(result)
    for notice in record["notices"]:
        yield dumps({**notice, "schema_version": record["schema_version"], "source": record["source"]}, indent=None)


# `--csv`: one row per notice; this order is the contract for spreadsheets (README documents it).
CSV_COLUMNS = (
    "source_path", "source_sha256", "source_format", "notice_index", "title", "authority", "document_type",
    "decision_maker", "decision_status", "is_key_decision", "subject_to_call_in", "purpose", "decision",
    "reasons", "alternatives_considered", "category", "wards_affected", "consultation",
    "declarations_of_interest", "contact_name", "contact_role", "contact_email", "contact_phone",
    "report_author", "decision_date", "publication_date", "effective_from", "call_in_deadline",
    "representations_deadline", "background_papers", "accompanying_documents", "needs_review",
    "warning_codes", "error_code",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def csv_rows(result: ResultLike) -> Iterator[list[str]]:
    """Flattened rows: one per notice, or one carrying the error for a file that failed."""
    record = _record(result)
    source, error = record["source"], record["error"]
    base = {"source_path": source["path"], "source_sha256": source["sha256"], "source_format": source["format"]}
    file_codes = {w["code"] for w in record["warnings"]}
    if not record["notices"]:
        row = {**base, "error_code": error["code"] if error else None,
               "warning_codes": [w["code"] for w in record["warnings"]]}
        yield [_cell(row.get(c)) for c in CSV_COLUMNS]
        return
    for index, notice in enumerate(record["notices"]):
        data: dict[str, Any] = dict(notice)
        contact = data.pop("contact") or {}
        row = {**base, **data, "notice_index": index,
               **{f"contact_{k}": contact.get(k) for k in ("name", "role", "email", "phone")},
               "warning_codes": sorted(file_codes | {w["code"] for w in data["warnings"]})}
        yield [_cell(row.get(c)) for c in CSV_COLUMNS]


def csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def schemas() -> dict[str, str]:
    """The JSON Schema files, by file name, exactly as `schemas/` holds them."""
    from .models import ExtractionResult, NoticeLine

    out = {}
    for name, model in (("extraction-result.schema.json", ExtractionResult), ("notice-line.schema.json", NoticeLine)):
        schema = model.model_json_schema(mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary name and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a full or read-only disk: leave no half-written file behind
        tmp.unlink(missing_ok=True)
        raise
