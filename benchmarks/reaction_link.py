"""Reaction linking: seconds per article re-linked, with the search of earlier articles naming the same
people against the same linker without it (the story's articles only), in the same process.

    PYTHONPATH=src .venv/bin/python benchmarks/reaction_link.py [--db STORE.db] [--rounds N]

Without --db the hand-written reactions set (tests/gold/reactions) is ingested into a temporary store. The
store is copied, so the benchmark never changes it. Prints ms per article for both, their ratio and the
load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from quotegraph.corpus.link.reactions import ReactionLinker

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold" / "reactions" / "articles.jsonl"


class StoryOnly(ReactionLinker):
    """The baseline: targets looked for in the story's articles only."""

    def _related_documents(self, document: int, exclude: set[int]) -> list[int]:
        return []

    def _sharing_names(self, document: int, later: bool, limit: int) -> list[int]:
        return []


def _run(db: Path, linker: type[ReactionLinker], rounds: int) -> tuple[float, int]:
    conn = sqlite3.connect(db)
    docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY date, id")]
    start = time.perf_counter()
    for _ in range(rounds):
        # a fresh linker each round: its per-article cache would otherwise make later rounds free
        linker(conn).relink_after(docs)
    elapsed = time.perf_counter() - start
    conn.rollback()
    conn.close()
    return elapsed, len(docs) * rounds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qg-react-bench-"))
    db = tmp / "store.db"
    if args.db:
        shutil.copy(args.db, db)
    else:
        from quotegraph.corpus.ingest import ingest

        ingest([str(GOLD)], db)
    print(f"load average before: {os.getloadavg()}")
    times = {}
    for name, linker in (
        ("story only", StoryOnly),
        ("with related", ReactionLinker),
        ("story only", StoryOnly),
    ):
        elapsed, n = _run(db, linker, args.rounds)
        times.setdefault(name, []).append(1000 * elapsed / n)
        print(f"{name}: {1000 * elapsed / n:.2f} ms/article ({n} articles re-linked)")
    base = min(times["story only"])
    print(f"ratio with related / story only = {times['with related'][0] / base:.2f}")
    print(f"load average after: {os.getloadavg()}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
