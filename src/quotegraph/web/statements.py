"""Statements: the paginated listing (`quotegraph quotes` over HTTP) and one statement with its group."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from quotegraph.errors import NotFound
from quotegraph.query import MAX_OFFSET, Filters, Quote
from quotegraph.web import render
from quotegraph.web.common import MAX_ID, MAX_LIMIT, filters, page, quote_json
from quotegraph.web.db import corpus
from quotegraph.web.models import CitationOut, StatementDetail, StatementPage
from quotegraph.web.reactions import reaction_json
from quotegraph.web.tables import STATEMENT_COLUMNS, csv_response, statement_rows

router = APIRouter()
StatementId = Annotated[int, Path(ge=1, le=MAX_ID, description="Statement id.")]


@router.get("/api/statements", tags=["statements"], response_model=StatementPage)
def list_statements(
    request: Request,
    f: Annotated[Filters, Depends(filters)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Statements matching every filter, newest first; page with ``offset`` (``next`` is the next page)."""
    found = list(corpus(request).find(f, limit, offset))
    nxt = None
    if len(found) == limit and offset + limit <= MAX_OFFSET:
        nxt = render.query_url("/api/statements", f.params(), limit=limit, offset=offset + limit)
    return {
        "filters": f.params(),
        "limit": limit,
        "offset": offset,
        "items": [quote_json(q) for q in found],
        "next": nxt,
    }


def statement_data(request: Request, statement_id: int) -> tuple[Quote, list[Quote], dict[str, Any]]:
    c = corpus(request)
    q = c.statement(statement_id)
    if q is None:
        raise NotFound(f"no statement {statement_id}")
    members = c.group(q.group) if q.group is not None else [q]
    source = c.source(q.id)
    text, cue = source.text, source.cue
    start, end = render.paragraph(text, q, cue)
    context = {"start": start, "end": end, "text": text[start:end], "cue": cue}
    return q, members, context


@router.get("/api/statements/{statement_id}", tags=["statements"], response_model=StatementDetail)
@router.get("/statements/{statement_id}.json", include_in_schema=False, response_model=StatementDetail)
def get_statement(request: Request, statement_id: StatementId) -> dict[str, Any]:
    """One statement, its source paragraph, and its group: every article and outlet that reported it."""
    q, members, para = statement_data(request, statement_id)
    c = corpus(request)
    return {
        "statement": quote_json(q),
        "answers": [reaction_json(r) for r in c.reactions(statement=q.id)],
        "answered_by": [reaction_json(r) for r in c.reactions(answered=q.id)],
        "paragraph": {"start": para["start"], "end": para["end"], "text": para["text"]},
        "cue": {"start": para["cue"][0], "end": para["cue"][1]} if para["cue"] else None,
        "group": {
            "id": q.group,
            "documents": len({m.document for m in members}),
            "outlets": sorted({m.outlet for m in members if m.outlet}),
            "statements": [quote_json(m) for m in members],
        },
    }


def citation_data(request: Request, statement_id: int) -> dict[str, Any]:
    q = corpus(request).statement(statement_id)
    if q is None:
        raise NotFound(f"no statement {statement_id}")
    c = render.citation(q, str(request.base_url))
    return {
        "text": c.text,
        "csl": c.csl,
        "links": {"statement": f"/statements/{q.id}", "permalink": c.csl["custom"]["permalink"]},
    }


@router.get("/api/statements/{statement_id}/citation", tags=["statements"], response_model=CitationOut)
@router.get("/statements/{statement_id}/citation.json", include_in_schema=False, response_model=CitationOut)
def get_citation(request: Request, statement_id: StatementId) -> dict[str, Any]:
    """How to cite one statement: a line of plain text (speaker, the words, title, outlet, date, URL,
    permalink) and a CSL-JSON item; a paraphrase is cited as a paraphrase, never in quotation marks."""
    return citation_data(request, statement_id)


@router.get(
    "/statements/{statement_id}/citation.txt", response_class=PlainTextResponse, include_in_schema=False
)
def citation_text(request: Request, statement_id: StatementId) -> PlainTextResponse:
    return PlainTextResponse(citation_data(request, statement_id)["text"] + "\n")


@router.get("/statements/{statement_id}.csv", include_in_schema=False)
def statement_csv(request: Request, statement_id: StatementId) -> Response:
    """The statement and every other report of it (its group), oldest first, as CSV."""
    _, members, _ = statement_data(request, statement_id)
    return csv_response(statement_rows(request, members), STATEMENT_COLUMNS, f"statement-{statement_id}")


@router.get("/statements/{statement_id}", response_class=HTMLResponse, include_in_schema=False)
def statement_page(request: Request, statement_id: StatementId) -> HTMLResponse:
    q, members, para = statement_data(request, statement_id)
    spans = render.quote_spans(q)
    if para["cue"]:
        spans.append(render.Span(para["cue"][0], para["cue"][1], "hl-cue", None, "cue"))
    source = render.highlight(para["text"], spans, offset=para["start"])
    others = [m for m in members if m.id != q.id]
    c = corpus(request)
    return page(
        request,
        "statement.html",
        csv=True,
        title=f"{q.speaker or 'Unknown speaker'}: "
        + (f"paraphrase: {q.text[:60]}" if q.kind == "indirect" else f"“{q.text[:60]}”"),
        q=q,
        source=source,
        trimmed=(para["start"] > 0, para["end"]),
        others=others,
        outlets=sorted({m.outlet for m in members if m.outlet}),
        answers=c.reactions(statement=q.id),
        answered_by=c.reactions(answered=q.id),
        cited=citation_data(request, q.id),
    )
