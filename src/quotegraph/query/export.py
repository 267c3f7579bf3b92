"""Export statements with speaker, outlet, date and provenance as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable
from typing import IO, Any

from quotegraph.config import PARQUET_BATCH
from quotegraph.errors import BadQuery
from quotegraph.model import display, verbatim
from quotegraph.query.results import Quote, Reaction

FORMATS = ("jsonl", "csv", "parquet")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe, so
    a quoted '=HYPERLINK(...)' or '@SUM(...)' in an article never runs when the export is opened."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: spreadsheet_safe(v) for k, v in row.items()}


# A statement as one flat row, the same in every format: names that need no quoting in SQL (DuckDB
# reserves ``end`` and ``group``, so they are ``stop`` and ``group_id``), ``date`` typed as a date in
# Parquet (an ISO string in JSONL and CSV), and ``verbatim``/``display`` telling a quotation from a
# paraphrase (see display()).
QUOTE_COLUMNS: list[tuple[str, str]] = [
    ("id", "int"),
    ("kind", "str"),
    ("verbatim", "bool"),
    ("display", "str"),
    ("text", "str"),
    ("speaker", "str"),
    ("speaker_id", "int"),
    ("named", "bool"),
    ("cue", "str"),
    ("channel", "str"),
    ("addressee", "str"),
    ("confidence", "float"),
    ("date", "date"),
    ("published", "str"),
    ("outlet", "str"),
    ("title", "str"),
    ("url", "str"),
    ("source", "str"),
    ("document", "str"),
    ("start", "int"),
    ("stop", "int"),
    ("speaker_text", "str"),
    ("speaker_start", "int"),
    ("speaker_stop", "int"),
    ("group_id", "int"),
    ("group_documents", "int"),
    ("story", "int"),
    ("extractor_version", "str"),
    ("act", "str"),
]
_RENAMED = {"stop": "end", "speaker_stop": "speaker_end", "group_id": "group"}


def quote_row(q: Quote) -> dict[str, Any]:
    """One statement as an export row (QUOTE_COLUMNS, in order)."""
    d = q.to_dict()
    extra = {"verbatim": verbatim(q.kind), "display": display(q.kind, q.text)}
    return {name: extra[name] if name in extra else d[_RENAMED.get(name, name)] for name, _ in QUOTE_COLUMNS}


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
        row = quote_row(q)
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
        else:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row))  # type: ignore[arg-type]
                writer.writeheader()
            writer.writerow(_safe_row(row))
        n += 1
    return n


def _parquet(quotes: Iterable[Quote], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "str": pa.string(),
        "date": pa.date32(),
    }
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in QUOTE_COLUMNS])
    dates = [name for name, kind in QUOTE_COLUMNS if kind == "date"]

    def row(q: Quote) -> dict[str, Any]:
        r = quote_row(q)
        for name in dates:
            r[name] = datetime.date.fromisoformat(r[name]) if r[name] else None
        return r

    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for q in quotes:
            batch.append(row(q))
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


# A reaction as one flat row: names that need no quoting in SQL, for DuckDB and spreadsheets alike.
REACTION_COLUMNS: list[tuple[str, str]] = [
    ("reaction_id", "int"),
    ("response_id", "int"),
    ("response_text", "str"),
    ("response_speaker", "str"),
    ("response_document", "str"),
    ("response_date", "str"),
    ("response_start", "int"),
    ("response_stop", "int"),
    ("target_id", "int"),
    ("target_text", "str"),
    ("target_speaker", "str"),
    ("target_document", "str"),
    ("target_date", "str"),
    ("cue_text", "str"),
    ("cue_start", "int"),
    ("cue_stop", "int"),
    ("stance", "str"),
    ("confidence", "float"),
]


def reaction_row(r: Reaction) -> dict[str, Any]:
    t = r.target["statement"]
    return {
        "reaction_id": r.id,
        "response_id": r.statement.id,
        "response_text": r.statement.text,
        "response_speaker": r.statement.speaker["name"] if r.statement.speaker else None,
        "response_document": r.statement.document,
        "response_date": r.statement.date,
        "response_start": r.statement.start,
        "response_stop": r.statement.end,
        "target_id": t.id if t else None,
        "target_text": t.text if t else None,
        "target_speaker": r.target["speaker"]["name"] if r.target["speaker"] else None,
        "target_document": t.document if t else None,
        "target_date": t.date if t else None,
        "cue_text": r.cue["text"],
        "cue_start": r.cue["start"],
        "cue_stop": r.cue["end"],
        "stance": r.stance,
        "confidence": r.confidence,
    }


def export_reactions(reactions: Iterable[Reaction], fmt: str, out: IO[str] | IO[bytes] | str) -> int:
    """Write reactions as flat rows to ``out`` (a text stream for jsonl/csv, a path for parquet)."""
    if fmt not in FORMATS:
        raise BadQuery(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    rows = [reaction_row(r) for r in reactions]
    if fmt == "parquet":
        if not isinstance(out, str):
            raise BadQuery("parquet needs an output file (--output)")
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
        schema = pa.schema([pa.field(name, types[kind]) for name, kind in REACTION_COLUMNS])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
        return len(rows)
    assert not isinstance(out, str)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
    else:
        writer = csv.DictWriter(out, fieldnames=[name for name, _ in REACTION_COLUMNS])  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(_safe_row(row) for row in rows)
    return len(rows)
