"""The user's corrections (merge, split) as writes: each opens the store for writing for its one change.

Readers (quotegraph.query.Corpus, the web) hold read-only connections; a correction never goes through
them, so a read-only connection stays read-only and the write is one short ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from sqlite3 import Connection
from typing import TypeVar

from quotegraph.corpus import decisions
from quotegraph.corpus.store.db import Store
from quotegraph.errors import BadQuery

T = TypeVar("T")


def merge(db: str | Path, keep: str, other: str) -> int:
    """Record that two entities (names or ids) are one person; returns the kept entity's id."""
    return _write(
        db,
        lambda conn: decisions.merge(
            conn, decisions.resolve_one(conn, keep), decisions.resolve_one(conn, other)
        ),
    )


def split(db: str | Path, entity: str, alias: str | None = None, document: str | None = None) -> int:
    """Record that the entity's mentions under ``alias`` (or in ``document``) are someone else."""
    if not alias and not document:
        raise BadQuery("split needs an alias or a document")
    return _write(
        db,
        lambda conn: decisions.split(
            conn, decisions.resolve_one(conn, entity), alias=alias, document=document
        ),
    )


def _write(db: str | Path, change: Callable[[Connection], T]) -> T:
    """Run ``change`` in one immediate transaction on a writable connection; roll back on any failure.

    The store must exist already (a correction never creates one): it is opened read-only first, which
    refuses a missing or foreign file with the readers' messages."""
    Store(db, readonly=True).close()
    with Store(db) as store:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            out = change(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return out
