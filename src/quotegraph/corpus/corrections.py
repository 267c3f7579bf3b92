"""The user's corrections (merge, split, rename, reassign, hide, unhide, undo) as writes: each opens the store for writing for its one change.

Readers (quotegraph.query.Corpus, the web) hold read-only connections; a correction never goes through
them, so a read-only connection stays read-only and the write is one short ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from sqlite3 import Connection
from typing import TypeVar

from quotegraph.corpus import decisions
from quotegraph.corpus.decisions import Decision
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


def rename(db: str | Path, entity: str, name: str) -> int:
    """Give an entity (name or id) the name shown everywhere; returns its id."""
    return _write(db, lambda conn: decisions.rename(conn, decisions.resolve_one(conn, entity), name))


def reassign(db: str | Path, statement: int, entity: str | None) -> int:
    """Attribute one statement to an entity (name or id), or to an unnamed source for None; the entity."""

    def change(conn: Connection) -> int:
        decisions.statement_exists(conn, statement)
        target = decisions.resolve_one(conn, entity) if entity is not None else None
        return decisions.reassign(conn, statement, target)

    return _write(db, change)


def hide(db: str | Path, statement: int, hidden: bool = True) -> None:
    """Keep a statement in the store but out of counts, lists, search and exports (or show it again)."""
    _write(db, lambda conn: decisions.hide(conn, statement, hidden))


def undo(db: str | Path) -> Decision:
    """Undo the last decision not yet undone; returns it."""
    return _write(db, decisions.undo)


def listing(db: str | Path) -> list[Decision]:
    """Every decision, oldest first (read-only)."""
    with Store(db, readonly=True) as store:
        if store.version < 5:
            return [
                Decision(seq, kind, f"{kind} of entity {entity}" + (f" and {other}" if other else ""), when)
                for seq, kind, entity, other, when in store.conn.execute(
                    "SELECT id, kind, entity, other, created_at FROM decisions ORDER BY id"
                )
            ]
        return decisions.listing(store.conn)


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
