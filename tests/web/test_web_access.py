"""Access: with a token every request needs it (Bearer header or the login cookie), compared in constant
time; a per-client rate limit answers 429 with Retry-After (a fake clock, no sleeps); `serve` refuses a
non-loopback address without --token or --public."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from quotegraph.cli import main
from quotegraph.config import DEFAULT_RATE_LIMIT
from quotegraph.web import access, create_app
from quotegraph.web.access import COOKIE, Bucket, RateLimit, same_secret

TOKEN = "a-long-test-token-0123456789"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def locked(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, token=TOKEN), follow_redirects=False) as c:
        yield c


BEARER = {"authorization": f"Bearer {TOKEN}"}
EVERYTHING = [
    "/",
    "/search?q=threat",
    "/speakers",
    "/api/statements",
    "/openapi.json",
    "/docs",
    "/static/style.css",
]


@pytest.mark.parametrize("path", ["/api/statements", "/api/search?q=threat", "/openapi.json", "/search.csv"])
def test_without_the_token_programs_get_401_json(locked: TestClient, path: str) -> None:
    r = locked.get(path)
    assert r.status_code == 401
    assert "token" in r.json()["error"] and r.headers["www-authenticate"].startswith("Bearer")
    assert "content-security-policy" in r.headers


@pytest.mark.parametrize("path", ["/", "/speakers?q=kad", "/docs", "/static/style.css"])
def test_without_the_token_pages_redirect_to_the_login_page(locked: TestClient, path: str) -> None:
    r = locked.get(path)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=")


def test_a_wrong_token_is_refused(locked: TestClient) -> None:
    for auth in (f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer ", f"Basic {TOKEN}", TOKEN):
        assert locked.get("/api/statements", headers={"authorization": auth}).status_code == 401, auth
    assert locked.get("/api/statements", cookies={COOKIE: TOKEN}).status_code == 401  # not the cookie value


@pytest.mark.parametrize("path", EVERYTHING)
def test_the_right_header_opens_everything(locked: TestClient, path: str) -> None:
    assert locked.get(path, headers=BEARER).status_code == 200


def test_the_login_page_sets_a_strict_httponly_cookie_and_pages_then_work(web_db: Path) -> None:
    with TestClient(create_app(web_db, token=TOKEN), follow_redirects=False) as c:
        form = c.get("/login?next=/speakers")
        assert form.status_code == 200 and 'method="post"' in form.text and "<script" not in form.text
        assert "script-src 'self'" in form.headers["content-security-policy"]
        wrong = c.post("/login", data={"token": "nope", "next": "/speakers"})
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers and "wrong token" in wrong.text
        assert c.get("/speakers").status_code == 303
        ok = c.post("/login", data={"token": TOKEN, "next": "/speakers"})
        assert ok.status_code == 303 and ok.headers["location"] == "/speakers"
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert TOKEN not in cookie  # the browser keeps a value derived from the token, not the token
        for path in EVERYTHING:
            assert c.get(path).status_code == 200, path
        assert c.post("/api/statements").status_code == 405  # still read-only


def test_logout_clears_the_cookie(web_db: Path) -> None:
    with TestClient(create_app(web_db, token=TOKEN), follow_redirects=False) as c:
        c.post("/login", data={"token": TOKEN, "next": "/speakers"})
        assert c.get("/speakers").status_code == 200
        out = c.post("/logout")
        assert out.status_code == 303 and out.headers["location"] == "/login"
        cleared = out.headers["set-cookie"]
        assert cleared.startswith(f"{COOKIE}=;") and "Max-Age=0" in cleared and "HttpOnly" in cleared
        assert COOKIE not in c.cookies
        assert c.get("/speakers").status_code == 303  # asked for the token again
        assert c.get("/api/stories").status_code == 401
        assert c.get("/logout").status_code == 303  # a plain link works too


def test_a_new_token_invalidates_the_old_cookies(web_db: Path) -> None:
    """The cookie is derived from the token: restarting the server with another token logs everyone out."""
    with TestClient(create_app(web_db, token=TOKEN), follow_redirects=False) as old:
        old.post("/login", data={"token": TOKEN, "next": "/"})
        value = old.cookies[COOKIE]
        assert old.get("/speakers").status_code == 200
    with TestClient(create_app(web_db, token=TOKEN + "-rotated"), follow_redirects=False) as new:
        new.cookies.set(COOKIE, value)  # the old server's cookie, kept by the browser
        assert new.get("/speakers").status_code == 303
        assert new.get("/api/stories").status_code == 401
        fresh = new.post("/login", data={"token": TOKEN + "-rotated", "next": "/"})
        assert value not in fresh.headers["set-cookie"]
        new.cookies.clear()
        new.cookies.set(COOKIE, fresh.cookies[COOKIE])
        assert new.get("/speakers").status_code == 200


def test_login_redirects_only_to_this_server(locked: TestClient) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        r = locked.post("/login", data={"token": TOKEN, "next": target})
        assert r.headers["location"] == "/", target


def test_an_oversized_login_form_is_refused(locked: TestClient) -> None:
    r = locked.post("/login", data={"token": "x" * (access.MAX_FORM + 1)})
    assert r.status_code == 413


def test_secrets_are_compared_with_hmac_compare_digest(
    locked: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", spy)
    assert locked.get("/api/statements", headers={"authorization": "Bearer guess"}).status_code == 401
    assert (b"guess", TOKEN.encode()) in calls
    assert same_secret(TOKEN, TOKEN) and not same_secret(TOKEN, TOKEN + "!") and not same_secret("", TOKEN)
    assert same_secret("naïve", "naïve")  # any text, not only ASCII


def test_an_empty_token_is_refused(web_db: Path) -> None:
    with pytest.raises(ValueError), TestClient(create_app(web_db, token="")) as c:
        c.get("/")


def test_past_the_burst_a_client_gets_429_with_retry_after_until_its_bucket_refills(web_db: Path) -> None:
    clock = Clock()
    app = create_app(web_db, rate_limit=2.0, burst=3, clock=clock)
    with TestClient(app) as c, TestClient(app, client=("10.0.0.9", 4000)) as other:
        assert [c.get("/api/stories").status_code for _ in range(3)] == [200] * 3
        r = c.get("/api/stories")
        assert r.status_code == 429 and r.headers["retry-after"] == "1" and "too many" in r.json()["error"]
        assert c.get("/speakers").status_code == 429  # pages too, as a page
        assert other.get("/api/stories").status_code == 200  # another address has its own bucket
        clock.now = 0.5  # one request's worth at 2 a second
        assert c.get("/api/stories").status_code == 200
        assert c.get("/api/stories").status_code == 429
        clock.now = 10.0  # refilled, to the burst and no further
        assert [c.get("/api/stories").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_bucket_forgets_idle_clients_so_memory_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "MAX_CLIENTS", 3)
    clock = Clock()
    b = Bucket(1.0, 2, clock)
    for client in ("a", "b", "c"):
        assert b.take(client) == 0.0
    clock.now = 5.0
    assert b.take("d") == 0.0
    assert len(b.clients) <= 3
    assert b.take("d") == 0.0 and b.take("d") > 0  # d's own burst of 2


def test_serve_refuses_a_non_loopback_address_without_a_token_or_public(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: started.append((app, kw)))
    monkeypatch.delenv("QUOTEGRAPH_TOKEN", raising=False)
    runner = CliRunner()
    r = runner.invoke(main, ["serve", "--db", str(web_db), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and not started
    assert len(r.output.strip().splitlines()) == 1 and "--token" in r.output and "--public" in r.output

    r = runner.invoke(main, ["serve", "--db", str(web_db), "--host", "0.0.0.0", "--token", " "])
    assert r.exit_code == 2 and not started

    r = runner.invoke(main, ["serve", "--db", str(web_db), "--host", "0.0.0.0", "--public"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        main, ["serve", "--db", str(web_db), "--host", "0.0.0.0"], env={"QUOTEGRAPH_TOKEN": TOKEN}
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["serve", "--db", str(web_db)])  # loopback: no token needed
    assert r.exit_code == 0, r.output
    assert len(started) == 3

    public, tokened, local = (TestClient(app) for app, _ in started)
    assert public.get("/api/stories").status_code == 200
    assert tokened.get("/api/stories").status_code == 401
    assert tokened.get("/api/stories", headers=BEARER).status_code == 200
    # beyond loopback the rate limit is on by default, on loopback off
    assert [b.rate for b in buckets(started[0][0])] == [DEFAULT_RATE_LIMIT]
    assert [b.rate for b in buckets(started[1][0])] == [DEFAULT_RATE_LIMIT]
    assert buckets(started[2][0]) == []
    r = runner.invoke(main, ["serve", "--db", str(web_db), "--rate-limit", "5"])
    assert r.exit_code == 0 and [b.rate for b in buckets(started[3][0])] == [5.0]
    assert local.get("/api/stories").status_code == 200


def buckets(app: Any) -> list[Bucket]:
    """The rate limits an app was made with (its RateLimit middleware's buckets)."""
    return [m.kwargs["bucket"] for m in app.user_middleware if m.cls is RateLimit]
