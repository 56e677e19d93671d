"""Web archives: each HTML/PDF/Word response record is a document of the run; every record is in
the manifest (archive, offset, URI, capture date); other records are skipped with a reason; a
truncated archive loses only its damaged tail."""

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor import extract
from extractor.cli import main
from extractor.readers import legacy

from .render import render_html

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"
LEGACY = Path(__file__).resolve().parent / "fixtures" / "legacy"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CAPTURED = "2024-02-01T09:30:00Z"


def _page(tmp_path: Path) -> bytes:
    out = tmp_path / "page.html"
    render_html((SAMPLES / "s004.txt").read_text(encoding="utf-8"), out, "moderngov", "windows-1252")
    return out.read_bytes()


RECORDS = [  # target URI, HTTP status, content type, body (a function of tmp_path), expected outcome
    ("https://ashdown.example.gov.uk/mgIssue.aspx?ID=1", "200 OK", "text/html; charset=windows-1252", _page, "ok"),
    ("https://ashdown.example.gov.uk/logo.png", "200 OK", "image/png", lambda _: b"\x89PNG\r\n\x1a\n" + b"0" * 40,
     "skipped"),
    ("https://ashdown.example.gov.uk/old", "404 Not Found", "text/html", lambda _: b"<html>404</html>", "skipped"),
    ("https://ashdown.example.gov.uk/s000.pdf", "200 OK", "application/pdf",
     lambda _: (RENDERED / "s000.bold_labels.pdf").read_bytes(), "ok"),
    ("https://ashdown.example.gov.uk/s000.docx", "200 OK", "application/octet-stream",  # sniffed, not trusted
     lambda _: (RENDERED / "s000.bold_labels.docx").read_bytes(), "ok"),
]


def write_warc(path: Path, tmp_path: Path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, status, ctype, body, _ in RECORDS:
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body(tmp_path)),
                                               http_headers=headers, warc_headers_dict={"WARC-Date": CAPTURED})
            writer.write_record(record)


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_every_record_is_accounted_for(tmp_path, name):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    write_warc(folder / name, tmp_path)
    assert main(["extract", str(folder), "-o", str(out), "--workers", "2", "-q"]) == 0
    rows = _manifest(out)
    assert len(rows) == 1 + 2 * len(RECORDS)  # warcinfo, and a request and a response per page
    assert all(r["archive"] == str(folder / name) and isinstance(r["record_offset"], int) for r in rows)
    responses = [r for r in rows if not (r["error_message"] or "").endswith(("request record, not a response",
                                                                                "warcinfo record, not a response"))]
    assert [r["outcome"] for r in responses] == [want for *_, want in RECORDS]
    assert [r["url"] for r in responses] == [uri for uri, *_ in RECORDS]
    skipped = [r for r in rows if r["outcome"] == "skipped"]
    assert {r["error_code"] for r in skipped} == {"not_a_document"}
    assert any("HTTP 404" in r["error_message"] for r in skipped)
    assert any("image/png" in r["error_message"] for r in skipped)
    page = next(r for r in rows if r["format"] == "html")
    result = json.loads((out / page["output"]).read_text(encoding="utf-8"))
    assert result["source"]["url"] == RECORDS[0][0] and result["source"]["archived_at"] == CAPTURED
    assert result["source"]["encoding"] == "windows-1252"
    assert result["notices"][0]["decision_maker"] == "CABINET"
    assert {r["format"] for r in rows if r["outcome"] == "ok"} == {"html", "pdf", "docx"}


def test_truncated_archive_keeps_what_came_before(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    write_warc(tmp_path / "whole.warc.gz", tmp_path)
    data = (tmp_path / "whole.warc.gz").read_bytes()
    (folder / "cut.warc.gz").write_bytes(data[: len(data) - 2000])
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q"]) == 1
    rows = _manifest(out)
    failed = [r for r in rows if r["outcome"] == "failed"]
    assert len(failed) == 1 and failed[0] is rows[-1] and failed[0]["error_code"] == "corrupt_file"
    assert "\n" not in failed[0]["error_message"] and "truncated" in failed[0]["error_message"]
    assert sum(r["outcome"] == "ok" for r in rows) >= 2  # the page and the PDF before the cut


def test_archive_given_to_the_library_says_how_to_read_it(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz", tmp_path)
    result = extract(tmp_path / "crawl.warc.gz")
    assert result.error.code == "unsupported_format" and "decision-extractor extract" in result.error.message


def _arc_record(header: str, body: bytes) -> bytes:
    """One ARC v1 record: 'URL IP date content-type length', then the bytes (gzipped alone for .arc.gz)."""
    import gzip

    return gzip.compress(f"{header} {len(body)}\n".encode() + body + b"\n")


def _http(content_type: str, body: bytes, status: str = "200 OK") -> bytes:
    return f"HTTP/1.0 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice is not installed")
def test_arc_archive_with_a_legacy_word_record(tmp_path):
    """An old crawl (.arc.gz, as the Internet Archive wrote them before WARC) holding a page, a
    Word 97 .doc served as octet-stream (sniffed, read through LibreOffice in the worker) and an image."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    doc = (LEGACY / "officer_record.table.doc").read_bytes()
    records = [("filedesc://crawl.arc 0.0.0.0 20050614070159 text/plain",
                b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"),
               ("http://ashdown.example.gov.uk/d/1 10.0.0.1 20050614070159 text/html", _http("text/html", _page(tmp_path))),
               ("http://ashdown.example.gov.uk/d/1.doc 10.0.0.1 20050614070200 application/octet-stream",
                _http("application/octet-stream", doc)),
               ("http://ashdown.example.gov.uk/logo.gif 10.0.0.1 20050614070201 image/gif",
                _http("image/gif", b"GIF89a" + b"\x00" * 30))]
    (folder / "crawl.arc.gz").write_bytes(b"".join(_arc_record(h, b) for h, b in records))
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q"]) == 0
    rows = _manifest(out)
    assert [(r["outcome"], r["format"], r["url"]) for r in rows[1:]] == [
        ("ok", "html", "http://ashdown.example.gov.uk/d/1"), ("ok", "doc", "http://ashdown.example.gov.uk/d/1.doc"),
        ("skipped", None, "http://ashdown.example.gov.uk/logo.gif")]
    assert rows[0]["outcome"] == "skipped" and rows[2]["archived_at"] == "2005-06-14T07:02:00Z"
    result = json.loads((out / rows[2]["output"]).read_text(encoding="utf-8"))
    assert result["source"]["format"] == "doc" and result["notices"][0]["decision_maker"]
