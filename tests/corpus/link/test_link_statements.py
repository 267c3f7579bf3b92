"""Statement groups: the same quote reported by several articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.link import statements
from quotegraph.corpus.link.statements import band_keys, shingles, text_key
from quotegraph.corpus.link.text import words
from quotegraph.query import Corpus

LONG = (
    "We have a massive intelligence network in the ranks of these groups and it allows us to track "
    "the movements of everyone who interests us"
)


def groups(tmp_path: Path, *results: dict) -> Corpus:
    db = tmp_path / "t.db"
    ingest_results(list(results), db, batch_size=2)
    return Corpus(db)


def group_of(corpus: Corpus, fragment: str) -> set[int]:
    return {q.group for q in corpus.quotes(search=f'"{fragment}"', limit=None) if q.group is not None}


def test_keys_ignore_case_and_punctuation() -> None:
    assert text_key("There is no threat.") == text_key("there is NO threat")
    sh = shingles(words(LONG))
    assert band_keys(sh) == band_keys(set(sh))
    assert len(band_keys(sh)) == 16


def test_same_quote_in_several_outlets_is_one_group(tmp_path: Path) -> None:
    a = article([("Ramzan Kadyrov", LONG)], published="2014-09-05", publisher="Wire One")
    b = article([("Ramzan Kadyrov", LONG.upper() + "!")], published="2014-09-03", publisher="Wire Two")
    c = article(
        [("Kadyrov", LONG.replace("massive", "huge"))], published="2014-09-04", publisher="Wire Three"
    )
    trimmed = " ".join(LONG.split()[:18])
    d = article([("Ramzan Kadyrov", trimmed)], published="2014-09-06", publisher="Wire One")
    other = article(
        [("Ramzan Kadyrov", "The weather in the mountains is fine this week")], publisher="Wire One"
    )
    with groups(tmp_path, a, b, c, d, other) as corpus:
        (gid,) = group_of(corpus, "intelligence network")
        row = corpus.conn.execute(
            "SELECT statements, documents, outlets, first_date FROM statement_groups WHERE id = ?", (gid,)
        ).fetchone()
        assert row == (4, 4, 3, "2014-09-03")
        assert group_of(corpus, "weather") != {gid}


def test_fragment_joins_the_longer_quote_of_the_same_speaker(tmp_path: Path) -> None:
    full = article([("Ramzan Kadyrov", LONG)])
    fragment = article([("Ramzan Kadyrov", "massive intelligence network", "partial")])
    stranger = article([("Pat Doe", "massive intelligence network", "partial")])
    with groups(tmp_path, fragment, full, stranger) as corpus:
        kadyrov = {q.group for q in corpus.quotes(speaker="Kadyrov")}
        assert len(kadyrov) == 1
        (doe,) = {q.group for q in corpus.quotes(speaker="Pat Doe")}
        assert doe not in kadyrov


def test_short_quotes_of_different_speakers_do_not_group(tmp_path: Path) -> None:
    a = article([("Ann Able", "We will win")])
    b = article([("Bo Baker", "We will win")])
    with groups(tmp_path, a, b) as corpus:
        assert len(group_of(corpus, "we will win")) == 2


@pytest.mark.parametrize(
    ("quote", "by_hashes"),
    [
        ("We are building the island quay and it opens in May", False),  # 55 word runs: her 14 read
        ("We build the island quay", True),  # 10 word runs: looked up by their hashes
    ],
)
def test_a_quote_joins_its_fragment_however_much_the_speaker_said_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quote: str, by_hashes: bool
) -> None:
    """The fragment is found by its words, not among the speaker's latest statements: with the candidate
    bound at 3 and 12 shorter statements of hers stored after it, the full quote still joins it, by either
    search (a two-word fragment has no LSH bands, so only the fragment rule can join them)."""
    monkeypatch.setattr(statements, "MAX_CANDIDATES", 3)
    calls: list[int] = []
    original = statements.StatementLinker._by_run_hashes

    def spy(self, st, tokens):  # type: ignore[no-untyped-def]
        calls.append(st.id)
        return original(self, st, tokens)

    monkeypatch.setattr(statements.StatementLinker, "_by_run_hashes", spy)
    fragment = article([("Ines Varga", "island quay", "partial")], published="2024-03-01")
    since = article(
        [("Ines Varga", f"Ferry number {n} runs on time") for n in range(12)], published="2024-03-02"
    )
    full = article([("Ines Varga", quote)], published="2024-03-03")
    with groups(tmp_path, fragment, since, full) as corpus:
        assert len(group_of(corpus, "island quay")) == 1
        assert len(group_of(corpus, "Ferry number")) == 12
    assert bool(calls) == by_hashes


@pytest.mark.parametrize("bound", [200, 2])  # her 3 statements read once, or the full-text search
def test_a_later_fragment_joins_by_either_search_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    """Reading a speaker's few statements keeps exactly what the full-text phrase matches: 'harbour plan'
    joins the quote it is cut from; "Marta's harbour", whose apostrophe the index splits off, joins
    nothing either way."""
    monkeypatch.setattr(statements, "MAX_CANDIDATES", bound)
    full = article(
        [("Ines Varga", "We back Marta\u2019s harbour plan for the island")], published="2024-03-01"
    )
    cut = article(
        [("Ines Varga", "harbour plan", "partial"), ("Ines Varga", "Marta\u2019s harbour", "partial")],
        published="2024-03-02",
    )
    with groups(tmp_path, full, cut) as corpus:
        (whole,) = group_of(corpus, "for the island")
        assert group_of(corpus, "harbour plan") == {whole}
        assert whole not in {
            q.group for q in corpus.quotes(search="Marta", limit=None) if "island" not in q.text
        }
