"""The facet columns of a store in memory: what exact counts and facets over 100,000 matches read.

SQLite aggregating 100,000 matched statements costs a row lookup each (0.4-1 s on the 1,000,000-statement
benchmark store); with the columns a facet needs held as arrays indexed by statement id, a facet is one
array lookup and a bincount over the matched ids. The arrays are built once per store file and process (a
server's threads share them), on first use, from their own read-only connection, and brought up to date
when that connection's ``PRAGMA data_version`` moves (any commit by any other connection). An ingest
appends statements: the rows past the arrays' last id are read and appended (and the small per-article
arrays read again), milliseconds where reading everything takes 1-2 s at 1,000,000. A change to stored
statement rows (a correction, a merge or re-applied decision in a batch, new metadata) is counted in meta
by the writer's triggers (corpus.store.db._watch_rewrites): when that count, the schema version or the
number of rows says stored rows changed, everything is read again.
About 22 bytes a statement id; a store with more than MAX_ROWS ids is not cached (SQLite aggregates).
"""

from __future__ import annotations

import bisect
import ctypes
import os
import sqlite3
import threading
import weakref
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotegraph.corpus.store.db import DOCUMENTS_REWRITTEN, STATEMENTS_REWRITTEN
from quotegraph.query.filters import ACTS, KINDS

if TYPE_CHECKING:
    import numpy as np

MAX_ROWS = 10_000_000  # statement ids cached at most (about 220 MB); beyond, facets are aggregated by SQLite
NONE = -1  # a NULL speaker, addressee, date or outlet
APPEND_WAIT = 0.5  # s a server's request waits for another's append before counting with SQLite instead

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
        self.mark: tuple[int, int, int] | None = None  # (schema, statement and article rewrites) read at
        self.unstoried = 0  # stored articles without a story, as the arrays hold them
        self.builds = 0  # how many times everything was read (tests check invalidation with it)
        self.appends = 0  # how many times new rows were appended instead
        self.building: threading.Thread | None = None
        self.rebuilding = False  # a background thread is reading everything

    def snapshot(self, wait: bool = True) -> Snapshot | None:
        """The columns as the store is now (updated if it changed since); None when the store has more
        than MAX_ROWS statement ids or values the arrays do not encode (an unknown kind or act).

        ``wait=False`` (a server, while an ingest writes): new rows are appended by the request that sees
        them first (others wait up to APPEND_WAIT for it); a store whose stored rows changed is read again
        in a background thread and None comes back until that is done, so the caller counts with SQLite
        (exact too) and no request waits the 1-2 s reading everything takes at 1,000,000 statements."""
        if wait:
            with self.lock:
                version = self._data_version()
                if version != self.version and not self._append():
                    self._rebuild()
                self.version = version
                return self.current
        if self.rebuilding or not self.lock.acquire(timeout=APPEND_WAIT):
            return None  # a rebuild or a slow append holds the lock: count with SQLite meanwhile
        try:
            version = self._data_version()
            if version == self.version:
                return self.current
            if self._append():
                self.version = version
                return self.current
            if self.building is None or not self.building.is_alive():
                self.rebuilding = True
                self.building = threading.Thread(target=self._background, name="qg-columns", daemon=True)
                self.building.start()
            return None
        finally:
            self.lock.release()

    def _background(self) -> None:
        try:
            with self.lock:
                version = self._data_version()
                self._rebuild()
                self.version = version
        finally:
            self.rebuilding = False

    def _rebuild(self) -> None:
        self.current = None  # free the old arrays before reading the new ones
        self.current, self.mark = self._build()
        self.builds += 1
        _give_back()

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _mark(self) -> tuple[int, int, int]:
        """What says stored rows changed (inside the read transaction of the arrays)."""
        (schema,) = self.conn.execute("PRAGMA user_version").fetchone()
        counts = dict(
            self.conn.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?)", (STATEMENTS_REWRITTEN, DOCUMENTS_REWRITTEN)
            ).fetchall()
        )
        return int(schema), int(counts.get(STATEMENTS_REWRITTEN, 0)), int(counts.get(DOCUMENTS_REWRITTEN, 0))

    def _build(self) -> tuple[Snapshot | None, tuple[int, int, int] | None]:
        """Read the columns in one snapshot. Several aggregates of one query see the rows in the same
        order, whatever index SQLite scans, so each query returns ids beside its values and the values go
        to their ids: one scan of the table (its rows hold the text: 0.3 s a scan at 1,000,000) and
        covering-index scans for the rest."""
        import numpy as np

        conn = self.conn
        conn.execute("BEGIN")  # one read snapshot for every query below
        try:
            mark = self._mark()
            (top,) = conn.execute("SELECT coalesce(max(id), 0) FROM statements").fetchone()
            if top > MAX_ROWS:
                return None, mark
            size = top + 1
            ids, document, kinds, acts, hidden, addressee = self._columns("statements", _TABLE)
            if (kinds == len(KINDS)).any() or (acts == len(ACTS)).any():
                return None, mark
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
            snap = Snapshot(
                exists=exists,
                speaker=column(by_speaker, speaker, np.int32),
                addressee=column(ids, addressee, np.int32),
                document=column(ids, document, np.int32, 0),
                kind=column(ids, kinds, np.int8, 0),
                act=column(ids, acts, np.int8, 0),
                hidden=column(ids, hidden, np.bool_, 0),
                date=column(by_date, codes, np.int32),
                dates=dates,
                **_years(dates),
                **self._documents(),
            )
            return snap, mark
        finally:
            conn.execute("COMMIT")

    def _append(self) -> bool:
        """Bring the arrays up to date by appending the statements past their last id (and reading the
        per-article arrays again); False when stored rows changed and everything must be read again."""
        import numpy as np

        old = self.current
        if old is None or self.mark is None:
            return False
        conn = self.conn
        conn.execute("BEGIN")
        try:
            mark = self._mark()
            if mark[:2] != self.mark[:2]:
                return False  # a writer changed stored statement rows
            last = len(old.exists) - 1
            # apart: together they cost a scan of the table, alone a seek and a scan of the smallest index
            (top,) = conn.execute("SELECT coalesce(max(id), 0) FROM statements").fetchone()
            (n,) = conn.execute("SELECT count(*) FROM statements").fetchone()
            rows = conn.execute(
                "SELECT "
                + ", ".join([*_TABLE, f"coalesce(speaker, {NONE})", "date"])
                + " FROM statements WHERE id > ? ORDER BY id",
                (last,),
            ).fetchall()
            if top < last or n != int(old.exists.sum()) + len(rows) or top > MAX_ROWS:
                return False  # rows gone or put below the last id by a writer that does not count them
            docs = self._documents(old if mark[2] == self.mark[2] else None)
            self.mark = mark
            if not rows:
                self.current = replace(old, **docs)
                self.appends += 1
                return True
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            values = np.array([r[:7] for r in rows], dtype=np.int64).T
            kinds, acts = values[2], values[3]
            if (kinds == len(KINDS)).any() or (acts == len(ACTS)).any():
                return False
            new_dates = sorted({r[7] for r in rows if r[7] is not None} - set(old.dates))
            dates, date = old.dates, old.date
            if new_dates:  # the sorted date list grows: every stored date index moves to its new place
                dates = sorted([*old.dates, *new_dates])
                where = np.array([bisect.bisect_left(dates, d) for d in old.dates] + [NONE], dtype=np.int32)
                date = where[date]  # NONE (-1) picks the last entry, NONE again
            codes = np.array(
                [NONE if r[7] is None else bisect.bisect_left(dates, r[7]) for r in rows], dtype=np.int32
            )
            grow = top + 1 - len(old.exists)

            def extend(column: np.ndarray, values: np.ndarray, fill: int) -> np.ndarray:
                out = np.concatenate([column, np.full(grow, fill, dtype=column.dtype)])
                out[ids] = values
                return out

            self.current = Snapshot(
                exists=extend(old.exists, np.ones(len(ids), dtype=bool), 0),
                document=extend(old.document, values[1], 0),
                kind=extend(old.kind, kinds, 0),
                act=extend(old.act, acts, 0),
                hidden=extend(old.hidden, values[4] != 0, 0),
                addressee=extend(old.addressee, values[5], NONE),
                speaker=extend(old.speaker, values[6], NONE),
                date=extend(date, codes, NONE),
                dates=dates,
                **_years(dates),
                **docs,
            )
            self.appends += 1
            return True
        finally:
            conn.execute("COMMIT")

    def _documents(self, old: Snapshot | None = None) -> dict[str, Any]:
        """The per-article arrays (story, outlet, outlet key): ``old``'s with the articles past its last id
        appended, or read whole (no ``old``, or a stored article's story or outlet changed: a story merge,
        new metadata, a story given to an article stored without one)."""
        import numpy as np

        last = len(old.doc_story) - 1 if old is not None else 0
        if old is not None:
            (nulls,) = self.conn.execute(
                "SELECT count(*) FROM documents WHERE story IS NULL AND id <= ?", (last,)
            ).fetchone()
            if nulls == self.unstoried:
                return self._more_documents(old, last)
        doc_ids, stories = self._columns("documents", ["id", f"coalesce(story, {NONE})"])
        self.unstoried = int((stories == NONE).sum())
        top_doc = int(doc_ids.max(initial=0)) + 1
        doc_story = np.full(top_doc, NONE, dtype=np.int64)
        doc_story[doc_ids] = stories
        doc_outlet, outlets = self._values(top_doc, "outlet", "outlet IS NOT NULL AND outlet != ''")
        doc_key, keys = self._values(top_doc, "outlet_key", "outlet_key IS NOT NULL")
        return {
            "doc_story": doc_story,
            "doc_outlet": doc_outlet,
            "outlets": outlets,
            "doc_key": doc_key,
            "keys": keys,
        }

    def _more_documents(self, old: Snapshot, last: int) -> dict[str, Any]:
        import numpy as np

        rows = self.conn.execute(
            f"SELECT id, coalesce(story, {NONE}), outlet, outlet_key FROM documents WHERE id > ? ORDER BY id",
            (last,),
        ).fetchall()
        if not rows:
            return {k: getattr(old, k) for k in ("doc_story", "doc_outlet", "outlets", "doc_key", "keys")}
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        stories = np.array([r[1] for r in rows], dtype=np.int64)
        self.unstoried += int((stories == NONE).sum())
        grow = int(ids.max()) + 1 - len(old.doc_story)
        doc_story = np.concatenate([old.doc_story, np.full(grow, NONE, dtype=np.int64)])
        doc_story[ids] = stories

        def coded(
            column: np.ndarray, values: list[str], new: list[str | None], empty: bool
        ) -> tuple[np.ndarray, list[str]]:
            """Old codes moved to their place in the grown sorted value list, and the new rows' codes (an
            empty text is a value when ``empty``, as _values reads them)."""
            new = [v if v or (empty and v is not None) else None for v in new]
            added = sorted({v for v in new if v is not None} - set(values))
            if added:
                grown = sorted([*values, *added])
                where = np.array([bisect.bisect_left(grown, v) for v in values] + [NONE], dtype=np.int32)
                column, values = where[column], grown  # NONE (-1) picks the last entry, NONE again
            out = np.concatenate([column, np.full(grow, NONE, dtype=np.int32)])
            out[ids] = [NONE if v is None else bisect.bisect_left(values, v) for v in new]
            return out, values

        doc_outlet, outlets = coded(old.doc_outlet, old.outlets, [r[2] for r in rows], False)
        doc_key, keys = coded(old.doc_key, old.keys, [r[3] for r in rows], True)
        return {
            "doc_story": doc_story,
            "doc_outlet": doc_outlet,
            "outlets": outlets,
            "doc_key": doc_key,
            "keys": keys,
        }

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


_KIND = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
_ACT = " ".join(f"WHEN '{a}' THEN {i}" for i, a in enumerate(ACTS))
_TABLE = [  # the statement columns read from the table itself, as integers (unknown kinds and acts: len())
    "id",
    "document",
    f"CASE kind {_KIND} ELSE {len(KINDS)} END",
    f"CASE act {_ACT} ELSE {len(ACTS)} END",
    "hidden != 0",
    f"coalesce(addressee, {NONE})",
]


def _years(dates: list[str]) -> dict[str, Any]:
    """The year of each date index, for the year facet."""
    import numpy as np

    years = sorted({d[:4] for d in dates})
    return {"years": years, "year": np.array([years.index(d[:4]) for d in dates], dtype=np.int32)}


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
