"""The review desk as its commands start it, not as a test builds its app: `decision-extractor
review OUT --port P` run as its own process over a mixed run (PDF, Word, text, a broken PDF)
serves the queue and the JSON API, a correction POSTed to it lands in OUT/corrections.jsonl
and comes out of `export --corrected` (every output option, each valid against the schema) and
`export --gold`; and the lexicon the desk teaches is read by `serve --lexicon`."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from extractor.cli import main  # noqa: E402
from extractor.review import open_run  # noqa: E402
from extractor.output import CSV_COLUMNS  # noqa: E402

from .review_run import TAUGHT, make_run  # noqa: E402

START_LIMIT = 120.0  # seconds a cold interpreter may take to import the stack and listen (a hang, not a pace)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as answer:
            return answer.status, answer.headers.get("content-type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read()


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class _Command:
    """`python -m extractor review OUT --port P`, in its own process, from an unrelated folder."""

    def __init__(self, out: Path, cwd: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("DECISION_EXTRACTOR_API_KEY", "PYTHONPATH")}
        self.process = subprocess.Popen([sys.executable, "-m", "extractor", "review", str(out), "--port", str(self.port)],
                                        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def __enter__(self) -> "_Command":
        deadline = time.monotonic() + START_LIMIT
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"review exited {self.process.returncode}: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("review did not start listening") from None
                time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()


def test_the_review_command_serves_the_queue_api_and_keeps_a_correction(tmp_path, capsys):
    _, out = make_run(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with _Command(out, elsewhere) as desk:
        status, kind, body = _get(desk.base + "/")
        assert status == 200 and kind.startswith("text/html") and b"Review queue" in body
        status, kind, body = _get(desk.base + "/api/notices")
        items = json.loads(body)
        assert status == 200 and kind.startswith("application/json")
        assert all({"id", "path", "notice_index", "needs_review", "warnings"} <= set(i) for i in items)
        assert {i["format"] for i in items} == {"pdf", "docx", "text"} and len(items) == 5
        pdf = next(i for i in items if i["path"].endswith("cabinet.pdf"))
        notice = json.loads(_get(f"{desk.base}/api/notices/{pdf['id']}")[2])
        assert "CABINET" in notice["text"] and [p["number"] for p in notice["pages"]] == [1, 2]
        status, kind, image = _get(desk.base + notice["pages"][0]["url"])
        assert status == 200 and kind == "image/png" and image.startswith(b"\x89PNG")

        taught = next(i for i in items if i["path"].endswith("taught.txt"))
        text = json.loads(_get(f"{desk.base}/api/notices/{taught['id']}")[2])["text"]
        start = text.index("Head of Highways")
        status, saved = _post(f"{desk.base}/api/notices/{taught['id']}/corrections",
                              {"field": "decision_maker", "value": "Head of Highways", "start": start,
                               "end": start + len("Head of Highways")})
        assert status == 201 and saved["notice"]["decision_maker"] == "Head of Highways"
        status, problem = _post(f"{desk.base}/api/notices/{taught['id']}/corrections", {"field": "nope", "value": 1})
        assert status == 422 and problem["code"] == "unknown_field"
        assert _get(desk.base + "/api/results/..%2F..%2Fetc%2Fpasswd")[0] == 403
        for name in ("evil.example", f"evil.example:{desk.port}"):  # a name re-pointed at 127.0.0.1
            assert _get(desk.base + "/api/notices", Host=name)[0] == 400
        assert _get(desk.base + "/api/notices", Host=f"localhost:{desk.port}")[0] == 200
    assert desk.process.returncode is not None

    (line,) = (out / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    kept = json.loads(line)
    assert (kept["field"], kept["old"], kept["new"], kept["span"]["start"]) == ("decision_maker", None,
                                                                               "Head of Highways", start)
    assert kept["who"] == "" and kept["when"].endswith("+00:00") and kept["notice_index"] == 0
    assert kept["sha256"] == next(r for r in open_run(out).rows() if r["path"].endswith("taught.txt"))["sha256"]

    capsys.readouterr()
    assert main(["export", str(out), "--corrected", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == list(CSV_COLUMNS)
    by_path = {row[0].rsplit("/", 1)[-1]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert by_path["taught.txt"]["decision_maker"] == "Head of Highways"
    assert by_path["broken.pdf"]["error_code"] == "corrupt_file"  # a failed file keeps its row, as in extract --csv
    assert main(["export", str(out), "--gold", str(tmp_path / "gold")]) == 0
    (gold,) = (tmp_path / "gold").glob("*.gold.json")
    assert json.loads(gold.read_text(encoding="utf-8"))["decision_maker"] == "Head of Highways"


@pytest.mark.parametrize("options", [["--jsonl"], []], ids=["jsonl-notice-lines", "one-result-per-line"])
def test_exported_lines_validate_against_the_schema(tmp_path, capsys, options):
    from extractor.review.corrections import CorrectionStore

    _, out = make_run(tmp_path)
    run = open_run(out)
    record = next(r for r in run.rows() if r["path"].endswith("s000.txt"))
    CorrectionStore(out).append({"sha256": record["sha256"], "path": record["path"], "notice_index": 0,
                                 "action": "set", "field": "is_key_decision", "old": None, "new": True, "span": None})
    capsys.readouterr()
    assert main(["export", str(out), "--corrected", *options]) == 0
    lines = capsys.readouterr().out
    exported = tmp_path / "exported.jsonl"
    exported.write_text(lines, encoding="utf-8")
    assert main(["validate", str(exported)]) == 0
    corrected = [json.loads(line) for line in lines.splitlines()]
    s000 = next(c for c in corrected if c["source"]["path"].endswith("s000.txt"))
    assert (s000 if options else s000["notices"][0])["is_key_decision"] is True


def test_serve_reads_the_lexicon_the_desk_teaches(tmp_path):
    """A label added at the desk (the file `POST /api/lexicon` writes) is read by `serve --lexicon`."""
    from fastapi.testclient import TestClient

    from extractor.review.teach import write_user_lexicon
    from extractor.service import ServiceConfig, create_app

    lexicon = tmp_path / "my-council.toml"
    write_user_lexicon(lexicon, {"decision_maker": {"Signatory officer"}})
    for config, expected in ((ServiceConfig(workers=1), None),
                             (ServiceConfig(workers=1, lexicon=(str(lexicon),)),
                              "Head of Highways, Brackenfield Borough Council")):
        with TestClient(create_app(config)) as client:
            answer = client.post("/v1/extract", files={"file": ("taught.txt", TAUGHT.encode(), "text/plain")})
            assert answer.status_code == 200, answer.text
            assert answer.json()["notices"][0]["decision_maker"] == expected


def test_a_run_over_relative_paths_finds_its_sources_by_source_root(tmp_path, capsys, monkeypatch):
    """`extract archive -o results/run1` run inside a folder keeps relative paths; the desk and
    `export --gold` look for the files beside OUT's parent and under each --source-root, and say
    clearly when a file is not there."""
    from fastapi.testclient import TestClient

    from extractor.review.app import create_app

    from .conftest import SAMPLES

    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "s000.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", "archive", "-r", "-o", "results/run1", "-q",
                           "--workers", "1"], cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "results" / "run1"
    assert open_run(out).rows()[0]["path"] == "archive/s000.txt"
    monkeypatch.chdir(out)  # the desk also looks under the working folder: make it one without the archive

    lost = TestClient(create_app(open_run(out)))
    (item,) = lost.get("/api/notices").json()
    assert lost.get(f"/api/notices/{item['id']}").json()["source_error"]["code"] == "source_missing"
    found = TestClient(create_app(open_run(out, (tmp_path,))))
    data = found.get(f"/api/notices/{item['id']}").json()
    assert data["source_error"] is None and data["text"].startswith("Decision details")
    start = data["text"].index("Cabinet")
    assert found.post(f"/api/notices/{item['id']}/corrections",
                      json={"field": "decision_maker", "start": start, "end": start + 7}).status_code == 201

    capsys.readouterr()
    assert main(["export", str(out), "--gold", str(tmp_path / "gold-lost")]) == 0
    assert "not where the run found it" in capsys.readouterr().err
    assert not list((tmp_path / "gold-lost").glob("*.txt"))
    assert main(["export", str(out), "--gold", str(tmp_path / "gold"), "--source-root", str(tmp_path)]) == 0
    (text,) = (tmp_path / "gold").glob("*.txt")
    assert text.read_text(encoding="utf-8").startswith("Decision details")
