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
import ctypes
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
        self.building: threading.Thread | None = None

    def snapshot(self, wait: bool = True) -> Snapshot | None:
        """The columns as the store is now (rebuilt if it changed since); None when the store has more
        than MAX_ROWS statement ids or values the arrays do not encode (an unknown kind or act).

        ``wait=False`` (a server, while an ingest writes): a changed store is read again in a background
        thread and None comes back until that is done, so the caller counts with SQLite (exact too) and
        no request waits the 1-2 s a rebuild takes at 1,000,000 statements."""
        if not wait:
            if not self.lock.acquire(blocking=False):
                return None  # a rebuild holds the lock: count with SQLite meanwhile
            try:
                if self._data_version() == self.version:
                    return self.current
                if self.building is None or not self.building.is_alive():
                    self.building = threading.Thread(target=self.snapshot, name="qg-columns", daemon=True)
                    self.building.start()
                return None
            finally:
                self.lock.release()
        with self.lock:
            version = self._data_version()
            if version != self.version:
                self.current = None  # free the old arrays before reading the new ones
                self.current = self._build()
                self.version = version
                self.builds += 1
                _give_back()
            return self.current

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _build(self) -> Snapshot | None:
        """Read the columns in one snapshot. Several aggregates of one query see the rows in the same
        order, whatever index SQLite scans, so each query returns ids beside its values and the values go
        to their ids: one scan of the table (its rows hold the text: 0.3 s a scan at 1,000,000) and
        covering-index scans for the rest."""
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
            table = [
                "id",
                "document",
                f"CASE kind {kind} ELSE {len(KINDS)} END",
                f"CASE act {act} ELSE {len(ACTS)} END",
                "hidden != 0",
                f"coalesce(addressee, {NONE})",
            ]
            ids, document, kinds, acts, hidden, addressee = self._columns("statements", table)
            if (kinds == len(KINDS)).any() or (acts == len(ACTS)).any():
                return None
            exists = np.zeros(size, dtype=bool)
            exists[ids] = True

            def column(at: np.ndarray, values: np.ndarray, dtype: type, fill: int = NONE) -> np.ndarray:
                out = np.full(size, fill, dtype=dtype)
                out[at] = values
                return out

            by_speaker, speaker = self._columns("statements", ["id", f"coalesce(speaker, {NONE})"])
            # dates: the statements in date order and how many have each date give each its date's index
            counts = conn.execute(
                "SELECT date, count(*) FROM statements GROUP BY date ORDER BY date"
            ).fetchall()
            (by_date,) = self._columns("(SELECT id FROM statements ORDER BY date, id)", ["id"])
            dates = [d for d, _ in counts if d is not None]
            undated = int(bool(counts) and counts[0][0] is None)
            codes = np.repeat(
                np.array(
                    [NONE if d is None else i - undated for i, (d, _) in enumerate(counts)], dtype=np.int32
                ),
                np.array([n for _, n in counts], dtype=np.int64),
            )
            date = column(by_date, codes, np.int32)
            years = sorted({d[:4] for d in dates})
            year = np.array([years.index(d[:4]) for d in dates], dtype=np.int32)

            doc_ids, stories = self._columns("documents", ["id", f"coalesce(story, {NONE})"])
            top_doc = int(doc_ids.max(initial=0)) + 1
            doc_story = np.full(top_doc, NONE, dtype=np.int64)
            doc_story[doc_ids] = stories
            doc_outlet, outlets = self._values(top_doc, "outlet", "outlet IS NOT NULL AND outlet != ''")
            doc_key, keys = self._values(top_doc, "outlet_key", "outlet_key IS NOT NULL")
            return Snapshot(
                exists=exists,
                speaker=column(by_speaker, speaker, np.int32),
                addressee=column(ids, addressee, np.int32),
                document=column(ids, document, np.int32, 0),
                kind=column(ids, kinds, np.int8, 0),
                act=column(ids, acts, np.int8, 0),
                hidden=column(ids, hidden, np.bool_, 0),
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

    def _columns(self, source: str, exprs: list[str]) -> list[np.ndarray]:
        """Integer expressions over ``source`` as arrays, row for row (one query, one order)."""
        import numpy as np

        row = self.conn.execute(
            "SELECT " + ", ".join(f"group_concat({e})" for e in exprs) + f" FROM {source}"
        ).fetchone()
        return [np.fromstring(t or "", dtype=np.int64, sep=",") for t in row]

    def _values(self, size: int, column: str, present: str) -> tuple[np.ndarray, list[str]]:
        """A text column of documents as an index per document id into its sorted distinct values."""
        import numpy as np

        out = np.full(size, NONE, dtype=np.int32)
        values: list[str] = []
        for value, ids in self.conn.execute(
            f"SELECT {column}, group_concat(id) FROM documents WHERE {present} GROUP BY 1 ORDER BY 1"
        ):
            out[np.fromstring(ids, dtype=np.int64, sep=",")] = len(values)
            values.append(value)
        return out, values

    def __del__(self) -> None:
        """The last Corpus over the store let go of it (see columns()): close its connection too."""
        self.conn.close()


def _give_back() -> None:
    """Return the build's freed memory to the system: glibc keeps freed heap (the SQLite strings and
    intermediate arrays, about 70 MB at 1,000,000 statements) as the process's own; elsewhere, nothing."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


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
