"""What a reviewer typed or selected, as the value the contract wants for that field.

A date may be typed as ISO (the date input) or selected as printed ("18 May 2011"), a yes/no
as true/false or "Yes"; the document's own parsers read the printed forms, so a selection
means what the extractor would have made of it. The contact is corrected part by part
(``contact.email``). A value that cannot be read is refused, never stored half-understood.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..fields import CONTACT_PARTS, DEFAULTS, FIELD_SHAPES, VALUE_FIELDS
from ..values import parse_bool, parse_date

FIELDS: tuple[str, ...] = tuple(
    f for name in VALUE_FIELDS for f in ([f"contact.{p}" for p in CONTACT_PARTS] if name == "contact" else [name]))
DOCUMENT_TYPES = ("decision_details", "record_of_decision", "officer_decision", "cabinet_member_decision",
                  "issue_history", "other")


class ValueRefused(ValueError):
    """The value cannot be read as this field's type (the route answers 422)."""


def kind_of(field: str) -> str:
    """text, date, bool, list or choice: what input the page shows."""
    if field == "document_type":
        return "choice"
    return {"date": "date", "bool": "bool", "list": "list"}.get(FIELD_SHAPES.get(field, ""), "text")


def coerce(field: str, value: Any) -> Any:
    """The contract value for a typed or selected ``value``; None clears it."""
    if field not in FIELDS:
        raise ValueRefused(f"unknown field {field!r}")
    kind = kind_of(field)
    if isinstance(value, str):
        value = value.strip() or None
    if value is None:
        return DEFAULTS.get(field) if field in DEFAULTS else None
    if kind == "date":
        if not isinstance(value, str):
            raise ValueRefused(f"{field}: a date is text, like 2011-05-18 or 18 May 2011")
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            parsed = parse_date(value)
        if parsed.value is None:
            raise ValueRefused(f"{field}: {value!r} is not a date")
        return parsed.value.isoformat()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        parsed = parse_bool(str(value))
        if parsed.value is None:
            raise ValueRefused(f"{field}: {value!r} is neither yes nor no")
        return parsed.value
    if kind == "list":
        items = value if isinstance(value, list) else str(value).replace(";", "\n").splitlines()
        return [str(i).strip() for i in items if str(i).strip()]
    if kind == "choice":
        if value not in DOCUMENT_TYPES:
            raise ValueRefused(f"{field}: {value!r} is not one of {', '.join(DOCUMENT_TYPES)}")
        return value
    if not isinstance(value, str):
        raise ValueRefused(f"{field}: a text value is expected")
    return " ".join(value.split()) if "\n" not in value else value


def get_value(notice: dict[str, Any], field: str) -> Any:
    if field.startswith("contact."):
        return (notice.get("contact") or {}).get(field.split(".", 1)[1])
    return notice.get(field)


def set_value(notice: dict[str, Any], field: str, value: Any) -> None:
    if field.startswith("contact."):
        contact = dict(notice.get("contact") or dict.fromkeys(CONTACT_PARTS))
        contact[field.split(".", 1)[1]] = value
        notice["contact"] = None if all(v is None for v in contact.values()) else contact
    else:
        notice[field] = value


def provenance_key(field: str) -> str:
    return field.split(".", 1)[0]
