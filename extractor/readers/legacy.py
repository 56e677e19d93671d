"""Legacy office files (.doc, .rtf, .odt) through LibreOffice headless, then the .docx reader.

Converting to .docx and reading that keeps what the Word reader keeps (paragraphs, table cells
with their locators, bold, headings). LibreOffice's start-up costs seconds, so it is paid once
per process: a warm LibreOffice driven through UNO (`office_host`, when the system's python3-uno
is installed) converts each file in well under a second, and a batch worker keeps its own. Without
UNO, files are converted in groups by the ``soffice --convert-to`` command (`preconvert`: one
start-up for a whole folder, results cached by content hash; a lone file is a group of one).
Either way each conversion runs in its own process group with a throw-away profile (isolated from
other runs and users) and a time limit; a converter that hangs is killed, one that crashes fails
that file only. Password-protected files are named as such before any conversion (`protection`).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..document import Document
from ..errors import InputError
from .office_host import OfficeHost, release, uno_python, watched
from .protection import encryption_reason

TIME_LIMIT = 60.0  # seconds per group start-up plus conversion; scaled by group size
_CACHE: dict[str, bytes] = {}  # sha256 of the legacy file -> its .docx bytes
SUFFIX = {"ole": ".doc", "rtf": ".rtf", "odt": ".odt"}


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice") or shutil.which("lowriter")


def _run(binary: str, sources: list[Path], root: Path, limit: float) -> int | None:
    """Run one conversion group (profile and output under ``root``); the exit code, or None when it
    ran past ``limit`` and was killed."""
    command = [binary, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
               str(root / "out"), *map(str, sources)]
    # under a watchdog: the converter and all it starts are killed past the limit, or with this process
    # (which takes ``root`` along then: nobody else would remove it)
    process, lifeline = watched(command, root, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        release(process, lifeline)
        return None
    return release(process, lifeline)


def convert_group(items: list[tuple[bytes, str]], *, limit: float | None = None,
                  binary: str | None = None) -> list[bytes | str]:
    """Convert ``(data, kind)`` pairs to .docx in one LibreOffice start-up.

    Each answer is the .docx bytes, or an error code ("timeout", "corrupt_file") for that file.
    """
    binary = binary or soffice()
    if binary is None:
        raise InputError("reading .doc, .rtf and .odt needs LibreOffice (soffice), which is not installed; "
                         "run scripts/setup-system.sh", code="converter_unavailable")
    with tempfile.TemporaryDirectory(prefix="dx-soffice-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        sources = []
        for n, (data, kind) in enumerate(items):
            source = root / "in" / f"f{n:05d}{SUFFIX.get(kind, '.doc')}"
            source.write_bytes(data)
            sources.append(source)
        code = _run(binary, sources, root, limit or TIME_LIMIT + 2.0 * len(items))
        answers: list[bytes | str] = []
        for source in sources:
            converted = root / "out" / (source.stem + ".docx")
            if converted.exists() and converted.stat().st_size:
                answers.append(converted.read_bytes())
            else:
                answers.append("timeout" if code is None else "corrupt_file")
        return answers


_HOSTS: dict[int, OfficeHost] = {}  # process id -> that process's warm LibreOffice (never a parent's, after a fork)


def _host() -> OfficeHost | None:
    """This process's warm LibreOffice, or None without UNO (``DX_OFFICE_HOST=0`` turns it off)."""
    binary = soffice()  # looked up every time: a LibreOffice removed (or off the PATH) is unavailable now
    if os.environ.get("DX_OFFICE_HOST") == "0" or binary is None:
        return None
    host = _HOSTS.get(os.getpid())
    if host is None or host.soffice != binary:
        python = uno_python()
        if python is None:
            return None
        if host is not None:
            host.close()
        host = _HOSTS[os.getpid()] = OfficeHost(binary, python)
        atexit.register(host.close, gently=True)
    return host


def convert_one(data: bytes, kind: str) -> bytes | str:
    """One file to .docx bytes through the warm LibreOffice, else a group of one; or an error code:
    "timeout", "corrupt_file", "start_failed", "out_of_memory", or "memory_capped" (it died or ran
    out of memory under a --max-memory cap, which LibreOffice inherits)."""
    host = _host()
    if host is None:
        return convert_group([(data, kind)])[0]
    with tempfile.TemporaryDirectory(prefix="dx-legacy-", dir=host.scratch(), ignore_cleanup_errors=True) as tmp:
        source, target = Path(tmp) / f"in{SUFFIX.get(kind, '.doc')}", Path(tmp) / "out.docx"
        source.write_bytes(data)
        code = host.convert(source, target, limit=TIME_LIMIT)
        converted = target.read_bytes() if code is None and target.exists() and target.stat().st_size else None
    if host.pid is None:  # it did not survive the file: its folder goes now, not at an exit that may never run
        host.close()
    if converted is not None:
        return converted
    if code in ("crashed", "out_of_memory") and _memory_capped():  # the cap is the likelier cause than the file
        return "memory_capped"
    if code == "crashed":
        return "corrupt_file"
    return code or "corrupt_file"


def _memory_capped() -> bool:
    """Whether this process runs under an address-space cap (--max-memory), which LibreOffice,
    started from it, inherits."""
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def legacy_kind(data: bytes) -> str | None:
    r""""ole", "rtf" or "odt" by the magic bytes (as `readers.sniff_format` names them), else None.

    >>> legacy_kind(b"{\\rtf1 x}"), legacy_kind(b"%PDF-1.4")
    ('rtf', None)
    """
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04") and data[30:38] == b"mimetype" and b"opendocument.text" in data[38:100]:
        return "odt"
    return None


def preconvert(paths: list[Path]) -> int:
    """Convert every legacy file among ``paths`` in one group and cache the results: a batch or an
    evaluation pays LibreOffice's start-up once, not per file. Returns how many were converted."""
    todo: list[tuple[str, bytes, str]] = []
    for path in paths:
        data = path.read_bytes()
        kind = legacy_kind(data)
        digest = hashlib.sha256(data).hexdigest()
        if kind is not None and digest not in _CACHE:
            todo.append((digest, data, kind))
    if not todo or soffice() is None:
        return 0
    answers = convert_group([(data, kind) for _, data, kind in todo])
    for (digest, _, _), answer in zip(todo, answers):
        if isinstance(answer, bytes):
            _CACHE[digest] = answer
    return sum(isinstance(a, bytes) for a in answers)


def strip_rtf_objects(data: bytes) -> tuple[bytes, int]:
    r"""The RTF without its embedded objects (``{\object ...}`` groups), which LibreOffice refuses
    the whole file for when their data is damaged; and how many were taken out.

    >>> strip_rtf_objects(rb"{\rtf1 a{\object{\*\objdata 01}}b}")
    (b'{\\rtf1 ab}', 1)
    """
    out, count, pos = bytearray(), 0, 0
    while True:
        start = data.find(b"{\\object", pos)
        if start < 0:
            out += data[pos:]
            return bytes(out), count
        out += data[pos:start]
        depth, i = 0, start
        while i < len(data):
            char = data[i]
            if char == 0x5C:  # backslash: skip the escaped character
                i += 2
                continue
            depth += 1 if char == 0x7B else -1 if char == 0x7D else 0
            i += 1
            if depth == 0:
                break
        pos, count = i, count + 1


_NAMES = {"ole": "legacy Word .doc", "rtf": "RTF document", "odt": "OpenDocument text"}


def read_legacy(data: bytes, kind: str, *, path: str | None = None) -> Document:
    """Convert (or take from the group cache) and read as .docx; the format keeps its own name."""
    from dataclasses import replace

    from .docx import read_docx

    if kind == "ole" and (len(data) < 1536 or data[0x1E:0x20] not in (b"\x09\x00", b"\x0c\x00")):
        raise InputError("a damaged OLE (.doc) file: too short, or no valid sector size", code="corrupt_file",
                         path=path)  # refused before paying for a converter
    reason = encryption_reason(data, kind)
    if reason is not None:
        raise InputError(reason, code="encrypted", path=path)
    digest = hashlib.sha256(data).hexdigest()
    converted = _CACHE.get(digest)
    if converted is None:
        try:
            answer = convert_one(data, kind)
        except InputError as exc:
            raise InputError(exc.message, code=exc.code, path=path) from None
        if answer == "start_failed":
            raise InputError("LibreOffice exited before it could convert this file (a --max-memory cap too small "
                             "for it, or a broken install: try `soffice --headless --version`)",
                             code="converter_unavailable", path=path)
        if answer == "memory_capped":
            raise InputError("LibreOffice ran out of memory under the --max-memory cap while converting this file "
                             "(raise the cap for legacy office files)", code="converter_unavailable", path=path)
        if answer == "out_of_memory":
            raise InputError(f"LibreOffice ran out of memory converting this {_NAMES[kind]}", code="memory_limit",
                             path=path)
        if answer == "timeout":
            raise InputError(f"the converter ran past {TIME_LIMIT:g} s on this {_NAMES[kind]} and was stopped",
                             code="timeout", path=path)
        warnings: tuple[str, ...] = ()
        if answer == "corrupt_file" and kind == "rtf" and b"{\\object" in data:
            stripped, count = strip_rtf_objects(data)
            answer = convert_one(stripped, kind)
            warnings = ("embedded_objects_dropped",) if count else ()
        if isinstance(answer, str):
            raise InputError(f"LibreOffice could not convert this {_NAMES[kind]} (damaged or truncated)",
                             code="corrupt_file", path=path)
        converted = answer
    else:
        warnings = ()
    try:
        document = read_docx(converted, path=path)
    except InputError as exc:  # name the file the user gave, not our intermediate .docx
        raise InputError(exc.message.replace("the Word document", f"the {_NAMES[kind]}"), code=exc.code, path=path) from None
    return replace(document, format={"ole": "doc"}.get(kind, kind), warnings=document.warnings + warnings)
