"""The store opens in Datasette (a pinned test dependency, run in-process) with a working search box."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.store import Store

datasette_app = pytest.importorskip("datasette.app")

QUOTES = [("Ann Able", "The harbour reopens on Monday"), ("Bo Baker", "Taxes rise again next year")]


def fetch(db: Path, path: str) -> Any:
    """One GET against Datasette serving ``db``, in this process; the JSON rows."""

    async def go() -> Any:
        ds = datasette_app.Datasette([str(db)])
        response = await ds.client.get(f"/{db.stem}/{path}")
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(go())


def texts(db: Path, table: str, search: str) -> list[str]:
    rows = fetch(db, f"{table}.json?_search={search}&_shape=array")
    return sorted(r["text"] for r in rows)


def test_datasette_search_returns_only_the_matches(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    ingest_results([article([q]) for q in QUOTES], db)
    assert texts(db, "statements", "harbour") == ["The harbour reopens on Monday"]
    assert texts(db, "statements", "taxes") == ["Taxes rise again next year"]
    assert texts(db, "statements", "nowhere") == []
    assert len(texts(db, "documents", "harbour")) == 1


def test_migration_6_gives_an_older_store_the_search_box(tmp_path: Path) -> None:
    """A store whose FTS tables carry v1's content='statements' loses search in Datasette; v6 repairs it."""
    db = tmp_path / "old.db"
    ingest_results([article([q]) for q in QUOTES], db)
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        DROP TABLE statements_fts;
        CREATE VIRTUAL TABLE statements_fts USING fts5(
          text, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
        DROP INDEX statements_addressee;
        DROP INDEX statements_speaker_id;
        DROP INDEX entities_merged_into;
        DROP TRIGGER mentions_story_ai;
        DROP TRIGGER mentions_story_ad;
        DROP TRIGGER mentions_story_au;
        DROP TRIGGER documents_story_au;
        DROP TRIGGER documents_story_ad;
        DROP TABLE story_entities;
        DROP TRIGGER mentions_dated_ai;
        DROP TRIGGER mentions_dated_ad;
        DROP TRIGGER mentions_dated_au;
        DROP TRIGGER documents_dated_au;
        DROP TRIGGER documents_dated_ad;
        DROP TABLE entity_documents;
        DROP TRIGGER statements_story_ai;
        DROP TRIGGER statements_story_ad;
        DROP TRIGGER statements_story_au;
        DROP TRIGGER documents_statements_ai;
        DROP TRIGGER documents_statements_au;
        DROP TRIGGER documents_statements_ad;
        DROP TRIGGER stories_statements_ai;
        PRAGMA user_version = 5;
        """
    )
    conn.close()
    assert len(texts(db, "statements", "harbour")) == 2  # the bug: search ignored, every row back
    Store(db).close()  # a writer migrates
    assert texts(db, "statements", "harbour") == ["The harbour reopens on Monday"]
    ingest_results([article([("Cy Cole", "The harbour stays shut")])], db)  # triggers still feed the index
    assert texts(db, "statements", "harbour") == ["The harbour reopens on Monday", "The harbour stays shut"]
