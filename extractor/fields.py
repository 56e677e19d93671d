"""The output contract's fields, in output order, and what each one is: one table, without pydantic.

Every stage that treats fields differently reads it here: the lexicon (the shape a field must be
read as), assembly (dates, the values an item of a multi-decision record inherits, the core
values, the fields an agenda has too), the records (defaults), `evaluate` (exact or token
scoring) and the CSV columns. The models (`models.py`) declare the same fields; a test keeps
the two in step. Kept apart so the hot path (lexicon, records) never has to import pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Field:
    """One value field of a notice.

    ``shape``: what the field must be read as, whatever the data file says ("date", "bool",
    "contact", "list"), or None for text, whose labels in labels.toml say "line" or "block".
    ``default``: its value when the notice does not state it (None: null). ``shared``: an item
    of a multi-decision record inherits the record's value when it has none of its own.
    ``core``: a title, decider, decision or date; found only by position, it warns
    (value_by_position). ``incidental``: an agenda or summons has it too, so its label alone
    does not make a file a decision notice. ``closed``: one of a fixed set of values, scored
    exactly like dates and yes/no values.
    """

    name: str
    shape: str | None = None
    default: Any = None
    shared: bool = False
    core: bool = False
    incidental: bool = False
    closed: bool = False


FIELDS: tuple[Field, ...] = (
    Field("title", core=True),
    Field("authority", shared=True, incidental=True),
    Field("document_type", default="other", shared=True, closed=True),
    Field("decision_maker", shared=True, core=True),
    Field("decision_status"),
    Field("is_key_decision", "bool"),
    Field("subject_to_call_in", "bool", shared=True),
    Field("purpose"),
    Field("decision", core=True),
    Field("reasons"),
    Field("alternatives_considered"),
    Field("category", incidental=True),
    Field("wards_affected", incidental=True),
    Field("consultation"),
    Field("declarations_of_interest", shared=True, incidental=True),
    Field("contact", "contact", shared=True, incidental=True),
    Field("report_author", incidental=True),
    Field("decision_date", "date", shared=True, core=True),
    Field("publication_date", "date", shared=True),
    Field("effective_from", "date", shared=True),
    Field("call_in_deadline", "date", shared=True),
    Field("representations_deadline", "date"),
    Field("background_papers", incidental=True),
    Field("accompanying_documents", "list", default=[], incidental=True),
)

# Views of the table, in output order.
VALUE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS)  # gold files use these names
BOOKKEEPING_FIELDS: tuple[str, ...] = ("provenance", "other_sections", "warnings", "confidence", "needs_review")
NOTICE_FIELDS: tuple[str, ...] = VALUE_FIELDS + BOOKKEEPING_FIELDS
DEFAULTS: dict[str, Any] = {f.name: f.default for f in FIELDS if f.default is not None}  # every other: null
FIELD_SHAPES: dict[str, str] = {f.name: f.shape for f in FIELDS if f.shape is not None}
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.shape == "date")
SHARED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.shared)
CORE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.core)
INCIDENTAL_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.incidental)
EXACT_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.closed or f.shape in ("date", "bool"))
CONTACT_PARTS: tuple[str, ...] = ("name", "role", "email", "phone")
