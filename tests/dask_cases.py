"""The Dask runs, on a real `--dask local:2` cluster (Dask's scheduler and 2 worker processes, in a
process of their own) or a LocalCluster, run by `test_dask.py` in a
pytest process of their own, so the cluster's processes, threads and ports never meet the other
tests. Every example here is for development.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.runs.many import notices_bag
from extractor.runs.paths import discover
from extractor.runs.pools import DaskPool
from extractor.runs.supervise import run_many
from extractor.runs.values import Options

from .conftest import ROOT, SAMPLES
from .gate import Gate, extract_record_at_gate

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Good files in several formats beside bad ones (empty, binary, truncated PDF, hidden)."""
    folder = tmp_path_factory.mktemp("mixed")
    for path in [SAMPLES / "s000.txt", SAMPLES / "s004.txt", RENDERED / "meeting_record.headings.pdf",
                 RENDERED / "s004.headings.docx"]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.txt").write_bytes(b"")
    (folder / "bad" / "noise.pdf").write_bytes(b"\x00\x01\x02" * 500)
    pdf = (RENDERED / "s004.headings.pdf").read_bytes()
    (folder / "bad" / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / "bad" / ".hidden.txt").write_bytes(b"Decision Maker: Cabinet\n")
    return folder


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_local_cluster_run_matches_a_local_run(mixed, tmp_path, capsys):
    dask_out, local_out = tmp_path / "dask", tmp_path / "local"
    assert main(["extract", str(mixed), "-r", "-o", str(dask_out), "--dask", "local:2", "-q"]) == 1
    assert main(["extract", str(mixed), "-r", "-o", str(local_out), "--workers", "2", "-q"]) == 1
    records = _manifest(dask_out)
    paths = [r["path"] for r in records]
    assert sorted(paths) == sorted(str(p) for p in mixed.rglob("*") if p.is_file()) and len(set(paths)) == len(paths)
    outcomes = {Path(r["path"]).name: (r["outcome"], r["error_code"]) for r in records}
    assert outcomes["empty.txt"] == ("failed", "empty_file")
    assert outcomes[".hidden.txt"] == ("skipped", "hidden_file")
    assert outcomes["truncated.pdf"] == ("failed", "corrupt_file")
    names = sorted(str(p.relative_to(local_out)) for p in local_out.rglob("*.json") if p.name != "summary.json")
    assert names == sorted(str(p.relative_to(dask_out)) for p in dask_out.rglob("*.json") if p.name != "summary.json")
    for name in names:
        assert (dask_out / name).read_bytes() == (local_out / name).read_bytes(), name
    assert {json.dumps(r, sort_keys=True) for r in _strip(records)} == {
        json.dumps(r, sort_keys=True) for r in _strip(_manifest(local_out))}
    assert main(["extract", str(mixed), "-r", "-o", str(dask_out), "--dask", "local:2", "-q"]) == 1
    assert all(r["resumed"] for r in _manifest(dask_out) if r["outcome"] != "failed" and r["outcome"] != "skipped")


def test_the_review_threshold_holds_on_a_cluster_run(tmp_path):
    """--review-below is read for a Dask run as for a local one: the same notice needs review."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notice.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    for runner in (["--dask", "local:1"], ["--workers", "1"]):
        out = tmp_path / runner[0].strip("-")
        assert main(["extract", str(folder), "-o", str(out), *runner, "-q", "--review-below", "0.999"]) == 0
        assert [r["outcome"] for r in _manifest(out)] == ["needs_review"], runner


def _strip(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in ("seconds",)} for r in records]


KILLS = [  # (times the worker holding the file is killed, the file's outcome, its error code)
    pytest.param(1, "ok", None, id="killed-once-retried-and-finished"),
    pytest.param(2, "failed", "worker_crashed", id="killed-twice-worker-crashed"),
]


@pytest.mark.parametrize(("kills", "outcome", "code"), KILLS)
def test_a_worker_killed_mid_run_costs_no_file(tmp_path, kills, outcome, code):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes((SAMPLES / "s000.txt").read_bytes())
    gate = Gate(tmp_path / "gate")
    (folder / "gated.txt").write_bytes(gate.input)
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    pool = DaskPool("local:2", extract=extract_record_at_gate)
    runner, replies, failure = _run_in_background(inputs, pool, tmp_path / "out")
    try:
        for _ in range(kills):
            gate.wait_for_arrival()  # a worker holds the gated file now
            pids = pool.client.run(os.getpid, workers=[_holder(pool)])
            for pid in pids.values():
                os.kill(pid, signal.SIGKILL)
        if kills <= 1:
            gate.wait_for_arrival()
            gate.release()
        runner.join()
    finally:
        pool.close()
    assert not failure
    records = {Path(r["record"]["path"]).name: r["record"] for r in replies}
    assert sorted(records) == ["a.txt", "b.txt", "c.txt", "gated.txt"]
    assert (records["gated.txt"]["outcome"], records["gated.txt"]["error_code"]) == (outcome, code)
    assert all(records[n]["outcome"] == "ok" for n in ("a.txt", "b.txt", "c.txt"))
    assert len(_manifest(tmp_path / "out")) == 4


def _run_in_background(inputs: list, pool: DaskPool, out: Path) -> tuple[threading.Thread, list[dict], list[BaseException]]:
    """`run_many` with no time limit in a thread of its own, started: the thread, the replies it
    collects and what it raised, for a test that kills workers while the run goes on."""
    replies: list[dict] = []
    failure: list[BaseException] = []

    def consume() -> None:
        try:
            replies.extend(run_many(inputs, Options(timeout=0), pool, output=out))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failure.append(exc)

    runner = threading.Thread(target=consume)
    runner.start()
    return runner, replies, failure


def _holder(pool: DaskPool) -> str:
    """The worker holding the gated file: once the other files are done, the one still processing
    (a wait for that state, however long the machine takes; never a guess at a duration)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        busy = [w for w, keys in pool.client.processing().items() if keys]
        if len(busy) == 1 and sum(len(k) for k in pool.client.processing().values()) == 1:
            return busy[0]
        time.sleep(0.05)
    raise AssertionError("the gated file never stood alone on a worker")


def test_a_bag_of_notices(tmp_path):
    from distributed import Client, LocalCluster

    paths = [str(SAMPLES / "s000.txt"), str(RENDERED / "meeting_record.headings.pdf"), str(tmp_path / "missing.txt")]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        notices = notices_bag(paths, partition_size=1).compute(scheduler=client)
    assert [(n["source"]["path"], n["notice_index"]) for n in notices] == (
        [(paths[0], 0)] + [(paths[1], i) for i in range(5)] + [(paths[2], None)])
    assert notices[0]["title"] == "Information Strategy 2012 - 2015"
    assert notices[-1]["error"]["code"] == "file_not_found"


CLIENT = """
import sys
from pathlib import Path
from extractor.runs.paths import discover
from extractor.runs.pools import DaskPool
from extractor.runs.supervise import run_many
from extractor.runs.values import Options
from tests.gate import extract_record_at_gate

folder, out = sys.argv[1:]
inputs = discover([folder], recursive=False, with_outputs=True)
pool = DaskPool("local:2", extract=extract_record_at_gate)
for reply in run_many(inputs, Options(timeout=0), pool, output=Path(out)):
    pass
"""


def test_resume_after_a_killed_client_redoes_nothing_finished(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes((SAMPLES / "s000.txt").read_bytes())
    gate = Gate(tmp_path / "gate")
    (folder / "gated.txt").write_bytes(gate.input)
    client = subprocess.Popen([sys.executable, "-c", CLIENT, str(folder), str(out)], cwd=ROOT,
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        gate.wait_for_arrival()  # the client's cluster holds the gated file, which never finishes
        deadline = time.monotonic() + 300
        while len(_lines(out)) < 3 and time.monotonic() < deadline:  # the three others are in the manifest
            time.sleep(0.05)
    finally:
        os.killpg(client.pid, signal.SIGKILL)  # the client and the cluster it started, at once
        client.wait()
    assert sorted(Path(r["path"]).name for r in _lines(out)) == ["a.txt", "b.txt", "c.txt"]
    assert main(["extract", str(folder), "-o", str(out), "--dask", "local:2", "-q"]) == 0
    records = {Path(r["path"]).name: r for r in _manifest(out)}
    assert sorted(records) == ["a.txt", "b.txt", "c.txt", "gated.txt"]
    assert [n for n, r in records.items() if not r["resumed"]] == ["gated.txt"]


def _lines(out: Path) -> list[dict]:
    try:
        text = (out / "manifest.jsonl").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.endswith("}")]


HOLD = """
import os, sys, time
from extractor.runs.pools import DaskPool
pool = DaskPool("local:2")
pids = [pool.cluster.process.pid, *pool.client.run(os.getpid).values()]
print(" ".join(map(str, pids)), flush=True)
if sys.argv[1] == "closed":
    pool.close()
else:
    time.sleep(600)  # until the test kills this client, and this client alone
"""


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("end", ["closed", "client-killed"])
def test_a_local_cluster_leaves_no_process_behind(end):
    """The host and its workers end when the pool is closed, and when the client is killed outright
    (SIGKILL to the client alone, which can close nothing: the host sees its parent gone)."""
    client = subprocess.Popen([sys.executable, "-c", HOLD, end], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert client.stdout is not None
        pids = [int(p) for p in client.stdout.readline().split()]
        assert len(pids) == 3 and all(_alive(p) for p in pids)
        if end == "client-killed":
            client.kill()
        client.wait(timeout=120)
        deadline = time.monotonic() + 120
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in pids if _alive(p)]
    finally:
        client.kill()
        client.wait()


def test_a_local_clusters_scheduler_runs_outside_the_client():
    """Its histories of every task (~0.6 KB a task, bounded by Dask) stay out of the client's memory."""
    pool = DaskPool("local:2")
    try:
        scheduler = pool.client.run_on_scheduler(os.getpid)
        workers = set(pool.client.run(os.getpid).values())
        assert os.getpid() not in {scheduler, *workers} and len(workers) == 2
        assert pool.slots == 2
    finally:
        pool.close()


def _shout(size: int) -> int:
    """A task that prints ``size`` bytes to its standard output, as a chatty library might."""
    return os.write(1, b"SHOUT" * (size // 5))


def test_what_workers_print_goes_to_stderr_and_never_blocks_them(capfd):
    """Far more than a pipe holds (64 KiB): were the workers' stdout the pipe the host answers the
    client on, nobody would read it and the task would block; were it the client's, it would
    land in the client's output (`--jsonl` to stdout)."""
    pool = DaskPool("local:1")
    try:
        assert pool.client.submit(_shout, 500_000, pure=False).result(timeout=120) == 500_000
    finally:
        pool.close()
    captured = capfd.readouterr()
    assert "SHOUT" not in captured.out and "SHOUT" * 1000 in captured.err


class ChunkRecordingPool(DaskPool):
    """The real `local:2` pool, recording the input indexes of each chunk it is handed."""

    def __init__(self) -> None:
        super().__init__("local:2", extract=extract_record_at_gate)
        self.chunks: list[list[int]] = []

    def submit(self, tasks, timeout, max_memory_mb):  # type: ignore[no-untyped-def]
        self.chunks.append([task["index"] for task in tasks])
        return super().submit(tasks, timeout, max_memory_mb)


def test_a_worker_killed_holding_a_chunk_costs_none_of_its_files(tmp_path):
    """Files go to Dask in chunks; when the worker reading one dies, which file killed it is not
    known, so each of the chunk's files goes again on its own, and every file is read once more
    at most: all in the manifest once, all ok."""
    import psutil

    folder = tmp_path / "in"
    folder.mkdir()
    gate = Gate(tmp_path / "gate")
    (folder / "0-gated.txt").write_bytes(gate.input)  # input 0, in the first chunk
    for n in range(40):
        (folder / f"n{n:02d}.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    pool = ChunkRecordingPool()
    runner, replies, failure = _run_in_background(inputs, pool, tmp_path / "out")
    try:
        gate.wait_for_arrival()  # the file's own child process, forked by the Dask worker, is at the gate
        os.kill(psutil.Process(gate.holder).ppid(), signal.SIGKILL)
        gate.wait_for_arrival()  # read again, alone
        gate.release()
        runner.join()
    finally:
        pool.close()
    assert not failure
    first = pool.chunks[0]
    assert first[0] == 0 and len(first) > 1, "input 0 went in a chunk of several files"
    assert [c for c in pool.chunks if c == [0]], "after the kill it went again on its own"
    for index in first[1:]:
        assert [index] in pool.chunks, f"input {index}, in the same chunk, went again on its own"
    records = [r["record"] for r in replies]
    assert sorted(Path(r["path"]).name for r in records) == sorted(p.name for p in folder.iterdir())
    assert all(r["outcome"] == "ok" for r in records)
    assert len(_manifest(tmp_path / "out")) == 41


def test_the_local_cluster_killed_under_the_run_is_one_clean_error(tmp_path):
    """The host of --dask local (scheduler and workers) killed while a file runs: the run stops with
    one OutputError naming the cluster (exit 3, finished files kept), not a TypeError from deep in
    the client ('FutureCancelledError' object is not iterable)."""
    from extractor.errors import OutputError

    folder = tmp_path / "in"
    folder.mkdir()
    gate = Gate(tmp_path / "gate")
    (folder / "gated.txt").write_bytes(gate.input)
    (folder / "plain.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    pool = DaskPool("local:1", extract=extract_record_at_gate)
    runner, replies, failure = _run_in_background(inputs, pool, tmp_path / "out")
    try:
        gate.wait_for_arrival()
        holder = gate.holder
        assert pool.cluster is not None
        pool.cluster.process.kill()
        runner.join(300)
        assert not runner.is_alive()
    finally:
        pool.close()
    assert len(failure) == 1 and isinstance(failure[0], OutputError), failure
    assert "Dask cluster" in str(failure[0])
    deadline = time.monotonic() + 60  # the file's process goes with its worker (a safety net, not a measure)
    while _alive(holder) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(holder)
