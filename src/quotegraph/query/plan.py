"""The search planner: how a full-text condition joins a statement query, the expensive choice of a search.

The costs and thresholds are module globals read at call time, so tests can move them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quotegraph.errors import QuotegraphError, StoreError

if TYPE_CHECKING:
    import numpy as np

COMMON_MATCHES = 3000  # text matches read up front; more than this and the date index drives the query
# Rough relative costs (measured on the 1M-statement benchmark store): probing the full-text index for one
# statement vs. reading one full-text match into the temporary set that `s.id IN (SELECT ...)` builds.
_PROBE_COST = 70.0
_CACHED = 16  # distinct text queries whose first matches are kept


@dataclass
class TextPlan:
    condition: str  # SQL over ``s`` with one parameter
    value: Any
    walk_dates: bool  # force the date index (newest first, stop at the limit)


class TextSearch:
    """Full-text matching over one connection, with the first matches of recent queries cached."""

    def __init__(
        self, conn: sqlite3.Connection, failure: Callable[[sqlite3.Error], QuotegraphError] | None = None
    ) -> None:
        """``failure``: the error an SQLite failure becomes (the Corpus's: a time limit is a QueryTimeout)."""
        self.conn = conn
        self.failure = failure or (lambda exc: StoreError(f"query failed: {exc}"))
        self._matches: dict[tuple[str, int], list[int]] = {}

    def matching_ids(self, match: str) -> list[int]:
        """Ids of the statements matching an FTS5 query (fts_query's output), ascending, at most
        COMMON_MATCHES + 1 of them: a shorter list is every match.

        Cached per store version: a search page asks for the same query several times (statements, facets,
        counts), and a phrase of common words costs a full read of both words' positions each time."""
        key = (match, self._one("PRAGMA data_version"))
        if key not in self._matches:
            try:
                rows = self.conn.execute(
                    "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?",
                    (match, COMMON_MATCHES + 1),
                ).fetchall()
            except sqlite3.Error as exc:
                raise self.failure(exc) from None
            if len(self._matches) >= _CACHED:
                self._matches.pop(next(iter(self._matches)))
            self._matches[key] = [r[0] for r in rows]
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
