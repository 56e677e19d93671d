"""Say in a result which template read it, which values it taught, and where the template and
the general reader disagree (those fields keep ``needs_review``: a template can be wrong)."""

from __future__ import annotations

from typing import Any

from ..fields import VALUE_FIELDS
from ..lexicon import normalise_label
from ..records import warning_record
from .model import Template

Record = dict[str, Any]


def mark(templated: Record, general: Record, template: Template, share: float) -> Record:
    """``templated`` (the result read through ``template``), told so, in place; ``general`` is the
    same file read without it."""
    templated["source"]["template"] = {"id": template.id, "taught": template.taught,
                                       "learned_from": template.source, "share": share}
    taught = {normalise_label(label): field for label, field in template.labels}
    before = general.get("notices") or []
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
            notice["needs_review"] = True
    return templated


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")

