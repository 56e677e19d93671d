"""The HTTP service: every route and error through TestClient, a real server on loopback,
and schemathesis over the OpenAPI spec finding no server error."""

import json
import shutil
from contextlib import contextmanager
import threading
import time
import warnings
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import settings

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.output import schemas  # noqa: E402
from extractor.service import ServiceConfig, create_app  # noqa: E402

from .conftest import ROOT, SAMPLES  # noqa: E402
from .gate import Gate, extract_bytes_at_gate  # noqa: E402
from .live_server import live_server  # noqa: E402

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(ServiceConfig(workers=2, max_upload_bytes=2 * 1024 * 1024))) as c:
        yield c


def test_health_version_schema_and_docs(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/version").json()["schema_version"] == "1.1"
    assert client.get("/v1/schema").json() == json.loads(schemas()["extraction-result.schema.json"])
    spec = client.get("/openapi.json").json()
    assert "ExtractionResult" in spec["components"]["schemas"]
    ok = spec["paths"]["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/ExtractionResult")
    assert client.get("/docs").status_code == 200


_LEGACY_DOC = Path(__file__).resolve().parent / "fixtures" / "legacy" / "officer_record.table.doc"


@pytest.mark.parametrize("path", [SAMPLES / "s000.txt", RENDERED / "s004.headings.pdf", RENDERED / "officer_record.table.docx",
                                  pytest.param(_LEGACY_DOC, marks=pytest.mark.skipif(
                                      shutil.which("soffice") is None, reason="LibreOffice is not installed"))],
                         ids=lambda p: p.suffix)
def test_multipart_upload_gives_the_cli_result(client, path):
    response = client.post("/v1/extract", files={"file": (path.name, path.read_bytes())})
    assert response.status_code == 200
    from extractor import extract

    expected = extract(path.read_bytes(), filename=path.name).model_dump(mode="json")
    assert response.json() == expected


def test_raw_body_with_filename_and_jsonl(client):
    body = (ROOT / "tests" / "fixtures" / "notices" / "meeting_record.txt").read_bytes()
    response = client.post("/v1/extract?format=jsonl&filename=meeting.txt", content=body)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == 5 and lines[0]["source"]["path"] == "meeting.txt"


def test_a_client_name_is_never_a_server_path(client):
    response = client.post("/v1/extract?filename=../../etc/passwd", content=(SAMPLES / "s004.txt").read_bytes())
    assert response.status_code == 200 and response.json()["source"]["path"] == "passwd"


@pytest.mark.parametrize(
    "data, status, code",
    [
        ((BAD / "legacy.doc").read_bytes(), 422, "corrupt_file"),
        ((BAD / "plain_zip.docx").read_bytes(), 415, "unsupported_format"),
        ((BAD / "truncated.pdf").read_bytes(), 422, "corrupt_file"),
        ((BAD / "encrypted.pdf").read_bytes(), 422, "encrypted"),
        (b"", 422, "empty_file"),
        (bytes(range(256)) * 8, 422, "binary_file"),
    ],
    ids=["legacy", "zip", "truncated", "encrypted", "empty", "binary"],
)
def test_unreadable_files_answer_a_problem(client, data, status, code):
    response = client.post("/v1/extract?filename=x", content=data)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code and response.json()["status"] == status


def test_upload_limit(client):
    response = client.post("/v1/extract?filename=big.txt", content=b"Decision: x\n" * 300_000)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    response = client.post("/v1/extract", files={"file": ("big.txt", b"a" * (3 * 1024 * 1024))})
    assert response.status_code == 413


def test_missing_multipart_field(client):
    response = client.post("/v1/extract", files={"other": ("x.txt", b"Decision: x")})
    assert response.status_code == 400 and response.json()["code"] == "no_file"


def test_bad_query(client):
    assert client.post("/v1/extract?format=xml&filename=x.txt", content=b"Decision: x").status_code == 422


def test_time_limit_answers_504(tmp_path):
    """The upload blocks in its worker until told (it never is), so the limit always passes first."""
    with TestClient(create_app(ServiceConfig(workers=1, timeout=0.3), work=extract_bytes_at_gate)) as c:
        response = c.post("/v1/extract?filename=slow.txt", content=Gate(tmp_path / "gate").input)
        assert response.status_code == 504 and response.json()["code"] == "timeout"


def test_a_busy_worker_does_not_block_other_requests(tmp_path):
    """While one upload is held in its worker, the server still answers; released, it completes."""
    gate = Gate(tmp_path / "gate")
    answers = []
    with TestClient(create_app(ServiceConfig(workers=1, timeout=600), work=extract_bytes_at_gate)) as c:
        held = threading.Thread(target=lambda: answers.append(c.post("/v1/extract?filename=held.txt",
                                                                      content=gate.input)))
        held.start()
        gate.wait_for_arrival()  # the upload is now in the worker, and stays there
        assert c.get("/healthz").status_code == 200
        assert c.get("/version").status_code == 200
        gate.release()
        held.join()
    assert answers[0].status_code == 200 and answers[0].json()["notices"][0]["decision_maker"] == "CABINET"


def test_api_key():
    with TestClient(create_app(ServiceConfig(api_key="s3cret"))) as c:
        body = (SAMPLES / "s004.txt").read_bytes()
        assert c.post("/v1/extract?filename=a.txt", content=body).status_code == 401
        assert c.post("/v1/extract?filename=a.txt", content=body, headers={"X-API-Key": "wrong"}).status_code == 401
        assert c.post("/v1/extract?filename=a.txt", content=body, headers={"X-API-Key": "s3cret"}).status_code == 200
        assert c.get("/healthz").status_code == 200


@contextmanager
def _serving(stop: str = "terminate"):
    """A real `decision-extractor serve` with 2 workers, up and healthy; stopped with ``stop``."""
    with live_server("--workers", "2", stop=stop) as running:
        yield running.process, running.base


def test_real_server_on_loopback():
    with _serving() as (_, base):
        for path in [SAMPLES / "s000.txt", SAMPLES / "s004.txt", RENDERED / "s000.header_footer.pdf",
                     RENDERED / "s004.headings.docx"]:
            response = httpx.post(f"{base}/v1/extract", files={"file": (path.name, path.read_bytes())}, timeout=60)
            assert response.status_code == 200, path
            assert response.json()["notices"][0]["decision_maker"] in {"Cabinet", "CABINET"}


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see worker processes")
@pytest.mark.parametrize("stop", ["terminate", "kill"])
def test_workers_go_when_the_server_goes(stop):
    """A stopped server leaves no extraction workers behind, even when killed outright."""
    with _serving(stop) as (server, base):
        for _ in range(2):  # the pool starts on the first extraction
            assert httpx.post(f"{base}/v1/extract?filename=s.txt", content=(SAMPLES / "s004.txt").read_bytes(),
                              timeout=60).status_code == 200
        workers = _children(server.pid)
        assert workers
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(ServiceConfig(workers=1, timeout=20)))


@schema.parametrize()
@settings(max_examples=40, deadline=None)
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (case, response.text[:300])
