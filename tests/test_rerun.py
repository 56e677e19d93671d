"""The loop from desk to re-run: a re-run skips a file only when nothing it is read with changed.

A manifest line keeps the file's sha256 and its `knowledge` (`options.knowledge_key`: the
extractor version, the bundled vocabulary, the read options and the content of every user
lexicon and template file). A label taught into a lexicon, a learned template or a new version
re-reads the files without --force; an unchanged re-run reads nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractor.runs.paths import discover
from extractor.runs.summary import Progress
from extractor.runs.supervise import run_batch
from extractor.runs.values import Options
from extractor.options import RunOptions, knowledge_key

from .conftest import ROOT, SAMPLES
from .review_run import TAUGHT

HEAD = "Head of Highways, Brackenfield Borough Council"


def _archive(tmp: Path) -> Path:
    folder = tmp / "archive"
    folder.mkdir()
    (folder / "taught.txt").write_text(TAUGHT, encoding="utf-8")
    (folder / "s000.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    return folder


def _manifest(out: Path) -> dict[str, dict]:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(r["path"]).name: r for r in map(json.loads, lines)}


def _extract(folder: Path, out: Path, *more: str) -> subprocess.CompletedProcess:
    """A separate process per run, as a person runs the command after editing the lexicon."""
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out),
                           "--workers", "1", *more], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_a_label_taught_at_the_desk_re_reads_the_files_without_force(tmp_path):
    folder, out = _archive(tmp_path), tmp_path / "out"
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[fields.category]\nlabels = ["Portfolio area"]\n', encoding="utf-8")

    _extract(folder, out, "--lexicon", str(lexicon))
    taught = json.loads((out / "taught.json").read_text(encoding="utf-8"))
    assert taught["notices"][0]["decision_maker"] != HEAD  # the bundled lexicon does not know the label

    again = _extract(folder, out, "--lexicon", str(lexicon))  # nothing changed: nothing read
    assert "2 unchanged since the last run" in again.stderr
    assert all(r["resumed"] for r in _manifest(out).values())

    from fastapi.testclient import TestClient

    from extractor.review import open_run
    from extractor.review.app import create_app

    desk = TestClient(create_app(open_run(out), lexicon_file=lexicon))  # the desk teaches the label
    assert desk.post("/api/lexicon", json={"field": "decision_maker", "label": "Signatory officer"}).status_code == 201
    taught_run = _extract(folder, out, "--lexicon", str(lexicon))  # no --force
    assert "unchanged since the last run" not in taught_run.stderr
    records = _manifest(out)
    assert not any(r["resumed"] for r in records.values())
    taught = json.loads((out / "taught.json").read_text(encoding="utf-8"))
    assert taught["notices"][0]["decision_maker"] == HEAD
    assert records["taught.txt"]["knowledge"] == knowledge_key(RunOptions(lexicon=(str(lexicon),)))

    moved = tmp_path / "moved.toml"  # the same content elsewhere: the same knowledge, nothing read
    moved.write_bytes(lexicon.read_bytes())
    last = _extract(folder, out, "--lexicon", str(moved))
    assert "2 unchanged since the last run" in last.stderr


def _run(folder: Path, out: Path, read: RunOptions) -> dict[str, dict]:
    inputs = discover([str(folder)], recursive=False, with_outputs=True)
    run_batch(inputs, Options(output=out, workers=1, run=read), emit=lambda _: None,
              progress=Progress(len(inputs), quiet=True))
    return _manifest(out)


def test_a_changed_version_re_reads_and_a_template_file_that_matches_none_of_the_files_does_not(tmp_path):
    """A templates file is in the run's key, but a file is keyed on the template that read it
    (templates/cache.py): a templates file changed with nothing in it matching these files
    re-reads none of them (tests/test_templates.py re-reads a family taught a template)."""
    folder, out = _archive(tmp_path), tmp_path / "out"
    template = tmp_path / "brackenfield.toml"
    template.write_text("# a learned layout\n", encoding="utf-8")
    read = RunOptions(templates=(str(template),))
    assert not any(r["resumed"] for r in _run(folder, out, read).values())
    assert all(r["resumed"] for r in _run(folder, out, read).values())

    template.write_text("# a learned layout, learned again\n", encoding="utf-8")
    assert all(r["resumed"] for r in _run(folder, out, read).values())
    assert all(r["resumed"] for r in _run(folder, out, read).values())

    manifest = out / "manifest.jsonl"  # a line an older version wrote: read again
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    lines[0]["extractor_version"] = "0.0.1"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    again = _run(folder, out, read)
    assert [r["resumed"] for r in again.values()].count(False) == 1


def test_knowledge_is_content_and_read_options_not_paths_or_threads(tmp_path):
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text('[fields.decision_maker]\nlabels = ["Signed"]\n', encoding="utf-8")
    two.write_bytes(one.read_bytes())
    assert knowledge_key(RunOptions(lexicon=(str(one),))) == knowledge_key(RunOptions(lexicon=(str(two),)))
    assert knowledge_key(RunOptions(lexicon=(str(one),))) != knowledge_key(RunOptions())
    assert knowledge_key(RunOptions(templates=(str(one),))) != knowledge_key(RunOptions(lexicon=(str(one),)))
    assert knowledge_key(RunOptions(pdf_engine="pdfplumber")) != knowledge_key(RunOptions())
    assert knowledge_key(RunOptions(ocr_threads=3, max_bytes=10)) == knowledge_key(RunOptions())
    missing = RunOptions(lexicon=(str(tmp_path / "gone.toml"),))
    assert knowledge_key(missing) != knowledge_key(RunOptions())
