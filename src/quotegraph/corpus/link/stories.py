"""Stories: articles about the same event, grouped incrementally as they are ingested.

Each article becomes a unit vector of its most distinctive features: words weighted by TF-IDF and its
linked entities (shared people and organisations count more than shared words). A story keeps the sum of
its articles' vectors, truncated to its strongest features, in an indexed table; a new article is scored
against only the stories that share one of its features (an inverted index), and joins the most similar
one when the cosine clears a threshold and the dates are close. Otherwise it starts a story of its own.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date
from importlib.resources import files

from quotegraph.config import MAX_STORIES_PER_FEATURE, STORY_THRESHOLD, STORY_THRESHOLD_UNDATED
from quotegraph.corpus.link.text import fold

DOC_FEATURES = 40
STORY_FEATURES = 60
WINDOW_DAYS = 7
ENTITY_BOOST = 1.5
LONG_WINDOW_DAYS = 28  # follow-ups and reports weeks later, when the evidence is strong
GAP_PENALTY = 0.01  # cosine needed per day past WINDOW_DAYS
ENTITY_CREDIT = 0.04  # cosine forgiven per shared named entity past the first
ENTITY_CREDIT_MAX = 3
GROUP_FLOOR = 0.1  # a shared statement group joins unless the articles share almost nothing else
GROUP_BONUS = 0.2
BRIDGE_MARGIN = 0.05
CONTAIN_TOP = 12  # a story's leading features, which an article covering it holds
COVER_ENTITIES = 2
COVER_SHARE = 0.75
BRIDGE_KINSHIP = STORY_THRESHOLD  # halves that would have joined each other as articles do
_TERM = re.compile(r"[a-z][a-z'-]{2,}")


def stop_words() -> frozenset[str]:
    """English stop words, from the packaged list (spaCy's), without importing spaCy."""
    text = files("quotegraph").joinpath("data/stopwords-en.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))


_STOP = frozenset(fold(w) for w in stop_words()) | {"said", "says", "told", "according", "would", "also"}


@dataclass
class StoryDoc:
    document: int
    text: str
    date: str | None
    entities: Counter[int]  # corpus entity id -> mention count (named entities only)
    tf: Counter[str] | None = None  # terms(text), when the caller has counted them (the Dask linker)

    def term_counts(self) -> Counter[str]:
        """The article's terms, counted once for its vector and its containment."""
        if self.tf is None:
            self.tf = terms(self.text)
        return self.tf


def terms(text: str) -> Counter[str]:
    return Counter(t.strip("'-") for t in _TERM.findall(fold(text)) if t.strip("'-") not in _STOP)


def unit_vector(
    tf: Counter[str], df: dict[str, int], entities: Counter[int], edf: dict[int, int], n_docs: int
) -> dict[str, float]:
    """An article's TF-IDF weights over terms and linked entities (``e:ID``), cut to its strongest
    DOC_FEATURES and scaled to unit length; ``df`` and ``edf`` count the articles holding each."""
    weights: dict[str, float] = {}
    for t, c in tf.items():
        weights[t] = (1 + math.log(c)) * (math.log((n_docs + 1) / (df.get(t, 1) + 1)) + 1)
    for e, c in entities.items():
        idf = math.log((n_docs + 1) / (edf.get(e, 1) + 1)) + 1
        weights[f"e:{e}"] = ENTITY_BOOST * (1 + math.log(c)) * idf
    top = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:DOC_FEATURES]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {f: w / norm for f, w in top}


@dataclass
class Evidence:
    """Why an article might belong to a story. A statement group spanning both is the strongest tie (the
    same words reported twice); several shared named entities lower the cosine needed, since one shared
    person or place is common across events but two or three rarely are; the further apart in days, the
    more evidence is needed."""

    story: int
    cosine: float
    groups: int
    entities: int
    gap: int | None
    contained: float = 0.0  # share of the story's leading features the article holds (see containment)

    def threshold(self) -> float:
        base = STORY_THRESHOLD if self.gap is not None else STORY_THRESHOLD_UNDATED
        base -= ENTITY_CREDIT * min(max(self.entities - 1, 0), ENTITY_CREDIT_MAX)
        if self.gap is not None and self.gap > WINDOW_DAYS:
            base += GAP_PENALTY * (self.gap - WINDOW_DAYS)
        return base

    def joins(self) -> bool:
        if self.gap is not None and self.gap > LONG_WINDOW_DAYS:
            return False
        if self.groups and self.cosine >= GROUP_FLOOR:
            return True
        if self.covers():
            return True
        return self.cosine >= self.threshold()

    def covers(self) -> bool:
        """A side story of an event (riders stranded by a strike) shares few of its own words with the
        reports, but holds what the story is about: most of the story's leading features, two or more of
        its named entities, within days."""
        close = self.gap is not None and self.gap <= WINDOW_DAYS
        return close and self.entities >= COVER_ENTITIES and self.contained >= COVER_SHARE

    def bridges(self) -> bool:
        """Strong enough to merge this story with another the article also joins: close in time and past
        the bar by a margin, or sharing a statement group."""
        close = self.gap is not None and self.gap <= WINDOW_DAYS
        return close and (self.groups > 0 or self.cosine >= self.threshold() + BRIDGE_MARGIN)

    def score(self) -> float:
        return self.cosine - self.threshold() + GROUP_BONUS * self.groups


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return abs((Date.fromisoformat(a[:10]) - Date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def _gap(day: str | None, first: str | None, last: str | None) -> int | None:
    """Days between a date and a story's date range; None when either is unknown."""
    if day and first and last and first[:10] <= day[:10] <= last[:10]:
        return 0
    known = [d for d in (_days(day, first), _days(day, last)) if d is not None]
    return min(known) if known else None


class StoryLinker:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.touched: set[int] = set()
        self._counted: tuple[int, int] | None = None  # (documents stored, highest document id) when counted

    def forget(self) -> None:
        """Count the documents afresh next time: the caller rolled back rows this linker has counted."""
        self._counted = None

    def document_count(self) -> int:
        """How many documents are stored. ``count(*)`` reads a whole index (4.2 ms cold, 0.1 ms warm at
        100k documents in the generated store), once per article, so the count is taken once a batch and
        then advanced by the rows stored past the highest id seen, an index range; documents are only ever
        appended."""
        conn = self.conn
        if self._counted is None:
            n, top = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM documents").fetchone()
        else:
            n, top = self._counted
            new, new_top = conn.execute(
                "SELECT count(*), coalesce(max(id), ?) FROM documents WHERE id > ?", (top, top)
            ).fetchone()
            n, top = n + new, new_top
        self._counted = (n, top)
        return n

    def vector(self, doc: StoryDoc) -> dict[str, float]:
        """The article's unit vector over its strongest features; also counts its terms into the DF table."""
        conn = self.conn
        n_docs = self.document_count() + 1
        tf = doc.term_counts()
        conn.executemany(
            "INSERT INTO terms (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(t,) for t in tf],
        )
        df: dict[str, int] = {}
        if tf:
            marks = ",".join("?" * len(tf))
            df = dict(
                conn.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", list(tf)).fetchall()
            )
        edf: dict[int, int] = {}
        if doc.entities:
            marks = ",".join("?" * len(doc.entities))
            edf = dict(
                conn.execute(f"SELECT id, documents FROM entities WHERE id IN ({marks})", list(doc.entities))
            )
        return unit_vector(tf, df, doc.entities, edf, n_docs)

    def assign(self, doc: StoryDoc) -> int:
        vec = self.vector(doc)
        joined = sorted((ev for ev in self.evidence(doc, vec) if ev.joins()), key=lambda ev: -ev.score())
        if joined:
            story = joined[0].story
        else:
            cur = self.conn.execute(
                "INSERT INTO stories (first_date, last_date) VALUES (?, ?)", (doc.date, doc.date)
            )
            story = int(cur.lastrowid or 0)
        self._add(story, vec)
        self._widen(story, doc.date, doc.date)
        self.conn.execute("UPDATE documents SET story = ? WHERE id = ?", (story, doc.document))
        self.touched.add(story)
        for ev in joined[1:]:
            if ev.bridges() and (ev.groups or self.kinship(ev.story, story) >= BRIDGE_KINSHIP):
                self._merge(ev.story, story)
        return story

    def kinship(self, a: int, b: int) -> float:
        """Cosine between two stories' vectors: halves of one event share much of their wording and people;
        two events an article happens to mention together (a strike leader endorsing a candidate) do not."""
        rows = self.conn.execute(
            "SELECT sum(x.weight * y.weight) FROM story_features x JOIN story_features y "
            "ON y.feature = x.feature AND y.story = ? WHERE x.story = ?",
            (b, a),
        ).fetchone()
        norms = dict(self.conn.execute("SELECT id, norm FROM stories WHERE id IN (?, ?)", (a, b)))
        denom = norms.get(a, 0.0) * norms.get(b, 0.0)
        return (rows[0] or 0.0) / denom if denom else 0.0

    def _merge(self, other: int, story: int) -> None:
        """An article that clearly belongs to two stories shows they are one event told in two halves (they
        started apart because the first articles shared too little): fold the other into this one."""
        conn = self.conn
        conn.execute("UPDATE documents SET story = ? WHERE story = ?", (story, other))
        self._add(
            story, dict(conn.execute("SELECT feature, weight FROM story_features WHERE story = ?", (other,)))
        )
        first, last = conn.execute(
            "SELECT first_date, last_date FROM stories WHERE id = ?", (other,)
        ).fetchone()
        self._widen(story, first, last)
        conn.execute("DELETE FROM story_features WHERE story = ?", (other,))
        conn.execute("DELETE FROM stories WHERE id = ?", (other,))
        self.touched.discard(other)

    def _widen(self, story: int, first: str | None, last: str | None) -> None:
        """Stretch the story's date range over an article or story joining it now, not at the batch's end:
        the next article's gap in days is measured against every article already in the story."""
        self.conn.execute(
            "UPDATE stories SET "
            "first_date = CASE WHEN first_date IS NULL OR :f < first_date THEN coalesce(:f, first_date) "
            "ELSE first_date END, "
            "last_date = CASE WHEN last_date IS NULL OR :l > last_date THEN coalesce(:l, last_date) "
            "ELSE last_date END WHERE id = :s",
            {"f": first, "l": last, "s": story},
        )

    def evidence(self, doc: StoryDoc, vec: dict[str, float]) -> list[Evidence]:
        """What ties the article to each candidate story: feature cosine, shared statement groups, shared
        named entities and the gap in days. Candidates are the stories sharing a feature or a group."""
        dots: Counter[int] = Counter()
        for feature, w in vec.items():
            for story, sw in self.conn.execute(
                "SELECT story, weight FROM story_features WHERE feature = ? ORDER BY story DESC LIMIT ?",
                (feature, MAX_STORIES_PER_FEATURE),
            ):
                dots[story] += w * sw
        groups: Counter[int] = Counter(
            dict(
                self.conn.execute(
                    """
                    SELECT d.story, count(DISTINCT o.group_id) FROM statements s
                    JOIN statements o ON o.group_id = s.group_id AND o.document != s.document
                    JOIN documents d ON d.id = o.document
                    WHERE s.document = ? AND s.group_id IS NOT NULL AND d.story IS NOT NULL
                    GROUP BY d.story
                    """,
                    (doc.document,),
                ).fetchall()
            )
        )
        candidates = [s for s, _ in dots.most_common(20)] + [s for s in groups if s not in dots]
        present = set(doc.term_counts()) | {f"e:{e}" for e in doc.entities}
        out: list[Evidence] = []
        for story in candidates:
            norm, first, last = self.conn.execute(
                "SELECT norm, first_date, last_date FROM stories WHERE id = ?", (story,)
            ).fetchone()
            out.append(
                Evidence(
                    story=story,
                    cosine=dots[story] / norm if norm else 0.0,
                    groups=groups[story],
                    entities=self._shared_entities(story, doc),
                    gap=_gap(doc.date, first, last),
                    contained=self.containment(story, present),
                )
            )
        return out

    def containment(self, story: int, present: set[str]) -> float:
        """The weight share of the story's CONTAIN_TOP leading features that the article holds at all
        (in its whole text, not only its own leading features)."""
        top = self.conn.execute(
            "SELECT feature, weight FROM story_features WHERE story = ? ORDER BY weight DESC LIMIT ?",
            (story, CONTAIN_TOP),
        ).fetchall()
        total = sum(w for _, w in top)
        return sum(w for f, w in top if f in present) / total if total else 0.0

    def _shared_entities(self, story: int, doc: StoryDoc) -> int:
        """How many of the article's named entities the story's articles mention."""
        if not doc.entities:
            return 0
        marks = ",".join("?" * len(doc.entities))
        return int(
            self.conn.execute(
                f"""
                SELECT count(*) FROM story_entities WHERE story = ? AND entity IN ({marks})
                """,
                [story, *doc.entities],
            ).fetchone()[0]
        )

    def _add(self, story: int, vec: dict[str, float]) -> None:
        conn = self.conn
        current = dict(conn.execute("SELECT feature, weight FROM story_features WHERE story = ?", (story,)))
        for f, w in vec.items():
            current[f] = current.get(f, 0.0) + w
        top = sorted(current.items(), key=lambda kv: kv[1], reverse=True)[:STORY_FEATURES]
        conn.execute("DELETE FROM story_features WHERE story = ?", (story,))
        conn.executemany(
            "INSERT INTO story_features (feature, story, weight) VALUES (?, ?, ?)",
            [(f, story, w) for f, w in top],
        )
        conn.execute(
            "UPDATE stories SET norm = ? WHERE id = ?", (math.sqrt(sum(w * w for _, w in top)), story)
        )

    def refresh(self) -> None:
        if self.touched:
            refresh_stories(self.conn, self.touched)
            self.touched.clear()


def refresh_stories(conn: sqlite3.Connection, stories: set[int]) -> None:
    """Counts, dates and label of the given stories: the earliest headline, which a reader recognises, or
    its key entities and words when no article has one. The count of shown statements is kept by the
    store's triggers (schema v11)."""
    for story in stories:
        conn.execute(
            """
            UPDATE stories SET
              documents = (SELECT count(*) FROM documents WHERE story = :s),
              first_date = (SELECT min(date) FROM documents WHERE story = :s),
              last_date = (SELECT max(date) FROM documents WHERE story = :s)
            WHERE id = :s
            """,
            {"s": story},
        )
        # the earliest dated titled article, else the first undated one: each a walk of the (story, date)
        # index from its start (whose entries end in the id), not a sort of every article of the story
        headline = (
            conn.execute(
                "SELECT title FROM documents WHERE story = ? AND date IS NOT NULL AND trim(coalesce(title, '')) != '' "
                "ORDER BY date, id LIMIT 1",
                (story,),
            ).fetchone()
            or conn.execute(
                "SELECT title FROM documents WHERE story = ? AND date IS NULL AND trim(coalesce(title, '')) != '' "
                "ORDER BY id LIMIT 1",
                (story,),
            ).fetchone()
        )
        if headline:
            conn.execute("UPDATE stories SET label = ? WHERE id = ?", (headline[0].strip(), story))
            continue
        feats = conn.execute(
            "SELECT feature FROM story_features WHERE story = ? ORDER BY weight DESC", (story,)
        ).fetchall()
        ent_ids = [int(f[2:]) for (f,) in feats if f.startswith("e:")][:3]
        names: list[str] = []
        for e in ent_ids:
            row = conn.execute(
                "SELECT coalesce(t.name, e.name) FROM entities e LEFT JOIN entities t ON t.id = e.merged_into "
                "WHERE e.id = ?",
                (e,),
            ).fetchone()
            if row and row[0] not in names:
                names.append(row[0])
        folded = {fold(n) for n in names}
        words = [f for (f,) in feats if not f.startswith("e:") and not any(f in n for n in folded)][:3]
        conn.execute("UPDATE stories SET label = ? WHERE id = ?", ("; ".join(names + words), story))
