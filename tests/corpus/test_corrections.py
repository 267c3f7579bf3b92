"""Corrections (rename, reassign, hide, alias split, undo) on stores of hand-built extractions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus

CLINTON = {
    "Hillary Clinton": {"name": "Hillary Clinton", "aliases": ["Crooked Hillary Clinton"]},
    "Crooked Hillary Clinton": {"name": "Hillary Clinton"},
}


def clinton_article(first: str, second: str, day: str) -> dict[str, Any]:
    """One person quoted under her name and under an epithet another speaker gave her."""
    return article(
        [("Hillary Clinton", first), ("Crooked Hillary Clinton", second)], people=CLINTON, published=day
    )


def counts(corpus: Corpus) -> dict[str, int]:
    return {s.name: s.statements for s in corpus.speakers(top=50)}


def test_split_by_alias_moves_only_that_alias_and_holds_after_ingest_and_undo(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest_results([clinton_article("We will win the state", "She lies about the emails", "2016-10-01")], db)
    with Corpus(db) as corpus:
        assert counts(corpus) == {"Hillary Clinton": 2}
        new = corpus.split("Hillary Clinton", alias="Crooked Hillary Clinton")
        assert counts(corpus) == {"Hillary Clinton": 1, "Crooked Hillary Clinton": 1}
        (kept,) = corpus.quotes(speaker="Hillary Clinton")
        assert kept.text == "We will win the state"
        assert [q.text for q in corpus.quotes(speaker=str(new))] == ["She lies about the emails"]
    later = article([("Hillary Clinton", "The debate went well")], published="2016-10-02")
    ingest_results([later], db)
    with Corpus(db) as corpus:
        assert counts(corpus) == {"Hillary Clinton": 2, "Crooked Hillary Clinton": 1}
        undone = corpus.undo()
        assert undone.kind == "split" and undone.undone
        assert counts(corpus) == {"Hillary Clinton": 3}
        assert [d.undone for d in corpus.decisions()] == [True]


def test_rename_shows_everywhere_is_searchable_and_survives_ingest(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest_results([article([("Ann Lee", "We open on Monday")], published="2024-05-01")], db)
    with Corpus(db) as corpus:
        entity = corpus.rename("Ann Lee", "Annabel Lee")
        assert counts(corpus) == {"Annabel Lee": 1}
        assert corpus.entity_ids("annabel lee") == [entity]
        assert corpus.quotes()[0].speaker == "Annabel Lee"
    ingest_results([article([("Ann Lee", "We close on Friday")], published="2024-05-02")], db)
    with Corpus(db) as corpus:
        assert counts(corpus) == {"Annabel Lee": 2}
        assert {q.speaker for q in corpus.quotes()} == {"Annabel Lee"}
        corpus.undo()
        assert counts(corpus) == {"Ann Lee": 2}
        aliases = corpus.conn.execute("SELECT norm FROM aliases WHERE entity = ?", (entity,)).fetchall()
        assert ("annabel lee",) not in aliases


def test_reassign_one_statement_and_to_an_unnamed_source(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest_results(
        [article([("Ann Lee", "We open on Monday"), ("Bo Park", "The road is closed"), ("Ann Lee", "Rain")])],
        db,
    )
    with Corpus(db) as corpus:
        rain = next(q for q in corpus.quotes() if q.text == "Rain")
        corpus.reassign(rain.id, "Bo Park")
        assert counts(corpus) == {"Ann Lee": 1, "Bo Park": 2}
        road = next(q for q in corpus.quotes() if q.text == "The road is closed")
        corpus.reassign(road.id, None)
        assert counts(corpus) == {"Ann Lee": 1, "Bo Park": 1}
        assert corpus.statement(road.id).named is False  # type: ignore[union-attr]
        corpus.undo()
        corpus.undo()
        assert counts(corpus) == {"Ann Lee": 2, "Bo Park": 1}


def test_hidden_statements_are_kept_but_out_of_counts_lists_and_search(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest_results([article([("Ann Lee", "We open on Monday"), ("Ann Lee", "The harbour floods")])], db)
    with Corpus(db) as corpus:
        flood = next(q for q in corpus.quotes() if "harbour" in q.text)
        corpus.hide(flood.id)
        assert [q.text for q in corpus.quotes()] == ["We open on Monday"]
        assert corpus.quotes(search="harbour") == []
        assert corpus.statement(flood.id) is None
        assert counts(corpus) == {"Ann Lee": 1}
        assert len(corpus.quotes(hidden=True)) == 2
        assert len(corpus.speaker("Ann Lee")[0].quotes) == 1
        corpus.unhide(flood.id)
        assert counts(corpus) == {"Ann Lee": 2}
        corpus.undo()  # the unhide
        assert counts(corpus) == {"Ann Lee": 1}
        corpus.undo()  # the hide
        assert len(corpus.quotes()) == 2


def people(corpus: Corpus) -> list[tuple[str, int]]:
    return sorted(
        corpus.conn.execute(
            "SELECT name, statements FROM entities WHERE merged_into IS NULL AND statements > 0"
        ).fetchall()
    )


def test_undoing_a_merge_after_later_ingests_is_as_if_never_made(tmp_path: Path) -> None:
    first = [article([("Anna Lee", "We open on Monday")]), article([("Ann Lee", "We close on Friday")])]
    later = [article([("Ann Lee", "We will reopen in May")]), article([("Lee", "It rained all week")])]
    plain = tmp_path / "plain.db"
    ingest_results(first, plain)
    ingest_results(later, plain)
    db = tmp_path / "t.db"
    ingest_results(first, db)
    with Corpus(db) as corpus:
        anna = corpus.entity_ids("Anna Lee")[0]
        ann = corpus.entity_ids("Ann Lee")[0]
        corpus.merge("Anna Lee", "Ann Lee")
    ingest_results(later, db)
    with Corpus(db) as corpus, Corpus(plain) as expected:
        assert people(corpus) != people(expected)
        corpus.undo()
        assert people(corpus) == people(expected)
        assert corpus.entity_ids("Anna Lee") == [anna] and corpus.entity_ids("Ann Lee") == [ann]
