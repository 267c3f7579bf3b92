"""story_entities, kept by triggers, always equals what the mentions and the documents' stories say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.store import Store

TRUTH = """
SELECT d.story, m.entity, count(*) FROM mentions m JOIN documents d ON d.id = m.document
WHERE d.story IS NOT NULL GROUP BY d.story, m.entity ORDER BY 1, 2
"""


def kept(conn: sqlite3.Connection) -> list[tuple[int, int, int]]:
    return conn.execute("SELECT story, entity, mentions FROM story_entities ORDER BY 1, 2").fetchall()


def truth(conn: sqlite3.Connection) -> list[tuple[int, int, int]]:
    return conn.execute(TRUTH).fetchall()


@pytest.fixture()
def conn(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "s.db") as store:
        c = store.conn
        c.executemany("INSERT INTO stories (id) VALUES (?)", [(1,), (2,)])
        c.executemany(
            "INSERT INTO entities (id, name, type, named, norm) VALUES (?, ?, 'PERSON', 1, ?)",
            [(i, f"P{i}", f"p{i}") for i in (10, 11, 12)],
        )
        c.executemany(
            "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at) VALUES (?, ?, 't', 'x', 'now')",
            [(i, f"d{i}") for i in (1, 2, 3)],
        )
        yield c


def mention(conn: sqlite3.Connection, doc: int, local: str, entity: int) -> None:
    conn.execute(
        "INSERT INTO mentions (document, local_id, entity, name, type) VALUES (?, ?, ?, 'n', 'PERSON')",
        (doc, local, entity),
    )


def test_every_write_keeps_the_table_exact(conn: sqlite3.Connection) -> None:
    steps = [
        lambda: mention(conn, 1, "a", 10),  # no story yet: nothing
        lambda: conn.execute("UPDATE documents SET story = 1 WHERE id = 1"),
        lambda: mention(conn, 1, "b", 10),
        lambda: mention(conn, 1, "c", 11),
        lambda: mention(conn, 2, "a", 10),
        lambda: conn.execute("UPDATE documents SET story = 1 WHERE id = 2"),
        lambda: conn.execute("UPDATE documents SET story = 2 WHERE id = 1"),  # moves between stories
        lambda: conn.execute("UPDATE mentions SET entity = 12 WHERE document = 1 AND local_id = 'c'"),
        lambda: conn.execute("UPDATE mentions SET document = 2 WHERE document = 1 AND local_id = 'b'"),
        lambda: conn.execute("DELETE FROM mentions WHERE document = 2 AND local_id = 'a'"),
        lambda: conn.execute("UPDATE documents SET story = 2 WHERE story = 1"),  # a story merge
        lambda: conn.execute("UPDATE documents SET story = NULL WHERE id = 2"),
        lambda: conn.execute("UPDATE documents SET story = 1 WHERE id = 2"),
        lambda: conn.execute("DELETE FROM documents WHERE id = 3"),
    ]
    for i, step in enumerate(steps):
        step()
        assert kept(conn) == truth(conn), f"after step {i}"
    assert kept(conn), "the steps leave something to compare"


def test_document_removed_before_or_after_its_mentions(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")  # a rollback path may remove the article row first
    for doc in (1, 2):
        conn.execute("UPDATE documents SET story = 1 WHERE id = ?", (doc,))
        mention(conn, doc, "a", 10)
        mention(conn, doc, "b", 11)
    conn.execute("DELETE FROM mentions WHERE document = 1")
    conn.execute("DELETE FROM documents WHERE id = 1")
    assert kept(conn) == truth(conn) == [(1, 10, 1), (1, 11, 1)]
    conn.execute("DELETE FROM documents WHERE id = 2")
    conn.execute("DELETE FROM mentions WHERE document = 2")
    assert kept(conn) == [] == truth(conn)


def test_ingest_and_linking_keep_it_exact(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    people = {"Ines Varga": {"name": "Ines Varga", "aliases": ["Varga"]}}
    ingest_results(
        [
            article([("Ines Varga", "The bridge will reopen in May")], people=people, published="2024-05-01"),
            article([("Varga", "The bridge reopening stays in May")], people=people, published="2024-05-02"),
            article([("Tom Reyes", "Ferry fares rise in June")], published="2024-06-20"),
        ],
        db,
    )
    with Store(db) as store:
        assert kept(store.conn) == truth(store.conn)
        assert kept(store.conn)
