"""Who may ask, how often, and for how long: ASGI middleware that create_app puts around the app.

- TokenAuth: with a token, every request (pages, API, static files, docs) carries it, as
  ``Authorization: Bearer TOKEN`` or as the cookie the /login form sets; pages without it redirect to
  /login, everything else gets a 401. Secrets are compared in constant time (same_secret).
- RateLimit: a token bucket per client address; past the burst, a 429 with Retry-After.
- TimeLimit: each request gets a Budget (quotegraph.query.limits) its queries are held to; the app turns a
  QueryTimeout into a 503.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import math
import threading
import time
from collections.abc import Callable
from urllib.parse import parse_qs, quote

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotegraph.query.limits import Budget

LOGIN = "/login"
LOGOUT = "/logout"
COOKIE = "quotegraph_session"
MAX_FORM = 4096  # bytes of a login form; a longer body is refused
MAX_CLIENTS = 10_000  # buckets kept; past this, the ones that have refilled are forgotten


def same_secret(given: str, expected: str) -> bool:
    """Whether two secrets are equal, in time that does not depend on where they differ."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def api_like(path: str) -> bool:
    """Requests a program makes (the API, JSON, CSV, text, the OpenAPI description): they get status codes
    and JSON, never a redirect to a form."""
    return path.startswith("/api/") or path.endswith((".json", ".csv", ".txt"))


async def respond(
    send: Send, status: int, body: bytes, content_type: bytes, headers: list[tuple[bytes, bytes]] = ()
) -> None:
    """A whole response in two ASGI messages."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def refuse(
    scope: Scope, send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] = ()
) -> None:
    """An error as JSON for programs, as a short page for browsers."""
    if api_like(scope["path"]):
        body = json.dumps({"error": message}).encode()
        await respond(send, status, body, b"application/json", headers)
        return
    text = html.escape(message)
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error {status} · quotegraph'
        f"</title></head><body><h1>Error {status}</h1><p>{text}</p></body></html>"
    )
    await respond(send, status, page.encode(), b"text/html; charset=utf-8", headers)


class TokenAuth:
    """Every request needs the token: a Bearer header, or the login cookie (HttpOnly, SameSite=Strict)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        if not token:
            raise ValueError("an empty token would let anyone in")
        self.app = app
        self.token = token
        # the cookie holds a value derived from the token, so the browser never stores the token itself
        self.cookie = hmac.new(token.encode("utf-8"), b"quotegraph login cookie", hashlib.sha256).hexdigest()

    def allowed(self, scope: Scope) -> bool:
        """Whether the request carries the token (header) or the login cookie."""
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() == "bearer" and same_secret(given.strip(), self.token):
            return True
        cookies = cookie_parser(headers.get(b"cookie", b"").decode("latin-1"))
        return COOKIE in cookies and same_secret(cookies[COOKIE], self.cookie)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == LOGIN:
            await self.login(scope, receive, send)
            return
        if scope["path"] == LOGOUT:
            await self.logout(scope, send)
            return
        if self.allowed(scope):
            await self.app(scope, receive, send)
            return
        if api_like(scope["path"]) or scope["method"] not in ("GET", "HEAD"):
            await refuse(
                scope,
                send,
                401,
                "this server needs a token: send the header 'Authorization: Bearer TOKEN'",
                [(b"www-authenticate", b'Bearer realm="quotegraph"')],
            )
            return
        target = scope["path"] + (
            f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else ""
        )
        location = f"{LOGIN}?next={quote(target, safe='')}"
        await respond(send, 303, b"", b"text/plain", [(b"location", location.encode("latin-1"))])

    async def login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """GET: the form. POST: check the token, set the cookie, go back to the page asked for."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if scope["method"] != "POST":
            await self.form(send, 200, _local(query.get("next", ["/"])[0]))
            return
        body = await _read(receive, MAX_FORM)
        if body is None:
            await refuse(scope, send, 413, f"login form too large (over {MAX_FORM} bytes)")
            return
        form = parse_qs(body.decode("utf-8", "replace"))
        target = _local(form.get("next", ["/"])[0])
        if not same_secret(form.get("token", [""])[0], self.token):
            await self.form(send, 401, target, "wrong token")
            return
        await _redirect_setting_cookie(scope, send, target, f"{COOKIE}={self.cookie}")

    @staticmethod
    async def logout(scope: Scope, send: Send) -> None:
        """Clear the login cookie (an expired one in its place) and go to the login page: on a shared
        computer the next person is asked for the token again."""
        await _redirect_setting_cookie(scope, send, LOGIN, f"{COOKIE}=; Max-Age=0")

    @staticmethod
    async def form(send: Send, status: int, target: str, error: str = "") -> None:
        """The login page: a plain form, no script, no style (the stylesheet is behind the login too)."""
        note = f'<p role="alert">{html.escape(error)}</p>' if error else ""
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Log in · quotegraph</title></head><body><h1>quotegraph</h1>"
            f"<p>This server needs a token.</p>{note}"
            f'<form method="post" action="{LOGIN}"><input type="hidden" name="next" value="{html.escape(target)}">'
            '<label for="token">Token</label> <input id="token" name="token" type="password" required '
            'autocomplete="current-password" autofocus> <button type="submit">Log in</button></form>'
            "</body></html>"
        )
        await respond(send, status, page.encode(), b"text/html; charset=utf-8")


def _local(target: str) -> str:
    """A redirect target on this server only ("/path?query"), never another site's ("//host", "http:")."""
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
    ):
        return "/"
    return target


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The request body, None when it is longer than ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class Bucket:
    """Token buckets per client: ``rate`` requests a second, up to ``burst`` at once."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("the rate must be positive and the burst at least one request")
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.clients: dict[str, tuple[float, float]] = {}  # address: (tokens, when)
        self.lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take one request's token for ``client``: 0.0 when allowed, else the seconds until one is there."""
        with self.lock:
            now = self.clock()
            tokens, when = self.clients.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if tokens >= 1:
                if len(self.clients) >= MAX_CLIENTS and client not in self.clients:
                    self._forget(now)
                self.clients[client] = (tokens - 1, now)
                return 0.0
            self.clients[client] = (tokens, now)
            return (1 - tokens) / self.rate

    def _forget(self, now: float) -> None:
        """Drop the clients whose bucket is full again (they lose nothing); then the oldest if need be."""
        full = [c for c, (t, w) in self.clients.items() if t + (now - w) * self.rate >= self.burst]
        for c in full:
            del self.clients[c]
        while len(self.clients) >= MAX_CLIENTS:
            del self.clients[next(iter(self.clients))]


class RateLimit:
    """A 429 with Retry-After for a client past its burst (clients are told apart by address)."""

    def __init__(self, app: ASGIApp, bucket: Bucket) -> None:
        self.app = app
        self.bucket = bucket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.bucket.take(client)
        if wait > 0:
            retry = str(max(1, math.ceil(wait))).encode()
            await refuse(scope, send, 429, "too many requests; wait and try again", [(b"retry-after", retry)])
            return
        await self.app(scope, receive, send)


class TimeLimit:
    """Each request's Budget, from its arrival: the endpoints put it on their connection (web.db.corpus)."""

    def __init__(
        self,
        app: ASGIApp,
        seconds: float,
        slots: threading.Semaphore | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.seconds = seconds
        self.slots = slots
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        budget = Budget.of(self.seconds, self.slots, self.clock)
        scope.setdefault("state", {})["budget"] = budget
        try:
            await self.app(scope, receive, send)
        finally:
            budget.release()


async def _redirect_setting_cookie(scope: Scope, send: Send, location: str, cookie: str) -> None:
    """A 303 to ``location`` that sets the login cookie (HttpOnly, SameSite=Strict, Secure over https)."""
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    header = f"{cookie}; Path=/; HttpOnly; SameSite=Strict{secure}"
    await respond(
        send,
        303,
        b"",
        b"text/plain",
        [(b"location", location.encode("latin-1")), (b"set-cookie", header.encode("latin-1"))],
    )
