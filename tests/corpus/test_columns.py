"""The one description of the flattened record (quotegraph.corpus.columns) matches the store's actual
tables, gives the Parquet schemas, and covers every field of the packaged extract.schema.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from quotegraph.corpus import columns
from quotegraph.corpus.parquet import SCHEMAS
from quotegraph.corpus.store import Store
from quotegraph.model import schema

# Columns the store fills after the row is written (row ids, story and group assignment by the linkers,
# the corrections' hidden flag, the linker's first entity and an alias split's pieces).
FILLED_LATER = {
    "documents": {"id", "story"},
    "statements": {"id", "group_id", "hidden"},
    "mentions": {"id", "linked", "split_from", "original"},
}


def test_the_description_matches_the_store_tables(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        for table in columns.TABLES:
            if table.store is None:
                continue
            actual = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table.store})")}
            described = [c.store_column for c in table.store_columns]
            assert len(described) == len(set(described)), table.store
            assert set(described) == actual - FILLED_LATER[table.store], table.store


def test_the_parquet_schemas_are_derived_and_unchanged() -> None:
    """The layout of datasets written before the description existed, column for column (plus the act)."""
    s, i = pa.string(), pa.int64()
    assert SCHEMAS["documents"] == pa.schema(
        [
            ("part", s),
            ("ordinal", i),
            ("document_id", s),
            ("source", s),
            ("text", s),
            ("title", s),
            ("authors", pa.list_(s)),
            ("published", s),
            ("date", pa.date32()),
            ("url", s),
            ("publisher", s),
            ("language", s),
            ("blocks", pa.list_(pa.struct([("kind", s), ("start", i), ("stop", i)]))),
            ("extractor_version", s),
        ]
    )
    statement_names = (
        "document_id ordinal id kind text start stop speaker_name speaker_entity speaker_named speaker_text "
        "speaker_start speaker_stop cue_text cue_lemma cue_start cue_stop channel addressee_name "
        "addressee_entity confidence continues act date"
    ).split()
    assert SCHEMAS["statements"].names == statement_names
    assert SCHEMAS["statements"].field("speaker_named").type == pa.bool_()
    assert SCHEMAS["statements"].field("confidence").type == pa.float64()
    assert SCHEMAS["entities"] == pa.schema(
        [
            ("document_id", s),
            ("ordinal", i),
            ("id", s),
            ("name", s),
            ("type", s),
            ("aliases", pa.list_(s)),
            ("descriptors", pa.list_(s)),
        ]
    )
    assert SCHEMAS["mentions"] == pa.schema(
        [("document_id", s), ("entity_id", s), ("ordinal", i), ("start", i), ("stop", i)]
    )
    for name, table in {t.parquet: t for t in columns.TABLES if t.parquet}.items():
        assert SCHEMAS[name].names == [c.name for c in table.parquet_columns]


def _leaves(node: dict[str, Any], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Paths of the schema's scalar and list fields, objects (also nullable ones) walked into."""
    out: set[tuple[str, ...]] = set()
    for key, sub in node.get("properties", {}).items():
        if "properties" in sub:
            out |= _leaves(sub, (*prefix, key))
        else:
            out.add((*prefix, key))
    return out


def test_every_record_field_has_a_parquet_column_and_every_path_is_in_the_schema() -> None:
    """Parquet keeps the whole record (read_extractions gives it back), so every field needs a column."""
    s = schema()["properties"]
    parts = {
        columns.DOCUMENTS: {("document", *p) for p in _leaves(s["document"])}
        | {("extractor", *p) for p in _leaves(s["extractor"])} - {("extractor", "name")},
        columns.STATEMENTS: _leaves(s["statements"]["items"]),
        columns.ENTITIES: _leaves(s["entities"]["items"]) - {("mentions",)},
        columns.MENTIONS: {(0,), (1,)},
    }
    for table, fields in parts.items():
        assert {c.path for c in table.parquet_columns if c.path} == fields, table.parquet
        stored = {c.path for c in table.store_columns if c.path}
        assert stored <= fields | {("mentions",)}, table.store


def test_store_rows_encode_lists_as_json_and_booleans_as_integers() -> None:
    statement = {"id": "S1", "kind": "direct", "text": "t", "start": 0, "end": 1, "speaker": None}
    statement |= {
        "cue": None,
        "channel": None,
        "addressee": None,
        "confidence": 0.5,
        "continues": None,
        "act": "speech",
    }
    supplied = {c.name: None for c in columns.STATEMENTS.store_columns if not c.path}
    row = columns.STATEMENTS.store_row(statement, **supplied)
    assert row["speaker_named"] is None and "continues" not in row and "id" not in row
    statement["speaker"] = {"name": "A", "entity": None, "named": True, "text": "A", "start": 0, "end": 1}
    assert columns.STATEMENTS.store_row(statement, **supplied)["speaker_named"] == 1
    ent = columns.ENTITIES.store_row(
        {
            "id": "E1",
            "name": "Jo",
            "type": "PERSON",
            "aliases": ["Jó"],
            "descriptors": [],
            "mentions": [[0, 2]],
        },
        document=1,
        entity=2,
    )
    assert ent == {
        "document": 1,
        "local_id": "E1",
        "entity": 2,
        "name": "Jo",
        "type": "PERSON",
        "aliases": '["Jó"]',
        "descriptors": "[]",
        "spans": "[[0, 2]]",
    }


def test_a_column_nobody_fills_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        columns.ENTITIES.store_row({"id": "E1"}, document=1)
