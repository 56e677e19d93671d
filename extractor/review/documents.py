"""The source documents behind a run, read again for their text and line boxes (kept for a few).

Provenance offsets index the text the reader made of the file, so the desk re-reads the file
the run read and checks its sha256 first: a file changed since the run would put every
highlight in the wrong place, and is reported instead. The run's result does not say which PDF
engine or OCR mode read it (`extract --pdf-engine pdfplumber`, `--ocr always`), so the desk
checks the reading against the run's own spans (each span's ``raw`` is exactly its slice of the
text) and, for a PDF that does not match, tries the other readings until one does; when none
does, the notice says its highlights may be misplaced (`faithful` is False).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..document import Document
from ..options import DEFAULT_OPTIONS
from ..readers import read_document
from .run import RecordSource, ReviewError

KEEP = 8  # documents held in memory (a scan costs seconds of OCR to read again)
Span = tuple[int, int, str, bool]  # start, end, raw (its text there), and whether OCR read it


def run_spans(result: dict[str, Any] | None) -> tuple[Span, ...]:
    """Every provenance span of a result as the run wrote it (for checking a re-reading)."""
    return tuple((s["start"], s["end"], s["raw"], s.get("confidence") is not None)
                 for notice in (result or {}).get("notices") or []
                 for s in (notice.get("provenance") or {}).values()
                 if isinstance(s, dict) and isinstance(s.get("raw"), str))


def pdf_readings(engine: str | None, spans: tuple[Span, ...]) -> list[tuple[str | None, str]]:
    """The other (PDF engine, OCR mode) readings a run may have used, cheapest first. OCR is
    tried only when the run's spans say OCR read them (they carry a confidence): reading a long
    PDF with OCR takes minutes, and a run that did not OCR cannot have been --ocr always.
    >>> pdf_readings(None, ((0, 5, "Title", False),))
    [('pdfplumber', 'auto'), (None, 'never'), ('pdfplumber', 'never')]
    >>> pdf_readings(None, ((0, 5, "Title", True),))
    [('pdfplumber', 'auto'), (None, 'always'), ('pdfplumber', 'always')]
    """
    ocr = "always" if any(span[3] for span in spans) else "never"
    other = "pdfplumber" if engine in (None, "pdfium") else None
    return [(other, DEFAULT_OPTIONS.ocr), (engine, ocr), (other, ocr)]


def _matches(document: Document, spans: tuple[Span, ...]) -> bool:
    return all(document.text[start:end] == raw for start, end, raw, _ in spans)


class Documents:
    def __init__(self, pdf_engine: str | None = None):
        self.pdf_engine = pdf_engine
        self._cache: OrderedDict[str, tuple[Document, bool]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source: Path | RecordSource | None, sha256: str | None, spans: Iterable[Span] = ()) -> Document:
        return self.reading(source, sha256, spans)[0]

    def reading(self, source: Path | RecordSource | None, sha256: str | None,
                spans: Iterable[Span] = ()) -> tuple[Document, bool]:
        """(the document, whether it is the text the run read: every one of ``spans`` matches)."""
        if source is None or sha256 is None:
            raise ReviewError("the source file is not where the run found it (start the desk from the folder "
                              "you ran extract in, or pass --source-root)", code="source_missing", status=409)
        with self._lock:
            if sha256 in self._cache:
                self._cache.move_to_end(sha256)
                return self._cache[sha256]
        try:
            data = source.read_bytes()  # a file, or a web archive record's payload
        except OSError as exc:
            raise ReviewError(f"{source} cannot be read: {exc}", code="source_missing", status=409) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ReviewError(f"{source} changed since the run; re-run the extraction to review it",
                              code="source_changed", status=409)
        spans = tuple(spans)
        first = read_document(data, path=str(source), options=DEFAULT_OPTIONS.replace(pdf_engine=self.pdf_engine))
        found, faithful = first, _matches(first, spans)
        if not faithful and data[:1024].lstrip().startswith(b"%PDF"):
            for engine, ocr in pdf_readings(self.pdf_engine, spans):
                try:
                    other = read_document(data, path=str(source),
                                          options=DEFAULT_OPTIONS.replace(pdf_engine=engine, ocr=ocr))
                except Exception:  # noqa: BLE001 - an engine that is not installed, or fails here: try the next
                    continue
                if _matches(other, spans):
                    found, faithful = other, True
                    break
        with self._lock:
            self._cache[sha256] = (found, faithful)
            while len(self._cache) > KEEP:
                self._cache.popitem(last=False)
        return found, faithful
