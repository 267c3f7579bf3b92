"""Articles per second: bare spaCy nlp.pipe vs quotegraph extract, same model, same articles, one process.

    .venv/bin/python benchmarks/throughput.py ../shared/data/polnear/dev/text [--rounds 3]

Timings on a shared machine are noisy, so the runs alternate and the best round of each is kept; the
figure to read is the ratio, measured in the same process on the same texts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from quotegraph.analyze import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from quotegraph.model import RawDocument
from quotegraph.pipeline import Extractor


def load_texts(path: str) -> list[tuple[str, str]]:
    files = sorted(Path(path).glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {path}")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def bare_spacy(nlp: spacy.language.Language, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE):
        pass
    return time.perf_counter() - start


def quotegraph_run(extractor: Extractor, docs: list[tuple[str, str]]) -> tuple[float, int]:
    start = time.perf_counter()
    statements = 0
    for result in extractor.extract_documents(RawDocument(source=name, text=text) for name, text in docs):
        statements += len(getattr(result, "statements", []))
    return time.perf_counter() - start, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="folder of .txt articles (e.g. PolNeAR dev text/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    docs = load_texts(args.path)
    texts = [t for _, t in docs]
    nlp = spacy.load(args.model)
    extractor = Extractor(model=args.model)
    bare_spacy(nlp, texts[:5])
    quotegraph_run(extractor, docs[:5])
    bare_best = qg_best = float("inf")
    statements = 0
    for _ in range(args.rounds):
        bare_best = min(bare_best, bare_spacy(nlp, texts))
        elapsed, statements = quotegraph_run(extractor, docs)
        qg_best = min(qg_best, elapsed)
    n = len(texts)
    print(f"{n} articles, {sum(map(len, texts)):,} characters, best of {args.rounds} rounds")
    print(f"{'run':<40} {'articles/s':>11} {'ratio':>7}")
    print(f"{'bare spaCy nlp.pipe (full pipeline)':<40} {n / bare_best:>11.1f} {1.0:>7.2f}")
    print(
        f"{'quotegraph extract (' + str(statements) + ' statements)':<40} {n / qg_best:>11.1f} {bare_best / qg_best:>7.2f}"
    )


if __name__ == "__main__":
    main()
