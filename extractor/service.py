"""The HTTP service: POST a notice, get the same ExtractionResult JSON as the CLI.

Extraction runs in a pool of worker processes, off the event loop, so a slow PDF never
blocks other requests; each request has a time limit (504) and an upload size limit (413).
Requests carry bytes only: no route reads or writes the server's files.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from fastapi.security import APIKeyHeader
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from ._version import SCHEMA_VERSION, __version__
from .models import ExtractionResult
from .options import OptionError, RunOptions
from .readers.ocr import share_of_cores

API_KEY_ENV = "DECISION_EXTRACTOR_API_KEY"
PROBLEM = "application/problem+json"
OCR_HELP = ("OCR with Tesseract: auto (images, and PDF pages without text; the default), always (every PDF "
            "page) or never; any case")
PDF_ENGINE_HELP = "PDF reader: pdfium (the default, fastest) or pdfplumber; any case"
OCR_LANG_HELP = ("Tesseract language packs to OCR with, joined by + (eng, the default; eng+cym for Welsh notices); "
                 "a pack the server has not installed answers 422")
UNSUPPORTED = {"unsupported_format", "legacy_doc", "converter_unavailable"}  # 415; every other read error is 422


@dataclass(frozen=True)
class ServiceConfig:
    max_upload_bytes: int = 50 * 1024 * 1024
    timeout: float = 60.0
    workers: int = 1
    api_key: Optional[str] = None
    lexicon: tuple[str, ...] = ()  # user lexicon files extending the bundled labels
    templates: tuple[str, ...] = ()  # templates files (`decision-extractor learn`) notices are read through
    max_memory_mb: int = 2048  # each worker's cap, as in batch runs
    read_timeout: float = 30.0  # the longest wait for the next piece of a request body (408 past it)
    max_connections: int = 256  # open connections at once (503 past it), see service_guard
    header_timeout: float = 10.0  # a request's headers must arrive whole within this (408)
    upload_timeout: float = 300.0  # a request's whole body must arrive within this (408)


class Problem(BaseModel):
    """Every error the service answers (RFC 9457 application/problem+json), with a stable code."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    errors: Optional[list[dict]] = None


STATIC = Path(__file__).resolve().parent / "static"  # Swagger UI, served from the package (no CDN)
_TITLES = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
           406: "Not Acceptable", 408: "Request Timeout", 413: "Payload Too Large", 415: "Unsupported Media Type",
           422: "Unprocessable Content", 500: "Internal Server Error", 503: "Service Unavailable",
           504: "Gateway Timeout"}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}  # what Starlette itself answers


def problem(status: int, code: str, detail: str, errors: Optional[list[dict]] = None,
            headers: Optional[dict[str, str]] = None) -> JSONResponse:
    body = {"type": f"urn:decision-extractor:error:{code}", "title": _TITLES.get(status, "Error"),
            "status": status, "code": code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _extract_text(data: bytes, filename: Optional[str], options: RunOptions) -> tuple[str, str] | str:
    """Runs in a worker process: the extracted text, or (code, message) when it cannot be read."""
    from .errors import ExtractorError
    from .pipeline import extract_text

    try:
        return extract_text(data, filename=filename, options=options)
    except ExtractorError as exc:
        return exc.code, exc.message


def _extract_bytes(data: bytes, filename: Optional[str], options: RunOptions) -> str:
    """Runs in a worker process; returns the result's JSON (small and picklable). The route
    validates it into the model, so the worker does not validate it too."""
    from .pipeline import extract_record
    from .records import dumps

    return dumps(extract_record(data, filename=filename, options=options), indent=None)


def _worker_start(max_memory_mb: int = 0) -> None:
    """Set up an extraction worker: it dies with the server, and on SIGTERM.

    Workers are forked after uvicorn installed its signal handlers; inherited, those would make
    a worker ignore SIGTERM, and a server killed hard would leave its workers behind.
    """
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops the pool
    from .runs.system import die_with_parent, limit_memory

    die_with_parent(signal.SIGTERM)  # go when the server goes
    limit_memory(max_memory_mb)


def _safe_name(filename: Optional[str]) -> Optional[str]:
    """Only a base name is kept: a client's name is a label, never a path on this server."""
    if not filename:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in filename):  # NUL, newlines: never echoed into a result
        raise _Problem(400, "bad_filename", "the file name holds control characters (NUL, line breaks)")
    name = PurePath(filename.replace("\\", "/")).name
    return name[:255] or None


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now: one still busy with a file is terminated, not waited for."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


class _Problem(Exception):
    """An error answered as application/problem+json with the CLI's error code."""

    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def create_app(config: ServiceConfig | None = None, *,
               work: Callable[[bytes, Optional[str], RunOptions], str] = _extract_bytes) -> FastAPI:
    """The app; ``work`` is what a worker process runs on an upload (tests pass one that
    blocks until told, so the time limit and a busy worker are tested without a race)."""
    config = config or ServiceConfig(api_key=os.environ.get(API_KEY_ENV) or None)
    # every worker reads with the server's user lexicons and its share of the cores for a scan's pages
    served = RunOptions(lexicon=config.lexicon, templates=config.templates, ocr_threads=share_of_cores(max(1, config.workers)))

    def read_options(ocr: Optional[str], pdf_engine: Optional[str], ocr_lang: Optional[str]) -> RunOptions:
        """The request's options (a value that does not exist: 422, said by RunOptions)."""
        try:
            return served.replace(ocr=ocr, pdf_engine=pdf_engine, ocr_lang=ocr_lang)
        except OptionError as exc:
            raise _Problem(422, "invalid_request", str(exc)) from None
    pools: list[ProcessPoolExecutor] = []  # created on first use, again after a shutdown or a crash

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        drop_pool()  # the workers go with the server

    app = FastAPI(
        title="decision-extractor",
        version=__version__,
        description="Turn UK council decision notices (text, PDF, Word) into validated, structured JSON. "
        "POST a file to /v1/extract; the response is the same ExtractionResult the CLI writes. "
        "POST it to /v1/text for the extracted text that provenance offsets point into. Every error "
        "is application/problem+json with a stable `code`.",
        lifespan=lifespan,
        docs_url=None,  # served below from the package's own Swagger UI, so /docs works offline
        redoc_url=None,
        responses={422: {"model": Problem, "description": "invalid request or unreadable file"}},
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def openapi() -> dict:
        """The spec, with every error response as application/problem+json (what is sent)."""
        if app.openapi_schema is None:
            spec = FastAPI.openapi(app)
            for path in spec.get("paths", {}).values():
                for operation in path.values():
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if status[:1] in "45" and content:  # whatever the route's own media type (text/plain)
                            schema = content.get("application/json") or next(iter(content.values()))
                            response["content"] = {PROBLEM: schema}
        return app.openapi_schema or spec

    setattr(app, "openapi", openapi)  # noqa: B010 - FastAPI's documented way to replace the spec

    def pool() -> ProcessPoolExecutor:
        """The shared pool; one a dead worker broke (killed from outside, say) is replaced, since
        a broken pool refuses every job."""
        if pools and getattr(pools[0], "_broken", False):
            drop_pool(pools[0])
        if not pools:
            pools.append(fresh_pool(max(1, config.workers)))
        return pools[0]

    def drop_pool(which: Optional[ProcessPoolExecutor] = None) -> None:
        """Stop the workers now: a worker still busy with a file is terminated, not waited for.
        ``which``: only that pool (another request may have started a fresh one already)."""
        if pools and (which is None or pools[0] is which):
            _stop(pools.pop())

    key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="needed when the server has a key")

    async def check_key(key: Optional[str] = Depends(key_header)) -> None:
        expected = config.api_key.encode("utf-8") if config.api_key else b""
        given = key.encode("utf-8", "surrogateescape") if key else b""  # any byte a client sends: 401, never 500
        if config.api_key and not (given and hmac.compare_digest(given, expected)):
            raise _Problem(401, "unauthorized", "a valid X-API-Key header is required")

    @app.exception_handler(_Problem)
    async def _problem_handler(request: Request, exc: _Problem) -> JSONResponse:
        return problem(exc.status, exc.code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5]) or "invalid request"
        return problem(422, "invalid_request", detail, errors)

    @app.exception_handler(ClientDisconnect)
    async def _gone_handler(request: Request, exc: ClientDisconnect) -> JSONResponse:
        """A client that closed its connection mid-upload: one INFO line, no traceback at ERROR
        (the answer goes nowhere; it is for the access log)."""
        logging.getLogger("uvicorn.error").info("%s: the client closed the connection during the upload",
                                                request.client.host if request.client else "-")
        return problem(400, "client_disconnected", "the client closed the connection before the upload was whole")

    @app.exception_handler(StarletteHTTPException)
    async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Starlette's own headers kept: a 405 says which methods the path takes (Allow)
        return problem(exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error"), str(exc.detail),
                       headers=dict(exc.headers) if exc.headers else None)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="decision-extractor API",
                                   swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})

    def _counted(request: Request, limit: int):
        """The request's receive, counting body bytes as they arrive: past ``limit`` the upload
        stops at once (413), before anything is spooled to disk; a body that stalls for
        read_timeout seconds is answered 408."""
        received = 0

        async def receive():
            nonlocal received
            try:
                message = await asyncio.wait_for(request.receive(), config.read_timeout)
            except asyncio.TimeoutError:
                raise _Problem(408, "request_timeout", f"no upload data for {config.read_timeout:g} s") from None
            received += len(message.get("body", b""))
            if received > limit:
                raise _Problem(413, "too_large", f"uploads are limited to {config.max_upload_bytes} bytes")
            return message

        return receive

    def fresh_pool(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(config.max_memory_mb,))

    async def settle(job: Any, executor: ProcessPoolExecutor, stop: Callable[[ProcessPoolExecutor], None]) -> Any:
        """The job's answer; its failures as the service's problems (``stop`` ends ``executor``
        when its workers cannot be trusted any more). A crash is left to the caller."""
        try:
            return await asyncio.wait_for(asyncio.wrap_future(job), config.timeout)
        except asyncio.TimeoutError:
            stop(executor)  # stop the work itself, not only the wait for it
            raise _Problem(504, "timeout", f"extraction ran past {config.timeout:g} s") from None
        except MemoryError:
            stop(executor)
            raise _Problem(413, "memory_limit", f"extraction ran past the {config.max_memory_mb} MiB memory cap") from None
        except (BrokenProcessPool, asyncio.CancelledError, _Problem):
            raise
        except Exception as exc:  # a bug in the extractor: the server stays up
            raise _Problem(500, "internal_error", f"{type(exc).__name__}: {exc}"[:300]) from None

    async def run_alone(function: Callable[[bytes, Optional[str], RunOptions], Any], data: bytes,
                        name: Optional[str], options: RunOptions) -> Any:
        """A retry after a crash, on a fresh worker of its own: if this file is what kills
        workers, its second crash takes down nobody else's request. Crashing again is a 500."""
        executor = fresh_pool(1)
        try:
            return await settle(executor.submit(function, data, name, options), executor, _stop)
        except BrokenProcessPool:
            raise _Problem(500, "worker_crashed", "the worker process died while extracting this file") from None
        finally:
            _stop(executor)

    async def run_in_pool(function: Callable[[bytes, Optional[str], RunOptions], Any], data: bytes,
                          name: Optional[str], options: RunOptions) -> Any:
        """Extract in a worker. Past the time limit the workers are killed and replaced (504), so
        a stuck file never keeps the pool busy; a request whose worker was killed for another
        request's sake is retried once on the fresh pool; a request whose pool a crash broke is
        retried once alone on a fresh worker (run_alone), so the culprit cannot break the pool
        twice; a second crash is a 500, never a 4xx."""
        for _ in (1, 2):
            executor = pool()
            try:
                job = executor.submit(function, data, name, options)
                return await settle(job, executor, drop_pool)
            except BrokenProcessPool:
                drop_pool(executor)
                return await run_alone(function, data, name, options)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not (job.cancelled() and task is not None and not task.cancelling()):  # type: ignore[attr-defined]
                    raise  # the client went away: nothing to retry
        return await run_alone(function, data, name, options)

    async def read_upload(request: Request, filename: Optional[str]) -> tuple[bytes, Optional[str]]:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_upload_bytes + 64 * 1024:
            raise _Problem(413, "too_large", f"uploads are limited to {config.max_upload_bytes} bytes")
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            form = await Request(request.scope, _counted(request, config.max_upload_bytes + 64 * 1024)).form(
                max_files=1, max_fields=4)
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise _Problem(400, "no_file", "send the notice as the multipart field 'file'")
            data = await upload.read(config.max_upload_bytes + 1)
            name = filename or upload.filename
        else:
            chunks = []
            async for chunk in Request(request.scope, _counted(request, config.max_upload_bytes)).stream():
                chunks.append(chunk)
            data, name = b"".join(chunks), filename
        if len(data) > config.max_upload_bytes:
            raise _Problem(413, "too_large", f"uploads are limited to {config.max_upload_bytes} bytes")
        return data, _safe_name(name)

    problems: dict[int | str, dict[str, Any]] = {status: {"model": Problem, "description": text} for status, text in (
        (400, "no file in the request"), (401, "missing or wrong API key"), (413, "upload too large"),
        (408, "the upload stalled"), (415, "unsupported format"), (422, "invalid request or unreadable file"),
        (500, "the worker crashed on this file"), (503, "every worker is busy past the time limit; try again"),
        (504, "extraction ran past the time limit"))}
    upload_body = {"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"}}}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}

    def refuse(code: str, message: str) -> _Problem:
        status = 413 if code == "too_large" else 415 if code in UNSUPPORTED else 422
        return _Problem(status, code, message)

    @app.post(
        "/v1/extract",
        response_model=ExtractionResult,
        summary="Extract the notices in one uploaded file",
        description="Send the file as multipart field `file`, or as the raw request body with `?filename=`. "
        "`?format=jsonl` (or `Accept: application/x-ndjson`) streams one JSON line per notice instead, "
        "`?format=csv` (or `Accept: text/csv`) gives the CLI's CSV. Unreadable files answer 415 "
        "(unsupported_format, legacy_doc) or 422 (corrupt_file, empty_file, encrypted, ...) with the CLI's "
        "error code in an application/problem+json body.",
        responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}}}, **problems},
        dependencies=[Depends(check_key)],
        openapi_extra=upload_body,
    )
    async def extract_route(
        request: Request,
        filename: Optional[str] = Query(None, max_length=255, description="the file's name (raw-body uploads)"),
        format: Optional[str] = Query(None, pattern="^(json|jsonl|csv)$",
                                      description="json (default), jsonl or csv; else from the Accept header"),
        ocr: Optional[str] = Query(None, description=OCR_HELP),
        pdf_engine: Optional[str] = Query(None, description=PDF_ENGINE_HELP),
        ocr_lang: Optional[str] = Query(None, max_length=100, description=OCR_LANG_HELP),
    ) -> Response:
        options = read_options(ocr, pdf_engine, ocr_lang)
        data, name = await read_upload(request, filename)
        text = await run_in_pool(work, data, name, options)
        result = ExtractionResult.model_validate_json(text)
        if result.error is not None:
            raise refuse(result.error.code, result.error.message)
        wanted = format or _from_accept(request.headers.get("accept", ""))
        if wanted == "jsonl":
            from .output import notice_lines

            lines = [line + "\n" for line in notice_lines(result)]
            return StreamingResponse(iter(lines), media_type="application/x-ndjson")
        if wanted == "csv":
            from .output import csv_text

            return Response(csv_text(result), media_type="text/csv; charset=utf-8")
        return JSONResponse(json.loads(text))

    @app.post(
        "/v1/text",
        summary="The extracted text that provenance offsets point into",
        description="The same upload as /v1/extract; answers the extracted, normalised text (what "
        "`decision-extractor text` prints). A provenance span's `start`/`end` are character (code point) "
        "offsets into exactly this text.",
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, **problems},
        dependencies=[Depends(check_key)],
        openapi_extra=upload_body,
    )
    async def text_route(
        request: Request,
        filename: Optional[str] = Query(None, max_length=255, description="the file's name (raw-body uploads)"),
        ocr: Optional[str] = Query(None, description=OCR_HELP),
        pdf_engine: Optional[str] = Query(None, description=PDF_ENGINE_HELP),
        ocr_lang: Optional[str] = Query(None, max_length=100, description=OCR_LANG_HELP),
    ) -> PlainTextResponse:
        options = read_options(ocr, pdf_engine, ocr_lang)
        data, name = await read_upload(request, filename)
        answer = await run_in_pool(_extract_text, data, name, options)
        if isinstance(answer, tuple):
            raise refuse(*answer)
        return PlainTextResponse(answer, media_type="text/plain; charset=utf-8")

    @app.get("/v1/schema", summary="The JSON Schema of extraction results")
    async def schema_route() -> dict:
        from .output import schemas

        return json.loads(schemas()["extraction-result.schema.json"])

    @app.get("/healthz", summary="Liveness: 503 when the worker pool cannot take work")
    async def health():
        if pools and getattr(pools[0], "_broken", False):  # a crash broke it; the next request replaces it
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return {"status": "ok"}

    @app.get("/version", summary="Extractor and schema versions")
    async def version() -> dict:
        return {"name": "decision-extractor", "version": __version__, "schema_version": SCHEMA_VERSION}

    return app


def _from_accept(accept: str) -> str:
    """The format an Accept header asks for: csv, jsonl, or json (the default)."""
    types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if "text/csv" in types:
        return "csv"
    if "application/x-ndjson" in types or "application/jsonl" in types:
        return "jsonl"
    return "json"


def serve(host: str, port: int, config: ServiceConfig) -> None:
    """Serve with uvicorn behind the front door: connections, header and upload time and log
    volume bounded (service_guard)."""
    from .service_guard import FrontDoor, run

    run(create_app(config), host, port, FrontDoor(max_connections=config.max_connections,
                                                 header_timeout=config.header_timeout,
                                                 upload_timeout=config.upload_timeout))
