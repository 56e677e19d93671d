"""A warm LibreOffice per process, driven through UNO: a .doc converts in about half a second
instead of paying LibreOffice's start-up (seconds) for every file of a batch.

Two halves in one stdlib-only file. The client (`OfficeHost`, used by `legacy.py` in the worker
process) starts this same file as a script under the Python that has the UNO bridge (the system
package python3-uno belongs to the system interpreter, not to our virtual environment, so the
bridge is never loaded into our process, and a crash in it cannot take the worker down). The
script (`serve`) starts soffice listening on a private pipe, connects, and converts one file per
request line. Isolation and clean-up:

- the host is the leader of its own process group, and soffice is in that group: a conversion past
  its time limit, or a host that stops answering, is ended by killing the whole group;
- the host exits, killing its group and removing its throw-away profile, as soon as its standard
  input closes: a worker that dies (even by ``kill -9``) leaves no LibreOffice behind;
- a soffice that crashes is replaced and the file tried once more; a file it crashes on twice fails
  alone (``corrupt_file``), and the next file gets a fresh one.

Where no interpreter with UNO is found, `available()` is False and `legacy.py` falls back to the
``soffice --convert-to`` command.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import IO

START_LIMIT = 60.0  # seconds for soffice's first start with a fresh profile (slow on a busy machine)
FILTERS = {"docx": "MS Word 2007 XML", "doc": "MS Word 97", "odt": "writer8", "rtf": "Rich Text Format"}
_INTERPRETERS = ("/usr/bin/python3", "/usr/local/bin/python3", "python3")


# -- the client (runs in the extractor's process) ------------------------------------------------------
@lru_cache(maxsize=None)
def uno_python() -> str | None:
    """An interpreter that can ``import uno`` (``DX_UNO_PYTHON`` first), or None."""
    candidates = [os.environ.get("DX_UNO_PYTHON") or "", sys.executable, *_INTERPRETERS]
    for candidate in candidates:
        found = shutil.which(candidate) if candidate else None
        if found and subprocess.run([found, "-I", "-c", "import uno"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
            return found
    return None


class OfficeHost:
    """One warm LibreOffice behind a UNO host script; `convert` one file at a time."""

    def __init__(self, soffice: str, python: str, *, start_limit: float = START_LIMIT):
        self.soffice, self.python, self.start_limit = soffice, python, start_limit
        self.process: subprocess.Popen[bytes] | None = None
        self.profile: str | None = None
        self.lock = threading.Lock()  # one request at a time on the pipe, whatever the caller's threads

    def _start(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="dx-office-")
        self.process = subprocess.Popen([self.python, "-I", __file__, self.soffice, self.profile],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        start_new_session=True)

    def close(self, *, gently: bool = False) -> None:
        """Stop the host and its soffice (the whole process group) and remove its profile.
        ``gently``: close its input and give it a moment to go by itself first."""
        if self.process is not None:
            pid = self.process.pid
            if gently and self.process.stdin is not None:
                try:
                    self.process.stdin.close()
                    self.process.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
            for folder in ("/tmp", "/var/tmp"):  # where LibreOffice's pipes live, whatever TMPDIR says
                for socket in Path(folder).glob(f"OSL_PIPE_*_dx-office-{pid}"):
                    socket.unlink(missing_ok=True)  # the bridge's pipe, which a killed soffice leaves behind
            for pipe in (self.process.stdin, self.process.stdout):
                if pipe is not None and not pipe.closed:
                    pipe.close()
            self.process = None
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def convert(self, source: Path, target: Path, *, limit: float, target_format: str = "docx",
                password: str | None = None) -> str | None:
        """Convert ``source`` to ``target`` (``password``: save it protected, as the tests do).

        None when done, else an error code: "timeout" (past ``limit``: the host and its soffice
        were killed), "start_failed" (soffice exited before it listened: a memory cap too small
        for it, or a broken install), "corrupt_file" (LibreOffice could not load or store the
        file), "out_of_memory" (an allocation failed while it read the file: the host is
        replaced) or "crashed" (it died on the file twice: one found dead is replaced and the file
        tried once more, so a crash while idle fails no file). The first call, and the first after
        a kill, also pays the start-up, within ``start_limit``.
        """
        with self.lock:
            answer = self._convert(source, target, limit=limit, target_format=target_format, password=password)
            if answer == "crashed":  # it died under this file, or idle before it: once more with a fresh one
                answer = self._convert(source, target, limit=limit, target_format=target_format, password=password)
            return answer

    def _convert(self, source: Path, target: Path, *, limit: float, target_format: str,
                 password: str | None) -> str | None:
        if self.pid is None:
            self.close()
            self._start()
            limit += self.start_limit
        if self.process is None or self.process.stdin is None or self.process.stdout is None:
            return "corrupt_file"  # not reached: _start gives both pipes
        request = {"source": str(source), "target": str(target), "filter": FILTERS[target_format],
                   "password": password}
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
        except OSError:  # the host died between files
            self.close()
            return "crashed"
        line = _read_line(self.process.stdout, limit)
        if line is None:  # past the limit: the host and its soffice are killed, the next file starts afresh
            self.close()
            return "timeout"
        if not line:  # the host (or soffice under it) crashed
            self.close()
            return "crashed"
        answer = json.loads(line)
        if answer.get("error") == "out_of_memory":  # a host that failed to allocate is not trusted with the next file
            self.close()
        return None if answer.get("ok") else str(answer.get("error") or "corrupt_file")


OUT_OF_MEMORY_MARKS = ("bad_alloc", "MemoryError")  # C++'s and Python's words for an allocation that failed


def failure_answer(name: str, message: str) -> dict[str, object]:
    """The host's answer for a conversion that raised ``name: message``: "out_of_memory" when an
    allocation failed (std::bad_alloc through the UNO bridge, as under a --max-memory cap), else
    "corrupt_file". Kept apart from `serve` so it is tested without a LibreOffice.

    >>> failure_answer("RuntimeException", "C++ code threw St9bad_alloc: std::bad_alloc at uno2cpp.cxx:243")["error"]
    'out_of_memory'
    >>> failure_answer("IOException", "SfxBaseModel::impl_store failed: 0x81a")["error"]
    'corrupt_file'
    """
    text = f"{name}: {message}"
    error = "out_of_memory" if any(mark in text for mark in OUT_OF_MEMORY_MARKS) else "corrupt_file"
    return {"error": error, "reason": message[:200]}


def _read_line(stream: IO[bytes], limit: float) -> bytes | None:
    """One line from ``stream`` within ``limit`` seconds; b"" at end of file, None past the limit."""
    deadline = time.monotonic() + limit
    buffer = b""
    fd = stream.fileno()
    while not buffer.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b""
        buffer += chunk
    return buffer


# -- the host (runs as a script under the interpreter that has UNO) --------------------------------------
def serve(soffice: str, folder: str) -> None:  # pragma: no cover - runs in the host process, exercised by the tests
    """Start soffice on a private pipe, connect, answer one JSON line per request line. ``folder``
    (the client's) holds soffice's throw-away profile and temporary files; removed on exit."""
    profile, pipe = Path(folder), f"dx-office-{os.getpid()}"
    (profile / "tmp").mkdir(exist_ok=True)
    os.environ["TMPDIR"] = str(profile / "tmp")  # where soffice and our end of the bridge find the pipe
    import uno  # the system's python3-uno: this runs under its interpreter
    from com.sun.star.beans import PropertyValue


    def finish(*_: object) -> None:
        shutil.rmtree(profile, ignore_errors=True)
        for folder in ("/tmp", "/var/tmp"):
            for socket in Path(folder).glob(f"OSL_PIPE_*_{pipe}"):
                socket.unlink(missing_ok=True)
        os.killpg(0, signal.SIGKILL)  # soffice and this host: one process group

    signal.signal(signal.SIGTERM, finish)
    office = subprocess.Popen([soffice, f"-env:UserInstallation={(profile / 'user').as_uri()}", "--headless",
                               "--invisible", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
            if office.poll() is not None:  # it exited before listening (no memory under a cap, a bad install)
                sys.stdout.write(json.dumps({"error": "start_failed", "status": office.returncode}) + "\n")
                sys.stdout.flush()
                finish()
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def props(**values: object) -> tuple[object, ...]:
        out = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name, prop.Value = name, value
            out.append(prop)
        return tuple(out)

    for line in sys.stdin.buffer:
        request = json.loads(line)
        answer: dict[str, object] = {"ok": True}
        document = None
        try:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["source"]), "_blank", 0,
                                                    props(Hidden=True, ReadOnly=True))
            if document is None:
                answer = {"error": "corrupt_file"}
            else:
                store = {"FilterName": request["filter"], "Overwrite": True}
                if request.get("password"):
                    store["Password"] = request["password"]
                document.storeToURL(uno.systemPathToFileUrl(request["target"]), props(**store))
        except Exception as exc:  # noqa: BLE001 - a file LibreOffice cannot load or store
            if "DisposedException" in type(exc).__name__ or "RuntimeException" == type(exc).__name__:
                finish()  # soffice itself went away: the client sees the end of the pipe
            answer = failure_answer(type(exc).__name__, str(exc))
        finally:
            if document is not None:
                try:
                    document.close(True)
                except Exception:  # noqa: BLE001
                    pass
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    finish()  # the client closed our input (or died): take soffice with us


if __name__ == "__main__":  # pragma: no cover
    serve(sys.argv[1], sys.argv[2])
