"""Search counts and facets are exact up to query.search.EXACT matches (they were a 2,000-row sample)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus, Filters
from quotegraph.query import search as search_module

SPEAKERS = ["Ada Quill", "Bram Oster", "Cleo Varga"]
OUTLETS = ["North Post", "South Wire"]


@pytest.fixture(scope="module")
def levee(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Counter, Counter]:
    """2,700 statements about a levee: more than the old sample, uneven per speaker and outlet."""
    records, by_speaker, by_outlet = [], Counter(), Counter()
    for a in range(30):
        outlet = OUTLETS[a % 7 == 0]
        quotes = []
        for i in range(90):
            who = SPEAKERS[0] if i % 5 < 3 else SPEAKERS[1 + (i + a) % 2]
            quotes.append((who, f"The levee number {a} {i} will hold"))
            by_speaker[who] += 1
            by_outlet[outlet] += 1
        records.append(
            article(quotes, published=f"2022-0{1 + a % 9}-10", publisher=outlet, title=f"Levee {a}")
        )
    db = tmp_path_factory.mktemp("levee") / "levee.db"
    ingest_results(records, db)
    return db, by_speaker, by_outlet


def test_counts_and_facets_are_exact_past_the_old_sample(levee: tuple[Path, Counter, Counter]) -> None:
    db, by_speaker, by_outlet = levee
    with Corpus(db) as c:
        s = c.summary(Filters(q="levee"))
        assert s.count == 2700 and not s.capped and not s.facets.capped
        assert {f.name: f.count for f in s.facets.speaker} == dict(by_speaker)
        assert {f.value: f.count for f in s.facets.outlet} == dict(by_outlet)
        assert sum(f.count for f in s.facets.year) == 2700
        one = c.summary(Filters(q="levee", outlet="South Wire"))
        assert one.count == by_outlet["South Wire"] and not one.capped


def test_beyond_the_exact_limit_the_count_says_so(
    levee: tuple[Path, Counter, Counter], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "EXACT", 1000)
    with Corpus(levee[0]) as c:
        s = c.summary(Filters(q="levee"))
        assert s.capped and s.count == 1001  # a lower bound: the first EXACT + 1 counted
        narrowed = c.summary(Filters(q="levee", outlet="South Wire"))
        assert narrowed.capped  # the outlet was applied to the first text matches only
