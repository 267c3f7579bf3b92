"""Agreement of the Dask linker's output with a SQLite store built from the same dataset: the same
partition of entity mentions into entities, of statements into groups, of articles into stories."""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterable
from pathlib import Path

import pyarrow.parquet as pq

Partition = dict[Hashable, Hashable]  # item -> cluster


def agreement(a: Partition, b: Partition) -> dict[str, float | int | bool]:
    """Whether two partitions of the same items are equal; else the share of items whose cluster (as a set
    of items) is the same in both, and pairwise precision and recall of b against a."""
    items = set(a) & set(b)
    ca: dict[Hashable, set] = {}
    cb: dict[Hashable, set] = {}
    for x in items:
        ca.setdefault(a[x], set()).add(x)
        cb.setdefault(b[x], set()).add(x)
    same = sum(1 for x in items if ca[a[x]] == cb[b[x]])
    pairs_a = sum(len(c) * (len(c) - 1) // 2 for c in ca.values())
    pairs_b = sum(len(c) * (len(c) - 1) // 2 for c in cb.values())
    both = 0
    for c in ca.values():
        inner: dict[Hashable, int] = {}
        for x in c:
            inner[b[x]] = inner.get(b[x], 0) + 1
        both += sum(k * (k - 1) // 2 for k in inner.values())
    return {
        "items": len(items),
        "missing": len(set(a) ^ set(b)),
        "clusters_sqlite": len(ca),
        "clusters_dask": len(cb),
        "equal": same == len(items) and set(a) == set(b),
        "same_cluster": round(same / len(items), 4) if items else 1.0,
        "pair_precision": round(both / pairs_b, 4) if pairs_b else 1.0,
        "pair_recall": round(both / pairs_a, 4) if pairs_a else 1.0,
    }


def _pairs(rows: Iterable[tuple]) -> Partition:
    return {tuple(r[:-1]): r[-1] for r in rows}


def compare(db: str | Path, linked: str | Path) -> dict[str, dict]:
    """Entities, statement groups and stories of the store ``db`` against the Dask output ``linked``."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sq_ent = _pairs(
            conn.execute(
                "SELECT d.doc_id, m.local_id, m.entity FROM mentions m JOIN documents d ON d.id = m.document"
            )
        )
        sq_st = _pairs(
            conn.execute(
                "SELECT d.doc_id, s.local_id, s.group_id FROM statements s JOIN documents d ON d.id = s.document"
            )
        )
        sq_story = _pairs(conn.execute("SELECT doc_id, story FROM documents"))
    finally:
        conn.close()
    root = Path(linked)

    def table(name: str, cols: list[str]) -> Partition:
        t = pq.read_table(root / f"{name}.parquet", columns=cols).to_pydict()
        return _pairs(zip(*(t[c] for c in cols), strict=True))

    return {
        "entities": agreement(sq_ent, table("entity_mentions", ["document_id", "local_id", "entity_id"])),
        "groups": agreement(sq_st, table("statements", ["document_id", "statement_id", "group_id"])),
        "stories": agreement(sq_story, table("stories", ["document_id", "story_id"])),
    }
