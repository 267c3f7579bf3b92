"""The Dask engine: same results as one process, a killed worker loses and duplicates nothing, load."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from quotegraph.corpus.parquet import TABLES, read_extractions, write_partition
from quotegraph.extraction.pipeline import Extractor

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_partition_round_trip_is_exact(tmp_path: Path) -> None:
    result = {
        "extractor": {"name": "quotegraph", "version": "0"},
        "document": {
            "id": "d1",
            "source": "s",
            "text": "He said hi.",
            "title": None,
            "authors": ["A"],
            "published": None,
            "url": None,
            "publisher": None,
            "language": "en",
            "blocks": [{"kind": "caption", "start": 0, "end": 2}],
        },
        "entities": [
            {
                "id": "e1",
                "name": "He",
                "type": "PERSON",
                "aliases": [],
                "descriptors": [],
                "mentions": [[0, 2]],
            }
        ],
        "statements": [
            {
                "id": "s1",
                "kind": "indirect",
                "text": "hi",
                "start": 8,
                "end": 10,
                "speaker": {"name": "He", "entity": "e1", "named": True, "text": "He", "start": 0, "end": 2},
                "cue": None,
                "channel": None,
                "addressee": None,
                "confidence": 0.9,
                "continues": None,
                "act": "thought",
            },
        ],
    }
    write_partition(tmp_path, "000000-x-00000", [result])
    assert list(read_extractions(tmp_path)) == [result]
    # an unfinished partition (no marker) is invisible
    for table in TABLES:
        pq.write_table(
            pq.read_table(tmp_path / table / "000000-x-00000.parquet"),
            tmp_path / table / "000001-y-00000.parquet",
        )
    assert len(list(read_extractions(tmp_path))) == 1


@pytest.mark.model
def test_dask_equals_single_process_even_when_a_worker_dies(tmp_path: Path) -> None:
    from quotegraph.scale.engine import run_dask

    out = tmp_path / "out"
    crash = tmp_path / "crashed"
    summary = run_dask([str(SAMPLES)], out, workers=2, part_size=1, crash_once=str(crash))
    assert crash.exists(), "the crash hook must have killed a worker"
    want = [r.to_dict() for r in Extractor().extract_paths([str(SAMPLES)])]
    got = list(read_extractions(out))
    assert got == want
    assert summary.documents == len(want) and not summary.errors
    ids = [r["document"]["id"] for r in got]
    assert len(ids) == len(set(ids))

    # load builds the store and links; loading again adds nothing
    from quotegraph.corpus.parquet import load

    db = tmp_path / "q.db"
    first = load(out, db)
    assert first.documents == len(want)
    again = load(out, db)
    assert again.documents == 0 and again.skipped == len(want)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == len(want)

    # the same command again skips finished files
    rerun = run_dask([str(SAMPLES)], out, workers=1)
    assert rerun.skipped_files == rerun.files and list(read_extractions(out)) == want
