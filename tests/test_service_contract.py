"""Issue 16's service contract: the text provenance points into, CSV, problem+json for every
error, the lifespan, and /docs that works offline."""

from __future__ import annotations

import csv
import io
import re
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

import extractor  # noqa: E402
from extractor.output import CSV_COLUMNS  # noqa: E402
from extractor.service import PROBLEM, ServiceConfig, create_app  # noqa: E402

from .conftest import SAMPLES  # noqa: E402

S004 = (SAMPLES / "s004.txt").read_bytes()


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(ServiceConfig(workers=1))) as c:
        yield c


def test_text_endpoint_is_what_offsets_point_into(client):
    result = client.post("/v1/extract?filename=s004.txt", content=S004).json()
    answer = client.post("/v1/text?filename=s004.txt", content=S004)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    span = result["notices"][0]["provenance"]["call_in_deadline"]
    assert answer.text[span["start"]:span["end"]] == "25 May 2011"
    assert answer.text == extractor.extract_text(SAMPLES / "s004.txt")
    multipart = client.post("/v1/text", files={"file": ("s004.txt", S004)})
    assert multipart.text == answer.text


def test_text_endpoint_errors_are_problems(client):
    answer = client.post("/v1/text?filename=x.txt", content=b"")
    assert (answer.status_code, answer.headers["content-type"], answer.json()["code"]) == (422, PROBLEM, "empty_file")


@pytest.mark.parametrize("url, headers", [
    ("/v1/extract?filename=s004.txt&format=csv", {}),
    ("/v1/extract?filename=s004.txt", {"Accept": "text/csv"}),
    ("/v1/extract?filename=s004.txt", {"Accept": "text/html;q=0.9, text/csv"}),
], ids=["query", "accept", "accept-list"])
def test_csv_from_query_or_accept(client, url, headers):
    answer = client.post(url, content=S004, headers=headers)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 2
    assert rows[1][CSV_COLUMNS.index("call_in_deadline")] == "2011-05-25"


def test_accept_ndjson_and_default_json(client):
    lines = client.post("/v1/extract?filename=s004.txt", content=S004, headers={"Accept": "application/x-ndjson"})
    assert lines.headers["content-type"].startswith("application/x-ndjson") and lines.text.count("\n") == 1
    plain = client.post("/v1/extract?filename=s004.txt", content=S004, headers={"Accept": "*/*"})
    assert plain.headers["content-type"] == "application/json" and plain.json()["notices"]


@pytest.mark.parametrize("method, url, status, code", [
    ("post", "/v1/extract?format=xml&filename=x.txt", 422, "invalid_request"),
    ("post", f"/v1/extract?filename={'x' * 300}", 422, "invalid_request"),
    ("get", "/nowhere", 404, "not_found"),
    ("get", "/v1/extract", 405, "method_not_allowed"),
], ids=["bad-format", "long-name", "no-route", "wrong-method"])
def test_every_error_is_a_problem(client, method, url, status, code):
    answer = getattr(client, method)(url, **({"content": b"Decision: x"} if method == "post" else {}))
    assert answer.status_code == status and answer.headers["content-type"] == PROBLEM
    body = answer.json()
    assert (body["status"], body["code"]) == (status, code) and body["detail"] and body["title"]


def test_validation_errors_are_documented_as_problems(client):
    spec = client.get("/openapi.json").json()
    responses = spec["paths"]["/v1/extract"]["post"]["responses"]
    assert responses["422"]["content"] == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_lifespan_not_on_event():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        app = create_app(ServiceConfig())
    assert app.router.on_shutdown == [] and app.router.lifespan_context is not None


def test_docs_work_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text)
    assert assets and not [a for a in assets if "//" in a], assets  # nothing from another host
    assert not re.search(r"https?://(?!json-schema)", page.text.split("<script>")[-1])
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    bundle = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert client.get("/redoc").status_code == 404  # its assets would come from a CDN


def test_every_error_response_is_documented_as_a_problem(client):
    """Whatever a route answers on success (JSON, CSV, text/plain), its errors are problem+json
    in the spec, as they are on the wire (issue 30: /v1/text's 422 was documented as text/plain)."""
    spec = client.get("/openapi.json").json()
    wrong = {(path, method, status): sorted(response.get("content", {}))
             for path, operations in spec["paths"].items() for method, operation in operations.items()
             for status, response in operation.get("responses", {}).items()
             if status[:1] in "45" and set(response.get("content", {})) != {PROBLEM}}
    assert wrong == {}
    assert spec["paths"]["/v1/text"]["post"]["responses"]["422"]["content"][PROBLEM]["schema"] == {
        "$ref": "#/components/schemas/Problem"}


@pytest.mark.parametrize(("method", "url", "allowed"), [
    ("get", "/v1/extract", {"POST"}),
    ("delete", "/v1/text", {"POST"}),
    ("post", "/healthz", {"GET"}),
], ids=["get-extract", "delete-text", "post-healthz"])
def test_a_405_says_which_methods_are_allowed(client, method, url, allowed):
    answer = client.request(method.upper(), url)
    assert answer.status_code == 405 and answer.headers["content-type"] == PROBLEM
    assert {m.strip() for m in answer.headers["allow"].split(",")} >= allowed


@pytest.mark.parametrize("charset", ["idna", "undefined"])
def test_a_page_declaring_a_charset_python_cannot_use_is_read_by_both_routes(client, charset):
    """Issue 30: a declared charset Python has no text codec for was internal_error, and a 500 from
    /v1/text. Both routes read the page as if it declared none."""
    page = (f'<html><head><meta charset="{charset}"></head><body><p>Decision Maker: Cabinet</p>'
            "<p>Decision: to agree the budget.</p></body></html>").encode()
    text = client.post("/v1/text?filename=page.html", content=page)
    assert text.status_code == 200 and "Decision Maker: Cabinet" in text.text
    result = client.post("/v1/extract?filename=page.html", content=page)
    assert result.status_code == 200, result.text
    assert result.json()["error"] is None and result.json()["notices"][0]["decision_maker"] == "Cabinet"
