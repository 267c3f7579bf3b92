"""Timing shared by the benchmarks that compare whole cold processes."""

from __future__ import annotations

import subprocess
import time


def timed(cmd: list[str]) -> float:
    """Wall-clock seconds of one fresh process, output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def best_of(runs: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """Best seconds of each command over ``rounds``; the commands alternate so machine noise hits all."""
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, cmd in runs.items():
            best[name] = min(best[name], timed(cmd))
    return best
