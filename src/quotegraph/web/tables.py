"""Every list page as CSV: the rows of its JSON twin, flattened, one table per page (`PAGE.csv`).

The columns are fixed per kind of row (statements, speakers, stories), so a spreadsheet made from one page
lines up with one made from another. A statement row says whether its text may be quoted (``shown_as``:
quote or paraphrase) and carries its permalink and its citation, so a row copied out of the sheet keeps
what it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from quotegraph.query import Quote
from quotegraph.query.export import spreadsheet_safe
from quotegraph.web import render

STATEMENT_COLUMNS = [
    "id",
    "speaker",
    "speaker_id",
    "kind",
    "shown_as",
    "text",
    "act",
    "cue",
    "channel",
    "addressee",
    "date",
    "outlet",
    "title",
    "url",
    "document",
    "start",
    "end",
    "story",
    "permalink",
    "citation",
]
SPEAKER_COLUMNS = [
    "id",
    "name",
    "type",
    "named",
    "statements",
    "documents",
    "first_date",
    "last_date",
    "aliases",
]
STORY_COLUMNS = ["id", "label", "documents", "statements", "first_date", "last_date"]


def statement_rows(request: Request, quotes: Iterable[Quote]) -> list[dict[str, Any]]:
    base = str(request.base_url)
    out = []
    for q in quotes:
        c = render.citation(q, base)
        row = {k: getattr(q, k, None) for k in STATEMENT_COLUMNS}
        row["shown_as"] = "paraphrase" if q.kind == "indirect" else "quote"
        row["permalink"] = c.csl["custom"]["permalink"]
        row["citation"] = c.text
        out.append(row)
    return out


def csv_response(rows: Iterable[dict[str, Any]], columns: list[str], name: str) -> Response:
    """A CSV download (UTF-8, a header row, lists joined with "; ", booleans as true/false)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def _cell(value: Any) -> Any:
    """A value as a CSV cell, never one a spreadsheet runs as a formula (export.spreadsheet_safe)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return spreadsheet_safe(value)
