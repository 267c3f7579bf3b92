"""The reads behind a search page: statement counts and facets, articles by text, speakers by name.

Each one is bounded whatever the store's size: counts and facets read at most EXACT matches, article
counts stop at COUNT_CAP, name searches are range scans on indexes (never LIKE over a table).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from quotegraph.corpus.link.entities import name_key, same_given
from quotegraph.corpus.link.text import normalize
from quotegraph.errors import BadQuery, NotFound
from quotegraph.query import plan
from quotegraph.query.columns import NONE
from quotegraph.query.filters import ACTS, KINDS, Filters, where
from quotegraph.query.results import (
    DocumentHit,
    DocumentHits,
    Facets,
    SpeakerFacet,
    SpeakerSummary,
    StatementSearch,
    StatementSummary,
    ValueFacet,
)

if TYPE_CHECKING:
    import numpy as np

    from quotegraph.query.columns import Snapshot
    from quotegraph.query.corpus import Corpus

EXACT = 100_000  # counts and facets are exact up to this many matches ("100,000+" beyond)
COUNT_CAP = 10_000  # article counts stop here ("10,000+")
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # snippet() markers, turned into <mark> after escaping
_SPEAKER_COLUMNS = "id, name, type, named, {n} AS statements, documents, first_date, last_date"


@dataclass
class Tally:
    """Full counts of a set of matching statements, the facets before they are cut to their top rows."""

    act: Counter[str] = field(default_factory=Counter)  # every act of the matches
    speaker: Counter[int] = field(default_factory=Counter)  # the rest: only the act asked for
    outlet: Counter[str] = field(default_factory=Counter)
    kind: Counter[str] = field(default_factory=Counter)
    year: Counter[str] = field(default_factory=Counter)
    count: int = 0
    capped: bool = False

    def __add__(self, other: Tally) -> Tally:
        """The tally of two disjoint sets of statements."""
        return Tally(
            self.act + other.act,
            self.speaker + other.speaker,
            self.outlet + other.outlet,
            self.kind + other.kind,
            self.year + other.year,
            self.count + other.count,
            self.capped or other.capped,
        )


def summary(corpus: Corpus, f: Filters) -> StatementSummary:
    """Matches counted, and faceted by speaker, outlet, kind, year and act: exact up to EXACT (see tally)."""
    return summarize(corpus, tally(corpus, f))


def tally(corpus: Corpus, f: Filters) -> Tally:
    """Exact counts of the matches, up to EXACT of them. Beyond EXACT (or, for a text query with other
    filters, beyond its first EXACT text matches) ``capped`` says the count is a lower bound and the facets
    count the first EXACT + 1. From the store's columns in memory (query.columns) when it has them, else
    aggregated by SQLite (sql_tally): the two agree."""
    snap = corpus.columns()
    if snap is not None:
        cached = column_tally(corpus, snap, f)
        if cached is not None:
            return cached
    return sql_tally(corpus, f)


def column_tally(corpus: Corpus, snap: Snapshot, f: Filters) -> Tally | None:
    """tally() as array lookups and bincounts over the matched statement ids; None when the text matches
    include a statement newer than the arrays (a commit between the two reads: SQLite answers instead)."""
    import numpy as np

    out = Tally()
    built = where(
        replace(f, act="all"), corpus
    )  # checks the values and resolves names, as SQLite's read does
    if built is None:
        return out
    match = f.match()
    text_capped = False
    if match:
        ids = corpus.text.first_ids(match, EXACT + 1)
        if len(ids) and ids.max() >= len(snap.exists):
            return None
        text_capped = len(ids) > EXACT
    else:
        ids = np.flatnonzero(snap.exists)
    keep = np.ones(len(ids), dtype=bool)

    def among(column: np.ndarray, wanted: list[int]) -> np.ndarray:
        return np.isin(column[ids], np.array(wanted, dtype=np.int64))

    for column, name in ((snap.speaker, f.speaker), (snap.addressee, f.addressee)):
        if name:
            keep &= among(column, corpus.entity_ids(name))
    if f.by:
        keep &= among(snap.speaker, f.by)
    if f.not_by:
        keep &= ~among(snap.speaker, f.not_by)
    if not f.hidden:
        keep &= ~snap.hidden[ids]
    if f.kind:
        keep &= np.isin(snap.kind[ids], [KINDS.index(k) for k in f.kind])
    if f.outlet and f.outlet.strip():
        named = set(corpus.outlet_keys(f.outlet))
        wanted = [i for i, k in enumerate(snap.keys) if k in named]
        keep &= np.isin(snap.doc_key[snap.document[ids]], wanted)
    date = snap.date[ids]
    if f.since:
        keep &= (date != NONE) & (date >= snap.since(f.since))
    if f.until:
        keep &= (date != NONE) & (date <= snap.until(f.until))
    if f.story is not None:
        stories = snap.doc_story[snap.document[ids]]
        keep &= (stories != NONE) & (stories == f.story)
    ids = ids[keep][: EXACT + 1]
    acts = snap.act[ids]
    for i, n in enumerate(np.bincount(acts, minlength=len(ACTS))):
        if n:
            out.act[ACTS[i]] = int(n)
    if f.act != "all":
        ids = ids[acts == ACTS.index(f.act)]
    speakers = snap.speaker[ids]
    speakers = speakers[speakers != NONE]
    out.speaker = _counts(speakers)
    for i, n in enumerate(np.bincount(snap.kind[ids], minlength=len(KINDS))):
        if n:
            out.kind[KINDS[i]] = int(n)
    dates = snap.date[ids]
    years = snap.year[dates[dates != NONE]]
    for i, n in enumerate(np.bincount(years, minlength=len(snap.years))):
        if n:
            out.year[snap.years[i]] = int(n)
    outlets = snap.doc_outlet[snap.document[ids]]
    for i, n in enumerate(np.bincount(outlets[outlets != NONE], minlength=len(snap.outlets))):
        if n:
            out.outlet[snap.outlets[i]] = int(n)
    read = sum(out.act.values())
    out.count = read if f.act == "all" else out.act.get(f.act, 0)
    out.capped = read > EXACT or text_capped
    return out


_BINCOUNT_SPAN = 8  # a bincount over values up to this many times the number counted beats sorting them


def _counts(values: np.ndarray) -> Counter[int]:
    """How often each value occurs: a bincount when the values are small next to how many there are (the
    speaker ids of 100,000 matches: 1 ms, where np.unique's sort takes 5), else np.unique."""
    import numpy as np

    if not len(values):
        return Counter()
    if int(values.max()) <= _BINCOUNT_SPAN * len(values) + 1024:
        counts = np.bincount(values)
        present = np.flatnonzero(counts)
        return Counter(dict(zip(present.tolist(), counts[present].tolist(), strict=True)))
    found, counts = np.unique(values, return_counts=True)
    return Counter(dict(zip(found.tolist(), counts.tolist(), strict=True)))


def sql_tally(corpus: Corpus, f: Filters) -> Tally:
    """tally() in one read that SQLite aggregates (no rows reach Python): for stores without the columns
    in memory, and the reference the columns are tested against."""
    out = Tally()
    # one read over every act: the act facet counts them all, the other facets the act asked for
    built = where(replace(f, act="all"), corpus, text=lambda match: corpus.text.first(match, EXACT + 1))
    if built is None:
        return out
    act = "s.act" if corpus.has_acts() else "'speech'"
    join = "JOIN documents d ON d.id = s.document" if "d." in built.sql() else ""
    keep, keep_args = ("1", []) if f.act == "all" else ("act = ?", [f.act])
    rows = corpus.rows(
        "WITH m AS MATERIALIZED (SELECT s.speaker AS speaker, s.kind AS kind, substr(s.date, 1, 4) AS year, "
        f"s.document AS document, {act} AS act FROM statements s {join} {built.sql()} LIMIT ?) "
        "SELECT 'act' AS facet, act AS value, count(*) AS n FROM m GROUP BY act "
        f"UNION ALL SELECT 'speaker', speaker, count(*) FROM m WHERE {keep} AND speaker IS NOT NULL "
        "GROUP BY speaker "
        f"UNION ALL SELECT 'kind', kind, count(*) FROM m WHERE {keep} GROUP BY kind "
        f"UNION ALL SELECT 'year', year, count(*) FROM m WHERE {keep} AND year IS NOT NULL GROUP BY year "
        "UNION ALL SELECT 'outlet', d.outlet, sum(x.n) FROM "
        f"(SELECT document, count(*) AS n FROM m WHERE {keep} GROUP BY document) x "
        "JOIN documents d ON d.id = x.document WHERE d.outlet IS NOT NULL AND d.outlet != '' GROUP BY d.outlet",
        [*built.params, EXACT + 1, *keep_args * 4],
    )
    for r in rows:
        getattr(out, r["facet"])[r["value"]] = r["n"]
    read = sum(out.act.values())
    out.count = read if f.act == "all" else out.act.get(f.act, 0)
    out.capped = read > EXACT
    match = f.match()
    if match and not out.capped:
        # the other filters were applied to the first EXACT + 1 text matches only: were there more?
        first = corpus.matching_ids(match)  # every match when there are at most COMMON_MATCHES
        if len(first) <= plan.COMMON_MATCHES:
            out.capped = len(first) > EXACT
        else:
            (more,) = corpus.rows(
                "SELECT count(*) AS n FROM (SELECT 1 FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)",
                (match, EXACT + 1),
            )
            out.capped = more["n"] > EXACT
    return out


def summarize(corpus: Corpus, t: Tally) -> StatementSummary:
    """A tally as the page shows it: the top 12 speakers and outlets, every kind, year and act."""
    facets = Facets()
    facets.act = [ValueFacet(a, c) for a, c in t.act.most_common()]
    speakers = t.speaker.most_common(12)
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
    facets.outlet = [ValueFacet(o, c) for o, c in t.outlet.most_common(12)]
    facets.kind = [ValueFacet(k, c) for k, c in t.kind.most_common()]
    facets.year = [ValueFacet(y, t.year[y]) for y in sorted(t.year, reverse=True)]
    facets.sampled = t.count
    facets.capped = t.capped
    return StatementSummary(t.count, t.capped, facets)


def people(corpus: Corpus, q: str, limit: int = 8, act: str = "speech") -> list[SpeakerSummary]:
    """The speakers a search text names, most quoted first: an entity with the text as one of its names
    ("Loretta Lynch" finds the entity named "Loretta E. Lynch": same first name, or its initial, and
    surname), or every person with that surname for a bare surname. Someone who only shares the surname
    ("Stephen Lynch") is not named by a full name. Text that is no one's name names no one."""
    norm = normalize(q.replace('"', " "))
    if not norm:
        return []
    given, surname = name_key(norm)
    ids: list[int] = [
        r["id"]
        for r in corpus.rows(
            "SELECT DISTINCT a.entity AS id FROM aliases a JOIN entities e ON e.id = a.entity "
            "WHERE a.norm = ? AND e.merged_into IS NULL",
            (norm,),
        )
    ]
    if surname:
        candidates = corpus.rows(
            "SELECT e.id AS id, a.norm AS alias FROM entities e JOIN aliases a ON a.entity = e.id "
            "WHERE e.surname = ? AND e.merged_into IS NULL AND e.named = 1 AND e.surname IS NOT NULL "
            "LIMIT 2000",
            (surname,),
        )
        for r in candidates:
            if given is None:
                ids.append(r["id"])
                continue
            alias_given, alias_surname = name_key(r["alias"])
            if alias_surname == surname and alias_given is not None and same_given(alias_given, given):
                ids.append(r["id"])
    seen = list(dict.fromkeys(ids))
    if not seen:
        return []
    return _summaries(corpus, seen, limit, act=act)


def statements(corpus: Corpus, f: Filters, limit: int, offset: int = 0) -> StatementSearch:
    """One page of a search's statements with their counts and facets.

    When ``f.q`` names people (see people), the listing leads with what they said (every statement of
    theirs that passes the other filters, whatever its words), then the statements by anyone else whose
    text matches; the counts and facets cover both. Otherwise it is the text's matches, as `find` gives them.
    """
    named = people(corpus, f.q, act="speech" if f.act == "speech" else "all") if f.q else []
    if not named:
        return StatementSearch([], list(corpus.find(f, limit, offset)), 0, summary(corpus, f))
    ids = [p.id for p in named]
    own = replace(f, q=None, by=ids)
    others = replace(f, not_by=ids)
    mine, theirs = tally(corpus, own), tally(corpus, others)
    items = list(corpus.find(own, limit, offset)) if offset < mine.count or mine.capped else []
    if len(items) < limit and not mine.capped:
        items += corpus.find(others, limit - len(items), max(0, offset - mine.count))
    return StatementSearch(named, items, mine.count, summarize(corpus, mine + theirs))


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
    seen = list(dict.fromkeys(ids))
    if not seen:
        return []
    return _summaries(corpus, seen, limit, unnamed, act)


def _summaries(
    corpus: Corpus, ids: list[int], limit: int, unnamed: bool = False, act: str = "speech"
) -> list[SpeakerSummary]:
    """The live speakers among ``ids`` with statements of ``act``, most quoted first, with their aliases."""
    n = corpus.speaker_count(act)
    rows = corpus.rows(
        f"SELECT {_SPEAKER_COLUMNS.format(n=n)} FROM entities WHERE id IN ({','.join('?' * len(ids))}) "
        f"AND merged_into IS NULL AND {n} > 0 {'' if unnamed else 'AND named = 1'} "
        f"ORDER BY {n} DESC, id LIMIT ?",
        [*ids, limit],
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
