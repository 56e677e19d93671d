"""The output contract (shared/FIELDS.md, schema version 1.1: see CHANGELOG.md) as immutable pydantic models.

Pydantic lives only here, at the boundary; the stages pass frozen dataclasses between them,
and `records.py` builds the same result as plain data for the command line (tests keep them equal).
Every key is required in the serialised schema, so consumers can rely on its presence.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from ._version import SCHEMA_VERSION
from .fields import VALUE_FIELDS  # noqa: F401 (re-exported)

DocumentType = Literal[
    "decision_details",
    "record_of_decision",
    "officer_decision",
    "cabinet_member_decision",
    "issue_history",
    "other",
]
SourceFormat = Literal["text", "pdf", "docx", "html", "image", "doc", "rtf", "odt"]


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )


class Span(_Frozen):
    """Where a value came from: offsets into the text that `decision-extractor text` prints."""

    label: Optional[str] = Field(description="the label as found in the document, null if unlabelled")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = Field(
        default=None, description="[x0, top, x1, bottom] in PDF points from the top-left of `page`: the union of the "
        "boxes of the value's own words on that page (its label excluded)"
    )
    locator: Optional[str] = Field(
        default=None,
        description="Word: the body paragraph ('p12') or table cell ('t1.r3.c2') the value starts in, "
        "or a range 'p12..p15'; HTML: the element's CSS-like path ('main/table[2]/tr[3]/td[2]')",
    )
    confidence: Optional[float] = Field(
        default=None, description="OCR: the lowest mean word confidence (0-100) of the value's lines; null for text"
    )
    method: Optional[Literal["label", "label_guessed", "pattern", "heading", "wording", "position", "template"]] = Field(
        default=None,
        description="how the value was found: a known label, a label guessed from its words, a whole-line "
        "pattern, a heading's place, the value's own wording, only its position among unlabelled text, or "
        "a label a learned template taught (the result's source.template says which; schema 1.1)",
    )
    score: Optional[float] = Field(
        default=None, ge=0, le=1, description="how sure the value is (0-1), from its evidence: how it was found, "
        "capped by warnings about it and OCR doubt (an addition to schema 1.1; see extractor/data/confidence.toml)"
    )
    raw: str = Field(description="the source text of the value, before clean-up")


class HumanSpan(_Frozen):
    """A value a person set or cleared at the review desk (`export --corrected`): who, when, and,
    for a value selected in the source, where (offsets, page, box as for `Span`; null for a value
    typed in or cleared)."""

    method: Literal["human"] = Field(description="set by a reviewer, not extracted")
    who: Optional[str] = Field(description="the reviewer's name as the desk was given it; null when not given")
    when: str = Field(description="when the value was set, ISO 8601 UTC")
    label: Optional[str] = None
    start: Optional[int] = Field(default=None, ge=0)
    end: Optional[int] = Field(default=None, ge=0)
    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None
    locator: Optional[str] = None
    raw: Optional[str] = Field(default=None, description="the selected source text; null for a typed or cleared value")


class ExtractionWarning(_Frozen):
    code: str = Field(description="stable code, listed in extractor.errors.WARNING_CODES")
    field: Optional[str] = None
    message: str


class Contact(_Frozen):
    name: Optional[str] = None
    role: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None


class OtherSection(_Frozen):
    heading: Optional[str] = Field(description="the heading or label as found; null for unlabelled text")
    text: str
    page: Optional[int] = None


class Notice(_Frozen):
    title: Optional[str] = None
    authority: Optional[str] = None
    document_type: DocumentType = "other"
    decision_maker: Optional[str] = None
    decision_status: Optional[str] = None
    is_key_decision: Optional[bool] = None
    subject_to_call_in: Optional[bool] = None
    purpose: Optional[str] = None
    decision: Optional[str] = None
    reasons: Optional[str] = None
    alternatives_considered: Optional[str] = None
    category: Optional[str] = None
    wards_affected: Optional[str] = None
    consultation: Optional[str] = None
    declarations_of_interest: Optional[str] = None
    contact: Optional[Contact] = None
    report_author: Optional[str] = None
    decision_date: Optional[dt.date] = None
    publication_date: Optional[dt.date] = None
    effective_from: Optional[dt.date] = None
    call_in_deadline: Optional[dt.date] = None
    representations_deadline: Optional[dt.date] = None
    background_papers: Optional[str] = None
    accompanying_documents: list[str] = Field(default_factory=list)
    provenance: dict[str, Union[Span, HumanSpan]] = Field(
        default_factory=dict, description="where each value came from: extracted (`Span`), or set by a reviewer "
        "(`HumanSpan`, only in `export --corrected`)")
    other_sections: list[OtherSection] = Field(default_factory=list)
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    confidence: Optional[float] = Field(
        default=None, ge=0, le=1, description="the notice's confidence (0-1): its least sure value's score, capped "
        "by warnings about the whole notice and when much of its text went to no field; null for a failed file "
        "(an addition to schema 1.1)")
    needs_review: bool = Field(default=False, description="confidence below the run's --review-below (0.75 unless "
                               "set): the one rule")


# VALUE_FIELDS (the fields a notice's value can fill) lives in fields.py, free of pydantic;
# tests/test_schema.py checks it names Notice's fields in order.


class TemplateInfo(_Frozen):
    """The learned template a file was read through (`decision-extractor learn`, or found in a run)."""

    id: str = Field(description="the template's id in its templates file")
    taught: int = Field(ge=0, description="how many notices taught it")
    learned_from: Literal["gold", "corrections", "run"] = Field(
        description="corrected notices (a gold folder, a desk's corrections) or the run's own notices")
    share: float = Field(ge=0, le=1, description="the share of the template's lines the file prints")


class Source(_Frozen):
    path: Optional[str]
    sha256: Optional[str] = Field(description="SHA-256 of the bytes read; null when they could not be read "
                                  "(a missing or unreadable file), never the checksum of nothing")
    bytes: Optional[int] = Field(ge=0, description="size in bytes; null when unknown")
    format: Optional[SourceFormat] = Field(description="null when the file could not be identified")
    pages: Optional[int] = None
    encoding: Optional[str] = None
    url: Optional[str] = Field(default=None, description="web archive: the record's target URI (schema 1.1)")
    archived_at: Optional[str] = Field(
        default=None, description="web archive: the capture date, ISO 8601 as the archive gives it (schema 1.1)")
    template: Optional[TemplateInfo] = Field(
        default=None, description="the learned template the file was read through; null when none matched (schema 1.1)")


class ExtractorInfo(_Frozen):
    name: Literal["decision-extractor"] = "decision-extractor"
    version: str


class Error(_Frozen):
    code: str = Field(description="stable code, listed in extractor.errors.ERROR_CODES")
    message: str


class ExtractionResult(_Frozen):
    """One per input file: what was read, what was found, and what went wrong."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    source: Source
    extractor: ExtractorInfo
    notices: list[Notice] = Field(default_factory=list)
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    error: Optional[Error] = None


class NoticeLine(Notice):
    """A `--jsonl` line: one notice with its file's source, warnings and error copied into it.

    Every input gives at least one line: a file that failed gives one line whose notice fields
    are empty, `notice_index` null and `error` set, so a pipeline never loses a file silently.
    """

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    source: Source
    notice_index: Optional[int] = Field(ge=0, description="the notice's place in its file (0, 1, ...); "
                                        "null on the line of a file that gave no notice")
    file_warnings: list[ExtractionWarning] = Field(
        default_factory=list, description="the file-level warnings (not_a_notice, extension_mismatch, ...)")
    error: Optional[Error] = Field(default=None, description="set when the file could not be read at all")


# -- a batch run's own files: OUT/manifest.jsonl and OUT/summary.json ----------------------------------
class _RunFile(BaseModel):
    """Frozen and closed like the results, but a key that only some lines carry (a web archive
    record's, a name that is not UTF-8) is optional: absent, never a made-up null."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Outcome = Literal["ok", "needs_review", "failed", "skipped"]


class ManifestLine(_RunFile):
    """One line of `OUT/manifest.jsonl`: one input (a file, or a web archive's record) of a batch run."""

    path: str = Field(description="the input as found (a record: 'ARCHIVE#OFFSET'); bytes that are not UTF-8 as \\xNN")
    path_bytes_b64: Optional[str] = Field(default=None, description="the path's exact bytes, when they are not UTF-8")
    output: Optional[str] = Field(description="the result file, relative to OUT; null for a skipped input")
    extractor_version: str
    knowledge: Optional[str] = Field(
        description="fingerprint of what the input was read with besides its bytes (version, vocabulary, read "
        "options, content of the user lexicons, and of the learned template it matched, if any): a re-run reads "
        "it again when this changes")
    archive: Optional[str] = Field(default=None, description="web archive record: the archive file")
    record_offset: Optional[int] = Field(default=None, ge=0, description="web archive record: its byte offset")
    url: Optional[str] = Field(default=None, description="web archive record: its target URI")
    archived_at: Optional[str] = Field(default=None, description="web archive record: its capture date")
    sha256: Optional[str]
    bytes: Optional[int] = Field(ge=0)
    format: Optional[SourceFormat]
    outcome: Outcome
    error_code: Optional[str] = Field(description="why it failed or was skipped (extractor.errors.ERROR_CODES)")
    error_message: Optional[str]
    warnings: list[str] = Field(description="the warning codes of the file and its notices")
    notices: int = Field(ge=0, description="the notices read from it")
    seconds: float = Field(ge=0)
    resumed: bool = Field(description="true when an earlier run's output was kept (same sha256 and knowledge)")
    template: Optional[str] = Field(default=None, description="the id of the learned template the file was read "
                                    "with; null when none matched")


class FoundTemplate(_RunFile):
    """A template a folder run found in its own files (written to OUT/templates.toml)."""

    id: str
    learned_from: str
    taught: int = Field(ge=0, description="how many notices taught it")
    labels: int = Field(ge=0, description="how many labels it knows")
    furniture: int = Field(ge=0, description="how many lines of furniture it knows")


class RunSummary(_RunFile):
    """`OUT/summary.json`: the run's counts, in the vocabulary the command line, the desk's
    queue and its report share: files on disk, inputs (files plus web archive records, each one
    manifest line), notices, and outcomes (which count inputs)."""

    extractor_version: str
    files_on_disk: int = Field(ge=0, description="files found (a web archive once, however many records)")
    inputs: int = Field(ge=0, description="manifest lines: files and web archive records")
    files: int = Field(ge=0, description="the same as inputs (its older name)")
    notices: int = Field(ge=0, description="notices read from all inputs")
    resumed: int = Field(ge=0, description="inputs kept from an earlier run")
    seconds: float = Field(ge=0)
    by_outcome: dict[Outcome, int] = Field(description="inputs by outcome")
    by_format: dict[str, int] = Field(description="inputs by format ('unknown' when not identified)")
    by_warning_code: dict[str, int] = Field(description="inputs with each warning code")
    by_error_code: dict[str, int] = Field(description="inputs failed or skipped with each code")
    templates_found: list[FoundTemplate] = Field(default_factory=list,
                                                 description="templates the run found in its own files")
