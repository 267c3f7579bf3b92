"""The facet columns of a store in memory: what exact counts and facets over 100,000 matches read.

SQLite aggregating 100,000 matched statements costs a row lookup each (0.4-1 s on the 1,000,000-statement
benchmark store); with the columns a facet needs held as arrays indexed by statement id, a facet is one
array lookup and a bincount over the matched ids. The arrays are built once per store file and process (a
server's threads share them), on first use, from their own read-only connection, and rebuilt when that
connection's ``PRAGMA data_version`` moves (any commit by any other connection: an ingest, a correction).
About 22 bytes a statement id; a store with more than MAX_ROWS ids is not cached (SQLite aggregates).
"""

from __future__ import annotations

import bisect
import os
import sqlite3
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quotegraph.query.filters import ACTS, KINDS

if TYPE_CHECKING:
    import numpy as np

MAX_ROWS = 10_000_000  # statement ids cached at most (about 220 MB); beyond, facets are aggregated by SQLite
NONE = -1  # a NULL speaker, addressee, date or outlet

_registry: weakref.WeakValueDictionary[tuple[int, int], Columns] = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()


def ints(conn: sqlite3.Connection, sql: str, args: tuple[object, ...] = ()) -> np.ndarray:
    """The integers one group_concat() query returns, as an array: 100,000 of them in a few ms, where
    fetching them as rows costs 40 ms."""
    import numpy as np  # here, not at import: the query commands that never facet start without it

    (text,) = conn.execute(sql, args).fetchone()
    return np.fromstring(text or "", dtype=np.int64, sep=",")  # text mode, not the deprecated binary one


@dataclass
class Snapshot:
    """The facet columns at one store version; arrays indexed by statement id (``document`` by id too)."""

    exists: np.ndarray  # bool: a statement has this id
    speaker: np.ndarray  # int32 entity id or NONE
    addressee: np.ndarray  # int32 entity id or NONE
    document: np.ndarray  # int32 document id
    kind: np.ndarray  # int8 index into KINDS
    act: np.ndarray  # int8 index into ACTS
    hidden: np.ndarray  # bool
    date: np.ndarray  # int32 index into dates (sorted), or NONE
    dates: list[str]
    year: np.ndarray  # int32 index into years per date index
    years: list[str]
    doc_outlet: np.ndarray  # int32 per document id: index into outlets (a non-empty name) or NONE
    outlets: list[str]
    doc_key: np.ndarray  # int32 per document id: index into keys (outlet_key) or NONE
    keys: list[str]
    doc_story: np.ndarray  # int64 per document id: story or NONE

    @property
    def nbytes(self) -> int:
        """The arrays' size (the value lists are small: one entry per date, year, outlet)."""
        return sum(v.nbytes for v in vars(self).values() if hasattr(v, "nbytes"))

    def since(self, day: str) -> int:
        """The first date index on or after ``day`` (dates compare as text, as SQLite compares them)."""
        return bisect.bisect_left(self.dates, day)

    def until(self, day: str) -> int:
        """The last date index on or before ``day``."""
        return bisect.bisect_right(self.dates, day) - 1


class Columns:
    """The facet columns of one store file, shared by every Corpus of the process that opens it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        self.lock = threading.Lock()
        self.version: int | None = None
        self.current: Snapshot | None = None
        self.builds = 0  # how many times the arrays were read (tests check invalidation with it)

    def snapshot(self) -> Snapshot | None:
        """The columns as the store is now (rebuilt if it changed since); None when the store has more
        than MAX_ROWS statement ids or values the arrays do not encode (an unknown kind or act)."""
        with self.lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self.version:
                self.current = None  # free the old arrays before reading the new ones
                self.current = self._build()
                self.version = version
                self.builds += 1
            return self.current

    def _build(self) -> Snapshot | None:
        import numpy as np

        conn = self.conn
        conn.execute("BEGIN")  # one read snapshot for every query below
        try:
            (top,) = conn.execute("SELECT coalesce(max(id), 0) FROM statements").fetchone()
            if top > MAX_ROWS:
                return None
            size = top + 1
            kind = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
            act = " ".join(f"WHEN '{a}' THEN {i}" for i, a in enumerate(ACTS))

            def read(sql: str, dtype: type) -> np.ndarray:
                """One column in id order (a covering index would give another order), straight to its
                final type: one column's text alive at a time."""
                return ints(
                    conn, f"SELECT group_concat(v) FROM (SELECT {sql} AS v FROM statements ORDER BY id)"
                ).astype(dtype)

            ids = read("id", np.int64)

            kind = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
            act = " ".join(f"WHEN '{a}' THEN {i}" for i, a in enumerate(ACTS))
            kinds = read(f"CASE kind {kind} ELSE {len(KINDS)} END", np.int8)
            acts = read(f"CASE act {act} ELSE {len(ACTS)} END", np.int8)
            if (kinds == len(KINDS)).any() or (acts == len(ACTS)).any():
                return None
            speaker = read(f"coalesce(speaker, {NONE})", np.int32)
            addressee = read(f"coalesce(addressee, {NONE})", np.int32)
            document = read("document", np.int32)
            hidden = read("hidden != 0", np.bool_)
            exists = np.zeros(size, dtype=bool)
            exists[ids] = True

            def column(values: np.ndarray, dtype: type, fill: int = NONE) -> np.ndarray:
                out = np.full(size, fill, dtype=dtype)
                out[ids] = values
                return out

            # dates: the statements in date order and how many have each date give each one its date's index
            counts = conn.execute(
                "SELECT date, count(*) FROM statements GROUP BY date ORDER BY date"
            ).fetchall()
            by_date = ints(conn, "SELECT group_concat(id) FROM (SELECT id FROM statements ORDER BY date, id)")
            dates = [d for d, _ in counts if d is not None]
            codes = np.repeat(
                np.array(
                    [NONE if d is None else i - (counts[0][0] is None) for i, (d, _) in enumerate(counts)]
                ),
                [n for _, n in counts],
            )
            date = np.full(size, NONE, dtype=np.int32)
            date[by_date] = codes
            years = sorted({d[:4] for d in dates})
            year = np.array([years.index(d[:4]) for d in dates], dtype=np.int32)

            docs = conn.execute("SELECT id, outlet, outlet_key, story FROM documents").fetchall()
            top_doc = max((d[0] for d in docs), default=0) + 1
            outlets = sorted({d[1] for d in docs if d[1]})
            keys = sorted({d[2] for d in docs if d[2] is not None})
            outlet_index = {o: i for i, o in enumerate(outlets)}
            key_index = {k: i for i, k in enumerate(keys)}
            doc_ids = np.array([d[0] for d in docs], dtype=np.int64)
            doc_outlet = np.full(top_doc, NONE, dtype=np.int32)
            doc_outlet[doc_ids] = [outlet_index[d[1]] if d[1] else NONE for d in docs]
            doc_key = np.full(top_doc, NONE, dtype=np.int32)
            doc_key[doc_ids] = [NONE if d[2] is None else key_index[d[2]] for d in docs]
            doc_story = np.full(top_doc, NONE, dtype=np.int64)
            doc_story[doc_ids] = [NONE if d[3] is None else d[3] for d in docs]
            return Snapshot(
                exists=exists,
                speaker=column(speaker, np.int32),
                addressee=column(addressee, np.int32),
                document=column(document, np.int32, 0),
                kind=column(kinds, np.int8, 0),
                act=column(acts, np.int8, 0),
                hidden=column(hidden, np.bool_, 0),
                date=date,
                dates=dates,
                year=year,
                years=years,
                doc_outlet=doc_outlet,
                outlets=outlets,
                doc_key=doc_key,
                keys=keys,
                doc_story=doc_story,
            )
        finally:
            conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __del__(self) -> None:
        self.conn.close()


def columns(path: Path) -> Columns:
    """The one Columns of a store file in this process (by device and inode: a new file at the same path
    is another store); it lives as long as some Corpus holds it."""
    st = os.stat(path)
    key = (st.st_dev, st.st_ino)
    with _registry_lock:
        found = _registry.get(key)
        if found is None:
            found = Columns(path)
            _registry[key] = found
        return found
