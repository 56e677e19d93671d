"""Tesseract through its C API (tesserocr): where its language data is, which packs are
installed, and warm engines kept for reuse.

The `tesseract` command paid, on every page, a process, an image encoding and the loading of
its language models: 1.7x Tesseract's own CPU time on a page (bench/README.md). An
engine made here is kept when its page is done and handed to the next page, of this file or a
later one, so a process (a batch worker's child, a service worker, a script) loads the models
once per thread that reads pages. An engine is not thread-safe: each is used by one thread at a
time, taken from and given back to the idle pool under a lock. tesserocr releases the GIL while
Tesseract works, so pages in parallel threads run on their own cores.

Nothing here imports tesserocr or runs a command until a page needs OCR (or a language other than
the default is asked for), so a text run never pays for it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError

PAGE_SEGMENTATION = 4  # --psm 4: one column of text of variable sizes (a notice, a form)
PAGE_TIMEOUT_MS = 300_000  # a page Tesseract has not read in five minutes fails the file
# Where distributions put the language packs, newest Tesseract first (Debian/Ubuntu
# /usr/share/tesseract-ocr/<version>/tessdata; Fedora, Arch, Homebrew, source builds).
_PROBED = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
           "/opt/homebrew/share/tessdata")
_LISTED = re.compile(r'List of available languages in "([^"]+)"')
_PACK = re.compile(r"^[A-Za-z0-9_]+$")


def install_hint(pack: str) -> str:
    """How to install a language pack on Debian and Ubuntu (the packs are named by their code)."""
    return f"apt-get install tesseract-ocr-{pack.lower().replace('_', '-')}"


def tessdata_dir() -> str | None:
    """The folder of Tesseract's language packs (``*.traineddata``): ``TESSDATA_PREFIX`` when set
    (Tesseract's own convention), else the folder the `tesseract` command reads, else the first
    of the usual places that holds a pack; None when there is none."""
    given = os.environ.get("TESSDATA_PREFIX")
    if given:
        return given
    return _found_tessdata()


@lru_cache(maxsize=1)
def _found_tessdata() -> str | None:
    command = shutil.which("tesseract")
    if command is not None:
        try:
            done = subprocess.run([command, "--list-langs"], capture_output=True, timeout=30)
            listed = _LISTED.search(done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace"))
            if listed and Path(listed.group(1)).is_dir():
                return listed.group(1)
        except (OSError, subprocess.SubprocessError):
            pass
    for pattern in _PROBED:
        for folder in sorted(Path("/").glob(pattern.lstrip("/")), key=_version_key, reverse=True):
            if any(folder.glob("*.traineddata")):
                return str(folder)
    return None


def _version_key(folder: Path) -> tuple[int, ...]:
    """/usr/share/tesseract-ocr/5/tessdata sorts after .../4.00/tessdata."""
    return tuple(int(part) for part in re.findall(r"\d+", str(folder)))


def installed_packs(folder: str | None = None) -> tuple[str, ...]:
    """The language packs installed (``eng``, ``cym``, ...), in name order."""
    folder = folder if folder is not None else tessdata_dir()
    if folder is None:
        return ()
    return tuple(sorted(path.stem for path in Path(folder).glob("*.traineddata")))


def check_languages(lang: str) -> str:
    """``lang`` ("eng", "eng+cym") spelled as the installed packs are (any case), or ValueError
    naming each missing pack and how to install it."""
    packs = [part.strip() for part in lang.split("+")] if isinstance(lang, str) else []
    if not packs or not all(_PACK.match(pack) for pack in packs):
        raise ValueError(f"{lang!r} is not a Tesseract language: language pack codes joined by '+', e.g. eng+cym")
    folder = tessdata_dir()
    installed = {name.lower(): name for name in installed_packs(folder)}
    missing = [pack for pack in packs if pack.lower() not in installed]
    if missing:
        where = f"in {folder}" if folder else "(no Tesseract language data found)"
        raise ValueError(f"Tesseract language pack {', '.join(missing)} is not installed {where}: "
                         + "; ".join(install_hint(pack) for pack in missing))
    return "+".join(installed[pack.lower()] for pack in packs)


# -- warm engines ----------------------------------------------------------------------------------
_idle: dict[tuple[str, str], list[Any]] = {}  # (tessdata folder, languages) -> engines no thread is using
_lock = threading.Lock()
# Engines start one at a time: starting sets Tesseract's parameters, some of them process-wide
# (tesserocr asks that they not change while other engines start); the values are the same each time.
_starting = threading.Lock()


def _after_fork() -> None:
    """A forked child gets fresh locks (another thread may have held ours at the fork); the idle
    engines are the child's own copies, ready to use."""
    global _lock, _starting
    _lock, _starting = threading.Lock(), threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


class RecognitionFailed(RuntimeError):
    """Tesseract gave up on a page before its time limit (an allocation that failed, a bad image)."""


def memory_capped() -> bool:
    """Whether this process runs under an address-space cap (--max-memory)."""
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def unavailable(lang: str, path: str | None = None) -> InputError | None:
    """Why OCR in ``lang`` cannot run here (``ocr_unavailable``, saying what to install), or None."""
    import importlib.util

    if importlib.util.find_spec("tesserocr") is None:
        return InputError("the file needs OCR, but tesserocr (Tesseract's Python binding) is not installed: "
                          "pip install tesserocr", code="ocr_unavailable", path=path)
    folder = tessdata_dir()
    packs = lang.split("+")
    missing = packs if folder is None else [p for p in packs if not (Path(folder) / f"{p}.traineddata").is_file()]
    if missing:
        where = f"in {folder}" if folder else "(no Tesseract language data found)"
        return InputError(f"the file needs OCR, but Tesseract's language pack {', '.join(missing)} is not installed "
                          f"{where}: {'; '.join(install_hint(p) for p in missing)}", code="ocr_unavailable", path=path)
    return None


@contextmanager
def engine(lang: str, path: str | None = None) -> Iterator[Any]:
    """A Tesseract engine for ``lang``, this thread's alone until the block ends; then it is kept
    for the next page. InputError ``ocr_unavailable`` when tesserocr or the language data is
    missing, ``ocr_failed`` when Tesseract cannot start with the data it found."""
    problem = unavailable(lang, path)
    if problem is not None:
        raise problem
    key = (str(tessdata_dir()), lang)
    with _lock:
        idle = _idle.setdefault(key, [])
        api = idle.pop() if idle else None
    if api is None:
        api = _start(key[0], lang, path)
    try:
        yield api
    finally:
        with _lock:
            _idle.setdefault(key, []).append(api)


def _start(folder: str, lang: str, path: str | None) -> Any:
    # One core per engine: pages run in parallel threads instead. (The tesserocr wheels' Tesseract
    # is built without OpenMP; one built with it reads this when the library loads.)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import tesserocr
    except ImportError as exc:  # installed (unavailable() found it) but not loadable here: say why
        capped = " under the --max-memory cap (raise it)" if memory_capped() else ""
        raise InputError(f"the file needs OCR, but tesserocr could not be loaded{capped}: {exc}"[:300],
                         code="memory_limit" if capped else "ocr_unavailable", path=path) from None
    try:
        with _starting:
            return tesserocr.PyTessBaseAPI(path=folder.rstrip("/") + "/", lang=lang, psm=PAGE_SEGMENTATION)
    except RuntimeError as exc:  # damaged or incompatible language data
        raise InputError(f"Tesseract could not start with its language data ({lang} in {folder}): {exc}"[:300],
                         code="ocr_failed", path=path) from None


def read_tsv(api: Any, image: Any, dpi: float, *, find_tables: bool = True) -> str:
    """Tesseract's words for one page image, as the `tesseract ... tsv` command prints them.

    The PIL image goes straight to the engine: tesserocr lays it out in memory as an uncompressed
    bitmap Leptonica takes as it is (15 ms of CPU for a 300 dpi A4 page, measured quicker than
    raw pixel rows, which Tesseract copies a pixel at a time; no file, no compression, no process).
    ``user_defined_dpi`` is what the command's ``--dpi`` sets. ``find_tables=False`` skips
    Tesseract's table finder (``textord_tabfind_find_tables``), set on every page since the engine
    is reused: on a resampled low-dpi page its region merging ran for over ten minutes of CPU
    without once checking the time limit. RuntimeError when Tesseract cannot read the page."""
    api.SetImage(image)
    api.SetVariable("user_defined_dpi", str(int(dpi)))
    api.SetVariable("textord_tabfind_find_tables", "1" if find_tables else "0")
    started = time.monotonic()
    if not api.Recognize(timeout=PAGE_TIMEOUT_MS):
        if (time.monotonic() - started) * 1000 >= 0.95 * PAGE_TIMEOUT_MS:
            raise RuntimeError(f"recognition took over {PAGE_TIMEOUT_MS // 1000} s")
        raise RecognitionFailed("recognition failed")  # at once: Leptonica could not allocate the page, say
    return str(api.GetTSVText(0))
