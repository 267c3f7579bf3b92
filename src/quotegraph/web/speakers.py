"""Speakers: search by any alias, and one speaker's profile with charts and statements, newest first."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from quotegraph.errors import NotFound
from quotegraph.query import SpeakerSummary
from quotegraph.web import render
from quotegraph.web.common import MAX_ID, MAX_LIMIT, MAX_TEXT, page, quote_json
from quotegraph.web.db import corpus
from quotegraph.web.models import Act, SpeakerDetail, SpeakerList
from quotegraph.web.reactions import reaction_json
from quotegraph.web.tables import SPEAKER_COLUMNS, STATEMENT_COLUMNS, csv_response, statement_rows

router = APIRouter()
SpeakerId = Annotated[int, Path(ge=1, le=MAX_ID, description="Entity id.")]
PAGE_SIZE = 25
MAX_PAGE = 400


@router.get("/api/speakers", tags=["speakers"], response_model=SpeakerList)
@router.get("/speakers.json", include_in_schema=False, response_model=SpeakerList)
def list_speakers(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Any name or alias, or its start.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    unnamed: bool = False,
) -> dict[str, Any]:
    """Speakers whose name or any alias matches ``q`` (all of them when empty), most quoted first."""
    c = corpus(request)
    q = (q or "").strip()
    found = c.find_speakers(q, limit, unnamed) if q else c.top_speakers(limit, unnamed)
    return {"q": q or None, "items": [speaker_json(s) for s in found]}


def speaker_json(s: SpeakerSummary) -> dict[str, Any]:
    """A speaker as the API lists it: its summary plus a link to its page."""
    return asdict(s) | {"links": {"speaker": f"/speakers/{s.id}"}}


@router.get("/speakers.csv", include_in_schema=False)
def speakers_csv(
    request: Request,
    q: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    unnamed: bool = False,
) -> Response:
    """The speakers the page lists, as CSV."""
    return csv_response(list_speakers(request, q, 100, unnamed)["items"], SPEAKER_COLUMNS, "speakers")


@router.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
def speakers_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    unnamed: bool = False,
) -> HTMLResponse:
    found = list_speakers(request, q, 100, unnamed)
    return page(
        request,
        "speakers.html",
        csv=True,
        title="Speakers",
        q=found["q"],
        unnamed=unnamed,
        speakers=found["items"],
    )


def speaker_data(request: Request, speaker_id: int, p: int, act: str = "speech") -> dict[str, Any]:
    c = corpus(request)
    live = c.live_entity(speaker_id)
    if live is None:
        raise NotFound(f"no speaker {speaker_id}")
    if live != speaker_id:
        raise _Moved(live)
    (profile,) = c.speaker(str(live), limit=0)[:1] or [None]
    if profile is None:
        raise NotFound(f"no speaker {speaker_id}")
    upto = c.quotes(speaker=str(live), limit=PAGE_SIZE * p + 1, act=act)  # one more: is there a next page
    quotes = upto[PAGE_SIZE * (p - 1) : PAGE_SIZE * p]
    return {
        "id": profile.id,
        "name": profile.name,
        "type": profile.type,
        "named": profile.named,
        "aliases": [{"alias": a, "articles": n} for a, n in profile.aliases],
        "descriptors": profile.descriptors,
        "statements": profile.statements,
        "documents": profile.documents,
        "first_date": profile.first_date,
        "last_date": profile.last_date,
        "by_outlet": [{"outlet": o, "statements": n} for o, n in profile.by_outlet],
        "by_month": [{"month": m, "statements": n} for m, n in profile.by_month],
        "page": p,
        "page_size": PAGE_SIZE,
        "act": act,
        "more": len(upto) > PAGE_SIZE * p,
        "quotes": quotes,
    }


class _Moved(Exception):
    """The id was merged into another entity: redirect to the entity's stable URL."""

    def __init__(self, to: int) -> None:
        self.to = to


def _speaker_or_moved(request: Request, speaker_id: int, p: int, act: str) -> dict[str, Any] | Response:
    """The speaker's data, or a permanent redirect to the same page of the entity the id was merged into."""
    try:
        return speaker_data(request, speaker_id, p, act)
    except _Moved as moved:
        path = re.sub(r"(/speakers/)\d+", rf"\g<1>{moved.to}", request.url.path, count=1)
        return RedirectResponse(path, status_code=301)


@router.get("/api/speakers/{speaker_id}", tags=["speakers"], response_model=SpeakerDetail)
@router.get("/speakers/{speaker_id}.json", include_in_schema=False, response_model=SpeakerDetail)
def get_speaker(
    request: Request,
    speaker_id: SpeakerId,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    act: Annotated[Act, Query(description="speech (the default), thought, finding, or all")] = "speech",
) -> Any:
    """One speaker: aliases, descriptors, counts per outlet and month, statements newest first (25 a page)
    of one act, what they said by default."""
    d = _speaker_or_moved(request, speaker_id, page, act)
    if isinstance(d, Response):
        return d
    d["quotes"] = [quote_json(q) for q in d["quotes"]]
    d["reactions"] = [reaction_json(r) for r in corpus(request).reactions(responder=d["id"])]
    del d["more"]
    return d


@router.get("/speakers/{speaker_id}.csv", include_in_schema=False)
def speaker_csv(
    request: Request,
    speaker_id: SpeakerId,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    act: Annotated[Act, Query()] = "speech",
) -> Response:
    """The speaker's statements on that page, as CSV."""
    d = _speaker_or_moved(request, speaker_id, page, act)
    if isinstance(d, Response):
        return d
    return csv_response(statement_rows(request, d["quotes"]), STATEMENT_COLUMNS, f"speaker-{d['id']}")


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse, include_in_schema=False)
def speaker_page(
    request: Request,
    speaker_id: SpeakerId,
    p: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
    act: Annotated[Act, Query()] = "speech",
) -> Response:
    d = _speaker_or_moved(request, speaker_id, p, act)
    if isinstance(d, Response):
        return d
    by_month = [(r["month"], r["statements"]) for r in d["by_month"]]
    undated = sum(n for m, n in by_month if m == "(undated)")
    return page(
        request,
        "speaker.html",
        csv=True,
        title=d["name"],
        s=d,
        undated=undated,
        timeline=render.timeline_chart(by_month, f"Statements by {d['name']} over time"),
        outlets=render.bar_chart(
            [(r["outlet"], r["statements"]) for r in d["by_outlet"]], f"Statements by {d['name']} per outlet"
        ),
        more=d.pop("more"),
        reactions=corpus(request).reactions(responder=d["id"]),
    )
