"""The run report: outcomes, warnings, fields found per format and folder, failures; and its CSVs.

Counted over the corrected view, so the report moves as reviewers work (a reviewed notice
counts as ``reviewed``). Field counts are over the contract's value fields that hold a value.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from typing import Any

from ..fields import DEFAULTS, VALUE_FIELDS
from .views import View


def report(view: View) -> dict[str, Any]:
    queue = view.queue()
    outcomes = Counter(item["outcome"] for item in queue)
    warnings = Counter(code for item in queue for code in item["warnings"])
    per_format: dict[str, Counter] = defaultdict(Counter)
    per_folder: dict[str, Counter] = defaultdict(Counter)
    notices_by: dict[str, Counter] = {"format": Counter(), "folder": Counter()}
    failures = []
    for record in view.run.rows():
        if record.get("outcome") == "failed":
            failures.append({"path": record["path"], "error_code": record.get("error_code"),
                             "error_message": record.get("error_message")})
        if record.get("outcome") in ("failed", "skipped"):
            continue
        try:
            result, _ = view.corrected(record)
        except Exception:  # noqa: BLE001 - counted as a failure in the queue already
            continue
        fmt = record.get("format") or "unknown"
        folder = "/".join((record.get("output") or "").split("/")[:-1]) or "."
        for notice in (result or {}).get("notices", []):
            notices_by["format"][fmt] += 1
            notices_by["folder"][folder] += 1
            for name in VALUE_FIELDS:
                value = notice.get(name)
                if value is not None and value != DEFAULTS.get(name, None) and value != []:
                    per_format[fmt][name] += 1
                    per_folder[folder][name] += 1
    return {"files": len(view.run.rows()), "notices": sum(notices_by["format"].values()),
            "outcomes": dict(outcomes), "warnings": dict(warnings.most_common()),
            "fields": list(VALUE_FIELDS),
            "fields_by_format": {k: dict(v) for k, v in sorted(per_format.items())},
            "fields_by_folder": {k: dict(v) for k, v in sorted(per_folder.items())},
            "notices_by_format": dict(notices_by["format"]), "notices_by_folder": dict(notices_by["folder"]),
            "failures": failures, "corrections": len(view.corrections),
            "corrections_problems": view.problems}


def needs_review_csv(view: View) -> str:
    rows = [["id", "path", "notice_index", "title", "warning_codes", "conflicts"]]
    rows += [[i["id"], i["path"], i["notice_index"], i["title"] or "", "; ".join(i["warnings"]), i["conflicts"]]
             for i in view.queue() if i["outcome"] == "needs_review"]
    return _csv(rows)


def failed_csv(view: View) -> str:
    rows = [["path", "error_code", "error_message"]]
    rows += [[r["path"], r.get("error_code") or "", r.get("error_message") or ""]
             for r in view.run.rows() if r.get("outcome") == "failed"]
    return _csv(rows)


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
