"""Peak size of the store's -wal file during a long ingest: is the write-ahead log bounded?

    python benchmarks/wal.py RESULTS.jsonl [--only train] [--batch-size 32] [--repeat 1] [--readers 2]
        [--no-checkpoint]

RESULTS.jsonl holds `quotegraph extract --jsonl` records (e.g. PolNeAR); ``--only WORD`` keeps the
records whose document source has WORD as a path part (``train`` for PolNeAR train). ``--repeat N``
ingests the records N times, each copy under new document and statement ids, for a longer run.
A thread samples the -wal file's size every 0.2 s while ``ingest_results`` writes into a new store in a
temporary folder; prints the peak WAL MB, the final store MB and their ratio. ``--readers N``: N threads
keep reading the store meanwhile, each in short overlapping read transactions, as the web server does
(such readers keep SQLite's own checkpoint from ever resetting the WAL). ``--no-checkpoint``: the
baseline without the checkpoint after each batch (Store.checkpoint made a no-op in this process).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.store import Store

MB = 1024 * 1024


def records(path: Path, only: str | None, repeat: int) -> Iterator[dict[str, Any]]:
    """The records of ``path`` (``repeat`` times, each copy a distinct article)."""
    kept = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if only is None or only in Path(d["document"].get("source") or "").parts:
                kept.append(d)
    for copy in range(repeat):
        for d in kept:
            yield d if copy == 0 else _copy(d, copy)


def _copy(d: dict[str, Any], copy: int) -> dict[str, Any]:
    """The record as a new article: its document and statement ids changed, the rest as it is."""

    def new(old: str) -> str:
        return hashlib.sha256(f"{old}/{copy}".encode()).hexdigest()[:16]

    return {
        **d,
        "document": {**d["document"], "id": new(d["document"]["id"])},
        "statements": [{**s, "id": new(s["id"])} for s in d["statements"]],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("results", type=Path)
    ap.add_argument("--only")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--readers", type=int, default=0)
    ap.add_argument("--no-checkpoint", action="store_true")
    args = ap.parse_args()
    if args.no_checkpoint:
        Store.checkpoint = lambda self: False  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "wal.db"
        wal = Path(f"{db}-wal")
        peak = {"wal": 0, "samples": 0}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                size = wal.stat().st_size if wal.exists() else 0
                peak["wal"] = max(peak["wal"], size)
                peak["samples"] += 1
                done.wait(0.2)

        def read(k: int) -> None:
            while not db.exists() and not done.is_set():
                time.sleep(0.05)
            conn = sqlite3.connect(db, timeout=30, isolation_level=None)
            try:
                while not done.is_set():
                    conn.execute("BEGIN")
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    done.wait(0.05 * (k + 1))  # readers overlap: one is almost always inside a read
                    conn.execute("COMMIT")
            except sqlite3.Error:
                pass  # the store is being created; readers are background load only
            finally:
                conn.close()

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        readers = [threading.Thread(target=read, args=(k,), daemon=True) for k in range(args.readers)]
        for t in readers:
            t.start()
        t0 = time.perf_counter()
        summary = ingest_results(
            records(args.results, args.only, args.repeat), db, batch_size=args.batch_size
        )
        seconds = time.perf_counter() - t0
        done.set()
        sampler.join()
        for t in readers:
            t.join()
        wal_end = wal.stat().st_size if wal.exists() else 0
        store = db.stat().st_size
    print(
        f"ingested {summary.documents} articles ({summary.statements} statements) in {seconds:.1f} s, "
        f"batch {args.batch_size}, {args.readers} readers, "
        f"{'no checkpoint (baseline)' if args.no_checkpoint else 'checkpoint after each batch'}, "
        f"{peak['samples']} samples"
    )
    print(
        f"peak WAL {peak['wal'] / MB:.2f} MB, WAL at the end {wal_end / MB:.2f} MB, store {store / MB:.2f} MB, "
        f"peak WAL / store {peak['wal'] / store:.2f}"
    )


if __name__ == "__main__":
    main()
