"""read_document(): sniff the content's magic bytes (never trust the extension) and dispatch."""

from __future__ import annotations

import re

from ..document import Document
from ..errors import InputError
from ..limits import MAX_TEXT_CHARS
from ..options import DEFAULT_OPTIONS, RunOptions
from .text import read_text

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"{\\rtf", "rtf"),
    (b"WARC/", "warc"),
    (b"\x1f\x8b", "warc"),  # gzip: in practice a .warc.gz or .arc.gz web archive
)


def sniff_format(data: bytes, name: str | None = None) -> str:
    """Name the container by its first bytes; anything else is treated as text.

    Markup decides a web page, not its first tag: a page a scraper kept as its content ``<div>``
    alone (no ``<html>``, ``<body>``) is HTML when it opens with a tag and carries block elements,
    or when it is named ``.html``/``.htm`` and carries any.

    >>> sniff_format(b"%PDF-1.7 ..."), sniff_format(b"Decision details")
    ('pdf', 'text')
    >>> sniff_format(b'<div class="mgContent"><h2>Decision details</h2><p>Title</p></div>')
    'html'
    >>> sniff_format(b"<AI1>\\nDecision: approved"), sniff_format(b"Decision <b>made</b>", "x.htm")
    ('text', 'html')
    """
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind == "zip" and data[30:38] == b"mimetype" and b"opendocument.text" in data[38:100]:
                return "odt"
            return kind
    lower = head.lower()
    if head[:1] == b"<" and any(tag in lower for tag in _HTML_TAGS):
        return "html"
    if lower.startswith((b"mime-version:", b"from:")) and (b"text/html" in data[:8192].lower()
                                                           or b"multipart/related" in lower):
        return "html"  # a single-file web archive (.mht) holding a page (its page part may come after
        # thousands of others: never then the whole MIME source read as text)
    if head[:1] == b"<" and len(_BLOCK_TAG.findall(data[:8192], 2)) >= 2:
        return "html"  # a page's content element alone ("<div id=\"content\">...")
    if name and name.lower().endswith((".html", ".htm")) and _BLOCK_TAG.search(data[:8192]):
        return "html"
    return "text"


_HTML_TAGS = (b"<html", b"<!doctype html", b"<head", b"<body", b"<meta ", b"<title")
# Elements that only markup has: a text notice never carries them (ModernGov's "<AI1>" is no element).
_BLOCK_TAG = re.compile(rb"</?(?:div|p|table|tbody|thead|tr|td|th|h[1-6]|ul|ol|li|dl|dt|dd|section|article|main|"
                        rb"span|a|b|i|u|font|center|br|strong|em|form|header|footer|nav|img)(?:\s[^<>]{0,500})?/?>", re.I)




_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the OLE stream name of an encrypted OOXML file


def read_document(data: bytes, *, path: str | None = None, options: RunOptions = DEFAULT_OPTIONS) -> Document:
    """Read any supported input into a `Document` as ``options`` say (PDF engine, OCR mode,
    languages and threads), or raise `InputError` with a stable code. A document yielding more
    than MAX_TEXT_CHARS of text is refused as too_large."""
    document = _read(data, path, options)
    if len(document.text) > MAX_TEXT_CHARS:
        raise InputError(f"the document yields {len(document.text):,} characters of text, over the "
                         f"{MAX_TEXT_CHARS:,} limit", code="too_large", path=path)
    return document


def _read(data: bytes, path: str | None, options: RunOptions) -> Document:
    if not data.strip():
        raise InputError("the file is empty", code="empty_file", path=path)
    kind = sniff_format(data, path)
    if kind == "text":
        return read_text(data, path=path)
    if kind == "pdf":
        from .inflate import check_pdf_streams
        from .pdf import read_pdf  # lazy: a text-only run imports no PDF library

        check_pdf_streams(data, path=path)
        return read_pdf(data, path=path, options=options)
    if kind == "image":
        from .ocr import read_image

        return read_image(data, path=path, options=options)
    if kind == "zip":
        from .docx import read_docx  # lazy: a text-only run never imports python-docx

        return read_docx(data, path=path)
    if kind == "ole" and _ENCRYPTED_PACKAGE in data:  # Office keeps a password-protected .docx in an OLE container
        raise InputError("a password-protected Word document; remove the password first",
                         code="encrypted", path=path)
    if kind == "warc":
        raise InputError("a web archive (WARC/ARC) or other gzip file: run `decision-extractor extract` on it, "
                         "which reads each of its records as a document", code="unsupported_format", path=path)
    if kind == "html":
        from .html import read_html  # lazy: a text-only run never imports lxml

        return read_html(data, path=path)
    from .legacy import read_legacy  # .doc (OLE), .rtf, .odt through LibreOffice

    return read_legacy(data, kind, path=path)
