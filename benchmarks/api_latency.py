"""HTTP API latency (p50/p95) for statement listing and search on a generated 1,000,000-statement store.

    .venv/bin/python benchmarks/api_latency.py [--statements 1000000] [--db /tmp/quotegraph-bench-1m.db]
                                               [--requests 300] [--in-process]

The store is the one benchmarks/query_latency.py generates (its generator is reused, and an existing --db
is reused as is). By default the API runs as `quotegraph serve` (uvicorn, its own process) on 127.0.0.1
and requests go over HTTP with one keep-alive connection, one at a time; --in-process times the app
through fastapi's TestClient instead. Each figure is the full request: parsing, query, JSON (or HTML for
the search page). The most common words (rank 1-20: 10-85% of the statements each) are searched on the page
with exact facets over their first 100,000 matches, and the ratio of their p95 to the budget printed; so is
the serving process's memory before the first search and after (the facet columns it builds). Prints figures.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import wait_until_serving  # noqa: E402
from query_latency import SPEAKERS, VOCAB, ensure_store, vocabulary  # noqa: E402

TARGET_P95_MS = 100.0


def percentiles(values: list[float]) -> str:
    qs = statistics.quantiles(values, n=100)
    return f"p50 {qs[49]:6.1f} ms   p95 {qs[94]:6.1f} ms   max {max(values):6.1f} ms   (n={len(values)})"


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`quotegraph serve` on a free loopback port; returns the process and its base URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from quotegraph.cli import main; main()",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, base, "/openapi.json", 30)
    return proc, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/quotegraph-bench-1m.db")
    parser.add_argument("--requests", type=int, default=300, help="requests per query class")
    parser.add_argument("--in-process", action="store_true", help="TestClient instead of a uvicorn process")
    args = parser.parse_args()
    db = Path(args.db)
    ensure_store(db, args.statements)

    proc = None
    if args.in_process:
        from fastapi.testclient import TestClient

        from quotegraph.web import create_app

        client: httpx.Client = TestClient(create_app(db))
        mode = "in-process TestClient"
    else:
        proc, base = serve(db)
        client = httpx.Client(base_url=base, timeout=30)
        mode = "uvicorn on 127.0.0.1 (quotegraph serve), one keep-alive connection"

    rng = random.Random(3)
    vocab = vocabulary(random.Random(1))

    def word(lo: int, hi: int) -> str:
        return vocab[rng.randint(lo, hi)]

    def speaker() -> str:
        return f"Speaker {vocab[rng.randint(1, SPEAKERS)].title()}"

    classes: dict[str, tuple[str, Callable[[], dict[str, object]]]] = {
        "list: newest 50": ("/api/statements", lambda: {}),
        "list: offset 0-2000": ("/api/statements", lambda: {"offset": rng.randrange(0, 2000, 50)}),
        "list: speaker": ("/api/statements", lambda: {"speaker": speaker()}),
        "list: outlet + dates": (
            "/api/statements",
            lambda: {"outlet": f"outlet{rng.randint(0, 299)}", "since": f"{rng.randint(2015, 2023)}-01-01"},
        ),
        "list: kind + speaker": ("/api/statements", lambda: {"kind": "direct", "speaker": speaker()}),
        "search: rare word": ("/api/search", lambda: {"q": word(100, VOCAB - 1)}),
        "search: common word": ("/api/search", lambda: {"q": word(20, 99)}),
        "search: two words": ("/api/search", lambda: {"q": f"{word(20, 3000)} {word(20, 3000)}"}),
        "search: phrase": ("/api/search", lambda: {"q": f'"{word(0, 50)} {word(0, 50)}"'}),
        "search: word + facet": (
            "/api/search",
            lambda: {"q": word(20, 3000), "outlet": f"outlet{rng.randint(0, 299)}"},
        ),
        "search page: rank 1-20": ("/search", lambda: {"q": word(0, 19)}),
        "search: rank 1-20": ("/api/search", lambda: {"q": word(0, 19)}),
    }
    try:
        with client:
            total = client.get("/api/statements", params={"limit": 1}).json()["items"][0]["id"]
            print(f"store: {db} (about {total:,} statements); {mode}")
            pid = proc.pid if proc is not None else os.getpid()
            before = rss_mb(pid)
            start = time.perf_counter()
            client.get("/api/search", params={"q": word(20, 3000)})
            first = (time.perf_counter() - start) * 1000
            print(
                f"first search {first:.0f} ms (includes building the facet columns, where the code has them); "
                f"RSS {before:.0f} MB before it, {rss_mb(pid):.0f} MB after"
            )
            for _ in range(20):  # warm the page cache and the connection
                client.get("/api/search", params={"q": word(20, 3000)})
            groups: dict[str, list[float]] = {"list": [], "search": []}
            for label, (path, make) in classes.items():
                times = []
                for _ in range(args.requests):
                    params = make()
                    start = time.perf_counter()
                    r = client.get(path, params=params)
                    times.append((time.perf_counter() - start) * 1000)
                    if r.status_code != 200:
                        raise SystemExit(f"{path} {params}: {r.status_code} {r.text[:200]}")
                groups[label.split(":")[0].split()[0]] += times
                ratio = ""
                if "rank 1-20" in label:
                    ratio = f"   p95 / budget {statistics.quantiles(times, n=100)[94] / TARGET_P95_MS:.2f}"
                print(f"{label:24s} {percentiles(times)}{ratio}")
            for name, times in groups.items():
                p95 = statistics.quantiles(times, n=100)[94]
                verdict = "ok" if p95 < TARGET_P95_MS else "OVER"
                print(
                    f"{'all ' + name:24s} {percentiles(times)}   target p95 < {TARGET_P95_MS:.0f} ms: {verdict}"
                )
            print(f"RSS at the end {rss_mb(pid):.0f} MB")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
