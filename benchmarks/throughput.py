"""Articles per second on the same articles, in one run: bare spaCy vs its peers vs quotegraph.

    .venv/bin/python benchmarks/throughput.py ../shared/data/polnear/dev/text [--rounds 3] [--polnear DIR]

Rows: bare spaCy ``nlp.pipe`` with the full pipeline (1 and 2 processes, ``n_process``); textacy's
``direct_quotations`` on the same docs (spaCy full pipeline + textacy, 1 process; textacy raises on an
odd number of quote marks, such docs count as processed with no quotes); quotegraph extract
with its fast path (1 and 2 processes, learned attribution on), with the rules alone (``--attribution-model none``)
and with ``--full-pipeline``; quotegraph on a 2-worker Dask
LocalCluster (model load and cluster start-up excluded, Parquet writing included). Each figure is the
best of ``--rounds`` rounds, the runs alternating so machine noise hits all of them; the ratio is to
bare spaCy with the same number of processes. ``--polnear`` adds PolNeAR F1 (overlap 0.5) of the fast
and the full path.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from quotegraph.config import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument


def load_texts(path: str) -> list[tuple[str, str]]:
    files = sorted(Path(path).glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {path}")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bare(nlp: spacy.language.Language, texts: list[str], processes: int) -> None:
    for _ in nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE, n_process=processes):
        pass


def textacy_peer(nlp: spacy.language.Language, texts: list[str]) -> int:
    from textacy.extract.triples import direct_quotations

    n = 0
    for doc in nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE):
        # textacy bails out on an odd number of quote marks; the doc still counts as processed
        with contextlib.suppress(ValueError):
            n += sum(1 for _ in direct_quotations(doc))
    return n


def qg(extractor: Extractor, docs: list[tuple[str, str]]) -> int:
    statements = 0
    for result in extractor.extract_documents(RawDocument(source=name, text=text) for name, text in docs):
        statements += len(getattr(result, "statements", []))
    return statements


class DaskRun:
    """A 2-worker LocalCluster kept up between rounds, workers warmed (model loaded) before timing."""

    def __init__(self, folder: str, workers: int = 2) -> None:
        from distributed import Client, LocalCluster

        self.folder = folder
        self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        self.client = Client(self.cluster)
        self.inputs = sorted(str(p) for p in Path(folder).glob("*.txt"))
        self.client.run(_warm)

    def __call__(self) -> None:
        from quotegraph.scale.engine import run_dask

        out = tempfile.mkdtemp(prefix="qg-bench-")
        try:
            run_dask(self.inputs, out, scheduler=self.cluster.scheduler_address, part_size=500)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


def _warm() -> None:
    from quotegraph.scale.engine import _extractor

    _extractor(()).extract_documents([RawDocument(source=None, text="He said it works.")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="folder of .txt articles (e.g. PolNeAR dev text/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy row (not installed)")
    parser.add_argument("--polnear", help="PolNeAR split folder for the F1 of the fast and the full path")
    args = parser.parse_args()
    docs = load_texts(args.path)
    texts = [t for _, t in docs]
    nlp = spacy.load(args.model)
    fast1 = Extractor(model=args.model)
    rules1 = Extractor(model=args.model, attribution_model="none")
    fast2 = Extractor(model=args.model, processes=2)
    full1 = Extractor(model=args.model, fast=False)
    runs: dict[str, Callable[[], object]] = {
        "bare spaCy nlp.pipe, 1 process": lambda: bare(nlp, texts, 1),
        "bare spaCy nlp.pipe, 2 processes": lambda: bare(nlp, texts, 2),
        "textacy direct_quotations, 1 process": lambda: textacy_peer(nlp, texts),
        "quotegraph (fast path), 1 process": lambda: qg(fast1, docs),
        "quotegraph rules only (no learned), 1 process": lambda: qg(rules1, docs),
        "quotegraph (fast path), 2 processes": lambda: qg(fast2, docs),
        "quotegraph --full-pipeline, 1 process": lambda: qg(full1, docs),
    }
    if args.no_textacy:
        del runs["textacy direct_quotations, 1 process"]
    dask = None
    if not args.no_dask:
        dask = DaskRun(args.path)
        runs["quotegraph, Dask LocalCluster 2 workers"] = dask
    # warm-up: models, caches, process pools
    bare(nlp, texts[:8], 1)
    for name, func in runs.items():
        if "2" not in name:
            continue
        func()
    qg(fast1, docs[:8])
    qg(rules1, docs[:8])
    qg(full1, docs[:8])
    best = {name: float("inf") for name in runs}
    for _ in range(args.rounds):
        for name, func in runs.items():
            best[name] = min(best[name], timed(func))
    if dask is not None:
        dask.close()
    n = len(texts)
    print(
        f"{n} articles, {sum(map(len, texts)):,} characters, best of {args.rounds} rounds, {os.cpu_count()} cores"
    )
    print(f"{'run':<44} {'articles/s':>11} {'ratio':>7}")
    for name, seconds in best.items():
        base = best["bare spaCy nlp.pipe, 2 processes" if "2" in name else "bare spaCy nlp.pipe, 1 process"]
        print(f"{name:<44} {n / seconds:>11.2f} {base / seconds:>7.2f}")
    print("(ratio: to bare spaCy with the same number of processes)")
    if args.polnear:
        from quotegraph.evaluate.polnear import evaluate_polnear

        for label, fast in (("fast path", True), ("full pipeline", False)):
            scores = evaluate_polnear(
                args.polnear, extractor=Extractor(model=args.model, keep_text=True, fast=fast)
            )
            o = scores["overlap_0.5"]
            print(
                f"PolNeAR {label:<14} P {o['precision']:.4f} R {o['recall']:.4f} F1 {o['f1']:.4f} "
                f"speaker accuracy {scores.get('speaker_accuracy')}"
            )


if __name__ == "__main__":
    main()
