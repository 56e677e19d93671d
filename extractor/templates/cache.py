"""What a re-run keeps: a notice is keyed on the template that read it, not on every templates file.

A batch run keeps each file's `knowledge` (`options.knowledge_key`) in its manifest line and reads
the file again when that changes. With templates, the run's key is ``BASE:SET`` (``SET``: the
content of every templates file given) and a file's is ``BASE:SET:MATCHED``, ``MATCHED`` being the
id and content digest of the template that read it (``-``: none did). When only ``SET`` changed
(a template taught, another edited), a re-run reads the file's text again (no extraction) to see
which template matches it now: the same one, unchanged, or still none, and its earlier result
stands ("unchanged since the last run"); else it is extracted again. So teaching a template of one
family re-reads that family's notices, and a notice no template matches keeps its result.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..options import RunOptions
from .model import Template
from .store import load_templates

NONE = "-"  # no template read the file


def template_digest(template: Template) -> str:
    """A digest of everything the template says, whatever the order of its lists (a hand edit
    that changes what it says changes it; one that only reorders its lines does not)."""
    said = [template.id, template.taught, template.source, sorted(template.labels), sorted(template.furniture),
            sorted(template.run_in), sorted(template.wraps), sorted(template.key_categories)]
    return hashlib.sha256(repr(said).encode("utf-8")).hexdigest()[:16]


def matched_key(template_id: str | None, templates: tuple[Template, ...]) -> str:
    """``id@digest`` of the template ``template_id`` (of those given), or NONE."""
    same = [t for t in templates if t.id == template_id] if template_id else []
    if not same:
        return NONE
    return f"{template_id}@{''.join(template_digest(t) for t in same)}"


def record_knowledge(knowledge: str, options: RunOptions, template_id: str | None) -> str:
    """A read file's knowledge: the run's, and with templates the one that read it (or none)."""
    if not options.templates:
        return knowledge
    return f"{knowledge}:{matched_key(template_id, load_templates(options.templates))}"


def same_run(previous: str | None, knowledge: str) -> bool:
    """Whether a file's recorded knowledge is the run's: the same base, templates and all."""
    if previous is None:
        return False
    parts = previous.split(":", 2)  # BASE, or BASE:SET:MATCHED (a template's id may hold a colon)
    return previous == knowledge or (len(parts) == 3 and f"{parts[0]}:{parts[1]}" == knowledge)


def still_reads(previous: str | None, knowledge: str, options: RunOptions, source: Any,
                filename: str | None) -> str | None:
    """The file's knowledge now when only the templates changed since ``previous`` and the
    template that matches the file is the one that read it (or none matches, as none did); None
    when it must be extracted again."""
    if not previous or not options.templates:
        return None
    base, _, now_set = knowledge.partition(":")
    parts = previous.split(":", 2)
    if parts[0] != base or not now_set:
        return None
    if len(parts) == 1:  # read without templates: it stands if none matches it now
        before = NONE
    elif len(parts) == 3:
        before = parts[2]
    else:
        return None  # a failed file's record: no template said
    from ..errors import ExtractorError
    from ..pipeline import read
    from .match import match_template

    templates = load_templates(options.templates)
    try:
        document = read(source, filename=filename, options=options)
    except (ExtractorError, OSError, ValueError):
        return None
    found = match_template(document, templates) if document.text.strip() else None
    now = matched_key(found[0].id, templates) if found else NONE
    return f"{knowledge}:{now}" if now == before else None
