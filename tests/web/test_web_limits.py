"""Expensive requests: past the time limit a 503 with a message and Retry-After; ten expensive requests in
flight never hold up ordinary ones. Blocking is made deterministic (an Event inside an SQLite call, a fake
clock), never timed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from quotegraph.query import Corpus, limits
from quotegraph.web import create_app


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


EXPENSIVE = "/api/search?q=answer+threat"
PAGE = "/search?q=answer+threat"


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check the budget every few SQLite instructions, so even the small test store's queries reach it."""
    monkeypatch.setattr(limits, "STEPS", 5)


def test_a_request_past_the_time_limit_is_a_503_saying_what_to_do(web_db: Path, steps: None) -> None:
    with TestClient(create_app(web_db, time_limit=1.0, clock=Clock())) as c:
        assert c.get(EXPENSIVE).status_code == 200  # the clock stands still: always within the limit
    with TestClient(create_app(web_db, time_limit=0.0)) as c:  # every query is past a zero limit
        r = c.get(EXPENSIVE)
        assert r.status_code == 503
        assert "took too long" in r.json()["error"] and "narrow it" in r.json()["error"]
        assert int(r.headers["retry-after"]) >= 1
        assert "content-security-policy" in r.headers
        page = c.get(PAGE)
        assert page.status_code == 503 and "text/html" in page.headers["content-type"]
        assert "took too long" in page.text and "retry-after" in page.headers


def test_the_openapi_description_documents_503_and_429(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        responses = methods["get"]["responses"]
        assert {"401", "429", "503"} <= set(responses), path
        assert "Retry-After" in responses["503"]["headers"]


class Blocker:
    """Stands in for an expensive search: the request waits inside an SQLite statement (a function SQLite
    calls) until the test lets it go, holding its thread and its connection as a long scan would."""

    def __init__(self) -> None:
        self.arrived = threading.Semaphore(0)
        self.go = threading.Event()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = Corpus.search_statements
        blocker = self

        def blocked(self: Corpus, *args: Any, **kwargs: Any) -> Any:
            self.conn.create_function("wait_for_test", 0, blocker.wait)
            self.rows("SELECT wait_for_test()")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Corpus, "search_statements", blocked)

    def wait(self) -> int:
        self.arrived.release()
        self.go.wait(60)
        return 1


def in_flight(c: TestClient, url: str, n: int) -> tuple[list[threading.Thread], list[Any]]:
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(c.get(url))) for _ in range(n)]
    for t in threads:
        t.start()
    return threads, results


def ordinary(c: TestClient, ids: dict[str, Any]) -> list[int]:
    urls = [
        f"/api/statements/{ids['statement']}",
        f"/statements/{ids['statement']}",
        f"/api/speakers/{ids['speaker']}",
        f"/documents/{ids['document']}",
        "/api/statements?limit=5",
        "/speakers",
    ]
    return [c.get(u).status_code for u in urls]


@pytest.fixture
def known(client: TestClient) -> dict[str, Any]:
    q = client.get("/api/statements?limit=1").json()["items"][0]
    return {"statement": q["id"], "speaker": q["speaker_id"], "document": q["document"]}


@pytest.fixture
def blocker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Blocker]:
    b = Blocker()
    b.install(monkeypatch)
    yield b
    b.go.set()  # never leave a thread waiting


def test_ten_expensive_requests_in_flight_do_not_hold_up_ordinary_ones(
    web_db: Path, known: dict[str, Any], blocker: Blocker, steps: None
) -> None:
    clock = Clock()
    app = create_app(web_db, time_limit=30.0, slow_requests=1, clock=clock)
    with TestClient(app) as c:
        threads, results = in_flight(c, EXPENSIVE, 10)
        for _ in range(10):
            assert blocker.arrived.acquire(timeout=30), "an expensive request never started"
        # ten expensive requests are now inside SQLite; they have been running 1 s (slow); the only slot
        # for slow requests is taken, so anything that needed one would wait
        clock.now = 1.0
        slots = app.state.slots
        assert slots.acquire(timeout=30)
        try:
            assert ordinary(c, known) == [200] * 6
            assert not results  # the expensive ones are still held
        finally:
            slots.release()
        blocker.go.set()
        for t in threads:
            t.join(60)
        assert [r.status_code for r in results] == [200] * 10  # one slot, taken in turn


def test_expensive_requests_past_their_limit_end_in_503_while_ordinary_ones_still_answer(
    web_db: Path, known: dict[str, Any], blocker: Blocker, steps: None
) -> None:
    clock = Clock()
    app = create_app(web_db, time_limit=30.0, clock=clock)
    with TestClient(app) as c:
        threads, results = in_flight(c, EXPENSIVE, 10)
        for _ in range(10):
            assert blocker.arrived.acquire(timeout=30)
        clock.now = 100.0  # past their deadline; requests arriving now have their own 30 s
        assert ordinary(c, known) == [200] * 6
        blocker.go.set()
        for t in threads:
            t.join(60)
        assert [r.status_code for r in results] == [503] * 10
        assert all("took too long" in r.json()["error"] for r in results)


def test_the_server_answers_with_the_threads_it_was_given(web_db: Path) -> None:
    """`serve --threads N`: at most N requests run at once (anyio's limiter of the app's event loop)."""
    import anyio.to_thread

    with TestClient(create_app(web_db, threads=3)) as client:
        assert client.get("/api/statements").status_code == 200
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 3


def test_big_blocks_go_back_to_the_os_where_glibc_allows() -> None:
    """The served app fixes glibc's mmap threshold (mallopt answers 1 when it took the setting)."""
    import platform

    from quotegraph.web.app import large_blocks_to_the_os

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    assert large_blocks_to_the_os()
