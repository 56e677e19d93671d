"""The warm LibreOffice (office_host): started once per process, killed at its time limit, replaced
after a crash, and gone with the process that owns it. A real LibreOffice through the real UNO
bridge; the only stand-in is a converter that never starts (a shell script that sleeps)."""

import json
import os
import signal
import stat
import subprocess
import sys
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


def _group(pgid: int) -> dict[int, str]:
    """The live processes of a process group: pid -> command name."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat_line[stat_line.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                found[int(entry.name)] = stat_line[stat_line.index("(") + 1:stat_line.rindex(")")]
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


def _gone(pgid: int, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while _group(pgid):
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
    assert pid is not None and host.pid == pid and "soffice.bin" in _group(pid).values()


@needs_uno
def test_converter_that_never_starts_is_killed(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'pid'}\nexec sleep 600\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    host = OfficeHost(str(fake), uno_python() or "", start_limit=3.0)
    assert host.convert(RTF, tmp_path / "out.docx", limit=1.0) == "timeout"
    assert host.pid is None
    started = tmp_path / "pid"  # absent only if the host was killed before it got to start the converter
    assert not started.exists() or _dead(int(started.read_text())), "the hung converter is still running"


@needs_uno
def test_crashed_converter_is_replaced_and_no_file_is_lost(tmp_path):
    """soffice killed between two files: the next file gets a fresh LibreOffice and is converted."""
    host = OfficeHost(legacy.soffice() or "", uno_python() or "")
    try:
        assert host.convert(RTF, tmp_path / "a.docx", limit=60) is None
        first = host.pid
        crashed = [pid for pid, name in _group(first).items() if name == "soffice.bin"]
        assert crashed
        for pid in crashed:
            os.kill(pid, signal.SIGKILL)
        assert _dead(crashed[0])
        assert host.convert(DOC, tmp_path / "b.docx", limit=60) is None and (tmp_path / "b.docx").stat().st_size
        assert host.pid not in (None, first) and _gone(first)
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
    assert "soffice.bin" in _group(int(pid)).values() and Path(profile).is_dir()
    owner.kill()
    owner.wait()
    assert _gone(int(pid))
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
