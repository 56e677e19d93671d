"""Lay the corrections over a result: what the desk shows and `export --corrected` writes.

Corrections are matched by the file's sha256 and the notice index, so they survive any re-run
of the same file (also after an upgrade). The last correction of a field wins. When the new
extraction no longer gives the value a correction was made on, the correction still applies
and the field is marked as a conflict for the reviewer to settle.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..confidence import load_confidence, needs_review, notice_confidence
from .values import get_value, provenance_key, set_value


@dataclass
class FieldState:
    value: Any  # the corrected value
    extracted: Any  # what the current extraction gives
    old: Any  # what it gave when the correction was made
    conflict: bool
    who: str
    when: str
    span: dict[str, Any] | None


@dataclass
class NoticeState:
    fields: dict[str, FieldState] = field(default_factory=dict)
    reviewed: bool = False
    reviewed_when: str | None = None

    @property
    def conflicts(self) -> list[str]:
        return [name for name, state in self.fields.items() if state.conflict]

    def as_dict(self) -> dict[str, Any]:
        return {"reviewed": self.reviewed, "reviewed_when": self.reviewed_when, "conflicts": self.conflicts,
                "fields": {name: vars(state) for name, state in self.fields.items()}}


def by_notice(corrections: list[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Corrections grouped by (sha256, notice index), in the order they were made."""
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for correction in corrections:
        grouped[(correction["sha256"], correction["notice_index"])].append(correction)
    return grouped


def apply_notice(notice: dict[str, Any], corrections: list[dict[str, Any]]) -> tuple[dict[str, Any], NoticeState]:
    """The corrected copy of one notice and what was done to it; ``notice`` is left as it was."""
    state = NoticeState()
    latest: dict[str, dict[str, Any]] = {}
    for correction in corrections:
        if correction["action"] == "reviewed":
            state.reviewed, state.reviewed_when = True, correction.get("when")
        else:
            latest[correction["field"]] = correction
    if not latest and not state.reviewed:
        return notice, state
    corrected = copy.deepcopy(notice)
    decided: set[str] = set()
    for name, correction in latest.items():
        extracted = get_value(notice, name)
        value = None if correction["action"] == "clear" else correction.get("new")
        if name == "accompanying_documents" and value is None:
            value = []
        set_value(corrected, name, value)
        key = provenance_key(name)
        span = correction.get("span")
        if span:
            corrected["provenance"][key] = span
        elif key == name or value is None and get_value(corrected, key) is None:
            corrected["provenance"].pop(key, None)  # a typed value has no place in the source
        decided.add(key)
        state.fields[name] = FieldState(value, extracted, correction.get("old"), extracted != correction.get("old"),
                                        correction.get("who") or "", correction.get("when") or "", span)
    corrected["warnings"] = [w for w in corrected["warnings"] if w.get("field") not in decided]
    corrected["confidence"] = corrected_confidence(corrected, decided)
    table = load_confidence()
    corrected["needs_review"] = needs_review(corrected["confidence"], None, table) and not state.reviewed
    return corrected, state


def corrected_confidence(corrected: dict[str, Any], decided: set[str]) -> float:
    """The notice's confidence once a person has set some of its values: theirs count as sure
    (1.0), the others keep their scores, and what still warns caps it, by the extraction's one
    rule (`extractor.confidence`)."""
    scores: dict[str, float] = {}
    for key, span in corrected["provenance"].items():
        if key in decided:
            if get_value(corrected, key) not in (None, [], {}):
                scores[key] = 1.0
        elif isinstance(span, dict) and isinstance(span.get("score"), (int, float)):
            scores[key] = float(span["score"])
    for key in decided - set(scores):
        if get_value(corrected, key) not in (None, [], {}):
            scores[key] = 1.0  # a typed value: no place in the source, still a person's
    return notice_confidence(scores, [w["code"] for w in corrected["warnings"]], 0.0, load_confidence())


def apply_result(result: dict[str, Any], grouped: dict[tuple[str, int], list[dict[str, Any]]]
                 ) -> tuple[dict[str, Any], dict[int, NoticeState]]:
    """The corrected copy of a whole result and each corrected notice's state."""
    sha = result["source"]["sha256"]
    states: dict[int, NoticeState] = {}
    notices = []
    for index, notice in enumerate(result["notices"]):
        corrected, state = apply_notice(notice, grouped.get((sha, index), []))
        notices.append(corrected)
        if state.fields or state.reviewed:
            states[index] = state
    return ({**result, "notices": notices} if states else result), states
