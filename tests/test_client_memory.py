"""The client of a run it drives (`extract_many`, `extract --dask`, `runs.supervise.run_many`) holds
nothing that grows with the number of inputs (issue 15: "memory flat on the client for a million
inputs"): the inputs, the earlier run's records and the manifest's compaction are on disk in its
`runs.ledger.Ledger`, and at most a bounded number of files are in flight or held for input order.

Nothing here measures the machine: memory is what `tracemalloc` counts of the client's Python
allocations (the same on any machine, however fast), and the bounds on files in flight are
checked with a gate file that stays unfinished until the test lets it go. Every example here is
for development.
"""

from __future__ import annotations

import gc
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from extractor.runs import ledger
from extractor.runs.many import extract_many
from extractor.runs.paths import discover
from extractor.runs.pools import LocalPool
from extractor.runs.supervise import run_many
from extractor.runs.values import Options

from .gate import Gate, extract_record_at_gate

NOTICE = b"Decision: the minutes of the last meeting were approved.\n"
SMALL, LARGE = 300, 1500  # inputs of the two runs compared
PAGE = 50  # the ledger's page for these runs: both runs read it full, so the page is not what differs
COLLECT = 25  # files between two full garbage collections
MOST_BYTES_PER_INPUT = 64  # before the ledger the client held ~1.5 KB an input (inputs, records, compaction)


def _inputs(folder: Path, files: int) -> Path:
    for n in range(files):
        sub = folder / f"d{n // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"n{n:05d}.txt").write_bytes(NOTICE)
    return folder


def _peak(folder: Path, out: Path) -> int:
    """The most the client's Python allocations rose above where they stood, over a whole run
    (discovery, the files, the manifest's compaction, the summary). Collected every `COLLECT`
    files: what Python has not yet freed (objects in reference cycles awaiting a full collection,
    its free lists) would otherwise pile up with the files and look like state the client keeps."""
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    for n, _ in enumerate(extract_many([folder], output=out, workers=1, recursive=True)):
        if n % COLLECT == 0:
            gc.collect()
    return tracemalloc.get_traced_memory()[1] - before


RUNS = [  # (a run over a finished output folder, where every file is resumed)
    pytest.param(False, id="first-run"),
    pytest.param(True, id="resumed-run-reads-the-earlier-manifest"),
]


@pytest.mark.parametrize("resumed", RUNS)
def test_the_clients_memory_does_not_grow_with_its_inputs(tmp_path, monkeypatch, resumed):
    monkeypatch.setattr(ledger, "PAGE", PAGE)
    warm = _inputs(tmp_path / "warm", PAGE * 2)
    small, large = _inputs(tmp_path / "small", SMALL), _inputs(tmp_path / "large", LARGE)
    tracemalloc.start()
    try:
        _peak(warm, tmp_path / "out-warm")  # imports, caches and the pool's first start are paid here
        if resumed:
            _peak(small, tmp_path / "out-small")
            _peak(large, tmp_path / "out-large")
        peaks = [_peak(small, tmp_path / "out-small"), _peak(large, tmp_path / "out-large")]
    finally:
        tracemalloc.stop()
    for out, files in ((tmp_path / "out-small", SMALL), (tmp_path / "out-large", LARGE)):
        assert (out / "manifest.jsonl").read_text(encoding="utf-8").count("\n") == files
    per_input = (peaks[1] - peaks[0]) / (LARGE - SMALL)
    assert per_input < MOST_BYTES_PER_INPUT, f"{peaks} bytes at peak: {per_input:.0f} more bytes per input"


class CountingPool(LocalPool):
    """The real local pool, recording which inputs each task (a chunk) it is handed is for."""

    def __init__(self, workers: int):
        super().__init__(workers, extract=extract_record_at_gate)
        self.submitted: list[int] = []

    def submit(self, tasks, timeout, max_memory_mb):  # type: ignore[no-untyped-def]
        self.submitted.extend(task["index"] for task in tasks)
        return super().submit(tasks, timeout, max_memory_mb)


BOUNDS = [  # (window: files in flight at most, ahead: places past the oldest unfinished file at most)
    pytest.param(2, 5, id="window-2-ahead-5"),
    pytest.param(3, 4, id="window-3-ahead-4"),
]


@pytest.mark.parametrize(("window", "ahead"), BOUNDS)
def test_files_in_flight_and_held_for_order_stay_bounded_behind_a_slow_file(tmp_path, window, ahead):
    folder = tmp_path / "in"
    folder.mkdir()
    gate = Gate(tmp_path / "gate")
    (folder / "a-first.txt").write_bytes(gate.input)  # input 0: unfinished until the test releases it
    for n in range(12):
        (folder / f"b{n:02d}.txt").write_bytes(NOTICE)
    inputs = discover([str(folder)], recursive=False, with_outputs=False)
    pool = CountingPool(2)
    replies: list[int] = []
    most_in_flight = [0]
    failure: list[BaseException] = []

    def consume() -> None:
        try:
            for reply in run_many(inputs, Options(timeout=0), pool, window=window, ahead=ahead):
                most_in_flight[0] = max(most_in_flight[0], len(pool.submitted) - len(replies))
                replies.append(reply["index"])
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failure.append(exc)

    runner = threading.Thread(target=consume)
    runner.start()
    try:
        gate.wait_for_arrival()  # a worker holds input 0
        deadline = time.monotonic() + 300
        while len(replies) < ahead - 1 and time.monotonic() < deadline and runner.is_alive():
            time.sleep(0.02)  # a wait for a state (inputs 1 .. ahead-1 done), never a guess at a duration
        held_back = sorted(pool.submitted)
        gate.release()
        runner.join()
    finally:
        pool.close()
    assert not failure
    assert held_back == list(range(ahead)), "nothing past the bound while input 0 is unfinished"
    assert most_in_flight[0] <= window
    assert sorted(replies) == list(range(13)) and sorted(pool.submitted) == list(range(13))
