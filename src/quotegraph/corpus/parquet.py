"""The Parquet dataset the Dask engine writes, and ``load``: from that dataset into the SQLite store.

Layout (one file per partition per table; partition names sort in input order)::

    OUT/documents/PART.parquet   one row per article (text, metadata, blocks)
    OUT/statements/PART.parquet  one row per statement, speaker/cue/addressee flattened
    OUT/entities/PART.parquet    one row per in-article entity
    OUT/mentions/PART.parquet    one row per entity mention (character offsets)
    OUT/_parts/PART.json         written last: the partition is complete (row counts, errors)

Each file is written to a temporary name and renamed, and a partition counts only once its marker
exists, so a worker killed mid-partition leaves nothing a reader sees, and the retried task overwrites
the same names: nothing is lost and nothing is duplicated. Rows of one article share ``document_id``;
``ordinal`` keeps the article's own order of statements, entities and mentions, so
``read_records`` gives back exactly the records written (and ``read_extractions`` their dicts). The
columns are those of quotegraph.corpus.columns, the one description shared with the store.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quotegraph.config import DEFAULT_LOAD_BATCH
from quotegraph.corpus import columns
from quotegraph.corpus.store.db import day_of
from quotegraph.model import Extraction

TABLES = ("documents", "statements", "entities", "mentions")
MARKERS = "_parts"

_STR = pa.string()
_INT = pa.int64()
_ARROW: dict[str, pa.DataType] = {
    columns.TEXT: _STR,
    columns.INT: _INT,
    columns.REAL: pa.float64(),
    columns.BOOL: pa.bool_(),
    columns.TEXTS: pa.list_(_STR),
    columns.BLOCKS: pa.list_(pa.struct([("kind", _STR), ("start", _INT), ("stop", _INT)])),
    columns.DATE: pa.date32(),
}
_TABLES = {t.parquet: t for t in columns.TABLES if t.parquet}

# The Parquet schema of each table, derived from quotegraph.corpus.columns.
SCHEMAS: dict[str, pa.Schema] = {
    name: pa.schema([(c.name, _ARROW[c.type]) for c in _TABLES[name].parquet_columns]) for name in TABLES
}


def rows_of(result: Extraction | dict[str, Any], part: str, ordinal: int) -> dict[str, list[dict[str, Any]]]:
    """The rows one extraction record (or its extract.schema.json dict) contributes to each table."""
    record = result.to_dict() if isinstance(result, Extraction) else Extraction.from_dict(result).to_dict()
    doc_id = record["document"]["id"]
    day = day_of(record["document"]["published"])  # the store's date, typed: filters need no parsing
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["documents"].append(columns.DOCUMENTS.parquet_row(record, part=part, ordinal=ordinal, date=day))
    for k, s in enumerate(record["statements"]):
        out["statements"].append(columns.STATEMENTS.parquet_row(s, document_id=doc_id, ordinal=k, date=day))
    for k, e in enumerate(record["entities"]):
        out["entities"].append(columns.ENTITIES.parquet_row(e, document_id=doc_id, ordinal=k))
        for m, mention in enumerate(e["mentions"]):
            out["mentions"].append(
                columns.MENTIONS.parquet_row(mention, document_id=doc_id, entity_id=e["id"], ordinal=m)
            )
    return out


def write_partition(
    out: str | Path,
    part: str,
    results: Iterable[Extraction | dict[str, Any]],
    errors: list[str] | None = None,
) -> dict[str, Any]:
    """Write one partition atomically (see the module docstring); returns what its marker records."""
    root = Path(out)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    n = 0
    for ordinal, result in enumerate(results):
        for table, new in rows_of(result, part, ordinal).items():
            rows[table].extend(new)
        n += 1
    for table in TABLES:
        _atomic_write(root / table / f"{part}.parquet", pa.Table.from_pylist(rows[table], SCHEMAS[table]))
    marker = {
        "part": part,
        "documents": n,
        "statements": len(rows["statements"]),
        "entities": len(rows["entities"]),
        "errors": list(errors or []),
    }
    _atomic_bytes(root / MARKERS / f"{part}.json", json.dumps(marker).encode("utf-8"))
    return marker


def _atomic_write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def complete_parts(out: str | Path) -> list[str]:
    """Names of the partitions whose marker exists, in input order."""
    markers = Path(out) / MARKERS
    return sorted(p.stem for p in markers.glob("*.json")) if markers.is_dir() else []


def read_records(out: str | Path) -> Iterator[Extraction]:
    """The extraction records of a dataset, one partition in memory at a time, in input order."""
    for part in complete_parts(out):
        yield from read_part(out, part)


def read_part(out: str | Path, part: str) -> list[Extraction]:
    """The extraction records of one partition, in order (a task of the Dask linker reads one)."""
    root = Path(out)
    tables = {t: pq.read_table(root / t / f"{part}.parquet").to_pylist() for t in TABLES}
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in ("statements", "entities", "mentions"):
        for row in tables[table]:
            by_doc.setdefault(row["document_id"], {}).setdefault(table, []).append(row)
    return [
        Extraction.from_dict(_to_result(d, by_doc.get(d["document_id"], {})))
        for d in sorted(tables["documents"], key=lambda r: r["ordinal"])
    ]


def read_extractions(out: str | Path) -> Iterator[dict[str, Any]]:
    """The extraction dicts of a dataset (``Extraction.to_dict()``), in input order."""
    for record in read_records(out):
        yield record.to_dict()


def _to_result(d: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One article's rows back in the extract.schema.json shape, in the article's own order."""
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in rows.get("mentions", []):
        mentions.setdefault(m["entity_id"], []).append(m)
    entities = []
    for e in sorted(rows.get("entities", []), key=_ordinal):
        entity = columns.ENTITIES.unflatten(e)
        entity["mentions"] = [
            columns.MENTIONS.unflatten(m) for m in sorted(mentions.get(e["id"], []), key=_ordinal)
        ]
        entities.append(entity)
    result = columns.DOCUMENTS.unflatten(d)
    result["entities"] = entities
    result["statements"] = [
        columns.STATEMENTS.unflatten(s) for s in sorted(rows.get("statements", []), key=_ordinal)
    ]
    return result


def _ordinal(row: dict[str, Any]) -> int:
    return row["ordinal"]


def load(out: str | Path, db: str | Path, batch_size: int = DEFAULT_LOAD_BATCH) -> Any:
    """Build (or add to) the SQLite store from a dataset: the store engineer's ``ingest_results``, which
    stores each batch in one transaction and runs the cross-article linking; stored articles are
    skipped, so loading twice is safe."""
    from quotegraph.corpus.ingest import ingest_results

    if not complete_parts(out):
        from quotegraph.errors import InputError

        raise InputError(
            f"{out}: no complete partitions (expected {MARKERS}/*.json from `ingest --engine dask`)"
        )
    return ingest_results(read_records(out), db, batch_size=batch_size)
