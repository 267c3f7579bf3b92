"""Peak RSS of quotegraph extract as the corpus grows: it should stay flat (streaming, bounded batches).

    .venv/bin/python benchmarks/memory.py ../shared/data/polnear/train/text --scales 1 10 [--processes 1]

For each scale k, a JSONL.gz file holding the folder's texts k times over (each copy a distinct article:
a line with its copy number is appended, so nothing is skipped as a duplicate) is extracted in a fresh
child process (``quotegraph extract FILE --jsonl`` to /dev/null); its peak RSS (the child and any
worker processes it starts) is sampled with psutil.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def build(folder: str, scale: int, out: Path) -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    n = 0
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for copy in range(scale):
            for k, text in enumerate(texts):
                fh.write(json.dumps({"text": f"{text}\n\nCopy {copy}.", "source": f"{k}-{copy}"}) + "\n")
                n += 1
    return n


def peak_rss(cmd: list[str]) -> tuple[float, float]:
    """(peak RSS in MB over the process tree, seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    return peak / 2**20, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    qg = str(Path(sys.executable).with_name("quotegraph"))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'scale':>5} {'articles':>9} {'peak RSS MB':>12} {'seconds':>8}")
        for scale in args.scales:
            path = Path(tmp) / f"corpus-{scale}.jsonl.gz"
            n = build(args.folder, scale, path)
            mb, seconds = peak_rss(
                [qg, "extract", str(path), "--jsonl", "--no-progress", "--processes", str(args.processes)]
            )
            print(f"{scale:>5} {n:>9} {mb:>12.0f} {seconds:>8.0f}")


if __name__ == "__main__":
    main()
