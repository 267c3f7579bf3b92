"""Cross-article entity linking on hand-built extractions (no spaCy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.link.entities import given_compatible, name_key, person_tokens
from quotegraph.query import Corpus


def store(tmp_path: Path, *results: dict) -> Corpus:
    db = tmp_path / "t.db"
    ingest_results(list(results), db, batch_size=1)
    return Corpus(db)


def people(corpus: Corpus) -> list[tuple[str, int]]:
    return sorted(
        corpus.conn.execute(
            "SELECT name, documents FROM entities WHERE type = 'PERSON' AND merged_into IS NULL AND documents > 0"
        ).fetchall()
    )


def test_name_keys() -> None:
    assert person_tokens("Sen. John A. Smith Jr.") == ["john", "a", "smith"]
    assert name_key("Martin O\u2019Malley") == ("martin", "omalley")
    assert name_key("O'Malley") == (None, "omalley")
    assert name_key("José Núñez") == ("jose", "nunez")
    assert given_compatible({"j"}, {"john"})
    assert not given_compatible({"john"}, {"mary"})
    assert given_compatible(set(), {"mary"})


@pytest.mark.parametrize("first_full", [True, False])
def test_surname_joins_the_full_name_in_another_article(tmp_path: Path, first_full: bool) -> None:
    full = article(
        [("Ramzan Kadyrov", "These people have nothing to do with our faith")],
        people={"Ramzan Kadyrov": {"descriptors": ["Chechen leader"]}},
    )
    short = article([("Kadyrov", "There is no threat to the region at all")])
    with store(tmp_path, *([full, short] if first_full else [short, full])) as corpus:
        assert people(corpus) == [("Ramzan Kadyrov", 2)]
        (profile,) = corpus.speaker("kadyrov")
        assert profile.name == "Ramzan Kadyrov"
        assert len(profile.quotes) == 2


def test_two_smiths_stay_apart_without_support(tmp_path: Path) -> None:
    john = article(
        [("John Smith", "The harvest was the worst in a decade")],
        people={"John Smith": {"descriptors": ["farmer"]}},
        orgs=("Farmers Union",),
    )
    mary = article(
        [("Mary Smith", "The bill will pass the chamber next week")],
        people={"Mary Smith": {"descriptors": ["senator"]}},
        orgs=("Senate Finance Committee",),
    )
    bare = article([("Smith", "We will see what happens next")])
    senator = article(
        [("Smith", "The committee vote is scheduled for Tuesday")],
        people={"Smith": {"name": "Smith", "descriptors": ["senator"]}},
    )
    colleague = article([("Smith", "Growers need rain more than anything")], orgs=("Farmers Union",))
    initial = article([("J. Smith", "Prices for wheat keep falling")])
    with store(tmp_path, john, mary, bare, senator, colleague, initial) as corpus:
        found = people(corpus)
        assert ("John Smith", 3) in found  # + co-occurring Farmers Union, + the initial
        assert ("Mary Smith", 2) in found  # + the shared descriptor
        assert ("Smith", 1) in found  # the unsupported bare surname stays on its own
        assert len(found) == 3
        assert {p.name for p in corpus.speaker("Smith")} == {"John Smith", "Mary Smith", "Smith"}


def test_unnamed_speakers_are_never_merged(tmp_path: Path) -> None:
    a = article([("a senior official", "The talks are over")])
    b = article([("a senior official", "The talks will resume")])
    c = article([("Official", "Nothing was decided")])
    with store(tmp_path, a, b, c) as corpus:
        rows = corpus.conn.execute(
            "SELECT name, named FROM entities WHERE documents > 0 ORDER BY id"
        ).fetchall()
        assert rows == [("a senior official", 0), ("a senior official", 0), ("Official", 1)]
        assert [s.name for s in corpus.speakers()] == ["Official"]


def test_names_match_case_and_accent_insensitively(tmp_path: Path) -> None:
    a = article([("José Núñez", "The port will reopen")], orgs=("Interfax",))
    b = article([("Jose Nunez", "The port reopened today")], orgs=("INTERFAX",))
    with store(tmp_path, a, b) as corpus:
        assert people(corpus) == [("José Núñez", 2)]
        assert corpus.conn.execute("SELECT count(*) FROM entities WHERE type = 'ORG'").fetchone()[0] == 1
        assert len(corpus.quotes(speaker="JOSE NUNEZ")) == 2
        assert len(corpus.quotes(speaker="núñez")) == 2


def test_merge_and_split_survive_later_ingests(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ingest_results(
        [
            article([("Anna Lee", "We open on Monday")]),
            article([("Ann Lee", "We close on Friday")]),
        ],
        db,
    )
    with Corpus(db) as corpus:
        assert len(people(corpus)) == 2
        kept = corpus.merge("Anna Lee", "Ann Lee")
    ingest_results([article([("Ann Lee", "We will reopen in May")])], db)
    with Corpus(db) as corpus:
        assert people(corpus) == [("Anna Lee", 3)]
        assert len(corpus.quotes(speaker="ann lee")) == 3
        new = corpus.split(str(kept), alias="Ann Lee")
        assert corpus.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 2
    ingest_results([article([("Ann Lee", "The market stays closed in winter")])], db)
    with Corpus(db) as corpus:
        by_id = {p.id: p for p in corpus.speaker("Lee")}
        assert by_id[new].statements == 3
        assert by_id[kept].statements == 1


def test_one_articles_stray_full_form_does_not_become_the_name(tmp_path: Path) -> None:
    plain = [article([("Nora Vance", f"We will finish the bridge by spring {n}")]) for n in range(6)]
    odd = article(
        [("N. Quill Vance", "The bridge is late")],
        people={"N. Quill Vance": {"aliases": ["Vance"]}},
    )
    with store(tmp_path, *plain[:3], odd, *plain[3:]) as corpus:
        assert people(corpus) == [("Nora Vance", 7)]


def test_a_full_form_many_articles_use_becomes_the_name(tmp_path: Path) -> None:
    short = [article([("Nora Vance", f"The budget is balanced {n}")]) for n in range(3)]
    full = [
        article(
            [("Nora Q. Vance", f"The budget holds {n}")],
            people={"Nora Q. Vance": {"aliases": ["Nora Vance"]}},
        )
        for n in range(2)
    ]
    with store(tmp_path, *short, *full) as corpus:
        assert people(corpus) == [("Nora Q. Vance", 5)]
