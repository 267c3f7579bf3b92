"""What queries return: plain dataclasses, built from rows by column name (never by position)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Quote:
    """One statement with its speaker, outlet, date and provenance (document id and offsets)."""

    id: int
    kind: str
    text: str
    speaker: str | None
    speaker_id: int | None
    named: bool | None
    cue: str | None
    channel: str | None
    addressee: str | None
    confidence: float | None
    date: str | None
    published: str | None
    outlet: str | None
    title: str | None
    url: str | None
    source: str | None
    document: str
    start: int
    end: int
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    group: int | None
    group_documents: int | None
    story: int | None
    extractor_version: str
    act: str  # speech, thought or finding ("speech" for every statement of a store from before acts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Quote:
        """From a row of QUOTE_COLUMNS (its columns are named after the fields)."""
        out = cls(**{"act": "speech", **dict(row)})
        out.named = None if out.named is None else bool(out.named)
        return out


# Every Quote field, named; the joins they need are QUOTE_FROM.
QUOTE_COLUMNS = """
  s.id AS id, s.kind AS kind, s.text AS text, coalesce(e.name, s.speaker_name) AS speaker,
  s.speaker AS speaker_id, coalesce(e.named, s.speaker_named) AS named, s.cue_text AS cue, s.channel AS channel,
  s.addressee_name AS addressee, s.confidence AS confidence, s.date AS date, d.published AS published,
  d.outlet AS outlet, d.title AS title, d.url AS url, d.source AS source, d.doc_id AS document,
  s.start AS start, s.end AS "end", s.speaker_text AS speaker_text, s.speaker_start AS speaker_start,
  s.speaker_end AS speaker_end, s.group_id AS "group", g.documents AS group_documents, d.story AS story,
  s.extractor_version AS extractor_version{act}
"""
QUOTE_FROM = """
FROM statements s JOIN documents d ON d.id = s.document
LEFT JOIN entities e ON e.id = s.speaker
LEFT JOIN statement_groups g ON g.id = s.group_id
"""


@dataclass
class SpeakerCount:
    id: int
    name: str
    type: str
    statements: int
    documents: int


@dataclass
class SpeakerSummary:
    """A speaker in a listing or a name search: counts, dates and up to 8 other names it goes by."""

    id: int
    name: str
    type: str
    named: bool
    statements: int
    documents: int
    first_date: str | None
    last_date: str | None
    aliases: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> SpeakerSummary:
        return cls(
            id=row["id"],
            name=row["name"],
            type=row["type"],
            named=bool(row["named"]),
            statements=row["statements"],
            documents=row["documents"],
            first_date=row["first_date"],
            last_date=row["last_date"],
        )


@dataclass
class SpeakerProfile:
    id: int
    name: str
    type: str
    named: bool
    aliases: list[tuple[str, int]]
    descriptors: list[str]
    statements: int
    documents: int
    first_date: str | None
    last_date: str | None
    by_outlet: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class StorySummary:
    id: int
    label: str
    first_date: str | None
    last_date: str | None
    documents: int
    statements: int


@dataclass
class StoryArticle:
    document: str
    title: str | None
    outlet: str | None
    date: str | None
    source: str | None
    url: str | None


@dataclass
class StoryDetail:
    story: StorySummary
    articles: list[StoryArticle]
    quotes: list[Quote]


@dataclass
class DocumentEntity:
    """An entity as one article mentions it: ``mentions`` are [start, end] offsets into the text."""

    id: int
    local_id: str
    name: str
    type: str
    aliases: list[str]
    descriptors: list[str]
    mentions: list[list[int]]
    named: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DocumentEntity:
        return cls(
            id=row["entity"],
            local_id=row["local_id"],
            name=row["name"],
            type=row["type"],
            aliases=json.loads(row["aliases"]),
            descriptors=json.loads(row["descriptors"]),
            mentions=json.loads(row["spans"]),
            named=bool(row["named"]),
        )


@dataclass
class DocumentDetail:
    """One stored article with its statements (in text order) and entities."""

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
    statements: list[Quote]
    entities: list[DocumentEntity]


@dataclass
class DocumentHit:
    """An article matching a text search; ``snippet`` marks the matched words with SNIPPET_OPEN/CLOSE."""

    document: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    story: int | None
    snippet: str | None


@dataclass
class DocumentHits:
    """One page of matching articles and how many match in all (at most COUNT_CAP; ``capped`` beyond)."""

    items: list[DocumentHit]
    count: int
    capped: bool


@dataclass
class SpeakerFacet:
    id: int
    name: str
    count: int


@dataclass
class ValueFacet:
    value: str
    count: int


@dataclass
class Facets:
    """Counts of the matching statements per speaker, outlet, kind, year and act, over ``sampled`` of them."""

    speaker: list[SpeakerFacet] = field(default_factory=list)
    outlet: list[ValueFacet] = field(default_factory=list)
    kind: list[ValueFacet] = field(default_factory=list)
    year: list[ValueFacet] = field(default_factory=list)
    act: list[ValueFacet] = field(default_factory=list)  # every act of the matches, whichever is shown
    sampled: int = 0
    capped: bool = False


@dataclass
class StatementSummary:
    """How many statements match (a lower bound when ``capped``) and their facets."""

    count: int
    capped: bool
    facets: Facets


@dataclass
class StatementSearch:
    """A search page's statements: when the text names people (``people``), their own statements come
    first (``by_people`` of ``summary.count``), then the statements by anyone else that match the text."""

    people: list[SpeakerSummary]
    items: list[Quote]
    by_people: int
    summary: StatementSummary


@dataclass
class StatementSource:
    """The text of a statement's document and the statement's cue offsets (not part of Quote)."""

    text: str
    cue: tuple[int, int] | None


@dataclass
class ReactionStatement:
    """A statement as a reaction shows it: enough to read and to find again."""

    id: int
    text: str
    kind: str  # direct, partial or indirect: whether ``text`` may be shown as a quotation
    speaker: dict[str, Any] | None  # {"id", "name"}, None for an unattributed statement
    document: str
    date: str | None
    start: int
    end: int


@dataclass
class Reaction:
    """A response statement, what it answers (a statement, a speaker, or both), the cue that shows it
    (offsets in the response's document), and the response's stance toward its target."""

    id: int
    statement: ReactionStatement
    target: dict[str, Any]  # {"statement": ReactionStatement | None, "speaker": {"id", "name"} | None}
    cue: dict[str, Any]  # {"text", "start", "end"}
    stance: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
