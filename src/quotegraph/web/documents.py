"""Documents: one article with its statements, speakers and entities highlighted in the text."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from quotegraph.errors import NotFound
from quotegraph.web import render
from quotegraph.web.common import DOC_ID, page, quote_json
from quotegraph.web.db import corpus
from quotegraph.web.models import DocumentDetail
from quotegraph.web.tables import STATEMENT_COLUMNS, csv_response, statement_rows

router = APIRouter()
DocId = Annotated[str, Path(pattern=DOC_ID, description="Document id (the hash in `document.id`).")]
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "GROUP", "OTHER")


def document_data(request: Request, doc_id: str) -> dict[str, Any]:
    """One article as the API gives it (statements stay Quote objects, for quote_json and the page)."""
    d = corpus(request).document(doc_id)
    if d is None:
        raise NotFound(f"no document {doc_id}")
    out = {f.name: getattr(d, f.name) for f in fields(d)}
    out["entities"] = [asdict(e) for e in d.entities]
    return out


@router.get("/api/documents/{doc_id}", tags=["documents"], response_model=DocumentDetail)
@router.get("/documents/{doc_id}.json", include_in_schema=False, response_model=DocumentDetail)
def get_document(request: Request, doc_id: DocId) -> dict[str, Any]:
    """One article: text, metadata, statements and entities, all with character offsets into the text."""
    d = document_data(request, doc_id)
    d["statements"] = [quote_json(q) for q in d["statements"]]
    return d


@router.get("/documents/{doc_id}.csv", include_in_schema=False)
def document_csv(request: Request, doc_id: DocId) -> Response:
    """The article's statements in text order, as CSV."""
    d = document_data(request, doc_id)
    return csv_response(statement_rows(request, d["statements"]), STATEMENT_COLUMNS, f"document-{doc_id}")


@router.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, doc_id: DocId) -> HTMLResponse:
    d = document_data(request, doc_id)
    spans: list[render.Span] = []
    for b in d["blocks"]:
        if isinstance(b, dict) and isinstance(b.get("start"), int) and isinstance(b.get("end"), int):
            spans.append(render.Span(b["start"], b["end"], f"blk blk-{b.get('kind', 'block')}"))
    for e in d["entities"]:
        etype = e["type"] if e["type"] in ENTITY_TYPES else "OTHER"
        for m in e["mentions"]:
            if isinstance(m, list) and len(m) == 2:
                spans.append(
                    render.Span(int(m[0]), int(m[1]), f"hl-ent ent-{etype}", None, f"{e['name']} ({etype})")
                )
    for q in d["statements"]:
        spans += render.quote_spans(q)
    return page(
        request,
        "document.html",
        csv=True,
        title=d["title"] or f"Document {d['document']}",
        d=d,
        body=render.highlight(d["text"], spans),
        people=[e for e in d["entities"] if e["type"] in ("PERSON", "GROUP")],
        others=[e for e in d["entities"] if e["type"] not in ("PERSON", "GROUP")],
    )
