"""Whole process, cold: `quotegraph extract --jsonl --keep-text` vs a bare spaCy `nlp.pipe` process.

Both are fresh processes on the same .txt files with the same model, so interpreter start-up, imports and
model load count on both sides (issue 14's first target: ratio >= 1.5). The runs alternate so machine noise
hits both; each figure is the best of ``--rounds``; the ratio is bare spaCy's seconds over quotegraph's.

    nice .venv/bin/python benchmarks/cold_extract.py ../shared/data/polnear/dev/text [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quotegraph.config import DEFAULT_BATCH_SIZE, DEFAULT_MODEL

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_of  # noqa: E402

BARE = """
import sys
from pathlib import Path
import spacy
nlp = spacy.load(sys.argv[1])
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
for _ in nlp.pipe(texts, batch_size=int(sys.argv[3])):
    pass
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="folder of .txt articles (e.g. PolNeAR dev text/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    n = len(list(Path(args.path).glob("*.txt")))
    if not n:
        raise SystemExit(f"no .txt files in {args.path}")
    runs = {
        "bare spaCy process (load + nlp.pipe)": [
            sys.executable,
            "-c",
            BARE,
            args.model,
            args.path,
            str(DEFAULT_BATCH_SIZE),
        ],
        "quotegraph extract --jsonl --keep-text": [
            sys.executable,
            "-m",
            "quotegraph.cli",
            "extract",
            args.path,
            "--jsonl",
            "--keep-text",
            "--model",
            args.model,
        ],
    }
    best = best_of(runs, args.rounds)
    base = best["bare spaCy process (load + nlp.pipe)"]
    print(f"{n} articles, best of {args.rounds} rounds, each a cold process")
    print(f"{'run':<42} {'seconds':>8} {'articles/s':>11} {'ratio':>7}")
    for name, seconds in best.items():
        print(f"{name:<42} {seconds:>8.2f} {n / seconds:>11.2f} {base / seconds:>7.2f}")
    print("(ratio: bare spaCy process seconds / this run's seconds; issue 14 target >= 1.5)")


if __name__ == "__main__":
    main()
