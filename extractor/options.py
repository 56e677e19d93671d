"""RunOptions: how files are read, decided once and checked once.

The command line, the service, batch workers, `evaluate` and the library all build one
`RunOptions` and hand it down unchanged, so an option is spelled, defaulted and validated in this
module only: a bad value (``pdf_engine="bogus"``, ``ocr="sometimes"``) fails here, when the
options are made, never later when the first PDF or scan arrives, and a value's case does not
matter (``ocr="Never"`` is ``"never"``). The value is frozen: a worker can never change what the
next file is read with.

>>> RunOptions(ocr="Never").ocr
'never'
>>> RunOptions(pdf_engine="bogus")
Traceback (most recent call last):
...
extractor.options.OptionError: pdf_engine 'bogus' is not one of: pdfium, pdfplumber
>>> RunOptions(ocr_lang="eng+xx")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
extractor.options.OptionError: ocr_lang 'eng+xx': Tesseract language pack xx is not installed ...: apt-get install tesseract-ocr-xx
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from dataclasses import dataclass
from typing import Any, Iterable

from .limits import MAX_FILE_BYTES

OCR_MODES = ("auto", "always", "never")  # auto: images and PDF pages without a text layer
OCR_LANG = "eng"  # Tesseract's language packs, joined by "+" ("eng+cym" for Welsh notices)
PDF_ENGINES = ("pdfium", "pdfplumber")  # pdfium first: the default (fastest, equal on every fixture)
_OPTIONAL_ENGINES = {"pdfplumber": ("pdfplumber", "pip install 'decision-extractor[pdfplumber]'")}


class OptionError(ValueError):
    """The caller asked for an option value that does not exist (a usage error, not a file's)."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How every file of a run is read.

    ``ocr``: "auto" OCRs images and the PDF pages without a text layer, "always" every PDF page,
    "never" none (an image is then unsupported). ``pdf_engine``: "pdfium" or "pdfplumber" (an
    extra; asking for it without it installed fails here, saying how to install it).
    ``ocr_lang``: Tesseract's language packs, "eng" or several joined by "+" ("eng+cym"); a
    pack that is not installed fails here, saying how to install it (the default is not looked
    up here: a machine that never OCRs needs no Tesseract, and a scan without the English pack
    fails as ``ocr_unavailable``, saying the same). ``ocr_threads``: how many pages of one file Tesseract reads at once (None: one per core; a
    batch or service worker gets its share of the cores). ``max_bytes``: larger files are
    refused as ``too_large`` before they are read. ``lexicon``: user lexicon files whose labels
    extend the bundled ones. ``templates``: template files (``decision-extractor learn``) whose
    learned layouts are tried on every notice. ``review_below``: a notice whose confidence (0-1)
    is below this needs review (None: the bundled threshold, 0.75).
    """

    ocr: str = OCR_MODES[0]
    pdf_engine: str = PDF_ENGINES[0]
    ocr_lang: str = OCR_LANG
    ocr_threads: int | None = None
    max_bytes: int = MAX_FILE_BYTES
    lexicon: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    review_below: float | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: the normalised values are set once, here
        set_(self, "ocr", _choice("ocr", self.ocr, OCR_MODES))
        set_(self, "pdf_engine", _choice("pdf_engine", self.pdf_engine, PDF_ENGINES))
        module, hint = _OPTIONAL_ENGINES.get(self.pdf_engine, (None, ""))
        if module is not None and importlib.util.find_spec(module) is None:
            raise OptionError(f"pdf_engine {self.pdf_engine!r} needs its extra: {hint}")
        set_(self, "ocr_lang", _languages(self.ocr_lang))
        if self.ocr_threads is not None and (type(self.ocr_threads) is not int or self.ocr_threads < 1):
            raise OptionError(f"ocr_threads must be a whole number of at least 1 (or None), not {self.ocr_threads!r}")
        if type(self.max_bytes) is not int or self.max_bytes < 0:
            raise OptionError(f"max_bytes must be a whole number of bytes, not {self.max_bytes!r}")
        if isinstance(self.lexicon, (str, bytes, os.PathLike)) or not all(
                isinstance(p, (str, os.PathLike)) for p in self.lexicon):
            raise OptionError(f"lexicon must be a sequence of file paths, not {self.lexicon!r}")
        set_(self, "lexicon", tuple(str(os.fspath(p)) for p in self.lexicon))
        if isinstance(self.templates, (str, bytes, os.PathLike)) or not all(
                isinstance(p, (str, os.PathLike)) for p in self.templates):
            raise OptionError(f"templates must be a sequence of file paths, not {self.templates!r}")
        set_(self, "templates", tuple(str(os.fspath(p)) for p in self.templates))
        if self.review_below is not None and (isinstance(self.review_below, bool) or not isinstance(
                self.review_below, (int, float)) or not 0 <= self.review_below <= 1):
            raise OptionError(f"review_below must be a number from 0 to 1 (a notice's confidence), not {self.review_below!r}")

    def replace(self, **changes: Any) -> RunOptions:
        """These options with some values changed; None means "keep" (validated again)."""
        given = {name: value for name, value in changes.items() if value is not None}
        return dataclasses.replace(self, **given) if given else self


def _choice(name: str, value: object, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    normal = value.strip().lower() if isinstance(value, str) else value
    if normal not in allowed:
        raise OptionError(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    return str(normal)


def _languages(value: object) -> str:
    """The OCR languages as the installed packs spell them (any case), or OptionError naming the
    missing pack and its package; the default is taken as it is (see `RunOptions`)."""
    if not isinstance(value, str):
        raise OptionError(f"ocr_lang must be Tesseract language codes joined by '+' (e.g. eng+cym), not {value!r}")
    if value.strip() == OCR_LANG:
        return OCR_LANG
    from .readers.tesseract import check_languages  # lazy: only a language other than the default looks

    try:
        return check_languages(value)
    except ValueError as exc:
        raise OptionError(f"ocr_lang {value!r}: {exc}") from None


def knowledge_key(options: RunOptions) -> str:
    """A fingerprint of what a file is read with besides its own bytes: the extractor's version,
    the bundled vocabulary, the read options that change values (OCR, its languages, the PDF
    engine) and the *content* of every user lexicon and template file, in order. A batch run
    keeps it in each manifest line and re-reads a file whose fingerprint differs, so teaching a
    label or learning a template takes effect without ``--force`` (a moved but unchanged lexicon
    does not; a template that does not match a file does not either, `templates.cache`). A file that cannot be read counts as its own kind of content ("unreadable").

    >>> knowledge_key(RunOptions()) == knowledge_key(RunOptions(ocr_threads=2))
    True
    >>> knowledge_key(RunOptions()) == knowledge_key(RunOptions(ocr="never"))
    False
    """
    import hashlib
    import json

    from ._version import __version__

    def content(path: str) -> str:
        try:
            with open(path, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return "unreadable"

    parts = {"version": __version__, "bundled": _bundled_vocabulary(), "ocr": options.ocr,
             "ocr_lang": options.ocr_lang, "pdf_engine": options.pdf_engine,
             "lexicon": [content(p) for p in options.lexicon]}
    base = hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:32]
    if not options.templates:
        return base
    # BASE:SET: a file's own key adds the template that read it (templates/cache.py), so a re-run
    # after teaching one template re-reads only the files it changes
    templates = hashlib.sha256(json.dumps([content(p) for p in options.templates]).encode("utf-8")).hexdigest()[:16]
    return f"{base}:{templates}"


_BUNDLED: list[str] = []  # the bundled data files' digest, read once per process


def _bundled_vocabulary() -> str:
    if not _BUNDLED:
        import hashlib
        from importlib import resources

        digest = hashlib.sha256()
        for name in ("labels.toml", "words.toml"):
            digest.update((resources.files("extractor") / "data" / name).read_bytes())
        _BUNDLED.append(digest.hexdigest())
    return _BUNDLED[0]


def run_options(options: RunOptions | None = None, **changes: Any) -> RunOptions:
    """``options`` (default: the defaults) with the keyword shorthands a caller gave
    (``extract(path, ocr="never")``); a shorthand left None keeps the options' value.

    >>> run_options(ocr="ALWAYS").ocr, run_options(RunOptions(ocr="never"), ocr=None).ocr
    ('always', 'never')
    """
    if options is not None and not isinstance(options, RunOptions):
        raise OptionError(f"options must be a RunOptions, not {type(options).__name__}")
    return (options or DEFAULT_OPTIONS).replace(**changes)


DEFAULT_OPTIONS = RunOptions()
