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
``read_extractions`` gives back exactly the dicts ``Extraction.to_dict()`` made.
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

TABLES = ("documents", "statements", "entities", "mentions")
MARKERS = "_parts"

_STR = pa.string()
_INT = pa.int64()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("part", _STR),
            ("ordinal", _INT),
            ("document_id", _STR),
            ("source", _STR),
            ("text", _STR),
            ("title", _STR),
            ("authors", pa.list_(_STR)),
            ("published", _STR),
            ("url", _STR),
            ("publisher", _STR),
            ("language", _STR),
            ("blocks", pa.list_(pa.struct([("kind", _STR), ("start", _INT), ("end", _INT)]))),
            ("extractor_version", _STR),
        ]
    ),
    "statements": pa.schema(
        [
            ("document_id", _STR),
            ("ordinal", _INT),
            ("id", _STR),
            ("kind", _STR),
            ("text", _STR),
            ("start", _INT),
            ("end", _INT),
            ("speaker_name", _STR),
            ("speaker_entity", _STR),
            ("speaker_named", pa.bool_()),
            ("speaker_text", _STR),
            ("speaker_start", _INT),
            ("speaker_end", _INT),
            ("cue_text", _STR),
            ("cue_lemma", _STR),
            ("cue_start", _INT),
            ("cue_end", _INT),
            ("channel", _STR),
            ("addressee_name", _STR),
            ("addressee_entity", _STR),
            ("confidence", pa.float64()),
            ("continues", _STR),
        ]
    ),
    "entities": pa.schema(
        [
            ("document_id", _STR),
            ("ordinal", _INT),
            ("id", _STR),
            ("name", _STR),
            ("type", _STR),
            ("aliases", pa.list_(_STR)),
            ("descriptors", pa.list_(_STR)),
        ]
    ),
    "mentions": pa.schema(
        [
            ("document_id", _STR),
            ("entity_id", _STR),
            ("ordinal", _INT),
            ("start", _INT),
            ("end", _INT),
        ]
    ),
}


def rows_of(result: dict[str, Any], part: str, ordinal: int) -> dict[str, list[dict[str, Any]]]:
    """The rows one extraction dict (extract.schema.json) contributes to each table."""
    d = result["document"]
    doc_id = d["id"]
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["documents"].append(
        {
            "part": part,
            "ordinal": ordinal,
            "document_id": doc_id,
            "source": d.get("source"),
            "text": d["text"],
            "title": d["title"],
            "authors": list(d["authors"]),
            "published": d["published"],
            "url": d["url"],
            "publisher": d["publisher"],
            "language": d["language"],
            "blocks": list(d.get("blocks", [])),
            "extractor_version": result["extractor"]["version"],
        }
    )
    for k, s in enumerate(result["statements"]):
        sp, cue, addr = s["speaker"] or {}, s["cue"] or {}, s["addressee"] or {}
        out["statements"].append(
            {
                "document_id": doc_id,
                "ordinal": k,
                "id": s["id"],
                "kind": s["kind"],
                "text": s["text"],
                "start": s["start"],
                "end": s["end"],
                "speaker_name": sp.get("name"),
                "speaker_entity": sp.get("entity"),
                "speaker_named": sp.get("named"),
                "speaker_text": sp.get("text"),
                "speaker_start": sp.get("start"),
                "speaker_end": sp.get("end"),
                "cue_text": cue.get("text"),
                "cue_lemma": cue.get("lemma"),
                "cue_start": cue.get("start"),
                "cue_end": cue.get("end"),
                "channel": s["channel"],
                "addressee_name": addr.get("name"),
                "addressee_entity": addr.get("entity"),
                "confidence": s["confidence"],
                "continues": s.get("continues"),
            }
        )
    for k, e in enumerate(result["entities"]):
        out["entities"].append(
            {
                "document_id": doc_id,
                "ordinal": k,
                "id": e["id"],
                "name": e["name"],
                "type": e["type"],
                "aliases": list(e["aliases"]),
                "descriptors": list(e.get("descriptors", [])),
            }
        )
        for m, (start, end) in enumerate(e["mentions"]):
            out["mentions"].append(
                {"document_id": doc_id, "entity_id": e["id"], "ordinal": m, "start": start, "end": end}
            )
    return out


def write_partition(
    out: str | Path, part: str, results: Iterable[dict[str, Any]], errors: list[str] | None = None
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


def read_extractions(out: str | Path) -> Iterator[dict[str, Any]]:
    """The extraction dicts of a dataset, one partition in memory at a time, in input order."""
    root = Path(out)
    for part in complete_parts(root):
        tables = {t: pq.read_table(root / t / f"{part}.parquet").to_pylist() for t in TABLES}
        by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table in ("statements", "entities", "mentions"):
            for row in tables[table]:
                by_doc.setdefault(row["document_id"], {}).setdefault(table, []).append(row)
        for d in sorted(tables["documents"], key=lambda r: r["ordinal"]):
            yield _to_result(d, by_doc.get(d["document_id"], {}))


def _to_result(d: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in rows.get("mentions", []):
        mentions.setdefault(m["entity_id"], []).append(m)
    entities = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "aliases": e["aliases"],
            "descriptors": e["descriptors"],
            "mentions": [
                [m["start"], m["end"]] for m in sorted(mentions.get(e["id"], []), key=lambda m: m["ordinal"])
            ],
        }
        for e in sorted(rows.get("entities", []), key=lambda e: e["ordinal"])
    ]
    statements = [_statement(s) for s in sorted(rows.get("statements", []), key=lambda s: s["ordinal"])]
    return {
        "extractor": {"name": "quotegraph", "version": d["extractor_version"]},
        "document": {
            "id": d["document_id"],
            "source": d["source"],
            "text": d["text"],
            "title": d["title"],
            "authors": d["authors"],
            "published": d["published"],
            "url": d["url"],
            "publisher": d["publisher"],
            "language": d["language"],
            "blocks": d["blocks"],
        },
        "entities": entities,
        "statements": statements,
    }


def _statement(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": s["id"],
        "kind": s["kind"],
        "text": s["text"],
        "start": s["start"],
        "end": s["end"],
        "speaker": None
        if s["speaker_start"] is None
        else {
            "name": s["speaker_name"],
            "entity": s["speaker_entity"],
            "named": s["speaker_named"],
            "text": s["speaker_text"],
            "start": s["speaker_start"],
            "end": s["speaker_end"],
        },
        "cue": None
        if s["cue_start"] is None
        else {"text": s["cue_text"], "lemma": s["cue_lemma"], "start": s["cue_start"], "end": s["cue_end"]},
        "channel": s["channel"],
        "addressee": None
        if s["addressee_name"] is None
        else {"name": s["addressee_name"], "entity": s["addressee_entity"]},
        "confidence": s["confidence"],
        "continues": s["continues"],
    }


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
    return ingest_results(read_extractions(out), db, batch_size=batch_size)
