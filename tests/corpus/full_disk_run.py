"""Run inside a mount namespace of its own (``unshare -rm``) by tests/corpus/test_full_disk.py.

    python full_disk_run.py MOUNTPOINT DATASET REPORT.json SMALL BIG

Mounts a tmpfs of SMALL bytes on MOUNTPOINT (private to this namespace, gone when it exits), loads the
Parquet DATASET into a store there with the CLI (`quotegraph load`) until the filesystem is full, checks
the store, grows the tmpfs to BIG bytes (``mount -o remount``), runs the same command again and checks
again. Everything seen goes to REPORT.json (outside the tmpfs); the test asserts on it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

TABLES = {
    "documents": "SELECT count(*) FROM documents",
    "statements": "SELECT count(*) FROM statements",
    "entities": "SELECT count(*) FROM entities WHERE merged_into IS NULL",
    "groups": "SELECT count(*) FROM statement_groups",
    "stories": "SELECT count(*) FROM stories",
}


def look(db: Path) -> dict[str, Any]:
    """Integrity check and row counts, read-only (a full disk leaves no room for anything else)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out: dict[str, Any] = {"integrity": conn.execute("PRAGMA integrity_check").fetchone()[0]}
        out.update({k: conn.execute(q).fetchone()[0] for k, q in TABLES.items()})
        return out
    finally:
        conn.close()


def load(dataset: str, db: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "quotegraph.cli", "load", dataset, "--db", str(db), "--batch-size", "25"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return {"rc": proc.returncode, "stderr": proc.stderr, "stdout": proc.stdout}


def used(mount: Path) -> int:
    return sum(p.stat().st_size for p in mount.iterdir())


def main(mount: str, dataset: str, report: str, small: str, big: str) -> None:
    mnt = Path(mount)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={small}", "tmpfs", mount], check=True)
    db = mnt / "q.db"
    out: dict[str, Any] = {"full": load(dataset, db)}
    out["full"]["bytes"] = used(mnt)
    out["full"]["store"] = look(db)
    subprocess.run(["mount", "-o", f"remount,size={big}", mount], check=True)
    out["again"] = load(dataset, db)
    out["again"]["store"] = look(db)
    Path(report).write_text(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
