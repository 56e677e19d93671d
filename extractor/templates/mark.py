"""Say in a result which template read it, which values it taught, and where the template and
the general reader disagree (those fields keep ``needs_review``: a template can be wrong)."""

from __future__ import annotations

from typing import Any

from ..confidence import load_confidence, needs_review
from ..fields import VALUE_FIELDS
from ..lexicon import Lexicon, normalise_label
from ..records import warning_record
from .model import Template

Record = dict[str, Any]


def mark(templated: Record, general: Record | None, template: Template, share: float, lexicon: Lexicon) -> Record:
    """``templated`` (the result read through ``template``), told so, in place: its id in the
    source, method "template" for each value a label gave that the lexicon does not give that
    field or that the template reads its own way (run in, wrapped); ``general`` is the same file read without it (None: not compared)."""
    templated["source"]["template"] = {"id": template.id, "taught": template.taught,
                                       "learned_from": template.source, "share": share}
    shaped = set(template.run_in) | set(template.wraps)  # labels the template reads its own way
    taught = {normalise_label(label): field for label, field in template.labels
              if label in shaped or not _known(lexicon, label, field)}
    before = (general or {}).get("notices") or []
    for index, notice in enumerate(templated.get("notices") or []):
        for field, span in notice.get("provenance", {}).items():
            label = span.get("label")
            if label and taught.get(normalise_label(label)) == field.split(".")[0]:
                span["method"] = "template"
        if index >= len(before):
            continue
        for field in VALUE_FIELDS:
            mine, theirs = notice.get(field), before[index].get(field)
            if mine in (None, [], "other") or theirs in (None, [], "other") or mine == theirs:
                continue
            notice["warnings"].append(warning_record(
                "template_disagrees", field, f"template {template.id} read {_short(mine)}; without it: {_short(theirs)}"))
            _doubt(notice, field)
    return templated


def _doubt(notice: Record, field: str) -> None:
    """A field the template and the general reader read differently: its score and the notice's
    confidence are capped as the confidence table says for `template_disagrees`, and the one rule
    decides `needs_review` again."""
    table = load_confidence()
    cap = table.field_warnings.get("template_disagrees", 0.0)
    span = notice.get("provenance", {}).get(field)
    if isinstance(span, dict) and isinstance(span.get("score"), (int, float)):
        span["score"] = min(span["score"], cap)
    before = notice.get("confidence")
    notice["confidence"] = min(float(before) if isinstance(before, (int, float)) else 1.0, cap)
    notice["needs_review"] = notice["needs_review"] or needs_review(notice["confidence"], None, table)


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")



def _known(lexicon: Lexicon, label: str, field: str) -> bool:
    entry = lexicon.lookup(label, approximate=False)
    return entry is not None and entry.kind == "field" and entry.field == field
