"""Full-text query latency (p50/p95) on a generated store of 1,000,000 statements.

    .venv/bin/python benchmarks/query_latency.py [--statements 1000000] [--db /tmp/qg-1m.db] [--queries 400]

The store has the real schema (FTS5 and indexes through the normal triggers); its rows are generated:
words from a 30,000-word vocabulary with Zipf frequencies (p ~ 1/rank), 2,000 speakers, 300 outlets, ten years of dates.
Queries go through the Python API (`Corpus.quotes`, as `quotegraph quotes` does) with the default limit of
50. An existing --db is reused, so the queries can be re-run without regenerating. Prints figures only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import numpy as np

from quotegraph.corpus.store import Store
from quotegraph.query import Corpus

VOCAB = 30_000
SPEAKERS = 2_000
OUTLETS = 300
STATEMENTS_PER_DOC = 10
SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "is", "um"]


def vocabulary(rng: random.Random) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < VOCAB:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def generate(db: Path, n: int) -> None:
    rng = random.Random(1)
    nprng = np.random.default_rng(1)
    vocab = vocabulary(rng)
    with Store(db) as store:
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO entities (id, name, type, named, norm, surname, statements) VALUES (?, ?, 'PERSON', 1, ?, ?, 0)",
            [
                (i, f"Speaker {vocab[i].title()}", f"speaker {vocab[i]}", vocab[i])
                for i in range(1, SPEAKERS + 1)
            ],
        )
        conn.executemany(
            "INSERT INTO aliases (entity, norm, alias) VALUES (?, ?, ?)",
            [(i, f"speaker {vocab[i]}", f"Speaker {vocab[i].title()}") for i in range(1, SPEAKERS + 1)],
        )
        n_docs = n // STATEMENTS_PER_DOC
        days = nprng.integers(0, 3650, n_docs)
        conn.executemany(
            "INSERT INTO documents (id, doc_id, title, outlet, outlet_key, date, text, extractor_version, "
            "ingested_at) VALUES (?, ?, ?, ?, ?4, date('2015-01-01', ?), '', 'bench', '')",
            [
                (d, f"{d:016x}", f"Article {d}", f"outlet{d % OUTLETS}", f"+{int(days[d - 1])} days")
                for d in range(1, n_docs + 1)
            ],
        )
        weights = 1.0 / np.arange(1, VOCAB + 1)
        ranks = nprng.choice(VOCAB, size=n * 40, p=weights / weights.sum())
        lengths = nprng.integers(8, 40, n)
        speakers = nprng.zipf(1.3, size=n) % SPEAKERS + 1
        pos = 0
        batch = []
        for i in range(n):
            k = int(lengths[i])
            text = " ".join(vocab[r] for r in ranks[pos : pos + k])
            pos += k
            doc = i // STATEMENTS_PER_DOC + 1
            batch.append((i + 1, doc, f"S{i % STATEMENTS_PER_DOC}", text, int(speakers[i]), doc, i + 1))
            if len(batch) == 50_000:
                _insert(conn, batch)
                batch = []
        _insert(conn, batch)
        conn.execute(
            "UPDATE entities SET statements = (SELECT count(*) FROM statements WHERE speaker = entities.id)"
        )
        conn.execute("COMMIT")
        conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _insert(conn, batch) -> None:  # type: ignore[no-untyped-def]
    conn.executemany(
        "INSERT INTO statements (id, document, local_id, kind, text, start, end, speaker, speaker_named, "
        "extractor_version, date, text_hash, group_id) "
        "VALUES (?, ?, ?, 'direct', ?, 0, length(?4), ?, 1, 'bench', (SELECT date FROM documents WHERE id = ?), ?, NULL)",
        batch,
    )


def percentiles(values: list[float]) -> str:
    qs = statistics.quantiles(values, n=100)
    return f"p50 {qs[49]:6.1f} ms   p95 {qs[94]:6.1f} ms   max {max(values):6.1f} ms   (n={len(values)})"


def ensure_store(db: Path, statements: int) -> None:
    """Generate the benchmark store unless it exists; bring an older one up to the current schema."""
    if not db.exists():
        start = time.perf_counter()
        generate(db, statements)
        print(f"generated {statements:,} statements in {time.perf_counter() - start:.0f} s")
    Store(db).close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/quotegraph-bench-1m.db")
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    db = Path(args.db)
    ensure_store(db, args.statements)
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    rng = random.Random(2)
    vocab = vocabulary(random.Random(1))
    with Corpus(db) as corpus:
        total = corpus.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
        print(f"store: {total:,} statements, {size / 1e6:.0f} MB")
        # rank bands: a word of rank r occurs in roughly 1/r of the statements' word slots
        classes = {
            "word, rank 100-30000": lambda: vocab[rng.randint(100, VOCAB - 1)],
            "word, rank 20-100": lambda: vocab[rng.randint(20, 99)],
            "two words": lambda: f"{vocab[rng.randint(20, 3000)]} {vocab[rng.randint(20, 3000)]}",
            "phrase": lambda: f'"{vocab[rng.randint(0, 50)]} {vocab[rng.randint(0, 50)]}"',
            "word + speaker": lambda: vocab[rng.randint(20, 3000)],
        }
        everything: list[float] = []
        corpus.quotes(search=vocab[500])  # warm the page cache
        for label, make in classes.items():
            times = []
            for _ in range(args.queries // len(classes)):
                q = make()
                speaker = f"Speaker {vocab[rng.randint(1, 50)]}" if label == "word + speaker" else None
                start = time.perf_counter()
                corpus.quotes(search=q, speaker=speaker, limit=50)
                times.append((time.perf_counter() - start) * 1000)
            everything += times
            print(f"{label:22s} {percentiles(times)}")
        print(f"{'all':22s} {percentiles(everything)}   (target p95 < 50 ms)")


if __name__ == "__main__":
    main()
