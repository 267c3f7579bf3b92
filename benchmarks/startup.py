"""Start-up cost of the commands people run most: `--help`, a query on an existing store, `serve` until ready.

Each is a fresh process, timed wall-clock; prints best and median of ``--rounds`` runs. A store is built from
``samples/`` (no spaCy needed to query it) unless ``--db`` names one. `serve ready` is the time from starting
`quotegraph serve` to its first answered HTTP request (the search page), polled every 10 ms.
Targets (issue 14): `--help` under 0.3 s, `quotes` under 0.5 s, `serve` ready under 1 s.

    .venv/bin/python benchmarks/startup.py [--rounds 5] [--db STORE]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QG = [sys.executable, "-m", "quotegraph.cli"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def serve_ready(db: str) -> float:
    """Seconds from starting `quotegraph serve` until it answers its first request."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*QG, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - start < 30:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                    r.read()
                return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.01)
        raise SystemExit("serve did not answer within 30 s")
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "samples.db")
        if not args.db:
            subprocess.run([*QG, "ingest", str(ROOT / "samples"), "--db", db, "-q"], check=True)
        runs = {
            "python -c pass (interpreter alone)": [sys.executable, "-c", "pass"],
            "quotegraph --help": [*QG, "--help"],
            "quotegraph quotes --limit 5": [*QG, "quotes", "--db", db, "--limit", "5"],
            "quotegraph speakers": [*QG, "speakers", "--db", db],
            "import quotegraph.web": [sys.executable, "-c", "import quotegraph.web"],
        }
        print(f"{'command':40} {'best s':>8} {'median s':>9}")
        for name, cmd in runs.items():
            times = [timed(cmd) for _ in range(args.rounds)]
            print(f"{name:40} {min(times):8.3f} {statistics.median(times):9.3f}")
        times = [serve_ready(db) for _ in range(args.rounds)]
        print(f"{'quotegraph serve (until ready)':40} {min(times):8.3f} {statistics.median(times):9.3f}")


if __name__ == "__main__":
    main()
