"""Hand-built extraction dicts (extract.schema.json shape) for store and linking tests: no spaCy."""

from __future__ import annotations

import hashlib
from typing import Any

Quote = tuple[str, str] | tuple[str, str, str]


def article(
    quotes: list[Quote],
    *,
    lead: str = "",
    people: dict[str, dict[str, Any]] | None = None,
    orgs: tuple[str, ...] = (),
    published: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    version: str = "test",
) -> dict[str, Any]:
    """An article where each quote reads '"TEXT," SPEAKER said.' on its own line.

    A speaker written in lower case ('a senior official') is unnamed (GROUP). ``people`` maps a surface
    name to the entity the in-article resolver would give: {"name": ..., "aliases": [...], "descriptors": [...]}.
    """
    people = people or {}
    text = ""
    entities: dict[str, dict[str, Any]] = {}
    statements: list[dict[str, Any]] = []

    def add(s: str) -> int:
        nonlocal text
        start = len(text)
        text += s
        return start

    def entity(surface: str, etype: str, start: int) -> dict[str, Any]:
        info = people.get(surface, {})
        name = info.get("name", surface)
        ent = entities.get(name)
        if ent is None:
            ent = entities[name] = {
                "id": f"{'G' if etype == 'GROUP' else 'E'}{len(entities) + 1}",
                "name": name,
                "type": etype,
                "aliases": list(info.get("aliases", [surface] if surface != name else [])),
                "descriptors": list(info.get("descriptors", [])),
                "mentions": [],
            }
        ent["mentions"].append([start, start + len(surface)])
        return ent

    if lead:
        add(lead + "\n")
    for i, q in enumerate(quotes):
        surface, words = q[0], q[1]
        kind = q[2] if len(q) > 2 else "direct"
        named = not surface[:1].islower()
        add('"')
        qs = add(words)
        add('," ')
        ss = add(surface)
        cs = add(" said") + 1
        add(".\n")
        ent = entity(surface, "PERSON" if named else "GROUP", ss)
        statements.append(
            {
                "id": f"S{i + 1}",
                "kind": kind,
                "text": words,
                "start": qs,
                "end": qs + len(words),
                "speaker": {
                    "name": ent["name"],
                    "entity": ent["id"],
                    "named": named,
                    "text": surface,
                    "start": ss,
                    "end": ss + len(surface),
                },
                "cue": {"text": "said", "lemma": "say", "start": cs, "end": cs + 4},
                "channel": None,
                "addressee": None,
                "confidence": 0.9,
                "continues": None,
                "act": "speech",
            }
        )
    for org in orgs:
        entity(org, "ORG", add(org))
        add(" was mentioned.\n")
    return {
        "extractor": {"name": "quotegraph", "version": version},
        "document": {
            "id": hashlib.sha256(text.encode()).hexdigest()[:16],
            "source": None,
            "text": text,
            "title": title,
            "authors": [],
            "published": published,
            "url": None,
            "publisher": publisher,
            "language": "en",
            "blocks": [],
        },
        "entities": list(entities.values()),
        "statements": statements,
    }
