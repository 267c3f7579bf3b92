"""Citations of a statement: one line of plain text and a CSL-JSON item, from the stored record alone.

A citation must not turn a paraphrase into a quotation: a direct or partial quote is cited in quotation
marks as the speaker's words; an indirect statement is cited as a paraphrase, in the reporter's words,
without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from quotegraph.query.results import Quote


@dataclass
class Citation:
    """``text``: one line to paste; ``csl``: the article as a CSL-JSON item, the statement in ``custom``."""

    text: str
    csl: dict[str, Any]


def title_of(q: Quote) -> str | None:
    """The article's title, else its file name (an untitled article is still findable), else None."""
    if q.title:
        return q.title
    return PurePath(q.source).name if q.source else None


def _date_parts(day: str | None) -> list[int] | None:
    if not day:
        return None
    parts = day[:10].split("-")
    try:
        return [int(p) for p in parts if p]
    except ValueError:
        return None


def cite(q: Quote, permalink: str) -> Citation:
    """The citation of one statement; ``permalink`` is the statement's stable URL."""
    speaker = q.speaker or "unknown speaker"
    paraphrase = q.kind == "indirect"
    title = title_of(q)
    where = [f"“{title}”" if title else None, q.outlet, q.date or "undated", q.url]
    source = ", ".join(p for p in where if p)
    if paraphrase:
        text = f"{speaker}, paraphrased (the reporter's words, not a quotation): {q.text} (reported in {source})."
    else:
        text = f"{speaker}: “{q.text}” (quoted in {source})."
    text += f" Statement: {permalink}"
    csl: dict[str, Any] = {
        "id": f"quotegraph-statement-{q.id}",
        "type": "article-newspaper",
        "note": text,
        "custom": {
            "speaker": q.speaker,
            "statement": q.text,
            "kind": q.kind,
            "quotation": not paraphrase,
            "permalink": permalink,
        },
    }
    for key, value in (("title", title), ("container-title", q.outlet), ("URL", q.url)):
        if value:
            csl[key] = value
    parts = _date_parts(q.date)
    if parts:
        csl["issued"] = {"date-parts": [parts]}
    return Citation(text, csl)
