"""Shared by the page modules: request parameters (capped), JSON shapes with links, page rendering."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from quotegraph.query import Filters, Quote
from quotegraph.web.models import Act, Kind

MAX_TEXT = 200  # longest accepted free-text parameter (names, search text, outlet)
MAX_LIMIT = 200  # largest page size of the API
MAX_ID = 2**63 - 1  # SQLite INTEGER; larger ids would overflow in the driver
DATE = r"^(\d{4}-\d{2}-\d{2})?$"  # empty: an unfilled date input of a form
DOC_ID = r"^[0-9A-Za-z_-]{1,64}$"

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Day = Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD")]


async def filters(
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description='Words that must all occur; "a phrase" in quotes.')
    ] = None,
    speaker: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="A name or alias, or an entity id.")
    ] = None,
    addressee: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Made to this person or organisation (name or id)."),
    ] = None,
    kind: Annotated[list[Kind] | None, Query(max_length=3)] = None,
    outlet: Text = None,
    since: Day = None,
    until: Day = None,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    act: Annotated[
        Act,
        Query(description="speech (what people said, the default), thought, finding, or all"),
    ] = "speech",
) -> Filters:
    """The statement filters of `quotegraph quotes`, validated (a bad one is a 400 naming it)."""
    f = Filters(
        q=(q or "").strip() or None,
        speaker=(speaker or "").strip() or None,
        kind=sorted(set(kind or [])),
        outlet=(outlet or "").strip() or None,
        since=since or None,
        until=until or None,
        story=story,
        act=act,
        addressee=(addressee or "").strip() or None,
    )
    f.check()  # an unsearchable text (unbalanced quote, only punctuation) is a 400 before any query
    return f


def quote_json(q: Quote) -> dict[str, Any]:
    """A statement as the API gives it: every Quote field plus links to its pages."""
    d = asdict(q)
    d["links"] = {
        "statement": f"/statements/{q.id}",
        "document": f"/documents/{q.document}#st-{q.id}",
        "speaker": f"/speakers/{q.speaker_id}" if q.speaker_id is not None else None,
        "story": f"/stories/{q.story}" if q.story is not None else None,
        "citation": f"/api/statements/{q.id}/citation",
    }
    return d


def page(
    request: Request, template: str, status_code: int = 200, csv: bool = False, **context: Any
) -> HTMLResponse:
    """Render a page; ``json_url`` is the page's JSON twin (linked from every page), ``csv_url`` its list
    as CSV (for list pages, ``csv``)."""
    url = request.url
    query = f"?{url.query}" if url.query else ""
    context.setdefault("json_url", url.path + ".json" + query)
    context.setdefault("csv_url", url.path + ".csv" + query if csv else None)
    return request.app.state.templates.TemplateResponse(
        request, template, {"request": request, **context}, status_code=status_code
    )
