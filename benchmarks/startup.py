"""Start-up cost of the commands people run most: `--help`, a query on an existing store, importing the web app.

Each is a fresh process, timed wall-clock; prints best and median of ``--rounds`` runs. A store is built from
``samples/`` (no spaCy needed to query it) unless ``--db`` names one.

    .venv/bin/python benchmarks/startup.py [--rounds 5] [--db STORE]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QG = [sys.executable, "-m", "quotegraph.cli"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


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


if __name__ == "__main__":
    main()
