"""Stories: articles about one event grouped as they arrive."""

from __future__ import annotations

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
