"""The warm LibreOffice (office_host): started once per process, killed at its time limit, replaced
after a crash, and gone with the process that owns it. A real LibreOffice through the real UNO
bridge; the only stand-in is a converter that never starts (a shell script that sleeps)."""

import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from extractor.readers import legacy
from extractor.readers.office_host import OfficeHost, uno_python

ROOT = Path(__file__).resolve().parent.parent
RTF = ROOT / "tests" / "fixtures" / "legacy" / "officer_record.table.rtf"
DOC = ROOT / "tests" / "fixtures" / "legacy" / "officer_record.table.doc"
needs_uno = pytest.mark.skipif(legacy.soffice() is None or uno_python() is None,
                               reason="LibreOffice with python3-uno is not installed")


def _processes() -> dict[int, tuple[int, str, str]]:
    """Every live process: pid -> (parent pid, command name, state)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat_line[stat_line.rindex(")") + 2:].split()
            if fields[0] != "Z":
                found[int(entry.name)] = (int(fields[1]), stat_line[stat_line.index("(") + 1:stat_line.rindex(")")],
                                          fields[0])
    return found


def _tree(pid: int) -> dict[int, str]:
    """The live descendants of ``pid`` (pid -> command name), ``pid`` itself included when alive."""
    table = _processes()
    found, todo = {}, [pid]
    while todo:
        here = todo.pop()
        if here in table:
            found[here] = table[here][1]
        todo += [child for child, (parent, _, _) in table.items() if parent == here and child not in found]
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _dead(pid: int, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _gone(pids, within: float = 30.0) -> bool:
    """Whether every one of ``pids`` has ended within ``within`` seconds (a safety net, not a measure)."""
    deadline = time.monotonic() + within
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@needs_uno
def test_one_start_up_serves_every_file():
    host = legacy._host()
    first = legacy.convert_one(RTF.read_bytes(), "rtf")
    pid = host.pid
    second = legacy.convert_one(DOC.read_bytes(), "ole")
    assert isinstance(first, bytes) and isinstance(second, bytes) and first[:2] == second[:2] == b"PK"
    assert pid is not None and host.pid == pid and "soffice.bin" in _tree(pid).values()


@needs_uno
def test_converter_that_never_starts_is_killed(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'pid'}\nexec sleep 600\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    host = OfficeHost(str(fake), uno_python() or "", start_limit=3.0)
    try:
        assert host.convert(RTF, tmp_path / "out.docx", limit=1.0) == "timeout"
        assert host.pid is None
    finally:
        host.close()
    started = tmp_path / "pid"  # absent only if the host was killed before it got to start the converter
    assert not started.exists() or _dead(int(started.read_text())), "the hung converter is still running"


@needs_uno
def test_crashed_converter_is_replaced_and_no_file_is_lost(tmp_path):
    """soffice killed between two files: the next file gets a fresh LibreOffice and is converted."""
    host = OfficeHost(legacy.soffice() or "", uno_python() or "")
    try:
        assert host.convert(RTF, tmp_path / "a.docx", limit=60) is None
        first = host.pid
        before = _tree(first)
        crashed = [pid for pid, name in before.items() if name == "soffice.bin"]
        assert crashed
        for pid in crashed:
            os.kill(pid, signal.SIGKILL)
        assert _dead(crashed[0])
        assert host.convert(DOC, tmp_path / "b.docx", limit=60) is None and (tmp_path / "b.docx").stat().st_size
        assert host.pid not in (None, first) and _gone(before)
    finally:
        host.close()


@needs_uno
def test_owner_killed_takes_its_libreoffice_along():
    """A batch worker killed at its time limit (kill -9) leaves no LibreOffice and no profile behind."""
    script = ("import sys; from pathlib import Path; from extractor.readers import legacy; "
              f"legacy.convert_one(Path({str(RTF)!r}).read_bytes(), 'rtf'); h = legacy._host(); "
              "print(h.pid, h.profile, flush=True); sys.stdin.read()")
    owner = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    pid, profile = owner.stdout.readline().split()
    tree = _tree(int(pid))
    assert "soffice.bin" in tree.values() and Path(profile).is_dir()
    owner.kill()
    owner.wait()
    assert _gone(tree)
    assert not Path(profile).exists()
    owner.stdin.close()
    owner.stdout.close()


def test_without_uno_the_command_converts(monkeypatch):
    """DX_OFFICE_HOST=0 (as where python3-uno is missing): the soffice command, a group of one."""
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    monkeypatch.setenv("DX_OFFICE_HOST", "0")
    assert legacy._host() is None
    answer = legacy.convert_one(RTF.read_bytes(), "rtf")
    assert isinstance(answer, bytes) and answer[:2] == b"PK"


@needs_uno
def test_converter_that_exits_at_once_says_so(tmp_path):
    """A LibreOffice that cannot start (here: exits at once) is reported at once, not after the time limit."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    host = OfficeHost(str(fake), uno_python() or "", start_limit=60.0)
    try:
        assert host.convert(RTF, tmp_path / "out.docx", limit=60.0) == "start_failed"
    finally:
        host.close()


@needs_uno
def test_memory_cap_too_small_for_libreoffice(tmp_path, capsys):
    """--max-memory below what LibreOffice maps: the .doc fails as converter_unavailable, saying why.
    Run in a process of its own: a worker forked from this test process would inherit whatever
    earlier tests mapped (warm OCR engines, say) and could fail for that instead."""
    out, doc = tmp_path / "out", tmp_path / "notice.doc"
    doc.write_bytes(DOC.read_bytes() + b"\0" * 512)  # bytes of its own: no conversion cached by another test
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(doc), "-o", str(out), "--max-memory", "300",
                           "-q"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    (row,) = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert row["error_code"] == "converter_unavailable" and "--max-memory" in row["error_message"]


class _Answering:
    """A host that gives one answer: what the reader makes of the host's answers is under test here,
    the host itself everywhere else in this file."""

    soffice = "soffice"

    def __init__(self, answer):
        self.answer = answer

    def convert(self, source, target, *, limit):
        return self.answer

    pid = None

    def scratch(self):
        return tempfile.gettempdir()

    def close(self):
        pass


@pytest.mark.parametrize(("answer", "capped", "code", "says"), [
    pytest.param("out_of_memory", True, "converter_unavailable", "--max-memory", id="out-of-memory-under-a-cap"),
    pytest.param("crashed", True, "converter_unavailable", "--max-memory", id="died-twice-under-a-cap"),
    pytest.param("out_of_memory", False, "memory_limit", "ran out of memory", id="out-of-memory-uncapped"),
    pytest.param("crashed", False, "corrupt_file", "could not convert", id="died-twice-uncapped"),
    pytest.param("start_failed", False, "converter_unavailable", "exited before", id="never-started"),
    pytest.param("timeout", False, "timeout", "ran past", id="past-the-limit"),
    pytest.param("corrupt_file", True, "corrupt_file", "could not convert", id="damaged-under-a-cap"),
])
def test_what_the_hosts_answer_becomes(monkeypatch, answer, capped, code, says):
    """Each answer of the warm LibreOffice becomes one coded error; under a --max-memory cap a crash or
    a failed allocation names the cap (the cap, not the file, is the likelier cause)."""
    from extractor.errors import InputError

    monkeypatch.setattr(legacy, "_host", lambda: _Answering(answer))
    monkeypatch.setattr(legacy, "_memory_capped", lambda: capped)
    data = DOC.read_bytes() + answer.encode() + bytes([capped])  # bytes of its own: not in the conversion cache
    with pytest.raises(InputError) as raised:
        legacy.read_legacy(data, "ole", path="notice.doc")
    assert raised.value.code == code and says in raised.value.message


# -- a converter that hangs, and an owner killed under it (issue 30) ------------------------------------
HUNG_PICTURE = rb"{\rtf1\ansi Decision Maker: Cabinet\par {\pict\pngblip\bin999999999 xxxx}}"  # 74 bytes
MANY_ROWS = rb"{\rtf1\ansi " + rb"\trowd\cellx2000 Decision\cell\row " * 100_000 + b"}"
_OWNER = """import sys
from pathlib import Path
from extractor.readers import legacy
if sys.argv[2] == "warm":  # LibreOffice up first: the kill lands in the conversion, not the start-up
    legacy.convert_one(Path(sys.argv[3]).read_bytes(), "rtf")
print("converting", flush=True)
legacy.convert_one(Path(sys.argv[1]).read_bytes(), "rtf")
"""


def _cpu_ticks(pids) -> int:
    """The CPU time (clock ticks) the soffice.bin processes among ``pids`` have used."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def _wait_for(test, within: float = 120.0):
    """Poll ``test`` until it gives something true (the safety net is generous: a busy machine is slow)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = test()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the converter never got there")


def _profiles(tree) -> set[str]:
    """The throw-away folders (dx-office-*, dx-soffice-*) named on the command lines of ``tree``."""
    found = set()
    for pid in tree:
        try:
            line = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
        except OSError:
            continue
        found.update(re.findall(r"/[^\s]*?/dx-(?:office|soffice)-[^/\s]+", line))
    return found


@pytest.mark.parametrize(("data", "warm", "host", "busy"), [
    pytest.param(None, "cold", "1", False, id="killed-while-libreoffice-starts"),
    pytest.param(HUNG_PICTURE, "warm", "1", True, id="killed-under-a-picture-claiming-a-gigabyte"),
    pytest.param(MANY_ROWS, "warm", "1", True, id="killed-under-100000-table-rows"),
    pytest.param(HUNG_PICTURE, "cold", "0", False, id="killed-under-the-convert-to-command"),
])
def test_owner_killed_under_libreoffice_leaves_nothing(tmp_path, data, warm, host, busy):
    """A worker killed (kill -9) while its LibreOffice starts or is stuck converting a file takes every
    process it started along (oosplash, soffice.bin) and its throw-away profile: nothing spins on."""
    if legacy.soffice() is None or (host == "1" and uno_python() is None):
        pytest.fail("LibreOffice (with python3-uno) is part of the test environment: run scripts/setup-system.sh")
    source = tmp_path / "input.rtf"
    source.write_bytes(RTF.read_bytes() if data is None else data)
    owner = subprocess.Popen([sys.executable, "-c", _OWNER, str(source), warm, str(RTF)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "DX_OFFICE_HOST": host})
    try:
        assert owner.stdout.readline().strip() == "converting"

        def office():
            tree = _tree(owner.pid)
            names = set(tree.values())
            if busy:  # stuck in the file: soffice.bin has spent a second of CPU on it since we looked first
                bins = [pid for pid, name in tree.items() if name == "soffice.bin"]
                return tree if bins and _cpu_ticks(bins) >= start.setdefault("ticks", _cpu_ticks(bins)) + 100 else None
            return tree if names & {"oosplash", "soffice.bin"} else None

        start: dict[str, int] = {}
        tree = _wait_for(office)
        profiles = _profiles(tree)
        assert profiles
        owner.kill()
        owner.wait()
        assert _gone(set(tree) - {owner.pid}, within=60), {p: n for p, n in tree.items() if _alive(p)}
        assert not [p for p in profiles if Path(p).exists()], profiles
    finally:
        owner.kill()
        owner.wait()
        owner.stdout.close()


@needs_uno
def test_hung_conversion_is_killed_at_its_time_limit(tmp_path):
    """A file that hangs LibreOffice is stopped at the host's time limit: soffice and all it started go."""
    source = tmp_path / "hung.rtf"
    source.write_bytes(HUNG_PICTURE)
    host = OfficeHost(legacy.soffice() or "", uno_python() or "")
    try:
        assert host.convert(RTF, tmp_path / "a.docx", limit=60) is None
        tree = _tree(host.pid)
        assert "soffice.bin" in tree.values()
        assert host.convert(source, tmp_path / "b.docx", limit=3) == "timeout"
        assert host.pid is None and _gone(tree)
    finally:
        host.close()


def test_watchdog_sees_its_own_children_and_whether_its_client_is_leaving():
    """The watchdog's two looks at /proc: its children (zombies too, whatever the kernel's build) and
    whether the process that started it is leaving (handed to another parent: here, pid 1 is not ours)."""
    from extractor.readers import office_host

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        assert child.pid in office_host._children()
        assert _dead(child.pid)  # exited, not yet reaped: a zombie, still a child to reap
        assert child.pid in office_host._children()
    finally:
        child.wait()
    assert child.pid not in office_host._children()
    assert office_host._leaving(os.getppid()) is False
    assert office_host._leaving(os.getpid()) is True
