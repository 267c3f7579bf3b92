"""A real full disk, not a simulated one: the store lives on a 2 MB tmpfs that fills up mid-ingest.

The tmpfs is mounted in a mount namespace of the test's own (``unshare -rm``), so nothing outside sees it
and it is gone when the namespace exits; tests/corpus/full_disk_run.py does the work inside and writes
what it saw to a JSON report. Where unshare or mount is not permitted (an unprivileged container), the
test is skipped and says so. The articles are hand-built extraction records in a Parquet dataset, loaded
with `quotegraph load`: the real write path (batches, linking, SQLite on a filesystem with no space left)
without the model.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corpus.full_disk_run import look
from qgbuild import article
from quotegraph.corpus.parquet import load, write_partition

RUN = Path(__file__).with_name("full_disk_run.py")
SMALL, BIG = 2 * 1024 * 1024, 64 * 1024 * 1024
N = 300
WORDS = "council harbor budget ferry tunnel market river school rail grain strike bridge port levy".split()


def namespace_refusal(folder: Path) -> str | None:
    """Why a private tmpfs cannot be mounted here, or None when it can (found by trying)."""
    if shutil.which("unshare") is None:
        return "no unshare command"
    folder.mkdir()
    cmd = ["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare failed: {exc}"
    if proc.returncode != 0:
        return f"cannot mount a tmpfs in a private mount namespace: {proc.stderr.strip() or proc.returncode}"
    return None


def records(n: int) -> list[dict[str, Any]]:
    """Articles of ~1.5 KB of text and six quotes each, varied in words, numbers, speakers and outlets."""
    out = []
    for i in range(n):
        lead = " ".join(
            f"On day {i} the {WORDS[(i + k) % len(WORDS)]} report number {i * 31 + k} was read aloud."
            for k in range(20)
        )
        quotes = [
            (
                f"Person{(i * 7 + k) % 97} Name{(i + k) % 13}",
                f"Quote {k} of article {i} on the {WORDS[(i * k) % len(WORDS)]} and item {i * k + 3}",
            )
            for k in range(6)
        ]
        published = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        out.append(article(quotes, lead=lead, published=published, publisher=f"Outlet {i % 5}"))
    return out


def test_a_real_full_disk_is_one_line_the_store_stays_consistent_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    refusal = namespace_refusal(tmp_path / "probe")
    if refusal:
        pytest.skip(refusal)
    dataset = tmp_path / "dataset"
    items = records(N)
    for p in range(0, N, 100):
        write_partition(dataset, f"p{p // 100:03d}", items[p : p + 100])
    clean = tmp_path / "clean.db"
    load(dataset, clean, batch_size=25)

    mount = tmp_path / "mnt"
    mount.mkdir()
    report = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [
        "unshare",
        "-rm",
        sys.executable,
        str(RUN),
        str(mount),
        str(dataset),
        str(report),
        str(SMALL),
        str(BIG),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(report.read_text())

    full = seen["full"]
    assert full["rc"] == 1, full
    lines = full["stderr"].splitlines()
    assert len(lines) == 1 and lines[0].startswith("quotegraph: "), lines  # one line, no traceback
    assert "write failed (database or disk is full)" in lines[0], lines[0]
    assert clean.stat().st_size > SMALL, clean.stat().st_size  # the whole load cannot fit: the disk fills
    partial = full["store"]
    assert partial["integrity"] == "ok"
    assert 0 < partial["documents"] < N and partial["documents"] % 25 == 0, partial  # whole batches
    assert f"; {partial['documents']} new articles stored before it" in lines[0], lines[0]

    again = seen["again"]
    assert again["rc"] == 0, again
    after = again["store"]
    assert after.pop("integrity") == "ok"
    expected = look(clean)
    assert expected.pop("integrity") == "ok"
    assert after == expected and after["documents"] == N
