"""`extract --no-statements` (clean + entities) vs trafilatura's `bare_extraction` with metadata, same pages.

    nice .venv/bin/python benchmarks/no_statements.py ../shared/data/naeb [--rounds 3] [--cold]

In one process, on the NAEB pages decoded once into memory, page by page, the runs alternating (which goes
first alternates too) so a burst of machine noise hits all of them; each figure is the best of ``--rounds``
after one warm-up pass. The runs: trafilatura 2's ``bare_extraction(html, with_metadata=True)``;
quotegraph's ``--no-statements`` path (``Extractor(statements=False)``: clean, then only the spaCy
components the entity output reads); and the same Extractor made to run every component (what
``--no-statements`` ran before it chose its components). The ratio is trafilatura's seconds over the run's.
``--cold`` adds whole processes on the gzipped files: `quotegraph extract --no-statements --jsonl` against a
bare process that reads the same files and calls ``bare_extraction`` with metadata.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from quotegraph.evaluate.naeb import load_naeb
from quotegraph.extraction.analyze import ALL_ANNOTATIONS
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parent))
from html_reading import BASE, report, trafilatura_page  # noqa: E402


def entities_run(extractor: Extractor) -> Callable[[str], object]:
    """One page through the Extractor, as `extract` runs it (errors count what they took)."""

    def run(html: str) -> object:
        return list(extractor.extract_documents([RawDocument(source="page", html=html)]))

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the NAEB folder (gold.json, html/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    pages = [html for _, html, _ in load_naeb(args.path)]
    chosen = Extractor(statements=False)
    every = Extractor(statements=False)
    every.needs = ALL_ANNOTATIONS
    runs = {
        BASE: trafilatura_page,
        f"--no-statements ({', '.join(sorted(chosen.needs))})": entities_run(chosen),
        "--no-statements, every component": entities_run(every),
    }
    report(runs, pages, args.rounds, args.path if args.cold else None)


if __name__ == "__main__":
    main()
