"""One vocabulary of counts (files on disk, inputs, notices, and inputs by outcome) in the command
line's closing line, `summary.json`, the desk's report and queue, and `OUT/report.html`: a static
report written beside the manifest at the end of a folder run, readable with no server, script
or network."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.cli import main  # noqa: E402
from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402

from .conftest import SAMPLES  # noqa: E402
from .test_webarchive import RECORDS, write_warc  # noqa: E402


@pytest.fixture()
def archive_run(tmp_path, capsys):
    """A folder of 4 files on disk: two notices, an empty file and a web archive of 11 records
    (3 documents); run with -o."""
    folder, out = tmp_path / "archive", tmp_path / "out"
    (folder / "minutes").mkdir(parents=True)
    (folder / "s000.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    (folder / "minutes" / "s004.txt").write_bytes((SAMPLES / "s004.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    write_warc(folder / "crawl.warc", tmp_path)
    assert main(["extract", str(folder), "-r", "-o", str(out), "--workers", "1"]) == 1  # empty.txt fails
    return out, capsys.readouterr().err


def test_the_cli_summary_json_and_the_desk_count_alike(archive_run):
    out, err = archive_run
    records = 1 + 2 * len(RECORDS)
    inputs = 3 + records
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["files_on_disk"], summary["inputs"], summary["files"]) == (4, inputs, inputs)
    notices = summary["notices"]
    assert notices == sum(json.loads(l)["notices"] for l in (out / "manifest.jsonl").read_text().splitlines())
    said = f"4 files on disk, {inputs} inputs ({records} web archive records), {notices} notices"
    assert said in err
    assert re.search(r"inputs: (\d+) ok, (\d+) needs_review, 1 failed, (\d+) skipped", err)

    client = TestClient(create_app(open_run(out)))
    counts = client.get("/api/report").json()["counts"]
    assert counts["text"] == said
    assert (counts["files_on_disk"], counts["inputs"], counts["notices"]) == (4, inputs, notices)
    assert counts["inputs_by_outcome"] == {k: v for k, v in summary["by_outcome"].items() if v}
    queue = client.get("/api/notices").json()
    assert sum(counts["notices_by_state"].values()) == notices == sum(i["notice_index"] is not None for i in queue)
    assert counts["inputs_without_notice"] == len(queue) - notices
    assert said in (out / "report.html").read_text(encoding="utf-8")


def test_the_queue_names_each_file_and_counts_its_notices(tmp_path):
    folder, out = tmp_path / "archive", tmp_path / "out"
    (folder / "a" / "long folder name that used to push the file name out of view").mkdir(parents=True)
    name = "Decision Notice - Brackenfield Road resurfacing.txt"
    (folder / "a" / "long folder name that used to push the file name out of view" / name).write_bytes(
        (SAMPLES / "s000.txt").read_bytes())
    write_warc(folder / "crawl.warc", tmp_path)
    assert main(["extract", str(folder), "-r", "-o", str(out), "-q", "--workers", "1"]) == 0
    queue = TestClient(create_app(open_run(out))).get("/api/notices").json()
    (item,) = [i for i in queue if i["path"].endswith(name)]
    assert item["file"] == name and item["notices_in_file"] == 1
    record = next(i for i in queue if i["path"].startswith(str(folder / "crawl.warc#")) and i["notice_index"] == 0)
    assert record["file"].startswith("https://ashdown.example.gov.uk/")  # a record goes by its URL


def test_the_static_report_is_written_beside_the_manifest_and_needs_nothing_else(archive_run):
    out, _ = archive_run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # offline, whole
    cells = re.findall(r'<td class="share" data-field="([a-z_]+)" data-group="([^"]*)"[^>]*>(\d+)%</td>', html)
    assert ("decision_maker", "text", "100") in cells  # both text notices state their decision maker
    assert {group for _, group, _ in cells} >= {"html", "pdf", "docx", "text", "minutes"}
    assert "empty.txt" in html and "empty_file" in html  # the failure, with its code


def test_past_the_limit_the_static_report_gives_the_runs_counts_alone(archive_run):
    from extractor.runs.summary import Summary
    from extractor.review.report import write_static_report

    out, _ = archive_run
    summary = Summary()
    summary.add({"path": "x.txt", "outcome": "ok", "notices": 2})
    write_static_report(out, summary, limit=3)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1 file on disk, 1 input, 2 notices" in html and "more than 3 inputs" in html and "data-field" not in html
