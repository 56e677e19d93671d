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

from ._version import SCHEMA_VERSION
from .fields import CONTACT_PARTS, VALUE_FIELDS
from .records import Record, dumps

if TYPE_CHECKING:
    from .models import ExtractionResult

ResultLike = Union[Record, "ExtractionResult"]


def _record(result: ResultLike) -> Record:
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


def result_json(result: ResultLike, *, indent: int | None = 2) -> str:
    return dumps(_record(result), indent=indent)


def notice_lines(result: ResultLike) -> Iterator[str]:
    """`--jsonl`: each notice on its own line (a NoticeLine) with its place in the file and the
    file's source, warnings and error copied in. Every input gives at least one line: a file
    that failed (or gave no notice) one with empty notice fields and ``notice_index`` null."""
    from .records import empty_notice

    record = _record(result)
    shared = {"schema_version": record["schema_version"], "source": record["source"]}
    tail = {"file_warnings": record["warnings"], "error": record["error"]}
    notices = record["notices"] or [None]
    for index, notice in enumerate(notices):
        body = empty_notice() if notice is None else notice
        yield dumps({**body, **shared, "notice_index": None if notice is None else index, **tail}, indent=None)


# `--csv`: one row per notice; this order is the contract for spreadsheets (README documents it).
# The notice's fields in the contract's order, the contact in its parts.
CSV_COLUMNS: tuple[str, ...] = (
    "source_path", "source_sha256", "source_format", "notice_index",
    *(part for name in VALUE_FIELDS
      for part in ([f"contact_{p}" for p in CONTACT_PARTS] if name == "contact" else [name])),
    "confidence", "needs_review", "warning_codes", "error_code",
)


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), so such
# a cell gets a leading apostrophe, which spreadsheets show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as the text it is, never runs as a formula.

    >>> neutralise("=SUM(A1:A9)"), neutralise("+44 1622 602000"), neutralise("Cabinet")
    ("'=SUM(A1:A9)", "'+44 1622 602000", 'Cabinet')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def notice_rows(result: ResultLike) -> Iterator[dict[str, Any]]:
    """The CSV's rows as typed values (`CSV_COLUMNS` as keys, plus ``provenance``): one per
    notice, or one carrying the error for a file that failed. `csv_rows` writes them as text,
    `parquet.py` as typed columns, so the two can never disagree."""
    record = _record(result)
    source, error = record["source"], record["error"]
    base = {"source_path": source["path"], "source_sha256": source["sha256"], "source_format": source["format"]}
    file_codes = {w["code"] for w in record["warnings"]}
    if not record["notices"]:
        yield {**base, "error_code": error["code"] if error else None,
               "warning_codes": [w["code"] for w in record["warnings"]]}
        return
    for index, notice in enumerate(record["notices"]):
        data: dict[str, Any] = dict(notice)
        contact = data.pop("contact") or {}
        yield {**base, **data, "notice_index": index,
               **{f"contact_{k}": contact.get(k) for k in CONTACT_PARTS},
               "warning_codes": sorted(file_codes | {w["code"] for w in data["warnings"]})}


def csv_rows(result: ResultLike) -> Iterator[list[str]]:
    """Flattened rows: one per notice, or one carrying the error for a file that failed."""
    for row in notice_rows(result):
        yield [_cell(row.get(c)) for c in CSV_COLUMNS]


def csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


# `--excel`: the byte-order mark that makes Excel read a CSV as UTF-8 ("2012 – 2015", not "2012 â€“ 2015").
EXCEL_BOM = "\ufeff"


def csv_text(result: ResultLike, *, header: bool = True, excel: bool = False) -> str:
    """One result as CSV text (the service's `?format=csv`); the header row first when asked."""
    lines = [csv_line(list(CSV_COLUMNS))] if header else []
    lines.extend(csv_line(row) for row in csv_rows(result))
    return (EXCEL_BOM if excel and header else "") + "".join(lines)


SCHEMA_NAMES = ("extraction-result.schema.json", "notice-line.schema.json", "manifest-line.schema.json",
                "run-summary.schema.json")  # results, --jsonl lines, OUT/manifest.jsonl lines, OUT/summary.json


def schema_id(name: str) -> str:
    """A schema's ``$id``: names the contract and its version, so a stored result's schema is
    known without the network (the files ship in the package: `packaged_schema`).

    >>> schema_id("notice-line.schema.json")
    'urn:decision-extractor:schema:notice-line:1.1'
    """
    return f"urn:decision-extractor:schema:{name.split('.')[0]}:{SCHEMA_VERSION}"


def packaged_schema(name: str) -> str:
    """A JSON Schema file as installed with the package (`extractor/schemas/`)."""
    from importlib.resources import files

    return files(__package__).joinpath("schemas").joinpath(name).read_text(encoding="utf-8")


def schemas() -> dict[str, str]:
    """The JSON Schema files, by file name, exactly as `extractor/schemas/` holds them."""
    from pydantic import BaseModel

    from .models import ExtractionResult, ManifestLine, NoticeLine, RunSummary

    out = {}
    models: tuple[type[BaseModel], ...] = (ExtractionResult, NoticeLine, ManifestLine, RunSummary)
    for name, model in zip(SCHEMA_NAMES, models):
        schema = model.model_json_schema(mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id(name), **schema}
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
