"""A run that cannot write its manifest (a full disk, a file-size limit) says so and resumes whole.

Issue 30: under ``ulimit -f`` a 40-file run exited 0 with manifest rows missing (the last lines,
appended as the run closed, failed and were let go). The limit here is a real RLIMIT_FSIZE on
the command's process (and the workers it forks), SIGXFSZ ignored so a write past it fails with
EFBIG as a full disk fails with ENOSPC. The limit is half of what the same run's manifest takes
when nothing stops it, so the manifest is cut and every output file still fits.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from extractor.runs.manifest import load_manifest

FILES = 40


def _inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(FILES):  # small files: their outputs are small, the manifest is the big file
        path = folder / f"n{n:02d}.txt"
        path.write_text(f"A note, number {n}, that is no decision notice.\n", encoding="utf-8")
        paths.append(path)
    return paths


def _extract(folder: Path, out: Path, file_limit: int | None) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    command = [sys.executable, "-m", "extractor.cli", "extract", "-r", str(folder), "-o", str(out), "--workers", "2"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600,
                          preexec_fn=limited if file_limit is not None else None)


def _whole(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _rows(manifest: Path) -> list[dict]:
    return [json.loads(line) for line in manifest.read_bytes().decode("utf-8").splitlines()]


def test_a_manifest_cut_by_a_file_size_limit_fails_the_run_and_a_resume_completes_it(tmp_path):
    paths = _inputs(tmp_path / "in")
    free = _extract(tmp_path / "in", tmp_path / "free", None)  # the same run with nothing in its way
    assert free.returncode == 0, free.stderr
    whole = (tmp_path / "free" / "manifest.jsonl").stat().st_size
    limit = whole // 2
    biggest_output = max(p.stat().st_size for p in (tmp_path / "free").glob("n*.json"))
    assert biggest_output < limit  # what the test is about: only the manifest outgrows the limit

    out = tmp_path / "out"
    cut = _extract(tmp_path / "in", out, limit)
    assert cut.returncode == 3, cut.stderr  # never 0 with rows missing
    assert "error: cannot write to" in cut.stderr and "Traceback" not in cut.stderr
    assert "File too large" in cut.stderr
    manifest = out / "manifest.jsonl"
    assert manifest.stat().st_size <= limit
    assert not (out / "summary.json").exists()  # no summary of a run that did not finish
    pieces = manifest.read_bytes().split(b"\n")
    torn = [n for n, piece in enumerate(pieces, 1) if piece and not _whole(piece)]
    assert torn in ([], [len(pieces)])  # at most the last line, cut where the limit fell
    damaged: list[int] = []
    kept = load_manifest(manifest, damaged)  # the tolerant reader: whole rows only, the torn line named
    assert damaged == torn
    assert 0 < len(kept) < FILES
    assert set(kept) <= {str(p) for p in paths}
    assert all(r["outcome"] in ("ok", "needs_review") and r["sha256"] for r in kept.values())

    resumed = _extract(tmp_path / "in", out, None)  # the space is back
    assert resumed.returncode == 0, resumed.stderr
    assert ("damaged" in resumed.stderr) == bool(torn)  # said, not read as a row
    rows = _rows(manifest)  # every line whole JSON (the torn one compacted away)
    assert Counter(r["path"] for r in rows) == Counter(str(p) for p in paths)  # every input, once
    assert sum(r["resumed"] for r in rows) == len(kept)  # the finished ones were not done again
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["inputs"] == FILES
    for row in rows:
        assert (out / row["output"]).is_file()


def test_a_full_disk_for_the_outputs_fails_the_run_coded_and_a_resume_completes_it(tmp_path):
    """Below the size of one output file: the first worker write fails, the run stops with exit 3."""
    paths = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    stopped = _extract(tmp_path / "in", out, 512)
    assert stopped.returncode == 3, stopped.stderr
    assert "error: cannot write to" in stopped.stderr and "Traceback" not in stopped.stderr
    resumed = _extract(tmp_path / "in", out, None)
    assert resumed.returncode == 0, resumed.stderr
    rows = _rows(out / "manifest.jsonl")
    assert Counter(r["path"] for r in rows) == Counter(str(p) for p in paths)
    assert os.path.getsize(out / "summary.json") > 0


def test_the_ledger_of_a_client_driven_run_leaves_damaged_lines_out_and_names_them():
    """The reader `--dask` and URL runs resume by (`runs.ledger.Ledger`, fed by `runs.manifest.text_lines`):
    a line cut short, one that is not UTF-8 and one that is no record are left out and named by
    their line numbers; the whole rows around them are read, blank lines pass unremarked."""
    import io

    from extractor.runs.ledger import Ledger
    from extractor.runs.manifest import text_lines

    def row(name: str) -> bytes:
        return json.dumps({"path": name, "output": f"{name}.json", "outcome": "ok"}).encode() + b"\n"

    manifest = (row("a") + b'{"path": "\xff\xfe.txt", "outcome": "ok"}\n' + row("b") + b"\n" + b"[1, 2]\n"
                + row("c") + b'{"path": "d", "outcome": "o')  # the last cut short where the disk filled
    with Ledger() as ledger:
        ledger.load_previous(text_lines(io.BytesIO(manifest)))
        assert ledger.damaged == [2, 5, 7]
        assert [ledger.previous(p) is not None for p in "abcd"] == [True, True, True, False]
