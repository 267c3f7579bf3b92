"""One rule for the query commands: a bad value is a usage error (exit 2), nothing found is exit 1 with a
line saying so; an outlet is found by its name or by the web host it is stored under."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus
from quotegraph.query.corpus import outlet_words


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "q.db"
    ingest_results(
        [
            article(
                [("Ann Able", "The river is rising")], published="2025-04-01", publisher="themoscowtimes.com"
            ),
            article(
                [("Bo Baker", "The bridge holds")], published="2025-04-02", publisher="www.harbor-news.co.uk"
            ),
            article([("Cy Cole", "Nothing new")], published="2025-04-03", publisher="Coast Daily"),
        ],
        path,
    )
    return str(path)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def texts(db: str, *args: str) -> list[str]:
    code, out, err = invoke("quotes", "--db", db, "--json", *args)
    assert code == 0, err
    return [q["text"] for q in json.loads(out)]


def test_an_outlet_is_found_by_its_name_or_its_host(db: str) -> None:
    assert texts(db, "--outlet", "The Moscow Times") == ["The river is rising"]
    assert texts(db, "--outlet", "the moscow times") == ["The river is rising"]
    assert texts(db, "--outlet", "themoscowtimes.com") == ["The river is rising"]
    assert texts(db, "--outlet", "Harbor News") == ["The bridge holds"]
    assert texts(db, "--outlet", "COAST DAILY") == ["Nothing new"]
    code, _, err = invoke("quotes", "--db", db, "--outlet", "The Moscow")
    assert code == 1 and "no statements match" in err


def test_outlet_words_folds_names_and_hosts_alike() -> None:
    assert outlet_words("The Moscow Times") & outlet_words("themoscowtimes.com") == {"themoscowtimes"}
    assert outlet_words("www.bbc.co.uk") == outlet_words("BBC") == {"bbc"}
    assert outlet_words("Le Monde") == outlet_words("lemonde.fr")
    assert not outlet_words("Theatre Weekly") & outlet_words("atreweekly.com")
    assert not outlet_words("Moscow Times") & outlet_words("themoscowtimes.com")


def test_nothing_found_is_exit_1_with_a_line(db: str) -> None:
    for args in (
        ["quotes", "--db", db, "--speaker", "Nobody Known"],
        ["quotes", "--db", db, "--search", "volcano"],
        ["quotes", "--db", db, "--since", "2030-01-01", "--json"],
        ["speaker", "Nobody Known", "--db", db],
        ["speaker", "Nobody Known", "--db", db, "--json"],
        ["story", "9999", "--db", db],
        ["reactions", "--db", db],
        ["stories", "--db", db, "--min-articles", "50"],
    ):
        code, _, err = invoke(*args)
        assert code == 1, args
        assert len(err.strip().splitlines()) == 1 and err.startswith("quotegraph: "), (args, err)


def test_bad_values_are_usage_errors(db: str) -> None:
    for args in (
        ["quotes", "--db", db, "--since", "yesterday"],
        ["quotes", "--db", db, "--until", "2014-13-45"],
        ["quotes", "--db", db, "--kind", "rumour"],
        ["story", "nine", "--db", db],
    ):
        assert invoke(*args)[0] == 2, args


def test_the_python_api_matches_outlets_the_same_way(db: str) -> None:
    with Corpus(db) as corpus:
        assert [q.outlet for q in corpus.quotes(outlet="The Moscow Times")] == ["themoscowtimes.com"]
