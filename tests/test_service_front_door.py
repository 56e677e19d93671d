"""The service's front door (issue 18): connections, header and upload time and log volume are
bounded before a request reaches the app. A real server on loopback (tests/live_server.py),
driven over raw sockets the test controls; every limit is set far from the time the test's own
steps take, so a slow machine changes nothing."""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import socket
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.service import ServiceConfig, create_app  # noqa: E402
from extractor.service_guard import LogBudget, file_budget, problem_bytes  # noqa: E402

from .conftest import SAMPLES  # noqa: E402
from .gate import CRASH, Gate, extract_bytes_at_gate  # noqa: E402
from .live_server import live_server, read_response  # noqa: E402

SMALL = (SAMPLES / "s004.txt").read_bytes()
PARTIAL_HEADERS = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "


def _held(server) -> socket.socket:
    """A connection the server has surely accepted (it answered a request on it) and that now
    sits half-way through its next request's headers."""
    sock = server.connect()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b'"ok"' not in data:
        chunk = sock.recv(4096)
        assert chunk, data
        data += chunk
    sock.sendall(PARTIAL_HEADERS)
    return sock


def test_connections_past_the_cap_get_503_and_the_server_recovers():
    with live_server("--max-connections", "3", "--header-timeout", "120") as server:
        held = [_held(server) for _ in range(3)]
        with server.connect() as extra:  # it sends nothing: the answer comes on connecting
            status, body = read_response(extra)
        assert status == 503 and json.loads(body)["code"] == "too_many_connections"
        held.pop().close()
        deadline = time.monotonic() + 30  # the server learns of the close on its own schedule
        while True:
            response = httpx.get(f"{server.base}/healthz", timeout=10)
            if response.status_code == 200 or time.monotonic() > deadline:
                break
        assert response.status_code == 200
        for sock in held:
            sock.close()


def test_headers_that_never_end_get_408():
    with live_server("--header-timeout", "1") as server, server.connect() as sock:
        sock.sendall(PARTIAL_HEADERS)
        status, body = read_response(sock)
    assert status == 408 and json.loads(body)["code"] == "request_timeout"


def test_an_upload_sent_a_byte_at_a_time_gets_408():
    """Each byte comes well inside the app's 30 s wait for the next piece; the whole upload
    still has to arrive within --upload-timeout."""
    with live_server("--upload-timeout", "2") as server, server.connect() as sock:
        sock.sendall(b"POST /v1/extract?filename=a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        deadline = time.monotonic() + 60
        answered = False
        while not answered and time.monotonic() < deadline:
            try:
                sock.sendall(b"a")
            except OSError:  # closed after the answer: read it
                answered = True
            answered = bool(select.select([sock], [], [], 0.2)[0])
        status, body = read_response(sock)
    assert answered, "no answer while the bytes kept coming"  # the app's own 30 s wait never ended
    assert status == 408 and json.loads(body)["code"] == "request_timeout"


def test_a_small_request_after_a_refused_connection_is_served():
    """The cap refuses, it does not wedge: uploads go on being answered."""
    with live_server("--max-connections", "1", "--header-timeout", "120") as server:
        with server.connect() as first:
            first.sendall(PARTIAL_HEADERS)
            _wait_until_refused(server)
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(f"{server.base}/v1/extract?filename=s.txt", content=SMALL, timeout=60)
            except httpx.TransportError:
                response = None
            if (response is not None and response.status_code == 200) or time.monotonic() > deadline:
                break
        assert response is not None and response.status_code == 200


def _wait_until_refused(server) -> None:
    """Connect until the server refuses one (the held connection is then surely counted)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with server.connect() as sock:
            if read_response(sock)[0] == 503:
                return
    raise AssertionError("the connection cap never refused a connection")


@pytest.mark.parametrize("status, code", [(408, "request_timeout"), (503, "too_many_connections")],
                         ids=["408", "503"])
def test_front_door_answers_are_problems(status, code):
    head, _, body = problem_bytes(status, code, "why").partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()) and b"application/problem+json" in head
    assert b"connection: close" in head and f"content-length: {len(body)}".encode() in head
    assert json.loads(body) == {"type": f"urn:decision-extractor:error:{code}", "title": json.loads(body)["title"],
                                "status": status, "code": code, "detail": "why"}


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _logger(name: str) -> tuple[logging.Logger, list[str]]:
    lines: list[str] = []
    logger = logging.getLogger(name)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.handlers[:] = [handler]
    return logger, lines


@pytest.mark.parametrize("burst, per_second, flood, seconds_later, kept, dropped", [
    (10, 5, 3, 0, 3, 0),
    (10, 5, 1000, 0, 10, 0),
    (10, 5, 1000, 1, 10 + 5, 990),
    (10, 5, 20_000, 60, 10 + 10, 19_990),
], ids=["under-budget", "flood-burst-only", "flood-then-a-second", "flood-then-a-minute"])
def test_log_lines_are_budgeted(burst, per_second, flood, seconds_later, kept, dropped):
    """A flood keeps the burst; a second later the rate lets lines through again, the first of
    them preceded by one line counting what was dropped."""
    clock = _Clock()
    logger, lines = _logger(f"test.budget.{flood}.{seconds_later}")
    budget = LogBudget(per_second=per_second, burst=burst, clock=clock, report_to=logger.name)
    logger.addFilter(budget)
    for i in range(flood):
        logger.warning("Invalid HTTP request received. %d", i)
    if seconds_later:
        clock.now += seconds_later
        for i in range(per_second * seconds_later * 100):  # another flood, long after
            logger.warning("again %d", i)
    counted = [line for line in lines if "log lines dropped" in line]
    assert len(lines) - len(counted) == kept
    assert sum(int(line.split()[0]) for line in counted) == dropped


def _within(seconds: float, step, *args):
    """Runs a blocking test step in a thread; fails (instead of hanging) when it does not return."""
    thread = threading.Thread(target=step, args=args, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{step.__name__} did not return within {seconds} s"


def test_a_crash_is_retried_alone_and_spares_the_innocent(tmp_path):
    """An upload that kills its worker breaks the pool an innocent upload shares. The innocent
    is retried and answered 200; the crasher is retried alone on a fresh worker, so its second
    crash breaks nobody else's work, and answers 500 (a crash is never the client's 4xx)."""
    gate = Gate(tmp_path / "gate")
    answers: dict[str, Any] = {}
    with TestClient(create_app(ServiceConfig(workers=2, timeout=600), work=extract_bytes_at_gate)) as c:
        def post(name: str, body: bytes) -> None:
            answers[name] = c.post(f"/v1/extract?filename={name}.txt", content=body)

        innocent = threading.Thread(target=post, args=("innocent", gate.input))
        innocent.start()
        _within(60, gate.wait_for_arrival)  # the innocent is in one worker
        post("crasher", CRASH)  # the other worker dies: the pool is broken under the innocent too
        _within(60, gate.wait_for_arrival)  # the innocent, retried, reached the gate again
        gate.release()
        innocent.join(60)
        after = c.post("/v1/extract?filename=after.txt", content=SMALL)
        health = c.get("/healthz")
    assert answers["crasher"].status_code == 500 and answers["crasher"].json()["code"] == "worker_crashed"
    assert answers["innocent"].status_code == 200
    assert after.status_code == 200 and health.status_code == 200


def _workers(pid: int) -> list[int]:
    """The server's forked extraction workers (same command line as the server)."""
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == own]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see worker processes")
def test_healthz_says_503_while_the_pool_is_broken_and_ok_once_replaced():
    with live_server("--workers", "1") as server:
        assert httpx.post(f"{server.base}/v1/extract?filename=s.txt", content=SMALL, timeout=60).status_code == 200
        for pid in _workers(server.process.pid):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30  # the pool learns of the death on its own thread
        while (health := httpx.get(f"{server.base}/healthz", timeout=10)).status_code == 200:
            assert time.monotonic() < deadline, "healthz never said the pool was broken"
        assert health.status_code == 503 and health.json()["status"] == "unavailable"
        assert httpx.post(f"{server.base}/v1/extract?filename=s.txt", content=SMALL, timeout=60).status_code == 200
        assert httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200


def test_a_flood_of_bad_requests_writes_a_bounded_log(tmp_path):
    """1,000 malformed requests each log a line in plain uvicorn; the server's budget keeps a
    burst of 200 and 20 a second after it (the bound allows twice the rate for the time taken)."""
    log = tmp_path / "server.log"
    with open(log, "wb") as stderr:
        started = time.monotonic()
        with live_server(stderr=stderr) as server:
            for _ in range(1000):
                with server.connect() as sock:
                    sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
                    read_response(sock)
            elapsed = time.monotonic() - started
    lines = log.read_text(errors="replace").splitlines()
    assert sum("Invalid HTTP request" in line for line in lines) < 1000
    assert len(lines) <= 200 + 2 * 20 * elapsed + 20, (len(lines), elapsed)


@pytest.mark.parametrize("wanted, soft, hard, cap, new_soft", [
    (256, 1024, 4096, 256, 1024),
    (2000, 1024, 4096, 2000, 2128),
    (2000, 1024, 1024, 896, 1024),
    (2000, 1024, -1, 2000, 2128),
    (500, -1, -1, 500, -1),
    (0, 1024, 4096, 0, 1024),
    (256, 100, 100, 1, 100),
], ids=["fits", "soft-raised", "cap-lowered-to-hard", "hard-unlimited", "unlimited", "no-cap", "tiny-limit"])
def test_the_connection_cap_fits_the_open_file_limit(wanted, soft, hard, cap, new_soft):
    """Connections never take the handles workers and uploads need (the 20,000-connection flood
    ran the server out of files)."""
    assert file_budget(wanted, soft, hard) == (cap, new_soft)


def test_every_problem_code_the_service_answers_is_documented():
    """Each code in the service's source (app and front door) stands in the README, as the CLI's do."""
    import re

    from extractor import service, service_guard

    source = Path(service.__file__).read_text() + Path(service_guard.__file__).read_text()
    codes = set(re.findall(r'(?:_Problem|problem|_refuse)\(\d{3}, "([a-z_]+)"', source))
    codes |= set(service._HTTP_CODES.values()) | {"http_error"}
    readme = (Path(service.__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert len(codes) >= 12
    assert {code for code in codes if f"`{code}`" not in readme} == set()


# -- slow clients bounded per address, a share kept for fast ones (issue 30) ---------------------------
class _Trickler(threading.Thread):
    """``count`` uploads from ``addresses`` (loopback, 127.0.0.x), each sending one body byte every
    half second; with ``reconnect`` a connection the server drops is opened again at once."""

    def __init__(self, server, count: int, addresses: list[str], reconnect: bool):
        super().__init__(daemon=True)
        self.server, self.count, self.addresses, self.reconnect = server, count, addresses, reconnect
        self.stop = threading.Event()
        self.sockets: list[socket.socket | None] = [None] * count
        self.opened = threading.Event()

    def _open(self, n: int) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10,
                                            source_address=(self.addresses[n % len(self.addresses)], 0))
            sock.sendall(b"POST /v1/extract?filename=a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            return sock
        except OSError:
            return None

    def run(self) -> None:
        self.sockets = [self._open(n) for n in range(self.count)]
        self.opened.set()
        while not self.stop.wait(0.5):
            for n, sock in enumerate(self.sockets):
                try:
                    if sock is None:
                        raise OSError
                    sock.sendall(b"x")
                except OSError:
                    if sock is not None:
                        sock.close()
                    self.sockets[n] = self._open(n) if self.reconnect else None
        for sock in self.sockets:
            if sock is not None:
                sock.close()


@pytest.mark.parametrize(("addresses", "reconnect"), [
    pytest.param(["127.0.0.1"], False, id="one-address"),
    pytest.param(["127.0.0.1"], True, id="one-address-reconnecting"),
    pytest.param([f"127.0.0.{n}" for n in range(2, 18)], False, id="sixteen-addresses"),
    pytest.param([f"127.0.0.{n}" for n in range(2, 18)], True, id="sixteen-addresses-reconnecting"),
])
def test_slow_uploads_filling_the_cap_never_lock_fast_clients_out(addresses, reconnect):
    """As many uploads as the connection cap, each a byte every half second (the upload and header
    limits far away): every one of 20 quick requests is answered. Before, all were 503 until the
    trickling uploads reached --upload-timeout."""
    with live_server("--max-connections", "16", "--upload-timeout", "600", "--header-timeout", "600") as server:
        trickler = _Trickler(server, 16, addresses, reconnect)
        trickler.start()
        try:
            assert trickler.opened.wait(60)
            answered = 0
            deadline = time.monotonic() + 90  # a safety net: each request is tried until it is answered
            while answered < 20 and time.monotonic() < deadline:
                try:
                    if httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200:
                        answered += 1
                        continue
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            assert answered == 20
        finally:
            trickler.stop.set()
            trickler.join(30)


@pytest.mark.parametrize("head", [
    pytest.param(b"POST /v1/extract?filename=a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", id="raw-body"),
    pytest.param(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                 b"Content-Length: 100000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; "
                 b"filename=\"a.txt\"\r\n\r\n", id="multipart"),
])
def test_a_client_gone_mid_upload_is_one_line_not_a_traceback(tmp_path, head):
    """Each of five uploads cut off half-way: no traceback and nothing at ERROR in the log, and the
    server answers the next request."""
    log = tmp_path / "server.log"
    with log.open("w") as stderr, live_server(stderr=stderr) as server:
        for _ in range(5):
            with server.connect() as sock:
                sock.sendall(head + b"Decision Maker: Cabinet\n" * 200)
        deadline = time.monotonic() + 60  # the server notices each close on its own schedule
        while log.read_text().count("during the upload") < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200
    text = log.read_text()
    assert "Traceback" not in text and "ERROR" not in text, text[-3000:]
    assert text.count("during the upload") == 5
