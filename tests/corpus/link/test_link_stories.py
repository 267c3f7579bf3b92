"""Stories: articles about one event grouped as they arrive."""

from __future__ import annotations

from collections import Counter
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


def test_the_bar_rises_with_the_days_between_article_and_story() -> None:
    from quotegraph.config import STORY_THRESHOLD, STORY_THRESHOLD_UNDATED
    from quotegraph.corpus.link.stories import LATE_DAYS, WINDOW_DAYS, threshold

    assert threshold(0) == threshold(WINDOW_DAYS) == STORY_THRESHOLD
    assert STORY_THRESHOLD < threshold(WINDOW_DAYS + 3) < threshold(LATE_DAYS)
    assert threshold(None) == STORY_THRESHOLD_UNDATED


def test_a_report_two_weeks_later_joins_and_the_label_is_the_earliest_headline(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first = bridge("2025-03-14", "We cannot take chances with the cables")
    first["document"]["title"] = "Harbor Bridge to close for cable repairs"
    later = bridge("2025-03-28", "The cables are holding and the ferries are full")
    later["document"]["title"] = "Two weeks into the Harbor Bridge closure"
    ingest_results([later, first], db, batch_size=1)  # the later report arrives first
    with Corpus(db) as corpus:
        stories = {s for (s,) in corpus.conn.execute("SELECT story FROM documents")}
        assert len(stories) == 1
        assert corpus.story(stories.pop()).story.label == "Harbor Bridge to close for cable repairs"


def test_a_quote_the_story_reported_is_evidence(tmp_path: Path) -> None:
    """Two articles sharing only a long quote and its speaker join; without the quote they stay apart."""
    from quotegraph.corpus.link.stories import QUOTE_BONUS, StoryDoc, StoryLinker
    from quotegraph.corpus.store import Store

    store = Store(tmp_path / "q.db")
    conn = store.conn
    conn.execute(
        "INSERT INTO stories (id, first_date, last_date, norm) VALUES (1, '2025-03-14', '2025-03-14', 1)"
    )
    conn.execute("INSERT INTO story_features (feature, story, weight) VALUES ('cables', 1, 1.0)")
    for doc, story in ((1, 1), (2, None)):
        conn.execute(
            "INSERT INTO documents (id, doc_id, source, text, extractor_version, ingested_at, date, story) "
            "VALUES (?, ?, ?, 'x', 't', 'now', '2025-03-15', ?)",
            (doc, f"d{doc}", f"d{doc}", story),
        )
    conn.execute("INSERT INTO statement_groups (id, text) VALUES (7, 'q')")
    for sid, doc in ((1, 1), (2, 2)):
        conn.execute(
            "INSERT INTO statements (id, document, local_id, kind, text, start, end, extractor_version, "
            "text_hash, group_id) VALUES (?, ?, ?, 'direct', 'q', 0, 1, 't', 0, 7)",
            (sid, doc, f"S{sid}"),
        )
    linker = StoryLinker(conn)
    vec = {"cables": 0.2, "ferries": 0.98}  # cosine 0.2 with the story: under the bar alone
    plain = StoryDoc(2, "", "2025-03-15", Counter())
    quoted = StoryDoc(2, "", "2025-03-15", Counter(), groups=frozenset({7}))
    assert linker._best(plain, vec) is None
    assert linker._quoting(quoted) == {1}
    assert QUOTE_BONUS > 0 and linker._best(quoted, vec) == 1
    store.close()
