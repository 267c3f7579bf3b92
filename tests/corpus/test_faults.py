"""Faults during ingest and serving: disk full, read-only store, signals, bad store files, concurrency.

What is simulated, and how (tests run as root, where chmod does not stop writes):
- disk full: ``PRAGMA max_page_count`` pinned to the store's current size on the ingest's own connection
  before its Nth batch; SQLite itself then fails the write with SQLITE_FULL ("database or disk is full").
- read-only store: ``PRAGMA query_only = 1`` on the ingest's connection before its Nth batch; SQLite fails
  the write with SQLITE_READONLY ("attempt to write a readonly database"), as for a chmod'ed file.
Both are injected by wrapping quotegraph.corpus.batch.add_batch, so the failure comes from SQLite through the real write path.
- SIGINT/SIGTERM: sent to a `quotegraph ingest` subprocess once it has stored some batches.
- two ingests at once: two `quotegraph ingest` subprocesses with overlapping inputs into one new store,
  while the web app (TestClient) answers over the same store.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from corpus.test_ingest import QG, counts, write_articles
from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus import batch
from quotegraph.corpus.ingest import ingest, ingest_results
from quotegraph.corpus.store import SCHEMA_VERSION, Store
from quotegraph.errors import StoreError
from quotegraph.extraction.pipeline import Extractor
from quotegraph.web import create_app

FAULTS: dict[str, tuple[str, str]] = {
    # name: (what is done to the ingest's connection, the error SQLite gives)
    "disk full": ("max_page_count", "database or disk is full"),
    "read-only": ("query_only", "attempt to write a readonly database"),
}


def inject(monkeypatch: pytest.MonkeyPatch, fault: str, before_batch: int) -> None:
    """Make the store fail, as SQLite does for ``fault``, from the ``before_batch``-th batch on (1-based)."""
    real = batch.add_batch
    calls = {"n": 0}

    def add_batch(store: Store, results: list[dict]) -> object:
        calls["n"] += 1
        if calls["n"] == before_batch:
            if FAULTS[fault][0] == "max_page_count":
                pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
                store.conn.execute(f"PRAGMA max_page_count = {pages}")
            else:
                store.conn.execute("PRAGMA query_only = 1")
        return real(store, results)

    monkeypatch.setattr(batch, "add_batch", add_batch)


def store_counts(db: Path) -> dict[str, int]:
    """counts() plus the linked tables, and an integrity check."""
    out = counts(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out["groups"] = conn.execute("SELECT count(*) FROM statement_groups").fetchone()[0]
        out["stories"] = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    return out


def articles(n: int) -> list[dict]:
    return [
        article(
            [(f"Person {i % 7}", f"Quote {i} on the harbor tunnel and the ferry number {i * 13}")],
            published=f"2024-05-{1 + i % 28:02d}",
            publisher="Harbor News",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_write_keeps_whole_batches_and_a_rerun_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    items = articles(30)
    clean = tmp_path / "clean.db"
    ingest_results(items, clean, batch_size=5)

    db = tmp_path / "q.db"
    inject(monkeypatch, fault, before_batch=3)
    with pytest.raises(StoreError) as info:
        ingest_results(items, db, batch_size=5)
    message = str(info.value)
    assert "\n" not in message
    partial = store_counts(db)
    n = partial["documents"]  # a full disk may still take a batch that fits in the store's free pages
    assert 10 <= n < 30 and n % 5 == 0, n  # whole batches only
    assert FAULTS[fault][1] in message and f"; {n} new articles stored before it" in message, message
    assert partial["statements"] == n and partial["orphans"] == 0

    monkeypatch.undo()
    again = ingest_results(items, db, batch_size=5)
    assert (again.documents, again.skipped) == (30 - n, n)
    assert store_counts(db) == store_counts(clean)


def test_stores_created_and_filled_at_once_by_several_writers(tmp_path: Path) -> None:
    """Writers racing to create one new store, then to add overlapping batches: no error, no duplicate."""
    items = articles(40)
    shares = [items[:25], items[15:], items[5:35], items[::-1]]
    for trial in range(5):
        db = tmp_path / f"q{trial}.db"
        barrier = threading.Barrier(len(shares))
        errors: list[BaseException] = []

        def write(
            share: list[dict], db: Path, barrier: threading.Barrier, errors: list[BaseException]
        ) -> None:
            barrier.wait()
            try:
                ingest_results(share, db, batch_size=5)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(share, db, barrier, errors)) for share in shares]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        after = store_counts(db)
        assert after["documents"] == after["distinct"] == after["statements"] == 40


def _fill(share: list[dict], db: str, barrier: object) -> str:
    """One writer process: wait for the others, then create (or open) the store and ingest its share."""
    barrier.wait()  # type: ignore[attr-defined]
    try:
        ingest_results(share, db, batch_size=4)
    except BaseException as exc:  # reported to the parent, which fails the test
        return repr(exc)
    return ""


def test_eight_processes_create_and_fill_one_new_store_at_once(tmp_path: Path) -> None:
    """Separate processes (separate SQLite connections and locks, not threads) race on a path that does not
    exist yet: every one completes, and the store holds each article once."""
    items = articles(48)
    shares = [items[i * 4 : i * 4 + 24] for i in range(6)] + [items[::-1], items[::2]]
    ctx = multiprocessing.get_context("spawn")
    for trial in range(3):
        db = tmp_path / f"p{trial}.db"
        with ctx.Manager() as manager:
            barrier = manager.Barrier(len(shares))
            with ctx.Pool(len(shares)) as pool:
                outcomes = pool.starmap(_fill, [(share, str(db), barrier) for share in shares])
        assert outcomes == [""] * len(shares), outcomes
        after = store_counts(db)
        assert after["documents"] == after["distinct"] == after["statements"] == 48


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bad_stores(folder: Path) -> dict[str, Path]:
    """Files that are not a usable store of this version."""
    text = folder / "notes.db"
    text.write_text("my notes, not a database\n" * 50)
    foreign = folder / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    newer = folder / "newer.db"
    ingest_results(articles(3), newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    garbage = folder / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    return {"text": text, "foreign": foreign, "newer": newer, "garbage": garbage}


def test_bad_store_files_get_one_line_and_are_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text('"We are ready," Ann Able said.\n')
    runner = CliRunner()
    for name, path in bad_stores(tmp_path).items():
        before = digest(path)
        for command in (
            ["ingest", str(tmp_path / "in"), "-q"],
            ["quotes"],
            ["speakers"],
            ["export"],
            ["merge", "Ann", "Bo"],
            ["serve", "--port", "0"],
        ):
            result = runner.invoke(main, [*command, "--db", str(path)])
            lines = result.stderr.splitlines()
            assert result.exit_code == 1, (name, command, result.output)
            assert len(lines) == 1 and lines[0].startswith("quotegraph: "), (name, command, lines)
            assert "Traceback" not in result.output
        assert digest(path) == before, name


def test_a_damaged_store_gives_one_line_and_is_not_written(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    ingest_results(articles(200), db)
    with Store(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2 :] = b"\xa5" * (len(data) - page * 2)  # every page after the second
    db.write_bytes(bytes(data))
    before = digest(db)
    runner = CliRunner()
    for command in (["quotes", "--search", "harbor"], ["speakers"], ["export"]):
        result = runner.invoke(main, [*command, "--db", str(db)])
        lines = result.stderr.splitlines()
        assert result.exit_code == 1, (command, result.output)
        assert len(lines) == 1 and lines[0].startswith("quotegraph: "), (command, lines)
    with pytest.raises(StoreError):
        ingest_results(articles(3), db)
    assert digest(db) == before


# ---- with the model: the CLI end to end ----------------------------------------------------------------

N = 16


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "in"
    folder.mkdir()
    write_articles(folder, N)
    return folder


@pytest.fixture(scope="module")
def clean(corpus_dir: Path, extractor: Extractor) -> dict[str, int]:
    """Counts of an uninterrupted ingest of the articles."""
    db = corpus_dir.parent / "clean.db"
    ingest([str(corpus_dir)], db, extractor=extractor, batch_size=2)
    return store_counts(db)


@pytest.mark.model
@pytest.mark.parametrize("fault", FAULTS)
def test_cli_write_fault_is_one_line_and_a_rerun_completes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    corpus_dir: Path,
    clean: dict[str, int],
    fault: str,
) -> None:
    db = tmp_path / "q.db"
    args = ["ingest", str(corpus_dir), "--db", str(db), "--batch-size", "2", "-q"]
    inject(monkeypatch, fault, before_batch=3)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"quotegraph: {db}: write failed ({FAULTS[fault][1]})"), line
    n = store_counts(db)["documents"]
    assert 4 <= n < N and n % 2 == 0 and f"; {n} new articles stored before it" in line, line
    monkeypatch.undo()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert store_counts(db) == clean


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def stored(db: Path) -> int:
    try:
        return counts(db)["documents"]
    except sqlite3.Error:
        return 0  # not created yet


@pytest.mark.model
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_gracefully_with_a_summary_and_a_rerun_completes(
    tmp_path: Path, corpus_dir: Path, clean: dict[str, int], extractor: Extractor, sig: int
) -> None:
    db = tmp_path / "q.db"
    cmd = [str(QG), "ingest", str(corpus_dir), "--db", str(db), "--batch-size", "2", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: stored(db) >= 2 or proc.poll() is not None, 60, "a first batch")
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig, err
    (line,) = err.splitlines()  # one line: the summary, no traceback
    after = store_counts(db)
    assert line.startswith("stopped early; re-run the same command to finish. ingested "), line
    assert f"Store: {after['documents']} articles" in line
    assert 2 <= after["documents"] < N and after["orphans"] == 0

    ingest([str(corpus_dir)], db, extractor=extractor, batch_size=2)  # the re-run
    assert store_counts(db) == clean


@pytest.mark.model
def test_two_ingests_at_once_never_duplicate_and_the_server_keeps_answering(
    tmp_path: Path, corpus_dir: Path, clean: dict[str, int]
) -> None:
    # overlapping inputs: the same articles under other paths
    paths = sorted(corpus_dir.iterdir())
    halves = [tmp_path / "a", tmp_path / "b"]
    for folder, part in zip(halves, (paths[: N * 3 // 4], paths[N // 4 :]), strict=True):
        folder.mkdir()
        for p in part:
            (folder / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "q.db"
    Store(db).close()  # the server opens an existing store
    procs = [
        subprocess.Popen(
            [str(QG), "ingest", str(folder), "--db", str(db), "--batch-size", "2", "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in halves
    ]
    seen: list[int] = []
    try:
        with TestClient(create_app(db)) as client:
            while any(p.poll() is None for p in procs):
                r = client.get("/api/statements", params={"limit": 200})
                assert r.status_code == 200, r.text
                seen.append(len(r.json()["items"]))
                assert client.get("/api/search", params={"q": "council"}).status_code == 200
                time.sleep(0.05)
        errs = [p.communicate(timeout=60)[1] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert [p.returncode for p in procs] == [0, 0], errs
    assert seen == sorted(seen) and len(seen) > 3  # answered throughout, never went backwards
    after = store_counts(db)
    assert after["documents"] == after["distinct"] == N
    for key in ("documents", "statements", "mentions", "orphans"):
        assert after[key] == clean[key], key
