"""The web application: create_app(db) returns a FastAPI app serving the JSON API and the pages.

The store is opened read-only (SQLite ``mode=ro`` and ``query_only``). Every response carries security
headers (a Content-Security-Policy without inline script, nosniff, no framing); oversized requests are
refused before routing; a bad parameter is a 400 naming it, never a 500. Each request's queries are held
to a time limit (a 503 past it); a token and a per-client rate limit are optional (web.access).
"""

from __future__ import annotations

import ctypes
import logging
import math
import os
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotegraph.config import DEFAULT_TIME_LIMIT, RATE_BURST_SECONDS
from quotegraph.errors import BadQuery, NotFound, QueryTimeout, StoreError
from quotegraph.query import Corpus
from quotegraph.version import __version__
from quotegraph.web import documents, reactions, render, search, speakers, statements, stories
from quotegraph.web.access import LOGIN, LOGOUT, Bucket, RateLimit, TimeLimit, TokenAuth
from quotegraph.web.common import DATE
from quotegraph.web.db import Corpora
from quotegraph.web.models import ErrorOut

_M_MMAP_THRESHOLD = -3  # glibc's malloc.h

log = logging.getLogger("quotegraph.web")

MAX_URL = 2048  # bytes of path plus query string; longer requests get a 414
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class Guard:
    """ASGI middleware: refuse oversized URLs and bodies, add the security headers to every response.

    Only GET and HEAD are served, and POST to the paths in ``posts`` (the login form, when there is one)."""

    def __init__(self, app: ASGIApp, posts: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.posts = posts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"")
        if size > MAX_URL:
            resp = JSONResponse({"error": f"request URL too long (over {MAX_URL} bytes)"}, status_code=414)
            await resp(scope, receive, self._send(send))
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not (
            scope["method"] == "POST" and scope["path"] in self.posts
        ):
            resp = JSONResponse(
                {"error": "read-only: only GET and HEAD"}, status_code=405, headers={"allow": "GET, HEAD"}
            )
            await resp(scope, receive, self._send(send))
            return
        started = False
        inner = self._send(send)
        if scope["method"] == "HEAD":  # answered as GET without the body (the routes are GET only)
            scope = {**scope, "method": "GET"}
            inner = self._no_body(inner)

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await inner(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            # Caught here, not by Starlette's outermost handler, so the 500 carries the headers too.
            log.exception("%s %s failed", scope["method"], scope["path"])
            if started:
                raise
            resp = JSONResponse({"error": "internal error; see the server log"}, status_code=500)
            await resp(scope, receive, inner)

    @staticmethod
    def _no_body(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        return wrapped

    @staticmethod
    def _send(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)
                ]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        return wrapped


class KnownParams:
    """ASGI middleware: a query parameter an /api/ endpoint does not take is a 400 listing the ones it does,
    so a misspelt or unsupported filter is never silently ignored. The endpoints and their parameters are
    read from the app's OpenAPI description (built once, on the first API request)."""

    def __init__(self, app: ASGIApp, api: FastAPI) -> None:
        self.app = app
        self.api = api
        self.table: list[tuple[re.Pattern[str], list[str]]] | None = None

    def accepted(self, path: str) -> list[str] | None:
        """The query parameters of the GET endpoint at ``path``, None for a path no endpoint serves."""
        if self.table is None:
            self.table = []
            for template, methods in self.api.openapi().get("paths", {}).items():
                if template.startswith("/api/") and "get" in methods:
                    params = methods["get"].get("parameters", [])
                    pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))
                    names = sorted(p["name"] for p in params if p["in"] == "query")
                    self.table.append((re.compile(f"^{pattern}$"), names))
        return next((names for pattern, names in self.table if pattern.match(path)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            accepted = self.accepted(scope["path"])
            given = {k for k, _ in parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)}
            unknown = sorted(given - set(accepted)) if accepted is not None else []
            if unknown:
                listed = ", ".join(accepted or []) or "none"
                message = f"unknown parameter {', '.join(unknown)}; accepted: {listed}"
                resp = JSONResponse({"error": message, "accepted": accepted}, status_code=400)
                await resp(scope, receive, send)
                return
        await self.app(scope, receive, send)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json")


def error_response(
    request: Request,
    status: int,
    message: str,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON for the API and .json twins, as a page otherwise."""
    if wants_json(request):
        body: dict[str, Any] = {"error": message}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status, headers=headers)
    try:
        return request.app.state.templates.TemplateResponse(
            request,
            "error.html",
            {"request": request, "status": status, "message": message, "title": f"Error {status}"},
            status_code=status,
            headers=headers,
        )
    except Exception:  # the error page itself failed: plain text, still the right status
        return HTMLResponse(f"Error {status}", status_code=status, headers=headers)


def _param_message(errors: list[Any]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        msg = e.get("msg", "invalid")
        if e.get("type") == "string_pattern_mismatch" and (e.get("ctx") or {}).get("pattern") == DATE:
            msg = "expected a date as YYYY-MM-DD"
        parts.append(f"{'.'.join(loc) or 'request'}: {msg}")
    return "bad parameter: " + "; ".join(parts)


# Documented on every API operation: what the time limit, the rate limit and the token answer.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "The server has a token and the request did not carry it."},
    429: {
        "model": ErrorOut,
        "description": "Too many requests from this address; Retry-After says how many seconds to wait.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
    503: {
        "model": ErrorOut,
        "description": "The request took longer than the server's time limit and was stopped; narrow it "
        "(fewer or rarer words, a speaker, an outlet, dates). Retry-After says when to try again.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def large_blocks_to_the_os() -> bool:
    """Allocate every block of 1 MB or more with mmap, so that freeing it gives the memory back at once.

    glibc raises its mmap threshold each time a big block is freed (up to 32 MB). The facet columns'
    arrays (about 20 MB at 1M statements, copied on every append after an ingest batch) then came from
    the heap, whose freed holes stayed in the server's memory: over a 60 s load run with an ingest it grew
    from 113 to 275 MB; with the threshold fixed, from 100 to 166 MB. False where there is no glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, 1 << 20))
    except (OSError, AttributeError):
        return False


def create_app(
    db: str | Path,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    slow_requests: int | None = None,
    token: str | None = None,
    rate_limit: float | None = None,
    burst: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    threads: int | None = None,
) -> FastAPI:
    """The app over the store at ``db``; raises StoreError now if it cannot be opened read-only.

    ``time_limit``: seconds each request's queries may run (None: no limit); past it, a 503.
    ``slow_requests``: how many requests still running after limits.SLOW_AFTER may go on at once (the others
    wait, within their own limit); None: half the CPUs, at least one. ``token``: every request must carry
    it (header or login cookie). ``rate_limit``: requests a second per client address (None: no limit), with
    bursts of ``burst`` (default RATE_BURST_SECONDS' worth). ``clock``: for tests. ``threads``: worker
    threads for the pages and the API (None: anyio's default of 40)."""
    db = Path(db)
    Corpus(db).close()  # fail at start-up, with the store's own message, not on the first request
    corpora = Corpora(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if threads is not None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        large_blocks_to_the_os()
        yield
        corpora.close()

    app = FastAPI(
        title="quotegraph",
        version=__version__,
        description="Who said what, to whom, through which channel, and when: a read-only API over a store.",
        docs_url=None,  # the stock docs pages load scripts from a CDN; /docs is ours, served locally
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.corpora = corpora
    app.state.db = db
    app.state.templates = render.templates()
    # add_middleware wraps: the last added runs first. Guard (headers on every answer), then the rate
    # limit (before the token check, so guessing tokens is limited too), the token, the time limit.
    app.add_middleware(KnownParams, api=app)
    app.state.slots = None  # the slots slow requests share (web.access.TimeLimit)
    if time_limit is not None:
        app.state.slots = threading.BoundedSemaphore(slow_requests or max(1, (os.cpu_count() or 2) // 2))
        app.add_middleware(TimeLimit, seconds=time_limit, slots=app.state.slots, clock=clock)
    if token is not None:
        app.add_middleware(TokenAuth, token=token)
    if rate_limit is not None:
        bucket = Bucket(rate_limit, burst or max(1.0, rate_limit * RATE_BURST_SECONDS), clock)
        app.add_middleware(RateLimit, bucket=bucket)
    app.add_middleware(Guard, posts=frozenset({LOGIN, LOGOUT}) if token is not None else frozenset())
    app.mount("/static", StaticFiles(directory=str(render.HERE / "static")), name="static")

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return error_response(request, 400, _param_message(exc.errors()), errors)

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> Response:
        log.warning("%s %s stopped at the time limit (%s s)", request.method, request.url.path, time_limit)
        retry = str(max(1, math.ceil(time_limit or 1)))
        message = (
            "this request took too long and was stopped; narrow it (fewer or rarer words, a speaker, "
            "an outlet, dates) and try again"
        )
        return error_response(request, 503, message, headers={"retry-after": retry})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # the store's failure, not the request's: the details go to the log only
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 500, "the query failed; see the server log")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404:  # only routing raises these (a missing thing is a NotFound)
            message = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, message)

    for module in (search, statements, speakers, documents, stories, reactions):
        app.include_router(module.router, responses=COMMON_RESPONSES)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> Response:
        """The API reference, rendered from the OpenAPI schema (no CDN scripts)."""
        spec = get_openapi(
            title=app.title, version=app.version, routes=app.routes, description=app.description
        )
        endpoints = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                endpoints.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "parameters": [
                            {
                                "name": p["name"],
                                "in": p["in"],
                                "required": p.get("required", False),
                                "description": p.get("description", ""),
                                "schema": _schema_text(p.get("schema", {})),
                            }
                            for p in op.get("parameters", [])
                        ],
                    }
                )
        return request.app.state.templates.TemplateResponse(
            request,
            "docs.html",
            {"request": request, "title": "API", "endpoints": endpoints, "json_url": "/openapi.json"},
        )

    return app


def _schema_text(schema: dict[str, Any]) -> str:
    """A one-line description of a parameter's JSON schema: type and limits."""
    if "anyOf" in schema:
        parts = [_schema_text(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(p for p in parts if p)
    out = schema.get("type", "")
    if out == "array":
        out = f"list of {_schema_text(schema.get('items', {}))}"
    if "enum" in schema:
        out += " (" + ", ".join(map(str, schema["enum"])) + ")"
    limits = [
        f"{k} {schema[k]}"
        for k in ("minimum", "maximum", "maxLength", "maxItems", "pattern", "default")
        if k in schema
    ]
    return out + (" [" + ", ".join(limits) + "]" if limits else "")
