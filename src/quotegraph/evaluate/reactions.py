"""Reaction linking against a hand-written gold set (the layout of tests/gold/reactions/README.md).

The articles are ingested into a temporary store with the ordinary ingest, so what is measured is what a
user's store holds; gold places are substrings of the article texts, found again in the stored texts.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.corpus.link.text import normalize
from quotegraph.errors import InputError
from quotegraph.evaluate.goldset import load_set, score_ingested


@dataclass
class ReactionScore:
    gold: int = 0
    predicted: int = 0
    correct_predictions: int = 0
    matched_gold: int = 0
    stance_correct: int = 0
    decoys_linked: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def stance_accuracy(self) -> float:
        return self.stance_correct / self.matched_gold if self.matched_gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "stance_accuracy": round(self.stance_accuracy, 3),
            "decoys_linked": self.decoys_linked,
        }


def load_gold(path: str | Path) -> tuple[Path, dict[str, Any]]:
    """The articles file and the gold of a reactions set folder."""
    articles, data = load_set(path, "tests/gold/reactions/README.md")
    return articles, data


def evaluate_reactions(path: str | Path, model: str | None = None) -> ReactionScore:
    """Ingest the set into a temporary store and score the reactions linked there."""
    articles, gold = load_gold(path)
    return score_ingested(articles, lambda conn: score_store(conn, gold), "qg-reactions-", model)


def _place(texts: dict[str, tuple[int, str]], place: dict[str, str]) -> tuple[int, int, int]:
    document, text = texts[place["article"]]
    start = text.find(place["quote"])
    if start < 0:
        raise InputError(f"gold quote not found in {place['article']}: {place['quote']!r}")
    return document, start, start + len(place["quote"])


def score_store(conn: sqlite3.Connection, gold: dict[str, Any]) -> ReactionScore:
    """Score the reactions of a store holding the gold set's articles (matched by source = article id)."""
    texts = {src: (doc, text) for doc, src, text in conn.execute("SELECT id, source, text FROM documents")}
    spans = {
        sid: (doc, start, end, text)
        for sid, doc, start, end, text in conn.execute(
            "SELECT id, document, start, end, text FROM statements"
        )
    }
    names = {
        eid: normalize(name)
        for eid, name in conn.execute(
            "SELECT id, coalesce((SELECT name FROM entities t WHERE t.id = e.merged_into), name) FROM entities e"
        )
    }

    def overlaps(statement: int | None, places: list[tuple[int, int, int]]) -> bool:
        if statement is None or statement not in spans:
            return False
        doc, start, end, _ = spans[statement]
        return any(doc == d and start < e and s < end for d, s, e in places)

    reactions = gold["reactions"]
    located = [
        (
            [_place(texts, p) for p in g["response"]],
            [_place(texts, p) for p in g["targets"]],
            normalize(g["speaker"]) if g.get("speaker") else None,
            g["stance"],
        )
        for g in reactions
    ]
    decoys = [_place(texts, d["statement"]) for d in gold.get("decoys", [])]
    predicted = conn.execute(
        "SELECT statement, target_statement, target_entity, stance, cue_text FROM reactions ORDER BY id"
    ).fetchall()
    out = ReactionScore(gold=len(reactions), predicted=len(predicted))
    matched: dict[int, Counter[str]] = {}
    for statement, target_statement, target_entity, stance, cue in predicted:
        hit = None
        for i, (responses, targets, speaker, _) in enumerate(located):
            if not overlaps(statement, responses):
                continue
            by_statement = target_statement is not None and overlaps(target_statement, targets)
            by_speaker = target_statement is None and bool(speaker) and names.get(target_entity) == speaker
            if by_statement or by_speaker:
                hit = i
                break
        if overlaps(statement, decoys):
            out.decoys_linked += 1
        if hit is None:
            out.errors.append(
                {
                    "response": spans[statement][3],
                    "target": spans[target_statement][3] if target_statement in spans else None,
                    "target_entity": names.get(target_entity),
                    "cue": cue,
                }
            )
            continue
        out.correct_predictions += 1
        matched.setdefault(hit, Counter())[stance] += 1
    out.matched_gold = len(matched)
    for i, stances in matched.items():
        if stances.most_common(1)[0][0] == located[i][3]:
            out.stance_correct += 1
    out.misses = [reactions[i] for i in range(len(reactions)) if i not in matched]
    return out


def format_reactions(score: ReactionScore, details: bool = False) -> str:
    lines = [
        f"reactions: {score.gold} gold, {score.predicted} linked",
        f"  link precision {score.precision:.3f}  recall {score.recall:.3f}",
        f"  stance accuracy {score.stance_accuracy:.3f} (of {score.matched_gold} matched)",
        f"  decoys linked {score.decoys_linked}",
    ]
    if details:
        for e in score.errors:
            target = e["target"] or e["target_entity"]
            lines.append(f"  wrong  [{e['cue']}] {e['response'][:60]!r} -> {str(target)[:60]!r}")
        for m in score.misses:
            lines.append(f"  missed [{m['cue']['quote']}] {m['response'][0]['quote'][:60]!r}")
    return "\n".join(lines)
