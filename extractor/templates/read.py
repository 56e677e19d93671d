"""The pipeline's one call into templates: read a document through the template it matches."""

from __future__ import annotations

from typing import Any, Callable, Protocol, TypeVar

from ..document import Document
from ..lexicon import Lexicon
from .apply import read_through
from .mark import mark
from .match import match_template, printed
from .store import load_templates


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
    stands unless the template has its own evidence, `mark`). A template found in the run
    taught nothing the lexicon does not say, so its document is read once: its labels the
    lexicon does not know are guesses, and warn as guesses do (``label_guessed``)."""
    keys = printed(document)  # each line's key, once: matching and reading through share them
    found = match_template(document, load_templates(paths), keys)
    if found is None:
        return read(document, lexicon)
    template, share = found
    marked, taught = read_through(document, lexicon, template, keys.lines)
    templated = read(marked, taught)
    general = read(document, lexicon).record if template.source != "run" else None
    mark(templated.record, general, template, share, lexicon)
    return templated
