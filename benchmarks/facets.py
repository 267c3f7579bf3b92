"""Where a common word's exact facets spend their time, on the generated 1,000,000-statement store.

    .venv/bin/python benchmarks/facets.py [--db /tmp/quotegraph-bench-1m.db] [--repeat 5]

For each of the 20 most common words (rank 1-20: 10-85% of the statements each; counts and facets read the
first 100,001 matches): the full-text match alone (counting, reading the ids as rows, reading them as one
group_concat string), the facets counted by SQLite (search.sql_tally, the same-process baseline) and from
the in-memory columns (search.tally), with the ratio of the two. Also the columns' build time, their size
and the process's RSS before and after. The store is the one benchmarks/query_latency.py generates (an
existing --db is reused). Prints figures only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from query_latency import ensure_store, vocabulary

from quotegraph.query import Corpus, Filters, search

EXACT = search.EXACT


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def best(fn: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in ms (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/quotegraph-bench-1m.db")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db = Path(args.db)
    ensure_store(db, args.statements)
    vocab = vocabulary(random.Random(1))
    import numpy  # noqa: F401  (imported before the first RSS reading, so the figure is the arrays')

    with Corpus(db) as c:
        conn = c.conn
        conn.execute("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH ?", (f'"{vocab[0]}"',))
        before = rss_mb()
        start = time.perf_counter()
        snap = c.columns()
        built = (time.perf_counter() - start) * 1000
        assert snap is not None
        print(
            f"columns: built in {built:.0f} ms, arrays {snap.nbytes / 1e6:.1f} MB; "
            f"RSS {before:.0f} MB before, {rss_mb():.0f} MB after"
        )
        print(
            f"{'rank':>4} {'matches':>8} {'count':>7} {'rows':>7} {'concat':>7} {'sqlite':>8} {'columns':>8} ratio"
        )
        ratios = []
        for rank in range(20):
            match = f'"{vocab[rank]}"'
            f = Filters(q=vocab[rank])
            sql = "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?"
            (n,) = conn.execute(
                "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH ?", (match,)
            ).fetchone()
            count = best(
                lambda m=match, q=sql: conn.execute(f"SELECT count(*) FROM ({q})", (m, EXACT + 1)).fetchone(),
                args.repeat,
            )
            rows = best(lambda m=match, q=sql: conn.execute(q, (m, EXACT + 1)).fetchall(), args.repeat)
            concat = best(lambda m=match: c.text.first_ids(m, EXACT + 1), args.repeat)
            baseline = best(lambda f=f: search.sql_tally(c, f), 1)
            cached = best(lambda f=f: search.tally(c, f), args.repeat)
            ratios.append(baseline / cached)
            print(
                f"{rank + 1:4d} {n:8,d} {count:6.1f}  {rows:6.1f}  {concat:6.1f}  {baseline:7.1f}  {cached:7.1f}"
                f"  {baseline / cached:5.1f}x"
            )
        print(
            f"columns vs SQLite, median over the 20 words: {statistics.median(ratios):.1f}x faster (all ms)"
        )


if __name__ == "__main__":
    main()
