"""The desk's teach button and `learn OUT`: a run's corrections, learned into a templates file.

The file is `learn`'s format; templates already in it are kept, one learned again is replaced,
so a reviewer can press the button after every few corrections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .learn import learn_corrections
from .model import Template
from .store import read_templates, write_templates


def merged(path: Path, learned: list[Template]) -> list[Template]:
    """The templates of ``path`` (if it exists) with ``learned`` in place of any of the same id."""
    old = read_templates(path.read_text(encoding="utf-8"), str(path)) if path.exists() else ()
    ids = {t.id for t in learned}
    return [*(t for t in old if t.id not in ids), *learned]


def teach_into(out: Path, target: Path) -> list[dict[str, Any]]:
    """Learn from OUT's corrections into ``target``; what was learned, as the desk lists it."""
    learned = learn_corrections(out)
    write_templates(target, merged(target, learned))
    return [{"id": t.id, "taught": t.taught, "labels": dict(t.labels), "furniture": list(t.furniture)} for t in learned]
