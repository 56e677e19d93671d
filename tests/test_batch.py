"""Archive runs: every file accounted for, isolation, resume after a kill, exports."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.runs.manifest import load_manifest
from extractor.runs.paths import discover
from extractor.runs.summary import Progress
from extractor.runs.supervise import run_batch
from extractor.runs.values import Options
from extractor.cli import main
from extractor.output import CSV_COLUMNS

from .conftest import ROOT, SAMPLES
from .gate import Gate, extract_record_at_gate
from .make_bad_corpus import build

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Good samples in all formats beside the whole bad-input corpus."""
    folder = tmp_path_factory.mktemp("mixed")
    expected = build(folder / "bad")
    good = folder / "good"
    good.mkdir()
    for path in [*sorted(RENDERED.iterdir()), SAMPLES / "s000.txt", SAMPLES / "s004.txt"]:
        (good / path.name).write_bytes(path.read_bytes())
    return folder, {f"bad/{k}": v for k, v in expected.items()}


def _manifest(out):
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_batch_accounts_for_every_file(mixed, tmp_path, capsys):
    folder, expected = mixed
    out = tmp_path / "out"
    code = main(["extract", str(folder), "--recursive", "-o", str(out), "--workers", "2", "--quiet"])
    assert code == 1  # some files failed, as they should
    records = {str(Path(r["path"]).relative_to(folder)): r for r in _manifest(out)}
    inputs = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
    inputs -= {str(p.relative_to(folder)) for p in (folder / "bad" / "loop").rglob("*")}
    assert set(records) == inputs  # each file once; the symlink loop is not followed
    for rel, (outcome, code) in expected.items():
        assert (records[rel]["outcome"], records[rel]["error_code"]) == (outcome, code), rel
    good = [r for k, r in records.items() if k.startswith("good/")]
    assert {r["outcome"] for r in good} <= {"ok", "needs_review"} and len(good) >= 20
    s000 = json.loads((out / "good" / "s000.json").read_text())
    assert s000["notices"][0]["title"] == "Information Strategy 2012 - 2015"
    pdf = json.loads((out / "good" / "s004.headings.pdf.json").read_text())
    assert pdf["notices"][0]["call_in_deadline"] == "2011-05-25"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["files"] == len(inputs)
    assert summary["by_outcome"]["failed"] == sum(1 for o, _ in expected.values() if o == "failed")
    assert summary["by_warning_code"]["not_a_notice"] == 1
    assert not list(out.rglob(".*.tmp"))


def test_failed_files_get_an_error_result_file(mixed, tmp_path, capsys):
    folder, _ = mixed
    out = tmp_path / "out"
    main(["extract", str(folder / "bad"), "-o", str(out), "--workers", "1", "-q"])
    huge = json.loads((out / "huge.json").read_text())
    assert huge["error"]["code"] == "too_large" and huge["notices"] == []


class _Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_file_past_the_time_limit_fails_and_the_run_goes_on(tmp_path):
    """The first input blocks until told (it never is); the clock passes the limit only once the
    three quick files are done, so neither side races the machine's speed."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-blocked.txt").write_bytes(Gate(tmp_path / "gate").input)
    for n in range(3):
        (folder / f"quick{n}.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    clock = _Clock()

    def on_record(record):
        if record["path"].endswith(("quick0.txt", "quick1.txt", "quick2.txt")):
            quick.append(record)
            if len(quick) == 3:
                clock.now += 61  # past the limit for the one still running
    quick: list = []
    out = tmp_path / "out"
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    summary = run_batch(inputs, Options(output=out, workers=2, timeout=60), emit=print, on_record=on_record,
                        progress=Progress(len(inputs), quiet=True), clock=clock, extract=extract_record_at_gate)
    records = {Path(r["path"]).name: r for r in _manifest(out)}
    assert records["a-blocked.txt"]["error_code"] == "timeout"
    assert all(records[f"quick{n}.txt"]["outcome"] == "ok" for n in range(3))
    assert summary.by_outcome == {"failed": 1, "ok": 3}
    assert json.loads((out / "a-blocked.json").read_text())["error"]["code"] == "timeout"


def test_a_file_past_the_memory_cap_fails_and_the_run_goes_on(tmp_path):
    """Run as a user runs it, in a process of its own: a worker forked from this test process
    would inherit whatever earlier tests mapped (warm OCR engines, say) under the same cap."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_bytes(b"Decision: " + b"word " * (3 * 1024 * 1024))  # under the text limit (limits.py)
    (folder / "small.txt").write_bytes((SAMPLES / "s004.txt").read_bytes())
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "--workers", "1",
                           "--max-memory", "200", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    records = {Path(r["path"]).name: r for r in _manifest(out)}
    assert records["big.txt"]["error_code"] in {"memory_limit", "worker_crashed"}
    assert records["small.txt"]["outcome"] == "ok"


def _gated_run(tmp_path, quick: int, workers: int):
    """A run whose first file stops at a gate, started in a thread: returns the gate, the clock,
    the thread and where its manifest will be (the caller moves the clock or kills the worker)."""
    import threading

    folder = tmp_path / "in"
    folder.mkdir()
    gate = Gate(tmp_path / "gate")
    (folder / "a-blocked.txt").write_bytes(gate.input)
    for n in range(quick):
        (folder / f"quick{n:02d}.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    clock, out = _Clock(), tmp_path / "out"
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    done: dict = {}
    thread = threading.Thread(target=lambda: done.update(summary=run_batch(
        inputs, Options(output=out, workers=workers, timeout=60), emit=lambda text: None,
        progress=Progress(len(inputs), quiet=True), clock=clock, extract=extract_record_at_gate)))
    thread.start()
    return gate, clock, thread, out, done


STOPS = [  # (how the worker at the gate is stopped, the gated file's error code)
    pytest.param("time-limit", "timeout", id="held-files-go-on-after-a-time-limit"),
    pytest.param("killed", "memory_limit", id="held-files-go-on-after-the-worker-is-killed"),
]


@pytest.mark.parametrize(("stop", "code"), STOPS)
def test_files_a_stopped_worker_held_are_read_by_the_next(tmp_path, stop, code):
    """One worker is handed a chunk of files; it stops on the first. The files it held but had
    not started go to the fresh worker: each file in the manifest once, every quick one read."""
    gate, clock, thread, out, done = _gated_run(tmp_path, quick=12, workers=1)
    gate.wait_for_arrival()
    if stop == "killed":
        os.kill(gate.holder, signal.SIGKILL)
    else:
        clock.now += 61  # the gated file was handed out at the old time: past the limit now
    thread.join(timeout=120)
    assert not thread.is_alive()
    records = {Path(r["path"]).name: r for r in _manifest(out)}
    assert len(_manifest(out)) == 13 == len(records)
    assert records["a-blocked.txt"]["error_code"] == code
    assert all(records[f"quick{n:02d}.txt"]["outcome"] == "ok" for n in range(12))
    assert done["summary"].by_outcome == {"failed": 1, "ok": 12}


CHUNKS = [  # (files not yet handed out, workers, files in the next chunk)
    pytest.param(100_000, 16, 16, id="early-in-a-big-run-full-chunks"),
    pytest.param(100, 2, 12, id="a-quarter-of-each-workers-share"),
    pytest.param(7, 2, 1, id="near-the-end-one-at-a-time"),
    pytest.param(1, 1, 1, id="the-last-file"),
    pytest.param(0, 4, 1, id="nothing-left-a-single-file"),
]


@pytest.mark.parametrize(("remaining", "workers", "size"), CHUNKS)
def test_chunks_shrink_towards_the_end(remaining, workers, size):
    from extractor.runs.forkpool import chunk_size

    assert chunk_size(remaining, workers) == size


class _CountingHandle(io.StringIO):
    writes = 0

    def write(self, text):
        self.writes += 1
        return super().write(text)


def test_the_manifest_is_appended_in_batches(tmp_path):
    """A write per 256 lines, or per half second, not per file; nothing held back at the end."""
    from extractor.runs.manifest import MANIFEST_EVERY, MANIFEST_LINES, ManifestWriter

    clock = _Clock()
    handle = _CountingHandle()
    writer = ManifestWriter(handle, tmp_path, clock=clock)
    for n in range(MANIFEST_LINES * 3 + 10):
        writer.add(f"{n}\n")
    assert handle.writes == 3
    clock.now += MANIFEST_EVERY  # a slow run: lines go out by time too
    writer.add("late\n")
    assert handle.writes == 4
    writer.add("last\n")
    writer.flush()
    assert handle.writes == 5
    assert handle.getvalue().splitlines() == [str(n) for n in range(MANIFEST_LINES * 3 + 10)] + ["late", "last"]


def test_kill_part_way_then_resume(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    sources = sorted(RENDERED.glob("*.pdf")) + sorted(RENDERED.glob("*.docx"))
    for n in range(4):
        for path in sources:
            (folder / f"{n}-{path.name}").write_bytes(path.read_bytes())
    build(folder / "bad")
    (folder / "0-blocked.txt").write_bytes(Gate(tmp_path / "gate").input)  # the first run can never finish
    out = tmp_path / "out"
    first = [sys.executable, "-m", "tests.gate", str(folder), str(out), "2"]
    command = [sys.executable, "-m", "extractor.cli", "extract", str(folder), "-r", "-o", str(out), "--workers", "2", "-q"]
    proc = subprocess.Popen(first, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        manifest = out / "manifest.jsonl"
        if manifest.exists() and len(manifest.read_text(encoding="utf-8").splitlines()) >= 8:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the first run stopped by itself"
    os.killpg(proc.pid, signal.SIGKILL)  # the supervisor and its workers, mid-run
    proc.wait()
    done_before = len(load_manifest(out / "manifest.jsonl"))
    total = len(discover([str(folder)], recursive=True, with_outputs=True))
    assert 8 <= done_before < total, "the kill must land part-way"
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 1  # the bad corpus has failures
    records = _manifest(out)
    assert len(records) == total and len({r["path"] for r in records}) == total
    assert sum(r["resumed"] for r in records) >= done_before - 2
    for record in records:
        if record["output"]:
            json.loads((out / record["output"]).read_text(encoding="utf-8"))  # complete, valid JSON
    assert not list(out.rglob(".*.tmp"))
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    fresh = [r["path"] for r in _manifest(out) if not r["resumed"] and r["outcome"] != "skipped"]
    unreadable = [str(folder / "bad" / "no permission.txt")]  # cannot be hashed, so it is tried again
    assert fresh in ([], unreadable)
    assert again.returncode == 1


def test_jsonl_and_csv_stream_to_stdout(tmp_path, capsys):
    files = [str(SAMPLES / "s000.txt"), str(RENDERED / "meeting_record.headings.pdf"), str(tmp_path / "missing.txt")]
    assert main(["extract", *files, "--jsonl", "-q", "--workers", "2"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [l["source"]["path"] for l in lines] == [files[0]] + [files[1]] * 5 + [files[2]]
    assert [l["notice_index"] for l in lines] == [0, 0, 1, 2, 3, 4, None]
    assert lines[-1]["error"]["code"] == "file_not_found" and lines[-1]["source"]["sha256"] is None
    assert main(["extract", *files, "--csv", "-q", "--workers", "2"]) == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + 1 + 5 + 1
    assert rows[1][CSV_COLUMNS.index("title")] == "Information Strategy 2012 - 2015"
    assert rows[1][CSV_COLUMNS.index("is_key_decision")] == "true"
    assert rows[3][CSV_COLUMNS.index("notice_index")] == "1"
    assert rows[-1][CSV_COLUMNS.index("error_code")] == "file_not_found"


def test_stdout_results_keep_input_order_with_several_workers(capsys):
    files = [str(p) for p in sorted(RENDERED.glob("*.pdf"))[:4]] + [str(SAMPLES / "s000.txt")]
    assert main(["extract", *files, "--workers", "2", "-q"]) == 0
    assert [json.loads(l)["source"]["path"] for l in capsys.readouterr().out.splitlines()] == files


def test_progress_is_plain_lines_off_a_terminal():
    stream = io.StringIO()
    progress = Progress(2, quiet=False, stream=stream)
    progress.update({"outcome": "ok"})
    progress.update({"outcome": "failed"})
    text = stream.getvalue()
    assert "\r" not in text and text.strip().splitlines()[-1].startswith("decision-extractor: 2/2 files")
    assert "failed 1" in text


def test_memory_stays_flat_in_the_supervisor(tmp_path):
    """Results are streamed: the supervisor holds none of them (a small sample of the bench)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(200):
        (folder / f"n{n:04d}.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    held = []
    options = Options(output=tmp_path / "out", workers=2, timeout=30)
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    summary = run_batch(inputs, options, emit=held.append, progress=Progress(len(inputs), quiet=True))
    assert summary.total == 200 and summary.by_outcome["ok"] == 200
    assert held == []  # nothing kept for stdout when writing to a folder
