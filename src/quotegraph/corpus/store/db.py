"""The SQLite store: opening (with checks and migrations), writing one batch per transaction.

WAL mode lets readers query while an ingest writes; a batch is one transaction, so an interrupted ingest
(Ctrl-C, kill -9) leaves whole articles or none, and re-running it skips what is already stored.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from quotegraph.config import BUSY_TIMEOUT_MS
from quotegraph.corpus.columns import DOCUMENTS, STATEMENTS
from quotegraph.corpus.link.entities import EntityLinker, LocalEntity
from quotegraph.corpus.link.statements import NewStatement, StatementLinker, text_key
from quotegraph.corpus.link.stories import StoryDoc, StoryLinker
from quotegraph.corpus.store import decisions
from quotegraph.corpus.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, outlet_key
from quotegraph.errors import StoreError
from quotegraph.model import Extraction, Statement

SQLITE_HEADER = b"SQLite format 3\x00"
# Readers (queries, the web server) accept stores from this schema version on, without migrating them:
# the query layer falls back where a newer column is missing, so an upgrade never locks anyone out.
MIN_READABLE_VERSION = 1


@dataclass
class BatchResult:
    documents: int = 0
    statements: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def day_of(published: str | None) -> str | None:
    """YYYY-MM-DD of an ISO date or datetime, None when it is not one."""
    if not published or len(published) < 10:
        return None
    day = published[:10]
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return None
    return day


def outlet_of(publisher: str | None, url: str | None) -> str | None:
    """The outlet: the publisher when known, else the URL's host without 'www.'."""
    if publisher:
        return publisher
    if url:
        host = urlparse(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _prepare(conn: sqlite3.Connection, version: int) -> None:
    """Switch to WAL and migrate, safe against any number of processes doing the same at once.

    SQLite does not call the busy handler for every lock these steps take (switching the journal mode
    needs an exclusive lock, and a connection that read the file before another changed its mode gets
    SQLITE_BUSY at once), so ``busy_timeout`` alone lets racing writers fail. Each step is retried with
    a short random back-off until the busy timeout has passed; the migrations read the version again
    under the write lock, so a step another process applied meanwhile is skipped."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise _Busy
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                migrate(conn, version)
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?), ('application', 'quotegraph')",
                    (_now(),),
                )
            return
        except (_Busy, sqlite3.OperationalError) as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            busy = isinstance(exc, _Busy) or _is_busy(exc)
            if not busy or time.monotonic() > deadline:
                if isinstance(exc, _Busy):
                    raise sqlite3.OperationalError("database is locked: cannot switch to WAL") from None
                raise
            time.sleep(random.uniform(0.005, 0.05))


class _Busy(Exception):
    """The journal mode could not be switched yet: another connection holds the file."""


class Store:
    """One quotegraph SQLite file. ``readonly`` opens for queries and never creates or migrates."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.version = SCHEMA_VERSION  # the store's schema version once open (older when read-only)
        self.conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        path = self.path
        if path.exists():
            if path.is_dir():
                raise StoreError(f"{path}: is a folder, not a quotegraph store")
            with path.open("rb") as fh:
                head = fh.read(16)
            if head and head != SQLITE_HEADER:
                raise StoreError(f"{path}: not a quotegraph store (not an SQLite database); left untouched")
        elif self.readonly:
            raise StoreError(f"{path}: no such store; run `quotegraph ingest` first")
        try:
            if self.readonly:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            else:
                conn = sqlite3.connect(str(path), isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # one snapshot: another process may be creating the store right now, and a mark read before
            # its commit with tables read after would look like somebody else's database
            conn.execute("BEGIN")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open store ({exc}); left untouched") from None
        if tables and app_id != APPLICATION_ID:
            conn.close()
            raise StoreError(f"{path}: an SQLite database, but not a quotegraph store; left untouched")
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"{path}: written by a newer quotegraph (schema {version}; this version knows up to "
                f"{SCHEMA_VERSION}); upgrade quotegraph"
            )
        if self.readonly:
            if version < MIN_READABLE_VERSION:
                conn.close()
                raise StoreError(
                    f"{path}: schema {version} is older than {MIN_READABLE_VERSION}; "
                    "run `quotegraph ingest` on it to migrate"
                )
            self.version = version
            return conn
        try:
            _prepare(conn, version)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path}: cannot prepare store ({exc})") from None
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these document ids are already stored."""
        ids = list(doc_ids)
        found: set[str] = set()
        try:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    r[0]
                    for r in self.conn.execute(
                        f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", chunk
                    )
                )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the store ({exc})") from None
        return found

    def add_batch(self, results: Sequence[Extraction | dict[str, Any]]) -> BatchResult:
        """Store extraction records (or their extract.schema.json dicts) and link them, in one transaction."""
        out = BatchResult()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            entity_linker = EntityLinker(conn)
            statement_linker = StatementLinker(conn)
            story_linker = StoryLinker(conn)
            for result in results:
                # A savepoint per article: one malformed result is reported and skipped, not the batch.
                conn.execute("SAVEPOINT article")
                try:
                    added = self._add(result, entity_linker, statement_linker, story_linker)
                except (sqlite3.IntegrityError, KeyError, TypeError, ValueError) as exc:
                    conn.execute("ROLLBACK TO article")
                    conn.execute("RELEASE article")
                    out.errors.append(f"{_name_of(result)}: not stored ({type(exc).__name__}: {exc})")
                    continue
                conn.execute("RELEASE article")
                if added is not None:
                    out.documents += 1
                    out.statements += added
                else:
                    out.skipped += 1
            statement_linker.refresh()
            story_linker.refresh()
            decisions.reapply(conn)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{self.path}: write failed ({exc}); nothing from this batch was stored"
                ) from None
            raise
        return out

    def _add(
        self,
        result: Extraction | dict[str, Any],
        entity_linker: EntityLinker,
        statement_linker: StatementLinker,
        story_linker: StoryLinker,
    ) -> int | None:
        """Store one record; the number of its statements, or None when the article is stored already."""
        conn = self.conn
        doc_id = result.article.id if isinstance(result, Extraction) else result["document"]["id"]
        if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone():
            return None
        record = result if isinstance(result, Extraction) else Extraction.from_dict(result)
        data = record.to_dict()
        art = record.article
        day = day_of(art.published)
        outlet = outlet_of(art.publisher, art.url)
        cur = conn.execute(
            DOCUMENTS.insert_sql(),
            DOCUMENTS.store_row(
                data, date=day, outlet=outlet, outlet_key=outlet_key(outlet), ingested_at=_now()
            ),
        )
        document = int(cur.lastrowid or 0)
        local = _local_entities(record)
        mapping = entity_linker.link_document(document, day, list(local.values()))
        speaker_counts: Counter[int] = Counter()
        new: list[NewStatement] = []
        local_ids: set[str] = set()
        for st, st_data in zip(record.statements, data["statements"], strict=True):
            local_id = st.id
            while local_id in local_ids:  # an extraction repeating an id must not cost the article
                local_id += "'"
            local_ids.add(local_id)
            sp, addr = st.speaker, st.addressee
            sp_local = _speaker_local(st) if sp else None
            speaker = mapping.get(sp_local) if sp_local else None
            addressee = mapping.get(addr.entity) if addr and addr.entity else None
            cur = conn.execute(
                STATEMENTS.insert_sql(),
                STATEMENTS.store_row(
                    st_data,
                    document=document,
                    local_id=local_id,
                    speaker=speaker,
                    speaker_local=sp_local,
                    addressee=addressee,
                    extractor_version=record.version,
                    date=day,
                    text_hash=text_key(st.text),
                ),
            )
            if speaker is not None:
                speaker_counts[speaker] += 1
            new.append(NewStatement(int(cur.lastrowid or 0), st.text, speaker, bool(sp and sp.named)))
        conn.executemany(
            "UPDATE entities SET statements = statements + ? WHERE id = ?",
            [(n, e) for e, n in speaker_counts.items()],
        )
        for ns in new:
            statement_linker.assign(ns)
        story_entities: Counter[int] = Counter()
        for ent in local.values():
            if ent.named and ent.type in ("PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER"):
                story_entities[mapping[ent.local_id]] += max(1, len(ent.spans))
        story_linker.assign(StoryDoc(document, (art.title or "") + "\n" + art.text, day, story_entities))
        return len(record.statements)

    def stats(self) -> dict[str, int]:
        """Row counts of the main tables."""
        q = {
            "documents": "SELECT count(*) FROM documents",
            "statements": "SELECT count(*) FROM statements",
            "speakers": "SELECT count(*) FROM entities WHERE merged_into IS NULL AND statements > 0",
            "entities": "SELECT count(*) FROM entities WHERE merged_into IS NULL",
            "groups": "SELECT count(*) FROM statement_groups",
            "stories": "SELECT count(*) FROM stories",
        }
        try:
            return {k: self.conn.execute(v).fetchone()[0] for k, v in q.items()}
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the store ({exc})") from None


def _name_of(result: Extraction | dict[str, Any]) -> Any:
    """How an error names a record: its source, else its document id."""
    if isinstance(result, Extraction):
        return result.article.source or result.article.id
    doc = result.get("document") or {}
    return doc.get("source") or doc.get("id")


def _speaker_local(st: Statement) -> str:
    assert st.speaker is not None
    return st.speaker.entity or f"S:{st.id}"


def _local_entities(record: Extraction) -> dict[str, LocalEntity]:
    """The article's entities, plus one for each speaker the extraction left without an entity.

    An entity spoken of as an unnamed speaker anywhere in the article is unnamed (never merged)."""
    unnamed = {
        st.speaker.entity
        for st in record.statements
        if st.speaker and st.speaker.entity and not st.speaker.named
    }
    local = {e.id: LocalEntity.from_dict(e.to_dict(), named=e.id not in unnamed) for e in record.entities}
    for st in record.statements:
        sp = st.speaker
        if not sp:
            continue
        key = _speaker_local(st)
        if key not in local:
            local[key] = LocalEntity(
                local_id=key,
                name=sp.name or sp.text or "?",
                type="PERSON" if sp.named else "GROUP",
                named=sp.named,
                spans=[[sp.start, sp.end]] if sp.start is not None else [],
            )
    return local
