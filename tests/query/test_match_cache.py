"""The process-wide cache of first text matches (query.plan.MatchCache) answers what a fresh read of the
full-text index answers, reads only the new ids after an ingest appends, and reads again after a rewrite."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import numpy as np

from qgbuild import article
from quotegraph.corpus import corrections
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus, plan
from quotegraph.query.search import _counts


def records(start: int, n: int) -> list[dict]:
    return [
        article(
            [
                ("Ada Quill", f"The ferry {a} {i} runs {'late' if i % 2 else 'early'}", "direct")
                for i in range(3)
            ],
            title=f"Ferry {a}",
        )
        for a in range(start, start + n)
    ]


def fresh(db: Path, match: str, n: int) -> list[int]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?", (match, n))
    out = [r[0] for r in rows]
    conn.close()
    return out


def test_cached_first_matches_follow_appends_and_rewrites(tmp_path: Path) -> None:
    db = tmp_path / "ferry.db"
    ingest_results(records(0, 10), db)
    with Corpus(db) as c:
        cache = c.text.shared
        assert cache is not None
        first = c.text.first_ids('"late"', 100)
        assert first.tolist() == fresh(db, '"late"', 100) and len(first) == 10
        assert c.text.first_ids('"late"', 100).tolist() == first.tolist()
        assert c.text.first_ids('"late"', 5).tolist() == first.tolist()[:5]
        assert (cache.reads, cache.extensions) == (1, 1)  # the complete list answered both, no new read
        ingest_results(records(10, 10), db)
        grown = c.text.first_ids('"late"', 100)
        assert grown.tolist() == fresh(db, '"late"', 100) and len(grown) == 20
        assert cache.reads == 1  # only the ids past the cached list's last one were read
        capped = c.text.first_ids('"early"', 4)
        assert capped.tolist() == fresh(db, '"early"', 4)
        assert c.text.first_ids('"early"', 50).tolist() == fresh(db, '"early"', 50)
        assert cache.reads == 3  # four of more matches do not say where the fifth is: read again
        corrections.hide(db, int(grown[0]))  # a rewrite moves the mark
        reads = cache.reads
        assert c.text.first_ids('"late"', 100).tolist() == fresh(db, '"late"', 100)
        assert cache.reads == reads + 1
        assert c.text.matching_ids('"late"') == fresh(db, '"late"', plan.COMMON_MATCHES + 1)


def test_the_cache_is_shared_by_connections_and_bounded(tmp_path: Path) -> None:
    db = tmp_path / "ferry.db"
    ingest_results(records(0, 6), db)
    with Corpus(db) as a, Corpus(db) as b:
        assert a.text.shared is b.text.shared
        a.text.first_ids('"ferry"', 100)
        b.text.first_ids('"ferry"', 100)
        assert a.text.shared.reads == 1
    small = plan.MatchCache(limit=3 * 8)
    conn = sqlite3.connect(db)
    mark = plan.mark(conn)
    for word in ('"late"', '"early"', '"ferry"'):
        small.first_ids(conn, word, 100, mark)
    conn.close()
    assert small.nbytes <= small.limit
    assert list(small.found) == []  # each list is larger than the whole bound: none is kept


def test_counts_equal_np_unique_for_small_and_sparse_values() -> None:
    rng = np.random.default_rng(3)
    for values in (
        rng.integers(0, 50, 1000, dtype=np.int32),
        rng.integers(0, 2_000_000_000, 1000, dtype=np.int64),
        np.array([], dtype=np.int32),
    ):
        found, counts = np.unique(values, return_counts=True)
        assert _counts(values) == Counter(dict(zip(found.tolist(), counts.tolist(), strict=True)))
