"""Serialise results: one JSON document per file, or JSON Lines with one notice per line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from .models import ExtractionResult, NoticeLine

SCHEMA_FILES = {
    "extraction-result.schema.json": ExtractionResult,
    "notice-line.schema.json": NoticeLine,
}


def result_json(result: ExtractionResult, *, indent: int | None = 2) -> str:
    return result.model_dump_json(indent=indent)


def notice_lines(result: ExtractionResult) -> Iterator[str]:
    """`--jsonl`: each notice on its own line with the file's source copied in."""
    for notice in result.notices:
        line = NoticeLine.model_construct(**dict(notice), schema_version=result.schema_version, source=result.source)
        yield line.model_dump_json()


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


def csv_rows(result: ExtractionResult) -> Iterator[list[str]]:
    """Flattened rows: one per notice, or one carrying the error for a file that failed."""
    base = {"source_path": result.source.path, "source_sha256": result.source.sha256,
            "source_format": result.source.format}
    if not result.notices:
        row = {**base, "error_code": result.error.code if result.error else None,
               "warning_codes": [w.code for w in result.warnings]}
        yield [_cell(row.get(c)) for c in CSV_COLUMNS]
        return
    for index, notice in enumerate(result.notices):
        data = notice.model_dump(mode="json")
        contact = data.pop("contact") or {}
        row = {**base, **data, "notice_index": index,
               **{f"contact_{k}": contact.get(k) for k in ("name", "role", "email", "phone")},
               "warning_codes": sorted({w.code for w in result.warnings} | {w["code"] for w in data["warnings"]})}
        yield [_cell(row.get(c)) for c in CSV_COLUMNS]


def csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def schemas() -> dict[str, str]:
    """The JSON Schema files, by file name, exactly as `schemas/` holds them."""
    out = {}
    for name, model in SCHEMA_FILES.items():
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
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
