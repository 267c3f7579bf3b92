"""Stories: the largest stories, and one story's articles on a timeline with who said what in it."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from quotegraph.web import render
from quotegraph.web.common import MAX_ID, MAX_LIMIT, page, quote_json
from quotegraph.web.db import corpus
from quotegraph.web.models import StoryDetail, StoryList
from quotegraph.web.tables import STATEMENT_COLUMNS, STORY_COLUMNS, csv_response, statement_rows

router = APIRouter()
StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="Story id.")]
STORY_QUOTES = 500


@router.get("/api/stories", tags=["stories"], response_model=StoryList)
@router.get("/stories.json", include_in_schema=False, response_model=StoryList)
def list_stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    min_articles: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> dict[str, Any]:
    """Stories with the most articles first."""
    found = corpus(request).stories(limit=limit, min_documents=min_articles)
    return {"items": [asdict(s) | {"links": {"story": f"/stories/{s.id}"}} for s in found]}


@router.get("/stories.csv", include_in_schema=False)
def stories_csv(request: Request, min_articles: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Response:
    """The stories the page lists, as CSV."""
    return csv_response(list_stories(request, MAX_LIMIT, min_articles)["items"], STORY_COLUMNS, "stories")


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_page(
    request: Request, min_articles: Annotated[int, Query(ge=1, le=1_000_000)] = 1
) -> HTMLResponse:
    found = list_stories(request, MAX_LIMIT, min_articles)["items"]
    return page(request, "stories.html", csv=True, title="Stories", stories=found, min_articles=min_articles)


def story_data(request: Request, story_id: int) -> dict[str, Any]:
    detail = corpus(request).story(story_id, limit=STORY_QUOTES)  # NotFound: a 404
    counts = Counter((q.speaker_id, q.speaker) for q in detail.quotes if q.speaker_id is not None)
    return {
        "story": asdict(detail.story),
        "articles": [
            asdict(a) | {"links": {"document": f"/documents/{a.document}"}} for a in detail.articles
        ],
        "speakers": [
            {"id": i, "name": name, "statements": n, "links": {"speaker": f"/speakers/{i}"}}
            for (i, name), n in counts.most_common()
        ],
        "quotes": detail.quotes,
    }


@router.get("/api/stories/{story_id}", tags=["stories"], response_model=StoryDetail)
@router.get("/stories/{story_id}.json", include_in_schema=False, response_model=StoryDetail)
def get_story(request: Request, story_id: StoryId) -> dict[str, Any]:
    """One story: its articles, its speakers, and its statements in time order (the first 500)."""
    d = story_data(request, story_id)
    d["quotes"] = [quote_json(q) for q in d["quotes"]]
    return d


@router.get("/stories/{story_id}.csv", include_in_schema=False)
def story_csv(request: Request, story_id: StoryId) -> Response:
    """The story's statements in time order (the first 500), as CSV."""
    d = story_data(request, story_id)
    return csv_response(statement_rows(request, d["quotes"]), STATEMENT_COLUMNS, f"story-{story_id}")


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(request: Request, story_id: StoryId) -> HTMLResponse:
    d = story_data(request, story_id)
    s = d["story"]
    chart = render.dots_timeline(
        [(a["date"], a["title"] or a["document"]) for a in d["articles"]],
        f"Articles of story {s['id']} over time",
    )
    found = corpus(request).reactions(story=story_id, limit=STORY_QUOTES)
    exchange = render.reactions_graph(found, f"Who answered whom in story {s['id']}")
    return page(
        request,
        "story.html",
        csv=True,
        title=f"Story: {s['label'] or s['id']}",
        d=d,
        s=s,
        chart=chart,
        exchange=exchange,
        reactions=found,
    )
