"""The facet columns kept current after an ingested batch: appending its rows against reading everything.

    .venv/bin/python benchmarks/columns_append.py [--source /tmp/load/base.db] [--rows 640] [--repeat 5]

On a copy of the generated 1,000,000-statement store (benchmarks/load.py's migrated base.db; the source is
only read), each round a writable Store adds --rows statements (a batch of 32 articles of 20 statements:
copies of stored rows under new ids, with the triggers a writer sets), then the server's shared Columns is
brought up to date: the append path (query.columns.Columns._append) and, in the same process on the same
store, a whole read (_rebuild), the baseline. Prints the best and median of each and their ratio, and the
time of a whole read after a hide (the path a change to stored rows takes). Figures only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

from quotegraph.corpus.store import Store
from quotegraph.query import columns


def add_rows(db: Path, n: int) -> None:
    """n new statements, copies of the first stored ones (new ids, new local ids), in one transaction."""
    with Store(db) as store:
        conn = store.conn
        cols = [r[1] for r in conn.execute("PRAGMA table_info(statements)") if r[1] != "id"]
        names = ", ".join(f'"{c}"' for c in cols)
        picked = ", ".join(
            "local_id || '+' || abs(random() % 1000000)" if c == "local_id" else f'"{c}"' for c in cols
        )
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            f"INSERT INTO statements ({names}) SELECT {picked} FROM statements ORDER BY id LIMIT ?", (n,)
        )
        conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", default="/tmp/load/base.db", type=Path)
    parser.add_argument("--copy", default="/tmp/load/append.db", type=Path)
    parser.add_argument("--rows", type=int, default=640)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(args.source, args.copy)
    shared = columns.columns(args.copy)
    t0 = time.perf_counter()
    shared.snapshot()
    print(f"first read: {time.perf_counter() - t0:.2f} s, {shared.current.nbytes / 2**20:.1f} MB of arrays")
    append, whole = [], []
    for _ in range(args.repeat):
        add_rows(args.copy, args.rows)
        with shared.lock:
            t0 = time.perf_counter()
            assert shared._append(), "the append path was not taken"
            append.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            shared._rebuild()
            whole.append(time.perf_counter() - t0)
            shared.version = shared._data_version()
    with Store(args.copy) as store:
        store.conn.execute("UPDATE statements SET hidden = 1 WHERE id = 1")
    with shared.lock:
        t0 = time.perf_counter()
        taken = shared._append()
        hide = time.perf_counter() - t0
        t0 = time.perf_counter()
        shared._rebuild()
        hide += time.perf_counter() - t0
    print(f"{args.rows} new statements, {args.repeat} rounds:")
    print(
        f"  append      best {min(append) * 1000:7.1f} ms   median {statistics.median(append) * 1000:7.1f} ms"
    )
    print(
        f"  whole read  best {min(whole) * 1000:7.1f} ms   median {statistics.median(whole) * 1000:7.1f} ms"
    )
    print(
        f"  ratio append / whole read (medians): {statistics.median(append) / statistics.median(whole):.3f}"
    )
    print(f"after a hide: append refused ({not taken}), whole read {hide * 1000:.0f} ms")


if __name__ == "__main__":
    main()
