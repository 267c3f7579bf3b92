"""HTML reading (read + clean, no spaCy) vs trafilatura's `bare_extraction` with metadata, on the same pages.

    nice .venv/bin/python benchmarks/html_reading.py ../shared/data/naeb [--rounds 3] [--cold]

In one process, on the NAEB pages decoded once into memory: trafilatura 2's ``bare_extraction(html,
with_metadata=True)`` (its body and its metadata, htmldate's date search included) against quotegraph's
``clean_document`` (parse, body through trafilatura, cleaning, title, authors, date, language). The two
alternate page by page (which goes first alternates too), so a burst of machine noise hits both; each
figure is the best of ``--rounds``, and one warm-up pass over every page comes first (imports, caches). The ratio is trafilatura's seconds over quotegraph's (issue 14's target: >= 1.0). The
slowest page of each is printed too: a date fallback once took 6.4 s on one page. ``--cold`` adds whole
processes on the gzipped files: `quotegraph extract --no-statements --jsonl` against a bare process that
reads the same files and calls ``bare_extraction`` with metadata.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from quotegraph.evaluate.naeb import load_naeb
from quotegraph.extraction.clean.document import clean_document
from quotegraph.model import RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_of  # noqa: E402

BARE = """
import gzip, sys
from pathlib import Path
import trafilatura
from charset_normalizer import from_bytes
for p in sorted(Path(sys.argv[1]).glob("*.html.gz")):
    data = gzip.decompress(p.read_bytes())
    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        html = str(from_bytes(data).best())
    trafilatura.bare_extraction(html, with_metadata=True)
"""


def trafilatura_page(html: str) -> object:
    return trafilatura.bare_extraction(html, with_metadata=True)


def quotegraph_page(html: str) -> object:
    try:
        return clean_document(RawDocument(source="page", html=html))
    except Exception as exc:  # a page quotegraph rejects still costs what it took
        return exc


def interleaved(runs: dict[str, Callable[[str], object]], pages: list[str]) -> dict[str, tuple[float, float]]:
    """Each run's (total seconds, slowest page's seconds), the runs alternating on every page."""
    total = dict.fromkeys(runs, 0.0)
    slowest = dict.fromkeys(runs, 0.0)
    order = list(runs)
    for i, html in enumerate(pages):
        for name in order if i % 2 == 0 else reversed(order):
            t = time.perf_counter()
            runs[name](html)
            took = time.perf_counter() - t
            total[name] += took
            slowest[name] = max(slowest[name], took)
    return {name: (total[name], slowest[name]) for name in runs}


BASE = "trafilatura bare_extraction + metadata"


def report(
    runs: dict[str, Callable[[str], object]], pages: list[str], rounds: int, cold: str | None, note: str = ""
) -> None:
    """Print the runs' best of ``rounds`` in one process (after one warm-up round), with their ratios to
    BASE, and, when ``cold`` names the NAEB folder, the whole cold processes against a bare trafilatura one."""
    interleaved(runs, pages)
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for name, (seconds, slowest) in interleaved(runs, pages).items():
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, slowest)
    base = best[BASE][0]
    print(f"{len(pages)} pages, in one process, best of {rounds}")
    print(f"{'run':44} {'seconds':>8} {'pages/s':>8} {'slowest':>8} {'ratio':>6}")
    for name, (seconds, slowest) in best.items():
        print(f"{name:44} {seconds:8.2f} {len(pages) / seconds:8.1f} {slowest:8.2f} {base / seconds:6.2f}")
    if cold is not None:
        html_dir = str(Path(cold) / "html")
        cmds = {
            "bare trafilatura process (+ metadata)": [sys.executable, "-c", BARE, html_dir],
            "quotegraph extract --no-statements --jsonl": [
                sys.executable,
                "-m",
                "quotegraph.cli",
                "extract",
                html_dir,
                "--no-statements",
                "--jsonl",
                "--no-progress",
            ],
        }
        times = best_of(cmds, rounds)
        base = times["bare trafilatura process (+ metadata)"]
        print(f"whole processes, cold, best of {rounds}")
        for name, t in times.items():
            print(f"{name:44} {t:8.2f} {len(pages) / t:8.1f} {'':>8} {base / t:6.2f}")
    print(f"(ratio: trafilatura's seconds / this run's seconds{note})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the NAEB folder (gold.json, html/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    pages = [html for _, html, _ in load_naeb(args.path)]
    runs = {
        BASE: trafilatura_page,
        "quotegraph read + clean (clean_document)": quotegraph_page,
    }
    report(runs, pages, args.rounds, args.path if args.cold else None, "; issue 14 target >= 1.0")


if __name__ == "__main__":
    main()
