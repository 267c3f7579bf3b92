"""The stories gold set is well formed, its scorer counts right, and story linking stays above the floors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotegraph.corpus.store import Store
from quotegraph.evaluate.stories import evaluate_stories, format_stories, load_gold, score_store

GOLD = Path(__file__).resolve().parents[1] / "gold" / "stories"
FLOORS = Path(__file__).resolve().parents[1] / "gate" / "stories_floors.json"


def test_every_gold_form_and_quote_occurs_in_its_article() -> None:
    articles, gold = load_gold(GOLD)
    texts = {r["id"]: r["text"] for r in map(json.loads, articles.read_text(encoding="utf-8").splitlines())}
    assert len(texts) >= 30 and set(gold["stories"]) == set(texts)
    assert len(set(gold["stories"].values())) >= 8
    for article, people in gold["speakers"].items():
        for person in people:
            for form in person["forms"]:
                assert form in texts[article], (article, form)
    for group in gold["statement_groups"]:
        assert len({p["article"] for p in group["places"]}) >= 2
        for p in group["places"]:
            assert texts[p["article"]].count(p["quote"]) == 1, p


def _store(tmp_path: Path) -> sqlite3.Connection:
    """Three articles, two stories, two people and one statement group, written by SQL: no model."""
    db = tmp_path / "s.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    rows = [
        (1, "a", 1, "Anna Berg said the dam is safe."),
        (2, "b", 1, "Berg said the dam is safe, again."),
        (3, "c", 2, "Anna Berg opened the fair."),
    ]
    conn.executemany("INSERT INTO stories (id) VALUES (?)", [(1,), (2,)])
    for doc, source, story, text in rows:
        conn.execute(
            "INSERT INTO documents (id, doc_id, source, text, story, extractor_version, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, 't', 'now')",
            (doc, source, source, text, story),
        )
    for eid, name in ((1, "Anna Berg"), (2, "Anna Berg")):  # the fair's Berg is left unmerged
        conn.execute(
            "INSERT INTO entities (id, name, type, named, norm) VALUES (?, ?, 'PERSON', 1, 'x')", (eid, name)
        )
    mentions = [
        (1, "m1", 1, "Anna Berg", "[]"),
        (2, "m1", 1, "Anna Berg", '["Berg"]'),
        (3, "m1", 2, "Anna Berg", "[]"),
    ]
    for doc, local, entity, name, aliases in mentions:
        conn.execute(
            "INSERT INTO mentions (document, local_id, entity, name, type, aliases) VALUES (?, ?, ?, ?, 'PERSON', ?)",
            (doc, local, entity, name, aliases),
        )
    conn.execute("INSERT INTO statement_groups (id, text) VALUES (1, 'the dam is safe')")
    for sid, doc, start, end in ((1, 1, 15, 30), (2, 2, 10, 25)):
        conn.execute(
            "INSERT INTO statements (id, document, local_id, kind, text, start, end, speaker, "
            "extractor_version, text_hash, group_id) VALUES (?, ?, ?, 'indirect', 'x', ?, ?, 1, 't', 0, 1)",
            (sid, doc, f"S{sid}", start, end),
        )
    return conn


def test_scorer_counts_story_pairs_speaker_merges_and_groups(tmp_path: Path) -> None:
    conn = _store(tmp_path)
    gold = {
        "stories": {"a": "dam", "b": "dam", "c": "dam"},
        "speakers": {
            "a": [{"person": "berg", "forms": ["Anna Berg"]}],
            "b": [{"person": "berg", "forms": ["Berg"]}],
            "c": [{"person": "berg", "forms": ["Anna Berg"]}],
        },
        "statement_groups": [
            {
                "speaker": "berg",
                "places": [
                    {"article": "a", "quote": "the dam is safe"},
                    {"article": "b", "quote": "dam is safe"},
                ],
            }
        ],
    }
    score = score_store(conn, gold)
    # one of three same-event pairs is in one story; the one pair in one story is right
    assert score.story.precision == 1.0 and score.story.recall == pytest.approx(1 / 3)
    # a-b resolved to one entity, a-c and b-c not: precision 1, recall 1/3
    assert score.speakers.precision == 1.0 and score.speakers.recall == pytest.approx(1 / 3)
    assert (score.groups_correct, score.groups, score.groups_spurious) == (1, 1, 0)
    assert "story pairs  precision 1.000  recall 0.333" in format_stories(score)
    gold["stories"]["c"] = "fair"
    assert score_store(conn, gold).story.recall == 1.0


@pytest.mark.model
@pytest.mark.gate
def test_story_linking_stays_above_the_floors() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    score = evaluate_stories(GOLD)
    report = format_stories(score, details=True)
    assert score.story.precision >= floors["story_precision"], report
    assert score.story.recall >= floors["story_recall"], report
    assert score.speakers.precision >= floors["speaker_precision"], report
    assert score.speakers.recall >= floors["speaker_recall"], report
    assert score.group_accuracy >= floors["group_accuracy"], report


@pytest.mark.model
@pytest.mark.gate
def test_the_reactions_set_keeps_its_events_together() -> None:
    """Reaction linking works within stories: a split event starves it."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    score = evaluate_stories(GOLD.parent / "reactions")
    report = format_stories(score, details=True)
    assert score.story.precision >= floors["reactions_story_precision"], report
    assert score.story.recall >= floors["reactions_story_recall"], report
