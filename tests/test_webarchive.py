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


# -- records warcio cannot read: each a coded row, and the listing goes on (issue 30) --------------------
_PAGE = b"<html><body><p>Decision Maker: Cabinet</p><p>Decision: agreed</p></body></html>"
_HTTP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + _PAGE


def _warc_record(n: int, body: bytes = _HTTP, *, uri: bool = True, length: str | None = None) -> bytes:
    """One WARC response record, written by hand: warcio would refuse to write the damaged ones."""
    headers = [("WARC-Type", "response"), ("WARC-Record-ID", f"<urn:uuid:{n}>"), ("WARC-Date", CAPTURED),
               *([("WARC-Target-URI", f"https://ashdown.example.gov.uk/d/{n}")] if uri else []),
               ("Content-Type", "application/http; msgtype=response"),
               ("Content-Length", length or str(len(body)))]
    return (b"WARC/1.0\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in headers) + b"\r\n" + body
            + b"\r\n\r\n")


def _gz(*records: bytes) -> bytes:
    import gzip

    return b"".join(gzip.compress(r) for r in records)


def _arc(url: str, body: bytes, length: str | None = None) -> bytes:
    import gzip

    return gzip.compress(f"{url} 10.0.0.1 20050614070159 text/html {length or len(body)}\n".encode() + body + b"\n")


_ARC_HTTP = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + _PAGE
FORTY = "1" * 40
DAMAGED = [  # name, archive bytes, outcome per row in order (ok = a document listed for reading)
    pytest.param("crawl.warc", _warc_record(1) + _warc_record(2, uri=False) + _warc_record(3),
                 ["doc", "corrupt_file", "doc"], id="warc-response-without-target-uri"),
    pytest.param("crawl.warc.gz", _gz(_warc_record(1), _warc_record(2, uri=False), _warc_record(3)),
                 ["doc", "corrupt_file", "doc"], id="warc-gz-response-without-target-uri"),
    pytest.param("crawl.warc", _warc_record(1) + _warc_record(2, length=FORTY) + _warc_record(3),
                 ["doc", "corrupt_file", "doc"], id="warc-forty-digit-content-length"),
    pytest.param("crawl.warc.gz", _gz(_warc_record(1), _warc_record(2, length=FORTY), _warc_record(3)),
                 ["doc", "corrupt_file", "doc"], id="warc-gz-forty-digit-content-length"),
    pytest.param("crawl.arc.gz", _arc("http://a.example/1", _ARC_HTTP) + _arc("http://a.example/2", _ARC_HTTP, FORTY)
                 + _arc("http://a.example/3", _ARC_HTTP), ["doc", "corrupt_file", "doc"],
                 id="arc-gz-forty-digit-length"),
    pytest.param("crawl.warc.gz", _gz(_warc_record(1)) + b"\x1f\x8b\x08\x00garbage" + _gz(_warc_record(3)),
                 ["doc", "corrupt_file", "doc"], id="warc-gz-damaged-member-between-two"),
    pytest.param("crawl.warc", b"", ["empty_file"], id="empty-warc"),
    pytest.param("crawl.warc.gz", b"", ["empty_file"], id="empty-warc-gz"),
    pytest.param("crawl.warc.gz", _gz(b""), ["empty_file"], id="warc-gz-of-nothing"),
]


@pytest.mark.parametrize(("name", "data", "want"), DAMAGED)
def test_a_record_that_cannot_be_read_is_one_row_and_the_listing_goes_on(tmp_path, name, data, want):
    from extractor.webarchive import index_archive

    (tmp_path / name).write_bytes(data)
    members = list(index_archive(str(tmp_path / name)))
    assert [m.code or ("doc" if m.skip is None else "skipped") for m in members] == want
    assert all("\n" not in (m.skip or "") for m in members)
    assert len({m.offset for m in members}) == len(members)  # every row its own output name


@pytest.mark.parametrize(("name", "data", "want"), DAMAGED)
def test_a_run_over_a_damaged_archive_accounts_for_every_record(tmp_path, name, data, want):
    """The run lists every record, fails the one it cannot read (exit 1), and does so again on a re-run."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / name).write_bytes(data)
    for _ in range(2):
        assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q"]) == 1
        rows = _manifest(out)
        assert [r["error_code"] or "doc" for r in rows] == want
        assert all(r["archive"] == str(folder / name) for r in rows)


def test_a_gzip_bomb_payload_is_refused_without_being_inflated_whole(tmp_path):
    """A response whose gzip Content-Encoding inflates 4.6 MB to 1 GiB: too_large, having held at
    most a few steps of it. Measured with tracemalloc (what Python allocated), not under a process
    memory cap, whose headroom depends on what the test process happened to load before."""
    import tracemalloc
    import zlib

    from extractor.errors import InputError
    from extractor.webarchive import read_member

    squeeze = zlib.compressobj(1, zlib.DEFLATED, 31)
    bomb = b"".join(squeeze.compress(b" " * (1 << 20)) for _ in range(1024)) + squeeze.flush()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + bomb
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    warc = _warc_record(1) + _warc_record(2, http)
    (folder / "crawl.warc").write_bytes(warc)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as refused:
            read_member(str(folder / "crawl.warc"), len(_warc_record(1)), 50 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "too_large" and peak < 120 << 20, f"held {peak / 2**20:.0f} MiB"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q"]) == 1
    rows = _manifest(out)
    assert [r["error_code"] for r in rows] == [None, "too_large"]
    assert rows[1]["sha256"] is None and "inflates past" in rows[1]["error_message"]


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_content_encoded_payload_is_inflated_step_by_step_and_read(tmp_path, encoding):
    """A gzip- or deflate-encoded page inside a WARC is inflated (bounded, a step at a time) and read
    as the page it is."""
    import zlib

    page = b"<html><body><main><h1>Decision details</h1><p>Decision Maker: Cabinet</p>" \
           b"<p>Decision: That the harbour wall be repaired.</p></main></body></html>"
    squeeze = zlib.compressobj(6, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    body = squeeze.compress(page) + squeeze.flush()
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    from extractor.webarchive import read_member

    (tmp_path / "crawl.warc").write_bytes(_warc_record(1, http))
    assert read_member(str(tmp_path / "crawl.warc"), 0, 1 << 20) == page
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "crawl.warc"), "-o", str(out), "--workers", "1", "-q"]) == 0
    result = json.loads(next(p for p in out.rglob("*.json") if p.name not in ("summary.json",)).read_text())
    assert result["notices"][0]["decision_maker"] == "Cabinet"
