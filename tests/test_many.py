"""`extract_many`: results as they finish from a local pool, each file isolated in its own process.

Every example here is for development.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from extractor.options import RunOptions, knowledge_key

from extractor.cli import main
from extractor.runs.isolate import run_task
from extractor.runs.many import extract_many
from extractor.runs.values import Settings, Task

from .conftest import SAMPLES
from .gate import Gate, extract_record_at_gate

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"

EXAMPLES = [  # (file name, its bytes, notices expected, error code expected)
    pytest.param("s000.txt", (SAMPLES / "s000.txt").read_bytes(), 1, None, id="text-notice"),
    pytest.param("meeting.pdf", (RENDERED / "meeting_record.headings.pdf").read_bytes(), 5, None, id="pdf-of-five-notices"),
    pytest.param("s004.docx", (RENDERED / "s004.headings.docx").read_bytes(), 1, None, id="word-notice"),
    pytest.param("empty.txt", b"", 0, "empty_file", id="empty-file"),
    pytest.param("noise.pdf", b"\x00\x01\x02" * 500, 0, "binary_file", id="binary-file"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    for example in EXAMPLES:
        name, data = example.values[:2]
        (root / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def results(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("many-out") / "out"
    return out, {Path(r.source.path).name: r for r in extract_many([folder], output=out, workers=2)}


@pytest.mark.parametrize(("name", "data", "notices", "error"), EXAMPLES)
def test_each_file_yields_its_result(results, name, data, notices, error):
    _, found = results
    result = found[name]
    assert (len(result.notices), result.error.code if result.error else None) == (notices, error)


def test_every_file_once_and_outputs_as_a_local_run_writes_them(results, folder, tmp_path):
    out, found = results
    assert sorted(found) == sorted(p.name for p in folder.iterdir())
    local = tmp_path / "local"
    main(["extract", str(folder), "-o", str(local), "--workers", "2", "-q"])
    names = sorted(p.name for p in local.glob("*.json") if p.name != "summary.json")
    assert names == sorted(p.name for p in out.glob("*.json") if p.name != "summary.json")
    for name in names:
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert sorted(r["path"] for r in manifest) == sorted(str(p) for p in folder.iterdir())


def test_a_second_run_resumes_and_redoes_nothing(results, folder):
    out, _ = results
    again = list(extract_many([folder], output=out, workers=2))
    assert len(again) == len(EXAMPLES)
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert all(r["resumed"] for r in manifest) and len(manifest) == len(EXAMPLES)


# -- limits: the file's own process pays, never the worker ----------------------------------------------
def _dies(path, **options):
    os.kill(os.getpid(), signal.SIGSEGV)


def _hungry(path, **options):
    return {"data": bytearray(1 << 33)}  # 8 GiB under a 256 MiB cap


def _task(path: Path) -> Task:
    options = RunOptions(max_bytes=1 << 20)
    return Task(0, str(path), None, Settings(None, options, knowledge_key(options)))


LIMITS = [  # (extraction stand-in, whether the input is a gate nobody releases, error code)
    pytest.param(extract_record_at_gate, True, "timeout", id="past-the-time-limit"),
    pytest.param(_dies, False, "worker_crashed", id="crashes-its-process"),
    pytest.param(_hungry, False, "memory_limit", id="past-the-memory-cap"),
]


@pytest.mark.parametrize(("extract", "gated", "code"), LIMITS)
def test_a_pathological_file_fails_alone(tmp_path, extract, gated, code):
    path = tmp_path / "input.txt"
    path.write_bytes(Gate(tmp_path / "gate").input if gated else (SAMPLES / "s000.txt").read_bytes())
    reply = run_task(_task(path), timeout=0.5 if gated else 0, max_memory_mb=256, extract=extract)
    assert (reply["record"]["outcome"], reply["record"]["error_code"]) == ("failed", code)
    assert reply["record"]["sha256"] is not None  # the bytes were readable: their checksum is kept
    after = run_task(_task(path), timeout=0, max_memory_mb=0) if not gated else None
    assert after is None or after["record"]["outcome"] == "ok"  # the worker itself is unharmed
