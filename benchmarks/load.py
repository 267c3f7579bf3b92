"""Load: `quotegraph serve` on the generated 1,000,000-statement store, many clients at once, while an ingest
writes into the same store.

    .venv/bin/python benchmarks/load.py [--seconds 60] [--clients 50] [--think 0]
        [--source /tmp/qg-growth-main/gen-1000000.db] [--workdir /tmp/load]
        [--ingest /work/shared/data/polnear/train/text | --no-ingest]

The source store (made by benchmarks/query_latency.py's generator: 30,000-word Zipf vocabulary, 2,000
speakers) is copied once into --workdir with SQLite's backup API and migrated there by opening it through
quotegraph (the source is never written); every run then works on a fresh copy of that. The server is
`quotegraph serve` on 127.0.0.1 and a free port, its own process; the writer is `quotegraph ingest` of a
folder of plain-text articles (the real pipeline: spaCy, linking, one transaction per batch), its own
process, stopped with SIGINT when the window ends.

Each client is one keep-alive connection that sends a request, waits for the answer, pauses --think
seconds (exponentially distributed around it; 0: none, the closed-loop worst case), and goes on, until
--seconds have passed or it sent --max-requests. Every request has a --timeout. The mix, by route kind:
the search page with a common word and with a rare word, a speaker page, a statement page, a story page
(the story list while the store has no story yet), /api/statements with filters, /api/search.

Before the window a most-common-word search is repeated until it answers within --settle-ms (the server's
facet columns, which its first search starts reading, are ready). With a think time the clients start at
random moments within the first pause. The first --warmup
seconds (the server's worker threads opening their connections) are left out of the latencies and the
rate and reported apart; errors, 503s and 429s are counted over the whole run.

Prints: requests/s; p50/p95/p99 overall and per route kind; errors (non-2xx other than 503/429, and
connection errors or timeouts); the 503 and 429 counts apart; the server's RSS at the start, the end and
its peak; the server's CPU seconds; what the ingest stored meanwhile. Latencies include the time the
client's own event loop takes, which is small next to a request but not nothing at 50 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import wait_until_serving  # noqa: E402
from query_latency import SPEAKERS, vocabulary  # noqa: E402

TARGET_P99_MS = 250.0
DEFAULT_INGEST = "/work/shared/data/polnear/train/text"


def prepared_store(source: Path, workdir: Path) -> Path:
    """A migrated copy of ``source`` in ``workdir`` (made once), then a fresh copy of it for this run."""
    workdir.mkdir(parents=True, exist_ok=True)
    base = workdir / "base.db"
    if not base.exists():
        t0 = time.perf_counter()
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        tmp = workdir / "base.db.part"
        dst = sqlite3.connect(tmp)
        src.backup(dst)
        dst.close()
        src.close()
        from quotegraph.corpus.store import Store

        with Store(tmp) as store:  # opening writable migrates to the current schema
            version = store.version
        tmp.rename(base)
        print(f"prepared {base} from {source} (schema {version}) in {time.perf_counter() - t0:.1f} s")
    run = workdir / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, run)
    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def quotegraph(*args: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "quotegraph.cli", *args], **kw)  # type: ignore[call-overload]


def start_server(db: Path, threads: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    extra = ["--threads", str(threads)] if threads else []
    proc = quotegraph("serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), *extra)
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, base, "/openapi.json", 60)
    return proc, base


class Memory:
    """The server's resident memory, sampled every 0.2 s from /proc (VmRSS now, VmHWM the kernel's peak)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def status(self, key: str) -> int:
        with open(f"/proc/{self.pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                self.samples.append(self.status("VmRSS"))
            except OSError:
                return

    def __enter__(self) -> Memory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # what went wrong, by route kind and cause
    busy: Counter[str] = field(default_factory=Counter)  # 503 and 429 by route kind
    warm_until: float = 0.0  # answers to requests sent before this (monotonic) are not in the latencies
    warmup: list[float] = field(default_factory=list)  # their latencies, reported apart


class Mix:
    """The requests clients send: (route kind, path, params), drawn from the generated store's words."""

    def __init__(self, seed: int, statements: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocabulary(random.Random(1))  # the generator's vocabulary, most frequent first
        self.statements = statements
        self.stories: list[int] = []
        self.kinds: list[tuple[str, Callable[[], tuple[str, dict[str, object]]]]] = [
            ("search page, common word", lambda: ("/search", {"q": self.word(0, 20)})),
            ("search page, rare word", lambda: ("/search", {"q": self.word(5000, 29_999)})),
            ("speaker page", lambda: (f"/speakers/{self.rng.randint(1, SPEAKERS)}", {})),
            ("statement page", lambda: (f"/statements/{self.rng.randint(1, self.statements)}", {})),
            ("story page", self.story),
            ("api statements, filters", self.api_statements),
            ("api search", lambda: ("/api/search", {"q": self.word(20, 3000)})),
        ]

    def word(self, lo: int, hi: int) -> str:
        return self.vocab[self.rng.randint(lo, hi)]

    def speaker(self) -> str:
        return f"Speaker {self.vocab[self.rng.randint(1, SPEAKERS)].title()}"

    def story(self) -> tuple[str, dict[str, object]]:
        if self.stories:
            return f"/stories/{self.rng.choice(self.stories)}", {}
        return "/stories", {}

    def api_statements(self) -> tuple[str, dict[str, object]]:
        choice = self.rng.randrange(4)
        if choice == 0:
            return "/api/statements", {"speaker": self.speaker(), "kind": "direct"}
        if choice == 1:
            return "/api/statements", {
                "outlet": f"outlet{self.rng.randint(0, 299)}",
                "since": f"{self.rng.randint(2015, 2023)}-01-01",
            }
        if choice == 2:
            return "/api/statements", {"q": self.word(20, 3000), "speaker": self.speaker()}
        return "/api/statements", {"offset": self.rng.randrange(0, 2000, 50)}

    def next(self) -> tuple[str, str, dict[str, object]]:
        kind, make = self.rng.choice(self.kinds)
        path, params = make()
        return kind, path, params


async def client(
    base: str, mix: Mix, tally: Tally, end: float, args: argparse.Namespace, rng: random.Random
) -> None:
    # expire an idle connection before uvicorn does (5 s): reusing one the server is closing is a ReadError
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=4.0)
    async with httpx.AsyncClient(base_url=base, timeout=args.timeout, limits=limits) as http:
        if args.think > 0:  # people do not all click at the same instant
            await asyncio.sleep(rng.uniform(0, args.think))
        for _ in range(args.max_requests):
            if time.monotonic() >= end:
                return
            kind, path, params = mix.next()
            warm = time.monotonic() < tally.warm_until
            start = time.perf_counter()
            try:
                r = await http.get(path, params=params)
            except httpx.HTTPError as exc:
                tally.errors[f"{kind}: {type(exc).__name__}"] += 1
                continue
            elapsed = (time.perf_counter() - start) * 1000
            tally.statuses[r.status_code] += 1
            if r.status_code in (503, 429):
                tally.busy[f"{r.status_code} {kind}"] += 1
            elif not 200 <= r.status_code < 300:
                tally.errors[f"{kind}: HTTP {r.status_code}"] += 1
            elif warm:
                tally.warmup.append(elapsed)
            else:
                tally.times[kind].append(elapsed)
            if args.think > 0:
                await asyncio.sleep(min(rng.expovariate(1 / args.think), max(0.0, end - time.monotonic())))


async def refresh_stories(base: str, mix: Mix, end: float) -> None:
    """The ingest makes stories as it goes: keep the story pages pointed at ones that exist."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < end:
            try:
                r = await http.get("/api/stories", params={"limit": 200})
                if r.status_code == 200:
                    mix.stories = [s["id"] for s in r.json()["items"]]
            except httpx.HTTPError:
                pass
            await asyncio.sleep(5)


async def drive(base: str, args: argparse.Namespace, statements: int) -> tuple[Tally, float]:
    tally = Tally()
    mix = Mix(args.seed, statements)
    mix.kinds = [(k, make) for k, make in mix.kinds if k not in args.skip]
    start = time.monotonic()
    end = start + args.warmup + args.seconds
    tally.warm_until = start + args.warmup
    tasks = [refresh_stories(base, mix, end)]
    tasks += [client(base, mix, tally, end, args, random.Random(args.seed + i)) for i in range(args.clients)]
    await asyncio.gather(*tasks)
    return tally, time.monotonic() - start - args.warmup


def quantiles(values: list[float]) -> str:
    if len(values) < 2:
        return f"(n={len(values)})"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f}   p95 {q[94]:7.1f}   p99 {q[98]:7.1f}   max {max(values):7.1f} ms   n={len(values)}"


def mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def settle(http: httpx.Client, below_ms: float, most: float = 120.0) -> None:
    """Wait for the server's facet columns: the first search starts reading them in the background (1-2 s
    at 1,000,000 statements, several times that on a busy machine) and common words count with SQLite
    until then; the window measures a server under an ingest, not its start."""
    word = vocabulary(random.Random(1))[0]
    t0 = time.monotonic()
    while time.monotonic() - t0 < most:
        start = time.perf_counter()
        http.get("/api/search", params={"q": word})
        if (time.perf_counter() - start) * 1000 < below_ms:
            print(f"facet columns ready after {time.monotonic() - t0:.1f} s")
            return
        time.sleep(0.5)
    print(f"facet columns not ready after {most:.0f} s: measuring anyway")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", default="/tmp/qg-growth-main/gen-1000000.db", type=Path)
    parser.add_argument("--workdir", default="/tmp/load", type=Path)
    parser.add_argument("--seconds", type=float, default=60, help="measured window, after the warm-up")
    parser.add_argument(
        "--warmup", type=float, default=5, help="first seconds, whose latencies are reported apart"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a client's requests (s)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request (s)")
    parser.add_argument("--ingest", default=DEFAULT_INGEST, help="folder of plain-text articles to ingest")
    parser.add_argument("--no-ingest", action="store_true", help="serve only, no writer")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="the server's --threads (default: its own)")
    parser.add_argument(
        "--settle-ms",
        type=float,
        default=200.0,
        help="before the window, wait until a most-common-word search answers within this (0: no wait)",
    )
    parser.add_argument(
        "--skip", action="append", default=[], help="leave a route kind out of the mix (repeatable)"
    )
    args = parser.parse_args()

    db = prepared_store(args.source, args.workdir)
    statements = count(db, "statements")
    documents = count(db, "documents")
    print(f"store: {db} ({statements:,} statements, {documents:,} articles)")
    server, base = start_server(db, args.threads)
    writer = None
    try:
        with httpx.Client(base_url=base, timeout=30) as http:  # warm the server's first connections
            for w in ("said", "minister"):
                http.get("/api/search", params={"q": w})
            if args.settle_ms > 0:
                settle(http, args.settle_ms)
        with Memory(server.pid) as memory:
            rss_start = memory.status("VmRSS")
            cpu_start = memory.cpu_seconds()
            if not args.no_ingest:
                log = (args.workdir / "ingest.log").open("wb")
                writer = quotegraph("ingest", args.ingest, "--db", str(db), "--quiet", stderr=log)
            tally, elapsed = asyncio.run(drive(base, args, statements))
            rss_end = memory.status("VmRSS")
            hwm = memory.status("VmHWM")
            cpu = memory.cpu_seconds() - cpu_start
        peak = max([rss_start, rss_end, *memory.samples])
    finally:
        if writer is not None and writer.poll() is None:
            writer.send_signal(signal.SIGINT)  # graceful: stores what is extracted, then exits
        ingest_line = ""
        if writer is not None:
            try:
                writer.wait(timeout=120)
                lines = (args.workdir / "ingest.log").read_text(errors="replace").strip().splitlines()
                ingest_line = lines[-1] if lines else ""
            except subprocess.TimeoutExpired:
                writer.kill()
                ingest_line = "(ingest did not stop within 120 s; killed)"
        server.terminate()
        server.wait(10)

    if tally.warmup:
        print(f"{'warm-up (not counted below)':28s} {quantiles(tally.warmup)}")
    done = sum(len(v) for v in tally.times.values())
    sent = done + sum(tally.busy.values()) + sum(tally.errors.values())
    everything = [t for v in tally.times.values() for t in v]
    print(
        f"{args.clients} clients, {elapsed:.1f} s, think {args.think} s: {sent} requests, "
        f"{sent / elapsed:.1f} requests/s ({done / elapsed:.1f}/s answered 2xx)"
    )
    print(f"{'all 2xx':28s} {quantiles(everything)}")
    for kind in sorted(tally.times):
        print(f"{kind:28s} {quantiles(tally.times[kind])}")
    n_err = sum(tally.errors.values())
    print(f"errors: {n_err}" + (f"  {dict(tally.errors)}" if n_err else ""))
    n503 = sum(n for k, n in tally.busy.items() if k.startswith("503"))
    n429 = sum(n for k, n in tally.busy.items() if k.startswith("429"))
    print(f"503: {n503}   429: {n429}" + (f"  {dict(tally.busy)}" if tally.busy else ""))
    quarters = (
        [mb(memory.samples[len(memory.samples) * i // 4]) for i in range(1, 4)] if memory.samples else []
    )
    print(
        f"server RSS at 1/4, 1/2, 3/4 of the run: {', '.join(quarters)}; "
        f"start {mb(rss_start)}, end {mb(rss_end)}, peak sampled {mb(peak)} "
        f"(kernel high-water mark {mb(hwm)}); server CPU {cpu:.1f} s over {elapsed:.1f} s"
    )
    if writer is not None:
        added = count(db, "documents") - documents
        print(f"ingest meanwhile: {added} new articles; its last line: {ingest_line}")
    p99 = (
        statistics.quantiles(everything, n=100, method="inclusive")[98]
        if len(everything) > 1
        else float("nan")
    )
    verdict = "ok" if p99 < TARGET_P99_MS and n_err == 0 else "MISSED"
    print(f"target: no error, p99 < {TARGET_P99_MS:.0f} ms: {verdict}   (load average {os.getloadavg()})")


if __name__ == "__main__":
    main()
