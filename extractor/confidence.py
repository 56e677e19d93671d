"""How sure each value is, and the one rule that sets `needs_review`.

A value's confidence (0 to 1) comes from its evidence: how it was found (a known label, a
guessed one, a pattern, a heading, its wording, or its position alone), capped by what warns
about it (a conflict, an unparsed date, OCR doubt). A notice's confidence is the lowest of its
values', capped when a warning covers the whole notice (no text, not a notice, a guessed
encoding) or when much of its text went to no field (the reader did not know its shape).

The rule: **a notice needs review when its confidence is below `review_below`** (0.75 unless
the run says otherwise). The numbers live in ``data/confidence.toml``; on the dev corpus, 48% of
notices fall below 0.75, and 97.2% of the values of the others are right.

>>> c = load_confidence()
>>> value_confidence("label", "decision", {"decision": "label"}, (), c)
0.95
>>> value_confidence("position", "decision", {"decision": "position", "purpose": "position"}, (), c)
0.55
>>> value_confidence("label", "decision_date", {}, ("two_digit_year",), c)
0.7
>>> notice_confidence({"title": 0.95, "decision": 0.9}, (), 0.05, c)
0.9
>>> notice_confidence({"title": 0.95}, ("not_a_notice",), 0.0, c), notice_confidence({}, (), 0.0, c)
(0.0, 1.0)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class ConfidenceTable:
    review_below: float
    method: Mapping[str, float]
    position_alone: Mapping[str, float]
    position_both: float
    field_warnings: Mapping[str, float]
    notice_warnings: Mapping[str, float]
    unplaced_share: float
    structure_cap: float
    incomplete_codes: frozenset[str]
    incomplete_cap: float


_KEYS = {"review_below", "method", "position", "field_warnings", "notice_warnings", "structure", "incomplete"}


@lru_cache(maxsize=1)
def load_confidence() -> ConfidenceTable:
    """The bundled table, checked: an unknown key is an error, not a silently unused number."""
    data = tomllib.loads(resources.files("extractor").joinpath("data/confidence.toml").read_text(encoding="utf-8"))
    unknown = set(data) - _KEYS
    if unknown:
        raise ValueError(f"confidence.toml: unknown keys {sorted(unknown)}")
    position, structure, incomplete = data["position"], data["structure"], data["incomplete"]
    return ConfidenceTable(float(data["review_below"]), dict(data["method"]), dict(position["alone"]),
                           float(position["both"]), dict(data["field_warnings"]),
                           dict(data["notice_warnings"]), float(structure["unplaced_share"]),
                           float(structure["cap"]), frozenset(incomplete["codes"]), float(incomplete["cap"]))


def value_confidence(method: str | None, field: str, methods: Mapping[str, str], warnings: Iterable[str],
                     table: ConfidenceTable, ocr: float | None = None) -> float:
    """One value's confidence: its method's score, the position rule, then the caps of the
    warnings about it and of its OCR confidence (0-100)."""
    score = table.method.get(method or "", table.method["position"])
    if method == "position" and field in table.position_alone:
        others = [methods.get(f) for f in table.position_alone if f != field]
        score = table.position_both if "position" in others else table.position_alone[field]
    for code in warnings:
        score = min(score, table.field_warnings.get(code, score))
    if ocr is not None:
        score = min(score, round(ocr / 100, 2))
    return round(score, 2)


def notice_confidence(values: Mapping[str, float], warnings: Iterable[str], unplaced_share: float,
                      table: ConfidenceTable) -> float:
    """The notice's confidence: its least sure value, capped by notice-wide warnings, when it
    lacks a decision, a decider and a date alike, and by the share of its text that went to no
    field (when it has any value at all)."""
    score = min(values.values(), default=1.0)
    warnings = set(warnings)
    for code in warnings:
        score = min(score, table.notice_warnings.get(code, score))
    if table.incomplete_codes <= warnings:
        score = min(score, table.incomplete_cap)

    if values and unplaced_share >= table.unplaced_share:
        score = min(score, table.structure_cap)
    return round(score, 2)


def needs_review(confidence: float, review_below: float | None, table: ConfidenceTable) -> bool:
    """The one rule."""
    return confidence < (table.review_below if review_below is None else review_below)
