"""The SQLite store: opening safely, schema version, one transaction per batch, FTS, export, readers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.link.stories import StoryLinker
from quotegraph.corpus.store import SCHEMA_VERSION, Store
from quotegraph.errors import StoreError
from quotegraph.query import Corpus
from quotegraph.query.export import export_quotes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_wal_with_a_schema_version(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {
            "documents",
            "entities",
            "aliases",
            "mentions",
            "statements",
            "statement_groups",
            "stories",
        } <= tables
        assert {"statements_fts", "documents_fts", "decisions"} <= tables


def test_a_new_store_appears_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new store is built in one transaction, so a reader never sees a half-made schema (v1's full-text
    table before v6 declares it again): a failure in the last step leaves no table behind."""
    from quotegraph.corpus.store import schema

    broken = [*schema.MIGRATIONS[:-1], schema.MIGRATIONS[-1] + "\nSELECT * FROM no_such_table;"]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(StoreError):
        Store(tmp_path / "q.db")
    conn = sqlite3.connect(tmp_path / "q.db")
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()


def test_foreign_files_are_refused_and_left_untouched(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 10)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    for path in (text, other):
        before = digest(path)
        with pytest.raises(StoreError, match="not a quotegraph store"):
            Store(path)
        assert digest(path) == before
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", readonly=True)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer quotegraph"):
        Store(path)
    assert digest(path) == before


def test_a_corrupt_file_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(StoreError):
        Store(path)


def test_batches_are_idempotent_and_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "q.db"
    a = article([("Ann Able", "The harbor is open again")])
    b = article([("Bo Baker", "The harbor stays closed")])
    assert ingest_results([a, b], path).documents == 2
    again = ingest_results([a, b, a], path)
    assert (again.documents, again.skipped) == (0, 3)
    broken = article([("Cy Cole", "A new quote")])
    del broken["statements"][0]["kind"]
    result = ingest_results([article([("Di Dee", "Stored with its batch")]), broken], path, batch_size=10)
    assert result.documents == 1 and len(result.errors) == 1 and "not stored" in result.errors[0]
    repeated = article([("Ed Eno", "First"), ("Ed Eno", "Second")])
    repeated["statements"][1]["id"] = repeated["statements"][0]["id"]
    assert ingest_results([repeated], path).statements == 2
    with Store(path) as store:
        assert store.stats()["documents"] == 4

    def interrupt(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(StoryLinker, "assign", interrupt)
    with pytest.raises(KeyboardInterrupt):
        ingest_results([article([("Fay Fox", "Lost with the batch")])], path)
    with Store(path) as store:
        assert store.stats()["documents"] == 4
        assert store.stats()["statements"] == 5


def test_every_statement_keeps_its_provenance(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    a = article([("Ann Able", "The Café reopens")], published="2024-05-01T10:00:00Z", publisher="Harbor News")
    ingest_results([a], path)
    with Corpus(path) as corpus:
        (q,) = corpus.quotes(search="cafe")
        text = a["document"]["text"]
        assert text[q.start : q.end] == "The Café reopens"
        assert text[q.speaker_start : q.speaker_end] == "Ann Able"
        assert (q.document, q.outlet, q.date, q.extractor_version) == (
            a["document"]["id"],
            "Harbor News",
            "2024-05-01",
            "test",
        )


def test_export_formats(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    ingest_results([article([("Ann Able", "One"), ("Bo Baker", "Two, three")])], path)
    with Corpus(path) as corpus:
        out = io.StringIO()
        assert export_quotes(corpus.iter_quotes(), "jsonl", out) == 2
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert {r["speaker"] for r in rows} == {"Ann Able", "Bo Baker"}
        assert {"document", "start", "stop", "outlet", "date"} <= set(rows[0])
        out = io.StringIO()
        export_quotes(corpus.iter_quotes(oldest_first=True), "csv", out)
        assert [r["text"] for r in csv.DictReader(io.StringIO(out.getvalue()))] == ["One", "Two, three"]
        pq = pytest.importorskip("pyarrow.parquet")
        export_quotes(corpus.iter_quotes(), "parquet", str(tmp_path / "q.parquet"))
        assert pq.read_table(tmp_path / "q.parquet").num_rows == 2


def test_readers_see_whole_batches_while_a_writer_ingests(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    Store(path).close()
    batches = [
        [article([(f"Speaker {i}", f"Quote number {i} about the harbor and {j}")]) for j in range(5)]
        for i in range(20)
    ]
    done = threading.Event()
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for batch in batches:
                ingest_results(batch, path, batch_size=5)
        finally:
            done.set()

    def read() -> None:
        try:
            with Corpus(path) as corpus:
                while not done.is_set():
                    conn = corpus.conn
                    conn.execute("BEGIN")
                    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                    sts = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
                    conn.execute("COMMIT")
                    corpus.quotes(search="harbor", limit=5)
                    seen.append((docs, sts))
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    writer = threading.Thread(target=write)
    for t in [writer, *readers]:
        t.start()
    for t in [writer, *readers]:
        t.join(60)
    assert not errors, errors
    assert seen
    assert all(docs % 5 == 0 and docs == sts for docs, sts in seen)  # never half a batch
    with Store(path) as store:
        assert store.stats()["documents"] == 100


def _wal_sizes_before_each_batch(monkeypatch: pytest.MonkeyPatch, db: Path) -> list[int]:
    """Record the -wal file's size as each batch begins (that is, after the previous batch's checkpoint)."""
    from quotegraph.corpus import batch

    real = batch.add_batch
    sizes: list[int] = []
    wal = Path(f"{db}-wal")

    def add_batch(store: Store, results: list[dict]) -> object:
        sizes.append(wal.stat().st_size if wal.exists() else 0)
        return real(store, results)

    monkeypatch.setattr(batch, "add_batch", add_batch)
    return sizes


def _batch_articles(n: int) -> list[dict]:
    return [article([(f"Speaker {i % 5}", f"Words number {i} on the ferry timetable")]) for i in range(n)]


def test_the_wal_is_truncated_after_each_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own checkpoint never shrinks the -wal file; the one after each batch does."""
    db = tmp_path / "q.db"
    sizes = _wal_sizes_before_each_batch(monkeypatch, db)
    ingest_results(_batch_articles(40), db, batch_size=5)
    assert len(sizes) == 8 and sizes[1:] == [0] * 7, sizes


def test_a_reader_in_the_wal_delays_the_truncation_but_never_the_ingest(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    ingest_results(_batch_articles(5), db)
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM statements").fetchone()  # holds its snapshot across the batch
    with Store(db) as store:
        from quotegraph.corpus import batch

        batch.add_batch(store, _batch_articles(10)[5:])
        assert store.checkpoint() is False  # the reader still reads from the WAL: not waited for long
        assert Path(f"{db}-wal").stat().st_size > 0
        reader.execute("COMMIT")
        reader.close()
        assert store.checkpoint() is True
        assert Path(f"{db}-wal").stat().st_size == 0
    assert Store(db, readonly=True).stats()["documents"] == 10


def test_a_writer_counts_rewrites_of_stored_statements_only(tmp_path: Path) -> None:
    """The count the facet arrays trust (query.columns): new rows and non-facet columns leave it alone;
    a changed speaker, hidden flag or date, and a deleted statement, move it, on any writable Store."""
    from quotegraph.corpus.store.db import STATEMENTS_REWRITTEN

    db = tmp_path / "rewrites.db"
    ingest_results([article([("Ada Quill", "The pier opens in May", "direct")], title="Pier")], db)

    def count() -> int:
        conn = sqlite3.connect(db)
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (STATEMENTS_REWRITTEN,)).fetchone()
        conn.close()
        return int(row[0]) if row else 0

    ingest_results([article([("Bram Oster", "The pier waits", "direct")], title="Wait")], db)
    assert count() == 0
    with Store(db) as store:
        conn = store.conn
        conn.execute("UPDATE statements SET group_id = group_id, confidence = 0.5 WHERE id = 1")
        conn.execute("UPDATE statements SET hidden = hidden WHERE id = 1")  # written, not changed
        assert count() == 0
        conn.execute("UPDATE statements SET hidden = 1 WHERE id = 1")
        assert count() == 1
        conn.execute("UPDATE statements SET speaker = NULL, date = '2020-01-01'")  # two rows
        assert count() == 3
        conn.execute("DELETE FROM statements WHERE id = 2")
        assert count() == 4
