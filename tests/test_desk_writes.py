"""The review desk's writes under concurrency and its readers of files the project wrote (issue 30):
"Add to lexicon" from several clients keeps every acknowledged label (a file lock around the read,
add and write; temporary files of unique names), and page images have a pixel cap."""

from __future__ import annotations

import threading
import warnings

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402
from extractor.review.teach import read_user_lexicon  # noqa: E402

from .review_run import make_run  # noqa: E402

WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "ivory", "juniper"]


@pytest.fixture(scope="module")
def desk_run(tmp_path_factory):
    return make_run(tmp_path_factory.mktemp("desk"))


@pytest.mark.parametrize(("desks", "clients"), [
    pytest.param(1, 2, id="two-clients-one-desk"),
    pytest.param(2, 2, id="two-desks-on-one-run"),
    pytest.param(1, 4, id="four-clients-one-desk"),
])
def test_concurrent_add_to_lexicon_keeps_every_label(desk_run, desks, clients):
    """Clients adding labels at once: every call answered 201, every acknowledged label in the file."""
    _, out = desk_run
    (out / "lexicon.toml").unlink(missing_ok=True)
    apps = [create_app(open_run(out)) for _ in range(desks)]
    barrier = threading.Barrier(clients)
    answers: list[int] = []
    wanted = [[f"Signing {word} officer {c}" for word in WORDS] for c in range(clients)]

    def add(c: int) -> None:
        with TestClient(apps[c % desks], raise_server_exceptions=False) as client:
            barrier.wait()
            for label in wanted[c]:
                answers.append(client.post("/api/lexicon", json={"field": "decision_maker", "label": label}).status_code)

    threads = [threading.Thread(target=add, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert answers == [201] * (clients * len(WORDS))
    kept = read_user_lexicon(out / "lexicon.toml")["decision_maker"]
    assert kept == {label for labels in wanted for label in labels}
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("width", "height"), [
    pytest.param(595, 842, id="a4"),
    pytest.param(2, 1000, id="two-by-a-thousand-points"),
    pytest.param(1000, 2, id="a-thousand-by-two-points"),
    pytest.param(14400, 14400, id="largest-pdf-page"),
])
def test_a_page_image_has_a_pixel_cap(tmp_path, width, height):
    """Whatever the page's shape, its image holds at most MAX_PIXELS (a 2 x 1,000 pt page was drawn
    1,100 px across: 550,000 px down, 4.2 GB) and at most WIDTH across."""
    import pypdfium2 as pdfium
    from PIL import Image

    from extractor.review.pages import MAX_PIXELS, WIDTH, fit, page_png

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(width, height)
    source = tmp_path / "strip.pdf"
    pdf.save(str(source))
    pdf.close()
    with Image.open(page_png(tmp_path, source, "ab12", "pdf", 1)) as image:
        assert image.width * image.height <= MAX_PIXELS and image.width <= WIDTH
        scale = fit(width, height)  # the page's shape is kept, to a pixel
        assert abs(image.width - width * scale) <= 1 and abs(image.height - height * scale) <= 1


# -- readers of the files the project writes: a bad line is reported and the rest read ----------------
def _bad_corrections(sha: str) -> list:
    base = {"when": "2024-03-01T10:00:00+00:00", "sha256": sha, "notice_index": 0, "who": "red team"}
    return [
        pytest.param({**base, "action": "set", "field": "provenance", "new": "x"}, id="a-provenance-field"),
        pytest.param({**base, "action": "set", "field": "title", "new": "T", "span": "0-5"}, id="a-string-span"),
        pytest.param({**base, "action": "set", "field": "decision_date", "new": {"y": 2024}}, id="an-object-as-a-date"),
        pytest.param({**base, "action": "set", "field": "title", "new": ["a", "list"]}, id="a-list-as-text"),
        pytest.param({**base, "action": "set", "field": "key_decision", "new": "perhaps"}, id="a-word-as-yes-no"),
        pytest.param({**base, "action": "set", "field": "title", "new": "T", "span": {"start": "0", "end": 5}},
                     id="a-span-of-strings"),
        pytest.param({**base, "action": "set", "field": "title", "new": "T", "who": {"name": "x"}}, id="an-object-as-who"),
        pytest.param({**base, "notice_index": -1, "action": "reviewed"}, id="a-negative-notice-index"),
    ]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    _, out = make_run(tmp_path_factory.mktemp("tolerant"))
    return out


def _first_text_row(out):
    import json

    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return next(r for r in rows if r["path"].endswith("s000.txt"))


@pytest.mark.parametrize("make", range(8))
def test_a_correction_line_of_the_wrong_shape_is_reported_not_a_500(desk, make):
    import json

    from extractor.cli import main

    row = _first_text_row(desk)
    bad = _bad_corrections(row["sha256"])[make].values[0]
    good = {"when": "2024-03-01T10:00:00+00:00", "sha256": row["sha256"], "notice_index": 0, "action": "set",
            "field": "title", "new": "A title the reviewer typed", "who": "", "old": None, "span": None}
    (desk / "corrections.jsonl").write_text(json.dumps(bad) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    client = TestClient(create_app(open_run(desk)), raise_server_exceptions=False)
    listing = client.get("/api/notices")
    assert listing.status_code == 200
    for item in listing.json():
        assert client.get(f"/api/notices/{item['id']}").status_code in (200, 404)  # 404: a file with no notice
    report = client.get("/api/report")
    assert report.status_code == 200
    assert [p.split(":")[0] for p in report.json()["corrections_problems"]] == ["corrections.jsonl line 1"]
    mine = next(i for i in listing.json() if i["path"].endswith("s000.txt"))
    assert client.get(f"/api/notices/{mine['id']}").json()["notice"]["title"] == "A title the reviewer typed"
    assert main(["export", str(desk), "--corrected", "-o", str(desk.parent / f"export{make}")]) in (0, 1)


@pytest.mark.parametrize("bad", [
    pytest.param(b'{"path": "\xff\xfe.txt", "outcome": "ok"}\n', id="latin-1-bytes-in-a-record"),
    pytest.param(b"\xc3\x28\xa0\xa1 not even json\n", id="invalid-utf8-junk"),
    pytest.param(b'{"path": "x.txt"\n', id="a-line-cut-short"),
])
def test_a_manifest_line_that_is_not_utf8_is_left_out_by_the_desk_and_by_resume(tmp_path, bad):
    """The desk lists the run and a re-run resumes it; the bad line is left out, never a UnicodeDecodeError."""
    import json
    import shutil

    from extractor.cli import main

    from .conftest import SAMPLES

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("s000.txt", "s004.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    lines = (out / "manifest.jsonl").read_bytes().splitlines(keepends=True)
    (out / "manifest.jsonl").write_bytes(lines[0] + bad + b"".join(lines[1:]))
    client = TestClient(create_app(open_run(out)), raise_server_exceptions=False)
    listing = client.get("/api/notices")
    assert listing.status_code == 200 and len({i["path"] for i in listing.json()}) == 2
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().decode("utf-8").splitlines()]
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in rows) == ["s000.txt", "s004.txt"]
    assert all(r["resumed"] for r in rows)


REPLACEMENTS = [
    pytest.param(lambda other: b"[]", id="a-list"),
    pytest.param(lambda other: b"{}", id="an-empty-object"),
    pytest.param(lambda other: other, id="another-files-result"),
    pytest.param(lambda other: b'{"source": {"sha256": null}, "notices": [1, 2, 3]}', id="notices-that-are-not-objects"),
    pytest.param(lambda other: b'{"source": "x", "notices": {}}', id="wrong-types"),
    pytest.param(lambda other: other[: len(other) // 2], id="cut-in-half"),
]


@pytest.mark.parametrize("replace", REPLACEMENTS)
def test_an_output_replaced_under_the_desk_is_a_409_not_a_500(tmp_path, replace):
    import json

    _, out = make_run(tmp_path)
    client = TestClient(create_app(open_run(out)), raise_server_exceptions=False)
    items = client.get("/api/notices").json()
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = next(r for r in rows if r["path"].endswith("s000.txt"))
    other = next(r for r in rows if r["path"].endswith("officer.docx"))
    (out / mine["output"]).write_bytes(replace((out / other["output"]).read_bytes()))
    listing = client.get("/api/notices")
    assert listing.status_code == 200
    for item in items:
        answer = client.get(f"/api/notices/{item['id']}")
        assert answer.status_code in (200, 404, 409), (item["path"], answer.status_code, answer.text[:300])
        if item["path"].endswith("s000.txt"):
            assert answer.status_code == 409 and answer.json()["code"] == "output_unreadable"
    assert client.get("/api/report").status_code == 200
    assert client.get("/report/needs_review.csv").status_code == 200


def test_a_file_given_twice_is_one_input_and_one_manifest_row(tmp_path):
    import json

    from extractor.cli import main

    from .conftest import SAMPLES

    notice = tmp_path / "s000.txt"
    notice.write_bytes((SAMPLES / "s000.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(notice), str(notice), str(tmp_path / "." / "s000.txt"), "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 and rows[0]["outcome"] in ("ok", "needs_review")
