"""Dask linking of a Parquet dataset: one worker against two, and agreement with a SQLite store.

    PYTHONPATH=src .venv/bin/python benchmarks/link_scale.py DATASET [--db STORE.db] [--out DIR]

Prints seconds per stage for 1 and 2 LocalCluster workers, the ratio (1-worker time / 2-worker time) / 2
(target >= 0.8), ms per article, the load average, and with --db the agreement of entities, statement
groups and stories with that store (built by `quotegraph load DATASET --db STORE.db`).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time

from quotegraph.scale.link import link_dataset
from quotegraph.scale.link_compare import compare


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--db")
    ap.add_argument("--out")
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="qg-link-")
    times = {}
    for workers in (1, 2):
        print(f"load average before {workers} worker(s): {os.getloadavg()}", flush=True)
        start = time.perf_counter()
        summary = link_dataset(args.dataset, os.path.join(out, f"w{workers}"), workers=workers)
        times[workers] = time.perf_counter() - start
        print(f"{workers} worker(s): {times[workers]:.1f} s wall, stages {summary.seconds}", flush=True)
        print(f"  {summary.line()}; {1000 * times[workers] / summary.documents:.1f} ms/article", flush=True)
    print(f"scaling ratio (t1 / t2) / 2 = {times[1] / times[2] / 2:.2f} (target >= 0.8)")
    print(f"load average after: {os.getloadavg()}")
    if args.db:
        print(json.dumps(compare(args.db, os.path.join(out, "w2")), indent=1))


if __name__ == "__main__":
    main()
