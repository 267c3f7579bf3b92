"""Corpus: the reads over a store (statements, speakers, stories, articles, search pages), one connection.

The connection is read-only; the user's corrections (merge, split, rename, reassign, hide, undo) go
through corpus.corrections,
which opens the store for writing for the one change.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from quotegraph.config import DEFAULT_DB
from quotegraph.corpus import corrections, decisions
from quotegraph.corpus.decisions import Decision
from quotegraph.corpus.store import Store
from quotegraph.corpus.store.schema import outlet_key
from quotegraph.errors import BadQuery, NotFound, QueryTimeout, QuotegraphError, StoreError
from quotegraph.query import columns, limits, search
from quotegraph.query.columns import Snapshot
from quotegraph.query.filters import Filters, where
from quotegraph.query.plan import TextSearch, match_cache
from quotegraph.query.results import (
    QUOTE_COLUMNS,
    QUOTE_FROM,
    DocumentDetail,
    DocumentEntity,
    DocumentHits,
    Quote,
    Reaction,
    ReactionStatement,
    SpeakerCount,
    SpeakerProfile,
    SpeakerSummary,
    StatementSearch,
    StatementSource,
    StatementSummary,
    StoryArticle,
    StoryDetail,
    StorySummary,
)

MAX_OFFSET = 10_000  # deepest page: OFFSET costs a row step per skipped row, so past this narrow the filters
_STORY_COLUMNS = "id, label, first_date, last_date, documents, statements"


class Corpus:
    """Read access to a store; merge and split open it for writing for the one change."""

    def __init__(self, db: str | Path = DEFAULT_DB, query_only: bool = False) -> None:
        """Open ``db`` read-only (never created or migrated); ``query_only`` also makes SQLite refuse any
        write on the connection (temporary tables too), for servers."""
        self.db = Path(db)
        self.store = Store(self.db, readonly=True)
        self.conn = self.store.conn
        if query_only:
            self.conn.execute("PRAGMA query_only = 1")
        self.budget: limits.Budget | None = None
        self.text = TextSearch(self.conn, self.failure, match_cache(self.db))
        self._columns: columns.Columns | None = None
        self.background_columns = False  # a server sets it: see columns.Columns.snapshot(wait=False)
        self._keys: tuple[int, list[str]] | None = None  # (data_version, outlet keys)

    def close(self) -> None:
        self._columns = None  # the shared columns go when no open Corpus holds them
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def limit(self, budget: limits.Budget | None) -> None:
        """Interrupt the queries on this connection once ``budget`` says so (QueryTimeout); None: no limit."""
        self.budget = budget
        if budget is None:
            self.conn.set_progress_handler(None, 0)
        else:
            self.conn.set_progress_handler(lambda: 1 if budget.check() else 0, limits.STEPS)

    def failure(self, exc: sqlite3.Error) -> QuotegraphError:
        """The project's error for an SQLite failure: QueryTimeout when the time limit stopped the query."""
        if self.budget is not None and self.budget.expired:
            return QueryTimeout("this request took too long and was stopped; narrow it and try again")
        return StoreError(f"query failed: {exc}")

    def rows(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Rows keyed by column name; an SQLite failure is a StoreError (QueryTimeout past the limit)."""
        return list(self._iter(sql, args))

    def _iter(self, sql: str, args: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        try:
            cur.execute(sql, list(args))
            yield from cur
        except sqlite3.Error as exc:
            raise self.failure(exc) from None
        finally:
            cur.close()

    def entity_ids(self, name: str) -> list[int]:
        """Live entities a name, alias or id can mean, best known first (NotFound for an unknown id)."""
        try:
            return decisions.find_entities(self.conn, name)
        except sqlite3.Error as exc:
            raise self.failure(exc) from None

    def outlet_filter(self, outlet: str) -> tuple[str, Any]:
        """SQL over ``d`` (documents) and its parameter: the outlets the name means (see outlets()).

        An indexed key column (schema 2); a store opened read-only at schema 1 compares the raw column."""
        if self.store.version >= 2:
            return "d.outlet_key IN (SELECT value FROM json_each(?))", json.dumps(self.outlet_keys(outlet))
        return "d.outlet = ? COLLATE NOCASE", " ".join(outlet.split())

    def outlet_keys(self, outlet: str) -> list[str]:
        """The outlet keys (schema 2) an outlet filter keeps: its own key and the outlets it names."""
        keys = {outlet_key(outlet)} | set(self.outlets(outlet))
        return sorted(k for k in keys if k)

    def columns(self) -> Snapshot | None:
        """The store's facet columns in memory (query.columns), shared by the process's Corpus objects
        over this file and current with the store; None for a store before schema 5 (no acts or hidden
        flags) or too large to hold."""
        if self.store.version < 5:
            return None
        if self._columns is None:
            self._columns = columns.columns(self.db)
        return self._columns.snapshot(wait=not self.background_columns)

    def outlets(self, name: str) -> list[str]:
        """The stored outlet keys ``name`` means: the outlet itself (case-insensitively), the web host an
        outlet without a publisher name is stored under ("The Moscow Times" is themoscowtimes.com), or
        either by its abbreviation (see outlet_matches)."""
        return [k for k in self._outlet_keys() if outlet_matches(name, k)]

    def _outlet_keys(self) -> list[str]:
        """Every stored outlet key, read once per store version (a search page filters by outlet four
        times, and the read is a scan of the outlet index: 4 ms at 100,000 articles)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._keys is None or self._keys[0] != version:
            rows = self.rows("SELECT DISTINCT outlet_key FROM documents WHERE outlet_key IS NOT NULL")
            self._keys = (version, [r[0] for r in rows])
        return self._keys[1]

    @property
    def quote_columns(self) -> str:
        """QUOTE_COLUMNS for this store: with the act where the store has it (else every Quote is speech)."""
        return QUOTE_COLUMNS.format(act=", s.act AS act" if self.has_acts() else "")

    def has_acts(self) -> bool:
        """Whether the store records each statement's act (schema 3; older stores are read as they are)."""
        return self.store.version >= 3

    def has_hidden(self) -> bool:
        """Whether the store can hide statements (schema 5; an older store read as it is hides none)."""
        return self.store.version >= 5

    @property
    def shown(self) -> str:
        """A condition over ``s`` keeping the statements not hidden (always true before schema 5)."""
        return "NOT s.hidden" if self.has_hidden() else "1"

    def matching_ids(self, match: str) -> list[int]:
        """Ids of the statements matching an FTS5 query, ascending, at most COMMON_MATCHES + 1 of them."""
        return self.text.matching_ids(match)

    # statements

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
        *,
        act: str = "speech",
        hidden: bool = False,
        addressee: str | None = None,
    ) -> list[Quote]:
        """Statements matching every filter given, newest first (undated last); ``offset`` pages. ``act``:
        what people said by default ("speech"), or "thought", "finding", "all"; ``addressee``: statements
        made to this person or organisation (a name, alias or id, as for ``speaker``)."""
        return list(
            self.iter_quotes(
                speaker,
                search,
                kind,
                outlet,
                since,
                until,
                story,
                limit,
                oldest_first,
                offset,
                act=act,
                hidden=hidden,
                addressee=addressee,
            )
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
        *,
        act: str = "speech",
        hidden: bool = False,
        addressee: str | None = None,
    ) -> Iterator[Quote]:
        """Like quotes(), streamed: for exports of any size. ``offset`` is at most MAX_OFFSET. ``hidden``:
        also the statements a user hid."""
        f = Filters.of(speaker, search, kind, outlet, since, until, story, act, addressee)
        f.hidden = hidden
        return self.find(f, limit, offset, oldest_first)

    def find(
        self, f: Filters, limit: int | None = 50, offset: int = 0, oldest_first: bool = False
    ) -> Iterator[Quote]:
        """The statements matching ``f``, streamed, newest first (undated last) unless ``oldest_first``."""
        if not 0 <= offset <= MAX_OFFSET:
            raise BadQuery(f"offset must be between 0 and {MAX_OFFSET}; narrow the filters to go deeper")
        walk_dates = False

        def text(match: str) -> tuple[str, list[Any]]:
            nonlocal walk_dates
            wanted = (limit or 0) + offset if limit is not None else None
            plan = self.text.plan(match, selective=f.selective() or oldest_first, wanted=wanted)
            walk_dates = plan.walk_dates
            return plan.condition, [plan.value]

        built = where(f, self, text)
        if built is None:
            return
        # Descending, NULL dates sort last by themselves, so the date index yields this order as it is.
        order = "s.date IS NULL, s.date, s.id" if oldest_first else "s.date DESC, s.id DESC"
        source = QUOTE_FROM
        if walk_dates:
            source = source.replace("FROM statements s", "FROM statements s INDEXED BY statements_date")
        sql = f"SELECT {self.quote_columns} {source} {built.sql()} ORDER BY {order}"
        args = built.params
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            args = [*args, -1 if limit is None else limit, offset]
        for row in self._iter(sql, args):
            yield Quote.from_row(row)

    def statement(self, statement_id: int) -> Quote | None:
        """One statement by id, None when there is none."""
        rows = self.rows(
            f"SELECT {self.quote_columns} {QUOTE_FROM} WHERE s.id = ? AND {self.shown}", (statement_id,)
        )
        return Quote.from_row(rows[0]) if rows else None

    def group(self, group_id: int) -> list[Quote]:
        """Every statement of a group (the same quote as each article reported it), oldest first."""
        rows = self.rows(
            f"SELECT {self.quote_columns} {QUOTE_FROM} WHERE s.group_id = ? AND {self.shown} ORDER BY s.date IS NULL, s.date, s.id",
            (group_id,),
        )
        return [Quote.from_row(r) for r in rows]

    def source(self, statement_id: int) -> StatementSource:
        """The text of a statement's document and the statement's cue offsets (empty for no statement)."""
        rows = self.rows(
            "SELECT d.text AS text, s.cue_start AS cue_start, s.cue_end AS cue_end "
            "FROM statements s JOIN documents d ON d.id = s.document WHERE s.id = ?",
            (statement_id,),
        )
        if not rows:
            return StatementSource("", None)
        r = rows[0]
        cue = (
            (r["cue_start"], r["cue_end"])
            if r["cue_start"] is not None and r["cue_end"] is not None
            else None
        )
        return StatementSource(r["text"], cue)

    def search_statements(self, f: Filters, limit: int, offset: int = 0) -> StatementSearch:
        """A search page's statements: the people ``f.q`` names first, then text matches (query.search)."""
        return search.statements(self, f, limit, offset)

    def people(self, q: str, limit: int = 8) -> list[SpeakerSummary]:
        """The people a search text names (a full name, or a bare surname): see query.search.people."""
        return search.people(self, q, limit)

    def summary(self, f: Filters) -> StatementSummary:
        """How many statements match ``f`` (bounded) and their facets: see query.search.summary."""
        return search.summary(self, f)

    # articles

    def document(self, doc_id: str) -> DocumentDetail | None:
        """One article by its document id: metadata, text, statements and entities with their offsets."""
        rows = self.rows(
            "SELECT id, doc_id, title, source, authors, published, date, url, publisher, outlet, language, "
            "text, blocks, extractor_version, story FROM documents WHERE doc_id = ?",
            (doc_id,),
        )
        if not rows:
            return None
        r = rows[0]
        quotes = self.rows(
            f"SELECT {self.quote_columns} {QUOTE_FROM} WHERE s.document = ? AND {self.shown} "
            "ORDER BY s.start, s.id",
            (r["id"],),
        )
        mentions = self.rows(
            "SELECT m.entity, m.local_id, m.name, m.type, m.aliases, m.descriptors, m.spans, e.named "
            "FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.document = ? ORDER BY m.id",
            (r["id"],),
        )
        return DocumentDetail(
            document=r["doc_id"],
            title=r["title"],
            source=r["source"],
            authors=json.loads(r["authors"]),
            published=r["published"],
            date=r["date"],
            url=r["url"],
            publisher=r["publisher"],
            outlet=r["outlet"],
            language=r["language"],
            text=r["text"],
            blocks=json.loads(r["blocks"]),
            extractor_version=r["extractor_version"],
            story=r["story"],
            statements=[Quote.from_row(q) for q in quotes],
            entities=[DocumentEntity.from_row(m) for m in mentions],
        )

    def find_documents(self, f: Filters, limit: int, offset: int = 0) -> DocumentHits:
        """Articles matching ``f.q`` and the other filters, best first: see query.search.documents."""
        return search.documents(self, f, limit, offset)

    # speakers

    def speaker_count(self, act: str = "speech") -> str:
        """The entities column that counts a speaker's statements of ``act`` ("speech" or "all")."""
        if act not in ("speech", "all"):
            raise BadQuery(f"speakers are counted by speech or all statements, not {act!r}")
        return "speech" if act == "speech" and self.store.version >= 3 else "statements"

    def speakers(self, top: int = 20, unnamed: bool = False, act: str = "speech") -> list[SpeakerCount]:
        """Speakers with the most statements (of speech by default, or ``act="all"``); unnamed sources
        only when asked."""
        n = self.speaker_count(act)
        rows = self.rows(
            f"SELECT id, name, type, {n} AS statements, documents FROM entities WHERE merged_into IS NULL "
            f"AND {n} > 0 {'' if unnamed else 'AND named = 1'} ORDER BY {n} DESC, id LIMIT ?",
            (top,),
        )
        return [SpeakerCount(**dict(r)) for r in rows]

    def top_speakers(self, limit: int, unnamed: bool = False) -> list[SpeakerSummary]:
        """The most quoted speakers with their dates (the web's listing)."""
        return search.top_speakers(self, limit, unnamed)

    def find_speakers(self, q: str, limit: int, unnamed: bool = False) -> list[SpeakerSummary]:
        """Speakers whose name or any alias is ``q`` or starts with it: see query.search.speakers."""
        return search.speakers(self, q, limit, unnamed)

    def live_entity(self, entity: int) -> int | None:
        """The entity an id stands for now (following merges), None when there is no such entity."""
        try:
            return decisions.live(self.conn, entity)
        except NotFound:
            return None
        except sqlite3.Error as exc:
            raise self.failure(exc) from None

    def speaker(self, name: str, limit: int | None = 100) -> list[SpeakerProfile]:
        """Every entity the name can mean, best known first, each with its statements in time order."""
        profiles = []
        for entity in self.entity_ids(name)[:10]:
            (row,) = self.rows(
                "SELECT id, name, type, named, descriptors, statements, documents, first_date, last_date "
                "FROM entities WHERE id = ?",
                (entity,),
            )
            aliases = self.rows(
                "SELECT alias, count FROM aliases WHERE entity = ? ORDER BY count DESC, alias", (entity,)
            )
            by_outlet = self.rows(
                "SELECT coalesce(d.outlet, '(unknown)') AS outlet, count(*) AS n FROM statements s "
                f"JOIN documents d ON d.id = s.document WHERE s.speaker = ? AND {self.shown} "
                "GROUP BY 1 ORDER BY 2 DESC, 1",
                (entity,),
            )
            by_month = self.rows(
                "SELECT coalesce(substr(s.date, 1, 7), '(undated)') AS month, count(*) AS n FROM statements s "
                f"WHERE s.speaker = ? AND {self.shown} GROUP BY 1 ORDER BY 1",
                (entity,),
            )
            quotes = self.rows(
                f"SELECT {self.quote_columns} {QUOTE_FROM} WHERE s.speaker = ? AND {self.shown} "
                "ORDER BY s.date IS NULL, s.date, d.id, s.start" + (" LIMIT ?" if limit is not None else ""),
                (entity, limit) if limit is not None else (entity,),
            )
            profiles.append(
                SpeakerProfile(
                    id=row["id"],
                    name=row["name"],
                    type=row["type"],
                    named=bool(row["named"]),
                    aliases=[(a["alias"], a["count"]) for a in aliases],
                    descriptors=json.loads(row["descriptors"]),
                    statements=row["statements"],
                    documents=row["documents"],
                    first_date=row["first_date"],
                    last_date=row["last_date"],
                    by_outlet=[(o["outlet"], o["n"]) for o in by_outlet],
                    by_month=[(m["month"], m["n"]) for m in by_month],
                    quotes=[Quote.from_row(q) for q in quotes],
                )
            )
        return profiles

    # stories

    def stories(self, limit: int = 20, min_documents: int = 1) -> list[StorySummary]:
        """Stories with the most articles first."""
        rows = self.rows(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE documents >= ? "
            "ORDER BY documents DESC, last_date DESC, id LIMIT ?",
            (min_documents, limit),
        )
        return [StorySummary(**dict(r)) for r in rows]

    def story(self, story: int, limit: int | None = None) -> StoryDetail:
        """A story's articles and statements, in time order; NotFound when there is no such story."""
        rows = self.rows(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story,))
        if not rows:
            raise NotFound(f"no story {story}")
        articles = self.rows(
            "SELECT doc_id AS document, title, outlet, date, source, url FROM documents WHERE story = ? "
            "ORDER BY date IS NULL, date, id",
            (story,),
        )
        return StoryDetail(
            StorySummary(**dict(rows[0])),
            [StoryArticle(**dict(a)) for a in articles],
            self.quotes(story=story, limit=limit, oldest_first=True),
        )

    # reactions

    @property
    def has_reactions(self) -> bool:
        """Stores from before reactions (read-only, not migrated) have no reactions table."""
        return self.store.version >= 4

    def reactions(
        self,
        story: int | None = None,
        speaker: str | None = None,
        statement: int | None = None,
        answered: int | None = None,
        responder: int | None = None,
        limit: int | None = 200,
    ) -> list[Reaction]:
        """Reactions in date order: of a story, by or to a speaker (a name or id), by one response statement,
        answering one statement (``answered``), or made by one entity (``responder``, an id): their stance
        over time."""
        if not self.has_reactions:
            return []
        clauses: list[str] = []
        args: list[Any] = []
        if story is not None:
            clauses.append("d.story = ?")
            args.append(story)
        if speaker is not None:
            ids = self.entity_ids(speaker)
            if not ids:
                raise NotFound(f"no speaker matches {speaker!r}")
            marks = ", ".join("?" * len(ids))
            clauses.append(
                f"(coalesce(re.merged_into, r_s.speaker) IN ({marks}) OR coalesce(te.merged_into, r.target_entity) "
                f"IN ({marks}) OR coalesce(tse.merged_into, ts.speaker) IN ({marks}))"
            )
            args += ids * 3
        if statement is not None:
            clauses.append("r.statement = ?")
            args.append(statement)
        if answered is not None:
            clauses.append("r.target_statement = ?")
            args.append(answered)
        if responder is not None:
            clauses.append("coalesce(re.merged_into, r_s.speaker) = ?")
            args.append(responder)
        if self.has_hidden():
            clauses.append("NOT r_s.hidden AND NOT coalesce(ts.hidden, 0)")
        where_sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        limit_sql = f"LIMIT {int(limit)}" if limit is not None else ""
        rows = self.rows(
            f"""
            SELECT r.id AS id, r.stance AS stance, r.confidence AS confidence, r.cue_text AS cue_text,
              r.cue_start AS cue_start, r.cue_end AS cue_end,
              r_s.id AS s_id, r_s.text AS s_text, r_s.kind AS s_kind, r_s.start AS s_start, r_s."end" AS s_end, r_s.date AS s_date,
              d.doc_id AS s_document, coalesce(re.merged_into, r_s.speaker) AS s_speaker_id,
              coalesce(rl.name, re.name, r_s.speaker_name) AS s_speaker,
              ts.id AS t_id, ts.text AS t_text, ts.kind AS t_kind, ts.start AS t_start, ts."end" AS t_end, ts.date AS t_date,
              td.doc_id AS t_document, coalesce(tse.merged_into, ts.speaker) AS t_speaker_id,
              coalesce(tsl.name, tse.name, ts.speaker_name) AS t_speaker,
              coalesce(te.merged_into, r.target_entity) AS e_id, coalesce(tel.name, te.name) AS e_name
            FROM reactions r
            JOIN statements r_s ON r_s.id = r.statement
            JOIN documents d ON d.id = r.document
            LEFT JOIN entities re ON re.id = r_s.speaker
            LEFT JOIN entities rl ON rl.id = re.merged_into
            LEFT JOIN statements ts ON ts.id = r.target_statement
            LEFT JOIN documents td ON td.id = ts.document
            LEFT JOIN entities tse ON tse.id = ts.speaker
            LEFT JOIN entities tsl ON tsl.id = tse.merged_into
            LEFT JOIN entities te ON te.id = r.target_entity
            LEFT JOIN entities tel ON tel.id = te.merged_into
            {where_sql}
            ORDER BY r_s.date IS NULL, r_s.date, d.id, r.cue_start, r_s.start, r.id {limit_sql}
            """,
            args,
        )
        return [_reaction(r) for r in rows]

    def merge(self, keep: str, other: str) -> int:
        """Record that two entities are one person; returns the kept entity's id."""
        return corrections.merge(self.db, keep, other)

    def split(self, entity: str, alias: str | None = None, document: str | None = None) -> int:
        """Record that the entity's mentions under ``alias`` (or in ``document``) are someone else."""
        return corrections.split(self.db, entity, alias=alias, document=document)

    def rename(self, entity: str, name: str) -> int:
        """Give an entity (name or id) the name shown everywhere; returns its id."""
        return corrections.rename(self.db, entity, name)

    def reassign(self, statement: int, entity: str | None) -> int:
        """Attribute one statement to an entity (name or id), or to an unnamed source for None."""
        return corrections.reassign(self.db, statement, entity)

    def hide(self, statement: int) -> None:
        """Keep the statement in the store, out of counts, lists, search, facets and exports."""
        corrections.hide(self.db, statement, True)

    def unhide(self, statement: int) -> None:
        """Show a hidden statement again."""
        corrections.hide(self.db, statement, False)

    def undo(self) -> Decision:
        """Undo the last decision not yet undone; returns it."""
        return corrections.undo(self.db)

    def decisions(self) -> list[Decision]:
        """Every correction recorded, oldest first, undone ones included."""
        return corrections.listing(self.db)


@functools.lru_cache(maxsize=65536)
def outlet_words(outlet: str) -> frozenset[str]:
    """The spellings an outlet's name or host stands for, letters and digits only: a name with and without
    a leading "the" ("The Moscow Times": themoscowtimes, moscowtimes), a host without "www." and its domain
    suffix, the trailing labels of at most three letters (themoscowtimes.com: themoscowtimes)."""
    text = outlet.casefold().strip()
    if " " not in text and "." in text:
        labels = [x for x in text.split(".") if x]
        if labels and labels[0] == "www":
            labels = labels[1:]
        while len(labels) > 1 and len(labels[-1]) <= 3:
            labels.pop()
        forms = [" ".join(labels)]
    else:
        words = text.split()
        forms = [text] + ([" ".join(words[1:])] if len(words) > 1 and words[0] == "the" else [])
    return frozenset(c for c in ("".join(ch for ch in f if ch.isalnum()) for f in forms) if c)


def _is_host(text: str) -> bool:
    return " " not in text.strip() and "." in text


def _name_words(text: str) -> list[str]:
    """A name's words, letters and digits only, without a leading "the"."""
    words = ["".join(ch for ch in w if ch.isalnum()) for w in text.casefold().split()]
    words = [w for w in words if w]
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def _compounds(text: str) -> set[str]:
    """How a host can shorten a name of several words: the initials of its first words and the rest
    spelled out ("The New York Times": nytimes, nyorktimes; "Los Angeles Times": latimes), or all initials."""
    words = _name_words(text)
    if len(words) < 2:
        return set()
    out = {"".join(w[0] for w in words)}
    for k in range(1, len(words)):
        out.add("".join(w[0] for w in words[:k]) + "".join(words[k:]))
    return out


def _abbreviation(text: str) -> str | None:
    """The letters of an abbreviation as typed ("NYT", "BBC", "W.S.J."): one word of 2-6 capitals."""
    letters = text.strip().replace(".", "")
    if " " in letters or not 2 <= len(letters) <= 6 or not (letters.isalpha() and letters.isupper()):
        return None
    return letters.casefold()


@functools.lru_cache(maxsize=65536)
def outlet_matches(name: str, key: str) -> bool:
    """Whether an outlet filter ``name`` means the stored outlet ``key``: the same spelling (outlet_words),
    a name and the host that shortens it ("The New York Times" and nytimes.com, either way round), or an
    abbreviation in capitals and a name with those initials or a host that starts with it ("NYT" finds
    nytimes.com and "The New York Times"; "AP" finds apnews.com). A general rule, no list of outlets."""
    if outlet_words(name) & outlet_words(key):
        return True
    for a, b in ((name, key), (key, name)):
        if _is_host(b) and not _is_host(a) and outlet_words(b) & _compounds(a):
            return True
    abbr = _abbreviation(name)
    if abbr is None:
        return False
    if _is_host(key):
        return any(stem.startswith(abbr) for stem in outlet_words(key))
    words = _name_words(key)
    return len(words) > 1 and "".join(w[0] for w in words) == abbr


def _reaction(r: sqlite3.Row) -> Reaction:
    def speaker(entity: int | None, name: str | None) -> dict[str, Any] | None:
        return {"id": entity, "name": name} if name else None

    target_statement = (
        ReactionStatement(
            r["t_id"],
            r["t_text"],
            r["t_kind"],
            speaker(r["t_speaker_id"], r["t_speaker"]),
            r["t_document"],
            r["t_date"],
            r["t_start"],
            r["t_end"],
        )
        if r["t_id"] is not None
        else None
    )
    target_speaker = speaker(r["e_id"], r["e_name"]) or (
        target_statement.speaker if target_statement else None
    )
    return Reaction(
        id=r["id"],
        statement=ReactionStatement(
            r["s_id"],
            r["s_text"],
            r["s_kind"],
            speaker(r["s_speaker_id"], r["s_speaker"]),
            r["s_document"],
            r["s_date"],
            r["s_start"],
            r["s_end"],
        ),
        target={"statement": target_statement, "speaker": target_speaker},
        cue={"text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"]},
        stance=r["stance"],
        confidence=r["confidence"],
    )
