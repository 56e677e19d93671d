"""What the desk's pages show, as plain JSON data: the queue, one notice, the corrections applied.

Every view is the run's results with the corrections laid over them (`apply.py`); nothing
here writes. A notice is ``reviewed`` once a reviewer accepted it, whatever the run said.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from .apply import NoticeState, apply_result, by_notice
from .corrections import CorrectionStore
from .run import Entry, Run, notice_id

OUTCOME_ORDER = {"needs_review": 0, "failed": 1, "ok": 2, "reviewed": 3, "skipped": 4}


class View:
    """The run and its corrections, read once per request."""

    def __init__(self, run: Run, store: CorrectionStore):
        self.run, self.store = run, store
        loaded = store.load()
        self.problems = loaded.problems
        self.corrections = loaded.corrections
        self.grouped = by_notice(loaded.corrections)

    def corrected(self, record: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[int, NoticeState]]:
        result = self.run.result(record)
        if result is None:
            return None, {}
        return apply_result(result, self.grouped)

    def queue(self) -> list[dict[str, Any]]:
        """Every notice of the run (and every file that gave none): needs review first, then by warning."""
        items = []
        for record in self.run.rows():
            try:
                result, states = self.corrected(record)
            except Exception as exc:  # noqa: BLE001 - one unreadable output never hides the rest
                result, states = None, {}
                record = {**record, "outcome": "failed", "error_code": getattr(exc, "code", "output_unreadable"),
                          "error_message": str(exc)}
            notices = (result or {}).get("notices") or []
            if not notices:
                items.append(_item(notice_id(record["path"], None), record, None, None, None))
            for index, notice in enumerate(notices):
                items.append(_item(notice_id(record["path"], index), record, index, notice, states.get(index), result,
                                   len(notices)))
        # needs review first, the least sure first among them: where a person's eye pays most
        items.sort(key=lambda i: (OUTCOME_ORDER.get(i["outcome"], 9),
                                  i["confidence"] if i["confidence"] is not None else 1.0,
                                  not i["warnings"], i["warnings"], i["path"], i["notice_index"] or 0))
        return items

    def notice(self, entry: Entry) -> dict[str, Any]:
        record = entry.record
        result, states = self.corrected(record)
        original = self.run.result(record) or {"notices": []}
        data: dict[str, Any] = {"id": entry.id, "path": record["path"], "output": record.get("output"),
                                "notice_index": entry.notice_index, "format": record.get("format"),
                                "sha256": record.get("sha256"), "outcome": record.get("outcome"),
                                "error_code": record.get("error_code"), "error_message": record.get("error_message"),
                                "file_warnings": (result or {}).get("warnings", []),
                                # the learned template the run read the file with (None: read without)
                                "template": (original.get("source") or {}).get("template"),
                                "corrections_problems": self.problems}
        if entry.notice_index is None or result is None:
            return {**data, "notice": None, "extracted": None, "review": NoticeState().as_dict()}
        state = states.get(entry.notice_index, NoticeState())
        notice = result["notices"][entry.notice_index]
        data.update(notice=notice, extracted=original["notices"][entry.notice_index], review=state.as_dict(),
                    outcome=_outcome(record, notice, state), notices_in_file=len(result["notices"]))
        return data


def _outcome(record: dict[str, Any], notice: dict[str, Any] | None, state: NoticeState | None) -> str:
    if record.get("outcome") in ("failed", "skipped") or notice is None:
        return record.get("outcome") or "failed"
    if state is not None and state.reviewed:
        return "reviewed"
    return "needs_review" if notice.get("needs_review") or (state is not None and state.conflicts) else "ok"


def file_name(record: dict[str, Any]) -> str:
    """The name a person knows the input by: a file's name, or a web archive record's URL (its
    archive's name and offset when it has none).

    >>> file_name({"path": "a/b/Decision Notice - a long name.pdf"})
    'Decision Notice - a long name.pdf'
    >>> file_name({"path": "crawl.warc#120", "archive": "crawl.warc", "url": "https://x.gov.uk/d/7"})
    'https://x.gov.uk/d/7'
    """
    if record.get("archive"):
        return record.get("url") or f"{PurePosixPath(record['archive']).name}#{record.get('record_offset')}"
    path = record["path"]
    return path.rstrip("/").rsplit("/", 1)[-1] if "://" in path else PurePosixPath(path).name or path


def _item(item_id: str, record: dict[str, Any], index: int | None, notice: dict[str, Any] | None,
          state: NoticeState | None, result: dict[str, Any] | None = None, in_file: int = 0) -> dict[str, Any]:
    codes = sorted({w["code"] for w in (notice or {}).get("warnings", [])}
                   | {w["code"] for w in (result or {}).get("warnings", [])}) if notice else list(record.get("warnings") or [])
    folder = str(PurePosixPath(record.get("output") or record["path"]).parent)
    return {"id": item_id, "path": record["path"], "file": file_name(record), "notices_in_file": in_file,
            "notice_index": index, "sha256": record.get("sha256"),
            "title": (notice or {}).get("title"), "decision_maker": (notice or {}).get("decision_maker"),
            "decision_date": (notice or {}).get("decision_date"),
            "needs_review": bool(notice and notice.get("needs_review") and not (state and state.reviewed)),
            "confidence": (notice or {}).get("confidence"),
            "warnings": codes, "outcome": _outcome(record, notice, state), "format": record.get("format"),
            "folder": "" if folder == "." else folder, "error_code": record.get("error_code"),
            "corrected": len(state.fields) if state else 0, "conflicts": len(state.conflicts) if state else 0}
