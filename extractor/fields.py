"""The output contract's field names, in output order, without pydantic.

The models (`models.py`) declare the same fields; a test keeps the two in step. Kept apart so
the hot path (lexicon, records) never has to import pydantic.
"""

from __future__ import annotations

# The fields a notice's value can fill (everything but bookkeeping); gold files use these names.
VALUE_FIELDS: tuple[str, ...] = (
    "title", "authority", "document_type", "decision_maker", "decision_status", "is_key_decision",
    "subject_to_call_in", "purpose", "decision", "reasons", "alternatives_considered", "category",
    "wards_affected", "consultation", "declarations_of_interest", "contact", "report_author",
    "decision_date", "publication_date", "effective_from", "call_in_deadline", "representations_deadline",
    "background_papers", "accompanying_documents",
)
BOOKKEEPING_FIELDS: tuple[str, ...] = ("provenance", "other_sections", "warnings", "needs_review")
NOTICE_FIELDS: tuple[str, ...] = VALUE_FIELDS + BOOKKEEPING_FIELDS
DEFAULTS = {"document_type": "other", "accompanying_documents": []}  # every other value field: null
