"""The JSON API's response models, so /openapi.json describes every response (fields and types).

Records the query layer already defines (Quote, StorySummary, StoryArticle, DocumentEntity) are reused as
they are, with the web's links added; the envelopes are pydantic models. Every model forbids extra keys,
so a field the API returns but the model lacks fails the tests instead of being dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypedDict

from quotegraph.query import DocumentEntity, Quote, StoryArticle, StorySummary

Kind = Literal["direct", "partial", "indirect"]
Act = Literal["speech", "thought", "finding", "all"]
_STRICT = ConfigDict(extra="forbid")


class Model(BaseModel):
    model_config = _STRICT


class ReactionSpeaker(Model):
    id: int | None
    name: str


class ReactionStatement(Model):
    id: int
    text: str
    kind: Kind
    speaker: ReactionSpeaker | None
    document: str
    date: str | None
    start: int
    end: int


class ReactionTarget(Model):
    statement: ReactionStatement | None
    speaker: ReactionSpeaker | None


class ReactionCue(Model):
    text: str
    start: int
    end: int


class ReactionItem(Model):
    id: int
    statement: ReactionStatement
    target: ReactionTarget
    cue: ReactionCue
    stance: Literal["rejects", "supports", "other"]
    confidence: float
    links: dict[str, str]


class ReactionList(Model):
    items: list[ReactionItem]


class FilterParams(TypedDict, total=False):
    """The filters in effect, as query parameters; a filter not given is absent."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]

    q: str
    speaker: str
    addressee: str
    outlet: str
    kind: list[Kind]
    since: str
    until: str
    story: int
    act: Act


@dataclass
class QuoteLinks:
    statement: str
    document: str
    speaker: str | None
    story: str | None
    citation: str


@dataclass
class LinkedQuote(Quote):
    """A statement: every Quote field plus links to its pages."""

    __pydantic_config__ = _STRICT

    links: QuoteLinks


class StatementPage(Model):
    filters: FilterParams
    limit: int
    offset: int
    items: list[LinkedQuote]
    next: str | None


class CitationLinks(Model):
    statement: str
    permalink: str


class CitationOut(Model):
    """A statement's citation: one line of plain text and a CSL-JSON item (the statement in ``custom``)."""

    text: str
    csl: dict[str, Any]
    links: CitationLinks


class Span(Model):
    start: int
    end: int


class Paragraph(Model):
    start: int
    end: int
    text: str


class Group(Model):
    """Every article and outlet that reported the statement (just the statement when it has no group)."""

    id: int | None
    documents: int
    outlets: list[str]
    statements: list[LinkedQuote]


class StatementDetail(Model):
    statement: LinkedQuote
    answers: list[ReactionItem]
    answered_by: list[ReactionItem]
    paragraph: Paragraph
    cue: Span | None
    group: Group


class SpeakerLinks(Model):
    speaker: str


class Speaker(Model):
    id: int
    name: str
    type: str
    named: bool
    statements: int
    documents: int
    first_date: str | None
    last_date: str | None
    aliases: list[str]
    links: SpeakerLinks


class SpeakerList(Model):
    q: str | None
    items: list[Speaker]


class AliasCount(Model):
    alias: str
    articles: int


class OutletCount(Model):
    outlet: str
    statements: int


class MonthCount(Model):
    month: str
    statements: int


class SpeakerDetail(Model):
    id: int
    name: str
    type: str
    named: bool
    aliases: list[AliasCount]
    descriptors: list[str]
    statements: int
    documents: int
    first_date: str | None
    last_date: str | None
    by_outlet: list[OutletCount]
    by_month: list[MonthCount]
    page: int
    page_size: int
    act: Act
    quotes: list[LinkedQuote]
    reactions: list[ReactionItem]


class SpeakerFacet(Model):
    id: int
    name: str
    count: int


class ValueFacet(Model):
    value: str
    count: int


class Facets(Model):
    """Counts per speaker, outlet, kind, year and act over ``sampled`` matches: every match, or the first
    100,001 when ``capped``."""

    speaker: list[SpeakerFacet]
    outlet: list[ValueFacet]
    kind: list[ValueFacet]
    year: list[ValueFacet]
    act: list[ValueFacet]
    sampled: int
    capped: bool


class Statements(Model):
    """``count`` matches (a lower bound when ``capped``); the first ``by_people`` are the named people's."""

    count: int
    capped: bool
    by_people: int
    items: list[LinkedQuote]


class DocumentLinks(Model):
    document: str


class Article(Model):
    document: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    story: int | None
    snippet: str
    links: DocumentLinks


class Articles(Model):
    count: int
    capped: bool
    items: list[Article]


class SearchResult(Model):
    filters: FilterParams
    page: int
    page_size: int
    statements: Statements
    facets: Facets
    articles: Articles
    people: list[Speaker]
    speakers: list[Speaker]


class DocumentDetail(Model):
    document: str
    title: str | None
    source: str | None
    authors: list[str]
    published: str | None
    date: str | None
    url: str | None
    publisher: str | None
    outlet: str | None
    language: str | None
    text: str
    blocks: list[Any]
    extractor_version: str
    story: int | None
    statements: list[LinkedQuote]
    entities: list[DocumentEntity]


class StoryLinks(Model):
    story: str


@dataclass
class LinkedStory(StorySummary):
    __pydantic_config__ = _STRICT

    links: StoryLinks


class StoryList(Model):
    items: list[LinkedStory]


@dataclass
class LinkedArticle(StoryArticle):
    __pydantic_config__ = _STRICT

    links: DocumentLinks


class StorySpeaker(Model):
    id: int
    name: str | None
    statements: int
    links: SpeakerLinks


class StoryDetail(Model):
    story: StorySummary
    articles: list[LinkedArticle]
    speakers: list[StorySpeaker]
    quotes: list[LinkedQuote]


class ErrorOut(Model):
    error: str
    detail: Any = None
