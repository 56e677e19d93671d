"""The `Template` value, and the key lines are compared by.

A template is data a person can read and edit: the printed labels it uses and the field each
one names, and its furniture (letterhead, site chrome, signature blocks: lines printed on every
notice of the template that are no value). Its fingerprint, the lines a document must mostly
print to be read through it, is both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex

from ..fields import VALUE_FIELDS

OTHER_FIELD = "_other"  # a label that names no field of the contract: it only ends the section before it
SOURCES = ("gold", "corrections", "run")  # taught by gold folders, by a desk's corrections, found in a run
_DIGITS = regex.compile(r"\d+")
_EDGES = regex.compile(r"^[\W_]+|[\W_]+$")
_SPACE = regex.compile(r"\s+")
MAX_KEY_CHARS = 200  # a line longer than this is prose, never a template's line
# "Label: value", "Label?  value", "Label<tab>value", "Label    value": the label part of a line
LABEL_PART = regex.compile(r"^(?P<label>[^:?\t]{1,80}?)\s*(?::+-?|\?|\t|[ \xa0]{3,})")


class TemplateError(ValueError):
    """A templates file that cannot be read, or names a field the contract does not have."""


def line_key(text: str) -> str:
    """What two printings of one template line share: case, spacing, edge punctuation and the
    digits of page numbers and dates folded away ("" for a line too long to be a template's).

    >>> line_key("  Page 2 of 14 "), line_key("CABINET MEMBER:"), line_key("Cabinet  Member")
    ('page # of #', 'cabinet member', 'cabinet member')
    """
    text = text.strip()
    if len(text) > MAX_KEY_CHARS:
        return ""
    return _SPACE.sub(" ", _DIGITS.sub("#", _EDGES.sub("", text.lower())))


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """How much two notices' line keys overlap (0: nothing shared, 1: the same).

    >>> jaccard({"a", "b"}, {"b", "c"})
    0.3333333333333333
    """
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True, slots=True)
class Template:
    """One template: ``labels`` maps printed label -> field (or ``_other``), ``furniture`` lists
    lines that are never a value, ``taught`` counts the notices it was learned from, ``source``
    says how (one of SOURCES), and ``run_in`` names the labels that this template prints before
    their value with nothing but a space ("Decision maker Cabinet"): a line starting with one is
    cut after it; ``wraps`` names labels of one-line fields (a decision maker) whose value this
    template wraps over lines: it runs to the next label; ``key_categories`` maps a category
    value to whether a decision of it is key."""

    id: str
    labels: tuple[tuple[str, str], ...]
    furniture: tuple[str, ...] = ()
    taught: int = 1
    source: str = "gold"
    run_in: tuple[str, ...] = ()  # labels printed before their value with a space only ("Decision maker Cabinet")
    wraps: tuple[str, ...] = ()  # labels of one-line fields whose value wraps over lines here
    # categories that say whether the decision is key ("Executive" -> False), where this template
    # states it by its category alone: what a correction of is_key_decision beside a category taught
    key_categories: tuple[tuple[str, bool], ...] = ()

    def __post_init__(self) -> None:
        for label, field in self.labels:
            if field != OTHER_FIELD and field not in VALUE_FIELDS:
                raise TemplateError(f"template {self.id!r}: label {label!r} names unknown field {field!r}")
        if self.source not in SOURCES:
            raise TemplateError(f"template {self.id!r}: source {self.source!r} is not one of {', '.join(SOURCES)}")

    @property
    def fingerprint(self) -> frozenset[str]:
        """The keys of the lines a document printed from this template prints."""
        return frozenset(k for k in (*(line_key(label) for label, _ in self.labels),
                                     *(line_key(line) for line in self.furniture)) if k)

    @property
    def field_of(self) -> dict[str, str]:
        """Label key -> field."""
        return {line_key(label): field for label, field in self.labels if line_key(label)}


def template_id(lines: list[str], furniture: list[str]) -> str:
    """A readable, stable id: the first furniture line's words and a digest of all the lines.

    >>> template_id(["Decided by"], ["Borough of Elmstead", "Record of decision"])
    'borough-of-elmstead-bd3547b2'
    """
    digest = hashlib.sha1("\n".join(sorted(line_key(x) for x in lines + furniture)).encode()).hexdigest()[:8]
    head = next((line_key(x) for x in furniture if line_key(x)), "") or next((line_key(x) for x in lines), "")
    slug = "-".join(regex.findall(r"[a-z]+", head)[:4])[:32] or "template"
    return f"{slug}-{digest}"
