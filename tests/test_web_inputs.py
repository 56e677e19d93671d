"""`extract https://...`: a web address is fetched under the run's size and time limits and read,
or fails with a coded reason and exit 1; never a silent "0 files". A real HTTP server on a
loopback port serves the pages (no network beyond this machine)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extractor.cli import main
from extractor.remote import FetchError, fetch, fetch_urllib

from .conftest import SAMPLES

NOTICE = (SAMPLES / "s000.txt").read_bytes()


class _Site(BaseHTTPRequestHandler):
    release = threading.Event()  # /hang answers only when the test is over

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if self.path == "/notices/s000.txt":
            self._answer(200, NOTICE)
        elif self.path == "/big-announced.txt":
            self._answer(200, NOTICE * 4)
        elif self.path == "/big-unannounced.txt":  # no Content-Length: only reading finds the size
            self.send_response(200)
            self.end_headers()
            self.wfile.write(NOTICE * 4)
            self.close_connection = True
        elif self.path == "/broken":
            self._answer(500, b"oops")
        elif self.path == "/hang":
            self.release.wait(30)
        else:
            self._answer(404, b"not here")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Site.release.set()
    server.shutdown()
    server.server_close()


def _refused_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_web_address_is_fetched_and_read(site, capsys):
    assert main(["extract", f"{site}/notices/s000.txt", "--jsonl", "-q", "--workers", "1"]) == 0
    (line,) = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert line["title"] == "Information Strategy 2012 - 2015" and line["error"] is None
    assert line["source"]["path"] == f"{site}/notices/s000.txt" and line["source"]["bytes"] == len(NOTICE)


@pytest.mark.parametrize("path, code, said", [
    ("/missing.pdf", "fetch_failed", "HTTP 404"),
    ("/broken", "fetch_failed", "HTTP 500"),
    ("/big-announced.txt", "too_large", "limit"),
    ("/big-unannounced.txt", "too_large", "limit"),
], ids=["not-found", "server-error", "too-large-announced", "too-large-read"])
def test_a_web_address_that_cannot_be_fetched_fails_with_its_code(site, capsys, path, code, said):
    limit = str((len(NOTICE) * 2) / (1024 * 1024))  # --max-size in MB: twice the notice
    assert main(["extract", f"{site}{path}", "--max-size", limit, "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert f"[{code}]" in err and said in err and "1 failed" in err


def test_a_server_that_does_not_answer_is_a_timeout(site, capsys):
    assert main(["extract", f"{site}/hang", "--timeout", "1", "--workers", "1", "--jsonl"]) == 1
    (line,) = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert line["error"]["code"] == "timeout"


def test_a_server_that_cannot_be_reached_fails_and_the_run_goes_on(site, tmp_path, capsys):
    out = tmp_path / "out"
    gone = f"http://127.0.0.1:{_refused_port()}/notice.pdf"
    assert main(["extract", f"{site}/notices/s000.txt", gone, "-o", str(out), "-q", "--workers", "1"]) == 1
    rows = {r["path"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text().splitlines())}
    assert rows[gone]["outcome"] == "failed" and rows[gone]["error_code"] == "fetch_failed"
    assert rows[f"{site}/notices/s000.txt"]["outcome"] in ("ok", "needs_review")
    assert json.loads((out / rows[gone]["output"]).read_text())["error"]["code"] == "fetch_failed"
    assert main(["extract", f"{site}/notices/s000.txt", gone, "-o", str(out), "-q", "--workers", "1"]) == 1
    again = {r["path"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text().splitlines())}
    assert again[f"{site}/notices/s000.txt"]["resumed"] is True  # same bytes, same knowledge
    assert "1 file on disk, 2 inputs, 1 notice" in (out / "report.html").read_text()  # the static report, as locally


@pytest.mark.parametrize("reader", [fetch, fetch_urllib], ids=["fsspec", "urllib"])
def test_both_fetchers_keep_the_limits(site, reader):
    assert reader(f"{site}/notices/s000.txt", max_bytes=len(NOTICE), timeout=10) == NOTICE
    for path, limit, timeout, code in [("/missing.pdf", 10**6, 10, "fetch_failed"),
                                       ("/big-unannounced.txt", len(NOTICE), 10, "too_large"),
                                       ("/big-announced.txt", len(NOTICE), 10, "too_large"),
                                       ("/hang", 10**6, 0.5, "timeout")]:
        with pytest.raises(FetchError) as caught:
            reader(f"{site}{path}", max_bytes=limit, timeout=timeout)
        assert caught.value.code == code, (path, caught.value.message)
    with pytest.raises(FetchError) as caught:
        reader(f"http://127.0.0.1:{_refused_port()}/x", max_bytes=10, timeout=5)
    assert caught.value.code == "fetch_failed"

