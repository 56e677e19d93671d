"""split_inline_labels(): labels wherever they stand, not only at the start of a line.

Text flattened from a PDF or a web table runs labels into one line ("... approved. Reason for
Decision: The plan ... Publication Date: 2 September 2008 Implementation Date: ..."; "Signature:
Date: 18 June 2024"). Each known label found inside a line, with its separator after it and
evidence before it, starts a line of its own. Only the line records change: the text and every
offset stay as they are, so provenance still points into what `decision-extractor text` prints.
"""

from __future__ import annotations

import dataclasses

import regex

from .document import Document, Line
from .lexicon import LabelEntry, Lexicon
from .values import find_dates

# A separator after a label: ":" (not a time "10:30" or a URL "https:"), "?:" or "?".
_SEPARATOR = regex.compile(r"(?<=[\p{L})])\s?(?::(?![/\d])|\?:?(?=\s))")
_WORD_START = regex.compile(r"(?:^|(?<=\s)|(?<=\|))\p{Lu}")
# A label glued to the value before it by a page that lost its cell breaks ("21st September
# 2020Decision Papers", "PCCDecision Ref:", "restrictedDecision Maker:").
_GLUED_START = regex.compile(r"(?<=[\d\p{Ll})])\p{Lu}(?=\p{Ll})|(?<=\p{Lu})\p{Lu}(?=\p{Ll})")
MAX_LABEL_WORDS = 7  # a label found mid-line is at most this many words
MIN_LINE_CHARS = 12  # a line shorter than this holds one thing


def _clear_break_before(text: str, at: int, ends: str = ".;!?)\\]:") -> bool:
    """Two spaces, a table pipe or the end of a sentence (or of what ``ends`` names) stand before ``at``."""
    before = text[:at]
    return bool(regex.search(r"(?:\s{2,}|\|\s*|\t)$", before) or regex.search(f"[{ends}]\\s+$", before))


def _evidence_before(text: str, at: int, words: int, after_label: bool = False) -> bool:
    """What stands before a label found mid-line shows it starts something new: two spaces or
    a table pipe, a sentence's end, or a label of two words or more after a value (also after
    the first value of a line that is a label's value: "Subject of Decision" | "Town centre wifi
    Decision Maker: Leader ...")."""
    before = text[:at]
    if _clear_break_before(text, at):
        return True
    if after_label:
        before = ": " + before
    # one space only: a run of "Label: value" pairs flattened into one line ("... 2 September
    # 2008 Implementation Date: ..."); a one-word label only after a value that ends in a digit
    return (words >= 2 or before.rstrip()[-1:].isdigit()) and ":" in before and bool(regex.search(r"\S\s$", before))


def _dated(entry: LabelEntry, value: str, lexicon: Lexicon) -> bool:
    """A date label with a date after it ("... Councillor K. Mann Dated: 28th January 2008") shows
    itself a label even after one space and a word."""
    if entry.shape != "date":
        return False
    head = value.lstrip()[:40]
    found = find_dates(head, words=lexicon.words)
    return bool(found) and found[0].start == 0


def _label_at(text: str, colon: int, value_start: int, lexicon: Lexicon, after_label: bool = False) -> int | None:
    """Where a known label ending at ``colon`` starts in ``text`` (longest first), or None."""
    glued = {m.start() for m in _GLUED_START.finditer(text, 0, colon)}
    starts = sorted({m.start() for m in _WORD_START.finditer(text, 0, colon)} | glued)
    starts = [s for s in starts if len(text[s:colon].split()) <= MAX_LABEL_WORDS]
    for start in starts:  # earliest start: the longest label
        label = text[start:colon].strip()
        if _SEPARATOR.search(label):
            continue  # "Signed: ..... Date": two labels, not one
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and not text[:start].strip():
            return None  # the line starts with this label ("Is Key decision?:"): nothing to cut
        if entry is None or entry.guessed:
            continue
        words = len(label.split())
        # a known section that is no field ("Assessment of risk:") when it is named in two words or more
        if entry.kind not in {"field", "by_value", "fallback"} and not (
                entry.kind == "other" and (words >= 2 or _clear_break_before(text, start, ".!?"))):
            continue
        if (_evidence_before(text, start, words, after_label) or _dated(entry, text[value_start:], lexicon)
                or (start in glued and words >= 2)):
            return start
    return None


def _glued_label_to_end(text: str, lexicon: Lexicon) -> int | None:
    """Where a known label of two words or more, glued to the value before it, runs to the end
    of the line with no separator ("21st September 2020Decision Papers/Reason for Restricted")."""
    for glued in _GLUED_START.finditer(text):
        label = text[glued.start():].strip()
        if len(label.split()) < 2 or len(label.split()) > MAX_LABEL_WORDS:
            continue
        entry = lexicon.lookup(label, approximate=False)
        if entry is not None and entry.kind in {"field", "other"} and not entry.guessed:
            return glued.start()
    return None


def _cuts(text: str, lexicon: Lexicon, after_label: bool = False) -> list[int]:
    cuts: list[int] = []
    for sep in _SEPARATOR.finditer(text):
        start = _label_at(text, sep.start(), sep.end(), lexicon, after_label)
        if start is not None and start > 0 and text[:start].strip() and (not cuts or start > cuts[-1]):
            cuts.append(start)
    glued = _glued_label_to_end(text, lexicon)
    if glued is not None and glued not in cuts:
        cuts.append(glued)
    # after a formula that hands over to the decision ("... do hereby approve: The quotation ...")
    for lead_in in lexicon.words.decision_lead_in.finditer(text):
        after = len(text) - len(text[lead_in.end():].lstrip())
        if after < len(text) and after not in cuts:
            cuts.append(after)
    return sorted(cuts)


def split_inline_labels(document: Document, lexicon: Lexicon) -> Document:
    """The document with a line of its own for every known label found inside a line."""
    lines: list[Line] = []
    changed = False
    text = document.text
    previous = ""  # the last line with words, and whether it was a label (a table's label cell)
    previous_label = False
    for line in document.lines:
        content = text[line.content_start : line.end]
        after_label = previous_label or previous.rstrip().endswith(":")
        if content.strip():
            previous, previous_label = content, "label" in line.hints
        if len(content) < MIN_LINE_CHARS or "label" in line.hints:
            lines.append(line)
            continue
        cuts = _cuts(content, lexicon, after_label)
        if not cuts:
            lines.append(line)
            continue
        changed = True
        bounds = [0, *cuts, len(content)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
            piece = content[a:b]
            end = line.content_start + a + len(piece.rstrip())
            start = line.content_start + a
            if n == 0:
                lines.append(line._replace(end=end))
            else:
                lines.append(line._replace(start=start, content_start=start, end=end, is_list_item=False))
    if not changed:
        return document
    return dataclasses.replace(document, lines=tuple(lines))
