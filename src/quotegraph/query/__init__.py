"""Python API over a store: quotes, speakers, stories; and the user's merge/split corrections.

    from quotegraph.query import Corpus
    corpus = Corpus("quotegraph.db")
    for q in corpus.quotes(speaker="Kadyrov", search="threat"):
        print(q.date, q.outlet, q.speaker, q.text)

Names match any alias of an entity, case- and accent-insensitively; a bare surname matches every person
with that surname.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.config import DEFAULT_DB
from quotegraph.corpus.link.text import words
from quotegraph.corpus.store import Store, decisions
from quotegraph.corpus.store.schema import outlet_key
from quotegraph.errors import StoreError

KINDS = ("direct", "partial", "indirect")
COMMON_MATCHES = 3000  # text matches read up front; more than this and the date index drives the query
MAX_OFFSET = 10_000  # deepest page: OFFSET costs a row step per skipped row, so past this narrow the filters
# Rough relative costs (measured on the 1M-statement benchmark store): probing the full-text index for one
# statement vs. reading one full-text match into the temporary set that `s.id IN (SELECT ...)` builds.
_PROBE_COST = 70.0


@dataclass
class Quote:
    """One statement with its speaker, outlet, date and provenance (document id and offsets)."""

    id: int
    kind: str
    text: str
    speaker: str | None
    speaker_id: int | None
    named: bool | None
    cue: str | None
    channel: str | None
    addressee: str | None
    confidence: float | None
    date: str | None
    published: str | None
    outlet: str | None
    title: str | None
    url: str | None
    source: str | None
    document: str
    start: int
    end: int
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    group: int | None
    group_documents: int | None
    story: int | None
    extractor_version: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SpeakerCount:
    id: int
    name: str
    type: str
    statements: int
    documents: int


@dataclass
class SpeakerProfile:
    id: int
    name: str
    type: str
    named: bool
    aliases: list[tuple[str, int]]
    descriptors: list[str]
    statements: int
    documents: int
    first_date: str | None
    last_date: str | None
    by_outlet: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class StorySummary:
    id: int
    label: str
    first_date: str | None
    last_date: str | None
    documents: int
    statements: int


@dataclass
class StoryArticle:
    document: str
    title: str | None
    outlet: str | None
    date: str | None
    source: str | None
    url: str | None


@dataclass
class StoryDetail:
    story: StorySummary
    articles: list[StoryArticle]
    quotes: list[Quote]


@dataclass
class DocumentEntity:
    """An entity as one article mentions it: ``mentions`` are [start, end] offsets into the text."""

    id: int
    local_id: str
    name: str
    type: str
    aliases: list[str]
    descriptors: list[str]
    mentions: list[list[int]]
    named: bool


@dataclass
class DocumentDetail:
    """One stored article with its statements (in text order) and entities."""

    document: str
    title: str | None
    source: str | None
    authors: list[str]
    published: str | None
    date: str | None
    url: str | None
    publisher: str | None
    outlet: str | None
    language: str | None
    text: str
    blocks: list[Any]
    extractor_version: str
    story: int | None
    statements: list[Quote]
    entities: list[DocumentEntity]


_QUOTE_COLUMNS = """
  s.id, s.kind, s.text, coalesce(e.name, s.speaker_name), s.speaker, s.speaker_named, s.cue_text, s.channel,
  s.addressee_name, s.confidence, s.date, d.published, d.outlet, d.title, d.url, d.source, d.doc_id,
  s.start, s.end, s.speaker_text, s.speaker_start, s.speaker_end, s.group_id, g.documents, d.story,
  s.extractor_version
"""
_QUOTE_FROM = """
FROM statements s JOIN documents d ON d.id = s.document
LEFT JOIN entities e ON e.id = s.speaker
LEFT JOIN statement_groups g ON g.id = s.group_id
"""


@dataclass
class _TextPlan:
    condition: str  # SQL over ``s`` with one parameter
    value: Any
    walk_dates: bool  # force the date index (newest first, stop at the limit)


def _quote(row: Sequence[Any]) -> Quote:
    r = list(row)
    r[5] = None if r[5] is None else bool(r[5])
    return Quote(*r)


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word must occur; text in double quotes is a phrase."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        toks = words(phrase if phrase else word)
        if toks:
            parts.append('"' + " ".join(toks) + '"')
    if not parts:
        raise StoreError(f"nothing to search for in {text!r}")
    return " ".join(parts)


class Corpus:
    """Read access to a store; merge and split open it for writing for the one change."""

    def __init__(self, db: str | Path = DEFAULT_DB) -> None:
        self.db = Path(db)
        self.store = Store(self.db, readonly=True)
        self.conn = self.store.conn
        self._matches: dict[tuple[str, int], list[int]] = {}

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entity_ids(self, name: str) -> list[int]:
        return decisions.find_entities(self.conn, name)

    def outlet_filter(self, outlet: str) -> tuple[str, Any]:
        """SQL over ``d`` (documents) and its parameter: the outlet, exactly but case-insensitively.

        An indexed key column (schema 2); a store opened read-only at schema 1 compares the raw column."""
        if self.store.version >= 2:
            return "d.outlet_key = ?", outlet_key(outlet)
        return "d.outlet = ? COLLATE NOCASE", " ".join(outlet.split())

    def matching_ids(self, match: str) -> list[int]:
        """Ids of the statements matching an FTS5 query (fts_query's output), ascending, at most
        COMMON_MATCHES + 1 of them: a shorter list is every match.

        Cached per store version: a search page asks for the same query several times (statements, facets,
        counts), and a phrase of common words costs a full read of both words' positions each time."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        key = (match, version)
        if key not in self._matches:
            try:
                rows = self.conn.execute(
                    "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?",
                    (match, COMMON_MATCHES + 1),
                ).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"query failed: {exc}") from None
            if len(self._matches) >= 16:
                self._matches.pop(next(iter(self._matches)))
            self._matches[key] = [r[0] for r in rows]
        return self._matches[key]

    def quotes(
        self,
        speaker: str | None = None,
        search: str | None = None,
        kind: str | Sequence[str] | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: int | None = None,
        limit: int | None = 50,
        oldest_first: bool = False,
        offset: int = 0,
    ) -> list[Quote]:
        """Statements matching every filter given, newest first (undated last); ``offset`` pages."""
        return list(
            self.iter_quotes(speaker, search, kind, outlet, since, until, story, limit, oldest_first, offset)
        )

    def iter_quotes(
        self,
        speaker: str | None = None,
        search: str | None = None,
        kind: str | Sequence[str] | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: int | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
        offset: int = 0,
    ) -> Iterator[Quote]:
        """Like quotes(), streamed: for exports of any size. ``offset`` is at most MAX_OFFSET."""
        if not 0 <= offset <= MAX_OFFSET:
            raise StoreError(f"offset must be between 0 and {MAX_OFFSET}; narrow the filters to go deeper")
        where: list[str] = []
        args: list[Any] = []
        if speaker:
            ids = self.entity_ids(speaker)
            if not ids:
                return
            where.append(f"s.speaker IN ({','.join('?' * len(ids))})")
            args += ids
        if kind:
            kinds = [kind] if isinstance(kind, str) else list(kind)
            bad = set(kinds) - set(KINDS)
            if bad:
                raise StoreError(f"unknown kind {', '.join(sorted(bad))}; choose from {', '.join(KINDS)}")
            where.append(f"s.kind IN ({','.join('?' * len(kinds))})")
            args += kinds
        if outlet and outlet.strip():
            sql, value = self.outlet_filter(outlet)
            where.append(sql)
            args.append(value)
        if since:
            where.append("s.date >= ?")
            args.append(since)
        if until:
            where.append("s.date <= ?")
            args.append(until)
        if story is not None:
            where.append("d.story = ?")
            args.append(story)
        # Descending, NULL dates sort last by themselves, so the date index yields this order as it is.
        order = "s.date IS NULL, s.date, s.id" if oldest_first else "s.date DESC, s.id DESC"
        source = _QUOTE_FROM
        match = fts_query(search) if search else None
        if match:
            plan = self._text_plan(
                match,
                selective=bool(speaker or outlet or story is not None or oldest_first),
                wanted=(limit or 0) + offset if limit is not None else None,
            )
            where.append(plan.condition)
            args.append(plan.value)
            if plan.walk_dates:
                source = source.replace("FROM statements s", "FROM statements s INDEXED BY statements_date")
        where_sql = "WHERE " + " AND ".join(where) if where else ""
        sql = f"SELECT {_QUOTE_COLUMNS} {source} {where_sql} ORDER BY {order}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if limit is None else limit, offset]
        try:
            for r in self.conn.execute(sql, args):
                yield _quote(r)
        except sqlite3.Error as exc:
            raise StoreError(f"query failed: {exc}") from None

    def _text_plan(self, match: str, selective: bool, wanted: int | None) -> _TextPlan:
        """How a full-text condition joins the query, the expensive choice of a text search.

        - Few matches (up to COMMON_MATCHES): they are read once (matching_ids) and looked up by id.
        - Many, with a selective filter (speaker, outlet, story): the filter drives; the matches become a
          temporary set SQLite builds once.
        - Many, no such filter: walk the date index newest first and stop at the limit, checking each row
          either against that set, or, for a very common text where building the set would read far more
          rows than the walk visits, by probing the full-text index row by row.
        """
        ids = self.matching_ids(match)
        if len(ids) <= COMMON_MATCHES:
            return _TextPlan("s.id IN (SELECT value FROM json_each(?))", json.dumps(ids), walk_dates=False)
        in_set = _TextPlan(
            "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)", match, walk_dates=True
        )
        if selective:
            return _TextPlan(in_set.condition, match, walk_dates=False)
        if wanted is None:
            return in_set
        # Matches are spread over the id range; the first COMMON_MATCHES + 1 of them end at ids[-1].
        top = self.conn.execute("SELECT max(id) FROM statements").fetchone()[0] or ids[-1]
        estimate = len(ids) * top / max(ids[-1], 1)  # all matches
        visits = wanted * top / estimate  # rows the date walk reads to find ``wanted`` matches
        if visits * _PROBE_COST < estimate:
            return _TextPlan(
                "EXISTS (SELECT 1 FROM statements_fts f WHERE f.statements_fts MATCH ? AND f.rowid = s.id)",
                match,
                walk_dates=True,
            )
        return in_set

    def statement(self, statement_id: int) -> Quote | None:
        """One statement by id, None when there is none."""
        rows = self._rows(f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE s.id = ?", (statement_id,))
        return _quote(rows[0]) if rows else None

    def group(self, group_id: int) -> list[Quote]:
        """Every statement of a group (the same quote as each article reported it), oldest first."""
        rows = self._rows(
            f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE s.group_id = ? ORDER BY s.date IS NULL, s.date, s.id",
            (group_id,),
        )
        return [_quote(r) for r in rows]

    def document(self, doc_id: str) -> DocumentDetail | None:
        """One article by its document id: metadata, text, statements and entities with their offsets."""
        rows = self._rows(
            "SELECT id, doc_id, title, source, authors, published, date, url, publisher, outlet, language, "
            "text, blocks, extractor_version, story FROM documents WHERE doc_id = ?",
            (doc_id,),
        )
        if not rows:
            return None
        r = rows[0]
        quotes = self._rows(
            f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE s.document = ? ORDER BY s.start, s.id", (r[0],)
        )
        mentions = self._rows(
            "SELECT m.entity, m.local_id, m.name, m.type, m.aliases, m.descriptors, m.spans, e.named "
            "FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.document = ? ORDER BY m.id",
            (r[0],),
        )
        return DocumentDetail(
            document=r[1],
            title=r[2],
            source=r[3],
            authors=json.loads(r[4]),
            published=r[5],
            date=r[6],
            url=r[7],
            publisher=r[8],
            outlet=r[9],
            language=r[10],
            text=r[11],
            blocks=json.loads(r[12]),
            extractor_version=r[13],
            story=r[14],
            statements=[_quote(q) for q in quotes],
            entities=[
                DocumentEntity(
                    m[0], m[1], m[2], m[3], json.loads(m[4]), json.loads(m[5]), json.loads(m[6]), bool(m[7])
                )
                for m in mentions
            ],
        )

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"query failed: {exc}") from None

    def speakers(self, top: int = 20, unnamed: bool = False) -> list[SpeakerCount]:
        """Speakers with the most statements; unnamed sources only when asked."""
        rows = self.conn.execute(
            "SELECT id, name, type, statements, documents FROM entities WHERE merged_into IS NULL "
            f"AND statements > 0 {'' if unnamed else 'AND named = 1'} ORDER BY statements DESC, id LIMIT ?",
            (top,),
        )
        return [SpeakerCount(*r) for r in rows]

    def speaker(self, name: str, limit: int | None = 100) -> list[SpeakerProfile]:
        """Every entity the name can mean, best known first, each with its statements in time order."""
        profiles = []
        for entity in self.entity_ids(name)[:10]:
            row = self.conn.execute(
                "SELECT id, name, type, named, descriptors, statements, documents, first_date, last_date "
                "FROM entities WHERE id = ?",
                (entity,),
            ).fetchone()
            aliases = self.conn.execute(
                "SELECT alias, count FROM aliases WHERE entity = ? ORDER BY count DESC, alias", (entity,)
            ).fetchall()
            by_outlet = self.conn.execute(
                "SELECT coalesce(d.outlet, '(unknown)'), count(*) FROM statements s "
                "JOIN documents d ON d.id = s.document WHERE s.speaker = ? GROUP BY 1 ORDER BY 2 DESC, 1",
                (entity,),
            ).fetchall()
            by_month = self.conn.execute(
                "SELECT coalesce(substr(date, 1, 7), '(undated)'), count(*) FROM statements WHERE speaker = ? "
                "GROUP BY 1 ORDER BY 1",
                (entity,),
            ).fetchall()
            quotes = self.conn.execute(
                f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE s.speaker = ? "
                "ORDER BY s.date IS NULL, s.date, d.id, s.start" + (" LIMIT ?" if limit is not None else ""),
                (entity, limit) if limit is not None else (entity,),
            ).fetchall()
            profiles.append(
                SpeakerProfile(
                    id=row[0],
                    name=row[1],
                    type=row[2],
                    named=bool(row[3]),
                    aliases=[(a, c) for a, c in aliases],
                    descriptors=json.loads(row[4]),
                    statements=row[5],
                    documents=row[6],
                    first_date=row[7],
                    last_date=row[8],
                    by_outlet=[(o, n) for o, n in by_outlet],
                    by_month=[(m, n) for m, n in by_month],
                    quotes=[_quote(q) for q in quotes],
                )
            )
        return profiles

    def stories(self, limit: int = 20, min_documents: int = 1) -> list[StorySummary]:
        """Stories with the most articles first."""
        rows = self.conn.execute(
            "SELECT id, label, first_date, last_date, documents, statements FROM stories WHERE documents >= ? "
            "ORDER BY documents DESC, last_date DESC, id LIMIT ?",
            (min_documents, limit),
        )
        return [StorySummary(*r) for r in rows]

    def story(self, story: int, limit: int | None = None) -> StoryDetail:
        """A story's articles and statements, in time order."""
        row = self.conn.execute(
            "SELECT id, label, first_date, last_date, documents, statements FROM stories WHERE id = ?",
            (story,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no story {story}")
        articles = self.conn.execute(
            "SELECT doc_id, title, outlet, date, source, url FROM documents WHERE story = ? "
            "ORDER BY date IS NULL, date, id",
            (story,),
        ).fetchall()
        return StoryDetail(
            StorySummary(*row),
            [StoryArticle(*a) for a in articles],
            self.quotes(story=story, limit=limit, oldest_first=True),
        )

    def merge(self, keep: str, other: str) -> int:
        """Record that two entities are one person; returns the kept entity's id."""
        return self._write(
            lambda conn: decisions.merge(
                conn, decisions.resolve_one(conn, keep), decisions.resolve_one(conn, other)
            )
        )

    def split(self, entity: str, alias: str | None = None, document: str | None = None) -> int:
        """Record that the entity's mentions under ``alias`` (or in ``document``) are someone else."""
        if not alias and not document:
            raise StoreError("split needs an alias or a document")
        return self._write(
            lambda conn: decisions.split(
                conn, decisions.resolve_one(conn, entity), alias=alias, document=document
            )
        )

    def _write(self, change: Any) -> Any:
        with Store(self.db) as store:
            conn = store.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                out = change(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return out
