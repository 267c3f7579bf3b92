"""Ingest throughput as a ratio to `extract` alone on the same articles, and store size per 1,000 articles.

    .venv/bin/python benchmarks/ingest.py ../shared/data/polnear/dev/text [--limit N]

Both runs share one loaded model in this process; the extract run converts every result to its dict
(as `extract --jsonl` does), the ingest run also cleans each article once more to check the store,
stores and links. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from quotegraph.corpus.ingest import ingest, ingest_results
from quotegraph.errors import InputError
from quotegraph.extraction.pipeline import Extractor
from quotegraph.extraction.read import expand_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--limit", type=int, default=None, help="Use the first N files only.")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    files = [p for p in expand_inputs(args.inputs) if not isinstance(p, InputError)][: args.limit]
    extractor = Extractor()
    list(extractor.extract_paths(files[:3]))  # warm-up: model caches, first-call costs

    extract_s: list[float] = []
    ingest_s: list[float] = []
    store_s: list[float] = []
    size = 0
    n_docs = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        results = [
            item.to_dict() for item in extractor.extract_paths(files) if not isinstance(item, InputError)
        ]
        extract_s.append(time.perf_counter() - start)
        n = len(results)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            ingest_results(results, Path(tmp) / "store-only.db")
            store_s.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            start = time.perf_counter()
            summary = ingest(files, db, extractor=extractor)
            ingest_s.append(time.perf_counter() - start)
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
            n_docs = summary.totals["documents"]
    best_extract, best_ingest = min(extract_s), min(ingest_s)
    print(f"articles: {n} extracted, {n_docs} stored")
    print(f"extract alone: {n / best_extract:.2f} articles/s (best of {args.rounds})")
    print(f"ingest:        {n_docs / best_ingest:.2f} articles/s (best of {args.rounds})")
    print(f"ratio ingest/extract: {best_extract / best_ingest:.3f}  (target >= 0.9)")
    best_store = min(store_s)
    print(f"store and link alone (ready dicts): {best_store / n * 1000:.1f} ms per article")
    print(f"implied ratio extract / (extract + store): {best_extract / (best_extract + best_store):.3f}")
    print(f"store size: {size / 1e6:.1f} MB, {size / max(n_docs, 1) * 1000 / 1e6:.1f} MB per 1,000 articles")


if __name__ == "__main__":
    main()
