"""Cross-article entity linking on hand-built extractions (no spaCy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.link.entities import forenames, given_compatible, name_key, person_tokens
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


def test_middle_names_that_disagree_never_merge() -> None:
    assert not given_compatible(forenames("George W. Bush"), forenames("George H.W. Bush"))
    assert given_compatible(forenames("George H.W. Bush"), forenames("George Herbert Walker Bush"))
    assert given_compatible(forenames("George HW Bush"), forenames("George H. W. Bush"))
    assert given_compatible(forenames("George Bush"), forenames("George W. Bush"))
    assert given_compatible(forenames("B. Hussein Obama"), forenames("Barack Hussein Obama"))
    assert not given_compatible(forenames("John Q. Public"), forenames("Mary Q. Public"))


def test_two_presidents_of_one_name_stay_two_entities(tmp_path: Path) -> None:
    son = [article([("George W. Bush", f"We will stay the course in year {n}")]) for n in range(2)]
    father = article([("George H.W. Bush", "Read my lips")])
    spelled = article([("George Herbert Walker Bush", "A thousand points of light")])
    with store(tmp_path, *son, father, spelled) as corpus:
        assert people(corpus) == [("George H.W. Bush", 2), ("George W. Bush", 2)]


def obama_articles(barack: int) -> list[dict]:
    """Articles that call Barack Obama 'Obama' (the article's resolver tied the surname to the full name),
    and one on Michelle Obama that never uses the bare surname."""
    called = [
        article(
            [("Obama", f"The economy added jobs in month {n}")], people={"Obama": {"name": "Barack Obama"}}
        )
        for n in range(barack)
    ]
    return [*called, article([("Michelle Obama", "When they go low, we go high")])]


def test_a_bare_surname_joins_the_person_the_articles_call_by_it(tmp_path: Path) -> None:
    bare = article([("Obama", "The deal is the best we could get")])
    with store(tmp_path, *obama_articles(3), bare) as corpus:
        assert people(corpus) == [("Barack Obama", 4), ("Michelle Obama", 1)]


def test_a_bare_surname_needs_a_habit_of_several_articles(tmp_path: Path) -> None:
    bare = article([("Obama", "The deal is the best we could get")])
    with store(tmp_path, *obama_articles(2), bare) as corpus:
        assert ("Obama", 1) in people(corpus)


def test_a_bare_surname_beside_a_namesake_in_its_article_stays_apart(tmp_path: Path) -> None:
    both = article(
        [("Obama", "The deal is the best we could get"), ("Michelle Obama", "I am proud of my husband")]
    )
    with store(tmp_path, *obama_articles(3), both) as corpus:
        assert ("Obama", 1) in people(corpus)
        assert ("Michelle Obama", 2) in people(corpus)


def org_names(corpus: Corpus) -> set[str]:
    rows = corpus.conn.execute("SELECT name FROM entities WHERE type = 'ORG' AND documents > 0")
    return {n for (n,) in rows}


def press(n: int, name: str | None = None) -> dict:
    """An article naming an agency 'AP'; ``name``: the article's resolver gave it that full name."""
    return article(
        [("Ann Lee", f"Turnout was high in ward {n}")],
        orgs=("AP",),
        people={"AP": {"name": name}} if name else None,
    )


def test_an_organisation_takes_the_fullest_name_the_articles_use_often(tmp_path: Path) -> None:
    with store(tmp_path, press(0), press(1, "Associated Press"), press(2, "Associated Press")) as corpus:
        assert org_names(corpus) == {"Associated Press"}  # not the 'AP' of the first article


def test_one_articles_long_form_of_an_organisation_does_not_become_its_name(tmp_path: Path) -> None:
    articles = [press(n) for n in range(12)] + [press(20, "Associated Press"), press(21, "AP Television Ltd")]
    with store(tmp_path, *articles) as corpus:
        assert org_names(corpus) == {"AP"}  # 'AP' in 14 articles, either long form in one


def as_org(result: dict, name: str) -> dict:
    """The article with ``name`` typed ORG, as an NER sometimes types a person's full name."""
    for ent in result["entities"]:
        if ent["name"] == name:
            ent["type"] = "ORG"
    return result


def test_an_organisation_named_like_a_known_person_is_that_person(tmp_path: Path) -> None:
    org_first = as_org(
        article([("Ann Lee", "The rally was loud")], orgs=("Carla Brightwater",)), "Carla Brightwater"
    )
    person = article(
        [("Brightwater", "We will win Iowa")], people={"Brightwater": {"name": "Carla Brightwater"}}
    )
    org_later = as_org(
        article([("Ann Lee", "The rally was late")], orgs=("Carla Brightwater",)), "Carla Brightwater"
    )
    with store(tmp_path, org_first, person, org_later) as corpus:
        rows = corpus.conn.execute(
            "SELECT name, type, documents FROM entities WHERE name = 'Carla Brightwater' AND documents > 0"
        ).fetchall()
        assert rows == [("Carla Brightwater", "PERSON", 3)]


def test_an_organisation_with_a_persons_shape_but_no_person_evidence_stays(tmp_path: Path) -> None:
    org = article([("Ann Lee", "The bank was sold")], orgs=("Morgan Stanley",))
    typed = article([("Morgan Stanley", "Rates will rise")])  # a PERSON with no role and no bare surname
    with store(tmp_path, org, typed) as corpus:
        types = sorted(
            t for (t,) in corpus.conn.execute("SELECT type FROM entities WHERE name = 'Morgan Stanley'")
        )
        assert types == ["ORG", "PERSON"]
