"""Time limits inside SQLite: a request's queries stop at its deadline, and few slow ones run at once.

A server gives each request a Budget and puts it on the connection (Corpus.limit). SQLite calls the
budget every STEPS virtual-machine instructions (a progress handler), so a query is interrupted wherever
it is (a scan of a common word, a sort, an aggregate), not only between queries. The Corpus turns the
interruption into QueryTimeout.

Quick requests never wait for anything. A request that has worked ``slow_after`` seconds (CPU time of the
thread running its queries) takes one of a few shared ``slots`` before its queries go on, so however many
expensive requests arrive, at most that many use the CPU at once and the quick ones keep theirs; one that
cannot get a slot before its deadline stops there like any other. The work is counted, not the time since
arrival: under load every request waits for a thread and for the GIL, and counting that wait made each of
them "slow", so all of them queued for one slot while the CPU stood mostly idle (benchmarks/load.py: the
server used 22% of a core and answered half the requests with a 503).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

STEPS = 4000  # SQLite VM instructions between checks: well under a millisecond of work; read at Corpus.limit
SLOW_AFTER = 0.05  # seconds of work (thread CPU time) a request does before it needs a slot


@dataclass
class Budget:
    """One request's time: its queries are interrupted past ``deadline`` (``clock`` time); after
    ``slow_after`` seconds of work (``work`` time of the thread running its queries, from their first
    check) it runs only while holding one of ``slots``."""

    deadline: float
    slots: threading.Semaphore | None = None
    slow_after: float = SLOW_AFTER
    clock: Callable[[], float] = time.monotonic
    started: float = -1.0
    work: Callable[[], float] = time.thread_time
    # thread -> (``work`` at its first check, ``clock`` time before which its work cannot have reached
    # ``slow_after``): a thread's CPU clock is its own
    worked: dict[int, tuple[float, float]] = field(default_factory=dict)
    held: bool = False
    expired: bool = False  # a query was stopped: the Corpus makes its failure a QueryTimeout
    done: bool = False  # the request is over: a query still running (a client gone) stops too
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.started < 0:
            self.started = self.clock()

    @classmethod
    def of(
        cls,
        seconds: float,
        slots: threading.Semaphore | None = None,
        clock: Callable[[], float] = time.monotonic,
        work: Callable[[], float] = time.thread_time,
    ) -> Budget:
        """A budget of ``seconds`` from now."""
        now = clock()
        return cls(now + seconds, slots, clock=clock, started=now, work=work)

    def _slow(self, now: float) -> bool:
        """Has the request done ``slow_after`` seconds of work in the calling thread? The thread's CPU
        clock is a system call, read when the thread first checks and then only once enough ``clock`` time
        has passed for the work to have got there (work never outruns the clock): read at every check, it
        was a fifth of a loaded server's busy samples under py-spy."""
        thread = threading.get_ident()
        if thread not in self.worked:
            self.worked[thread] = (self.work(), now + self.slow_after)
        start, look = self.worked[thread]
        if now < look:
            return False
        done = self.work() - start
        if done >= self.slow_after:
            return True
        self.worked[thread] = (start, now + self.slow_after - done)
        return False

    def check(self) -> bool:
        """True when the running query must stop: past the deadline, or no slot came before it."""
        now = self.clock()
        if self.done or now >= self.deadline:
            self.expired = True
            return True
        if self.slots is None or self.held or not self._slow(now):
            return False
        # waits here, inside the query, with the GIL released; quick requests never get this far
        if not self.slots.acquire(timeout=self.deadline - now):
            self.expired = True
            return True
        with self._lock:
            if self.done:  # released while waiting: give the slot straight back
                self.slots.release()
                self.expired = True
                return True
            self.held = True
        return False

    def release(self) -> None:
        """End the request: give back its slot, if it took one."""
        with self._lock:
            self.done = True
            if self.held and self.slots is not None:
                self.held = False
                self.slots.release()
