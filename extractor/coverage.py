"""The nothing-lost check: every non-blank line lands in exactly one unit (a field or other_sections)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .assemble import AssembledNotice
from .document import Document


@dataclass(frozen=True, slots=True)
class CoverageGap:
    line: int
    count: int  # 0: lost; 2 or more: claimed twice
    text: str


def coverage_gaps(document: Document, notices: tuple[AssembledNotice, ...]) -> list[CoverageGap]:
    """Lines held by no unit or by more than one; an empty list means nothing was lost."""
    counts: Counter[int] = Counter()
    for notice in notices:
        for unit in notice.units:
            counts.update(unit.lines)
    gaps = []
    for index, line in enumerate(document.lines):
        text = document.text[line.content_start : line.end]
        if text.strip() and counts[index] != 1:
            gaps.append(CoverageGap(index, counts[index], text))
    return gaps
