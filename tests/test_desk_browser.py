"""Issue 28 in a real headless Chromium (as `test_review_browser.py` drives it): a readable queue
(the file's name always in view, a search box, sort by column, each file's notice count), a web
archive record's source in the notice page, the report's per-field heat map, and the static
`OUT/report.html` opened from disk with no server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import SAMPLES
from .review_run import TAUGHT, extract
from .test_review_browser import _Desk, browser  # noqa: F401 - the fixture, shared
from .test_webarchive import write_warc

LONG = "Decision Notice - Resurfacing of the Brackenfield Road footway and verges.txt"


def _run(tmp: Path) -> Path:
    inputs = tmp / "archive"
    deep = inputs / "a folder with a long name that used to push the file name out of view" / "and another"
    deep.mkdir(parents=True)
    (deep / LONG).write_text(TAUGHT, encoding="utf-8")
    shutil.copy(SAMPLES / "s000.txt", inputs / "s000.txt")
    shutil.copy(SAMPLES / "s004.txt", inputs / "s004.txt")
    write_warc(inputs / "crawl.warc", tmp)
    out = tmp / "out"
    extract(inputs, out)
    return out


def _show(page, url: str) -> None:
    """Open a desk page and wait until its script says it is ready."""
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")


def _files(page) -> list[str]:
    return page.locator(".queue .row .file").evaluate_all("nodes => nodes.map(n => n.textContent)")


def test_the_queue_shows_every_file_name_whole_and_searches_and_sorts(tmp_path, browser):  # noqa: F811
    out = _run(tmp_path)
    with _Desk(out) as desk:
        page = browser.new_page()
        _show(page, desk.base + "/")
        row = page.locator(".queue .row", has_text="Decision Notice - Resurfacing")
        cell = row.locator(".file")
        assert cell.inner_text() == LONG  # the name, not the folders before it
        assert cell.evaluate("n => n.scrollHeight <= n.clientHeight + 1 && n.scrollWidth <= n.clientWidth + 1"), \
            "the file's name is cut"
        assert row.locator(".count").inner_text() == "1 of 1"

        page.fill("#f-search", "brackenfield")
        page.wait_for_function("document.querySelectorAll('.queue .row').length === 1")
        assert _files(page) == [LONG] and page.locator("#shown").inner_text().startswith("1 of ")
        page.fill("#f-search", "")
        page.wait_for_function("document.querySelectorAll('.queue .row').length > 3")

        page.locator("#queue-head button[data-sort='file']").click()
        names = _files(page)
        assert names == sorted(names, key=str.lower) and page.locator("#queue-head [data-dir='up']").count() == 1
        page.locator("#queue-head button[data-sort='file']").click()  # again: the other way
        assert _files(page) == sorted(names, key=str.lower, reverse=True)
        page.locator("#queue-head button[data-sort='notices_in_file']").click()
        counts = page.locator(".queue .row .count").evaluate_all("nodes => nodes.map(n => n.textContent)")
        assert "none" in counts and any(c.endswith(" of 1") for c in counts)
        assert "files on disk" in page.locator("#run-size").inner_text()


def test_a_web_archive_records_source_is_shown(tmp_path, browser):  # noqa: F811
    out = _run(tmp_path)
    with _Desk(out) as desk:
        page = browser.new_page()
        _show(page, desk.base + "/")
        items = json.loads(page.evaluate("JSON.stringify(all)"))
        record = next(i for i in items if i["file"].endswith("/s000.pdf") and i["notice_index"] == 0)
        _show(page, f"{desk.base}/notice/{record['id']}")
        assert page.evaluate("data.source_error") is None
        assert "Information Strategy" in page.locator("#text").text_content()
        page.wait_for_function("[...document.querySelectorAll('.page img')].some(i => i.naturalWidth > 0)")
        assert page.locator("mark[data-field='decision_maker']").count() >= 1


def test_the_report_has_a_heat_map_and_the_static_report_reads_offline(tmp_path, browser):  # noqa: F811
    out = _run(tmp_path)
    with _Desk(out) as desk:
        page = browser.new_page()
        _show(page, desk.base + "/report")
        cell = page.locator("#by-format td.share[data-field='title'][data-group='text']")
        assert cell.inner_text() == "100%"
        assert page.locator("#by-format tr").count() > 20  # a row per field, none dropped
        assert page.locator("canvas#by-format, canvas#by-folder").count() == 0
        assert "files on disk" in page.locator("#totals").inner_text()

    offline = browser.new_page()
    asked: list[str] = []
    offline.on("request", lambda request: asked.append(request.url))
    offline.goto((out / "report.html").as_uri())
    assert "files on disk" in offline.locator("#counts").inner_text()
    cell = offline.locator("td.share[data-field='title'][data-group='text']")
    assert cell.inner_text() == "100%" and cell.is_visible()
    assert all(url.startswith("file://") for url in asked), asked


def test_the_desk_shows_confidence_and_sorts_the_queue_by_it(tmp_path, browser):  # noqa: F811
    """Each value's score beside its field (a doubtful one marked), the notice's confidence above
    its fields, and the queue's Confidence column, least sure first when sorted."""
    out = _run(tmp_path)
    with _Desk(out) as desk:
        page = browser.new_page()
        _show(page, desk.base + "/")
        items = json.loads(page.evaluate("JSON.stringify(all)"))
        with_notice = [i for i in items if i["confidence"] is not None]
        assert with_notice and all(0 <= i["confidence"] <= 1 for i in with_notice)
        page.locator("#queue-head button[data-sort='confidence']").click()
        shown = page.locator(".queue .row .conf").evaluate_all("nodes => nodes.map(n => n.textContent)")
        numbers = [int(t.rstrip("%")) for t in shown if t]
        assert numbers == sorted(numbers) and len(numbers) >= 3

        taught = next(i for i in items if i["file"] == LONG)  # its date has a two-digit year: a doubt
        _show(page, f"{desk.base}/notice/{taught['id']}")
        assert page.locator("#notice-confidence").inner_text() == "confidence 70% · needs review"
        date = page.locator(".field[data-field='decision_date'] .score")
        assert date.inner_text().strip() == "70%" and "low" in date.get_attribute("class")
        title = page.locator(".field[data-field='title'] .score")
        assert title.inner_text().strip() == "95%" and "low" not in title.get_attribute("class")


def test_the_teach_button_writes_the_templates_file_and_shows_what_changes(tmp_path, browser):  # noqa: F811
    """Issue 27: two notices of one layout corrected, the button on a notice's page learns their
    template into the file `--templates` reads, and lists the notices the next run reads otherwise.
    (A family whose values say nothing of their fields: the run's own notices cannot teach them.)"""
    import urllib.request

    from extractor.templates import read_templates

    from .template_families import FAMILIES

    inputs = tmp_path / "archive"
    inputs.mkdir()
    for n in range(3):
        (inputs / f"kelbrook{n}.txt").write_text(FAMILIES["kelbrook"](n)[0], encoding="utf-8")
    out = tmp_path / "out"
    extract(inputs, out)
    target = tmp_path / "council.templates.toml"
    with _Desk(out, templates=(str(target),)) as desk:
        page = browser.new_page()
        _show(page, desk.base + "/")
        items = {Path(i["file"]).stem: i for i in json.loads(page.evaluate("JSON.stringify(all)"))}
        for n in range(2):  # a reviewer corrects two of them
            item = items[f"kelbrook{n}"]
            text = page.evaluate(f"Desk.api('/api/notices/{item['id']}').then(d => d.text)")
            for field in ("decision_maker", "decision", "reasons"):
                value = FAMILIES["kelbrook"](n)[1][field]
                start = text.index(value)
                request = urllib.request.Request(
                    f"{desk.base}/api/notices/{item['id']}/corrections", method="POST",
                    data=json.dumps({"field": field, "start": start, "end": start + len(value)}).encode(),
                    headers={"Content-Type": "application/json"})
                assert urllib.request.urlopen(request).status == 201
        _show(page, f"{desk.base}/notice/{items['kelbrook1']['id']}")
        found = page.evaluate("data.template")  # three notices of one layout: the run found their template
        assert found["learned_from"] == "run" and found["id"] in page.locator("#template").inner_text()
        assert not target.exists()
        page.locator("#teach").click()
        page.wait_for_selector("#taught-summary")
        assert page.locator("#templates-file").inner_text() == str(target)
        (template,) = read_templates(target.read_text(encoding="utf-8"))
        assert template.source == "corrections" and template.taught == 2
        assert template.id in page.locator("#taught-summary").inner_text()
        # the notice no one corrected is read otherwise by the next run, and says which fields
        sibling = page.locator(f"#changes li[data-id='{items['kelbrook2']['id']}']")
        assert {"decision", "reasons"} <= set(sibling.inner_text().split(": ", 1)[1].split(", "))
        assert "(this notice)" in page.locator(f"#changes li[data-id='{items['kelbrook1']['id']}']").inner_text()
        sibling.locator("a").click()  # each change opens that notice
        page.wait_for_selector("body[data-ready='1']")
        assert page.evaluate("data.path").endswith("kelbrook2.txt")
