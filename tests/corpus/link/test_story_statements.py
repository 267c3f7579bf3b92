"""stories.statements, kept by triggers (schema v11), always equals the count of the shown statements of the
story's articles, and refresh_stories leaves it so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quotegraph.corpus.link.stories import refresh_stories
from quotegraph.corpus.store import Store

TRUTH = """
SELECT s.id, (SELECT count(*) FROM statements st JOIN documents d ON d.id = st.document
              WHERE d.story = s.id AND NOT st.hidden) FROM stories s ORDER BY 1
"""


def kept(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    return conn.execute("SELECT id, statements FROM stories ORDER BY 1").fetchall()


def truth(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    return conn.execute(TRUTH).fetchall()


@pytest.fixture()
def conn(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "s.db") as store:
        c = store.conn
        c.execute("PRAGMA foreign_keys = OFF")  # rows removed in either order, as a rollback path may
        c.executemany("INSERT INTO stories (id) VALUES (?)", [(1,), (2,)])
        c.executemany(
            "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at) VALUES (?, ?, 't', 'x', 'now')",
            [(i, f"d{i}") for i in (1, 2, 3)],
        )
        yield c


def statement(conn: sqlite3.Connection, doc: int, local: str, hidden: int = 0) -> None:
    conn.execute(
        "INSERT INTO statements (document, local_id, kind, text, start, end, extractor_version, text_hash, "
        "hidden) VALUES (?, ?, 'direct', 'words', 0, 5, 'x', 0, ?)",
        (doc, local, hidden),
    )


def test_every_write_keeps_the_count_exact(conn: sqlite3.Connection) -> None:
    steps = [
        lambda: statement(conn, 1, "a"),  # no story yet: nothing counted
        lambda: conn.execute("UPDATE documents SET story = 1 WHERE id = 1"),
        lambda: statement(conn, 1, "b"),
        lambda: statement(conn, 1, "c", hidden=1),
        lambda: statement(conn, 2, "a"),
        lambda: conn.execute("UPDATE documents SET story = 1 WHERE id = 2"),
        lambda: conn.execute("UPDATE statements SET hidden = 1 WHERE document = 1 AND local_id = 'a'"),
        lambda: conn.execute("UPDATE statements SET hidden = 0 WHERE document = 1 AND local_id = 'c'"),
        lambda: conn.execute("UPDATE statements SET hidden = 0 WHERE document = 1"),  # a no-op for one row
        lambda: conn.execute("UPDATE documents SET story = 2 WHERE id = 1"),  # moves between stories
        lambda: conn.execute("UPDATE statements SET document = 2 WHERE document = 1 AND local_id = 'b'"),
        lambda: conn.execute("DELETE FROM statements WHERE document = 2 AND local_id = 'a'"),
        lambda: conn.execute("UPDATE documents SET story = 2 WHERE story = 1"),  # a story merge
        lambda: conn.execute("DELETE FROM stories WHERE id = 1"),
        lambda: conn.execute("UPDATE documents SET story = NULL WHERE id = 2"),
        lambda: conn.execute("UPDATE documents SET story = 2 WHERE id = 2"),
        lambda: conn.execute("UPDATE documents SET id = 9 WHERE id = 2"),  # renumbered: its rows orphaned
        lambda: conn.execute("UPDATE statements SET document = 9 WHERE document = 2"),
        lambda: conn.execute("DELETE FROM documents WHERE id = 1"),  # removed before its statements
        lambda: conn.execute("DELETE FROM statements WHERE document = 1"),
        lambda: statement(conn, 4, "a"),  # an article not written yet
        lambda: conn.execute(
            "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, story) "
            "VALUES (4, 'd4', 't', 'x', 'now', 2)"
        ),
        lambda: conn.execute("UPDATE documents SET story = 3 WHERE id = 4"),  # a story id not made yet
        lambda: conn.execute("INSERT INTO stories (id) VALUES (3)"),  # made: it counts what names it
        lambda: conn.execute("DELETE FROM documents WHERE id = 9"),  # removed after its statements stay
    ]
    for i, step in enumerate(steps):
        step()
        assert kept(conn) == truth(conn), f"after step {i}"
    assert any(n for _, n in kept(conn)), "the steps leave something to compare"


def test_refresh_keeps_the_count_and_a_migrated_store_starts_exact(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        c = store.conn
        c.execute("INSERT INTO stories (id) VALUES (1)")
        c.execute(
            "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, story) "
            "VALUES (1, 'd1', 't', 'x', 'now', 1)"
        )
        c.executescript(
            "DROP TRIGGER statements_story_ai; DROP TRIGGER statements_story_ad; DROP TRIGGER statements_story_au; "
            "DROP TRIGGER documents_statements_ai; DROP TRIGGER documents_statements_au; "
            "DROP TRIGGER documents_statements_ad; DROP TRIGGER stories_statements_ai; "
            "PRAGMA user_version = 10;"
        )
        for local in "abc":
            statement(c, 1, local, hidden=int(local == "c"))
        assert kept(c) == [(1, 0)], "a schema 10 store counted at refresh only"
    with Store(db) as store:
        assert kept(store.conn) == truth(store.conn) == [(1, 2)]
        refresh_stories(store.conn, {1})
        assert kept(store.conn) == [(1, 2)]
