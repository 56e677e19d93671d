"""Archive runs against hostile folders (issue 18): whatever the archive holds, the run finishes
and every file is accounted for once, with its exact name and a checksum only when read.

Hostile inputs are built here at run time. Permission cases run the CLI in a child process
without the capabilities that let root read anything (setpriv), so they hold as root and not.
"""

import base64
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


from extractor.cli import main

from .conftest import ROOT, SAMPLES

NOTICE = (SAMPLES / "s000.txt").read_bytes()
OTHER = (SAMPLES / "s004.txt").read_bytes()


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def _cli(*args: str, limits=None) -> subprocess.CompletedProcess:
    """The CLI in a child process; as root, without the power to ignore file permissions."""
    command = [sys.executable, "-m", "extractor.cli", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv (util-linux) is needed to drop root's file capabilities")
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=limits)


def test_a_name_that_is_not_utf8_is_kept_exactly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(NOTICE)
    (folder / "plain.txt").write_bytes(OTHER)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    records = {r["path"]: r for r in _manifest(out)}
    latin = records[str(folder) + "/caf\\xe9.txt"]
    assert base64.b64decode(latin["path_bytes_b64"]) == raw
    assert "path_bytes_b64" not in records[str(folder / "plain.txt")]
    result = json.loads((out / latin["output"]).read_text(encoding="utf-8"))
    assert result["notices"][0]["title"] == "Information Strategy 2012 - 2015"
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0  # a re-run resumes, never stops there
    assert all(r["resumed"] for r in _manifest(out))


@pytest.mark.parametrize("stem_bytes", [245, 246, 251], ids=["245-bytes", "246-bytes", "251-bytes"])
def test_a_long_name_gets_a_bounded_output_name(tmp_path, stem_bytes):
    folder = tmp_path / "in"
    folder.mkdir()
    long_a = folder / ("a" * stem_bytes + ".txt")
    long_b = folder / ("a" * (stem_bytes - 1) + "b.txt")
    long_a.write_bytes(NOTICE)
    long_b.write_bytes(OTHER)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    records = {Path(r["path"]).name: r for r in _manifest(out)}
    outputs = {r["output"] for r in records.values()}
    assert len(outputs) == 2 and all(len(o.encode()) <= 205 for o in outputs)
    first = json.loads((out / records[long_a.name]["output"]).read_text())
    assert first["source"]["path"] == str(long_a)


def test_an_unreadable_folder_is_a_manifest_row_and_fails_the_run(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.txt").write_bytes(NOTICE)
    (folder / "open.txt").write_bytes(NOTICE)
    (folder / "locked").chmod(0)
    try:
        done = _cli("extract", str(folder), "-r", "-o", str(tmp_path / "out"), "-q")
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    records = {Path(r["path"]).name: r for r in _manifest(tmp_path / "out")}
    assert (records["locked"]["outcome"], records["locked"]["error_code"]) == ("failed", "unreadable_folder")
    assert records["open.txt"]["outcome"] == "ok"
    assert "Traceback" not in done.stderr


def test_two_roots_into_one_output_keep_every_row_and_never_collide(tmp_path):
    for root, data in (("a", NOTICE), ("b", OTHER)):
        (tmp_path / root).mkdir()
        (tmp_path / root / "x.txt").write_bytes(data)
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "a"), "-o", str(out), "-q"]) == 0
    assert main(["extract", str(tmp_path / "b"), "-o", str(out), "-q"]) == 0
    assert main(["extract", str(tmp_path / "a"), "-o", str(out), "-q"]) == 0  # again: its output stays its own
    records = {r["path"]: r for r in _manifest(out)}
    assert set(records) == {str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")}
    assert len({r["output"] for r in records.values()}) == 2
    for path, record in records.items():
        assert json.loads((out / record["output"]).read_text())["source"]["path"] == path


def test_a_second_run_into_a_locked_output_refuses(tmp_path, capsys):
    from extractor.runs.manifest import take_lock

    (tmp_path / "x.txt").write_bytes(NOTICE)
    out = tmp_path / "out"
    out.mkdir()
    lock = take_lock(out)  # another run holds the folder
    try:
        assert main(["extract", str(tmp_path / "x.txt"), "-o", str(out), "-q"]) == 3
    finally:
        lock.close()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "another run is writing to" in err[0]
    assert main(["extract", str(tmp_path / "x.txt"), "-o", str(out), "-q"]) == 0


def test_an_input_named_like_the_summary_keeps_its_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "summary.txt").write_bytes(NOTICE)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    assert json.loads((out / "summary.json").read_text())["files"] == 1
    (record,) = _manifest(out)
    assert record["output"] == "summary.txt.json"
    assert json.loads((out / "summary.txt.json").read_text())["notices"][0]["title"]


def test_an_output_folder_inside_the_input_is_never_read_back(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_bytes(NOTICE)
    out = folder / "out"
    for _ in range(3):
        assert main(["extract", str(folder), "-r", "-o", str(out), "-q"]) == 0
    assert [r["path"] for r in _manifest(out)] == [str(folder / "x.txt")]
    assert not (out / "out").exists()


def _file_size_cap(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # a disk that fills at `limit` bytes a file
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return apply


def test_a_full_disk_is_one_line_and_a_consistent_manifest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"Decision\n\nAgreed.\n")  # a small result, written
    (folder / "b.txt").write_bytes(NOTICE)  # its result does not fit
    out = tmp_path / "out"
    done = _cli("extract", str(folder), "-o", str(out), "--workers", "1", limits=_file_size_cap(3000))
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr and lines[-1].startswith("decision-extractor: error: cannot write to")
    for record in _manifest(out):
        json.loads((out / record["output"]).read_text())
    assert not list(out.rglob(".*.tmp"))
    assert _cli("extract", str(folder), "-o", str(out), "-q").returncode == 0  # space again: it resumes


def test_a_read_only_output_is_one_line(tmp_path):
    (tmp_path / "x.txt").write_bytes(NOTICE)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = _cli("extract", str(tmp_path / "x.txt"), "-o", str(out), "-q")
    finally:
        out.chmod(0o755)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "cannot write to" in done.stderr


def test_a_checksum_only_when_the_bytes_were_read(tmp_path):
    import hashlib

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "secret.txt").write_bytes(NOTICE)
    (folder / "secret.txt").chmod(0)
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / ".hidden.txt").write_bytes(NOTICE)
    (folder / "big.txt").write_bytes(NOTICE * 20)
    out = tmp_path / "out"
    try:
        done = _cli("extract", str(folder), "-o", str(out), "--max-size", "0.005", "-q")
    finally:
        (folder / "secret.txt").chmod(0o644)
    assert done.returncode == 1
    records = {Path(r["path"]).name: r for r in _manifest(out)}
    assert {name: r["sha256"] for name, r in records.items() if name in {"secret.txt", "broken.txt", "loop.txt"}} == {
        "secret.txt": None, "broken.txt": None, "loop.txt": None}
    assert records[".hidden.txt"]["sha256"] == hashlib.sha256(NOTICE).hexdigest()
    assert records["big.txt"]["sha256"] == hashlib.sha256(NOTICE * 20).hexdigest()
    assert records["big.txt"]["error_code"] == "too_large"
    empty = hashlib.sha256(b"").hexdigest()
    for name in ("secret.txt", "broken.txt"):
        assert json.loads((out / records[name]["output"]).read_text())["source"]["sha256"] != empty


def test_single_file_limits_apply(tmp_path, capsys):
    (tmp_path / "x.txt").write_bytes(NOTICE * 12_000)  # 36 MB: reading it needs fresh memory in any process
    assert main(["extract", str(tmp_path / "x.txt"), "--max-memory", "1"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["error"]["code"] in {"memory_limit", "worker_crashed"}
    (tmp_path / "x.txt").write_bytes(NOTICE)
    assert main(["extract", str(tmp_path / "x.txt")]) == 0  # the default cap leaves room


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_supervisor_is_killed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_bytes(NOTICE)
    fifo = tmp_path / "wait"
    os.mkfifo(fifo)
    # The supervisor starts its workers, then blocks on a FIFO before giving them work.
    script = (
        "import sys\n"
        "from extractor.runs.summary import Progress\n"
        "real = Progress.update\n"
        "def update(self, record):\n"
        "    real(self, record)\n"
        f"    open({str(fifo)!r}).read()\n"
        "Progress.update = update\n"
        "from extractor.cli import main\n"
        f"main(['extract', {str(folder)!r}, '-o', {str(tmp_path / 'out')!r}, '--workers', '2', '-q'])\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(proc.pid)
        assert len(workers) >= 2
        os.kill(proc.pid, signal.SIGKILL)  # the supervisor alone
        proc.wait()
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        alive = [w for w in workers if _alive(w)]
        assert alive == []
    finally:
        if proc.poll() is None:
            proc.kill()
