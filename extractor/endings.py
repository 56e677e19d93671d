"""Where a section's value ends before its text does, read by the assembler.

A block section runs to the next label, but a record often prints more below its value: how to
call the decision in, the decider's sign-off and the heading above it, a signer's name above
"Signature:". And a purpose section may end in the decision itself ("The Commissioner has
approved ..."), in a record that gives the decision no section of its own. Each function here
says which of a section's paragraphs are not its value; the assembler keeps them elsewhere.
"""

from __future__ import annotations

import itertools
from typing import Any

from .assembly import opens_with, short_heading, unnumbered
from .lexicon import normalise_label
from .paragraphs import Paragraph
from .prefilter import found_in
from .sections import Segment

MAX_SIGN_OFF_HEADING_WORDS = 5  # "Mayor of London", "AUTHORISING DIRECTOR" above a sign-off


def closing_paragraphs(seg: Segment, paragraphs: list[Paragraph], words: Any,
                       placed: list[Segment], position: dict[int, int]) -> list[Paragraph]:
    """The trailing paragraphs of a section from the first that tells how to call it in ("Any
    member ... should give notice using the call-in facility ...", "This decision was published on
    ... unless called in"), that closes the meeting ("The meeting closed at 7.42 pm.") or that signs it off ("I confirm that I do not have any disclosable
    pecuniary interests ...", "It has my approval."), with the short heading just above a sign-off
    ("Mayor of London", "AUTHORISING DIRECTOR"); or the signer's heading alone at its end, right
    above a signature ("Mayor of Northvale" / "Signature: J. Adeyemi")."""
    if seg.kind != "field" or seg.shape != "block":
        return []
    declares = seg.field == "declarations_of_interest"  # ("I confirm that I have no interest ...": its value)
    for at, paragraph in enumerate(paragraphs[1:], start=1):
        lowered = paragraph.text.lower()
        if paragraph.list_item or opens_with(lowered, words.decision_openers):
            continue
        if (found_in(words.call_in_procedure, paragraph.text) or found_in(words.notice_statement, paragraph.text)
                or (("meeting" in lowered or "business" in lowered)  # ("The meeting closed at 7.42 pm.")
                    and words.meeting_closed.search(paragraph.text))):
            return paragraphs[at:]
        if declares:
            continue
        if words.sign_off.search(paragraph.text):
            headed = at >= 2 and short_heading(paragraphs[at - 1].text, MAX_SIGN_OFF_HEADING_WORDS)
            return paragraphs[at - 1 if headed else at :]
    if (not declares and len(paragraphs) >= 2 and short_heading(paragraphs[-1].text, MAX_SIGN_OFF_HEADING_WORDS)
            and _signature(_next(seg, placed, position, 1), words)):
        return paragraphs[-1:]
    return []


def after_signature(seg: Segment, words: Any, placed: list[Segment], position: dict[int, int]) -> bool:
    """Whether the section just before this one is a signature ("Signature:", "Signed by")."""
    return _signature(_next(seg, placed, position, -1), words)


def decision_taken(seg: Segment, paragraphs: list[Paragraph], words: Any,
                   segments: tuple[Segment, ...]) -> list[Paragraph]:
    """The closing paragraphs of a purpose section, from the first in which the decider states
    the decision taken ("He has opted to propose ...", "The Commissioner has approved ..."), in
    a record whose decision has no section of its own: a summary that ends in its outcome."""
    if seg.shape != "block" or len(paragraphs) < 2 or seg.field in (None, "decision", "declarations_of_interest"):
        return []
    if any(other.kind == "field" and other.field == "decision" for other in segments):
        return []
    for at, paragraph in enumerate(paragraphs[1:], start=1):
        # a minute's resolution stranded below another label ("Alternative options considered:
        # ... The Committee resolved to agree ...") is the decision, whatever section it ends
        if (seg.field == "purpose" and (words.decision_taken.search(paragraph.text) or (
                (paragraph.list_item or words.list_item.match(paragraph.text))
                and opens_with(unnumbered(paragraph.text, words), words.decision_openers)))) or (
                words.minute_resolution.match(paragraph.text)):
            # ("i. Noted and agreed to ...", "ii. Approved ...": the decisions listed below a purpose)
            listed = list(itertools.takewhile(lambda p: p.list_item, paragraphs[at + 1:]))
            return [paragraph, *listed]  # "The Director has:" and its list; what follows is neither
    return []


def _next(seg: Segment, placed: list[Segment], position: dict[int, int], step: int) -> Segment | None:
    at = position[id(seg)] + step
    return placed[at] if 0 <= at < len(placed) else None


def _signature(seg: Segment | None, words: Any) -> bool:
    return seg is not None and seg.label is not None and normalise_label(seg.label) in words.signature_labels
