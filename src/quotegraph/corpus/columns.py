"""One description of the flattened record: every column the store and the Parquet dataset keep.

Parquet names need no quoting in SQL (DuckDB reserves ``end``: offsets end in ``stop``, as in the
export) and dates are DATEs there; the store keeps its own names (``store_name``).

A record (``Extraction.to_dict()``, the extract.schema.json shape) is flattened into one row per
document, per statement, per entity and per entity mention. Each column says where its value sits in
that shape (``path``), or that the writer supplies it (keys, links to other rows, values derived for
filtering), and which of the two sinks keeps it. The store's INSERT column lists and the Parquet
schemas are derived from here, so adding a record field is one edit (plus a store migration when the
store keeps it). The store's tables themselves are defined by its migrations, which are history.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

# Value types; each sink encodes them its own way (SQLite: JSON text for lists, 0/1 for booleans).
TEXT = "text"
INT = "int"
REAL = "real"
BOOL = "bool"
TEXTS = "texts"  # a list of strings
BLOCKS = "blocks"  # document.blocks: a list of {kind, start, end}
SPANS = "spans"  # entity mentions: a list of [start, end]
DATE = "date"  # YYYY-MM-DD: text in the store, a DATE in Parquet

FieldPath = tuple[str | int, ...]  # keys and list positions into a record part


@dataclass(frozen=True)
class Column:
    """One column: its name, type, and where its value comes from."""

    name: str  # the Parquet column, and the store's unless ``store_name`` says otherwise
    type: str
    path: FieldPath = ()  # where the value is in the row's part of the record; () = the writer supplies it
    store: bool = True
    parquet: bool = True
    store_name: str | None = None
    formerly: str | None = None  # its Parquet name in datasets written before the rename (read back too)

    @property
    def store_column(self) -> str:
        return self.store_name or self.name


@dataclass(frozen=True)
class Table:
    """The columns of one row kind; ``store`` and ``parquet`` name its table in each sink (None: absent)."""

    store: str | None
    parquet: str | None
    columns: tuple[Column, ...]

    @property
    def store_columns(self) -> list[Column]:
        return [c for c in self.columns if c.store]

    @property
    def parquet_columns(self) -> list[Column]:
        return [c for c in self.columns if c.parquet]

    def insert_sql(self) -> str:
        """The store's INSERT of one row, with named parameters (``:column``)."""
        cols = [c.store_column for c in self.store_columns]
        return f"INSERT INTO {self.store} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"

    def store_row(self, item: Any, /, **supplied: Any) -> dict[str, Any]:
        """The store's row for one record part, encoded for SQLite (lists as JSON text, booleans 0/1)."""
        return {c.store_column: _sqlite(c.type, v) for c, v in _values(self.store_columns, item, supplied)}

    def parquet_row(self, item: Any, /, **supplied: Any) -> dict[str, Any]:
        """The Parquet row for one record part."""
        return {c.name: _parquet(c.type, v) for c, v in _values(self.parquet_columns, item, supplied)}

    def unflatten(self, row: dict[str, Any]) -> Any:
        """The record part of a Parquet row (the inverse of ``parquet_row``): nested objects whose columns
        are all null are null, as in the record (no speaker, no cue, no addressee); a part whose paths are
        positions (a mention) is a list."""
        out: dict[str | int, Any] = {}
        nested: set[str | int] = set()
        for c in self.parquet_columns:
            if not c.path:
                continue
            node = out
            for key in c.path[:-1]:
                node = node.setdefault(key, {})
                nested.add(key)
            # a column added since (act) is absent from older datasets; a renamed one is there by its old name
            value = row[c.name] if c.name in row else row.get(c.formerly or c.name)
            node[c.path[-1]] = _from_parquet(c.type, value)
        for key in nested:
            if isinstance(out[key], dict) and all(v is None for v in out[key].values()):
                out[key] = None
        if out and all(isinstance(k, int) for k in out):
            return [out[k] for k in sorted(out)]
        return out


def _values(columns: list[Column], part: Any, supplied: dict[str, Any]) -> list[tuple[Column, Any]]:
    """Each column's value: from ``part`` by path, else from ``supplied``, which must hold exactly the
    writer-supplied columns (a column nobody fills is an error, never a silent NULL)."""
    wanted = {c.name for c in columns if not c.path}
    if set(supplied) != wanted:
        raise RuntimeError(f"columns supplied: {sorted(supplied)}; expected: {sorted(wanted)}")
    return [(c, value_at(part, c.path) if c.path else supplied[c.name]) for c in columns]


def _sqlite(type_: str, value: Any) -> Any:
    if type_ in (TEXTS, BLOCKS, SPANS):
        return json.dumps(value or [], ensure_ascii=False)
    if type_ == BOOL:
        return None if value is None else int(bool(value))
    return value


def _parquet(type_: str, value: Any) -> Any:
    """A value as Parquet keeps it: a block's end is ``stop`` (no quoting in SQL), a day a date."""
    if type_ == BLOCKS and value:
        return [{"kind": b["kind"], "start": b["start"], "stop": b["end"]} for b in value]
    if type_ == DATE and value is not None:
        return datetime.date.fromisoformat(value)
    return value


def _from_parquet(type_: str, value: Any) -> Any:
    """The record's value of a Parquet one (blocks of older datasets end in ``end``)."""
    if type_ == BLOCKS and value:
        return [{"kind": b["kind"], "start": b["start"], "end": b.get("stop", b.get("end"))} for b in value]
    return value


def value_at(part: Any, path: FieldPath) -> Any:
    """The value at ``path`` in a record part; None when an object on the way is null."""
    for key in path:
        if part is None:
            return None
        part = part[key]
    return part


# One row per article; the part is the whole record.
DOCUMENTS = Table(
    store="documents",
    parquet="documents",
    columns=(
        Column("part", TEXT, store=False),
        Column("ordinal", INT, store=False),
        Column("document_id", TEXT, ("document", "id"), store_name="doc_id"),
        Column("source", TEXT, ("document", "source")),
        Column("text", TEXT, ("document", "text")),
        Column("title", TEXT, ("document", "title")),
        Column("authors", TEXTS, ("document", "authors")),
        Column("published", TEXT, ("document", "published")),
        Column("date", DATE),  # YYYY-MM-DD of published, for filters
        Column("url", TEXT, ("document", "url")),
        Column("publisher", TEXT, ("document", "publisher")),
        Column("outlet", TEXT, parquet=False),  # publisher, else the URL's host
        Column("outlet_key", TEXT, parquet=False),
        Column("language", TEXT, ("document", "language")),
        Column("blocks", BLOCKS, ("document", "blocks")),
        Column("extractor_version", TEXT, ("extractor", "version")),
        Column("ingested_at", TEXT, parquet=False),
    ),
)

# One row per statement; the part is the statement.
STATEMENTS = Table(
    store="statements",
    parquet="statements",
    columns=(
        Column("document_id", TEXT, store=False),
        Column("document", INT, parquet=False),  # documents.id
        Column("ordinal", INT, store=False),
        Column("id", TEXT, ("id",), store=False),
        Column("local_id", TEXT, parquet=False),  # the id, made unique within the article
        Column("kind", TEXT, ("kind",)),
        Column("text", TEXT, ("text",)),
        Column("start", INT, ("start",)),
        Column("stop", INT, ("end",), store_name="end", formerly="end"),
        Column("speaker", INT, parquet=False),  # entities.id of the linked speaker
        Column("speaker_local", TEXT, parquet=False),  # the speaker's entity in the article
        Column("speaker_name", TEXT, ("speaker", "name")),
        Column("speaker_entity", TEXT, ("speaker", "entity"), store=False),
        Column("speaker_named", BOOL, ("speaker", "named")),
        Column("speaker_text", TEXT, ("speaker", "text")),
        Column("speaker_start", INT, ("speaker", "start")),
        Column("speaker_stop", INT, ("speaker", "end"), store_name="speaker_end", formerly="speaker_end"),
        Column("cue_text", TEXT, ("cue", "text")),
        Column("cue_lemma", TEXT, ("cue", "lemma")),
        Column("cue_start", INT, ("cue", "start")),
        Column("cue_stop", INT, ("cue", "end"), store_name="cue_end", formerly="cue_end"),
        Column("channel", TEXT, ("channel",)),
        Column("addressee_name", TEXT, ("addressee", "name")),
        Column("addressee_entity", TEXT, ("addressee", "entity"), store_name="addressee_local"),
        Column("addressee", INT, parquet=False),  # entities.id of the linked addressee
        Column("confidence", REAL, ("confidence",)),
        Column("continues", TEXT, ("continues",), store=False),
        Column("act", TEXT, ("act",)),
        Column("extractor_version", TEXT, parquet=False),
        Column("date", DATE),  # the article's
        Column("text_hash", INT, parquet=False),  # for finding the same words across articles
    ),
)

# One row per in-article entity; the part is the entity. The store's row (its ``mentions`` table) is
# written by the entity linker, from the article's entities and its entity-less speakers.
ENTITIES = Table(
    store="mentions",
    parquet="entities",
    columns=(
        Column("document_id", TEXT, store=False),
        Column("document", INT, parquet=False),
        Column("ordinal", INT, store=False),
        Column("id", TEXT, ("id",), store_name="local_id"),
        Column("entity", INT, parquet=False),  # entities.id of the corpus entity it links to
        Column("name", TEXT, ("name",)),
        Column("type", TEXT, ("type",)),
        Column("aliases", TEXTS, ("aliases",)),
        Column("descriptors", TEXTS, ("descriptors",)),
        Column("spans", SPANS, ("mentions",), parquet=False),
    ),
)

# One row per entity mention (Parquet only: the store keeps an entity's spans in one column); the part
# is the [start, end] pair.
MENTIONS = Table(
    store=None,
    parquet="mentions",
    columns=(
        Column("document_id", TEXT, store=False),
        Column("entity_id", TEXT, store=False),
        Column("ordinal", INT, store=False),
        Column("start", INT, (0,), store=False),
        Column("stop", INT, (1,), store=False, formerly="end"),
    ),
)

TABLES = (DOCUMENTS, STATEMENTS, ENTITIES, MENTIONS)
