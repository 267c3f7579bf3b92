"""Read-only queries the web needs beyond quotegraph.query: facets, counts, article and speaker searches.

Statements, groups and documents come from the public quotegraph.query API; the SQL here is the web's own.

Every query here is a constant SQL text with ``?`` parameters; request text only ever reaches SQLite as a
bound value (and full-text queries only through quotegraph.query.fts_query, which quotes every word).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from quotegraph.corpus.link.text import normalize
from quotegraph.errors import StoreError
from quotegraph.query import COMMON_MATCHES, Corpus, Quote, fts_query

SAMPLE = 2000  # counts and facets read at most this many matches ("2,000+"), so they stay fast at any size
assert SAMPLE < COMMON_MATCHES  # the facet sample is a prefix of Corpus.matching_ids
COUNT_CAP = 10_000  # article counts stop here ("10,000+")
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # snippet() markers, turned into <mark> after escaping


@dataclass
class Filters:
    """The statement filters of `quotegraph quotes`, as the web takes them."""

    q: str | None = None
    speaker: str | None = None
    kind: list[str] = field(default_factory=list)
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    story: int | None = None

    def match(self) -> str | None:
        """The FTS5 query for ``q``; StoreError (a 400) when there is nothing to search for."""
        if not self.q:
            return None
        if self.q.count('"') % 2:
            raise StoreError('unbalanced double quote in the search text: close the "phrase"')
        return fts_query(self.q)

    def params(self) -> dict[str, Any]:
        """The filters as query parameters (for links that keep them)."""
        out: dict[str, Any] = {
            k: v for k, v in (("q", self.q), ("speaker", self.speaker), ("outlet", self.outlet)) if v
        }
        if self.kind:
            out["kind"] = list(self.kind)
        out.update({k: v for k, v in (("since", self.since), ("until", self.until)) if v})
        if self.story is not None:
            out["story"] = self.story
        return out

    def quotes(self, corpus: Corpus, limit: int, offset: int = 0) -> list[Quote]:
        """The matching statements, newest first, through the same Python API as `quotegraph quotes`."""
        return corpus.quotes(
            speaker=self.speaker,
            search=self.q,
            kind=self.kind or None,
            outlet=self.outlet,
            since=self.since,
            until=self.until,
            story=self.story,
            limit=limit,
            offset=offset,
        )

    def where(self, corpus: Corpus, fts_limit: int | None = None) -> tuple[list[str], list[Any]] | None:
        """SQL conditions (constant text) and their parameters over ``s`` and ``d``; None: no speaker match.

        ``fts_limit`` bounds the full-text part to its first matches, so counting and faceting a common word
        reads a bounded number of rows whatever the other filters are."""
        where: list[str] = []
        args: list[Any] = []
        if self.speaker:
            ids = corpus.entity_ids(self.speaker)
            if not ids:
                return None
            where.append(f"s.speaker IN ({','.join('?' * len(ids))})")
            args += ids
        match = self.match()
        if match and fts_limit is not None and fts_limit <= COMMON_MATCHES + 1:
            # the first matches, read once per request (and cached) by the Corpus
            where.append("s.id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(corpus.matching_ids(match)[:fts_limit]))
        elif match and fts_limit is not None:
            where.append("s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)")
            args += [match, fts_limit]
        elif match:
            where.append("s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
            args.append(match)
        if self.kind:
            where.append(f"s.kind IN ({','.join('?' * len(self.kind))})")
            args += self.kind
        if self.outlet:
            sql, value = corpus.outlet_filter(self.outlet)
            where.append(sql)
            args.append(value)
        if self.since:
            where.append("s.date >= ?")
            args.append(self.since)
        if self.until:
            where.append("s.date <= ?")
            args.append(self.until)
        if self.story is not None:
            where.append("d.story = ?")
            args.append(self.story)
        return where, args


def _rows(conn: sqlite3.Connection, sql: str, args: Any = ()) -> list[Any]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"query failed: {exc}") from None


def document(corpus: Corpus, doc_id: str) -> dict[str, Any] | None:
    """One article as the API gives it (statements stay Quote objects, for quote_json and the page)."""
    d = corpus.document(doc_id)
    if d is None:
        return None
    out = {f.name: getattr(d, f.name) for f in fields(d)}
    out["entities"] = [asdict(e) for e in d.entities]
    return out


def search_speakers(corpus: Corpus, q: str, limit: int, unnamed: bool = False) -> list[dict[str, Any]]:
    """Entities with statements whose name or any alias matches: exact, then surname, then alias prefix."""
    conn = corpus.conn
    norm = normalize(q)
    if not norm:
        raise StoreError(f"nothing to search for in {q!r}")
    ids: list[int] = list(corpus.entity_ids(q))
    # alias prefix ('kady' finds Kadyrov) and word prefix inside an alias ('kadyrov' finds 'ramzan kadyrov');
    # range scans on the aliases_norm index, never LIKE over the table.
    for row in _rows(
        conn,
        "SELECT DISTINCT a.entity FROM aliases a WHERE a.norm >= ? AND a.norm < ? LIMIT 200",
        (norm, norm + "\U0010ffff"),
    ):
        ids.append(row[0])
    for row in _rows(
        conn,
        "SELECT e.id FROM entities e WHERE e.surname >= ? AND e.surname < ? AND e.merged_into IS NULL "
        "AND e.surname IS NOT NULL LIMIT 200",
        (norm, norm + "\U0010ffff"),
    ):
        ids.append(row[0])
    seen: dict[int, None] = dict.fromkeys(ids)
    if not seen:
        return []
    marks = ",".join("?" * len(seen))
    rows = _rows(
        conn,
        "SELECT id, name, type, named, statements, documents, first_date, last_date FROM entities "
        f"WHERE id IN ({marks}) AND merged_into IS NULL AND statements > 0 {'' if unnamed else 'AND named = 1'} "
        "ORDER BY statements DESC, id LIMIT ?",
        [*seen, limit],
    )
    out = [speaker_row(r) for r in rows]
    if out:
        aliases = _rows(
            conn,
            f"SELECT entity, alias FROM aliases WHERE entity IN ({','.join('?' * len(out))}) ORDER BY count DESC",
            [s["id"] for s in out],
        )
        by_id = {s["id"]: s for s in out}
        for entity, alias in aliases:
            if alias != by_id[entity]["name"] and len(by_id[entity]["aliases"]) < 8:
                by_id[entity]["aliases"].append(alias)
    return out


def speaker_row(r: Any) -> dict[str, Any]:
    return {
        "id": r[0],
        "name": r[1],
        "type": r[2],
        "named": bool(r[3]),
        "statements": r[4],
        "documents": r[5],
        "first_date": r[6],
        "last_date": r[7],
        "aliases": [],
    }


def top_speakers(corpus: Corpus, limit: int, unnamed: bool = False) -> list[dict[str, Any]]:
    rows = _rows(
        corpus.conn,
        "SELECT id, name, type, named, statements, documents, first_date, last_date FROM entities "
        f"WHERE merged_into IS NULL AND statements > 0 {'' if unnamed else 'AND named = 1'} "
        "ORDER BY statements DESC, id LIMIT ?",
        (limit,),
    )
    return [speaker_row(r) for r in rows]


def live_entity(corpus: Corpus, entity: int) -> int | None:
    """The entity an id stands for now (following merges), None when there is no such entity."""
    seen: set[int] = set()
    while entity not in seen:
        seen.add(entity)
        rows = _rows(corpus.conn, "SELECT merged_into FROM entities WHERE id = ?", (entity,))
        if not rows:
            return None
        if rows[0][0] is None:
            return entity
        entity = rows[0][0]
    return entity


def summary(corpus: Corpus, f: Filters) -> tuple[int, bool, dict[str, Any]]:
    """(count, capped, facets): matches counted, and faceted by speaker, outlet, kind and year.

    One bounded read: at most SAMPLE matching statements (and, for a text query, only among its first
    SAMPLE text matches). ``capped`` says the count is a lower bound ("2,000+") and the facets a sample.
    """
    facets: dict[str, Any] = {
        "speaker": [],
        "outlet": [],
        "kind": [],
        "year": [],
        "sampled": 0,
        "capped": False,
    }
    built = f.where(corpus, fts_limit=SAMPLE + 1)
    if built is None:
        return 0, False, facets
    where, args = built
    where_sql = ("WHERE " + " AND ".join(where)) if where else ""
    rows = _rows(
        corpus.conn,
        "SELECT s.speaker, s.kind, substr(s.date, 1, 4), d.outlet "
        f"FROM statements s JOIN documents d ON d.id = s.document {where_sql} LIMIT ?",
        [*args, SAMPLE + 1],
    )
    capped = len(rows) > SAMPLE
    match = f.match()
    if match and not capped:
        # other filters were applied to a sample of the text matches only
        capped = len(corpus.matching_ids(match)) > SAMPLE
    rows = rows[:SAMPLE]
    speakers = Counter(r[0] for r in rows if r[0] is not None).most_common(12)
    names: dict[int, str] = {}
    if speakers:
        names = dict(
            _rows(
                corpus.conn,
                f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(speakers))})",
                [i for i, _ in speakers],
            )
        )
    facets["speaker"] = [{"id": i, "name": names.get(i, "?"), "count": c} for i, c in speakers]
    facets["outlet"] = [
        {"value": o, "count": c} for o, c in Counter(r[3] for r in rows if r[3]).most_common(12)
    ]
    facets["kind"] = [{"value": k, "count": c} for k, c in Counter(r[1] for r in rows).most_common()]
    years = Counter(r[2] for r in rows if r[2])
    facets["year"] = [{"value": y, "count": years[y]} for y in sorted(years, reverse=True)]
    facets["sampled"] = len(rows)
    facets["capped"] = capped
    return len(rows), capped, facets


def search_documents(
    corpus: Corpus, f: Filters, limit: int, offset: int = 0
) -> tuple[list[dict[str, Any]], int, bool]:
    """Articles whose title or text match ``f.q`` (and the outlet, date and speaker filters), best first."""
    match = f.match()
    if not match:
        return [], 0, False
    where = ["documents_fts MATCH ?"]
    args: list[Any] = [match]
    if f.outlet:
        sql, value = corpus.outlet_filter(f.outlet)
        # '+': the text match drives (ranking reads all its matches anyway), not the outlet index, which
        # would probe the full-text index once per article of the outlet
        where.append("+" + sql)
        args.append(value)
    if f.since:
        where.append("d.date >= ?")
        args.append(f.since)
    if f.until:
        where.append("d.date <= ?")
        args.append(f.until)
    if f.story is not None:
        where.append("d.story = ?")
        args.append(f.story)
    if f.speaker:
        ids = corpus.entity_ids(f.speaker)
        if not ids:
            return [], 0, False
        where.append(
            f"EXISTS (SELECT 1 FROM statements s WHERE s.document = d.id AND s.speaker IN ({','.join('?' * len(ids))}))"
        )
        args += ids
    where_sql = " AND ".join(where)
    base = "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE " + where_sql
    n = _rows(corpus.conn, f"SELECT count(*) FROM (SELECT 1 {base} LIMIT ?)", [*args, COUNT_CAP + 1])[0][0]
    rows = _rows(
        corpus.conn,
        "SELECT d.doc_id, d.title, d.outlet, d.date, d.url, d.story, "
        f"snippet(documents_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', ' … ', 24) "
        f"{base} ORDER BY rank LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    docs = [
        {
            "document": r[0],
            "title": r[1],
            "outlet": r[2],
            "date": r[3],
            "url": r[4],
            "story": r[5],
            "snippet": r[6],
        }
        for r in rows
    ]
    return docs, min(n, COUNT_CAP), n > COUNT_CAP


def document_text_and_cue(corpus: Corpus, q: Quote) -> tuple[str, tuple[int, int] | None]:
    """The text of a statement's document and the statement's cue offsets (not part of Quote)."""
    rows = _rows(
        corpus.conn,
        "SELECT d.text, s.cue_start, s.cue_end FROM statements s JOIN documents d ON d.id = s.document "
        "WHERE s.id = ?",
        (q.id,),
    )
    if not rows:
        return "", None
    text, a, b = rows[0]
    return text, (a, b) if a is not None and b is not None else None
