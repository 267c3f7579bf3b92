"""Export statements with speaker, outlet, date and provenance as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import fields
from typing import IO, Any

from quotegraph.config import PARQUET_BATCH
from quotegraph.errors import BadQuery
from quotegraph.query.results import Quote

FORMATS = ("jsonl", "csv", "parquet")


def export_quotes(quotes: Iterable[Quote], fmt: str, out: IO[str] | IO[bytes] | str) -> int:
    """Write quotes to ``out`` (a text stream for jsonl/csv, a path for parquet)."""
    if fmt not in FORMATS:
        raise BadQuery(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    n = 0
    if fmt == "parquet":
        if not isinstance(out, str):
            raise BadQuery("parquet needs an output file (--output)")
        return _parquet(quotes, out)
    assert not isinstance(out, str)
    writer = None
    for q in quotes:
        row = q.to_dict()
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
        else:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row))  # type: ignore[arg-type]
                writer.writeheader()
            writer.writerow(row)
        n += 1
    return n


def _parquet(quotes: Iterable[Quote], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema(
        [pa.field(f.name, types.get(str(f.type).split(" |")[0], pa.string())) for f in fields(Quote)]
    )
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for q in quotes:
            batch.append(q.to_dict())
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
