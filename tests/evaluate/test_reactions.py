"""The reactions gold set is well formed, its scorer counts right, and the linker stays above the floors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotegraph.corpus.store import Store
from quotegraph.evaluate.reactions import evaluate_reactions, format_reactions, load_gold, score_store

GOLD = Path(__file__).resolve().parents[1] / "gold" / "reactions"
HOLDOUT = Path(__file__).resolve().parents[1] / "gold" / "reactions_holdout"
HOLDOUT2 = Path(__file__).resolve().parents[1] / "gold" / "reactions_holdout2"
HOLDOUT3 = Path(__file__).resolve().parents[1] / "gold" / "reactions_holdout3"
FLOORS = Path(__file__).resolve().parents[1] / "gate" / "reactions_floors.json"


def test_every_gold_place_occurs_exactly_once_in_its_article() -> None:
    articles, gold = load_gold(GOLD)
    texts = {r["id"]: r["text"] for r in map(json.loads, articles.read_text(encoding="utf-8").splitlines())}
    assert len(texts) >= 25
    assert len(gold["reactions"]) >= 30 and gold["decoys"]
    places = [p for g in gold["reactions"] for p in g["response"] + g["targets"] + [g["cue"]]]
    places += [d["statement"] for d in gold["decoys"]]
    for p in places:
        assert texts[p["article"]].count(p["quote"]) == 1, p
    assert {g["stance"] for g in gold["reactions"]} <= {"rejects", "supports", "other"}


@pytest.mark.parametrize(
    ("folder", "least"), [(HOLDOUT, (8, 10, 4)), (HOLDOUT2, (10, 20, 8)), (HOLDOUT3, (10, 20, 10))]
)
def test_the_held_back_sets_are_well_formed(folder: Path, least: tuple[int, int, int]) -> None:
    """A held-back set is only measured (its README), so the test checks its form, never a figure."""
    articles, gold = load_gold(folder)
    texts = {r["id"]: r["text"] for r in map(json.loads, articles.read_text(encoding="utf-8").splitlines())}
    assert len(texts) >= least[0] and len(gold["reactions"]) >= least[1] and len(gold["decoys"]) >= least[2]
    places = [p for g in gold["reactions"] for p in g["response"] + g["targets"] + [g["cue"]]]
    places += [d["statement"] for d in gold["decoys"]]
    for p in places:
        assert texts[p["article"]].count(p["quote"]) == 1, p
    assert {g["stance"] for g in gold["reactions"]} <= {"rejects", "supports", "other"}


def _store(tmp_path: Path) -> sqlite3.Connection:
    """A store with two articles, two statements each, written by SQL: the scorer needs no model."""
    db = tmp_path / "s.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    rows = [
        (1, "a", "Anna Berg said the plan was wrong. Carl Dane said it was right."),
        (2, "b", "Dane hit back at Berg."),
    ]
    for doc, source, text in rows:
        conn.execute(
            "INSERT INTO documents (id, doc_id, source, text, extractor_version, ingested_at) "
            "VALUES (?, ?, ?, ?, 't', 'now')",
            (doc, source, source, text),
        )
    conn.execute(
        "INSERT INTO entities (id, name, type, named, norm) VALUES (1, 'Anna Berg', 'PERSON', 1, 'x')"
    )
    conn.execute(
        "INSERT INTO entities (id, name, type, named, norm) VALUES (2, 'Carl Dane', 'PERSON', 1, 'y')"
    )
    for sid, doc, start, end, speaker in ((1, 1, 20, 33, 1), (2, 1, 49, 61, 2), (3, 2, 0, 21, 2)):
        conn.execute(
            "INSERT INTO statements (id, document, local_id, kind, text, start, end, speaker, "
            "extractor_version, text_hash) VALUES (?, ?, ?, 'indirect', 'x', ?, ?, ?, 't', 0)",
            (sid, doc, f"S{sid}", start, end, speaker),
        )
    return conn


def test_scorer_counts_matches_misses_and_decoys(tmp_path: Path) -> None:
    conn = _store(tmp_path)
    gold = {
        "reactions": [
            {
                "response": [{"article": "a", "quote": "it was right"}],
                "cue": {"article": "a", "quote": "said"},
                "stance": "rejects",
                "targets": [{"article": "a", "quote": "the plan was wrong"}],
                "speaker": "Anna Berg",
            },
            {
                "response": [{"article": "b", "quote": "Dane hit back"}],
                "cue": {"article": "b", "quote": "hit back at"},
                "stance": "rejects",
                "targets": [],
                "speaker": "Anna Berg",
            },
        ],
        "decoys": [{"statement": {"article": "a", "quote": "the plan was wrong"}, "why": "first"}],
    }
    insert = (
        "INSERT INTO reactions (statement, document, target_statement, target_entity, cue_text, cue_start, "
        "cue_end, stance, confidence) VALUES (?, ?, ?, ?, 'c', 0, 1, ?, 1)"
    )
    conn.execute(insert, (2, 1, 1, 1, "supports"))  # right link, wrong stance
    conn.execute(insert, (3, 2, None, 1, "rejects"))  # right link by speaker alone
    conn.execute(insert, (1, 1, 2, 2, "rejects"))  # a decoy answering: wrong
    score = score_store(conn, gold)
    assert (score.predicted, score.correct_predictions, score.matched_gold) == (3, 2, 2)
    assert score.precision == pytest.approx(2 / 3) and score.recall == 1.0
    assert score.stance_accuracy == 0.5 and score.decoys_linked == 1
    assert "link precision 0.667" in format_reactions(score)


@pytest.mark.model
@pytest.mark.gate
def test_reaction_linking_stays_above_the_floors() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    score = evaluate_reactions(GOLD)
    report = format_reactions(score, details=True)
    assert score.precision >= floors["precision"], report
    assert score.recall >= floors["recall"], report
    assert score.stance_accuracy >= floors["stance_accuracy"], report
    assert score.decoys_linked <= floors["max_decoys_linked"], report
