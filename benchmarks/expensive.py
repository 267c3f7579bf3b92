"""Expensive requests on the generated 1,000,000-statement store: each one's time and status alone, and the
latency of ordinary requests alone vs while ten expensive requests run all the time.

    .venv/bin/python benchmarks/expensive.py --db /tmp/access/gen-1000000.db [--time-limit 1.5 | --no-limit]
                                             [--requests 200]

The store is benchmarks/query_latency.py's (its vocabulary gives the most common words). The app runs in
its own process under uvicorn on 127.0.0.1, as `quotegraph serve` runs it (create_app, then uvicorn.run),
with the time limit given, or none (--no-limit: the server as it was before the limit). Ordinary requests
(a statement, a document, a small speaker, a listing, a rare word) go one at a time over one connection;
the expensive ones from ten threads, each on its own connection, in a loop. Prints figures only: the
ordinary p50/p95 with ten expensive requests running divided by the same figures alone (same process).
"""

from __future__ import annotations

import argparse
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import wait_until_serving  # noqa: E402
from query_latency import vocabulary  # noqa: E402


def expensive_requests(words: list[str], top_speaker: int) -> list[str]:
    """The worst requests the API and pages allow, found by trying (most common words together, facets over
    every match, a filter nothing matches walking the whole store, the deepest offset, a 250k-statement
    speaker's deepest page)."""
    a, b, c, d, e = words[:5]
    return [
        f"/api/search?q={a}",
        f"/search?q={a}+{b}+{c}",
        f"/api/search?q={a}+{b}+{c}+{d}+{e}",
        f'/api/search?q="{a}+{b}"',
        f"/api/search?q={a}&kind=indirect&since=2015-01-01",
        f"/api/search?q={a}&page=200",
        "/api/search?kind=indirect",
        "/search?kind=indirect&act=thought",
        "/api/statements?limit=200&offset=10000&kind=indirect",
        "/api/statements?act=thought&limit=200&offset=10000",
        f"/api/speakers/{top_speaker}",
        f"/speakers/{top_speaker}?page=400",
        f"/speakers/{top_speaker}.csv?page=400",
        f"/search.csv?q={a}+{b}&page=200",
    ]


def ordinary_requests(db: Path, words: list[str], n: int, rng: random.Random) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = conn.execute("SELECT max(id) FROM statements").fetchone()[0]
    docs = [r[0] for r in conn.execute("SELECT doc_id FROM documents ORDER BY random() LIMIT 200")]
    small = [
        r[0] for r in conn.execute("SELECT id FROM entities WHERE statements BETWEEN 20 AND 400 LIMIT 200")
    ]
    conn.close()
    out = []
    for i in range(n):
        pick = i % 5
        if pick == 0:
            out.append(f"/api/statements/{rng.randint(1, top)}")
        elif pick == 1:
            out.append(f"/documents/{rng.choice(docs)}")
        elif pick == 2:
            out.append(f"/api/speakers/{rng.choice(small)}")
        elif pick == 3:
            out.append(f"/api/statements?limit=20&speaker={rng.choice(small)}")
        else:
            out.append(f"/api/search?q={words[rng.randint(5000, len(words) - 1)]}")
    return out


def serve(db: Path, time_limit: float | None) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "import sys, uvicorn; from quotegraph.web import create_app; "
        f"uvicorn.run(create_app(sys.argv[1], time_limit={time_limit!r}), host='127.0.0.1', port={port}, "
        "log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, base, "/api/stories", 60)
    return proc, base


def timed(client: httpx.Client, url: str) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(url)
    return time.perf_counter() - t, r.status_code


def pct(values: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(values, n=100)
    return qs[49] * 1000, qs[94] * 1000


def overhead(db: Path, urls: list[str], rounds: int = 3) -> None:
    """The progress handler's cost: each request in-process with a limit it never reaches vs none, median
    of ``rounds`` runs each, interleaved (same process)."""
    from fastapi.testclient import TestClient

    from quotegraph.web import create_app

    plain = TestClient(create_app(db, time_limit=None))
    limited = TestClient(create_app(db, time_limit=600.0))
    print("progress-handler overhead (in-process, limit 600 s vs none, median of 3):")
    for url in urls:
        plain.get(url)
        limited.get(url)
        times: dict[str, list[float]] = {"none": [], "limit": []}
        for _ in range(rounds):
            times["none"].append(timed(plain, url)[0])  # type: ignore[arg-type]
            times["limit"].append(timed(limited, url)[0])  # type: ignore[arg-type]
        a, b = statistics.median(times["none"]), statistics.median(times["limit"])
        print(f"  {a * 1000:7.0f} ms  {b * 1000:7.0f} ms  {b / a:5.2f}x  {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/access/gen-1000000.db")
    parser.add_argument("--time-limit", type=float, default=1.5)
    parser.add_argument("--no-limit", action="store_true", help="no time limit (the server before it)")
    parser.add_argument("--requests", type=int, default=200, help="ordinary requests per phase")
    parser.add_argument("--skip-alone", action="store_true", help="do not time each expensive request alone")
    parser.add_argument(
        "--overhead", action="store_true", help="only the progress handler's cost, in-process"
    )
    args = parser.parse_args()
    db = Path(args.db)
    rng = random.Random(7)
    words = vocabulary(random.Random(1))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (top_speaker,) = conn.execute("SELECT id FROM entities ORDER BY statements DESC LIMIT 1").fetchone()
    conn.close()
    heavy = expensive_requests(words, top_speaker)
    ordinary = ordinary_requests(db, words, args.requests, rng)
    if args.overhead:
        overhead(db, heavy)
        return
    limit = None if args.no_limit else args.time_limit
    proc, base = serve(db, limit)
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            print(f"time limit: {limit} s; store {db}")
            if not args.skip_alone:
                print("expensive requests, alone (second run):")
                for url in heavy:
                    timed(client, url)
                    dt, status = timed(client, url)
                    print(f"  {dt * 1000:7.0f} ms  {status}  {url}")
            for url in ordinary[:20]:  # warm the page cache and the threads
                timed(client, url)
            alone = [timed(client, url)[0] for url in ordinary]
            errors_alone = 0

            stop = threading.Event()
            heavy_times: list[tuple[float, int]] = []

            def hammer(k: int) -> None:
                with httpx.Client(base_url=base, timeout=120) as own:
                    i = k
                    while not stop.is_set():
                        heavy_times.append(timed(own, heavy[i % len(heavy)]))
                        i += 1

            threads = [threading.Thread(target=hammer, args=(k,)) for k in range(10)]
            for t in threads:
                t.start()
            time.sleep(2)  # all ten are running
            busy = []
            errors_busy = 0
            for url in ordinary:
                dt, status = timed(client, url)
                busy.append(dt)
                errors_busy += status != 200
            stop.set()
            for t in threads:
                t.join()
        a50, a95 = pct(alone)
        b50, b95 = pct(busy)
        print(
            f"ordinary alone:               p50 {a50:6.1f} ms  p95 {a95:6.1f} ms  (n={len(alone)}, errors {errors_alone})"
        )
        print(
            f"ordinary with ten expensive:  p50 {b50:6.1f} ms  p95 {b95:6.1f} ms  (n={len(busy)}, errors {errors_busy})"
        )
        print(f"ratio (busy / alone):         p50 {b50 / a50:5.2f}x    p95 {b95 / a95:5.2f}x")
        codes: dict[int, int] = {}
        for _, status in heavy_times:
            codes[status] = codes.get(status, 0) + 1
        worst = max(dt for dt, _ in heavy_times)
        print(
            f"expensive requests meanwhile: {len(heavy_times)}, statuses {codes}, slowest {worst * 1000:.0f} ms"
        )
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
