"""Say in a result which template read it, which values it taught, and where the template and
the general reader disagree (those fields keep ``needs_review``: a template can be wrong)."""

from __future__ import annotations

import copy
from typing import Any

from ..confidence import load_confidence, needs_review
from ..fields import VALUE_FIELDS
from ..lexicon import Lexicon, normalise_label
from ..records import warning_record
from .model import Template, line_key

Record = dict[str, Any]


def mark(templated: Record, general: Record | None, template: Template, share: float, lexicon: Lexicon) -> Record:
    """``templated`` (the result read through ``template``), told so, in place: its id in the
    source, method "template" for each value a label gave that the lexicon does not give that
    field or that the template reads its own way (run in, wrapped); ``general`` is the same file
    read without it (None: not compared).

    Where the two readings differ, the template's value stands only on the template's evidence
    (`_template_knows`); else the general reader's value is kept: a template learned from a
    notice or two never makes a field worse than reading without it. Either way the field
    warns `template_disagrees` and the notice keeps `needs_review`."""
    templated["source"]["template"] = {"id": template.id, "taught": template.taught,
                                       "learned_from": template.source, "share": share}
    shaped = set(template.run_in) | set(template.wraps)  # labels the template reads its own way
    taught = {normalise_label(label): field for label, field in template.labels
              if label in shaped or not _known(lexicon, label, field)}
    before = (general or {}).get("notices") or []
    categories = {" ".join(c.lower().split()): key for c, key in template.key_categories}
    for index, notice in enumerate(templated.get("notices") or []):
        for field, span in notice.get("provenance", {}).items():
            label = span.get("label")
            if label and taught.get(normalise_label(label)) == field.split(".")[0]:
                span["method"] = "template"
        key, category = notice.get("is_key_decision"), notice.get("category")
        span = notice.get("provenance", {}).get("is_key_decision")
        if (isinstance(span, dict) and isinstance(category, str)
                and categories.get(" ".join(category.lower().split())) is key):
            span["method"] = "template"  # the template's category said whether it is key
        if index >= len(before):
            continue
        for field in VALUE_FIELDS:
            mine, theirs = notice.get(field), before[index].get(field)
            if theirs in (None, [], "other") or mine == theirs:
                continue
            if not _template_knows(notice, before[index], field, template):
                _keep_general(notice, before[index], field)
            if mine in (None, [], "other"):
                continue  # the general reader's value, the template having none and no word against it
            notice["warnings"].append(warning_record(
                "template_disagrees", field, f"template {template.id} read {_short(mine)}; without it: {_short(theirs)}"))
            _doubt(notice, field)
    return templated


def _spans(notice: Record, field: str) -> list[dict[str, Any]]:
    return [span for key, span in (notice.get("provenance") or {}).items()
            if (key == field or key.startswith(field + ".")) and isinstance(span, dict)]


def _template_knows(templated: Record, general: Record, field: str, template: Template) -> bool:
    """Whether the template has its own evidence for its reading of ``field`` where the general
    reader read it otherwise:

    1. a label the template taught for that field read the value (method "template"), or a
       label of the template names that field;
    2. the general reader's value holds a line the template prints on every notice (furniture,
       another label): it ran over the template's lines.
    Else (the template moved a boundary, or lost a label, with nothing to show for it) the
    general reader's value stands."""
    fields = template.field_of
    for span in _spans(templated, field):
        label = span.get("label")
        if span.get("method") == "template" or (label and fields.get(line_key(label)) == field):
            return True
    own = set(fields) | {line_key(x) for x in template.furniture}
    own.discard("")
    for span in _spans(general, field):
        raw = span.get("raw")
        if isinstance(raw, str) and any(line_key(x) in own for x in raw.splitlines()):
            return True
    return False


def _keep_general(templated: Record, general: Record, field: str) -> None:
    """``field`` as the general reader read it: its value, where it stands and its warnings."""
    templated[field] = copy.deepcopy(general.get(field))
    provenance = templated.setdefault("provenance", {})
    for key in [k for k in provenance if k == field or k.startswith(field + ".")]:
        del provenance[key]
    for key, span in (general.get("provenance") or {}).items():
        if key == field or key.startswith(field + "."):
            provenance[key] = copy.deepcopy(span)
    templated["warnings"] = [w for w in templated.get("warnings", []) if w.get("field") != field] + [
        copy.deepcopy(w) for w in general.get("warnings", []) if w.get("field") == field]


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
