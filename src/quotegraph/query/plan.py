"""The search planner: how a full-text condition joins a statement query, the expensive choice of a search.

The costs and thresholds are module globals read at call time, so tests can move them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotegraph.corpus.store.db import DOCUMENTS_REWRITTEN, STATEMENTS_REWRITTEN
from quotegraph.errors import QuotegraphError, StoreError

if TYPE_CHECKING:
    import numpy as np

COMMON_MATCHES = 3000  # text matches read up front; more than this and the date index drives the query
# Rough relative costs (measured on the 1M-statement benchmark store): probing the full-text index for one
# statement vs. reading one full-text match into the temporary set that `s.id IN (SELECT ...)` builds.
_PROBE_COST = 70.0
_CACHED = 16  # distinct text queries whose first matches are kept
SHARED_BYTES = 32 << 20  # the process-wide cache of first matches (MatchCache) keeps at most this many bytes


@dataclass
class TextPlan:
    condition: str  # SQL over ``s`` with one parameter
    value: Any
    walk_dates: bool  # force the date index (newest first, stop at the limit)


Mark = tuple[int, int, int]  # (schema version, statement rewrites, article rewrites) as meta counts them


@dataclass(frozen=True)
class _Found:
    ids: np.ndarray  # the first matches, ascending
    wanted: int  # how many were asked for: fewer in ids means these are all the matches there were
    mark: Mark


class MatchCache:
    """The first matches of recent text queries, shared by every connection of the process to one store.

    A common word's first 100,001 matches cost 15 ms of FTS5 reading on the 1,000,000-statement store, and
    each of a server's threads read them again after every ingest batch. Ids only grow while an ingest
    appends, so the first ``n`` ascending ids of a query stay its first ``n`` until a stored statement is
    deleted or rewritten (the writer's triggers count that in meta, the facet columns' signal too): with
    that count unchanged a cached list is still right, and a list shorter than what was asked for (all
    the matches there were) only lacks the ids past its last one, which one seek in the index reads.
    Bounded by SHARED_BYTES, least recently used first out."""

    def __init__(self, limit: int = SHARED_BYTES) -> None:
        self.limit = limit
        self.lock = threading.Lock()
        self.found: OrderedDict[str, _Found] = OrderedDict()
        self.nbytes = 0
        self.reads = 0  # full reads of the index (tests check reuse with it)
        self.extensions = 0  # reads of only the ids past a cached list's last one

    def first_ids(self, conn: sqlite3.Connection, match: str, n: int, mark: Mark) -> np.ndarray:
        """The first ``n`` ids matching ``match`` as ``conn`` sees them; ``mark`` is its current Mark."""
        import numpy as np

        from quotegraph.query.columns import ints

        with self.lock:
            found = self.found.get(match)
            if found is not None:
                self.found.move_to_end(match)
        if found is not None and found.mark == mark and (found.wanted >= n or len(found.ids) < found.wanted):
            if len(found.ids) >= n:
                return found.ids[:n]
            after = int(found.ids[-1]) if len(found.ids) else -1
            more = ints(
                conn,
                "SELECT group_concat(rowid) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? "
                "AND rowid > ? LIMIT ?)",
                (match, after, n - len(found.ids)),
            )
            self.extensions += 1
            ids = np.concatenate([found.ids, more]) if len(more) else found.ids
        else:
            ids = ints(
                conn,
                "SELECT group_concat(rowid) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? "
                "LIMIT ?)",
                (match, n),
            )
            self.reads += 1
        self._keep(match, _Found(ids, n, mark))
        return ids

    def _keep(self, match: str, found: _Found) -> None:
        with self.lock:
            old = self.found.pop(match, None)
            if old is not None:
                self.nbytes -= old.ids.nbytes
            if found.ids.nbytes > self.limit:
                return
            self.found[match] = found
            self.nbytes += found.ids.nbytes
            while self.nbytes > self.limit:
                _, dropped = self.found.popitem(last=False)
                self.nbytes -= dropped.ids.nbytes


_shared: weakref.WeakValueDictionary[tuple[int, int], MatchCache] = weakref.WeakValueDictionary()
_shared_lock = threading.Lock()


def match_cache(path: Path) -> MatchCache:
    """The one MatchCache of a store file in this process (by device and inode, as query.columns keys its
    arrays); it lives as long as some TextSearch holds it."""
    st = os.stat(path)
    key = (st.st_dev, st.st_ino)
    with _shared_lock:
        found = _shared.get(key)
        if found is None:
            found = MatchCache()
            _shared[key] = found
        return found


def mark(conn: sqlite3.Connection) -> Mark:
    """What says stored statements may have been deleted or rewritten, as ``conn`` sees the store now."""
    (schema,) = conn.execute("PRAGMA user_version").fetchone()
    counts = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (STATEMENTS_REWRITTEN, DOCUMENTS_REWRITTEN)
        ).fetchall()
    )
    return int(schema), int(counts.get(STATEMENTS_REWRITTEN, 0)), int(counts.get(DOCUMENTS_REWRITTEN, 0))


class TextSearch:
    """Full-text matching over one connection, with the first matches of recent queries cached."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        failure: Callable[[sqlite3.Error], QuotegraphError] | None = None,
        shared: MatchCache | None = None,
    ) -> None:
        """``failure``: the error an SQLite failure becomes (the Corpus's: a time limit is a QueryTimeout);
        ``shared``: the process's MatchCache for this store, for first_ids."""
        self.conn = conn
        self.failure = failure or (lambda exc: StoreError(f"query failed: {exc}"))
        self.shared = shared
        self._matches: dict[tuple[str, int], list[int]] = {}

    def matching_ids(self, match: str) -> list[int]:
        """Ids of the statements matching an FTS5 query (fts_query's output), ascending, at most
        COMMON_MATCHES + 1 of them: a shorter list is every match.

        Cached per store version: a search page asks for the same query several times (statements, facets,
        counts), and a phrase of common words costs a full read of both words' positions each time."""
        key = (match, self._one("PRAGMA data_version"))
        if key not in self._matches:
            if self.shared is not None:
                ids = self.first_ids(match, COMMON_MATCHES + 1).tolist()
            else:
                try:
                    rows = self.conn.execute(
                        "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?",
                        (match, COMMON_MATCHES + 1),
                    ).fetchall()
                except sqlite3.Error as exc:
                    raise self.failure(exc) from None
                ids = [r[0] for r in rows]
            if len(self._matches) >= _CACHED:
                self._matches.pop(next(iter(self._matches)))
            self._matches[key] = ids
        return self._matches[key]

    def plan(self, match: str, selective: bool, wanted: int | None) -> TextPlan:
        """The condition for a listing that wants ``wanted`` rows (None: all of them).

        - Few matches (up to COMMON_MATCHES): they are read once (matching_ids) and looked up by id.
        - Many, with a selective filter (speaker, outlet, story): the filter drives; the matches become a
          temporary set SQLite builds once.
        - Many, no such filter: walk the date index newest first and stop at the limit, checking each row
          either against that set, or, for a very common text where building the set would read far more
          rows than the walk visits, by probing the full-text index row by row.
        """
        ids = self.matching_ids(match)
        if len(ids) <= COMMON_MATCHES:
            return TextPlan("s.id IN (SELECT value FROM json_each(?))", json.dumps(ids), walk_dates=False)
        in_set = TextPlan(
            "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)", match, walk_dates=True
        )
        if selective:
            return TextPlan(in_set.condition, match, walk_dates=False)
        if wanted is None:
            return in_set
        # Matches are spread over the id range; the first COMMON_MATCHES + 1 of them end at ids[-1].
        top = self._one("SELECT max(id) FROM statements") or ids[-1]
        estimate = len(ids) * top / max(ids[-1], 1)  # all matches
        visits = wanted * top / estimate  # rows the date walk reads to find ``wanted`` matches
        if visits * _PROBE_COST < estimate:
            return TextPlan(
                "EXISTS (SELECT 1 FROM statements_fts f WHERE f.statements_fts MATCH ? AND f.rowid = s.id)",
                match,
                walk_dates=True,
            )
        return in_set

    def first_ids(self, match: str, n: int) -> np.ndarray:
        """The ids of the first ``n`` statements matching an FTS5 query, as an array (query.columns.ints:
        one string from SQLite instead of ``n`` rows)."""
        from quotegraph.query.columns import ints

        try:
            if self.shared is not None:
                return self.shared.first_ids(self.conn, match, n, mark(self.conn))
            return ints(
                self.conn,
                "SELECT group_concat(rowid) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? "
                "LIMIT ?)",
                (match, n),
            )
        except sqlite3.Error as exc:
            raise self.failure(exc) from None

    def _one(self, sql: str) -> Any:
        try:
            return self.conn.execute(sql).fetchone()[0]
        except sqlite3.Error as exc:
            raise self.failure(exc) from None

    def first(self, match: str, n: int) -> tuple[str, list[Any]]:
        """A condition over ``s`` keeping only the first ``n`` text matches: counts and facets read a
        bounded number of rows whatever the other filters are."""
        if n <= COMMON_MATCHES + 1:  # the first matches, read once per request (and cached)
            return "s.id IN (SELECT value FROM json_each(?))", [json.dumps(self.matching_ids(match)[:n])]
        return "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)", [match, n]
