"""Web archives (.warc, .warc.gz, .arc, .arc.gz, read with warcio): each HTML, PDF or Word
response record is a document of the run; every other record is accounted for as skipped.

Archivists' crawls (Heritrix, Webrecorder, national web archives) are WARC files holding
thousands of records; a batch run lists them all (`index_archive`) and each worker reads only
its own record by offset (`read_member`), so an archive is never held in memory whole.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_DOCUMENT_KINDS = {"html", "pdf", "zip", "ole", "rtf"}
_DOCUMENT_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "application/msword", "application/rtf",
                   "text/rtf", "application/vnd.openxmlformats-officedocument.wordprocessingml",
                   "application/vnd.oasis.opendocument.text")


@dataclass(frozen=True, slots=True)
class Member:
    """One record of an archive: where it is, what it is, and why it is skipped (None: a document)."""

    offset: int
    uri: str | None
    archived_at: str | None  # the capture date, ISO 8601 as the archive gives it
    skip: str | None = None  # a reason for a skipped record, or "truncated: ..." for a damaged archive


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def _classify(record, head: bytes) -> str | None:
    """None for a document record, else why it is skipped."""
    from .readers import sniff_format

    if record.rec_type not in {"response", "resource"}:
        return f"a {record.rec_type} record, not a response"
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not str(status).startswith("2"):
            return f"an HTTP {status} response"
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    else:
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    if sniff_format(head) in _DOCUMENT_KINDS or content_type.startswith(_DOCUMENT_TYPES):
        return None
    return f"a {content_type.split(';')[0] or 'untyped'} response, not a document"


def index_archive(path: str) -> Iterator[Member]:
    """Every record in order; a damaged or truncated archive ends with a ``truncated`` member."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    end = 0  # where the next record starts: a damaged tail is reported there
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle, arc2warc=True)
            for record in records:
                stream = record.content_stream()
                head = stream.read(1024)
                while stream.read(1 << 16):  # read to the end: a record cut short shows as bytes still owed
                    pass
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise EOFError(f"the last record ends {record.raw_stream.limit} bytes early")
                offset = records.get_record_offset()  # only once read: asking first would skip the record
                end = offset + records.get_record_length()
                yield Member(offset, record.rec_headers.get_header("WARC-Target-URI"),
                             record.rec_headers.get_header("WARC-Date"), _classify(record, head))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        yield Member(end, None, None, f"truncated: the archive is damaged from offset {end} "
                                         f"({type(exc).__name__}: {exc})"[:300])


def read_member(path: str, offset: int) -> bytes:
    """The payload (HTTP body) of the record at ``offset``."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle, arc2warc=True):
            return record.content_stream().read()
    raise EOFError(f"no record at offset {offset}")
