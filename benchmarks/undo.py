"""Cost of `quotegraph undo` of a merge (a replay of the entity linking of every stored document).

    python benchmarks/undo.py STORE

Works on a copy of STORE: merges its two most-quoted named people, then undoes it; prints the seconds of
each and the undo's cost as a ratio to the merge in the same process.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from quotegraph.corpus import corrections
from quotegraph.query import Corpus


def main(store: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.db"
        shutil.copy(store, db)
        with Corpus(db) as corpus:
            top = corpus.speakers(top=2)
            n = corpus.store.stats()
        keep, other = str(top[0].id), str(top[1].id)
        t0 = time.perf_counter()
        corrections.merge(db, keep, other)
        merge_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        corrections.undo(db)
        undo_s = time.perf_counter() - t0
        with Corpus(db) as corpus:
            after = [(s.id, s.statements) for s in corpus.speakers(top=2)]
    print(f"store: {n['documents']} documents, {n['statements']} statements, {n['entities']} entities")
    print(f"merge {merge_s:.3f} s, undo {undo_s:.3f} s, undo/merge {undo_s / merge_s:.1f}x")
    print(f"top two after undo: {after} (before: {[(s.id, s.statements) for s in top]})")


if __name__ == "__main__":
    main(sys.argv[1])
