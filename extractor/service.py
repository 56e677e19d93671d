"""The HTTP service: POST a notice, get the same ExtractionResult JSON as the CLI.

Extraction runs in a pool of worker processes, off the event loop, so a slow PDF never
blocks other requests; each request has a time limit (504) and an upload size limit (413).
Requests carry bytes only: no route reads or writes the server's files.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import APIKeyHeader

from ._version import SCHEMA_VERSION, __version__
from .models import ExtractionResult
from .readers.ocr import set_page_threads, share_of_cores

API_KEY_ENV = "DECISION_EXTRACTOR_API_KEY"
PROBLEM = "application/problem+json"
UNSUPPORTED = {"unsupported_format", "legacy_doc"}  # 415; every other read error is 422


@dataclass(frozen=True)
class ServiceConfig:
    max_upload_bytes: int = 50 * 1024 * 1024
    timeout: float = 60.0
    workers: int = 1
    api_key: Optional[str] = None
    max_memory_mb: int = 2048  # each worker's cap, as in batch runs
    read_timeout: float = 30.0  # the longest wait for the next piece of a request body (408 past it)


def _extract_bytes(data: bytes, filename: Optional[str]) -> str:
    """Runs in a worker process; returns the result's JSON (small and picklable). The route
    validates it into the model, so the worker does not validate it too."""
    from .pipeline import extract_record
    from .records import dumps

    return dumps(extract_record(data, filename=filename), indent=None)


def _worker_start(ocr_threads: int, max_memory_mb: int = 0) -> None:
    """Set up an extraction worker: it dies with the server, and on SIGTERM.

    Workers are forked after uvicorn installed its signal handlers; inherited, those would make
    a worker ignore SIGTERM, and a server killed hard would leave its workers behind.
    """
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops the pool
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: go when the server goes
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    set_page_threads(ocr_threads)
    from .batch import limit_memory

    limit_memory(max_memory_mb)


def _safe_name(filename: Optional[str]) -> Optional[str]:
    """Only a base name is kept: a client's name is a label, never a path on this server."""
    if not filename:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in filename):  # NUL, newlines: never echoed into a result
        raise _Problem(400, "bad_filename", "the file name holds control characters (NUL, line breaks)")
    name = PurePath(filename.replace("\\", "/")).name
    return name[:255] or None


class _Problem(Exception):
    """An error answered as application/problem+json with the CLI's error code."""

    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def create_app(config: ServiceConfig | None = None, *,
               work: Callable[[bytes, Optional[str]], str] = _extract_bytes) -> FastAPI:
    """The app; ``work`` is what a worker process runs on an upload (tests pass one that
    blocks until told, so the time limit and a busy worker are tested without a race)."""
    config = config or ServiceConfig(api_key=os.environ.get(API_KEY_ENV) or None)
    app = FastAPI(
        title="decision-extractor",
        version=__version__,
        description="Turn UK council decision notices (text, PDF, Word) into validated, structured JSON. "
        "POST a file to /v1/extract; the response is the same ExtractionResult the CLI writes.",
    )
    pools: list[ProcessPoolExecutor] = []  # created on first use, again after a shutdown or a crash

    def pool() -> ProcessPoolExecutor:
        if not pools:
            workers = max(1, config.workers)  # each with its share of the cores for a scan's pages
            pools.append(ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                                             initargs=(share_of_cores(workers), config.max_memory_mb)))
        return pools[0]

    def drop_pool(which: Optional[ProcessPoolExecutor] = None) -> None:
        """Stop the workers now: a worker still busy with a file is terminated, not waited for.
        ``which``: only that pool (another request may have started a fresh one already)."""
        if pools and (which is None or pools[0] is which):
            old = pools.pop()
            processes = list((getattr(old, "_processes", None) or {}).values())
            old.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
    key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="needed when the server has a key")

    def problem(status: int, code: str, detail: str) -> JSONResponse:
        titles = {401: "Unauthorized", 413: "Payload Too Large", 415: "Unsupported Media Type",
                  422: "Unprocessable Content", 504: "Gateway Timeout", 400: "Bad Request", 408: "Request Timeout",
                  500: "Internal Server Error", 503: "Service Unavailable"}
        return JSONResponse({"type": f"urn:decision-extractor:error:{code}", "title": titles.get(status, "Error"),
                             "status": status, "code": code, "detail": detail}, status_code=status,
                            media_type=PROBLEM)

    async def check_key(key: Optional[str] = Depends(key_header)) -> None:
        expected = config.api_key.encode("utf-8") if config.api_key else b""
        given = key.encode("utf-8", "surrogateescape") if key else b""  # any byte a client sends: 401, never 500
        if config.api_key and not (given and hmac.compare_digest(given, expected)):
            raise _Problem(401, "unauthorized", "a valid X-API-Key header is required")

    @app.exception_handler(_Problem)
    async def _problem_handler(request: Request, exc: _Problem) -> JSONResponse:
        return problem(exc.status, exc.code, exc.detail)

    @app.on_event("shutdown")
    def _shutdown() -> None:
        drop_pool()

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

    async def run_in_pool(data: bytes, name: Optional[str]) -> str:
        """Extract in a worker. Past the time limit the workers are killed and replaced (504), so
        a stuck file never keeps the pool busy; a request whose worker was killed for another
        request's sake, or that shared a pool a crash broke, is retried once on fresh workers;
        a second crash is a 500, never a 4xx."""
        for attempt in (1, 2):
            executor = pool()
            job = executor.submit(work, data, name)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(job), config.timeout)
            except asyncio.TimeoutError:
                drop_pool(executor)  # stop the work itself, not only the wait for it
                raise _Problem(504, "timeout", f"extraction ran past {config.timeout:g} s") from None
            except BrokenProcessPool:
                drop_pool(executor)
                if attempt == 2:
                    raise _Problem(500, "worker_crashed", "the worker process died while extracting this file") from None
            except MemoryError:
                drop_pool(executor)
                raise _Problem(413, "memory_limit", f"extraction ran past the {config.max_memory_mb} MiB memory cap") from None
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not (job.cancelled() and task is not None and not task.cancelling()):
                    raise  # the client went away: nothing to retry
            except Exception as exc:  # a bug in the extractor: the server stays up
                raise _Problem(500, "internal_error", f"{type(exc).__name__}: {exc}"[:300]) from None
        raise _Problem(500, "worker_crashed", "the worker process died while extracting this file")

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

    @app.post(
        "/v1/extract",
        response_model=ExtractionResult,
        summary="Extract the notices in one uploaded file",
        description="Send the file as multipart field `file`, or as the raw request body with `?filename=`. "
        "`?format=jsonl` streams one JSON line per notice instead. Unreadable files answer 415 "
        "(unsupported_format, legacy_doc) or 422 (corrupt_file, empty_file, encrypted, ...) with the CLI's "
        "error code in an application/problem+json body.",
        responses={200: {"content": {"application/x-ndjson": {
                       "schema": {"type": "string", "description": "one NoticeLine JSON object per line (?format=jsonl)"}}}},
                   400: {"description": "no file sent, or a file name with control characters"},
                   401: {"description": "missing or wrong API key"}, 413: {"description": "upload too large"},
                   408: {"description": "the upload stalled"},
                   500: {"description": "the worker crashed on this file"},
                   503: {"description": "every worker is busy past the time limit; try again"},
                   415: {"description": "unsupported format"}, 422: {"description": "unreadable file"},
                   504: {"description": "extraction ran past the time limit"}},
        dependencies=[Depends(check_key)],
        openapi_extra={"requestBody": {"required": True, "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary"}}}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
    )
    async def extract_route(
        request: Request,
        filename: Optional[str] = Query(None, max_length=255, description="the file's name (raw-body uploads)"),
        format: str = Query("json", pattern="^(json|jsonl)$", description="json (default) or jsonl"),
    ):
        data, name = await read_upload(request, filename)
        text = await run_in_pool(data, name)
        result = ExtractionResult.model_validate_json(text)
        if result.error is not None:
            status = 413 if result.error.code == "too_large" else 415 if result.error.code in UNSUPPORTED else 422
            raise _Problem(status, result.error.code, result.error.message)
        if format == "jsonl":
            from .output import notice_lines

            lines = [line + "\n" for line in notice_lines(result)]
            return StreamingResponse(iter(lines), media_type="application/x-ndjson")
        return JSONResponse(json.loads(text))

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


def serve(host: str, port: int, config: ServiceConfig) -> None:
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
