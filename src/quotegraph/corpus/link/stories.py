"""Stories: articles about the same event, grouped incrementally as they are ingested.

Each article becomes a unit vector of its most distinctive features: words weighted by TF-IDF (headline
words count more, a headline says what the event is) and its linked entities (shared people and
organisations count more than shared words). A story keeps the sum of its articles' vectors, truncated to
its strongest features, in an indexed table; a new article is scored against only the stories that share
one of its features (an inverted index) or one of its quotes (a statement group reaching into the story),
and joins the best one when the evidence clears a threshold that rises with the days between the article and
the story: a follow-up the next day needs less than a report two weeks later. A quote the story already
reported is strong evidence that the article is on the same event, so it lowers the bar; it does not join
articles that share nothing else, since a famous line is quoted again on other events. Otherwise the article
starts a story of its own.
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
WINDOW_DAYS = 7  # within this many days of a story, the plain threshold applies
LATE_DAYS = 21  # beyond this, an article never joins the story
LATE_PENALTY = 0.15  # added to the threshold at LATE_DAYS, linearly from WINDOW_DAYS
ENTITY_BOOST = 1.5
TITLE_BOOST = 2  # a headline word counts as this many extra mentions
QUOTE_BONUS = 0.2  # added to the cosine of a story that already reports one of the article's quotes
QUOTE_FLOOR = 0.05  # below this cosine, a shared quote alone does not join
CANDIDATES = 20
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
    title: str = ""
    groups: frozenset[int] = frozenset()  # statement groups of its statements


def threshold(gap: int | None) -> float:
    """The score an article needs to join a story `gap` days from it (None: either is undated)."""
    if gap is None:
        return STORY_THRESHOLD_UNDATED
    late = max(0, gap - WINDOW_DAYS) / (LATE_DAYS - WINDOW_DAYS)
    return STORY_THRESHOLD + LATE_PENALTY * late


def terms(text: str) -> Counter[str]:
    return Counter(t.strip("'-") for t in _TERM.findall(fold(text)) if t.strip("'-") not in _STOP)


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

    def vector(self, doc: StoryDoc) -> dict[str, float]:
        """The article's unit vector over its strongest features; also counts its terms into the DF table."""
        conn = self.conn
        n_docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0] + 1
        tf = terms(doc.text)
        title = terms(doc.title)
        for t in title:
            tf[t] += TITLE_BOOST
        conn.executemany(
            "INSERT INTO terms (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(t,) for t in tf],
        )
        weights: dict[str, float] = {}
        if tf:
            marks = ",".join("?" * len(tf))
            df = dict(
                conn.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", list(tf)).fetchall()
            )
            for t, c in tf.items():
                weights[t] = (1 + math.log(c)) * (math.log((n_docs + 1) / (df.get(t, 1) + 1)) + 1)
        if doc.entities:
            marks = ",".join("?" * len(doc.entities))
            edf = dict(
                conn.execute(f"SELECT id, documents FROM entities WHERE id IN ({marks})", list(doc.entities))
            )
            for e, c in doc.entities.items():
                idf = math.log((n_docs + 1) / (edf.get(e, 1) + 1)) + 1
                weights[f"e:{e}"] = ENTITY_BOOST * (1 + math.log(c)) * idf
        top = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:DOC_FEATURES]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {f: w / norm for f, w in top}

    def assign(self, doc: StoryDoc) -> int:
        vec = self.vector(doc)
        story = self._best(doc, vec)
        if story is None:
            cur = self.conn.execute(
                "INSERT INTO stories (first_date, last_date) VALUES (?, ?)", (doc.date, doc.date)
            )
            story = int(cur.lastrowid or 0)
        self._add(story, vec)
        if doc.date:  # at once, so that the next article of the batch sees the story's range
            self.conn.execute(
                "UPDATE stories SET first_date = min(coalesce(first_date, :d), :d), "
                "last_date = max(coalesce(last_date, :d), :d) WHERE id = :s",
                {"d": doc.date, "s": story},
            )
        self.conn.execute("UPDATE documents SET story = ? WHERE id = ?", (story, doc.document))
        self.touched.add(story)
        return story

    def _best(self, doc: StoryDoc, vec: dict[str, float]) -> int | None:
        dots: Counter[int] = Counter()
        for feature, w in vec.items():
            for story, sw in self.conn.execute(
                "SELECT story, weight FROM story_features WHERE feature = ? ORDER BY story DESC LIMIT ?",
                (feature, MAX_STORIES_PER_FEATURE),
            ):
                dots[story] += w * sw
        quoted = self._quoting(doc)
        candidates = [s for s, _ in dots.most_common(CANDIDATES)]
        candidates += [s for s in quoted if s not in candidates]
        best: tuple[float, int] | None = None
        for story in candidates:
            row = self.conn.execute(
                "SELECT norm, first_date, last_date FROM stories WHERE id = ?", (story,)
            ).fetchone()
            if row is None:
                continue
            norm, first, last = row
            cosine = dots[story] / norm if norm else 0.0
            gap = _gap(doc.date, first, last)
            if gap is not None and gap > LATE_DAYS:
                continue
            score = cosine
            if story in quoted and cosine >= QUOTE_FLOOR:
                score += QUOTE_BONUS
            if score >= threshold(gap) and (best is None or score > best[0]):
                best = (score, story)
        return best[1] if best else None

    def _quoting(self, doc: StoryDoc) -> set[int]:
        """Stories of other articles that report one of this article's statements (same statement group)."""
        if not doc.groups:
            return set()
        marks = ",".join("?" * len(doc.groups))
        rows = self.conn.execute(
            f"SELECT DISTINCT d.story FROM statements s JOIN documents d ON d.id = s.document "
            f"WHERE s.group_id IN ({marks}) AND s.document <> ? AND d.story IS NOT NULL",
            [*doc.groups, doc.document],
        )
        return {r[0] for r in rows}

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
    """Counts, dates and label of the given stories: the earliest headline, a reader's name for the event;
    key entities, then key words, when no article has one."""
    for story in stories:
        conn.execute(
            """
            UPDATE stories SET
              documents = (SELECT count(*) FROM documents WHERE story = :s),
              statements = (SELECT count(*) FROM statements st JOIN documents d ON d.id = st.document
                            WHERE d.story = :s AND NOT st.hidden),
              first_date = (SELECT min(date) FROM documents WHERE story = :s),
              last_date = (SELECT max(date) FROM documents WHERE story = :s)
            WHERE id = :s
            """,
            {"s": story},
        )
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
        headline = conn.execute(
            "SELECT title FROM documents WHERE story = ? AND coalesce(trim(title), '') <> '' "
            "ORDER BY date IS NULL, date, id LIMIT 1",
            (story,),
        ).fetchone()
        label = headline[0].strip() if headline else "; ".join(names + words)
        conn.execute("UPDATE stories SET label = ? WHERE id = ?", (label, story))
