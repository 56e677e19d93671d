"""The desk's web app: three pages (queue, notice, report) and the JSON API they use.

Same stack and conventions as `serve`: FastAPI, errors as application/problem+json with a
stable code, an X-API-Key when the desk listens beyond loopback. Requests name notices by id
and pages by number; the only path a request may carry (a result file) must stay inside OUT.
"""

from __future__ import annotations

import hmac
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.security import APIKeyHeader
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .._version import __version__
from ..records import span_record
from .corrections import CorrectionStore
from .documents import Documents, run_spans
from .pages import PageError, page_png, page_sizes
from .report import failed_csv, needs_review_csv, report
from .run import ReviewError, Run
from ..lexicon import LexiconError
from .teach import (label_before, locked, proposals, read_user_lexicon, trial_lexicon, would_change,
                    write_user_lexicon)
from .values import FIELDS, ValueRefused, coerce, get_value, kind_of
from .views import View

PROBLEM = "application/problem+json"
PAGED = {"pdf", "image"}


class CorrectionIn(BaseModel):
    """A correction as the page sends it."""

    field: Optional[str] = Field(None, description="the field, e.g. decision_maker or contact.email; "
                                 "not needed to mark a notice reviewed")
    value: Any = Field(None, description="the new value (text, ISO date, true/false, a list); null clears")
    start: Optional[int] = Field(None, ge=0, description="offset of the selected source text (the notice's `text`)")
    end: Optional[int] = Field(None, ge=0)
    who: Optional[str] = Field(None, max_length=120)
    action: Literal["set", "clear", "reviewed"] = "set"
    sha256: Optional[str] = Field(None, description="the digest of the file the page showed; when the notice's "
                                  "file has changed since (a re-run read new content), the correction is refused "
                                  "with 409 notice_changed instead of landing on text the reviewer never saw")


class NoticeItem(BaseModel):
    id: str
    path: str
    file: str = Field("", description="the file's name (a web archive record: its URL), always shown whole")
    notices_in_file: int = Field(0, description="how many notices its file gave")
    notice_index: Optional[int]
    sha256: Optional[str] = None
    needs_review: bool
    confidence: Optional[float] = Field(None, description="the notice's confidence (0-1), the queue's sort within "
                                        "an outcome")
    warnings: list[str]
    outcome: str
    title: Optional[str] = None
    decision_maker: Optional[str] = None
    decision_date: Optional[str] = None
    format: Optional[str] = None
    folder: str = ""
    error_code: Optional[str] = None
    corrected: int = 0
    conflicts: int = 0


class ProposalIn(BaseModel):
    field: str
    label: str = Field(min_length=1, max_length=160)


LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def create_app(run: Run, *, api_key: Optional[str] = None, lexicon_file: Optional[Path] = None,
               pdf_engine: Optional[str] = None, trusted_hosts: Optional[list[str]] = None,
               templates: tuple[str, ...] = ()) -> FastAPI:
    """The desk's app. ``trusted_hosts``: the only Host headers answered (a desk on loopback
    without a key answers to loopback names only, so a web page whose name was re-pointed at
    127.0.0.1, DNS rebinding, cannot read the archive through the reviewer's browser)."""
    app = FastAPI(title="decision-extractor review desk", version=__version__,
                  description="Review a batch run: the queue of notices, each notice beside its source, "
                  "corrections kept in OUT/corrections.jsonl (never in the run's outputs).")
    store = CorrectionStore(run.out)
    documents = Documents(pdf_engine)
    lexicon_path = lexicon_file or run.out / "lexicon.toml"
    static = resources.files("extractor.review") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    if trusted_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts)
    key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="needed beyond loopback")

    async def check_key(request: Request, key: Optional[str] = Depends(key_header)) -> None:
        given = key or request.cookies.get("desk_key")
        if api_key and not (given and hmac.compare_digest(given, api_key)):
            raise ReviewError("a valid X-API-Key header is required", code="unauthorized", status=401)

    @app.exception_handler(ReviewError)
    async def _problem(request: Request, exc: ReviewError) -> JSONResponse:
        return JSONResponse({"type": f"urn:decision-extractor:error:{exc.code}", "title": exc.code.replace("_", " "),
                             "status": exc.status, "code": exc.code, "detail": exc.message},
                            status_code=exc.status, media_type=PROBLEM)

    def page(name: str) -> HTMLResponse:
        return HTMLResponse((static / name).read_text(encoding="utf-8"))

    @app.get("/", include_in_schema=False)
    async def queue_page() -> HTMLResponse:
        return page("queue.html")

    @app.get("/notice/{notice_id}", include_in_schema=False)
    async def notice_page(notice_id: str) -> HTMLResponse:
        return page("notice.html")

    @app.get("/report", include_in_schema=False)
    async def report_page() -> HTMLResponse:
        return page("report.html")

    guarded = [Depends(check_key)]

    @app.get("/api/notices", response_model=list[NoticeItem], dependencies=guarded,
             summary="The queue: every notice of the run, needs review first, then by warning")
    def list_notices(outcome: Optional[str] = None, warning: Optional[str] = None, format: Optional[str] = None,
                     folder: Optional[str] = None) -> list[dict[str, Any]]:
        items = View(run, store).queue()
        return [i for i in items if (outcome is None or i["outcome"] == outcome)
                and (warning is None or warning in i["warnings"]) and (format is None or i["format"] == format)
                and (folder is None or i["folder"] == folder)]

    @app.get("/api/notices/{notice_id}", dependencies=guarded,
             summary="One notice: corrected values, what the run extracted, its source text and page images",
             responses={404: {"description": "no such notice"}})
    def get_notice(notice_id: str) -> dict[str, Any]:
        entry = run.entry(notice_id)
        data = View(run, store).notice(entry)
        data["fields"] = [{"name": f, "kind": kind_of(f)} for f in FIELDS]
        data["text"], data["pages"], data["source_error"] = None, [], None
        if data["notice"] is not None:
            try:
                document, faithful = documents.reading(run.source(entry.record), entry.record.get("sha256"),
                                                       run_spans(run.result(entry.record)))
                data["text"] = document.text
                if not faithful:
                    data["source_error"] = {"code": "text_differs", "detail": "reading the file again gives other text "
                                            "than the run's (another PDF engine or OCR mode?): highlights and boxes "
                                            "may be misplaced"}
                source = run.source(entry.record)
                if entry.record.get("format") in PAGED and source is not None:
                    sizes = page_sizes(run.out, source, entry.record["sha256"], entry.record["format"])
                    data["pages"] = [{"number": n, "width": w, "height": h,
                                      "url": f"/api/notices/{notice_id}/pages/{n}.png"}
                                     for n, (w, h) in enumerate(sizes, 1)]
            except ReviewError as exc:
                data["source_error"] = {"code": exc.code, "detail": exc.message}
        return data

    @app.get("/api/notices/{notice_id}/pages/{number}.png", dependencies=guarded,
             summary="A page image of the notice's PDF or scan (rendered once, cached in OUT)",
             response_class=FileResponse, responses={200: {"content": {"image/png": {}}}})
    def get_page(notice_id: str, number: int) -> FileResponse:
        entry = run.entry(notice_id)
        source = run.source(entry.record)
        if source is None or entry.record.get("format") not in PAGED:
            raise ReviewError("this notice has no page images", code="no_pages", status=404)
        try:
            path = page_png(run.out, source, entry.record["sha256"], entry.record["format"], number)
        except PageError as exc:
            raise ReviewError(str(exc), code="no_pages", status=404) from None
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    @app.post("/api/notices/{notice_id}/corrections", status_code=201, dependencies=guarded,
              summary="Correct a value (typed, or selected in the source with start/end), clear it, "
              "or mark the notice reviewed",
              responses={404: {"description": "no such notice"}, 422: {"description": "a value that cannot be read"},
                         409: {"description": "the file changed since the page was loaded (notice_changed), "
                               "or it has no notice to correct"}})
    def post_correction(notice_id: str, body: CorrectionIn) -> dict[str, Any]:
        entry = run.entry(notice_id)
        if body.sha256 is not None and body.sha256 != entry.record.get("sha256"):
            raise ReviewError(f"{entry.record['path']} was extracted again from changed content since this page "
                              "was loaded; reload it and correct what it shows now", code="notice_changed", status=409)
        if entry.notice_index is None:
            raise ReviewError("a file without notices cannot be corrected", code="no_notice", status=409)
        result = run.result(entry.record)
        if result is None:
            raise ReviewError("the file has no result to correct", code="no_notice", status=409)
        original = result["notices"][entry.notice_index]
        correction: dict[str, Any] = {"who": body.who or "", "sha256": entry.record["sha256"],
                                      "path": entry.record["path"], "notice_index": entry.notice_index,
                                      "action": body.action}
        if body.action != "reviewed":
            if body.field not in FIELDS:
                raise ReviewError(f"unknown field {body.field!r}", code="unknown_field", status=422)
            span = None
            value = body.value
            if body.start is not None and body.end is not None and body.action == "set":
                document = documents.get(run.source(entry.record), entry.record["sha256"], run_spans(result))
                if not 0 <= body.start < body.end <= len(document.text):
                    raise ReviewError("the selection is outside the notice's text", code="bad_span", status=422)
                span = span_record(document, label_before(document, body.start), body.start, body.end)
                if value is None:
                    value = span["raw"]
            try:
                new = None if body.action == "clear" else coerce(body.field, value)
            except ValueRefused as exc:
                raise ReviewError(str(exc), code="bad_value", status=422) from None
            if new is None or new == []:
                correction["action"] = "clear"
            correction.update(field=body.field, old=get_value(original, body.field), new=new, span=span)
        saved = store.append(correction)
        view = View(run, store).notice(entry)
        return {"correction": saved, "notice": view["notice"], "review": view["review"], "outcome": view["outcome"]}

    def user_lexicon() -> dict[str, set[str]]:
        try:
            return read_user_lexicon(lexicon_path)
        except LexiconError as exc:
            raise ReviewError(str(exc), code="lexicon_unreadable", status=409) from None

    @app.get("/api/report", dependencies=guarded, summary="The run report: outcomes, warnings, fields found, failures")
    def get_report() -> dict[str, Any]:
        view = View(run, store)
        data = report(view)
        user = user_lexicon()
        data["proposals"] = proposals(view.corrections, user)
        for proposal in data["proposals"]:
            proposal["would_change"] = impact(view, user, proposal["field"], proposal["label"])
        data["lexicon_file"] = str(lexicon_path)
        return data

    counted: dict[tuple, Optional[int]] = {}

    def impact(view: View, user: dict[str, set[str]], field: str, label: str) -> Optional[int]:
        """Notices of the run a proposed label would change (None: it clashes with the bundled lexicon)."""
        try:
            trial = trial_lexicon(run.out / ".review" / "lexicons", user, field, label)
        except LexiconError:
            return None
        key = (trial.name, run.out.joinpath("manifest.jsonl").stat().st_mtime_ns)
        if key not in counted:
            counted[key] = would_change(view, trial, label)
        return counted[key]

    @app.get("/report/needs_review.csv", dependencies=guarded, response_class=PlainTextResponse,
             summary="Notices that need review, as CSV")
    def get_needs_review_csv() -> PlainTextResponse:
        return PlainTextResponse(needs_review_csv(View(run, store)), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="needs_review.csv"'})

    @app.get("/report/failed.csv", dependencies=guarded, response_class=PlainTextResponse,
             summary="Files that failed, as CSV")
    def get_failed_csv() -> PlainTextResponse:
        return PlainTextResponse(failed_csv(View(run, store)), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="failed.csv"'})

    @app.post("/api/lexicon", status_code=201, dependencies=guarded,
              summary="Add a proposed label for a field to the user lexicon file")
    def add_label(body: ProposalIn) -> dict[str, Any]:
        field = body.field.split(".", 1)[0]
        if field not in {f.split(".", 1)[0] for f in FIELDS}:
            raise ReviewError(f"unknown field {body.field!r}", code="unknown_field", status=422)
        with locked(lexicon_path):  # read, add and write as one step: no other request's label is lost
            labels = user_lexicon()
            try:
                trial_lexicon(run.out / ".review" / "lexicons", labels, field, body.label.strip())
            except LexiconError as exc:
                raise ReviewError(str(exc), code="lexicon_conflict", status=422) from None
            labels.setdefault(field, set()).add(body.label.strip())
            write_user_lexicon(lexicon_path, labels)
        return {"lexicon_file": str(lexicon_path), "fields": {k: sorted(v) for k, v in labels.items()}}

    @app.post("/api/templates", status_code=201, dependencies=guarded,
              summary="Teach templates from the run's corrections, into the templates file (`learn`'s format)")
    def teach_templates() -> dict[str, Any]:
        from ..templates.teach import changes, teach_into

        target = Path(templates[0]) if templates else run.out / "taught-templates.toml"
        with locked(target):  # read, merge and write as one step: no other teaching is lost
            taught = teach_into(run.out, target)
        # what the re-run with this file will read differently (the desk shows it)
        return {"templates_file": str(target), "templates": taught,
                "changes": changes(run.out, target, {t["id"] for t in taught})}

    @app.get("/api/results/{path:path}", dependencies=guarded,
             summary="A result file of the run, as the extractor wrote it (paths outside OUT are refused)",
             responses={403: {"description": "the path leaves the run folder"}})
    def get_result(path: str) -> FileResponse:
        target = run.inside(path)
        if target.suffix != ".json" or not target.is_file():
            raise ReviewError(f"no result {path!r} in this run", code="not_found", status=404)
        return FileResponse(target, media_type="application/json")

    return app


def serve(run: Run, host: str, port: int, **options: Any) -> None:
    import uvicorn

    if host in LOOPBACK_NAMES and not options.get("api_key"):
        options.setdefault("trusted_hosts", LOOPBACK_NAMES)
    uvicorn.run(create_app(run, **options), host=host, port=port, log_level="warning")
