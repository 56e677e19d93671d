"""Serialise results: one JSON document per file, or JSON Lines with one notice per line."""

from __future__ import annotations

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
