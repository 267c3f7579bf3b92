"""Python API over a store: quotes, speakers, stories; and the user's corrections
(merge, split, rename, reassign, hide, unhide, undo, decisions: methods of Corpus).

    from quotegraph.query import Corpus
    corpus = Corpus("quotegraph.db")
    for q in corpus.quotes(speaker="Kadyrov", search="threat"):
        print(q.date, q.outlet, q.speaker, q.text)

Names match any alias of an entity, case- and accent-insensitively; a bare surname matches every person
with that surname.

The modules: results (what queries return), filters (filters -> SQL), plan (how a text search joins a
query), search (counts, facets, articles and speakers of a search page), corpus (Corpus: the reads),
export (statements as JSONL, CSV or Parquet), citation (a statement as plain text and CSL-JSON).
"""

from quotegraph.corpus.decisions import Decision
from quotegraph.query.citation import Citation, cite
from quotegraph.query.corpus import MAX_OFFSET, Corpus
from quotegraph.query.filters import KINDS, Filters, fts_query
from quotegraph.query.plan import COMMON_MATCHES
from quotegraph.query.results import (
    DocumentDetail,
    DocumentEntity,
    DocumentHit,
    DocumentHits,
    Facets,
    Quote,
    Reaction,
    ReactionStatement,
    SpeakerCount,
    SpeakerFacet,
    SpeakerProfile,
    SpeakerSummary,
    StatementSearch,
    StatementSource,
    StatementSummary,
    StoryArticle,
    StoryDetail,
    StorySummary,
    ValueFacet,
)

__all__ = [
    "Citation",
    "COMMON_MATCHES",
    "KINDS",
    "MAX_OFFSET",
    "Corpus",
    "Decision",
    "DocumentDetail",
    "DocumentEntity",
    "DocumentHit",
    "DocumentHits",
    "Facets",
    "Filters",
    "Quote",
    "Reaction",
    "ReactionStatement",
    "SpeakerCount",
    "SpeakerFacet",
    "SpeakerProfile",
    "SpeakerSummary",
    "StatementSearch",
    "StatementSource",
    "StatementSummary",
    "StoryArticle",
    "StoryDetail",
    "StorySummary",
    "ValueFacet",
    "cite",
    "fts_query",
]
