"""The Dask engine: the per-article stages (read, clean, analyze, attribute, resolve) on a cluster,
written as the Parquet dataset of quotegraph.corpus.parquet; ``quotegraph load`` then builds the store.

One task per input file. The task streams its file (WARC, JSONL.gz and the rest through
quotegraph.extraction.read), extracts articles with one Extractor per worker process (the model is loaded once
per worker), and writes a partition every ``part_size`` articles under names fixed by the file's
position and path. Partitions are written atomically and named deterministically, so when a worker dies
the scheduler re-runs its task elsewhere and the retry overwrites the same partitions: the job
completes, nothing is lost, nothing is duplicated. A file whose partitions are all done (a file marker)
is skipped when the same command is run again. A bad record is logged (file and line or byte offset)
and skipped; the messages come back in the summary.

Cluster: ``scheduler=None`` starts a LocalCluster (``workers`` processes, one thread each); give a
scheduler address (``tcp://host:8786``) for a real cluster, e.g. one started by dask-jobqueue or
dask-kubernetes. Workers need quotegraph and the model installed, and OUT must be a path every worker
and the client can reach (a shared file system).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.config import DEFAULT_PART_SIZE
from quotegraph.corpus.parquet import MARKERS, write_partition
from quotegraph.errors import InputError
from quotegraph.extraction.read import expand_inputs, iter_documents

log = logging.getLogger("quotegraph.scale.engine")

FILE_MARKERS = "_files"


@dataclass
class ScaleSummary:
    files: int = 0
    skipped_files: int = 0
    documents: int = 0
    statements: int = 0
    parts: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (
            f"extracted {self.documents} articles ({self.statements} statements, {rate:.1f} articles/s) "
            f"from {self.files} files into {self.parts} partitions; {self.skipped_files} files already done; "
            f"{len(self.errors)} errors"
        )


def file_key(index: int, path: str) -> str:
    """A partition-name prefix fixed by the file's position in the input and its path."""
    digest = hashlib.sha1(os.path.abspath(path).encode("utf-8")).hexdigest()[:10]
    return f"{index:06d}-{digest}"


@functools.lru_cache(maxsize=2)
def _extractor(options: tuple[tuple[str, Any], ...]) -> Any:
    from quotegraph.extraction.pipeline import Extractor

    return Extractor(**dict(options))


def process_file(
    index: int,
    path: str,
    out: str,
    options: tuple[tuple[str, Any], ...],
    part_size: int = DEFAULT_PART_SIZE,
    crash_once: str | None = None,
) -> dict[str, Any]:
    """One task: every article of one file into partitions ``KEY-NNNNN``. Idempotent.

    ``crash_once`` is for tests: the first task to find that path missing creates it and kills its own
    worker process after writing its first partition, as a machine failure would.
    """
    key = file_key(index, path)
    done = Path(out) / FILE_MARKERS / f"{key}.json"
    if done.exists():
        return {**json.loads(done.read_text(encoding="utf-8")), "skipped": True}
    extractor = _extractor(options)
    batch: list[Any] = []  # Extraction records
    errors: list[str] = []
    totals = {"documents": 0, "statements": 0, "parts": 0}

    def flush() -> None:
        name = f"{key}-{totals['parts']:05d}"
        marker = write_partition(out, name, batch, errors)
        totals["documents"] += marker["documents"]
        totals["statements"] += marker["statements"]
        totals["parts"] += 1
        all_errors.extend(errors)
        batch.clear()
        errors.clear()
        if crash_once and not os.path.exists(crash_once):
            Path(crash_once).write_text(str(os.getpid()))
            os._exit(1)

    all_errors: list[str] = []
    for item in extractor.extract_documents(iter_documents([path])):
        if isinstance(item, InputError):
            log.warning("quotegraph: %s", item)
            errors.append(str(item))
            continue
        batch.append(item)
        if len(batch) >= part_size:
            flush()
    if batch or errors or totals["parts"] == 0:
        flush()
    result = {"file": path, "key": key, **totals, "errors": all_errors}
    done.parent.mkdir(parents=True, exist_ok=True)
    tmp = done.with_name(f".{done.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(result), encoding="utf-8")
    os.replace(tmp, done)
    return {**result, "skipped": False}


def run_dask(
    inputs: Iterable[str],
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    part_size: int = DEFAULT_PART_SIZE,
    on_error: Callable[[str], None] | None = None,
    on_file: Callable[[ScaleSummary], None] | None = None,
    crash_once: str | None = None,
    **extractor_options: Any,
) -> ScaleSummary:
    """Extract ``inputs`` on a Dask cluster into the Parquet dataset at ``out`` (see the module docstring).

    ``extractor_options`` go to every worker's Extractor (model, keep_text, statements, fast, ...).
    """
    from distributed import Client, LocalCluster, as_completed

    start = time.perf_counter()
    out = str(Path(out).resolve())
    Path(out, MARKERS).mkdir(parents=True, exist_ok=True)
    summary = ScaleSummary()
    files: list[str] = []
    for item in expand_inputs(inputs):
        if isinstance(item, InputError):
            summary.errors.append(str(item))
            if on_error:
                on_error(str(item))
        elif item == "-":
            raise InputError("-: standard input cannot be read by cluster workers; give files")
        else:
            files.append(item)  # as given, so document.source matches the single-process run
    options = tuple(sorted(extractor_options.items()))
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        n = workers or max(1, (os.cpu_count() or 1))
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [
            client.submit(
                process_file,
                i,
                path,
                out,
                options,
                part_size,
                crash_once,
                key=f"quotegraph-{file_key(i, path)}",
                pure=False,
            )
            for i, path in enumerate(files)
        ]
        for future in as_completed(futures):
            result = future.result()
            summary.files += 1
            if result.get("skipped"):
                summary.skipped_files += 1
            else:
                summary.documents += result["documents"]
                summary.statements += result["statements"]
                summary.parts += result["parts"]
                for message in result["errors"]:
                    summary.errors.append(message)
                    if on_error:
                        on_error(message)
            if on_file:
                summary.seconds = time.perf_counter() - start
                on_file(summary)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary.seconds = time.perf_counter() - start
    return summary
