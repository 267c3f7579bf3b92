"""Ingest: extract articles and store them, batch by batch, skipping what the store already holds.

The document id is the hash of the normalized article text, so an article is recognised as stored before
the expensive spaCy pass (only the cheap cleaning runs for it). Each article is cleaned once: the cleaned
Article gives the id and then goes on to the extractor (``Extractor.extract_articles``). Each batch is one transaction: an
interrupted run leaves whole batches, and running the same command again finishes the job.

Faults: a write that fails (disk full, store made read-only) rolls its batch back and raises StoreError
with one line saying what was stored before it; ``stop`` (set by the CLI on SIGINT/SIGTERM) ends the run
gracefully, storing what is already extracted. Either way a re-run completes the job.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quotegraph.config import DEFAULT_BATCH, DEFAULT_DB, DEFAULT_MODEL
from quotegraph.corpus import batch as batches
from quotegraph.corpus.batch import BatchResult
from quotegraph.corpus.store import Store
from quotegraph.errors import InputError, StoreError
from quotegraph.extraction.pipeline import Extractor
from quotegraph.extraction.read import iter_documents, skipped_line
from quotegraph.extraction.read.metadata import load_metadata
from quotegraph.model import Article, Extraction, RawDocument


@dataclass
class IngestSummary:
    documents: int = 0
    statements: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)
    stopped: bool = False  # ended early on request (``stop``): a re-run finishes the job
    unsupported: Counter[str] = field(default_factory=Counter)  # folder files not read, by suffix
    with_metadata: int = 0  # inputs a row of the --metadata table named
    updated: int = 0  # articles stored before whose metadata the table changed

    @property
    def seen(self) -> int:
        return self.documents + self.skipped + len(self.errors)

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        t = self.totals
        return (
            ("stopped early; re-run the same command to finish. " if self.stopped else "")
            + f"ingested {self.documents} new articles ({self.statements} statements, {rate:.1f} articles/s); "
            f"{self.skipped} already stored; {len(self.errors)} errors. Store: {t.get('documents', 0)} articles, "
            f"{t.get('statements', 0)} statements, {t.get('speakers', 0)} speakers, {t.get('stories', 0)} stories"
            + (f"; {skipped}" if (skipped := skipped_line(self.unsupported)) else "")
            + (f"; metadata for {self.with_metadata} inputs" if self.with_metadata else "")
            + (f" ({self.updated} of them stored before, updated)" if self.updated else "")
        )


def ingest(
    inputs: Iterable[str],
    db: str | Path = DEFAULT_DB,
    *,
    extractor: Extractor | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    stop: threading.Event | None = None,
    metadata: str | Path | None = None,
) -> IngestSummary:
    """Extract and store every new article of ``inputs``; errors are collected, reported and skipped.

    When ``stop`` is set the run ends after the article in hand: what is extracted is stored, and the
    summary says ``stopped``. ``metadata``: a table (CSV, TSV, JSONL) whose rows give inputs their title,
    url, date, authors and publisher (see extraction.read.metadata); each unusable row is an error line."""
    start = time.perf_counter()
    table = load_metadata(metadata) if metadata is not None else None
    with Store(db) as store:
        extractor = extractor or Extractor(model=model)
        summary = IngestSummary()
        for message in table.errors if table else []:
            summary.errors.append(message)
            if on_error:
                on_error(InputError(message))
        pending: list[Extraction] = []

        def progress() -> None:
            summary.seconds = time.perf_counter() - start
            if on_progress:
                on_progress(summary)

        def flush() -> None:
            if pending:
                result = _add_batch(store, pending, summary)
                summary.documents += result.documents
                summary.statements += result.statements
                summary.skipped += result.skipped
                for message in result.errors:
                    summary.errors.append(message)
                    if on_error:
                        on_error(InputError(message))
                pending.clear()
                progress()

        def raws() -> Iterator[RawDocument | InputError]:
            for raw in iter_documents(inputs, skipped=summary.unsupported):
                if stop is not None and stop.is_set():
                    return
                if table is not None and isinstance(raw, RawDocument) and table.row_for(raw.source):
                    summary.with_metadata += 1
                    raw = table.apply(raw)
                yield raw

        def fresh() -> Iterator[Article | InputError]:
            # Cleaned here once: the Article's id tells a stored article before the spaCy pass, and the
            # Article itself goes on to the extractor.
            seen: set[str] = set()
            for item in extractor.clean_all(raws()):
                if isinstance(item, Article):
                    if item.id in seen or store.known([item.id]):
                        row = table.row_for(item.source) if table is not None else None
                        if row and item.id not in seen and batches.apply_metadata(store, item, row):
                            summary.updated += 1  # stored before the table was given: it gets its row too
                        summary.skipped += 1
                        progress()
                        continue
                    seen.add(item.id)
                yield item

        for item in extractor.extract_articles(fresh()):
            if isinstance(item, InputError):
                summary.errors.append(str(item))
                if on_error:
                    on_error(item)
                progress()
                continue
            pending.append(item)
            if len(pending) >= batch_size or (stop is not None and stop.is_set()):
                flush()
            if stop is not None and stop.is_set():
                summary.stopped = True
                break
        flush()
        summary.stopped = summary.stopped or (stop is not None and stop.is_set())
        summary.seconds = time.perf_counter() - start
        summary.totals = store.stats()
    return summary


def _add_batch(store: Store, batch: Sequence[Extraction | dict], summary: IngestSummary) -> BatchResult:
    """batch.add_batch, with a failure's message saying what earlier batches stored (they stay stored), then a
    WAL checkpoint."""
    try:
        result = batches.add_batch(store, batch)
    except StoreError as exc:
        raise StoreError(
            f"{exc}; {summary.documents} new articles stored before it; "
            "re-run the same command to finish once the cause is fixed"
        ) from None
    store.checkpoint()  # keeps the -wal file about one batch's size over a long ingest
    return result


def ingest_results(
    results: Iterable[Extraction | dict], db: str | Path = DEFAULT_DB, batch_size: int = DEFAULT_BATCH
) -> IngestSummary:
    """Store ready extraction records, or their dicts (e.g. from `quotegraph extract --jsonl`), no model
    needed."""
    start = time.perf_counter()
    summary = IngestSummary()
    with Store(db) as store:

        def flush(batch: list[Extraction | dict]) -> None:
            r = _add_batch(store, batch, summary)
            summary.documents += r.documents
            summary.statements += r.statements
            summary.skipped += r.skipped
            summary.errors.extend(r.errors)

        batch: list[Extraction | dict] = []
        for result in results:
            batch.append(result)
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
        summary.totals = store.stats()
    summary.seconds = time.perf_counter() - start
    return summary
