"""The reads behind a search page: statement counts and facets, articles by text, speakers by name.

Each one is bounded whatever the store's size: counts and facets read at most SAMPLE matches, article
counts stop at COUNT_CAP, name searches are range scans on indexes (never LIKE over a table).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from quotegraph.corpus.link.text import normalize
from quotegraph.errors import BadQuery, NotFound
from quotegraph.query import plan
from quotegraph.query.filters import Filters, where
from quotegraph.query.results import (
    DocumentHit,
    DocumentHits,
    Facets,
    SpeakerFacet,
    SpeakerSummary,
    StatementSummary,
    ValueFacet,
)

if TYPE_CHECKING:
    from quotegraph.query.corpus import Corpus

SAMPLE = 2000  # counts and facets read at most this many matches ("2,000+"), so they stay fast at any size
assert SAMPLE < plan.COMMON_MATCHES  # the facet sample is a prefix of TextSearch.matching_ids
COUNT_CAP = 10_000  # article counts stop here ("10,000+")
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # snippet() markers, turned into <mark> after escaping
_SPEAKER_COLUMNS = "id, name, type, named, {n} AS statements, documents, first_date, last_date"


def summary(corpus: Corpus, f: Filters) -> StatementSummary:
    """Matches counted, and faceted by speaker, outlet, kind, year and act.

    One bounded read: at most SAMPLE matching statements (and, for a text query, only among its first
    SAMPLE text matches). ``capped`` says the count is a lower bound ("2,000+") and the facets a sample.
    """
    facets = Facets()
    # one read over every act: the act facet counts them all, the other facets the act asked for
    built = where(replace(f, act="all"), corpus, text=lambda match: corpus.text.first(match, SAMPLE + 1))
    if built is None:
        return StatementSummary(0, False, facets)
    act = "s.act" if corpus.has_acts() else "'speech'"
    every = corpus.rows(
        "SELECT s.speaker AS speaker, s.kind AS kind, substr(s.date, 1, 4) AS year, d.outlet AS outlet, "
        f"{act} AS act FROM statements s JOIN documents d ON d.id = s.document {built.sql()} LIMIT ?",
        [*built.params, SAMPLE + 1],
    )
    capped = len(every) > SAMPLE
    match = f.match()
    if match and not capped:
        # other filters were applied to a sample of the text matches only
        capped = len(corpus.matching_ids(match)) > SAMPLE
    every = every[:SAMPLE]
    facets.act = [ValueFacet(a, c) for a, c in Counter(r["act"] for r in every).most_common()]
    rows = [r for r in every if f.act == "all" or r["act"] == f.act]
    speakers = Counter(r["speaker"] for r in rows if r["speaker"] is not None).most_common(12)
    names: dict[int, str] = {}
    if speakers:
        names = {
            r["id"]: r["name"]
            for r in corpus.rows(
                f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(speakers))})",
                [i for i, _ in speakers],
            )
        }
    facets.speaker = [SpeakerFacet(i, names.get(i, "?"), c) for i, c in speakers]
    outlets = Counter(r["outlet"] for r in rows if r["outlet"])
    facets.outlet = [ValueFacet(o, c) for o, c in outlets.most_common(12)]
    facets.kind = [ValueFacet(k, c) for k, c in Counter(r["kind"] for r in rows).most_common()]
    years = Counter(r["year"] for r in rows if r["year"])
    facets.year = [ValueFacet(y, years[y]) for y in sorted(years, reverse=True)]
    facets.sampled = len(rows)
    facets.capped = capped
    return StatementSummary(len(rows), capped, facets)


def documents(corpus: Corpus, f: Filters, limit: int, offset: int = 0) -> DocumentHits:
    """Articles whose title or text match ``f.q`` (and the outlet, date and speaker filters), best first."""
    if not f.match():
        return DocumentHits([], 0, False)
    built = where(f, corpus, text=lambda match: ("documents_fts MATCH ?", [match]), over="documents")
    if built is None:
        return DocumentHits([], 0, False)
    base = f"FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid {built.sql()}"
    n = corpus.rows(f"SELECT count(*) AS n FROM (SELECT 1 {base} LIMIT ?)", [*built.params, COUNT_CAP + 1])[
        0
    ]["n"]
    rows = corpus.rows(
        "SELECT d.doc_id AS document, d.title AS title, d.outlet AS outlet, d.date AS date, d.url AS url, "
        f"d.story AS story, snippet(documents_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', ' … ', 24) AS snippet "
        f"{base} ORDER BY rank LIMIT ? OFFSET ?",
        [*built.params, limit, offset],
    )
    return DocumentHits([DocumentHit(**dict(r)) for r in rows], min(n, COUNT_CAP), n > COUNT_CAP)


def speakers(
    corpus: Corpus, q: str, limit: int, unnamed: bool = False, act: str = "speech"
) -> list[SpeakerSummary]:
    """Entities with statements whose name or any alias matches: exact, then surname, then alias prefix."""
    n = corpus.speaker_count(act)
    norm = normalize(q)
    if not norm:
        raise BadQuery(f"nothing to search for in {q!r}")
    try:
        ids: list[int] = list(corpus.entity_ids(q))
    except NotFound as exc:  # an unknown entity id typed as a name
        raise BadQuery(str(exc)) from None
    # alias prefix ('kady' finds Kadyrov) and word prefix inside an alias ('kadyrov' finds 'ramzan kadyrov');
    # range scans on the aliases_norm index, never LIKE over the table.
    bounds = (norm, norm + "\U0010ffff")
    for row in corpus.rows(
        "SELECT DISTINCT a.entity AS id FROM aliases a WHERE a.norm >= ? AND a.norm < ? LIMIT 200", bounds
    ):
        ids.append(row["id"])
    for row in corpus.rows(
        "SELECT e.id AS id FROM entities e WHERE e.surname >= ? AND e.surname < ? AND e.merged_into IS NULL "
        "AND e.surname IS NOT NULL LIMIT 200",
        bounds,
    ):
        ids.append(row["id"])
    seen: dict[int, None] = dict.fromkeys(ids)
    if not seen:
        return []
    rows = corpus.rows(
        f"SELECT {_SPEAKER_COLUMNS.format(n=n)} FROM entities WHERE id IN ({','.join('?' * len(seen))}) "
        f"AND merged_into IS NULL AND {n} > 0 {'' if unnamed else 'AND named = 1'} "
        f"ORDER BY {n} DESC, id LIMIT ?",
        [*seen, limit],
    )
    out = [SpeakerSummary.from_row(r) for r in rows]
    if out:
        by_id = {s.id: s for s in out}
        for r in corpus.rows(
            f"SELECT entity, alias FROM aliases WHERE entity IN ({','.join('?' * len(out))}) ORDER BY count DESC",
            list(by_id),
        ):
            s = by_id[r["entity"]]
            if r["alias"] != s.name and len(s.aliases) < 8:
                s.aliases.append(r["alias"])
    return out


def top_speakers(
    corpus: Corpus, limit: int, unnamed: bool = False, act: str = "speech"
) -> list[SpeakerSummary]:
    """The most quoted speakers (by speech, or ``act="all"``); unnamed sources only when asked."""
    n = corpus.speaker_count(act)
    rows = corpus.rows(
        f"SELECT {_SPEAKER_COLUMNS.format(n=n)} FROM entities "
        f"WHERE merged_into IS NULL AND {n} > 0 {'' if unnamed else 'AND named = 1'} "
        f"ORDER BY {n} DESC, id LIMIT ?",
        (limit,),
    )
    return [SpeakerSummary.from_row(r) for r in rows]
