"""Search: one box over statements and articles, with facets (speaker, outlet, kind, year) and counts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from quotegraph.web import data
from quotegraph.web.common import filters, page, quote_json
from quotegraph.web.data import Filters
from quotegraph.web.db import corpus

router = APIRouter()
PAGE_SIZE = 20
MAX_PAGE = 200


def search_data(request: Request, f: Filters, p: int) -> dict[str, Any]:
    c = corpus(request)
    offset = PAGE_SIZE * (p - 1)
    quotes = f.quotes(c, PAGE_SIZE, offset)
    n, capped, facets = data.summary(c, f)
    out: dict[str, Any] = {
        "filters": f.params(),
        "page": p,
        "page_size": PAGE_SIZE,
        "statements": {"count": n, "capped": capped, "items": quotes},
        "facets": facets,
        "articles": {"count": 0, "capped": False, "items": []},
        "speakers": [],
    }
    if f.q:
        docs, dn, dcapped = data.search_documents(c, f, 10 if p == 1 else 0, 0)
        out["articles"] = {"count": dn, "capped": dcapped, "items": docs}
        if p == 1 and not f.speaker:
            out["speakers"] = data.search_speakers(c, f.q, 8)
    return out


@router.get("/api/search", tags=["search"])
@router.get("/search.json", include_in_schema=False)
def search(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> dict[str, Any]:
    """Statements and articles matching ``q`` and the filters; facet counts; speakers named ``q``."""
    d = search_data(request, f, page)
    d["statements"]["items"] = [quote_json(q) for q in d["statements"]["items"]]
    for a in d["articles"]["items"]:
        a["snippet"] = (a["snippet"] or "").replace(data.SNIPPET_OPEN, "").replace(data.SNIPPET_CLOSE, "")
        a["links"] = {"document": f"/documents/{a['document']}"}
    for s in d["speakers"]:
        s["links"] = {"speaker": f"/speakers/{s['id']}"}
    return d


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    p: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    d = search_data(request, f, p)
    c = corpus(request)
    landing = not f.params()
    return page(
        request,
        "search.html",
        title=f"Search: {f.q}" if f.q else "quotegraph",
        json_url="/search.json" + (f"?{request.url.query}" if request.url.query else ""),
        f=f,
        params=f.params(),
        d=d,
        more=d["statements"]["count"] > PAGE_SIZE * p and p < MAX_PAGE,
        landing=landing,
        top=data.top_speakers(c, 10) if landing else [],
        stories=c.stories(limit=8) if landing else [],
    )
