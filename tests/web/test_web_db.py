"""The server's per-thread Corpus objects: one per live worker thread, none kept for finished threads."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from quotegraph.web.db import Corpora


def test_a_finished_threads_corpus_is_released(web_db: Path) -> None:
    """The thread pool ends idle threads and starts new ones; each new thread opens its own connection, so
    one kept per finished thread would grow the server's memory with every burst of load."""
    corpora = Corpora(web_db)
    mine = corpora.get()
    assert corpora.get() is mine

    def work() -> None:
        assert corpora.get() is not mine
        corpora.get().rows("SELECT count(*) FROM statements")

    for _ in range(5):
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    gc.collect()
    assert list(corpora._all) == [mine]
    corpora.close()
