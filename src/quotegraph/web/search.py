"""Search: one box over statements and articles, with facets (speaker, outlet, kind, year) and counts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from quotegraph.query import Filters
from quotegraph.query.search import SNIPPET_CLOSE, SNIPPET_OPEN
from quotegraph.web.common import filters, page, quote_json
from quotegraph.web.db import corpus
from quotegraph.web.models import SearchResult
from quotegraph.web.tables import STATEMENT_COLUMNS, csv_response, statement_rows

router = APIRouter()
PAGE_SIZE = 20
MAX_PAGE = 200


def search_data(request: Request, f: Filters, p: int) -> dict[str, Any]:
    c = corpus(request)
    found = c.search_statements(f, PAGE_SIZE, PAGE_SIZE * (p - 1))
    summary = found.summary
    people = [asdict(s) for s in found.people]
    out: dict[str, Any] = {
        "filters": f.params(),
        "page": p,
        "page_size": PAGE_SIZE,
        "people": people,
        "statements": {
            "count": summary.count,
            "capped": summary.capped,
            "by_people": found.by_people,
            "items": found.items,
        },
        "facets": asdict(summary.facets),
        "articles": {"count": 0, "capped": False, "items": []},
        "speakers": [],
    }
    if f.q:
        hits = c.find_documents(f, 10 if p == 1 else 0, 0)
        out["articles"] = {
            "count": hits.count,
            "capped": hits.capped,
            "items": [asdict(h) for h in hits.items],
        }
        if p == 1 and not f.speaker:
            named = {s["id"] for s in people}
            out["speakers"] = [asdict(s) for s in c.find_speakers(f.q, 8) if s.id not in named]
    return out


@router.get("/api/search", tags=["search"], response_model=SearchResult)
@router.get("/search.json", include_in_schema=False, response_model=SearchResult)
def search(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> dict[str, Any]:
    """Statements and articles matching ``q`` and the filters, with facet counts. When ``q`` names people
    (``people``), their statements come first (``statements.by_people`` of them), then the statements by
    others that match ``q``; ``speakers`` lists other speakers whose names start with ``q``."""
    d = search_data(request, f, page)
    d["statements"]["items"] = [quote_json(q) for q in d["statements"]["items"]]
    for a in d["articles"]["items"]:
        a["snippet"] = (a["snippet"] or "").replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "")
        a["links"] = {"document": f"/documents/{a['document']}"}
    for key in ("people", "speakers"):
        d[key] = [s | {"links": {"speaker": f"/speakers/{s['id']}"}} for s in d[key]]
    return d


@router.get("/search.csv", include_in_schema=False)
def search_csv(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """The page's statements as CSV, in the page's order."""
    d = search_data(request, f, page)
    return csv_response(statement_rows(request, d["statements"]["items"]), STATEMENT_COLUMNS, "search")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    p: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    d = search_data(request, f, p)
    c = corpus(request)
    by = d["statements"]["by_people"]
    start = PAGE_SIZE * (p - 1)
    items = d["statements"]["items"]
    own = items[: max(0, min(len(items), by - start))]
    landing = not f.params()
    return page(
        request,
        "search.html",
        title=f"Search: {f.q}" if f.q else "quotegraph",
        json_url="/search.json" + (f"?{request.url.query}" if request.url.query else ""),
        csv_url="/search.csv" + (f"?{request.url.query}" if request.url.query else ""),
        f=f,
        params=f.params(),
        d=d,
        own=own,
        mentions=items[len(own) :],
        more=d["statements"]["count"] > PAGE_SIZE * p and p < MAX_PAGE,
        landing=landing,
        top=[asdict(s) for s in c.top_speakers(10)] if landing else [],
        stories=c.stories(limit=8) if landing else [],
    )
