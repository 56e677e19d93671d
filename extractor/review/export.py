"""`export OUT --corrected` and `export OUT --gold DIR`: the reviewed run, out of the desk.

Corrected results are the run's results with the corrections laid over them, validated
against the contract before they are written, in the same shapes `extract` writes (one JSON
per file under ``-o DIR``, ``--jsonl``, ``--csv``, else one result per line). A gold set is the
corpus format `evaluate` reads: ``<id>.txt`` (the text the reader made of the file) beside
``<id>.gold.json`` (the corrected values) and ``<id>.meta.json`` (which names the original file,
or the web archive and record offset, that `evaluate` reads where it is still there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..fields import VALUE_FIELDS
from .documents import Documents, run_spans
from .apply import NoticeState
from .run import RecordSource
from .values import provenance_key
from .views import View

GOLD_FIELDS = tuple(f for f in VALUE_FIELDS if f != "document_type")  # as shared/corpus gold files have them


@dataclass
class Exported:
    files: int = 0
    notices: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: path: reason


def corrected_results(view: View, exported: Exported) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(manifest line, corrected result) for every file with a result, each validated."""
    from pydantic import ValidationError

    from ..models import ExtractionResult

    for record in view.run.rows():
        if not record.get("output") or record.get("outcome") == "skipped":
            continue
        try:
            result, states = view.corrected(record)
        except Exception as exc:  # noqa: BLE001 - reported, the other files still go out
            exported.problems.append(f"{record['path']}: {getattr(exc, 'message', exc)}")
            continue
        if result is None:
            continue
        result = mark_human(result, states)
        try:
            ExtractionResult.model_validate(result)
        except ValidationError as exc:
            first = exc.errors()[0]
            exported.problems.append(f"{record['path']}: corrected result is invalid: "
                                     f"{'/'.join(map(str, first['loc']))}: {first['msg']}")
            continue
        exported.files += 1
        exported.notices += len(result["notices"])
        yield record, result


def mark_human(result: dict[str, Any], states: dict[int, NoticeState]) -> dict[str, Any]:
    """The corrected result with each value a reviewer set or cleared marked in its provenance:
    method ``human``, who and when, and where it was selected (a `models.HumanSpan`). Values the
    run extracted keep their own provenance, also in a notice accepted as correct."""
    if not states:
        return result
    notices = list(result["notices"])
    for index, state in states.items():
        if not state.fields:
            continue
        provenance = dict(notices[index]["provenance"])
        for name, field_state in state.fields.items():
            span = field_state.span or {}
            provenance[provenance_key(name)] = {
                "method": "human", "who": field_state.who or None, "when": field_state.when,
                **{key: span.get(key) for key in ("label", "start", "end", "page", "bbox", "locator", "raw")}}
        notices[index] = {**notices[index], "provenance": provenance}
    return {**result, "notices": notices}


def export_corrected(view: View, *, output: Path | None, jsonl: bool, csv: bool,
                     emit: Callable[[str], None]) -> Exported:
    from ..output import CSV_COLUMNS, csv_line, csv_rows, notice_lines, result_json, write_atomic

    exported = Exported()
    if csv:
        emit(csv_line(list(CSV_COLUMNS)))
    for record, result in corrected_results(view, exported):
        if output is not None:
            target = output / PurePosixPath(record["output"])
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, result_json(result))
        if jsonl:
            for line in notice_lines(result):
                emit(line + "\n")
        elif csv:
            for row in csv_rows(result):
                emit(csv_line(row))
        elif output is None:
            emit(result_json(result, indent=None) + "\n")
    return exported


def export_gold(view: View, directory: Path, documents: Documents) -> Exported:
    """Every reviewed or corrected first notice of a file, as an evaluation set."""
    exported = Exported()
    directory.mkdir(parents=True, exist_ok=True)
    reviewed = {key for key in view.grouped}
    for record, result in corrected_results(view, Exported()):
        sha = result["source"]["sha256"]
        later = [i for i in range(1, len(result["notices"])) if (sha, i) in reviewed]
        if later:
            exported.problems.append(f"{record['path']}: notices {later} left out (an evaluation document "
                                     "scores its first notice)")
        if (sha, 0) not in reviewed:
            continue
        source = view.run.source(record)
        try:
            document = documents.get(source, sha, run_spans(view.run.result(record)))
        except Exception as exc:  # noqa: BLE001 - reported, the other files still go out
            exported.problems.append(f"{record['path']}: {getattr(exc, 'message', exc)}")
            continue
        doc_id = gold_id(record["path"], sha)
        notice = result["notices"][0]
        gold = {name: notice[name] for name in GOLD_FIELDS}
        meta = {"source": record["path"], "sha256": sha, "notice_index": 0,
                "layout_family": f"reviewed {record.get('format') or 'text'}", **original_file(source)}
        (directory / f"{doc_id}.txt").write_text(document.text + "\n", encoding="utf-8")
        (directory / f"{doc_id}.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n",
                                                       encoding="utf-8")
        (directory / f"{doc_id}.meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                                       encoding="utf-8")
        exported.files += 1
        exported.notices += 1
    return exported


def original_file(source: Path | RecordSource | None) -> dict[str, Any]:
    """Where `evaluate` finds the file the run read (``source_file``, absolute; for a web archive's
    record the archive, and ``record_offset``), so it scores the archive's own file, read as the
    run read it, not the exported ``.txt``."""
    if isinstance(source, RecordSource):
        return {"source_file": str(source.archive.resolve()), "record_offset": source.offset}
    return {"source_file": str(source.resolve())} if source is not None else {}


def gold_id(path: str, sha256: str) -> str:
    """A file-name-safe id: the source's stem and the start of its digest (two files may share a stem)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", PurePosixPath(path.replace("\\", "/")).stem).strip("_") or "notice"
    return f"{stem[:60]}-{sha256[:10]}"
