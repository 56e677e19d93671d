"""The run report: outcomes, warnings, fields found per format and folder, failures; and its CSVs.

Counted over the corrected view, so the report moves as reviewers work (a reviewed notice
counts as ``reviewed``). Field counts are over the contract's value fields that hold a value.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..fields import DEFAULTS, VALUE_FIELDS
from .views import View


def counts(view: View, queue: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The run's counts in the vocabulary of the command line and `summary.json` (`runs.summary.Summary`):
    files on disk, inputs (files and web archive records, one manifest line each), notices; inputs
    by the outcome the run recorded; and the notices by where review stands now (``needs_review``,
    ``ok``, ``reviewed``). The queue's rows are the notices plus the inputs that gave none."""
    from ..runs.summary import Summary, format_counts

    summary = Summary()
    for record in view.run.rows():
        summary.add(record)
    queue = view.queue() if queue is None else queue
    notices = [item for item in queue if item["notice_index"] is not None]
    return {"files_on_disk": summary.files_on_disk, "inputs": summary.total, "records": summary.records,
            "notices": summary.notices, "text": format_counts(summary.files_on_disk, summary.total, summary.notices,
                                                               summary.records),
            "inputs_by_outcome": {k: summary.by_outcome[k] for k in ("ok", "needs_review", "failed", "skipped")
                                  if summary.by_outcome.get(k)},
            "notices_by_state": dict(Counter(item["outcome"] for item in notices)),
            "inputs_without_notice": len(queue) - len(notices)}


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
    return {"counts": counts(view, queue), "files": len(view.run.rows()), "notices": sum(notices_by["format"].values()),
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


# -- OUT/report.html: the report for people who will never start the desk ------------------------------
STATIC_REPORT = "report.html"
STATIC_LIMIT = 5_000  # manifest lines past which the static report gives the run's counts alone (it reads
# every result otherwise, as the desk does, and the end of a long run should not hold them all)
FAILURES_SHOWN = 500
_OUTCOME_COLOURS = {"needs_review": "#ffe1c2", "ok": "#d4f2d9", "failed": "#ffd0d0", "reviewed": "#cfe3ff",
                    "skipped": "#e4e4e4"}
_STYLE = """body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1d2433;background:#f6f7f9}
header{padding:.6em 1em;background:#1d2433;color:#fff}header h1{font-size:17px;margin:0}
main{padding:1em;display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:1em}
section{background:#fff;border:1px solid #d5d9e0;padding:.8em;overflow-x:auto}section.wide{grid-column:1/-1}
h2{font-size:15px;margin:0 0 .5em}table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #e3e6eb;padding:.2em .5em;text-align:left;vertical-align:top}
td.n,td.share{text-align:right;font-variant-numeric:tabular-nums}.pill{padding:0 .5em;border-radius:9px}
.bar{display:inline-block;height:.8em;background:#e07b39;vertical-align:middle}small{color:#5b6475}"""


def static_report(view: View | None, summary: Any = None, *, limit: int = STATIC_LIMIT) -> str:
    """The run report as one HTML file that needs nothing else (no script, no server, no network):
    the run's counts in the command line's words, inputs by outcome, warnings, the fields found
    per format and per folder as heat maps, and the failures. Without a ``view`` (a run of more
    than ``limit`` inputs) it gives this run's counts from its `runs.summary.Summary` alone, and says
    where the rest is (the desk's report)."""
    import datetime as dt
    from html import escape

    from .._version import __version__

    full = view is not None
    data: dict[str, Any] = (report(view) if view is not None
                            else {"counts": summary_counts(summary), "warnings": {}, "failures": []})
    counts_ = data["counts"]

    def table(head: list[str], body: list[list[str]]) -> str:
        return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
                + "".join("<tr>" + "".join(body_row) + "</tr>" for body_row in body) + "</table>")

    def pill(outcome: str) -> str:
        return f'<span class="pill" style="background:{_OUTCOME_COLOURS.get(outcome, "#eee")}">{escape(outcome)}</span>'

    sections = []
    outcomes = counts_["inputs_by_outcome"]
    sections.append("<section><h2>Inputs by outcome</h2>" + table(
        ["outcome", "inputs"], [[f"<td>{pill(k)}</td>", f'<td class="n">{v}</td>'] for k, v in outcomes.items()])
        + (f"<p><small>Notices: " + ", ".join(f"{v} {escape(k.replace('_', ' '))}" for k, v in
                                             counts_["notices_by_state"].items()) + "</small></p>"
           if counts_.get("notices_by_state") else "") + "</section>")
    if full:
        warnings = data["warnings"]
        top = max(warnings.values(), default=1)
        sections.append("<section><h2>Warnings by code (notices)</h2>" + (table(
            ["code", "notices", ""], [[f"<td>{escape(k)}</td>", f'<td class="n">{v}</td>',
                                       f'<td><span class="bar" style="width:{round(120 * v / top)}px"></span></td>']
                                      for k, v in warnings.items()]) if warnings else "<p>No notice has a warning.</p>")
            + "</section>")
        for title, by, notices in (("format", data["fields_by_format"], data["notices_by_format"]),
                                   ("folder", data["fields_by_folder"], data["notices_by_folder"])):
            sections.append(f'<section class="wide"><h2>Fields found per {title} (share of its notices)</h2>'
                            + heat_map(data["fields"], by, notices) + "</section>")
        failures = data["failures"]
        shown = failures[:FAILURES_SHOWN]
        sections.append(f'<section class="wide"><h2>Failures ({len(failures)})</h2>' + (table(
            ["file", "code", "message"], [[f"<td>{escape(f['path'])}</td>", f"<td>{escape(f['error_code'] or '')}</td>",
                                           f"<td>{escape(f['error_message'] or '')}</td>"] for f in shown])
            if failures else "<p>None.</p>")
            + (f"<p><small>{len(failures) - len(shown)} more in failed.csv at the desk, and in the manifest.</small></p>"
               if len(failures) > len(shown) else "") + "</section>")
    else:
        sections.append(f'<section class="wide"><p>A folder of more than {limit:,} inputs: these are this run\'s '
                        "counts; warnings, fields and failures are in the desk's report "
                        "(<code>decision-extractor review OUT</code>) and the manifest.</p></section>")
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Run report · decision-extractor"
            f"</title><style>{_STYLE}</style></head><body><header><h1>Run report</h1><div id=\"counts\">"
            f"{escape(counts_['text'])}</div></header><main>{''.join(sections)}</main>"
            f"<p style=\"padding:0 1em\"><small>Written by decision-extractor {escape(__version__)} at {when} beside "
            "manifest.jsonl. To correct values: <code>decision-extractor review OUT</code>.</small></p></body></html>\n")


def heat_map(fields: list[str], by_group: dict[str, dict[str, int]], notices: dict[str, int]) -> str:
    """A row per field, a column per group (format or folder): the share of the group's notices
    where the field has a value, shaded from white (none) to green (all)."""
    from html import escape

    groups = sorted(notices)
    head = "".join(f"<th>{escape(g or '(top)')}<br><small>{notices[g]} notices</small></th>" for g in groups)
    body = []
    for name in fields:
        cells = []
        for group in groups:
            share = round(100 * by_group.get(group, {}).get(name, 0) / max(notices[group], 1))
            cells.append(f'<td class="share" data-field="{escape(name)}" data-group="{escape(group)}" '
                         f'style="background:hsl(140 55% {round(98 - share * 0.5)}%)">{share}%</td>')
        body.append(f"<tr><th>{escape(name)}</th>{''.join(cells)}</tr>")
    return f'<table class="heat"><tr><th>field</th>{head}</tr>{"".join(body)}</table>'


def summary_counts(summary: Any) -> dict[str, Any]:
    """`counts` from a run's `runs.summary.Summary` (no result read): notices by state are not known."""
    from ..runs.summary import format_counts

    return {"text": format_counts(summary.files_on_disk, summary.total, summary.notices, summary.records),
            "inputs_by_outcome": {k: summary.by_outcome[k] for k in ("ok", "needs_review", "failed", "skipped")
                                  if summary.by_outcome.get(k)}, "notices_by_state": {}}


def write_static_report(out: Path, summary: Any, *, limit: int = STATIC_LIMIT) -> Path:
    """Write ``OUT/report.html`` (atomically) at the end of a run: over the whole folder, the
    corrections made so far included, when its manifest has at most ``limit`` lines (counted
    without reading them); else this run's counts from its ``summary`` (a `runs.summary.Summary`)."""
    from ..runs.values import MANIFEST
    from ..output import write_atomic
    from .corrections import CorrectionStore
    from .run import Run

    with (out / MANIFEST).open("rb") as manifest:
        lines = sum(1 for _ in manifest)
    view = View(Run(out), CorrectionStore(out)) if lines <= limit else None
    target = out / STATIC_REPORT
    write_atomic(target, static_report(view, summary, limit=limit))
    return target
