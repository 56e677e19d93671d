"""Typed errors and the one registry of warning codes.

Every failure a user can see carries a stable ``code``; the CLI, the batch manifest and the
tests all speak these codes, so they are listed here once, with their meaning.
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    "file_not_found": "the path does not exist",
    "not_a_file": "the path is a directory or another non-regular file",
    "unreadable_file": "the file exists but could not be opened (permissions, I/O error)",
    "empty_file": "the file has no bytes, or only whitespace",
    "binary_file": "the content is binary data, not text in any supported encoding",
    "decode_error": "the text could not be decoded in any supported encoding",
    "unsupported_format": "the content is a format this version cannot read",
    "legacy_doc": "a legacy binary Word .doc file; convert it to .docx first (no longer raised: .doc is read)",
    "encrypted": "the document is encrypted or password-protected",
    "corrupt_file": "the file is truncated or damaged and could not be parsed",
    "ocr_unavailable": "the file needs OCR but Tesseract is not installed",
    "ocr_failed": "Tesseract ran but could not read a page of the file",
    "too_large": "the file is larger than the configured size limit",
    "converter_unavailable": "a .doc, .rtf or .odt file needs LibreOffice, which is not installed",
    "timeout": "extraction (or fetching an http(s):// input) ran past the per-file time limit and was stopped",
    "memory_limit": "extraction ran past the per-file memory cap and was stopped",
    "worker_crashed": "the worker process died while extracting this file",
    "internal_error": "an unexpected error in the extractor (please report it with the file)",
    "not_a_document": "a web archive record that is no HTML, PDF or Word response (a request, an image, a 404); skipped",
    "hidden_file": "a hidden file (name starting with '.') inside a folder; skipped",
    "unreadable_folder": "a folder that could not be listed (permissions, I/O error); its files were not read",
    "fetch_failed": "an http(s):// input could not be fetched (an HTTP error status, a server that cannot be reached); the reason says which",
}

WARNING_CODES: dict[str, str] = {
    "missing_decision": "no decision text was found",
    "missing_decision_maker": "no decision maker was found",
    "missing_date": "the notice states no date at all",
    "unparsed_date": "a date field's value is not a recognisable date",
    "unparsed_boolean": "a yes/no field's value is not a recognisable yes or no",
    "two_digit_year": "a date was written with a two-digit year; the century was inferred",
    "month_first_date": "a numeric date is impossible day-first (13th month), so it was read month-first",
    "conflicting_values": "two sections give different values for one field; the first is kept",
    "not_a_notice": "nothing marks a decision (no known label, record heading or decision wording): the file may not be a decision notice, and its text is kept in other_sections",
    "encoding_guessed": "the text encoding was guessed (a legacy single-byte encoding, or UTF-8 with some lines that are not): check the text",
    "no_text_layer": "the PDF has no text layer (a scan?): OCR is needed",
    "ocr_digits_read": "a date had letters where digits belong (O for 0, l or I for 1), as OCR confuses them; read as digits",
    "ocr_low_confidence": "OCR read this value with low confidence: check it against the scan",
    "label_guessed": "the label is not in the lexicon; its field was read from the label's words",
    "value_by_position": "a core value (title, decider, decision, date) came only from where unlabelled text stands: check it",
    "extension_mismatch": "the file's extension does not match its content; the content decided",
    "embedded_objects_dropped": "the RTF's embedded objects could not be read and were left out; its text was read",
    "error_page": "the web page looks like an error or login page (404, sign in), not a notice",
    "template_disagrees": "a learned template and the general reader read this field differently; the template's value is kept: check it",
    "content_dropped": "part of the file was not read (a web page nested deeper than the reader follows, or past the parser's limits): check the source",
}


class ExtractorError(Exception):
    """Base class: a file could not be read at all. Carries a stable code and the path."""

    code = "extractor_error"

    def __init__(self, message: str, *, code: str | None = None, path: str | None = None):
        super().__init__(message)
        if code is not None:
            if code not in ERROR_CODES:
                raise ValueError(f"unregistered error code {code!r}")
            self.code = code
        self.path = path
        self.message = message

    def __str__(self) -> str:  # one line, naming the file when known
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


class InputError(ExtractorError):
    """The input file is missing, unreadable, empty or of a kind we cannot read."""


class OutputError(Exception):
    """The output folder cannot be written (read-only, full, or in use by another run); exit code 3.
    Files finished before it are kept and listed in the manifest, so a re-run resumes."""
