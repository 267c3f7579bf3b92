"""The reaction linker's search of articles naming the same people (v10 entity_documents): the index
answers exactly what a walk over every mention would, and the per-name bound only ever drops the farthest
articles of a name."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest, ingest_results
from quotegraph.corpus.link import reactions
from quotegraph.corpus.link.reactions import WINDOW_DAYS, ReactionLinker
from quotegraph.corpus.store import Store
from quotegraph.extraction.pipeline import Extractor

TRUTH = """
SELECT m.entity, m.document, d.date, count(*) FROM mentions m JOIN documents d ON d.id = m.document
WHERE d.date IS NOT NULL GROUP BY m.entity, m.document ORDER BY 1, 2
"""


def kept(conn: sqlite3.Connection) -> list[tuple[int, int, str, int]]:
    return conn.execute(
        "SELECT entity, document, date, mentions FROM entity_documents ORDER BY 1, 2"
    ).fetchall()


def mention(conn: sqlite3.Connection, doc: int, local: str, entity: int) -> None:
    conn.execute(
        "INSERT INTO mentions (document, local_id, entity, name, type) VALUES (?, ?, ?, 'n', 'PERSON')",
        (doc, local, entity),
    )


@pytest.fixture()
def conn(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "s.db") as store:
        c = store.conn
        c.executemany(
            "INSERT INTO entities (id, name, type, named, norm) VALUES (?, ?, 'PERSON', 1, ?)",
            [(i, f"P{i}", f"p{i}") for i in range(1, 9)],
        )
        yield c


def test_every_write_keeps_the_table_exact(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, date) "
        "VALUES (?, ?, 't', 'x', 'now', ?)",
        [(1, "d1", "2024-01-01"), (2, "d2", None), (3, "d3", "2024-01-03")],
    )
    steps = [
        lambda: mention(conn, 1, "a", 1),
        lambda: mention(conn, 1, "b", 1),  # a second mention of the same entity: counted, one row
        lambda: mention(conn, 2, "a", 1),  # undated: no row
        lambda: conn.execute("UPDATE documents SET date = '2024-01-02' WHERE id = 2"),
        lambda: conn.execute("UPDATE documents SET date = '2024-02-01' WHERE id = 1"),
        lambda: conn.execute("UPDATE documents SET date = NULL WHERE id = 1"),
        lambda: conn.execute("UPDATE documents SET date = '2024-01-05' WHERE id = 1"),
        lambda: mention(conn, 3, "a", 2),
        lambda: conn.execute("UPDATE mentions SET entity = 3 WHERE document = 1 AND local_id = 'b'"),
        lambda: conn.execute("UPDATE mentions SET document = 3 WHERE document = 1 AND local_id = 'b'"),
        lambda: conn.execute("DELETE FROM mentions WHERE document = 3 AND local_id = 'a'"),
        lambda: conn.execute("DELETE FROM mentions WHERE document = 2"),
        lambda: conn.execute("DELETE FROM documents WHERE id = 2"),
    ]
    for i, step in enumerate(steps):
        step()
        assert kept(conn) == conn.execute(TRUTH).fetchall(), f"after step {i}"
    assert kept(conn), "the steps leave something to compare"


def test_document_removed_before_its_mentions(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")  # a rollback path may remove the article row first
    conn.execute(
        "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, date) "
        "VALUES (1, 'd1', 't', 'x', 'now', '2024-01-01')"
    )
    mention(conn, 1, "a", 1)
    mention(conn, 1, "b", 2)
    conn.execute("DELETE FROM documents WHERE id = 1")
    assert kept(conn) == []
    conn.execute("DELETE FROM mentions WHERE document = 1")
    assert kept(conn) == []


def _random_store(conn: sqlite3.Connection, seed: int) -> None:
    """Articles over 200 days (some undated, several on one day), each naming one to four of eight
    people, some twice; people 1 and 2 are in most of them."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    for d in range(1, 121):
        day = None if rng.random() < 0.1 else (start + timedelta(days=rng.randrange(200))).isoformat()
        conn.execute(
            "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, date) "
            "VALUES (?, ?, 't', 'x', 'now', ?)",
            (d, f"d{d}", day),
        )
        people = {p for p in (1, 2) if rng.random() < 0.7} | set(rng.sample(range(3, 9), rng.randint(0, 3)))
        for k, p in enumerate(sorted(people or {1})):
            mention(conn, d, f"m{k}", p)
            if rng.random() < 0.2:
                mention(conn, d, f"m{k}'", p)


def _walk(conn: sqlite3.Connection, document: int, later: bool, per_name: int | None) -> list[int]:
    """The search as a walk over every mention: each name's articles within the window on one side,
    nearest first (ties: the latest stored), up to ``per_name`` of them; most shared names first, then
    nearest, then latest stored."""
    dates = dict(conn.execute("SELECT id, date FROM documents").fetchall())
    here = dates[document]
    if here is None:
        return []
    h = date.fromisoformat(here)
    people = {r[0] for r in conn.execute("SELECT entity FROM mentions WHERE document = ?", (document,))}
    shared: dict[int, set[int]] = {}
    for p in people:
        found = set()
        for (d,) in conn.execute("SELECT DISTINCT document FROM mentions WHERE entity = ?", (p,)):
            if d == document or dates[d] is None:
                continue
            gap = (date.fromisoformat(dates[d]) - h).days
            if (0 <= gap <= WINDOW_DAYS) if later else (0 <= -gap <= WINDOW_DAYS):
                found.add(d)
        nearest = sorted(found, key=lambda d: (abs((date.fromisoformat(dates[d]) - h).days), -d))
        for d in nearest[:per_name]:
            shared.setdefault(d, set()).add(p)
    return sorted(shared, key=lambda d: (-len(shared[d]), abs((date.fromisoformat(dates[d]) - h).days), -d))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_search_is_the_walk_over_every_mention(conn: sqlite3.Connection, seed: int) -> None:
    _random_store(conn, seed)
    linker = ReactionLinker(conn)
    for document in range(1, 121):
        for later in (False, True):
            assert linker._sharing_names(document, later, 10**6) == _walk(conn, document, later, None)
            assert linker._sharing_names(document, later, 5) == _walk(conn, document, later, None)[:5]


def test_the_bound_keeps_each_names_nearest_articles(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    _random_store(conn, 4)
    monkeypatch.setattr(reactions, "MAX_NAME_DOCUMENTS", 3)
    linker = ReactionLinker(conn)
    bitten = 0
    for document in range(1, 121):
        for later in (False, True):
            bounded = _walk(conn, document, later, 3)
            assert linker._sharing_names(document, later, 10**6) == bounded
            bitten += bounded != _walk(conn, document, later, None)
    assert bitten > 10, "the bound changed no search: the store does not test it"


QUAY = {
    "id": "quay-cost",
    "title": "Island quay to cost forty million",
    "published": "2024-04-02",
    "publisher": "Isle Courier",
    "text": (
        "Harbour master Ines Varga said the new quay would cost forty million euros.\n\n"
        '"The island needs a deep-water berth," Varga said.\n\n'
        "Councillor Mara Holt attended the briefing.\n"
    ),
}
QUAY_REPLY = {
    "id": "quay-reply",
    "title": "Councillor disputes quay figure",
    "published": "2024-04-09",
    "publisher": "Isle Courier",
    "text": (
        "Councillor Tomas Reel dismissed Ines Varga's claim that the quay would cost forty million euros. "
        '"That number is invented," Reel said.\n\n'
        "Councillor Mara Holt was at the meeting.\n"
    ),
}


def _links(conn: sqlite3.Connection) -> list[tuple]:
    conn.execute("DELETE FROM reactions")
    ReactionLinker(conn).relink_after([r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")])
    return conn.execute(
        "SELECT statement, target_statement, target_entity, cue_start, stance, confidence FROM reactions "
        "ORDER BY 1, 2, 3"
    ).fetchall()


@pytest.mark.model
def test_a_name_past_the_bound_changes_no_link(
    tmp_path: Path, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both articles name a councillor who is in six articles nearer the reply than the first one: with
    the per-name bound at 2 she no longer ties them, the harbour master still does, and every link is the
    one the search without a bound gives (the reply, in a story of its own, answers the first article)."""
    db = tmp_path / "q.db"
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (QUAY, QUAY_REPLY)), encoding="utf-8")
    ingest([str(path)], db, extractor=extractor)
    ingest_results(
        [
            article([("Mara Holt", f"The ferry timetable for week {n} is out")], published=f"2024-04-0{n}")
            for n in range(3, 9)
        ],
        db,
    )
    conn = sqlite3.connect(db)
    for document in [r[0] for r in conn.execute("SELECT id FROM documents")]:  # every article its own story
        conn.execute("INSERT OR IGNORE INTO stories (id) VALUES (?)", (1000 + document,))
        conn.execute("UPDATE documents SET story = ? WHERE id = ?", (1000 + document, document))
    holt = conn.execute("SELECT count(DISTINCT document) FROM mentions WHERE name = 'Mara Holt'").fetchone()[
        0
    ]
    assert holt == 8, "the councillor is one entity across the articles"
    reply = conn.execute("SELECT id FROM documents WHERE date = '2024-04-09'").fetchone()[0]
    monkeypatch.setattr(reactions, "MAX_NAME_DOCUMENTS", 10**6)
    full = _links(conn)
    unbounded = ReactionLinker(conn)._sharing_names(reply, False, 10**6)
    monkeypatch.setattr(reactions, "MAX_NAME_DOCUMENTS", 2)
    assert ReactionLinker(conn)._sharing_names(reply, False, 10**6) != unbounded, "the bound bites"
    assert _links(conn) == full
    where = {i: (d, t) for i, d, t in conn.execute("SELECT id, document, text FROM statements")}
    answered = [where[target] for _, target, *_ in full if target is not None]
    assert any(d != reply and "forty million" in t for d, t in answered), (
        "the reply answers the first article"
    )
    conn.close()


def test_a_store_of_schema_9_gets_the_table_from_its_mentions(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        c = store.conn
        c.execute("INSERT INTO entities (id, name, type, named, norm) VALUES (1, 'P1', 'PERSON', 1, 'p1')")
        c.executemany(
            "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, date) "
            "VALUES (?, ?, 't', 'x', 'now', ?)",
            [(1, "d1", "2024-01-01"), (2, "d2", None)],
        )
        for doc, local in ((1, "a"), (1, "b"), (2, "a")):
            mention(c, doc, local, 1)
        c.executescript(
            "DROP TRIGGER mentions_dated_ai; DROP TRIGGER mentions_dated_ad; DROP TRIGGER mentions_dated_au; "
            "DROP TRIGGER documents_dated_au; DROP TRIGGER documents_dated_ad; DROP TABLE entity_documents; "
            "DROP TRIGGER statements_story_ai; DROP TRIGGER statements_story_ad; DROP TRIGGER statements_story_au; "
            "DROP TRIGGER documents_statements_ai; DROP TRIGGER documents_statements_au; "
            "DROP TRIGGER documents_statements_ad; DROP TRIGGER stories_statements_ai; "
            "PRAGMA user_version = 9;"
        )
    with Store(db) as store:
        assert kept(store.conn) == [(1, 1, "2024-01-01", 2)] == store.conn.execute(TRUTH).fetchall()
