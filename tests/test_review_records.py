"""The desk over a web archive: a record's source is its payload inside the archive (the manifest
names the archive and the record's offset), so the desk shows its text (and a PDF record's
pages), `export --gold` writes it, and `evaluate` scores the archive's own bytes, as it does for
any file a gold's meta names, instead of the exported `.txt`."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.cli import main  # noqa: E402
from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402

from .conftest import SAMPLES  # noqa: E402
from .test_webarchive import write_warc  # noqa: E402


@pytest.fixture()
def crawl(tmp_path):
    folder, out = tmp_path / "crawl", tmp_path / "out"
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz", tmp_path)
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    return out, TestClient(create_app(open_run(out)))


def _item_for(out: Path, client, url_end: str) -> dict:
    rows = {r["path"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text().splitlines())}
    path = next(p for p, r in rows.items() if (r.get("url") or "").endswith(url_end) and r["notices"])
    return next(i for i in client.get("/api/notices").json() if i["path"] == path and i["notice_index"] == 0)


@pytest.mark.parametrize("url_end, fmt", [("mgIssue.aspx?ID=1", "html"), ("s000.pdf", "pdf")], ids=["html", "pdf"])
def test_a_record_shows_its_source_from_inside_the_archive(crawl, url_end, fmt):
    out, client = crawl
    item = _item_for(out, client, url_end)
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["source_error"] is None and data["text"]
    span = data["notice"]["provenance"]["decision_maker"]
    assert data["text"][span["start"]:span["end"]] == span["raw"]
    if fmt == "pdf":
        assert data["pages"] and client.get(data["pages"][0]["url"]).content.startswith(b"\x89PNG")


def test_a_record_is_exported_as_gold_and_evaluated_from_the_archive(crawl, tmp_path, capsys):
    out, client = crawl
    item = _item_for(out, client, "s000.pdf")
    assert client.post(f"/api/notices/{item['id']}/corrections", json={"action": "reviewed"}).status_code == 201
    gold = tmp_path / "gold"
    assert main(["export", str(out), "--gold", str(gold)]) == 0
    assert "exported 1 notice(s) from 1 file(s)" in capsys.readouterr().err
    (meta_file,) = gold.glob("*.meta.json")
    meta = json.loads(meta_file.read_text())
    assert meta["source_file"].endswith("crawl.warc.gz") and isinstance(meta["record_offset"], int)
    assert main(["evaluate", str(gold), "--min-f1", "1.0"]) == 0


def test_evaluate_reads_the_original_file_a_gold_names_not_the_exported_text(tmp_path, capsys):
    folder, out = tmp_path / "archive", tmp_path / "out"
    folder.mkdir()
    (folder / "s000.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    client = TestClient(create_app(open_run(out)))
    (item,) = client.get("/api/notices").json()
    assert client.post(f"/api/notices/{item['id']}/corrections", json={"action": "reviewed"}).status_code == 201
    gold = tmp_path / "gold"
    assert main(["export", str(out), "--gold", str(gold)]) == 0
    (text,) = gold.glob("*.txt")
    text.write_text("Something else entirely\n", encoding="utf-8")  # the .txt is not what is scored
    capsys.readouterr()
    assert main(["evaluate", str(gold), "--min-f1", "1.0"]) == 0
    (folder / "s000.txt").write_text("Decision Maker: Someone else\n", encoding="utf-8")  # changed: the .txt it is
    assert main(["evaluate", str(gold), "--min-f1", "1.0"]) == 1
