"""The data model: plain dataclasses that flow through the stages, and the one record contract.

Offsets are always character offsets into ``Article.text``, end exclusive. ``Extraction`` is the record
of one article from extraction through ingest; ``to_dict`` gives the shape of extract.schema.json (shipped
in the package, see ``schema``) and ``from_dict`` reads it back, so that
``Extraction.from_dict(x.to_dict()) == x`` and ``Extraction.from_dict(d).to_dict() == d`` for every record
the extractor emits. ``from_dict`` reads hand-built records as the store always did: fields the schema
lets be null may also be missing; a missing required field raises KeyError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
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

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(kind=d["kind"], start=d["start"], end=d["end"])


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

    def to_dict(self) -> dict[str, Any]:
        """The record's ``document``."""
        return {
            "id": self.id,
            "source": self.source,
            "text": self.text,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "url": self.url,
            "publisher": self.publisher,
            "language": self.language,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            text=d["text"],
            source=d.get("source"),
            title=d.get("title"),
            authors=list(d.get("authors") or []),
            published=d.get("published"),
            url=d.get("url"),
            publisher=d.get("publisher"),
            language=d.get("language"),
            blocks=[Block.from_dict(b) for b in d.get("blocks") or []],
        )


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "descriptors": list(self.descriptors),
            "mentions": [[s, t] for s, t in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            type=d.get("type") or "OTHER",
            aliases=list(d.get("aliases") or []),
            descriptors=list(d.get("descriptors") or []),
            mentions=[(s, t) for s, t in d.get("mentions") or []],
        )


@dataclass
class Speaker:
    name: str
    text: str
    start: int
    end: int
    named: bool
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entity": self.entity,
            "named": self.named,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        return cls(
            name=d.get("name"),  # hand-built records may leave it out
            text=d.get("text"),
            start=d.get("start"),
            end=d.get("end"),
            named=bool(d.get("named")),
            entity=d.get("entity"),
        )


@dataclass
class Cue:
    text: str
    lemma: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "lemma": self.lemma, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cue:
        return cls(
            text=d.get("text"),  # hand-built records may leave it out
            lemma=d.get("lemma"),
            start=d.get("start"),
            end=d.get("end"),
        )


@dataclass
class Addressee:
    name: str
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Addressee:
        return cls(name=d.get("name"), entity=d.get("entity"))


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
    act: str = "speech"  # speech, thought or finding

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": None if self.speaker is None else self.speaker.to_dict(),
            "cue": None if self.cue is None else self.cue.to_dict(),
            "channel": self.channel,
            "addressee": None if self.addressee is None else self.addressee.to_dict(),
            "confidence": round(self.confidence, CONFIDENCE_DIGITS),
            "continues": self.continues,
            "act": self.act,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Statement:
        sp, cue, addr = d.get("speaker"), d.get("cue"), d.get("addressee")
        confidence = d.get("confidence")
        return cls(
            id=d["id"],
            kind=d["kind"],
            text=d["text"],
            start=d["start"],
            end=d["end"],
            speaker=Speaker.from_dict(sp) if sp else None,
            cue=Cue.from_dict(cue) if cue else None,
            channel=d.get("channel"),
            addressee=Addressee.from_dict(addr) if addr else None,
            confidence=0.5 if confidence is None else confidence,
            continues=d.get("continues"),
            act=d.get("act") or "speech",
        )


# Confidence is published to 3 decimals; a record holds it so, so that it round-trips exactly.
CONFIDENCE_DIGITS = 3
EXTRACTOR_NAME = "quotegraph"


def verbatim(kind: str) -> bool:
    """Direct and partial statements are the speaker's own words; an indirect one is the reporter's."""
    return kind != "indirect"


def display(kind: str, text: str) -> str:
    """A statement as it may be shown and cited: a quotation in curly quotes, a paraphrase unquoted and
    marked, so that copying one never turns a reporter's summary into a quote."""
    return f"\u201c{text}\u201d" if verbatim(kind) else f"paraphrase: {text}"


def counted(n: int, noun: str) -> str:
    """A count with its noun in the right number, thousands separated: "1 article", "2,345 articles"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


@dataclass
class Extraction:
    """The single-article record; ``to_dict`` gives the extract.schema.json shape, ``from_dict`` reads it."""

    article: Article
    entities: list[Entity]
    statements: list[Statement]
    version: str

    def __post_init__(self) -> None:
        for s in self.statements:
            s.confidence = round(s.confidence, CONFIDENCE_DIGITS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "extractor": {"name": EXTRACTOR_NAME, "version": self.version},
            "document": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "statements": [s.to_dict() for s in self.statements],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        """The record of an extract.schema.json dict; a record without a version counts as '?'."""
        return cls(
            article=Article.from_dict(d["document"]),
            entities=[Entity.from_dict(e) for e in d.get("entities") or []],
            statements=[Statement.from_dict(s) for s in d["statements"]],
            version=(d.get("extractor") or {}).get("version") or "?",
        )


def schema() -> dict[str, Any]:
    """extract.schema.json, as shipped in the package: the JSON Schema of ``Extraction.to_dict()``."""
    text = resources.files("quotegraph").joinpath("data", "extract.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
