"""The stories gold set is well formed, its scorer counts right, and the linker stays above the floors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotegraph.corpus.store import Store
from quotegraph.evaluate.stories import evaluate_stories, format_stories, load_gold, score_store

GOLD = Path(__file__).resolve().parents[1] / "gold" / "stories"
FLOORS = Path(__file__).resolve().parents[1] / "gate" / "stories_floors.json"


def test_the_gold_set_is_well_formed() -> None:
    articles, gold = load_gold(GOLD)
    rows = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
    texts = {r["id"]: r["text"] for r in rows}
    assert len(texts) >= 30 and len(set(gold["stories"].values())) >= 8
    assert len({r["publisher"] for r in rows}) >= 3
    days = sorted(r["published"] for r in rows)
    assert (int(days[-1][8:]) - int(days[0][8:])) >= 21
    assert set(gold["stories"]) == set(texts) == set(gold["speakers"])
    for a, people in gold["speakers"].items():
        for p in people:
            assert all(f in texts[a] for f in p["forms"]), (a, p)
    for g in gold["statement_groups"]:
        assert len({p["article"] for p in g["places"]}) >= 2
        for p in g["places"]:
            assert texts[p["article"]].count(p["quote"]) == 1, p


def _store(tmp_path: Path) -> sqlite3.Connection:
    """Three articles in two stories, written by SQL: the scorer needs no model."""
    db = tmp_path / "s.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO stories (id, label) VALUES (1, 'one'), (2, 'two')")
    rows = [
        (1, "a-1", 1, "Anna Berg said: the plan is wrong."),
        (2, "a-2", 2, "Berg repeated: the plan is wrong."),
    ]
    rows.append((3, "b-1", 2, "Ben Berg said the dam was safe."))
    for doc, source, story, text in rows:
        conn.execute(
            "INSERT INTO documents (id, doc_id, source, text, extractor_version, ingested_at, story) "
            "VALUES (?, ?, ?, ?, 't', 'now', ?)",
            (doc, source, source, text, story),
        )
    for eid, name in ((1, "Anna Berg"), (2, "Ben Berg")):
        conn.execute(
            "INSERT INTO entities (id, name, type, named, norm) VALUES (?, ?, 'PERSON', 1, ?)",
            (eid, name, name),
        )
    # the store merged both Bergs in articles 2 and 3 into Anna: one right merge, one wrong
    for mid, doc, entity, name, aliases in ((1, 1, 1, "Anna Berg", "[]"), (2, 2, 1, "Anna Berg", '["Berg"]')):
        conn.execute(
            "INSERT INTO mentions (id, document, local_id, entity, name, type, aliases) "
            "VALUES (?, ?, ?, ?, ?, 'PERSON', ?)",
            (mid, doc, f"E{mid}", entity, name, aliases),
        )
    conn.execute(
        "INSERT INTO mentions (id, document, local_id, entity, name, type) VALUES (3, 3, 'E3', 1, 'Ben Berg', 'PERSON')"
    )
    conn.execute("INSERT INTO statement_groups (id, text) VALUES (5, 'x'), (6, 'y')")
    for sid, doc, start, end, grp in ((1, 1, 16, 33, 5), (2, 2, 15, 32, 6), (3, 3, 16, 30, 6)):
        conn.execute(
            "INSERT INTO statements (id, document, local_id, kind, text, start, end, extractor_version, "
            "text_hash, group_id) VALUES (?, ?, ?, 'direct', 'x', ?, ?, 't', 0, ?)",
            (sid, doc, f"S{sid}", start, end, grp),
        )
    return conn


def test_scorer_counts_pairs_merges_and_groups(tmp_path: Path) -> None:
    conn = _store(tmp_path)
    gold = {
        "stories": {"a-1": "a", "a-2": "a", "b-1": "b"},
        "speakers": {
            "a-1": [{"person": "anna", "forms": ["Anna Berg"]}],
            "a-2": [{"person": "anna", "forms": ["Berg"]}],
            "b-1": [{"person": "ben", "forms": ["Ben Berg"]}],
        },
        "statement_groups": [
            {
                "speaker": "anna",
                "places": [{"article": "a-1", "quote": "the plan"}, {"article": "a-2", "quote": "the plan"}],
            }
        ],
    }
    score = score_store(conn, gold)
    # stories: gold pair (a-1, a-2) split; predicted pair (a-2, b-1) wrong
    assert (score.story.predicted, score.story.gold, score.story.both) == (1, 1, 0)
    assert score.stories == 2
    # speakers: all three resolve to entity 1: three predicted pairs, one of them the gold pair
    assert (score.speakers.predicted, score.speakers.gold, score.speakers.both) == (3, 1, 1)
    assert score.speakers.precision == pytest.approx(1 / 3) and score.speakers.recall == 1.0
    # the gold group is split (groups 5 and 6), and group 6 spans two articles no gold group explains
    assert (score.groups, score.groups_correct, score.groups_spurious) == (1, 0, 1)
    assert "story pairs" in format_stories(score, details=True)


def test_a_set_without_story_gold_takes_events_from_id_prefixes(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text('{"id": "x-1", "text": "t"}\n{"id": "y-1", "text": "t"}\n')
    (tmp_path / "gold.json").write_text("{}")
    _, gold = load_gold(tmp_path)
    assert gold["stories"] == {"x-1": "x", "y-1": "y"} and gold["speakers"] == {}


@pytest.mark.model
@pytest.mark.gate
def test_stories_stay_above_the_floors() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    score = evaluate_stories(GOLD)
    assert score.story.precision >= floors["story_precision"]
    assert score.story.recall >= floors["story_recall"]
    assert score.speakers.precision >= floors["speaker_precision"]
    assert score.speakers.recall >= floors["speaker_recall"]
    assert score.group_accuracy >= floors["group_accuracy"]
    assert score.groups_spurious <= floors["max_spurious_groups"]
    reactions = evaluate_stories(GOLD.parent / "reactions")
    assert reactions.story.precision >= floors["reactions_story_precision"]
    assert reactions.story.recall >= floors["reactions_story_recall"]
