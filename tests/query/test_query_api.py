"""The public query API the web uses (statement, group, document, offset), the text-search plans, and the
schema 1 -> 2 migration (indexed, case-insensitive outlet filter) without locking readers out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import quotegraph.query.plan as plan
from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.store import SCHEMA_VERSION, Store
from quotegraph.errors import BadQuery, NotFound, QuotegraphError, StoreError
from quotegraph.query import MAX_OFFSET, Corpus

OUTLETS = ["Harbor News", "Coast Daily", "Île Radio"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    items = [
        article(
            [
                (f"Person {i % 5}", f"The harbor plan number {i} is {'late' if i % 3 else 'early'} again"),
                (f"Person {(i + 1) % 5}", f"Ferries run on line {i} today"),
            ],
            published=f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}" if i % 10 else None,
            publisher=OUTLETS[i % 3],
        )
        for i in range(60)
    ]
    assert ingest_results(items, path, batch_size=7).documents == 60
    return path


def reference(corpus: Corpus, **filters: object) -> list[int]:
    """Every statement id for the filters in the documented order, from an unlimited query."""
    return [q.id for q in corpus.quotes(limit=None, **filters)]  # type: ignore[arg-type]


def test_offset_pages_and_is_capped(db: Path) -> None:
    with Corpus(db) as corpus:
        everything = reference(corpus)
        pages = [q.id for off in range(0, 120, 25) for q in corpus.quotes(limit=25, offset=off)]
        assert pages == everything and len(everything) == 120
        assert [q.id for q in corpus.iter_quotes(offset=100)] == everything[100:]
        with pytest.raises(BadQuery, match="offset"):
            corpus.quotes(offset=MAX_OFFSET + 1)


def test_statement_group_and_document(db: Path) -> None:
    with Corpus(db) as corpus:
        first = corpus.quotes(search="harbor", limit=1)[0]
        assert corpus.statement(first.id) == first
        assert corpus.statement(10**9) is None
        assert first.group is not None and first in corpus.group(first.group)
        doc = corpus.document(first.document)
        assert doc is not None and doc.document == first.document
        assert [q.id for q in doc.statements] == sorted(q.id for q in doc.statements)
        assert doc.text[first.start : first.end] == first.text
        assert {e.name for e in doc.entities} >= {first.speaker}
        for e in doc.entities:
            for start, end in e.mentions:
                assert doc.text[start:end]
        assert corpus.document("nope") is None


def test_outlet_is_exact_and_case_insensitive(db: Path) -> None:
    with Corpus(db) as corpus:
        assert len(corpus.quotes(outlet="harbor news", limit=None)) == 40
        assert len(corpus.quotes(outlet="  HARBOR   NEWS ", limit=None)) == 40
        assert len(corpus.quotes(outlet="île radio", limit=None)) == 40  # non-ASCII folds too
        assert corpus.quotes(outlet="harbor") == []  # exact, not a prefix
        assert corpus.quotes(outlet="harbor%") == []  # no LIKE wildcards
        plan = corpus.conn.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM documents d WHERE " + corpus.outlet_filter("x")[0], ("x",)
        ).fetchall()
        assert "documents_outlet_key" in str(plan)


@pytest.mark.parametrize("cap", [3, 100_000])
@pytest.mark.parametrize("probe_cost", [0.0, 1e12])
def test_every_text_plan_gives_the_same_statements(
    db: Path, monkeypatch: pytest.MonkeyPatch, cap: int, probe_cost: float
) -> None:
    """Few matches (ids read once), many (filter-driven, date walk with a set, date walk probing)."""
    with Corpus(db) as corpus:
        cases = [
            {"search": "harbor"},
            {"search": '"plan number"'},
            {"search": "harbor late"},
            {"search": "harbor", "outlet": "coast daily"},
            {"search": "harbor", "speaker": "Person 2"},
            {"search": "harbor", "since": "2024-03-01", "until": "2024-09-30"},
            {"search": "ferries", "kind": "direct"},
            {"search": "harbor", "oldest_first": True},
        ]
        expected = {i: reference(corpus, **case) for i, case in enumerate(cases)}
    monkeypatch.setattr(plan, "COMMON_MATCHES", cap)
    monkeypatch.setattr(plan, "_PROBE_COST", probe_cost)
    with Corpus(db) as corpus:
        for i, case in enumerate(cases):
            assert expected[i], case
            got = [q.id for off in (0, 5) for q in corpus.quotes(limit=5, offset=off, **case)]  # type: ignore[arg-type]
            assert got == expected[i][:10], case
            assert reference(corpus, **case) == expected[i], case


def downgrade_to_v1(path: Path) -> None:
    """Make a store look like one written by quotegraph with schema 1 (before outlet_key and acts)."""
    downgrade_to_v2(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX documents_outlet_key")
    conn.execute("ALTER TABLE documents DROP COLUMN outlet_key")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def downgrade_to_v5(path: Path) -> None:
    """Make a store look like one written with schema 5 (no addressee index; v6 redoes the FTS tables;
    no v7 speaker index, no v8 merged-entity index, no v9 story_entities, no v10 entity_documents, no v11
    story statement counts)."""
    conn = sqlite3.connect(path)
    for trigger in (
        "statements_story_ai",
        "statements_story_ad",
        "statements_story_au",
        "documents_statements_ai",
        "documents_statements_au",
        "documents_statements_ad",
        "stories_statements_ai",
        "mentions_dated_ai",
        "mentions_dated_ad",
        "mentions_dated_au",
        "documents_dated_au",
        "documents_dated_ad",
    ):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE entity_documents")
    conn.execute("DROP TRIGGER mentions_story_ai")
    conn.execute("DROP TRIGGER mentions_story_ad")
    conn.execute("DROP TRIGGER mentions_story_au")
    conn.execute("DROP TRIGGER documents_story_au")
    conn.execute("DROP TRIGGER documents_story_ad")
    conn.execute("DROP TABLE story_entities")
    conn.execute("DROP INDEX entities_merged_into")
    conn.execute("DROP INDEX statements_speaker_id")
    conn.execute("DROP INDEX statements_addressee")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()


def downgrade_to_v4(path: Path) -> None:
    """Make a store look like one written with schema 4 (decisions of merge and split only, no hiding)."""
    downgrade_to_v5(path)
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE decisions_v4 (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
          entity INTEGER NOT NULL REFERENCES entities(id),
          other INTEGER REFERENCES entities(id),
          alias TEXT, document TEXT, note TEXT, created_at TEXT NOT NULL
        );
        INSERT INTO decisions_v4 SELECT id, kind, entity, other, alias, document, note, created_at
          FROM decisions WHERE kind IN ('merge', 'split');
        DROP TABLE decisions;
        ALTER TABLE decisions_v4 RENAME TO decisions;
        ALTER TABLE statements DROP COLUMN hidden;
        DROP INDEX mentions_split_from;
        ALTER TABLE mentions DROP COLUMN linked;
        ALTER TABLE mentions DROP COLUMN split_from;
        ALTER TABLE mentions DROP COLUMN original;
        PRAGMA user_version = 4;
        """
    )
    conn.commit()
    conn.close()


def downgrade_to_v3(path: Path) -> None:
    """Make a store look like one written with schema 3 (before reactions)."""
    downgrade_to_v4(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE reactions")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def downgrade_to_v2(path: Path) -> None:
    """Make a store look like one written with schema 2 (before each statement had its act)."""
    downgrade_to_v3(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX statements_act")
    conn.execute("ALTER TABLE statements DROP COLUMN act")
    conn.execute("DROP INDEX entities_speech")
    conn.execute("ALTER TABLE entities DROP COLUMN speech")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_schema_2_store_lists_everything_as_speech_and_a_writer_gives_it_acts(db: Path) -> None:
    downgrade_to_v2(db)
    with Corpus(db) as corpus:
        assert corpus.store.version == 2
        assert len(corpus.quotes(limit=None)) == len(corpus.quotes(act="all", limit=None)) > 0
        assert corpus.quotes(act="thought", limit=None) == []
        assert {q.act for q in corpus.quotes(limit=None)} == {"speech"}
    with Store(db) as store:
        acts = store.conn.execute("SELECT DISTINCT act FROM statements").fetchall()
    assert acts == [("speech",)]
    with Corpus(db) as corpus:
        assert corpus.store.version == SCHEMA_VERSION


def test_a_schema_3_store_has_no_reactions_until_a_writer_migrates_it(db: Path) -> None:
    downgrade_to_v3(db)
    with Corpus(db) as corpus:
        assert corpus.store.version == 3
        assert corpus.reactions() == []
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM reactions").fetchone() == (0,)
    with Corpus(db) as corpus:
        assert corpus.store.version == SCHEMA_VERSION


def test_act_filters_statements(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE statements SET act = 'thought' WHERE id IN (SELECT id FROM statements LIMIT 3)")
    conn.commit()
    conn.close()
    with Corpus(db) as corpus:
        every = corpus.quotes(act="all", limit=None)
        thoughts = corpus.quotes(act="thought", limit=None)
        speech = corpus.quotes(limit=None)
        assert len(thoughts) == 3 and {q.act for q in thoughts} == {"thought"}
        assert len(speech) == len(every) - 3 and {q.act for q in speech} == {"speech"}
        with pytest.raises(BadQuery, match="unknown act"):
            corpus.quotes(act="gossip")


def test_a_schema_1_store_is_read_as_is_and_migrated_by_a_writer(db: Path) -> None:
    downgrade_to_v1(db)
    with Corpus(db) as corpus:  # a reader (the web server) neither migrates nor refuses it
        assert corpus.store.version == 1
        assert len(corpus.quotes(outlet="harbor news", limit=None)) == 40
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with Store(db) as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        keys = store.conn.execute("SELECT DISTINCT outlet_key FROM documents ORDER BY 1").fetchall()
    assert version == SCHEMA_VERSION
    assert [k for (k,) in keys] == ["coast daily", "harbor news", "île radio"]
    ingest_results([article([("Ann Able", "One more")], publisher="COAST Daily")], db)
    with Corpus(db) as corpus:
        assert corpus.store.version == SCHEMA_VERSION
        assert len(corpus.quotes(outlet="Coast daily", limit=None)) == 41


def test_errors_say_whose_fault_it_is_by_class(db: Path) -> None:
    with Corpus(db) as corpus:
        for bad in ({"kind": "shouting"}, {"search": "!!!"}, {"speaker": "987654321"}, {"offset": -1}):
            with pytest.raises(BadQuery):
                corpus.quotes(**bad)  # type: ignore[arg-type]
        with pytest.raises(NotFound, match="no story 99999"):
            corpus.story(99999)
        with pytest.raises(BadQuery, match="alias or a document"):
            corpus.split("Person 1")
    assert not issubclass(BadQuery, StoreError) and not issubclass(NotFound, StoreError)
    assert issubclass(BadQuery, QuotegraphError) and issubclass(NotFound, QuotegraphError)


def test_corrections_write_on_their_own_connection(db: Path) -> None:
    with Corpus(db) as corpus:
        kept = corpus.merge("Person 1", "Person 2")
        assert corpus.entity_ids("Person 2") == [kept]  # the reader sees the write at once
        assert len(corpus.quotes(speaker="Person 1", limit=None)) == 48
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            corpus.conn.execute("DELETE FROM decisions")  # the reader's connection stayed read-only
        with pytest.raises(NotFound, match="no entity matches"):
            corpus.merge("Nobody At All", "Person 1")
