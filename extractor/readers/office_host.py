"""A warm LibreOffice per process, driven through UNO: a .doc converts in about half a second
instead of paying LibreOffice's start-up (seconds) for every file of a batch.

Two halves in one stdlib-only file. The client (`OfficeHost`, used by `legacy.py` in the worker
process) starts this same file as a script under the Python that has the UNO bridge (the system
package python3-uno belongs to the system interpreter, not to our virtual environment, so the
bridge is never loaded into our process, and a crash in it cannot take the worker down). The
script (`serve`) starts soffice listening on a private pipe, connects, and converts one file per
request line. Isolation and clean-up:

- a watchdog (`watch`, this file again, a few lines of stdlib) owns the converter: it starts the host
  as the leader of a process group of its own (soffice is in that group), is a child subreaper
  (whatever soffice forks and orphans comes back to it), and holds the read end of a *lifeline*
  pipe whose write end only the client holds. When the lifeline closes (the client's `close`, a
  time limit, or the client dying, even by ``kill -9``) or the host dies, the watchdog kills the
  group and every descendant left, waits until they are gone, and only then removes the
  throw-away profile. The host may be stuck inside LibreOffice (a file that hangs it): the
  watchdog is never in a call to LibreOffice, so it still acts;
- the host exits, killing its group, as soon as its standard input closes;
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
        self.process: subprocess.Popen[bytes] | None = None  # the watchdog, which owns the host and its soffice
        self.lifeline: int | None = None  # the write end of the watchdog's lifeline; only this process holds it
        self.profile: str | None = None  # this start's throw-away profile, inside `scratch`
        self.root: str | None = None  # this host's folder (`scratch`)
        self.lock = threading.Lock()  # one request at a time on the pipe, whatever the caller's threads

    def scratch(self) -> str:
        """This host's folder (made when needed): each start's profile, and the files a conversion reads
        and writes; the watchdog removes it with its LibreOffice if this process dies."""
        if self.root is None or not os.path.isdir(self.root):
            self.root = tempfile.mkdtemp(prefix="dx-office-")
        return self.root

    def _start(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="profile-", dir=self.scratch())
        self.process, self.lifeline = watched([self.python, "-I", __file__, "serve", self.soffice, self.profile],
                                              self.scratch(), stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def close(self, *, gently: bool = False) -> None:
        """Stop the host and its soffice (the whole process group) and remove its folder.
        ``gently``: close its input and give it a moment to go by itself first."""
        self._stop(gently=gently)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def _stop(self, *, gently: bool = False) -> None:
        """Stop the host and its soffice and remove that start's profile (the folder stays: a
        conversion's files may be in it)."""
        if self.process is not None:
            if gently and self.process.stdin is not None:
                try:
                    self.process.stdin.close()
                    self.process.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            release(self.process, self.lifeline)
            self.lifeline = None
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
            self._stop()
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
            self._stop()
            return "crashed"
        line = _read_line(self.process.stdout, limit)
        if line is None:  # past the limit: the host and its soffice are killed, the next file starts afresh
            self._stop()
            return "timeout"
        if not line:  # the host (or soffice under it) crashed
            self._stop()
            return "crashed"
        answer = json.loads(line)
        if answer.get("error") in ("out_of_memory", "start_failed"):  # not trusted with the next file / gone
            self._stop()
        return None if answer.get("ok") else str(answer.get("error") or "corrupt_file")


RELEASE_LIMIT = 30.0  # seconds for a watchdog to kill its group and go (a safety net: it takes well under one)
_LIFELINES: dict[int, int] = {}  # write end of a lifeline -> the process that holds it (not a fork of it)


def watched(command: list[str], folder: str | os.PathLike[str], **popen: object) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``command`` under a watchdog (`watch`): in a process group of its own, killed with
    everything it started when we `release` the returned lifeline (a file descriptor, ours alone),
    when this process dies (then ``folder`` is removed too: nobody else will), or when ``command``
    exits. The watchdog's exit status is the command's (137 when it was killed)."""
    read_end, write_end = os.pipe()
    os.set_inheritable(write_end, False)
    try:
        process = subprocess.Popen([sys.executable, "-I", __file__, "watch", str(read_end), os.fspath(folder), "--",
                                    *command], pass_fds=(read_end,), stderr=subprocess.DEVNULL,
                                   start_new_session=True, **popen)  # type: ignore[call-overload]
    except BaseException:
        os.close(write_end)
        raise
    finally:
        os.close(read_end)
    _LIFELINES[write_end] = os.getpid()
    return process, write_end


def release(process: subprocess.Popen[bytes], lifeline: int | None, limit: float = RELEASE_LIMIT) -> int:
    """Close the lifeline of a `watched` command and wait for its watchdog to have killed the group
    and cleaned up (past ``limit``, a watchdog that did not go is killed). Its exit status."""
    if lifeline is not None and _LIFELINES.pop(lifeline, None) == os.getpid():
        try:
            os.write(lifeline, b".")  # deliberately: the folder stays ours to read and remove
        except OSError:  # the watchdog has gone already (its command ended)
            pass
        os.close(lifeline)
    try:
        return process.wait(timeout=limit)
    except subprocess.TimeoutExpired:  # not reached unless the watchdog itself is stuck
        process.kill()
        return process.wait()


def _forget_lifelines() -> None:
    """In a child forked from a process that holds lifelines: close our copies, so that the
    converters live and die with the process that started them, not with its forks."""
    for fd, owner in list(_LIFELINES.items()):
        if owner != os.getpid():
            _LIFELINES.pop(fd, None)
            try:
                os.close(fd)
            except OSError:
                pass


os.register_at_fork(after_in_child=_forget_lifelines)


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


# -- the watchdog (a script of its own: stdlib only, never inside LibreOffice) ---------------------------
def _children() -> list[int]:
    """The children of this process, zombies included (orphans of the group come here: we are their
    subreaper). Read from every process's ``stat`` (its parent's pid): ``/proc/*/task/*/children``
    exists only in kernels built with CONFIG_PROC_CHILDREN, and where it did not, this list was
    always empty and a dying soffice could still be writing its profile while it was removed."""
    me = os.getpid()
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and (fields := _stat(entry.name)) is not None and fields[1] == str(me)]


def _stat(pid: str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command's name (state, parent pid, group, ...), or
    None when the process is gone."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
        return stat_line[stat_line.rindex(")") + 2:].split()
    except (OSError, ValueError):
        return None


PF_EXITING = 0x4  # the kernel's flag for a process inside exit (the ninth field of /proc/PID/stat)


def _leaving(client: int) -> bool:
    """Whether ``client`` (the process that started us) is exiting or gone: we were handed to
    another parent, or its flags say it is inside exit."""
    fields = _stat(str(client)) if os.getppid() == client else None
    try:
        return fields is None or bool(int(fields[6]) & PF_EXITING)
    except (ValueError, IndexError):
        return True


def _remove(folder: str, limit: float = 5.0) -> None:
    """Remove ``folder`` and keep trying for up to ``limit`` seconds while something is still in it
    (a file written by a process in its last moment; a removal that raced it)."""
    deadline = time.monotonic() + limit
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder) or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def watch(lifeline: int, folder: str, command: list[str]) -> int:  # pragma: no cover - runs in the watchdog process
    """Run ``command`` in a process group of its own; when the client lets go (``.`` on the
    ``lifeline``) or dies (end of file on it) or the command exits, kill the group and every
    descendant and wait until none is left; then, if the client died, remove its ``folder``.
    LibreOffice's pipe of the host is removed in any case; exit with the command's status."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    client = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: soffice's orphans are ours to reap
        except (OSError, AttributeError):
            pass
    host = subprocess.Popen(command, start_new_session=True)  # our stdin and stdout are the host's
    nothing = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):  # only the host holds the client's pipes: its end of file stays its own
        os.dup2(nothing, fd)
    os.close(nothing)
    watched_fds = [lifeline]
    try:
        watched_fds.append(os.pidfd_open(host.pid))
    except (AttributeError, OSError):
        pass
    said = b""  # what the client wrote on the lifeline: "." when it lets go deliberately (it cleans up then)
    while host.poll() is None:
        if lifeline in select.select(watched_fds, [], [], 1.0)[0]:
            said = os.read(lifeline, 4096) or b"-"  # "." the client let go; end of file: it died
            break
    if not said and (select.select([lifeline], [], [], 0)[0] or _leaving(client)):
        # the command ended: is the client still there? One that is exiting has closed the command's
        # input already but may not yet have closed the lifeline (the kernel releases a dying
        # process's files last-closed first): wait for it, or its folder would outlive it
        if select.select([lifeline], [], [], RELEASE_LIMIT)[0]:
            said = os.read(lifeline, 4096) or b"-"
    try:
        os.killpg(host.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    status = host.wait()
    deadline = time.monotonic() + RELEASE_LIMIT
    while time.monotonic() < deadline:
        left = _children()
        if not left:
            break
        for pid in left:  # a descendant that left the group is still ours
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            break
        time.sleep(0.02)
    if said == b"-":  # the client died: its folder is ours to remove, and only now (a live soffice writes back)
        _remove(folder)
    for tmp in ("/tmp", "/var/tmp"):  # where LibreOffice's pipes live, whatever TMPDIR says
        for socket in Path(tmp).glob(f"OSL_PIPE_*_dx-office-{host.pid}"):
            socket.unlink(missing_ok=True)  # the bridge's pipe, which a killed soffice leaves behind
    return status


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
        os.killpg(0, signal.SIGKILL)  # soffice and this host: one process group; the watchdog cleans up

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
    if sys.argv[1] == "watch":  # watch LIFELINE FOLDER -- COMMAND...
        code = watch(int(sys.argv[2]), sys.argv[3], sys.argv[5:])
        sys.exit(128 - code if code < 0 else code)
    serve(sys.argv[2], sys.argv[3])
