"""Stories, speaker merges and statement groups against a hand-written cross-article gold set (the layout of
tests/gold/stories/README.md).

The articles are ingested into a temporary store with the ordinary ingest, so what is measured is what a
user's store holds. Story and speaker scores are pairwise, so one split or one wrong join costs in proportion
to the articles it touches.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from quotegraph.corpus.link.text import normalize
from quotegraph.errors import InputError
from quotegraph.evaluate.goldset import load_set, score_ingested


@dataclass
class PairScore:
    """Pairwise agreement: pairs joined by the store, pairs joined by the gold, and pairs joined by both."""

    predicted: int = 0
    gold: int = 0
    both: int = 0

    @property
    def precision(self) -> float:
        return self.both / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.both / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "pairs_predicted": self.predicted,
            "pairs_gold": self.gold,
        }


@dataclass
class StoriesScore:
    articles: int = 0
    events: int = 0
    stories: int = 0
    story: PairScore = field(default_factory=PairScore)
    speakers: PairScore = field(default_factory=PairScore)
    speakers_missing: int = 0
    groups: int = 0
    groups_correct: int = 0
    groups_spurious: int = 0
    story_rows: list[dict[str, Any]] = field(default_factory=list)
    speaker_errors: list[dict[str, Any]] = field(default_factory=list)
    group_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def group_accuracy(self) -> float:
        return self.groups_correct / self.groups if self.groups else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "events": self.events,
            "stories": self.stories,
            "story": self.story.to_dict(),
            "speakers": self.speakers.to_dict() | {"missing": self.speakers_missing},
            "statement_groups": {
                "gold": self.groups,
                "accuracy": round(self.group_accuracy, 3),
                "spurious": self.groups_spurious,
            },
        }


def load_gold(path: str | Path) -> tuple[Path, dict[str, Any]]:
    """The articles file and the gold of a stories set folder."""
    articles, data = load_set(path, "tests/gold/stories/README.md")
    if "stories" not in data:
        # A set with no story gold (tests/gold/reactions) names each article's event by its id's prefix.
        ids = [
            json.loads(line)["id"]
            for line in articles.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        data["stories"] = {i: i.split("-")[0] for i in ids}
    data.setdefault("speakers", {})
    data.setdefault("statement_groups", [])
    return articles, data


def evaluate_stories(path: str | Path, model: str | None = None) -> StoriesScore:
    """Ingest the set into a temporary store and score its stories, speakers and statement groups."""
    articles, gold = load_gold(path)
    return score_ingested(articles, lambda conn: score_store(conn, gold), "qg-stories-", model)


def _pairs(labels: dict[Any, Any], truth: dict[Any, Any]) -> PairScore:
    """Pairwise scores of a labelling against the truth over the keys of the truth; a missing label is a
    singleton."""
    out = PairScore()
    for a, b in combinations(sorted(truth, key=str), 2):
        same_gold = truth[a] == truth[b]
        same_pred = a in labels and b in labels and labels[a] == labels[b]
        out.gold += same_gold
        out.predicted += same_pred
        out.both += same_gold and same_pred
    return out


def score_store(conn: sqlite3.Connection, gold: dict[str, Any]) -> StoriesScore:
    """Score a store holding the gold set's articles (matched by source = article id)."""
    docs = {
        src: (doc, story, title, text)
        for doc, src, story, title, text in conn.execute(
            "SELECT id, source, story, title, text FROM documents"
        )
    }
    missing = [a for a in gold["stories"] if a not in docs]
    if missing:
        raise InputError(f"gold articles not in the store: {', '.join(missing[:5])}")
    out = StoriesScore(articles=len(gold["stories"]), events=len(set(gold["stories"].values())))
    stories = {a: docs[a][1] for a in gold["stories"]}
    out.stories = len({s for s in stories.values()})
    out.story = _pairs({a: s for a, s in stories.items() if s is not None}, gold["stories"])
    labels = dict(conn.execute("SELECT id, label FROM stories"))
    by_story: dict[Any, list[str]] = defaultdict(list)
    for a in sorted(stories, key=lambda a: (str(stories[a]), a)):
        by_story[stories[a]].append(a)
    out.story_rows = [
        {
            "story": s,
            "label": labels.get(s, ""),
            "articles": arts,
            "events": sorted({gold["stories"][a] for a in arts}),
        }
        for s, arts in by_story.items()
    ]
    _score_speakers(conn, gold, docs, out)
    _score_groups(conn, gold, docs, out)
    return out


def _score_speakers(
    conn: sqlite3.Connection, gold: dict[str, Any], docs: dict[str, tuple[Any, ...]], out: StoriesScore
) -> None:
    root = dict(conn.execute("SELECT id, coalesce(merged_into, id) FROM entities"))
    names = dict(conn.execute("SELECT id, name FROM entities"))
    by_doc: dict[int, list[tuple[int, set[str]]]] = defaultdict(list)
    for doc, entity, name, aliases in conn.execute("SELECT document, entity, name, aliases FROM mentions"):
        forms = {normalize(name)} | {normalize(a) for a in json.loads(aliases or "[]")}
        by_doc[doc].append((root.get(entity, entity), forms))
    resolved: dict[tuple[str, str], int] = {}
    truth: dict[tuple[str, str], str] = {}
    for article, people in gold["speakers"].items():
        doc = docs[article][0]
        for person in people:
            key = (article, person["person"])
            truth[key] = person["person"]
            forms = sorted((normalize(f) for f in person["forms"]), key=len, reverse=True)
            found = next((e for f in forms for e, fs in by_doc.get(doc, []) if f in fs), None)
            if found is None:
                out.speakers_missing += 1
                out.speaker_errors.append(
                    {"article": article, "person": person["person"], "error": "not found"}
                )
            else:
                resolved[key] = found
    # pairs inside one article are not merges across articles: leave them out
    score = PairScore()
    for a, b in combinations(sorted(truth), 2):
        if a[0] == b[0]:
            continue
        same_gold = truth[a] == truth[b]
        same_pred = a in resolved and b in resolved and resolved[a] == resolved[b]
        score.gold += same_gold
        score.predicted += same_pred
        score.both += same_gold and same_pred
        if same_pred and not same_gold and len(out.speaker_errors) < 200:
            out.speaker_errors.append(
                {"article": a[0], "person": a[1], "other": f"{b[0]}:{b[1]}", "entity": names.get(resolved[a])}
            )
    out.speakers = score


def _score_groups(
    conn: sqlite3.Connection, gold: dict[str, Any], docs: dict[str, tuple[Any, ...]], out: StoriesScore
) -> None:
    rows = conn.execute("SELECT id, document, start, end, group_id FROM statements").fetchall()
    explained: set[int] = set()
    for g in gold["statement_groups"]:
        out.groups += 1
        seen: list[set[int]] = []
        for place in g["places"]:
            doc, text = docs[place["article"]][0], docs[place["article"]][3]
            start = text.find(place["quote"])
            if start < 0:
                raise InputError(f"gold quote not found in {place['article']}: {place['quote']!r}")
            end = start + len(place["quote"])
            seen.append(
                {grp for _, d, s, e, grp in rows if d == doc and s < end and start < e and grp is not None}
            )
        common = set.intersection(*seen) if seen else set()
        if common:
            out.groups_correct += 1
            explained |= common
        else:
            out.group_errors.append(
                {
                    "speaker": g["speaker"],
                    "quote": g["places"][0]["quote"],
                    "groups": [sorted(s) for s in seen],
                }
            )
    gold_docs = {docs[a][0] for a in gold["stories"]}
    spanning = conn.execute(
        "SELECT group_id FROM statements WHERE group_id IS NOT NULL GROUP BY group_id "
        "HAVING count(DISTINCT document) > 1"
    ).fetchall()
    for (grp,) in spanning:
        members = {d for (d,) in conn.execute("SELECT document FROM statements WHERE group_id = ?", (grp,))}
        if grp not in explained and members <= gold_docs:
            out.groups_spurious += 1
            text = conn.execute("SELECT text FROM statement_groups WHERE id = ?", (grp,)).fetchone()
            out.group_errors.append({"spurious": text[0] if text else "", "documents": len(members)})


def format_stories(score: StoriesScore, details: bool = False) -> str:
    lines = [
        f"stories: {score.articles} articles, {score.events} gold events, {score.stories} stories",
        f"  story pairs  precision {score.story.precision:.3f}  recall {score.story.recall:.3f}",
    ]
    if score.speakers.gold or score.speakers_missing:
        lines.append(
            f"  speaker merges  precision {score.speakers.precision:.3f}  recall {score.speakers.recall:.3f}"
            f"  ({score.speakers_missing} gold speakers not found)"
        )
    if score.groups:
        lines.append(
            f"  statement groups  accuracy {score.group_accuracy:.3f} ({score.groups_correct}/{score.groups})"
            f"  spurious {score.groups_spurious}"
        )
    if details:
        for row in score.story_rows:
            lines.append(
                f"  story {row['story']} [{', '.join(row['events'])}] {row['label'][:60]!r}: {' '.join(row['articles'])}"
            )
        for e in score.speaker_errors:
            lines.append(f"  speaker {e}")
        for e in score.group_errors:
            lines.append(f"  group {e}")
    return "\n".join(lines)
