"""The pipeline's one call into templates: read a document through the template it matches."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Protocol, TypeVar

from ..document import Document
from ..lexicon import Lexicon
from .apply import read_through
from .mark import mark
from .match import match_template, printed
from .model import OTHER_FIELD, Template
from .store import load_templates

WHOLE = 1.0  # the share of its template's lines a document prints when it prints every one


class Reading(Protocol):
    """What the pipeline's reading of a document gives (its `Extraction`): the result as data."""

    @property
    def record(self) -> dict[str, Any]: ...


Read = TypeVar("Read", bound=Reading)


def read_with_templates(document: Document, lexicon: Lexicon, paths: tuple[str, ...],
                        read: Callable[[Document, Lexicon], Read]) -> Read:
    """The document read as without templates when it matches none of the files' templates;
    else read through the best match, and marked (`mark`).

    A template taught by corrections is compared with the general reader (a second reading of
    the same text: where they disagree the notice needs review, and the general reader's value
    stands unless the template has its own evidence, `mark`) wherever the template may have
    read the document otherwise than a person would: unless it read it whole (`read_whole`).
    A template found in the run taught nothing the lexicon does not say, so its document is
    read once: its labels the lexicon does not know are guesses, and warn as guesses do
    (``label_guessed``)."""
    keys = printed(document)  # each line's key, once: matching and reading through share them
    found = match_template(document, load_templates(paths), keys)
    if found is None:
        return read(document, lexicon)
    template, share = found
    marked, taught = read_through(document, lexicon, template, keys.lines)
    templated = read(marked, taught)
    compared = template.source != "run" and not read_whole(templated.record, template, share, lexicon)
    mark(templated.record, read(document, lexicon).record if compared else None, template, share, lexicon)
    return templated


def read_whole(record: dict[str, Any], template: Template, share: float, lexicon: Lexicon) -> bool:
    """Whether a taught template read a document whole, so that the general reader has nothing
    to say against it and is not asked (its second reading of the text was nearly half a taught
    file's cost): the document prints every line of the template (a sibling that differs is
    where a template misreads); the template says nothing against the lexicon (`contradicts`:
    a label it gives another field, a label it hides as furniture); and each field a label of the
    template names has a value in every notice read (none was lost)."""
    if share < WHOLE or contradicts(template, lexicon):
        return False
    fields = {field for _, field in template.labels if field != OTHER_FIELD}
    notices = record.get("notices") or []
    return bool(fields and notices) and all(notice.get(field) not in (None, [], "other")
                                            for notice in notices for field in fields)


@lru_cache(maxsize=64)
def contradicts(template: Template, lexicon: Lexicon) -> bool:
    """Whether the template reads a line otherwise than the lexicon: a label the lexicon gives a
    field that the template gives another one (or none), or a furniture line the lexicon reads
    as a label (a person's edit that hides "Reasons for the decision:"). What the lexicon does not
    know (labels, letterhead, a heading it only marks) the template adds, and contradicts nothing."""
    for label, field in template.labels:
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and entry.kind == "field" and entry.field != field:
            return True
    return any((found := lexicon.match_line(line, approximate=False)) is not None and found.entry.kind != "other"
               for line in template.furniture)
