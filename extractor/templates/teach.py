"""The desk's teach button and `learn OUT`: a run's corrections, learned into a templates file.

The file is `learn`'s format; templates already in it are kept, one learned again is replaced,
so a reviewer can press the button after every few corrections. What the button taught is shown
with what it changes: the notices of the run that the templates file now reads differently
(`changes`), as a re-run with ``--templates`` that file will read them.
"""

from __future__ import annotations

from itertools import zip_longest
from pathlib import Path
from typing import Any

from .found import FILE as FOUND_FILE
from .learn import learn_corrections
from .model import Template
from .store import read_templates, write_templates

MAX_TRIED = 2000  # files re-read to show what a teaching changes: the desk stays quick on a big run


def merged(path: Path, learned: list[Template]) -> list[Template]:
    """The templates of ``path`` (if it exists) with ``learned`` in place of any of the same id."""
    old = read_templates(path.read_text(encoding="utf-8"), str(path)) if path.exists() else ()
    ids = {t.id for t in learned}
    return [*(t for t in old if t.id not in ids), *learned]


def teach_into(out: Path, target: Path) -> list[dict[str, Any]]:
    """Learn from OUT's corrections into ``target``; what was learned, as the desk lists it."""
    learned = learn_corrections(out)
    write_templates(target, merged(target, learned))
    return [{"id": t.id, "taught": t.taught, "labels": dict(t.labels), "furniture": list(t.furniture)} for t in learned]


def changes(out: Path, target: Path, taught: set[str], limit: int = MAX_TRIED) -> list[dict[str, Any]]:
    """The notices of the run at ``out`` that ``target``'s templates ``taught`` (their ids) read
    differently from the run's results: path, notice index and the fields whose values change.

    Only text, PDF and Word files are read again (a scan's OCR takes seconds a page), only those
    printed from one of the ``taught`` templates, at most ``limit`` of them; each is read with
    ``target`` and the templates the run found in itself, as the re-run will."""
    from ..errors import ExtractorError
    from ..fields import VALUE_FIELDS
    from ..options import RunOptions
    from ..pipeline import extract_record, read
    from ..review.run import Run, notice_id
    from .match import match_template
    from .store import load_templates

    run = Run(out)
    files = (str(target), *((str(out / FOUND_FILE),) if (out / FOUND_FILE).is_file() else ()))
    options = RunOptions(templates=files)
    templates = tuple(t for t in load_templates((str(target),)) if t.id in taught)
    found: list[dict[str, Any]] = []
    tried = 0
    for record in run.rows():
        if record.get("format") not in ("text", "pdf", "docx") or record.get("outcome") in ("failed", "skipped"):
            continue
        source = run.source(record)
        if source is None or tried >= limit:
            continue
        try:
            before = run.result(record)
            data = source.read_bytes()
            if before is None or match_template(read(data, filename=str(record.get("path")), options=options),
                                                templates) is None:
                continue
            tried += 1
            after = extract_record(data, filename=str(record.get("path")), options=options)
        except (OSError, ValueError, ExtractorError):
            continue  # a source gone or unreadable since the run: nothing to show for it
        if after["source"]["sha256"] != record.get("sha256"):
            continue  # changed since the run: the re-run reads it anyway
        for index, (old, new) in enumerate(zip_longest(before.get("notices") or [], after.get("notices") or [])):
            fields = [f for f in VALUE_FIELDS if (old or {}).get(f) != (new or {}).get(f)]
            if fields:
                found.append({"id": notice_id(str(record["path"]), index), "path": record["path"],
                              "notice_index": index, "fields": fields})
    return found
