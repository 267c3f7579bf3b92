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


def wait_until_serving(proc: subprocess.Popen[bytes], base: str, path: str, seconds: float) -> None:
    """Return once ``base + path`` answers; exit with a line if the server dies or is not up in time."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            httpx.get(base + path, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"the server did not start within {seconds:.0f} s")
