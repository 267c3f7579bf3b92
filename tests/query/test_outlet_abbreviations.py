"""Outlet filters find an outlet by its abbreviation and a host by the name it shortens (a rule, no list)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus
from quotegraph.query.corpus import outlet_matches


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    def rec(words: str, url: str | None = None, publisher: str | None = None) -> dict:
        r = article([("Ann Able", words)], published="2025-03-02", publisher=publisher)
        r["document"]["url"] = url
        return r

    path = tmp_path / "q.db"
    ingest_results(
        [
            rec("The subway is late", url="https://www.nytimes.com/2025/03/02/subway.html"),
            rec("The budget passed", publisher="The Washington Post"),
            rec("The ferry sank", url="https://apnews.com/article/ferry"),
            rec("The tram is new", url="https://www.latimes.com/tram"),
        ],
        path,
    )
    return path


def texts(db: Path, outlet: str) -> list[str]:
    with Corpus(db) as c:
        return [q.text for q in c.quotes(outlet=outlet)]


def test_a_host_is_found_by_the_name_it_shortens_and_by_its_abbreviation(db: Path) -> None:
    for name in ("NYT", "The New York Times", "new york times", "nytimes.com", "N.Y.T."):
        assert texts(db, name) == ["The subway is late"], name
    assert texts(db, "Los Angeles Times") == ["The tram is new"]
    assert texts(db, "AP") == ["The ferry sank"]


def test_a_name_is_found_by_its_initials_and_its_host(db: Path) -> None:
    assert texts(db, "WP") == ["The budget passed"]
    assert texts(db, "washingtonpost.com") == ["The budget passed"]


def test_what_is_not_an_abbreviation_finds_nothing(db: Path) -> None:
    assert texts(db, "nyt") == []  # lower case: a word, not an abbreviation
    assert texts(db, "New York Post") == []
    assert texts(db, "York Times") == []
    assert not outlet_matches("Moscow Times", "miami times")  # two names are not matched by their initials
    assert not outlet_matches("MT", "the moscow tribune press")  # initials must be all the name's words
