"""The source documents behind a run, read again for their text and line boxes (kept for a few).

Provenance offsets index the text the reader made of the file, so the desk re-reads the file
the run read, with the same reader, and checks its sha256 first: a file changed since the run
would put every highlight in the wrong place, and is reported instead.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from ..document import Document
from ..pipeline import read
from .run import ReviewError

KEEP = 8  # documents held in memory (a scan costs seconds of OCR to read again)


class Documents:
    def __init__(self, pdf_engine: str | None = None):
        self.pdf_engine = pdf_engine
        self._cache: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source: Path | None, sha256: str | None) -> Document:
        if source is None or sha256 is None:
            raise ReviewError("the source file is not where the run found it (start the desk from the folder "
                              "you ran extract in, or pass --source-root)", code="source_missing", status=409)
        with self._lock:
            if sha256 in self._cache:
                self._cache.move_to_end(sha256)
                return self._cache[sha256]
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ReviewError(f"{source} changed since the run; re-run the extraction to review it",
                              code="source_changed", status=409)
        document = read(data, filename=str(source), pdf_engine=self.pdf_engine)
        with self._lock:
            self._cache[sha256] = document
            while len(self._cache) > KEEP:
                self._cache.popitem(last=False)
        return document
