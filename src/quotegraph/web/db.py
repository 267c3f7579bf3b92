"""One read-only Corpus per worker thread.

sqlite3 connections belong to the thread that opened them, and FastAPI runs sync endpoints in a thread
pool, so each thread keeps its own connection (and its own page cache) instead of opening one per request.
The pool ends threads idle for a while (anyio: 10 s) and starts new ones under load, so the registry holds
its Corpus objects weakly: a finished thread's connection and caches go with it instead of piling up.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from pathlib import Path

from fastapi import Request

from quotegraph.query import Corpus


class Corpora:
    """Thread-local read-only Corpus objects over one store file."""

    def __init__(self, db: str | Path) -> None:
        self.db = Path(db)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: weakref.WeakSet[Corpus] = weakref.WeakSet()

    def get(self) -> Corpus:
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = Corpus(self.db, query_only=True)  # mode=ro, never creates or migrates
            corpus.background_columns = True  # no request waits for the facet columns' rebuild
            self._local.corpus = corpus
            with self._lock:
                self._all.add(corpus)
        return corpus

    def close(self) -> None:
        with self._lock:
            for corpus in list(self._all):
                # sqlite3 refuses closing another thread's connection; the process exit closes those
                with contextlib.suppress(Exception):
                    corpus.close()
            self._all.clear()


def corpus(request: Request) -> Corpus:
    """The calling thread's Corpus, held to this request's time limit (web.access.TimeLimit); call it
    inside the endpoint body (not as a dependency: another thread)."""
    c = request.app.state.corpora.get()
    c.limit(getattr(request.state, "budget", None))
    return c
