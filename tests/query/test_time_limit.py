"""The time limit inside SQLite (query.limits): a Budget on a connection stops its queries with
QueryTimeout; slow requests share a few slots; quick ones never wait. A fake clock, no sleeps."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.errors import QueryTimeout, StoreError
from quotegraph.query import Corpus, Filters, limits
from quotegraph.query.limits import Budget


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limit") / "limit.db"
    records = [
        article(
            [(f"Speaker {i % 7}", f"the harbour council met on day {i} to talk about the ferry")],
            published=f"2024-01-{1 + i % 28:02d}",
            publisher=f"Outlet {i % 3}",
            title=f"Day {i}",
        )
        for i in range(60)
    ]
    assert not ingest_results(records, path).errors
    return path


def test_a_query_past_the_deadline_is_a_query_timeout_and_the_limit_can_be_lifted(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "STEPS", 10)
    clock = Clock()
    with Corpus(db, query_only=True) as c:
        budget = Budget.of(1.0, clock=clock)
        c.limit(budget)
        assert len(c.quotes(search="harbour", limit=None)) == 60  # within the limit: every match
        clock.now = 5.0
        with pytest.raises(QueryTimeout, match="took too long"):
            c.quotes(search="harbour", limit=None)
        with pytest.raises(QueryTimeout):
            c.summary(Filters(q="ferry"))
        assert budget.expired
        c.limit(None)
        assert len(c.quotes(search="harbour", limit=None)) == 60


def test_other_sqlite_failures_stay_store_errors(db: Path) -> None:
    with Corpus(db, query_only=True) as c:
        c.limit(Budget.of(60.0))
        with pytest.raises(StoreError):
            c.rows("SELECT no_such_column FROM statements")


def test_budget_stops_at_its_deadline() -> None:
    clock = Clock()
    b = Budget.of(2.0, clock=clock)
    assert not b.check() and not b.expired
    clock.now = 1.99
    assert not b.check()
    clock.now = 2.0
    assert b.check() and b.expired


def test_a_quick_request_never_takes_a_slot_a_slow_one_does_and_gives_it_back() -> None:
    clock = Clock()
    slots = threading.BoundedSemaphore(1)
    quick = Budget.of(10.0, slots, clock, work=clock)
    assert not quick.check() and not quick.held  # 0 s in: below SLOW_AFTER
    clock.now = limits.SLOW_AFTER
    slow = Budget.of(10.0, slots, clock, work=clock)  # starts working now: quick for now
    quick_again = slow.check()
    assert not quick_again and not slow.held
    assert not quick.check() and quick.held  # working since 0: it needs a slot and takes the free one
    assert not slots.acquire(blocking=False)  # taken
    quick.release()
    assert slots.acquire(blocking=False)  # given back
    slots.release()
    assert quick.check()  # the request is over: a query still running on it stops


def test_waiting_before_the_work_starts_does_not_make_a_request_slow() -> None:
    """Under load a request waits for a worker thread and for the GIL before its queries run: that time
    counts toward its deadline, not toward needing a slot."""
    clock, work = Clock(), Clock()
    slots = threading.BoundedSemaphore(1)
    assert slots.acquire(blocking=False)  # the only slot is taken: needing one would mean waiting
    b = Budget.of(10.0, slots, clock, work=work)
    clock.now = 1.0  # a second in the queue
    work.now = 7.0  # the thread's clock, whatever it did before this request
    assert not b.check() and not b.held
    work.now = 7.0 + limits.SLOW_AFTER / 2
    assert not b.check() and not b.held
    clock.now = 10.0
    assert b.check() and b.expired  # the deadline still counts from arrival
    slots.release()


def test_work_is_counted_per_thread() -> None:
    """Thread CPU clocks are per thread: a check from another thread starts counting afresh there."""
    work = Clock()
    slots = threading.BoundedSemaphore(1)
    b = Budget.of(1e6, slots, Clock(), work=work)
    assert not b.check()
    b.clock.now = work.now = 1.0  # type: ignore[attr-defined]  # work never outruns the clock
    seen: list[bool] = []
    t = threading.Thread(target=lambda: seen.append(b.check() or b.held))
    t.start()
    t.join(30)
    assert seen == [False]  # 1 s on this thread's clock, none yet on the other's
    assert not b.check() and b.held  # back here: 1 s of work, it takes the slot
    b.release()


def test_a_slow_request_waits_for_a_slot_and_stops_when_none_comes_before_its_deadline() -> None:
    clock = Clock()
    slots = threading.BoundedSemaphore(1)
    assert slots.acquire(blocking=False)  # another slow request holds the only slot
    waiting = Budget(deadline=0.01, slots=slots, slow_after=0.0, clock=clock, started=0.0, work=clock)
    assert waiting.check() and waiting.expired and not waiting.held  # waited 0.01 s, no slot: stop
    slots.release()


def test_a_slow_request_goes_on_once_a_slot_is_given_back() -> None:
    slots = threading.BoundedSemaphore(1)
    assert slots.acquire(blocking=False)
    b = Budget(deadline=1e6, slots=slots, slow_after=0.0, clock=Clock(), started=0.0, work=Clock())
    result: list[bool] = []
    t = threading.Thread(target=lambda: result.append(b.check()))
    t.start()
    t.join(0.05)
    assert t.is_alive() and not result  # still waiting: the slot is taken (never a false failure)
    slots.release()
    t.join(30)
    assert result == [False] and b.held
    b.release()


def test_the_threads_cpu_clock_is_read_only_when_the_work_could_have_reached_the_limit() -> None:
    """A thread's CPU clock is a system call: a quick request reads it once, not at every check."""
    clock = Clock()
    reads: list[float] = []

    def work() -> float:
        reads.append(clock.now)
        return clock.now / 2  # half the wall time spent working

    b = Budget.of(10.0, threading.BoundedSemaphore(1), clock, work=work)
    for i in range(100):
        clock.now = i * limits.SLOW_AFTER / 100
        assert not b.check()
    assert len(reads) == 1
    clock.now = 2 * limits.SLOW_AFTER  # 0.05 s of work by now: it must look, and take the slot
    assert not b.check() and b.held
    assert len(reads) <= 3
    b.release()
