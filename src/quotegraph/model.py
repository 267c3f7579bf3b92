"""The data model: plain dataclasses that flow through the stages.

Offsets are always character offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawDocument:
    """What a reader found, before any cleaning."""

    source: str | None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None


@dataclass
class Block:
    """A stretch of the article text that is not running prose (heading, caption)."""

    kind: str
    start: int
    end: int


@dataclass
class Article:
    id: str
    text: str
    source: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Speaker:
    name: str
    text: str
    start: int
    end: int
    named: bool
    entity: str | None = None


@dataclass
class Cue:
    text: str
    lemma: str
    start: int
    end: int


@dataclass
class Addressee:
    name: str
    entity: str | None = None


@dataclass
class Statement:
    id: str
    kind: str
    text: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Cue | None
    channel: str | None = None
    addressee: Addressee | None = None
    confidence: float = 0.5
    continues: str | None = None  # id of the statement this quote continues (same speaker, no cue of its own)


@dataclass
class Extraction:
    """The single-article result; ``to_dict`` gives the extract.schema.json shape."""

    article: Article
    entities: list[Entity]
    statements: list[Statement]
    version: str

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "extractor": {"name": "quotegraph", "version": self.version},
            "document": {
                "id": a.id,
                "source": a.source,
                "text": a.text,
                "title": a.title,
                "authors": list(a.authors),
                "published": a.published,
                "url": a.url,
                "publisher": a.publisher,
                "language": a.language,
                "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in a.blocks],
            },
            "entities": [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "aliases": list(e.aliases),
                    "descriptors": list(e.descriptors),
                    "mentions": [[s, t] for s, t in e.mentions],
                }
                for e in self.entities
            ],
            "statements": [_statement_dict(s) for s in self.statements],
        }


def _statement_dict(s: Statement) -> dict[str, Any]:
    sp = s.speaker
    return {
        "id": s.id,
        "kind": s.kind,
        "text": s.text,
        "start": s.start,
        "end": s.end,
        "speaker": None
        if sp is None
        else {
            "name": sp.name,
            "entity": sp.entity,
            "named": sp.named,
            "text": sp.text,
            "start": sp.start,
            "end": sp.end,
        },
        "cue": None
        if s.cue is None
        else {"text": s.cue.text, "lemma": s.cue.lemma, "start": s.cue.start, "end": s.cue.end},
        "channel": s.channel,
        "addressee": None
        if s.addressee is None
        else {"name": s.addressee.name, "entity": s.addressee.entity},
        "confidence": round(s.confidence, 3),
        "continues": s.continues,
    }
