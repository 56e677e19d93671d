"""The review desk as a person uses it, in a real headless Chromium (Debian's, driven by Playwright):
open the queue, open a PDF notice, see the value boxes on the page image, correct a value by
selecting its source text, reload and see it kept, re-run the extraction and see it still
applied, export. With DESK_SCREENSHOTS=DIR it also saves the README's screenshots there."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from extractor.cli import main  # noqa: E402
from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402

from .review_run import extract, make_run  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SELECT = """needle => {
  const walker = document.createTreeWalker(document.getElementById("text"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at); range.setEnd(node, at + needle.length);
      getSelection().removeAllRanges(); getSelection().addRange(range);
      return true;
    }
  }
  return false;
}"""


class _Desk:
    """`review OUT` on a socket bound before the server thread starts (so no wait for it to listen)."""

    def __init__(self, out: Path, **options):
        import uvicorn

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.base = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(open_run(out), **options), log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> "_Desk":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture()
def browser(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/setup-system.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1400, "height": 900})
        context.set_default_timeout(20_000)
        yield context
        context.close()


def test_review_a_pdf_notice_in_a_browser(tmp_path, browser, capsys):
    inputs, out = make_run(tmp_path)
    shots = Path(os.environ["DESK_SCREENSHOTS"]) if os.environ.get("DESK_SCREENSHOTS") else tmp_path / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    with _Desk(out) as desk:
        page = browser.new_page()
        page.goto(desk.base + "/")
        page.wait_for_selector("body[data-ready='1']")
        rows = page.locator(".queue .row")
        assert rows.first.locator(".pill").first.inner_text() == "needs review"
        assert "5 notices" in page.locator("#counts").inner_text().replace("\n", " ") or rows.count() == 5
        page.screenshot(path=str(shots / "review-queue.png"))

        page.locator(".queue .row", has_text="cabinet.pdf").click()  # the PDF notice
        page.wait_for_selector("body[data-ready='1']")
        assert "/notice/" in page.url
        image = page.locator(".page[data-page='1'] img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector(\".page[data-page='1'] img\").naturalWidth > 0")
        box = page.locator(".page[data-page='1'] .box[data-field='decision_maker']")
        assert box.is_visible()
        provenance = page.evaluate("data.notice.provenance.decision_maker")
        assert page.evaluate("data.text").__getitem__(slice(provenance["start"], provenance["end"])) == "CABINET"

        page.locator(".field[data-field='report_author'] .name").click()
        assert page.evaluate(SELECT, "Head of ICT Services")
        page.locator(".field[data-field='report_author'] .use-selection").click()
        page.wait_for_selector(".field[data-field='report_author'] .was")
        assert page.locator(".field[data-field='report_author'] .value").inner_text() == "Head of ICT Services"
        page.screenshot(path=str(shots / "review-notice.png"))

        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator(".field[data-field='report_author'] .value").inner_text() == "Head of ICT Services"
        assert page.locator("mark[data-field='report_author']").text_content() == "Head of ICT Services"
        assert page.locator(".page[data-page='1'] .box[data-field='report_author']").count() == 1

        (out / "manifest.jsonl").unlink()  # re-run the extraction, as after an upgrade
        extract(inputs, out)
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator(".field[data-field='report_author'] .value").inner_text() == "Head of ICT Services"
        assert page.locator(".field[data-field='report_author'] .conflict").count() == 0

        page.goto(desk.base + "/")  # the keyboard: move down and back up, open, and teach a label
        page.wait_for_selector("body[data-ready='1']")
        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("Enter")
        page.wait_for_selector("body[data-ready='1']")
        assert "Brackenfield" in page.locator(".field[data-field='title'] .value").inner_text()
        page.locator(".field[data-field='decision_maker'] .name").click()
        assert page.evaluate(SELECT, "Head of Highways")
        page.locator(".field[data-field='decision_maker'] .use-selection").click()
        page.wait_for_selector(".field[data-field='decision_maker'] .was")
        page.keyboard.press("a")  # accept the notice as reviewed
        page.wait_for_selector("#outcome .pill.reviewed")

        page.goto(desk.base + "/report")
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator("canvas#outcomes").is_visible()
        assert "corrupt_file" in page.locator("#failures").inner_text()
        assert "Signatory officer" in page.locator("#proposals").inner_text()
        assert page.locator("#proposals .would-change").inner_text() == "1"  # notices the label would change
        page.screenshot(path=str(shots / "review-report.png"), full_page=True)

    capsys.readouterr()
    assert main(["export", str(out), "--corrected", "--jsonl"]) == 0
    notices = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    pdf = next(n for n in notices if n["source"]["path"].endswith("cabinet.pdf"))
    assert pdf["report_author"] == "Head of ICT Services" and pdf["provenance"]["report_author"]["page"] == 1
    for name in ("review-queue.png", "review-notice.png", "review-report.png"):
        assert (shots / name).read_bytes().startswith(b"\x89PNG")


def test_a_big_run_and_a_huge_notice_stay_light(tmp_path, browser):
    """Only the queue rows in view are in the page, and a huge notice's text is cut into chunks
    the browser skips while off screen."""
    from .review_run import TAUGHT

    inputs = tmp_path / "many"
    inputs.mkdir()
    for n in range(150):
        (inputs / f"n{n:03d}.txt").write_text(TAUGHT.replace("Brackenfield", f"Road {n}"), encoding="utf-8")
    reasons = "".join(f"Reason line {n} of a very long notice about the footway.\n" for n in range(5_000))
    (inputs / "huge.txt").write_text(TAUGHT.replace("Reasons for decision: The footway is worn and uneven.\n",
                                                    "Reasons for decision:\n" + reasons), encoding="utf-8")
    out = tmp_path / "out"
    extract(inputs, out)
    with _Desk(out) as desk:
        page = browser.new_page()
        page.goto(desk.base + "/")
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator("#shown").inner_text() == "151 of 151 shown"
        assert 10 < page.locator(".queue .row").count() < 80
        page.locator(".queue").evaluate("q => q.scrollTop = q.scrollHeight")
        last = next(i["id"] for i in json.loads(page.evaluate("JSON.stringify(all)")) if i["path"].endswith("n149.txt"))
        page.wait_for_selector(f".queue .row[data-id='{last}']")
        huge = next(i for i in json.loads(page.evaluate("JSON.stringify(all)")) if i["path"].endswith("huge.txt"))
        page.goto(f"{desk.base}/notice/{huge['id']}")
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator("#text .chunk").count() > 5
        assert page.locator("mark[data-field='reasons']").count() >= 1


def _in_view(page, selector: str, panel: str) -> bool:
    """Whether the first element matching ``selector`` lies inside the visible part of ``panel``."""
    return page.evaluate("""([selector, panel]) => {
      const node = document.querySelector(selector), box = document.getElementById(panel);
      if (!node) return false;
      const a = node.getBoundingClientRect(), b = box.getBoundingClientRect();
      return a.height > 0 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    }""", [selector, panel])


def test_the_queue_filters_counts_accepts_and_loads_nothing_from_elsewhere(tmp_path, browser):
    """Every filter narrows the queue, the counts follow an accept made with `a` (saved after a
    corrupt line of the corrections file, which is reported), and no page of the desk (queue,
    notice, report with its charts) asks anything of any host but the desk."""
    _, out = make_run(tmp_path)
    (out / "corrections.jsonl").write_text('{"sha256": "cut short', encoding="utf-8")  # a writer killed mid-line
    with _Desk(out) as desk:
        asked: list[str] = []
        browser.on("request", lambda request: asked.append(request.url))
        page = browser.new_page()
        page.goto(desk.base + "/")
        page.wait_for_selector("body[data-ready='1']")
        assert "corrections.jsonl line 1: not a JSON object; skipped" in page.locator("#problems").inner_text()
        counts = page.locator("#counts").inner_text().replace("\n", " ")
        assert all(part in counts for part in ("4 notices:", "needs review 1", "ok 3", "1 input without a notice:",
                                               "failed 1"))
        assert "5 files on disk, 5 inputs, 4 notices" in counts  # the command line's words

        def shown() -> list[str]:
            return sorted(r.rsplit("/", 1)[-1] for r in page.locator(".queue .row .file[title]").evaluate_all(
                "nodes => nodes.map(n => n.title)"))

        for name, value, expected in (("format", "pdf", ["broken.pdf", "cabinet.pdf"]),
                                      ("outcome", "failed", ["broken.pdf"]),
                                      ("format", "", ["broken.pdf"]),
                                      ("outcome", "", ["broken.pdf", "cabinet.pdf", "officer.docx", "s000.txt",
                                                       "taught.txt"]),
                                      ("warning", "missing_decision_maker", ["taught.txt"]),
                                      ("warning", "", ["broken.pdf", "cabinet.pdf", "officer.docx", "s000.txt",
                                                       "taught.txt"]),
                                      ("folder", "text", ["s000.txt", "taught.txt"]),
                                      ("folder", "", ["broken.pdf", "cabinet.pdf", "officer.docx", "s000.txt",
                                                      "taught.txt"])):
            page.select_option(f"#f-{name}", value)
            assert shown() == expected, (name, value)
            assert page.locator("#shown").inner_text() == f"{len(expected)} of 5 shown"

        page.locator("#queue").focus()
        assert "taught.txt" in page.locator(".queue .row.sel").inner_text()  # needs review, so first
        page.keyboard.press("a")  # accept it from the queue, without opening it
        page.wait_for_selector(".queue .row:has-text('taught.txt') .pill.reviewed")
        assert "taught.txt" not in page.locator(".queue .row.sel").inner_text()  # the selection moved on
        assert "reviewed 1" in page.locator("#counts").inner_text().replace("\n", " ")
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator(".queue .row:has-text('taught.txt') .pill").first.inner_text() == "reviewed"

        page.locator(".queue .row", has_text="cabinet.pdf").click()
        page.wait_for_selector("body[data-ready='1']")
        page.wait_for_function("[...document.querySelectorAll('.page img')].some(i => i.naturalWidth > 0)")
        page.goto(desk.base + "/report")
        page.wait_for_selector("body[data-ready='1']")
        assert page.evaluate("typeof Chart") == "function" and page.locator("canvas#outcomes").is_visible()
    assert asked and all(url.startswith(desk.base + "/") for url in asked), \
        [url for url in asked if not url.startswith(desk.base + "/")]


def test_correct_by_typing_clear_and_see_warnings_highlights_and_conflicts(tmp_path, browser):
    """A date through the date input, a yes/no through its select, a value cleared, a warning
    beside its field; clicking a field brings its source into view and clicking the source
    brings the field into view; a Word notice's values are highlighted in its text; and a
    re-extraction that changes a corrected value shows the conflict."""
    _, out = make_run(tmp_path)
    with _Desk(out) as desk:
        page = browser.new_page()
        page.goto(desk.base + "/")
        page.wait_for_selector("body[data-ready='1']")
        items = json.loads(page.evaluate("JSON.stringify(all)"))
        ids = {i["path"].rsplit("/", 1)[-1]: i["id"] for i in items}

        page.goto(f"{desk.base}/notice/{ids['taught.txt']}")
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator(".field[data-field='decision_maker'] .warn").inner_text().startswith(
            "⚠ missing_decision_maker")
        assert page.locator(".field .warn").count() == 2  # beside those fields only (and the date's two-digit year)

        page.goto(f"{desk.base}/notice/{ids['officer.docx']}")
        page.wait_for_selector("body[data-ready='1']")
        span = page.evaluate("data.notice.provenance.decision_maker")
        assert page.locator("mark[data-field='decision_maker']").first.text_content() == \
            page.evaluate("data.text")[span["start"]:span["end"]]

        page.goto(f"{desk.base}/notice/{ids['s000.txt']}")
        page.wait_for_selector("body[data-ready='1']")
        late = "mark[data-field='effective_from']"  # the last line of a long notice
        assert not _in_view(page, late, "source")
        page.locator(".field[data-field='effective_from'] .name").click()
        assert _in_view(page, late, "source") and "active" in page.locator(late).get_attribute("class")
        page.locator("#fields").evaluate("f => f.scrollTop = 0")
        page.locator("#source").evaluate("s => s.scrollTop = 0")
        page.locator(".field[data-field='title'] .name").click()
        assert not _in_view(page, ".field[data-field='representations_deadline']", "fields")
        page.locator("mark[data-field='representations_deadline']").click()
        assert _in_view(page, ".field[data-field='representations_deadline']", "fields")
        assert "active" in page.locator(".field[data-field='representations_deadline']").get_attribute("class")

        date = page.locator(".field[data-field='decision_date']")
        date.locator(".name").click()
        assert date.locator("input.edit").get_attribute("type") == "date"
        date.locator("input.edit").fill("2012-06-14")
        date.locator(".save").click()
        page.wait_for_selector(".field[data-field='decision_date'] .was")
        assert date.locator(".value").inner_text() == "2012-06-14"

        key = page.locator(".field[data-field='is_key_decision']")
        was = page.evaluate("data.notice.is_key_decision")
        key.locator(".name").click()
        assert key.locator("select.edit option").evaluate_all("o => o.map(n => n.value)") == ["", "true", "false"]
        key.locator("select.edit").select_option("false" if was else "true")
        key.locator(".save").click()
        page.wait_for_selector(".field[data-field='is_key_decision'] .was")
        assert key.locator(".value").inner_text() == ("no" if was else "yes")

        title = page.locator(".field[data-field='title']")
        title.locator(".name").click()
        title.locator(".clear").click()
        page.wait_for_selector(".field[data-field='title'] .was")
        assert title.locator(".value.empty").inner_text() == "not stated"

        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.evaluate("[data.notice.decision_date, data.notice.is_key_decision, data.notice.title]") == [
            "2012-06-14", not was, None]
        assert page.locator(".field .conflict").count() == 0

        result_file = out / "text" / "s000.json"  # a new version of the extractor reads the date otherwise
        result = json.loads(result_file.read_text(encoding="utf-8"))
        result["notices"][0]["decision_date"] = "2012-06-15"
        result_file.write_text(json.dumps(result), encoding="utf-8")
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        conflict = page.locator(".field[data-field='decision_date'] .conflict")
        assert "2012-06-13" in conflict.inner_text() and "2012-06-15" in conflict.inner_text()
        assert date.locator(".value").inner_text() == "2012-06-14"  # the correction still applies
        assert page.locator("#outcome .pill").inner_text() == "needs review"

        order = page.evaluate("JSON.parse(sessionStorage.getItem('deskOrder'))")  # the queue's order, as shown
        at = order.index(ids["s000.txt"])
        page.keyboard.press("p")  # previous and next without going back to the queue
        page.wait_for_url(f"{desk.base}/notice/{order[at - 1]}")
        page.wait_for_selector("body[data-ready='1']")
        page.keyboard.press("n")
        page.wait_for_url(f"{desk.base}/notice/{ids['s000.txt']}")


BURST = """([at, field, values]) => new Promise(done => setTimeout(() => Promise.all(values.map(value =>
  Desk.api(`/api/notices/${id}/corrections`, { method: "POST", body: JSON.stringify({ field, value }) })))
  .then(() => load()).then(() => done(true), e => done(String(e))), Math.max(0, at - Date.now())))"""


def test_two_tabs_saving_at_once_lose_no_write(tmp_path, browser):
    """Two tabs on one notice, opened before either saves, each send a burst of corrections at the
    same moment: every correction is in the file, and both tabs end up showing both fields."""
    _, out = make_run(tmp_path)
    with _Desk(out) as desk:
        first = browser.new_page()
        first.goto(desk.base + "/")
        first.wait_for_selector("body[data-ready='1']")
        target = next(i for i in json.loads(first.evaluate("JSON.stringify(all)")) if i["path"].endswith("s000.txt"))
        tabs = [first, browser.new_page()]
        for tab in tabs:
            tab.goto(f"{desk.base}/notice/{target['id']}")
            tab.wait_for_selector("body[data-ready='1']")
        at = first.evaluate("Date.now()") + 400
        for tab, field in zip(tabs, ("title", "authority")):
            tab.evaluate(f"window.burst = ({BURST})([{at}, '{field}', [...Array(12).keys()].map(n => '{field} ' + n)])")
        assert [tab.evaluate("window.burst") for tab in tabs] == [True, True]
        for tab in tabs:
            tab.reload()
            tab.wait_for_selector("body[data-ready='1']")
            title, authority = tab.evaluate("[data.notice.title, data.notice.authority]")
            assert title.startswith("title ") and authority.startswith("authority ")
    lines = [json.loads(line) for line in (out / "corrections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(c["new"] for c in lines) == sorted([f"title {n}" for n in range(12)]
                                                     + [f"authority {n}" for n in range(12)])


def test_a_desk_with_a_key_opens_with_key_once_and_shows_its_page_images(tmp_path, browser):
    """Beyond loopback the desk needs a key: given once as ?key= it serves every page, API call
    and page image of the session; without it the API answers 401."""
    _, out = make_run(tmp_path)
    with _Desk(out, api_key="s3cret") as desk:
        page = browser.new_page()
        assert page.goto(desk.base + "/api/notices").status == 401
        page.goto(desk.base + "/?key=s3cret")
        page.wait_for_selector("body[data-ready='1']")
        page.locator(".queue .row", has_text="cabinet.pdf").click()
        page.wait_for_selector("body[data-ready='1']")
        assert "key=" not in page.url
        page.wait_for_function("document.querySelector(\".page[data-page='1'] img\").naturalWidth > 0")
        page.goto(desk.base + "/report")
        page.wait_for_selector("body[data-ready='1']")
        download = page.request.get(desk.base + "/report/needs_review.csv")
        assert download.status == 200 and "taught.txt" in download.text()


def test_a_long_pdf_loads_only_the_page_images_in_view(tmp_path, browser):
    """A 30-page PDF: opening it fetches the first page images, not all thirty; the last one is
    fetched when the reviewer scrolls to it."""
    import pypdfium2 as pdfium

    from .review_run import FIXTURES

    inputs = tmp_path / "long"
    inputs.mkdir()
    long_pdf, source = pdfium.PdfDocument.new(), pdfium.PdfDocument(str(FIXTURES / "rendered" / "s000.header_footer.pdf"))
    for _ in range(10):
        long_pdf.import_pages(source)
    long_pdf.save(str(inputs / "long.pdf"))
    long_pdf.close()
    source.close()
    out = tmp_path / "out"
    extract(inputs, out)
    with _Desk(out) as desk:
        fetched: list[int] = []
        browser.on("request", lambda r: fetched.append(int(r.url.rsplit("/", 1)[-1][:-4])) if r.url.endswith(".png") else None)
        page = browser.new_page()
        page.goto(desk.base + "/")
        page.wait_for_selector("body[data-ready='1']")
        page.goto(desk.base + "/notice/" + page.evaluate("all[0].id"))
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator(".page").count() == 30
        page.wait_for_function("document.querySelector(\".page[data-page='1'] img\").naturalWidth > 0")
        assert 1 in fetched and 30 not in fetched and len(set(fetched)) < 10
        page.locator(".page[data-page='30']").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector(\".page[data-page='30'] img\").naturalWidth > 0")
        assert 30 in fetched


def test_an_open_tab_survives_a_rerun_and_refuses_to_save_over_changed_content(tmp_path, browser):
    """A tab left open on a notice while the run is redone: after a re-run that adds a file it
    still saves to its own notice; after one that read changed content its save is refused
    and says so, and nothing is recorded."""
    inputs, out = make_run(tmp_path)
    with _Desk(out) as desk:
        page = browser.new_page()
        page.goto(desk.base + "/")
        page.wait_for_selector("body[data-ready='1']")
        target = next(i for i in json.loads(page.evaluate("JSON.stringify(all)")) if i["path"].endswith("s000.txt"))
        page.goto(f"{desk.base}/notice/{target['id']}")
        page.wait_for_selector("body[data-ready='1']")
        source = inputs / "text" / "s000.txt"
        (inputs / "a_first.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        extract(inputs, out)

        title = page.locator(".field[data-field='title']")
        title.locator(".name").click()
        title.locator("textarea.edit").fill("Information Strategy for 2012 to 2015")
        title.locator(".save").click()
        page.wait_for_selector(".field[data-field='title'] .was")
        (saved,) = [json.loads(line) for line in (out / "corrections.jsonl").read_text(encoding="utf-8").splitlines()]
        assert saved["path"].endswith("s000.txt") and saved["new"] == "Information Strategy for 2012 to 2015"

        source.write_text(source.read_text(encoding="utf-8").replace("Cabinet", "Full Council"), encoding="utf-8")
        extract(inputs, out)
        authority = page.locator(".field[data-field='authority']")
        authority.locator(".name").click()
        authority.locator("textarea.edit").fill("Invented Council")
        authority.locator(".save").click()
        page.wait_for_function("document.getElementById('status').textContent.startsWith('not saved')")
        assert "extracted again" in page.locator("#status").inner_text()
        assert len((out / "corrections.jsonl").read_text(encoding="utf-8").splitlines()) == 1
