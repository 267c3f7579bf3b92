"""A metadata table beside plain-text articles (CSV, TSV or JSONL): title, url, date, authors, publisher.

Plain-text corpora keep their dates, outlets and titles in a table next to the texts (PolNeAR's
``metadata.tsv``). Each row names its article by a file-name or id column; the other columns are mapped by
name. A row that cannot be used is one line in ``errors`` and the rest are kept.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from quotegraph.errors import InputError
from quotegraph.extraction.read.decode import decode_bytes, open_bytes
from quotegraph.model import RawDocument

KEY_COLUMNS = ("file", "filename", "file_name", "path", "source", "id", "doc_id")
FIELD_COLUMNS = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "publication_date", "date", "pubdate"),
    "authors": ("authors", "author", "byline"),
    "publisher": ("publisher", "outlet", "site"),
}
EMPTY = {"", "none", "null", "nan", "n/a"}


@dataclass
class Metadata:
    """Rows by key (a file name, its stem, or an id), and one line per row that could not be used."""

    rows: dict[str, dict[str, object]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def row_for(self, source: str | None) -> dict[str, object] | None:
        """The row naming this input: by its path, file name, or file name without extensions."""
        if not source:
            return None
        path = PurePath(source.split("@", 1)[0])
        stem = path.name.split(".", 1)[0]
        for key in (source, str(path), path.name, stem):
            if key in self.rows:
                return self.rows[key]
        return None

    def apply(self, raw: RawDocument) -> RawDocument:
        """The document with the row's values in place of what the input gave (the table is the user's)."""
        row = self.row_for(raw.source)
        return replace(raw, **row) if row else raw  # type: ignore[arg-type]


def load_metadata(path: str | Path) -> Metadata:
    """Read a metadata table; InputError when the file cannot be read or has no key or field columns."""
    name = str(path)
    text = decode_bytes(open_bytes(name), name)
    lower = name.lower().removesuffix(".gz")
    if lower.endswith((".jsonl", ".ndjson")):
        records, bad = _jsonl(text, name)
        if bad and not records:  # every row unusable: those lines are the answer, not the columns
            return Metadata(errors=bad)
        names = [c for r in records for c in r[1]]
    elif lower.endswith((".tsv", ".tab", ".csv")):
        names, records, bad = _table(text, "," if lower.endswith(".csv") else "\t", name)
    else:
        raise InputError(f"{name}: a metadata table is .csv, .tsv or .jsonl")
    out = Metadata(errors=bad)
    columns = {c.strip().casefold() for c in names}
    key = next((k for k in KEY_COLUMNS if k in columns), None)
    if key is None:
        raise InputError(f"{name}: no file-name or id column (one of {', '.join(KEY_COLUMNS)})")
    mapped = {f: next((c for c in names if c in columns), None) for f, names in FIELD_COLUMNS.items()}
    if not any(mapped.values()):
        raise InputError(f"{name}: no metadata column (title, url, published, authors, publisher)")
    for where, record in records:
        row = {k.strip().casefold(): v for k, v in record.items() if isinstance(k, str)}
        ident = _value(row.get(key))
        if ident is None:
            out.errors.append(f"{where}: no {key}; row skipped")
            continue
        if ident in out.rows:
            out.errors.append(f"{where}: {key} {ident!r} given twice; the first row is kept")
            continue
        values: dict[str, object] = {}
        for f, column in mapped.items():
            value = _value(row.get(column)) if column else None
            if value is not None:
                values[f] = _authors(value) if f == "authors" else value
        out.rows[ident] = values
    return out


def _value(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text.casefold() in EMPTY else text


def _authors(value: str) -> list[str]:
    parts = value.replace(";", ",").replace(" and ", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


def _table(text: str, delimiter: str, name: str) -> tuple[list[str], list[tuple[str, dict]], list[str]]:
    """The header, the usable rows and one line per unusable one, each named by the line it starts on
    (a quoted cell may hold line breaks, and blank lines are skipped, so a row's number is not its line's)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    records, bad = [], []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        if not cells:  # a blank line
            continue
        where = f"{name}:{start}"
        if len(cells) > len(header):
            bad.append(f"{where}: {len(cells)} cells for {len(header)} columns; row skipped")
        elif len(cells) < len(header):
            bad.append(f"{where}: fewer cells than columns; row skipped")
        else:
            records.append((where, dict(zip(header, cells, strict=True))))
    return header, records, bad


def _jsonl(text: str, name: str) -> tuple[list[tuple[str, dict]], list[str]]:
    records, bad = [], []
    # split on line feeds only: str.splitlines also breaks at U+2028 and friends, which JSON strings may hold
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(f"{name}:{number}: not valid JSON ({exc.msg}); row skipped")
            continue
        if not isinstance(record, dict):
            bad.append(f"{name}:{number}: not a JSON object; row skipped")
            continue
        records.append((f"{name}:{number}", {str(k): v for k, v in record.items()}))
    return records, bad
