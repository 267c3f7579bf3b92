"""Reactions: who answers whom, as JSON, and as a drawn exchange on story pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from quotegraph.query import Reaction
from quotegraph.web.common import MAX_ID, MAX_LIMIT
from quotegraph.web.db import corpus
from quotegraph.web.models import ReactionList

router = APIRouter()


def reaction_json(r: Reaction) -> dict[str, Any]:
    out = r.to_dict()
    out["links"] = {"statement": f"/statements/{r.statement.id}"}
    if r.target["statement"] is not None:
        out["links"]["target"] = f"/statements/{r.target['statement'].id}"
    return out


@router.get("/api/reactions", tags=["reactions"], response_model=ReactionList)
@router.get("/reactions.json", include_in_schema=False, response_model=ReactionList)
def list_reactions(
    request: Request,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Reactions in this story.")] = None,
    speaker: Annotated[
        str | None, Query(max_length=200, description="Reactions by or to this speaker (name or id).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
) -> dict[str, Any]:
    """Each response statement, what it answers (a statement, a speaker, or both), the cue and the stance."""
    found = corpus(request).reactions(story=story, speaker=speaker, limit=limit)
    return {"items": [reaction_json(r) for r in found]}
