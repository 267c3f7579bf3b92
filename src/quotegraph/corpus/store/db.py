"""The SQLite store: opening (with checks and migrations), writing one batch per transaction.

WAL mode lets readers query while an ingest writes; a batch is one transaction, so an interrupted ingest
(Ctrl-C, kill -9) leaves whole articles or none, and re-running it skips what is already stored.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from quotegraph.config import BUSY_TIMEOUT_MS, CHECKPOINT_WAIT_MS, WAL_SIZE_LIMIT
from quotegraph.corpus.columns import DOCUMENTS, STATEMENTS
from quotegraph.corpus.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, outlet_key
from quotegraph.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
# Readers (queries, the web server) accept stores from this schema version on, without migrating them:
# the query layer falls back where a newer column is missing, so an upgrade never locks anyone out.
MIN_READABLE_VERSION = 1
# meta key counting rewrites of stored statement rows' facet columns (see _watch_rewrites)
STATEMENTS_REWRITTEN = "statements_rewritten"
DOCUMENTS_REWRITTEN = "documents_rewritten"  # the same for stored articles' story (once set) and outlet
_FACETS = ("speaker", "addressee", "hidden", "date", "kind", "act", "document", "id")


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
            conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
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


def _watch_rewrites(conn: sqlite3.Connection) -> None:
    """Count, in meta, every change this connection makes to a stored statement's facet columns (and every
    deleted statement): the facet arrays a server holds (query.columns) then append an ingest's new rows
    and read everything again only when this count moved. TEMP triggers, so the schema is untouched and a
    store written by an older quotegraph needs no migration; a write by another program is not counted."""
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _FACETS)

    def bump(key: str) -> str:
        return f"INSERT INTO meta (key, value) VALUES ('{key}', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1"

    # a new article's story is set after its row is written (NULL to a story): not counted, the arrays
    # read the articles past their last id anyway and count the stored ones without a story
    moved = "(OLD.story IS NOT NULL AND OLD.story IS NOT NEW.story) OR OLD.outlet IS NOT NEW.outlet "
    moved += "OR OLD.outlet_key IS NOT NEW.outlet_key OR OLD.id IS NOT NEW.id"
    conn.executescript(
        f"""
        CREATE TEMP TRIGGER IF NOT EXISTS qg_statements_rewritten
        AFTER UPDATE OF {", ".join(_FACETS)} ON main.statements WHEN {changed}
        BEGIN {bump(STATEMENTS_REWRITTEN)}; END;
        CREATE TEMP TRIGGER IF NOT EXISTS qg_statements_deleted AFTER DELETE ON main.statements
        BEGIN {bump(STATEMENTS_REWRITTEN)}; END;
        CREATE TEMP TRIGGER IF NOT EXISTS qg_documents_rewritten
        AFTER UPDATE OF story, outlet, outlet_key, id ON main.documents WHEN {moved}
        BEGIN {bump(DOCUMENTS_REWRITTEN)}; END;
        CREATE TEMP TRIGGER IF NOT EXISTS qg_documents_deleted AFTER DELETE ON main.documents
        BEGIN {bump(DOCUMENTS_REWRITTEN)}; END;
        """
    )


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
            _watch_rewrites(conn)
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

    def insert_document(self, data: dict[str, Any], day: str | None, outlet: str | None) -> int:
        """Write one document row (the record's ``to_dict()`` form); its row id."""
        cur = self.conn.execute(
            DOCUMENTS.insert_sql(),
            DOCUMENTS.store_row(
                data, date=day, outlet=outlet, outlet_key=outlet_key(outlet), ingested_at=_now()
            ),
        )
        return int(cur.lastrowid or 0)

    def insert_statement(self, data: dict[str, Any], **columns: Any) -> int:
        """Write one statement row (the statement's ``to_dict()`` form plus the store's own columns)."""
        cur = self.conn.execute(STATEMENTS.insert_sql(), STATEMENTS.store_row(data, **columns))
        return int(cur.lastrowid or 0)

    def checkpoint(self) -> bool:
        """Copy the WAL into the store file and truncate it; True when it is done.

        Called after each batch so the -wal file of a long ingest stays about one batch's size: SQLite's
        own automatic checkpoint never shrinks the file, and cannot reset it while readers (the web
        server) keep reading from it. Readers are waited for briefly only; when one holds the WAL the
        next batch tries again. A failure (a full disk) is not the batch's: its data is committed in the
        WAL, so it is reported as False, not raised."""
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:
            return False
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return busy == 0

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

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
