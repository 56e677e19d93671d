"""Web archives (.warc, .warc.gz, .arc, .arc.gz, read with warcio): each HTML, PDF or Word
response record is a document of the run; every other record is accounted for as skipped.

Archivists' crawls (Heritrix, Webrecorder, national web archives) are WARC files holding
thousands of records; a batch run lists them all (`index_archive`) and each worker reads only
its own record by offset (`read_member`), so an archive is never held in memory whole.
"""

from __future__ import annotations

from typing import Any

import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_DOCUMENT_KINDS = {"html", "pdf", "zip", "ole", "rtf"}
_DOCUMENT_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "application/msword", "application/rtf",
                   "text/rtf", "application/vnd.openxmlformats-officedocument.wordprocessingml",
                   "application/vnd.oasis.opendocument.text")


@dataclass(frozen=True, slots=True)
class Member:
    """One record of an archive: where it is, what it is, and why it is skipped (None: a document).
    ``code`` is set for a record that could not be read at all (an error code: ``corrupt_file``
    for a damaged record or tail, ``empty_file`` for an archive with no record); ``skip`` says why."""

    offset: int
    uri: str | None
    archived_at: str | None  # the capture date, ISO 8601 as the archive gives it
    skip: str | None = None  # a reason for a skipped record, or what is wrong with a damaged one
    code: str | None = None  # an error code: the record (or the archive) could not be read


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


def _open(path: str) -> IO[bytes]:
    """The archive's bytes, seekable: a local file, or an object on a store (fsspec)."""
    from .remote import filesystem, is_url

    if is_url(path):
        fs, where = filesystem(path)
        handle: IO[bytes] = fs.open(where, "rb")
        return handle
    return open(path, "rb")


def index_archive(path: str) -> Iterator[Member]:
    """Every record in order. A record that cannot be read (a header warcio cannot parse, a length
    of forty digits, a damaged gzip member) is one member with ``code`` set, and the listing goes
    on at the next record it can find; an archive with no record at all is one ``empty_file``
    member. Never raises for what is in the file."""
    start: int | None = 0
    listed = 0
    while start is not None:
        found: list[Member] = []
        start = yield from _records_from(path, start, found)
        listed += len(found)
    if not listed:
        yield Member(0, None, None, "the archive holds no records", "empty_file")


def _records_from(path: str, start: int, found: list[Member]) -> Generator[Member, None, int | None]:
    """The records from offset ``start`` (each also appended to ``found``); the offset to go on
    from after a record that could not be read, or None at the end of the archive."""
    from warcio.archiveiterator import ArchiveIterator

    end = start  # where the next record starts: a damaged record is reported there
    try:
        with _open(path) as handle:
            handle.seek(start)
            records = ArchiveIterator(handle, arc2warc=True)
            for record in records:
                head = record.content_stream().read(1024)  # decoded (gzip, chunked) only as far as the sniff needs
                while record.raw_stream.read(1 << 16):  # to the end, as stored: never inflated whole
                    pass
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise EOFError(f"the last record ends {record.raw_stream.limit} bytes early")
                offset = records.get_record_offset()  # only once read: asking first would skip the record
                end = offset + records.get_record_length()
                member = Member(offset, record.rec_headers.get_header("WARC-Target-URI"),
                                record.rec_headers.get_header("WARC-Date"), _classify(record, head))
                found.append(member)
                yield member
        return None
    except Exception as exc:  # noqa: BLE001 - whatever warcio makes of a damaged record, it is that record's row
        problem = f"{type(exc).__name__}: {exc}"
        end = _past_blank_lines(path, end)  # the damaged record itself, not the line ends before it
        after = _next_record(path, end)
    what = (f"truncated: the archive is damaged from offset {end}" if after is None
            else f"damaged: the record at offset {end} could not be read")
    member = Member(end, None, None, f"{what} ({problem})"[:300].replace("\n", " "), "corrupt_file")
    found.append(member)
    yield member
    return after


_STEP = 1 << 20
_RECORD_STARTS = (b"\x1f\x8b\x08", b"WARC/1.")  # a gzip member (.warc.gz, .arc.gz), an uncompressed WARC record


def _past_blank_lines(path: str, offset: int) -> int:
    """``offset`` moved past the blank lines that end the record before it."""
    try:
        with _open(path) as handle:
            handle.seek(offset)
            head = handle.read(256)
    except OSError:
        return offset
    return offset + len(head) - len(head.lstrip(b"\r\n"))


def _next_record(path: str, damaged: int) -> int | None:
    """Where the record after the damaged one at ``damaged`` starts, or None: the end of its gzip
    member when it is one that inflates, else the next gzip member or WARC header line found by
    scanning (a megabyte at a time, memory bounded)."""
    try:
        with _open(path) as handle:
            handle.seek(damaged)
            first = handle.read(3)
            if first == _RECORD_STARTS[0]:
                handle.seek(damaged)
                inflater, used = zlib.decompressobj(31), 0
                try:
                    while not inflater.eof:
                        chunk = handle.read(_STEP)
                        if not chunk:
                            break
                        inflater.decompress(chunk, _STEP)
                        while inflater.unconsumed_tail and not inflater.eof:  # counted, never kept: bounded
                            inflater.decompress(inflater.unconsumed_tail, _STEP)
                        used += len(chunk) - len(inflater.unused_data) - len(inflater.unconsumed_tail)
                    if inflater.eof:
                        return damaged + used
                except zlib.error:
                    pass
            position, carry = damaged + 1, b""
            handle.seek(position)
            while True:
                chunk = handle.read(_STEP)
                if not chunk:
                    return None
                window = carry + chunk
                hits = [i for i in (window.find(mark) for mark in _RECORD_STARTS) if i >= 0]
                if hits:
                    return position - len(carry) + min(hits)
                carry = window[-8:]
                position += len(chunk)
    except OSError:
        return None


def read_member(path: str, offset: int, limit: int | None = None) -> bytes:
    """The payload (HTTP body, decoded) of the record at ``offset``; past ``limit`` bytes (a
    gzip-encoded body that inflates without end) it raises too_large, having held no more."""
    from warcio.archiveiterator import ArchiveIterator

    from .errors import InputError

    with _open(path) as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle, arc2warc=True):
            encoding = ""
            if record.http_headers is not None:
                encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
                chunked = "chunked" in (record.http_headers.get_header("Transfer-Encoding") or "").lower()
            else:
                chunked = False
            if encoding in _INFLATE_BITS and not chunked:
                return _inflate(record.raw_stream, _INFLATE_BITS[encoding], limit)
            stream, parts, held = record.content_stream(), [], 0
            while chunk := stream.read(1 << 16):
                held += len(chunk)
                if limit is not None and held > limit:
                    raise InputError(f"the record's payload inflates past the {limit}-byte limit", code="too_large")
                parts.append(chunk)
            return b"".join(parts)
    raise EOFError(f"no record at offset {offset}")


_INFLATE_BITS = {"gzip": 47, "x-gzip": 47, "deflate": 15}  # zlib's window bits: gzip (or zlib) header, zlib
_STEP = 1 << 16  # bytes inflated at a time: a body that inflates 1,000 to 1 never balloons in one call


def _inflate(raw: Any, bits: int, limit: int | None) -> bytes:
    """A content-encoded body inflated step by step, never more than `_STEP` bytes past what is
    held, so a body that inflates without end is refused at ``limit`` having used little memory."""
    import zlib

    from .errors import InputError

    inflater = zlib.decompressobj(bits)
    parts: list[bytes] = []
    held = 0
    pending = b""
    while True:
        if not pending:
            pending = raw.read(_STEP)
            if not pending:
                break
        try:
            out = inflater.decompress(pending, _STEP)
        except zlib.error:  # not the encoding it claims: the body as it is
            return b"".join(parts) + pending + raw.read()
        pending = inflater.unconsumed_tail
        held += len(out)
        if limit is not None and held > limit:
            raise InputError(f"the record's payload inflates past the {limit}-byte limit", code="too_large")
        parts.append(out)
        if inflater.eof:
            break
    return b"".join(parts)
