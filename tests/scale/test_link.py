"""The Dask linker: the same entities and statement groups as the SQLite path on the same dataset, and
Parquet output DuckDB reads directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quotegraph.corpus.parquet import load, write_partition
from quotegraph.scale.link import link_dataset
from quotegraph.scale.link_compare import agreement, compare


def _article(
    n: int, text: str, day: str, people: list[tuple[str, list[str], list[str]]], quotes: list
) -> dict:
    """A record with entities (name, aliases, descriptors) and statements (text, speaker index or None)."""
    entities = [
        {
            "id": f"e{i}",
            "name": name,
            "type": "ORG" if name.endswith("Party") else "PERSON",
            "aliases": aliases,
            "descriptors": desc,
            "mentions": [[0, 1]],
        }
        for i, (name, aliases, desc) in enumerate(people)
    ]
    statements: list[dict[str, Any]] = []
    for k, (quote, who) in enumerate(quotes):
        speaker = None
        if who is not None:
            speaker = {
                "name": people[who][0],
                "entity": f"e{who}",
                "named": True,
                "text": "x",
                "start": 0,
                "end": 1,
            }
        statements.append(
            {
                "id": f"s{k}",
                "kind": "direct",
                "text": quote,
                "start": 0,
                "end": len(quote),
                "speaker": speaker,
                "cue": None,
                "channel": None,
                "addressee": None,
                "confidence": 0.9,
                "continues": None,
                "act": "speech",
            }
        )
    return {
        "extractor": {"name": "quotegraph", "version": "0"},
        "document": {
            "id": f"doc{n}",
            "source": f"a{n}.txt",
            "text": text,
            "title": f"Title {n}",
            "authors": [],
            "published": day,
            "url": None,
            "publisher": None,
            "language": "en",
            "blocks": [],
        },
        "entities": entities,
        "statements": statements,
    }


TAX = "We will cut taxes for every working family in this country next year"
ARTICLES = [
    _article(
        0,
        "Budget tax cut plan debate senate vote",
        "2024-03-01",
        [("John Smith", ["Smith"], ["senator"]), ("Green Party", ["Greens"], [])],
        [(TAX, 0), ("the plan is dead", 1)],
    ),
    _article(
        1,
        "Budget tax cut plan debate senate vote again",
        "2024-03-02",
        [("Smith", [], ["senator"]), ("Mary Smith", [], ["mayor"]), ("Greens", [], [])],
        [
            ("we will cut taxes for every working family in this country, next year", 0),
            ("cut taxes for every working family", 0),
            ("the plan is dead", 2),
        ],
    ),
    _article(
        2,
        "Weather storm flood river town",
        "2024-03-03",
        [("J. Smith", [], []), ("Smith", [], ["mayor"]), ("Green Party", [], [])],
        [
            ("the river will flood the town", 1),
            ("We will cut taxes for every working family", 0),
            ("working family", 0),
        ],
    ),
    _article(1, "a repeat of article one is skipped", "2024-03-02", [], []),
    _article(
        3,
        "Budget tax cut plan debate senate vote final",
        "2024-03-04",
        [("John Smith", [], ["senator"]), ("Mary Smith", [], [])],
        [(TAX, None), ("the river will flood the town", 1), ("every working family will see it", 0)],
    ),
]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("link")
    dataset = root / "dataset"
    write_partition(dataset, "000000-a-00000", ARTICLES[:2])
    write_partition(dataset, "000001-b-00000", ARTICLES[2:])
    load(dataset, root / "store.db")
    link_dataset(dataset, root / "linked", workers=2, buckets=3)
    return root / "store.db", root / "linked"


def test_entities_and_groups_equal_the_sqlite_path(linked: tuple[Path, Path]) -> None:
    result = compare(*linked)
    for kind in ("entities", "groups"):
        r = result[kind]
        assert r["equal"], (kind, r)
        assert r["clusters_dask"] < r["items"], f"{kind}: nothing merged, the check would be empty"
    assert result["stories"]["missing"] == 0


def test_agreement_sees_a_different_partition() -> None:
    same = agreement({1: "a", 2: "a", 3: "b"}, {1: 9, 2: 9, 3: 7})
    split = agreement({1: "a", 2: "a", 3: "b"}, {1: 9, 2: 8, 3: 7})
    assert same["equal"] and not split["equal"]
    assert split["pair_recall"] == 0.0 and split["pair_precision"] == 1.0


def test_duckdb_reads_the_output(linked: tuple[Path, Path]) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = linked[1]
    rows = duckdb.sql(
        f"SELECT g.documents, e.name FROM '{out}/statements.parquet' s "
        f"JOIN '{out}/statement_groups.parquet' g USING (group_id) "
        f"JOIN '{out}/entities.parquet' e ON e.entity_id = s.speaker_id "
        "WHERE g.documents > 1 ORDER BY g.documents DESC LIMIT 1"
    ).fetchall()
    assert rows and rows[0][0] >= 2 and rows[0][1] == "John Smith"


def test_cli_link_reports_a_dataset_without_partitions(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from quotegraph.cli import main

    result = CliRunner().invoke(main, ["link", str(tmp_path), "--out", str(tmp_path / "linked")])
    assert result.exit_code == 1
    assert "no complete partitions" in result.output


def _typed(record: dict, orgs: set[str]) -> dict:
    """The record with the named entities typed ORG, as an article's NER may type a person's name."""
    for ent in record["entities"]:
        if ent["name"] in orgs:
            ent["type"] = "ORG"
    return record


# One article's NER took a known person for an organisation, and another's took a person for one before
# the person was named as such: the store links both to the person (EntityLinker._person_named, _adopt_org).
PERSON_AS_ORG = [
    _typed(
        _article(
            10,
            "Campaign debate",
            "2024-05-01",
            [("Carly Fiorina", ["Fiorina"], ["former chief executive"]), ("Oliver Hedge", [], [])],
            [("the debate was a success", 0)],
        ),
        {"Oliver Hedge"},
    ),
    _typed(
        _article(
            11,
            "Harbour plan",
            "2024-05-02",
            [("Carly Fiorina", [], []), ("Oliver Hedge", ["Hedge"], ["developer"])],
            [("the harbour plan will go ahead", 1)],
        ),
        {"Carly Fiorina"},
    ),
    _article(
        12, "Harbour plan vote", "2024-05-03", [("Hedge", [], ["developer"])], [("we will build it", 0)]
    ),
]


def test_organisations_named_as_persons_link_as_the_store_links_them(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    dataset = tmp_path / "dataset"
    write_partition(dataset, "000000-a-00000", PERSON_AS_ORG[:1])
    write_partition(dataset, "000001-b-00000", PERSON_AS_ORG[1:])
    load(dataset, tmp_path / "store.db")
    link_dataset(dataset, tmp_path / "linked", workers=1, buckets=3)
    result = compare(tmp_path / "store.db", tmp_path / "linked")["entities"]
    assert result["equal"], result
    mentions = pq.read_table(tmp_path / "linked" / "entity_mentions.parquet").to_pylist()
    entity = {(m["document_id"], m["local_id"]): m["entity_id"] for m in mentions}
    assert entity[("doc11", "e0")] == entity[("doc10", "e0")]  # the ORG 'Carly Fiorina' is the person
    assert entity[("doc11", "e1")] == entity[("doc10", "e1")] == entity[("doc12", "e0")]  # adopted
    assert {m["type"] for m in mentions if (m["document_id"], m["local_id"]) == ("doc11", "e0")} == {"PERSON"}
    types = {
        e["entity_id"]: e["type"] for e in pq.read_table(tmp_path / "linked" / "entities.parquet").to_pylist()
    }
    assert types[entity[("doc10", "e1")]] == "PERSON"


STRIKE = "the dock strike will go on until every worker is paid in full"
BALLOT = "the ballot will be counted again in every county of the state"
# The third article repeats a statement of each of two unrelated stories: the store folds the two into one
# when it arrives (StoryLinker._merge), which no comparison of article pairs gives.
BRIDGED = [
    _article(
        20,
        "harbour dockworkers strike wages union pickets",
        "2024-06-01",
        [("Ann Quay", [], [])],
        [(STRIKE, 0)],
    ),
    _article(
        21,
        "governor election ballot recount county",
        "2024-06-01",
        [("Ann Quay", [], [])],
        [(BALLOT, 0)],
    ),
    _article(
        22,
        "harbour strike governor election",
        "2024-06-02",
        [("Ann Quay", [], [])],
        [(STRIKE, 0), (BALLOT, 0)],
    ),
]


def test_stories_equal_the_sqlite_path_where_an_article_bridges_two(tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    write_partition(dataset, "000000-a-00000", BRIDGED)
    load(dataset, tmp_path / "store.db")
    link_dataset(dataset, tmp_path / "linked", workers=1, buckets=3)
    result = compare(tmp_path / "store.db", tmp_path / "linked")["stories"]
    assert result["equal"], result
    assert result["clusters_sqlite"] == 1, result
