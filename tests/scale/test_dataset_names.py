"""The Dask engine's dataset has the Parquet export's names (no `end`, no `group`) and typed dates."""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from qgbuild import article
from quotegraph.corpus.parquet import SCHEMAS, TABLES, read_extractions, write_partition

RESERVED = {"end", "group"}  # names DuckDB makes you quote


def test_no_name_needs_quoting_and_dates_are_dates(tmp_path: Path) -> None:
    record = article([("Ann Able", "The pier will reopen")], published="2025-03-02T10:00:00", title="Pier")
    record["document"]["blocks"] = [{"kind": "paragraph", "start": 0, "end": 5}]
    write_partition(tmp_path, "000000-x-00000", [record])
    for table in TABLES:
        names = set(pq.read_schema(tmp_path / table / "000000-x-00000.parquet").names)
        assert not names & RESERVED, table
        assert not {n for n in names if n.endswith("_end")}, table
    assert SCHEMAS["statements"].field("date").type == SCHEMAS["documents"].field("date").type
    glob = str(tmp_path / "statements" / "*.parquet")
    row = duckdb.sql(f"SELECT start, stop, cue_stop, date, year(date) AS y FROM '{glob}'").fetchall()[0]
    text = record["document"]["text"]
    assert row is not None and text[row[0] : row[1]] == "The pier will reopen"
    assert row[3] == datetime.date(2025, 3, 2) and row[4] == 2025
    ((block_stop,),) = duckdb.sql(
        f"SELECT blocks[1].stop FROM '{tmp_path / 'documents' / '*.parquet'}'"
    ).fetchall()
    assert block_stop == 5
    assert list(read_extractions(tmp_path)) == [record]  # the record comes back with its own names


def test_a_dataset_written_with_the_old_names_still_reads(tmp_path: Path) -> None:
    record = article([("Ann Able", "The pier will reopen")], published="2025-03-02")
    record["document"]["blocks"] = [{"kind": "paragraph", "start": 0, "end": 5}]
    write_partition(tmp_path, "000000-x-00000", [record])
    old = {"stop": "end", "speaker_stop": "speaker_end", "cue_stop": "cue_end"}
    for table in ("statements", "mentions", "documents"):
        path = tmp_path / table / "000000-x-00000.parquet"
        t = pq.read_table(path)
        rows = t.to_pylist()
        for r in rows:
            for b in r.get("blocks") or []:
                b["end"] = b.pop("stop")
            r.pop("date", None)
        renamed = [{old.get(k, k): v for k, v in r.items()} for r in rows]
        pq.write_table(pa.Table.from_pylist(renamed), path)
    assert list(read_extractions(tmp_path)) == [record]
