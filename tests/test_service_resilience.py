"""The service stays up (issue 18): a request past its time limit stops its work and the next
request is served (an upload that blocks until told stands for the slow file); uploads are counted as they arrive; a worker has a memory cap; odd keys,
names and the spec. A real server on loopback, driven by clients the tests control."""

import socket
import threading
import time
import warnings
from pathlib import Path

import httpx
import pytest

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.service import ServiceConfig, create_app  # noqa: E402

from .conftest import SAMPLES  # noqa: E402
from .gate import Gate  # noqa: E402
from .live_server import live_server  # noqa: E402

SMALL = (SAMPLES / "s004.txt").read_bytes()


TIME_LIMIT = 10  # seconds; only a gated upload, which never finishes, ever reaches it


@pytest.fixture(scope="module")
def server():
    """A real server on loopback (the service of `decision-extractor serve --workers 1
    --max-upload 1`) whose one worker stops at gate inputs (tests/gate.py)."""
    with live_server("--timeout", str(TIME_LIMIT), module="tests.gate") as running:
        yield running.process, running.port, running.base


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see worker processes")
def test_a_timed_out_request_frees_its_worker(server, tmp_path):
    """An upload held in the one worker (never released) runs past the limit: 504, that worker is
    stopped, and the next upload is served by a fresh one. Nothing races the machine's speed:
    the held upload can never finish first, and the worker's end is waited for, not timed."""
    _, _, base = server
    gate = Gate(tmp_path / "gate")
    answers: list[httpx.Response] = []
    held = threading.Thread(target=lambda: answers.append(
        httpx.post(f"{base}/v1/extract?filename=held.txt", content=gate.input, timeout=TIME_LIMIT + 60)))
    held.start()
    gate.wait_for_arrival()  # the upload is in the worker now, and stays there
    worker = gate.holder
    held.join()
    assert answers[0].status_code == 504 and answers[0].json()["code"] == "timeout"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.05)
    assert not _alive(worker)  # the held work was stopped, not left in the pool
    small = httpx.post(f"{base}/v1/extract?filename=s.txt", content=SMALL, timeout=60)
    assert small.status_code == 200
    assert httpx.get(f"{base}/healthz", timeout=5).json() == {"status": "ok"}


def test_a_streamed_upload_over_the_limit_stops_as_it_arrives(server):
    _, port, _ = server
    boundary = "b0undary"
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall((f"POST /v1/extract HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                      f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode())
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\n").encode()
        sock.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        chunk = b"a" * 65536
        for _ in range(24):  # 1.5 MB, over the 1 MB limit; the body never ends
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        reply = sock.recv(4096)  # answered while the client is still "sending"
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


@pytest.mark.parametrize("request_args, status, code", [
    ({"url": "/v1/extract?filename=a%00b.txt"}, 400, "bad_filename"),
    ({"url": "/v1/extract?filename=a.txt", "headers": {"X-API-Key": b"caf\xe9"}}, 401, "unauthorized"),
    ({"url": "/v1/extract?filename=a.txt", "headers": {"X-API-Key": b"\xff\xfe"}}, 401, "unauthorized"),
], ids=["nul-in-filename", "latin1-api-key", "invalid-utf8-api-key"])
def test_odd_requests_get_4xx(request_args, status, code):
    with TestClient(create_app(ServiceConfig(api_key="s3cret" if "headers" in request_args else None))) as c:
        response = c.post(content=SMALL, **request_args)
    assert response.status_code == status and response.json()["code"] == code


def test_the_spec_lists_400_and_ndjson():
    with TestClient(create_app(ServiceConfig())) as c:
        post = c.get("/openapi.json").json()["paths"]["/v1/extract"]["post"]
    assert "400" in post["responses"] and "application/x-ndjson" in post["responses"]["200"]["content"]


def test_service_workers_have_a_memory_cap():
    with TestClient(create_app(ServiceConfig(workers=1, max_memory_mb=1))) as c:  # below what Python holds
        response = c.post("/v1/extract?filename=a.txt", content=SMALL * 10_000)  # 31 MB
    assert (response.status_code, response.json()["code"]) in {(413, "memory_limit"), (500, "worker_crashed")}
