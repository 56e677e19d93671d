"""A batch run's contract has no holes: every input gets a `--jsonl` line (skipped ones too, with
their reason), and `manifest.jsonl` and `summary.json` have JSON Schemas that ship in the package
and that `validate` checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from extractor.cli import main
from extractor.output import packaged_schema

from .conftest import SAMPLES
from .test_webarchive import write_warc


@pytest.fixture()
def archive(tmp_path) -> Path:
    """A folder with a notice, a hidden file, an empty file, a web archive (documents, and
    records that are no document) and a file whose name is not UTF-8."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "s000.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    (folder / ".draft.txt").write_text("not for the run", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    write_warc(folder / "crawl.warc", tmp_path)
    (Path(os.fsdecode(bytes(folder)) + "/" + os.fsdecode(b"caf\xe9.txt"))).write_bytes((SAMPLES / "s004.txt").read_bytes())
    return folder


def _lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_input_gets_a_jsonl_line_skipped_ones_with_their_reason(archive, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(archive), "-o", str(out), "--jsonl", "-q", "--workers", "1"]) == 1  # empty.txt fails
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    manifest = _lines(out)
    skipped = [r for r in manifest if r["outcome"] == "skipped"]
    assert {r["error_code"] for r in skipped} == {"hidden_file", "not_a_document"}
    by_path: dict[str, list[dict]] = {}
    for line in lines:
        by_path.setdefault(line["source"]["path"], []).append(line)
    assert len(by_path) == len(manifest)  # one input, at least one line
    for record in skipped:
        (line,) = by_path[record["path"]]
        assert line["error"]["code"] == record["error_code"] and line["notice_index"] is None
        assert line["error"]["message"] == record["error_message"]  # the reason, e.g. "HTTP 404"


def test_csv_has_a_row_for_every_input_too(archive, tmp_path, capsys):
    assert main(["extract", str(archive), "--csv", "-q", "--workers", "1"]) == 1
    rows = capsys.readouterr().out.splitlines()[1:]
    assert any(row.endswith(",hidden_file") for row in rows)
    assert sum(row.endswith(",not_a_document") for row in rows) >= 2


def test_the_manifest_and_summary_validate_against_shipped_schemas(archive, tmp_path, capsys):
    out = tmp_path / "out"
    main(["extract", str(archive), "-o", str(out), "-q", "--workers", "1"])
    manifest, summary = _lines(out), json.loads((out / "summary.json").read_text(encoding="utf-8"))
    line_schema = json.loads(packaged_schema("manifest-line.schema.json"))
    for record in manifest:
        jsonschema.validate(record, line_schema)
    assert any("path_bytes_b64" in r for r in manifest) and any("record_offset" in r for r in manifest)
    jsonschema.validate(summary, json.loads(packaged_schema("run-summary.schema.json")))
    capsys.readouterr()
    assert main(["validate", str(out / "manifest.jsonl"), str(out / "summary.json")]) == 0
    said = capsys.readouterr().out
    assert f"manifest.jsonl: valid ({len(manifest)} lines)" in said and "summary.json: valid" in said


@pytest.mark.parametrize("change, where", [
    (lambda r: {**r, "outcome": "fine"}, "outcome"),
    (lambda r: {**r, "notices": -1}, "notices"),
    (lambda r: {**r, "surprise": 1}, "surprise"),
    (lambda r: {k: v for k, v in r.items() if k != "sha256"}, "sha256"),
], ids=["unknown-outcome", "negative-count", "unknown-key", "missing-key"])
def test_validate_names_a_bad_manifest_line(tmp_path, capsys, change, where):
    out = tmp_path / "out"
    assert main(["extract", str(SAMPLES / "s000.txt"), str(SAMPLES / "s004.txt"), "-o", str(out), "-q"]) == 0
    records = _lines(out)
    records[1] = change(records[1])
    (out / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(out / "manifest.jsonl")]) == 1
    said = capsys.readouterr().out
    assert "invalid: line 2: " in said and where in said


def test_a_summary_with_a_wrong_count_is_invalid(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(SAMPLES / "s000.txt"), "-o", str(out), "-q"]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    summary["by_outcome"]["great"] = 1
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(out / "summary.json")]) == 1
    assert "by_outcome" in capsys.readouterr().out
