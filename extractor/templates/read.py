"""The pipeline's one call into templates: read a document through the template it matches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..document import Document
from ..lexicon import Lexicon
from .apply import read_through
from .mark import mark
from .match import match_template
from .store import load_templates

if TYPE_CHECKING:
    from ..pipeline import Extraction


def read_with_templates(document: Document, lexicon: Lexicon, paths: tuple[str, ...], general: Extraction,
                        read: Callable[[Document, Lexicon], Extraction]) -> Extraction:
    """``general`` (the document read without templates) when it matches none of the files'
    templates; else the document read again through the best match, marked (`mark`)."""
    found = match_template(document, load_templates(paths))
    if found is None:
        return general
    template, share = found
    marked, taught = read_through(document, lexicon, template)
    templated = read(marked, taught)
    mark(templated.record, general.record, template, share)
    return templated
