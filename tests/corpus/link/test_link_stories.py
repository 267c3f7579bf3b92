"""Stories: articles about one event grouped as they arrive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus

BRIDGE = (
    "The Harbor Bridge will close for six weeks of cable repairs, the city engineers announced, and ferries "
    "will run every twenty minutes while commuters look for detours around the harbor."
)
FESTIVAL = (
    "The river festival returns with lantern boats, a night market and a brass band competition on the "
    "north bank, organizers said, expecting record crowds for the summer weekend."
)


def bridge(day: str, quote: str) -> dict:
    return article(
        [("Daniel Okafor", quote)],
        lead=BRIDGE,
        orgs=("Harbor Bridge Authority",),
        published=day,
        people={"Daniel Okafor": {"descriptors": ["mayor"]}},
    )


def test_articles_on_one_event_share_a_story(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest_results(
        [
            bridge("2025-03-14", "We cannot take chances with the cables"),
            article([("Lina Park", "The lanterns are ready")], lead=FESTIVAL, published="2025-03-15"),
            bridge("2025-03-16", "The ferries will be free during the closure"),
            bridge("2025-06-30", "The bridge reopens next week"),
        ],
        db,
        batch_size=1,
    )
    with Corpus(db) as corpus:
        docs = corpus.conn.execute("SELECT story FROM documents ORDER BY id").fetchall()
        story = [s for (s,) in docs]
        assert story[0] == story[2]  # same event, two days apart
        assert story[1] != story[0]  # another event
        assert story[3] != story[0]  # same words, months later: a new story
        detail = corpus.story(story[0])
        assert [a.date for a in detail.articles] == ["2025-03-14", "2025-03-16"]
        assert len(detail.quotes) == 2
        assert "Daniel Okafor" in detail.story.label or "Harbor Bridge Authority" in detail.story.label
        assert corpus.stories()[0].id == story[0]


def test_the_packaged_stop_words_are_spacys() -> None:
    """Story linking reads a shipped copy so that it need not import spaCy; it must not drift from it."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from quotegraph.corpus.link.stories import stop_words

    assert stop_words() == frozenset(STOP_WORDS)


def test_evidence_shared_entities_lower_the_bar_and_days_raise_it() -> None:
    from quotegraph.config import STORY_THRESHOLD
    from quotegraph.corpus.link.stories import LONG_WINDOW_DAYS, WINDOW_DAYS, Evidence

    alone = Evidence(story=1, cosine=STORY_THRESHOLD - 0.05, groups=0, entities=1, gap=1)
    assert not alone.joins()  # one shared person or place is not an event
    shared = Evidence(story=1, cosine=STORY_THRESHOLD - 0.05, groups=0, entities=3, gap=1)
    assert shared.joins()
    late = Evidence(story=1, cosine=STORY_THRESHOLD + 0.01, groups=0, entities=1, gap=WINDOW_DAYS + 5)
    assert not late.joins()  # the same words two weeks on need more
    grouped = Evidence(story=1, cosine=0.15, groups=1, entities=1, gap=WINDOW_DAYS + 7)
    assert grouped.joins()  # the same statement reported again, weeks later
    ungrouped = Evidence(story=1, cosine=0.15, groups=0, entities=1, gap=WINDOW_DAYS + 7)
    assert not ungrouped.joins() and grouped.score() > ungrouped.score()
    assert not Evidence(story=1, cosine=0.9, groups=2, entities=5, gap=LONG_WINDOW_DAYS + 1).joins()
    assert not Evidence(story=1, cosine=0.05, groups=1, entities=0, gap=0).joins()


def test_an_article_close_to_two_stories_folds_them_into_one(tmp_path: Path) -> None:
    from quotegraph.corpus.link.stories import StoryLinker
    from quotegraph.corpus.store import Store

    with Store(tmp_path / "t.db") as store:
        conn = store.conn
        conn.executemany(
            "INSERT INTO stories (id, first_date, last_date) VALUES (?, '2025-03-01', '2025-03-01')",
            [(1,), (2,)],
        )
        for doc, story in ((1, 1), (2, 2)):
            conn.execute(
                "INSERT INTO documents (id, doc_id, title, text, date, story, extractor_version, ingested_at) "
                "VALUES (?, ?, ?, 'x', '2025-03-01', ?, 't', 'now')",
                (doc, f"d{doc}", f"Headline {doc}", story),
            )
        conn.executemany(
            "INSERT INTO story_features (feature, story, weight) VALUES (?, ?, 1.0)",
            [("dam", 1), ("spillway", 2)],
        )
        linker = StoryLinker(conn)
        linker.touched = {1, 2}
        linker._merge(2, 1)
        linker.refresh()
        assert [s for (s,) in conn.execute("SELECT story FROM documents ORDER BY id")] == [1, 1]
        assert conn.execute("SELECT id, documents, label FROM stories").fetchall() == [(1, 2, "Headline 1")]
        assert {f for (f,) in conn.execute("SELECT feature FROM story_features WHERE story = 1")} == {
            "dam",
            "spillway",
        }


def test_an_article_holding_most_of_a_story_and_two_of_its_entities_joins_it() -> None:
    from quotegraph.corpus.link.stories import Evidence

    side = {"story": 1, "cosine": 0.05, "groups": 0, "entities": 2, "gap": 1, "contained": 0.9}
    assert Evidence(**side).joins()
    assert not Evidence(**(side | {"entities": 1})).joins()  # one shared person: another event
    assert not Evidence(**(side | {"gap": 12})).joins()  # weeks later it needs the words too
    assert not Evidence(**(side | {"gap": None})).joins()
    assert not Evidence(**(side | {"contained": 0.4})).joins()


def _two_stories(conn: sqlite3.Connection, features: list[tuple[str, int, float]]) -> None:
    conn.executemany(
        "INSERT INTO stories (id, first_date, last_date) VALUES (?, '2025-03-01', '2025-03-02')", [(1,), (2,)]
    )
    conn.executemany("INSERT INTO story_features (feature, story, weight) VALUES (?, ?, ?)", features)
    for story in (1, 2):
        norm = sum(w * w for _, s, w in features if s == story) ** 0.5
        conn.execute("UPDATE stories SET norm = ? WHERE id = ?", (norm, story))


def test_kinship_is_the_cosine_of_two_stories(tmp_path: Path) -> None:
    from quotegraph.corpus.link.stories import StoryLinker
    from quotegraph.corpus.store import Store

    with Store(tmp_path / "t.db") as store:
        _two_stories(
            store.conn, [("strike", 1, 1.0), ("bus", 1, 1.0), ("strike", 2, 1.0), ("ballot", 2, 1.0)]
        )
        linker = StoryLinker(store.conn)
        assert abs(linker.kinship(1, 2) - 0.5) < 1e-9
        assert abs(linker.kinship(2, 1) - 0.5) < 1e-9


def test_a_story_date_range_widens_as_articles_join_not_at_the_batch_end(tmp_path: Path) -> None:
    from quotegraph.corpus.link.stories import StoryLinker
    from quotegraph.corpus.store import Store

    with Store(tmp_path / "t.db") as store:
        conn = store.conn
        _two_stories(conn, [("dam", 1, 1.0), ("spillway", 2, 1.0)])
        conn.execute("UPDATE stories SET first_date = '2025-03-20', last_date = '2025-03-25' WHERE id = 2")
        linker = StoryLinker(conn)
        linker._widen(1, "2025-03-09", "2025-03-09")
        assert conn.execute("SELECT first_date, last_date FROM stories WHERE id = 1").fetchone() == (
            "2025-03-01",
            "2025-03-09",
        )
        linker._widen(1, None, None)  # an undated article changes nothing
        linker._merge(2, 1)
        assert conn.execute("SELECT first_date, last_date FROM stories WHERE id = 1").fetchone() == (
            "2025-03-01",
            "2025-03-25",
        )
