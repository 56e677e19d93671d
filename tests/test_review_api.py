"""The review desk without a browser: its JSON API, the corrections file, re-runs, exports and
the lexicon it teaches, over a real batch run of PDF, Word and text notices."""

from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.cli import main  # noqa: E402
from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402
from extractor.review.corrections import CorrectionStore  # noqa: E402

from .review_run import extract, make_run  # noqa: E402


@pytest.fixture()
def run(tmp_path):
    inputs, out = make_run(tmp_path)
    return inputs, out, TestClient(create_app(open_run(out)))


def _find(client, suffix: str) -> dict:
    return next(i for i in client.get("/api/notices").json() if i["path"].endswith(suffix))


def test_queue_lists_every_notice_needs_review_first(run):
    _, _, client = run
    items = client.get("/api/notices").json()
    assert {"id", "path", "notice_index", "needs_review", "warnings"} <= set(items[0])
    assert [i["path"].rsplit("/", 1)[-1] for i in items[:2]] == ["taught.txt", "broken.pdf"]
    assert items[0]["outcome"] == "needs_review" and items[0]["warnings"] == ["missing_decision_maker", "two_digit_year"]
    assert items[1]["outcome"] == "failed" and items[1]["notice_index"] is None
    assert {i["format"] for i in items} == {"pdf", "docx", "text"}
    only = client.get("/api/notices", params={"format": "pdf", "outcome": "ok"}).json()
    assert [i["path"].rsplit("/", 1)[-1] for i in only] == ["cabinet.pdf"]


def test_a_pdf_notice_has_its_text_page_images_and_boxes(run):
    _, out, client = run
    item = _find(client, "cabinet.pdf")
    data = client.get(f"/api/notices/{item['id']}").json()
    span = data["notice"]["provenance"]["decision_maker"]
    assert data["text"][span["start"]:span["end"]] == "CABINET"
    assert span["page"] == 1 and len(span["bbox"]) == 4
    assert [p["number"] for p in data["pages"]] == [1, 2]
    image = client.get(data["pages"][0]["url"])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert list((out / ".review" / "pages").glob("*/1.png")), "page images are cached in OUT"


def test_a_value_box_and_a_selection_box_are_their_own_words(run):
    """The desk draws each value's box: "CABINET" at the end of "RECORD OF DECISION OF THE
    CABINET" is boxed alone, and so is a selection of it made to correct a value."""
    _, _, client = run
    item = _find(client, "cabinet.pdf")
    data = client.get(f"/api/notices/{item['id']}").json()
    line_start = data["text"].index("RECORD OF DECISION OF THE CABINET")
    word_start = line_start + len("RECORD OF DECISION OF THE ")
    boxes = []
    for start, end in ((line_start, word_start + 7), (word_start, word_start + 7)):
        answer = client.post(f"/api/notices/{item['id']}/corrections",
                             json={"field": "decision_maker", "start": start, "end": end})
        assert answer.status_code == 201
        boxes.append(answer.json()["correction"]["span"]["bbox"])
    line, word = boxes
    assert line[0] < word[0] < word[2] == line[2] and line[1] <= word[1] < word[3] <= line[3]
    assert data["notice"]["provenance"]["decision_maker"]["bbox"] == word


def test_a_correction_is_kept_applied_and_exported(run, tmp_path, capsys):
    inputs, out, client = run
    item = _find(client, "taught.txt")
    text = client.get(f"/api/notices/{item['id']}").json()["text"]
    start = text.index("Head of Highways")
    answer = client.post(f"/api/notices/{item['id']}/corrections",
                         json={"field": "decision_maker", "start": start, "end": start + len("Head of Highways"),
                               "who": "tester"})
    assert answer.status_code == 201
    saved = [json.loads(line) for line in (out / "corrections.jsonl").read_text().splitlines()]
    assert saved[0]["field"] == "decision_maker" and saved[0]["old"] is None and saved[0]["new"] == "Head of Highways"
    assert saved[0]["span"]["label"] == "Signatory officer" and saved[0]["who"] == "tester"
    result_file = out / "text" / "taught.json"
    assert json.loads(result_file.read_text())["notices"][0]["decision_maker"] is None, "outputs are never edited"
    notice = client.get(f"/api/notices/{item['id']}").json()
    assert notice["notice"]["decision_maker"] == "Head of Highways"
    assert notice["notice"]["needs_review"] is True  # the date's two-digit year is still a doubt
    assert client.post(f"/api/notices/{item['id']}/corrections",
                       json={"field": "decision_date", "value": "2024-03-04", "who": "tester"}).status_code == 201
    notice = client.get(f"/api/notices/{item['id']}").json()
    assert notice["notice"]["needs_review"] is False and notice["notice"]["confidence"] == 0.95  # a person set both

    (out / "manifest.jsonl").unlink()  # as after an upgrade: every file is extracted again
    assert extract(inputs, out) == 1  # broken.pdf fails, as before
    again = TestClient(create_app(open_run(out))).get(f"/api/notices/{item['id']}").json()
    assert again["notice"]["decision_maker"] == "Head of Highways" and again["review"]["conflicts"] == []

    capsys.readouterr()
    assert main(["export", str(out), "--corrected", "--jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [n["decision_maker"] for n in lines if n["source"]["path"].endswith("taught.txt")] == ["Head of Highways"]
    corrected = tmp_path / "corrected"
    assert main(["export", str(out), "--corrected", "-o", str(corrected)]) == 0
    assert main(["validate", *map(str, sorted(corrected.rglob("*.json")))]) == 0
    gold = tmp_path / "gold"
    assert main(["export", str(out), "--gold", str(gold)]) == 0
    (gold_file,) = gold.glob("*.gold.json")
    assert json.loads(gold_file.read_text())["decision_maker"] == "Head of Highways"
    assert main(["evaluate", str(gold)]) == 0


def test_a_changed_extraction_is_a_conflict(run):
    _, out, client = run
    item = _find(client, "s000.txt")
    client.post(f"/api/notices/{item['id']}/corrections", json={"field": "decision_maker", "value": "Full Council"})
    result_file = out / "text" / "s000.json"
    result = json.loads(result_file.read_text())
    result["notices"][0]["decision_maker"] = "Cabinet (as a new version reads it)"
    result_file.write_text(json.dumps(result))
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["notice"]["decision_maker"] == "Full Council"
    assert data["review"]["conflicts"] == ["decision_maker"]
    assert data["review"]["fields"]["decision_maker"]["extracted"] == "Cabinet (as a new version reads it)"
    assert _find(client, "s000.txt")["outcome"] == "needs_review"


@pytest.mark.parametrize("field, value, expected", [
    ("decision_date", "18 May 2011", "2011-05-18"),
    ("decision_date", "2012-06-23", "2012-06-23"),
    ("is_key_decision", "No", False),
    ("subject_to_call_in", True, True),
    ("contact.email", "parks@example.org", "parks@example.org"),
    ("accompanying_documents", "Plan A\nPlan B", ["Plan A", "Plan B"]),
    ("title", None, None),
], ids=["printed-date", "iso-date", "yes-no-text", "boolean", "contact-part", "list", "clear"])
def test_typed_values_become_contract_values(run, field, value, expected):
    _, _, client = run
    item = _find(client, "s000.txt")
    answer = client.post(f"/api/notices/{item['id']}/corrections", json={"field": field, "value": value})
    assert answer.status_code == 201
    notice = answer.json()["notice"]
    got = notice["contact"]["email"] if field == "contact.email" else notice[field]
    assert got == expected


def test_reviewed_notice_has_outcome_reviewed(run):
    _, _, client = run
    item = _find(client, "taught.txt")
    assert client.post(f"/api/notices/{item['id']}/corrections", json={"action": "reviewed"}).status_code == 201
    assert _find(client, "taught.txt")["outcome"] == "reviewed"


@pytest.mark.parametrize("path, body, status, code", [
    ("/api/notices/99-0", None, 404, "not_found"),
    ("/api/notices/x", None, 404, "not_found"),
    ("/api/results/%2E%2E/%2E%2E/etc/passwd", None, 403, "outside_out"),
    ("/api/results/%2Fetc%2Fpasswd", None, 403, "outside_out"),
    ("CORRECT", {"field": "no_such_field", "value": "x"}, 422, "unknown_field"),
    ("CORRECT", {"field": "decision_date", "value": "soon"}, 422, "bad_value"),
    ("CORRECT", {"field": "is_key_decision", "value": "perhaps"}, 422, "bad_value"),
    ("CORRECT", {"field": "title", "start": 5, "end": 10_000_000}, 422, "bad_span"),
], ids=["unknown-notice", "bad-id", "dotdot", "absolute", "unknown-field", "bad-date", "bad-bool", "span-outside"])
def test_bad_requests_answer_a_problem(run, path, body, status, code):
    _, _, client = run
    if path == "CORRECT":
        answer = client.post(f"/api/notices/{_find(client, 's000.txt')['id']}/corrections", json=body)
    else:
        answer = client.get(path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/problem+json") and answer.json()["code"] == code


def test_a_corrupt_corrections_line_is_reported_and_the_rest_kept(run):
    _, out, client = run
    item = _find(client, "s000.txt")
    client.post(f"/api/notices/{item['id']}/corrections", json={"field": "title", "value": "First"})
    with (out / "corrections.jsonl").open("a") as handle:
        handle.write('{"sha256": "cut short by a cra')  # no newline: a killed writer
    client.post(f"/api/notices/{item['id']}/corrections", json={"field": "authority", "value": "Invented Council"})
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["notice"]["title"] == "First" and data["notice"]["authority"] == "Invented Council"
    assert data["corrections_problems"] == ["corrections.jsonl line 2: not a JSON object; skipped"]
    assert client.get("/api/report").json()["corrections_problems"] == data["corrections_problems"]


def test_two_writers_at_once_lose_no_correction(tmp_path):
    store, barrier = CorrectionStore(tmp_path), threading.Barrier(4)

    def write(n: int) -> None:
        barrier.wait()
        for i in range(25):
            store.append({"sha256": "ab", "notice_index": 0, "action": "set", "field": "title",
                          "new": f"writer {n} value {i} " + "x" * 5000})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = store.load()
    assert loaded.problems == [] and len(loaded.corrections) == 100


def test_out_without_a_manifest_is_a_clear_error(tmp_path, capsys):
    assert main(["review", str(tmp_path)]) == 2
    assert "no manifest.jsonl" in capsys.readouterr().err
    assert main(["export", str(tmp_path), "--corrected"]) == 2


def test_api_key_is_needed_when_set(tmp_path):
    _, out = make_run(tmp_path)
    client = TestClient(create_app(open_run(out), api_key="s3cret"))
    assert client.get("/api/notices").status_code == 401
    assert client.get("/api/notices", headers={"X-API-Key": "s3cret"}).status_code == 200
    assert main(["review", str(out), "--host", "0.0.0.0"]) == 2  # beyond loopback only with a key


def test_the_json_api_is_in_the_openapi_spec(run):
    _, _, client = run
    paths = client.get("/openapi.json").json()["paths"]
    assert "get" in paths["/api/notices"] and "get" in paths["/api/notices/{notice_id}"]
    assert "201" in paths["/api/notices/{notice_id}/corrections"]["post"]["responses"]


def test_reports_and_csv_downloads(run):
    _, _, client = run
    report = client.get("/api/report").json()
    assert report["outcomes"] == {"needs_review": 1, "failed": 1, "ok": 3}
    assert report["failures"][0]["error_code"] == "corrupt_file"
    assert report["fields_by_format"]["pdf"]["decision_maker"] == 1
    assert client.get("/report/needs_review.csv").text.splitlines()[1].split(",")[1].endswith("taught.txt")
    assert "corrupt_file" in client.get("/report/failed.csv").text
    for page in ("/", "/report", "/notice/0-0", "/static/vendor/chart.umd.min.js"):
        assert client.get(page).status_code == 200


def test_a_selected_value_teaches_its_label(run, tmp_path):
    inputs, out, client = run
    item = _find(client, "taught.txt")
    text = client.get(f"/api/notices/{item['id']}").json()["text"]
    start = text.index("Head of Highways")
    client.post(f"/api/notices/{item['id']}/corrections",
                json={"field": "decision_maker", "start": start, "end": text.index("\n", start)})
    proposals = client.get("/api/report").json()["proposals"]
    assert [(p["field"], p["label"], p["would_change"]) for p in proposals] == [
        ("decision_maker", "Signatory officer", 1)]
    clash = client.post("/api/lexicon", json={"field": "title", "label": "Decision maker"})
    assert clash.status_code == 422 and clash.json()["code"] == "lexicon_conflict"
    assert client.post("/api/lexicon", json={"field": "decision_maker", "label": "Signatory officer"}).status_code == 201
    assert client.get("/api/report").json()["proposals"] == []
    lexicon = out / "lexicon.toml"
    again = tmp_path / "again"
    assert extract(inputs, again, "--lexicon", str(lexicon)) == 1
    result = json.loads((again / "text" / "taught.json").read_text())
    assert result["notices"][0]["decision_maker"] == "Head of Highways, Brackenfield Borough Council"


def test_an_unreadable_user_lexicon_is_a_problem_not_a_crash(run):
    _, out, client = run
    (out / "lexicon.toml").write_text("[fields.title\nlabels = ", encoding="utf-8")
    answer = client.get("/api/report")
    assert answer.status_code == 409 and answer.json()["code"] == "lexicon_unreadable"


@pytest.mark.parametrize("text, expected", [
    ("[fields.title\n", "Expected ']'"),
    ("[fields.no_such_field]\nlabels = ['X']\n", "must name a field"),
    ("[fields.title]\nlabels = ['Decision maker']\n", "listed twice"),
], ids=["not-toml", "unknown-field", "clashes-with-bundled"])
def test_a_bad_user_lexicon_is_a_usage_error(tmp_path, capsys, text, expected):
    lexicon = tmp_path / "bad.toml"
    lexicon.write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path / "none.txt"), "--lexicon", str(lexicon)]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("source, fmt, pages", [
    ("tests/fixtures/scanned_s004.tif", "image", 2),
    ("tests/fixtures/rendered/s000.header_footer.pdf", "pdf", 3),
], ids=["scan-pillow", "pdf-pdfium"])
def test_page_images_are_rendered_once_and_cached(tmp_path, source, fmt, pages):
    import hashlib

    from extractor.review.pages import PageError, page_png, page_sizes

    from .conftest import ROOT

    path = ROOT / source
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    sizes = page_sizes(tmp_path, path, sha, fmt)
    assert len(sizes) == pages and all(500 < w < 700 and 700 < h < 900 for w, h in sizes)  # A4 in points
    png = page_png(tmp_path, path, sha, fmt, 1)
    assert png.read_bytes().startswith(b"\x89PNG") and png.parent == tmp_path / ".review" / "pages" / sha
    stamp = png.stat().st_mtime_ns
    assert page_png(tmp_path, path, sha, fmt, 1).stat().st_mtime_ns == stamp  # cached, not rendered again
    with pytest.raises(PageError):
        page_png(tmp_path, path, sha, fmt, pages + 1)


def test_every_endpoint_the_pages_call_is_in_the_openapi_spec(run):
    """The pages' own calls (read out of the packaged HTML and JS) and the page images' URLs are
    all documented, each with a summary."""
    import re
    from importlib import resources

    _, _, client = run
    spec = client.get("/openapi.json").json()["paths"]
    static = resources.files("extractor.review") / "static"
    called = set()
    for name in ("queue.html", "notice.html", "report.html", "desk.js"):
        text = (static / name).read_text(encoding="utf-8")
        called |= {re.sub(r"\$\{[^}]*\}", "{}", m) for m in re.findall(r"(/(?:api|report)/[A-Za-z0-9_./${}]+)", text)}
    pdf = _find(client, "cabinet.pdf")
    called.add(re.sub(r"/notices/[^/]+/pages/\d+", "/notices/{}/pages/{}",
                      client.get(f"/api/notices/{pdf['id']}").json()["pages"][0]["url"]))
    assert {"/api/notices", "/api/notices/{}", "/api/notices/{}/corrections", "/api/report", "/api/lexicon",
            "/report/needs_review.csv", "/report/failed.csv", "/api/notices/{}/pages/{}.png"} <= called
    documented = {re.sub(r"\{[^}]*\}", "{}", path): ops for path, ops in spec.items()}
    for path in sorted(called):
        assert path in documented, f"{path} is called by the pages but missing from /openapi.json"
        assert all(op.get("summary") for op in documented[path].values()), path


@pytest.mark.parametrize("params, expected", [
    ({"warning": "missing_decision_maker"}, ["taught.txt"]),
    ({"folder": "text"}, ["s000.txt", "taught.txt"]),
    ({"folder": ""}, ["broken.pdf", "officer.docx"]),
    ({"outcome": "failed"}, ["broken.pdf"]),
    ({"format": "docx"}, ["officer.docx"]),
    ({"format": "pdf", "warning": "missing_decision_maker"}, []),
], ids=["warning", "folder", "top-folder", "outcome", "format", "filters-combine"])
def test_the_queue_filters_as_query_parameters(run, params, expected):
    _, _, client = run
    items = client.get("/api/notices", params=params).json()
    assert sorted(i["path"].rsplit("/", 1)[-1] for i in items) == expected


def test_a_notice_keeps_its_id_when_a_rerun_adds_files(run):
    """Ids come from the file's path, not its manifest row: a re-run that adds a file sorting
    first (every row moves down one) leaves every open page naming the notice it named."""
    inputs, out, client = run
    before = {i["path"]: i["id"] for i in client.get("/api/notices").json()}
    (inputs / "a_first.txt").write_text((inputs / "text" / "s000.txt").read_text().replace("Cabinet", "Council"))
    extract(inputs, out)
    assert open_run(out).rows()[0]["path"].endswith("a_first.txt")
    after = {i["path"]: i["id"] for i in client.get("/api/notices").json()}
    assert {p: after[p] for p in before} == before and len(after) == len(before) + 1
    s000 = before[next(p for p in before if p.endswith("s000.txt"))]
    assert client.get(f"/api/notices/{s000}").json()["path"].endswith("s000.txt")


def test_a_correction_for_content_read_again_since_the_page_loaded_is_refused(run):
    """A page loaded before a re-run read changed content sends the digest it showed; its
    correction is refused (409), never recorded against text the reviewer did not see."""
    inputs, out, client = run
    item = _find(client, "s000.txt")
    shown = client.get(f"/api/notices/{item['id']}").json()["sha256"]
    assert shown == item["sha256"]
    body = {"field": "title", "value": "Kept", "sha256": shown}
    assert client.post(f"/api/notices/{item['id']}/corrections", json=body).status_code == 201
    source = inputs / "text" / "s000.txt"
    source.write_text(source.read_text().replace("Information Strategy", "Information Policy"))
    extract(inputs, out)
    answer = client.post(f"/api/notices/{item['id']}/corrections", json={**body, "value": "Lost?"})
    assert answer.status_code == 409 and answer.json()["code"] == "notice_changed"
    assert [json.loads(line)["new"] for line in (out / "corrections.jsonl").read_text().splitlines()] == ["Kept"]
    fresh = client.get(f"/api/notices/{item['id']}").json()["sha256"]
    assert fresh != shown
    assert client.post(f"/api/notices/{item['id']}/corrections", json={**body, "sha256": fresh}).status_code == 201


@pytest.mark.parametrize("scan, fmt", [
    ("officer_record.times-300dpi.png", "image"),
    ("s000.times-200dpi-skew-speckle.pdf", "pdf"),
], ids=["page-image-ocr", "scanned-pdf-ocr"])
def test_a_scan_shows_its_page_images_with_each_value_boxed_on_them(tmp_path, scan, fmt):
    """Scans are read by OCR; the desk shows their pages as images, and every value's box (in
    points from the page's top-left) lies on its page."""
    import shutil

    from .review_run import FIXTURES

    inputs = tmp_path / "scans"
    inputs.mkdir()
    shutil.copy(FIXTURES / "scans" / scan, inputs / scan)
    out = tmp_path / "out"
    extract(inputs, out)
    client = TestClient(create_app(open_run(out)))
    (item,) = client.get("/api/notices").json()
    assert item["format"] == fmt
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["source_error"] is None and data["text"] and data["pages"]
    sizes = {p["number"]: (p["width"], p["height"]) for p in data["pages"]}
    boxed = {k: s for k, s in data["notice"]["provenance"].items() if s["bbox"]}
    assert len(boxed) >= 3
    for key, span in boxed.items():
        width, height = sizes[span["page"]]
        x0, top, x1, bottom = span["bbox"]
        assert 0 <= x0 < x1 <= width + 1 and 0 <= top < bottom <= height + 1, key
    image = client.get(data["pages"][0]["url"])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


def test_a_notice_accepted_as_correct_goes_into_the_gold_set_as_extracted(run, tmp_path):
    """Accepting a notice is a judgement too: `export --gold` writes it with the values the run
    gave; a notice nobody looked at stays out."""
    _, out, client = run
    item = _find(client, "s000.txt")
    assert client.post(f"/api/notices/{item['id']}/corrections", json={"action": "reviewed"}).status_code == 201
    gold = tmp_path / "gold"
    assert main(["export", str(out), "--gold", str(gold)]) == 0
    (gold_file,) = gold.glob("*.gold.json")
    assert gold_file.name.startswith("s000-")
    extracted = client.get(f"/api/notices/{item['id']}").json()["extracted"]
    assert json.loads(gold_file.read_text())["decision_maker"] == extracted["decision_maker"] == "Cabinet"
    assert main(["evaluate", str(gold), "--min-f1", "1.0"]) == 0


def _pdf_run(tmp_path, *options: str):
    import shutil

    from .review_run import FIXTURES

    inputs = tmp_path / "pdfs"
    inputs.mkdir()
    shutil.copy(FIXTURES / "rendered" / "s000.bold_labels.pdf", inputs / "notice.pdf")
    out = tmp_path / "out"
    assert extract(inputs, out, *options) == 0
    client = TestClient(create_app(open_run(out)))
    (item,) = client.get("/api/notices").json()
    return out, client, item


def test_a_run_read_with_another_pdf_engine_is_shown_in_its_own_text(tmp_path):
    """The result does not say which engine read a PDF; the desk finds the reading whose text
    holds every span of the run (pdfplumber spaces "Decision Maker :" where PDFium does not)."""
    from extractor.pipeline import extract_text

    from .review_run import FIXTURES

    out, client, item = _pdf_run(tmp_path, "--pdf-engine", "pdfplumber")
    pdf = FIXTURES / "rendered" / "s000.bold_labels.pdf"
    assert extract_text(pdf) != extract_text(pdf, pdf_engine="pdfplumber")  # else this test proves nothing
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["source_error"] is None and data["text"] == extract_text(pdf, pdf_engine="pdfplumber")
    for key, span in data["extracted"]["provenance"].items():
        assert data["text"][span["start"]:span["end"]] == span["raw"], key


def test_a_reading_that_matches_no_span_of_the_run_is_flagged(tmp_path):
    out, client, item = _pdf_run(tmp_path)
    result_file = next(out.rglob("notice.json"))
    result = json.loads(result_file.read_text())
    span = result["notices"][0]["provenance"]["decision_maker"]
    span["start"] += 3  # as if another reader had made the text
    span["end"] += 3
    result_file.write_text(json.dumps(result))
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["source_error"]["code"] == "text_differs" and data["text"] and data["pages"]


HTML_NOTICE = """<!doctype html><html><head><meta charset="utf-8"><title>Decision details</title></head>
<body><nav><a href="/">Home</a> | <a href="/committees">Committees</a></nav>
<h1>Decision details</h1><h2>Resurfacing of Mill Lane</h2>
<p><strong>Decision Maker:</strong> Cabinet Member for Highways</p>
<p><strong>Decision status:</strong> Approved</p>
<p><strong>Is Key decision?:</strong> No</p>
<h3>Decision:</h3><p>To resurface Mill Lane using the highways maintenance budget.</p>
<h3>Reasons for the decision:</h3><p>The surface is worn &amp; uneven.</p>
<p><strong>Date of decision:</strong> 4 March 2024</p>
<footer>&copy; Invented Borough Council</footer></body></html>"""


@pytest.mark.parametrize("name, source", [
    ("notice.html", None),
    ("s000.rtf", "legacy/s000.bold_labels.rtf"),
    ("s000.odt", "legacy/s000.bold_labels.odt"),
    ("s000.docx", "rendered/s000.bold_labels.docx"),
], ids=["html", "rtf", "odt", "docx"])
def test_every_text_format_is_shown_in_the_text_the_run_read(tmp_path, name, source):
    """Web pages and office files have no page images: the desk shows the text the run read, in
    which every value's span holds exactly the run's raw value (so its highlight is on it)."""
    from .review_run import FIXTURES

    inputs = tmp_path / "in"
    inputs.mkdir()
    if source is None:
        (inputs / name).write_text(HTML_NOTICE, encoding="utf-8")
    else:
        (inputs / name).write_bytes((FIXTURES / source).read_bytes())
    out = tmp_path / "out"
    extract(inputs, out)
    client = TestClient(create_app(open_run(out)))
    (item,) = client.get("/api/notices").json()
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["source_error"] is None and data["pages"] == []
    provenance = data["notice"]["provenance"]
    assert {"decision_maker", "decision"} <= set(provenance)
    for key, span in provenance.items():
        assert data["text"][span["start"]:span["end"]] == span["raw"], key


def test_counting_what_a_label_would_change_extracts_only_the_files_that_print_it(run):
    """Only files whose result holds the label's words are extracted again, and the cap counts
    those: the one file printing "Signatory officer" is found even with a cap of one file,
    though four others come before it in the run."""
    from extractor.review.corrections import CorrectionStore
    from extractor.review.teach import mentions, trial_lexicon, would_change
    from extractor.review.views import View

    _, out, _ = run
    view = View(open_run(out), CorrectionStore(out))
    rows = view.run.rows()
    assert [mentions(view.run.result(r), "Signatory officer") for r in rows if r["outcome"] != "failed"] == [
        False, False, False, True]
    trial = trial_lexicon(out / ".review" / "lexicons", {}, "decision_maker", "Signatory officer")
    assert would_change(view, trial, "Signatory officer", limit=1) == 1
    assert would_change(view, trial, "Signatory officer", limit=0) == 0


def test_corrections_survive_an_upgrade_rerun(run):
    """A run made by an older version is extracted again by the new one (its manifest names the
    old version); the corrections are laid over the new results."""
    inputs, out, client = run
    item = _find(client, "s000.txt")
    client.post(f"/api/notices/{item['id']}/corrections", json={"field": "authority", "value": "Invented Council"})
    manifest = out / "manifest.jsonl"
    old = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    manifest.write_text("".join(json.dumps({**r, "extractor_version": "0.0.1"}) + "\n" for r in old), encoding="utf-8")
    extract(inputs, out)
    rows = open_run(out).rows()
    assert {r["extractor_version"] for r in rows} != {"0.0.1"} and not any(r.get("resumed") for r in rows)
    data = client.get(f"/api/notices/{item['id']}").json()
    assert data["notice"]["authority"] == "Invented Council" and data["review"]["conflicts"] == []
    assert "Invented Council" not in (out / "text" / "s000.json").read_text(encoding="utf-8")


def test_a_symlink_out_of_the_run_folder_is_refused(run, tmp_path):
    _, out, client = run
    secret = tmp_path / "secret.json"
    secret.write_text('{"secret": true}', encoding="utf-8")
    (out / "text" / "leak.json").symlink_to(secret)
    answer = client.get("/api/results/text/leak.json")
    assert answer.status_code == 403 and answer.json()["code"] == "outside_out"
    assert client.get("/api/results/text/s000.json").json()["source"]["path"].endswith("s000.txt")


def test_the_queue_carries_confidence_least_sure_first(run):
    _, _, client = run
    items = client.get("/api/notices").json()
    flagged = [i for i in items if i["outcome"] == "needs_review"]
    confidences = [i["confidence"] for i in flagged]
    assert confidences == sorted(confidences) and all(c < 0.75 for c in confidences)
    ok = [i["confidence"] for i in items if i["outcome"] == "ok"]
    assert ok and all(c >= 0.75 for c in ok)
