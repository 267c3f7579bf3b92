"""The addressee filter: statements made to a person, by name, alias or id, in Python, the CLI and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results
from quotegraph.errors import BadQuery
from quotegraph.query import Corpus
from quotegraph.web import create_app


def addressed(record: dict, statement: int, to: str) -> dict:
    """``record`` with statement number ``statement`` (0-based) addressed to the entity named ``to``."""
    (entity,) = [e for e in record["entities"] if e["name"] == to]
    record["statements"][statement]["addressee"] = {"name": to, "entity": entity["id"]}
    return record


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "q.db"
    pier = article(
        [
            ("Ann Able", "You must fund the pier"),
            ("Bo Baker", "The budget is closed"),
            ("Cy Cole", "Wait and see"),
        ],
        published="2025-03-02",
    )
    ingest_results([addressed(pier, 0, "Bo Baker"), article([("Bo Baker", "We will look again")])], path)
    return str(path)


def test_corpus_filters_by_addressee(db: str) -> None:
    with Corpus(db) as corpus:
        assert [q.text for q in corpus.quotes(addressee="Bo Baker")] == ["You must fund the pier"]
        assert [q.text for q in corpus.quotes(addressee="baker")] == ["You must fund the pier"]  # a surname
        (q,) = corpus.quotes(addressee="Bo Baker")
        assert q.addressee == "Bo Baker" and q.speaker == "Ann Able"
        assert corpus.quotes(addressee="Cy Cole") == []
        assert corpus.quotes(addressee="Nobody Known") == []
        assert corpus.quotes(addressee="Bo Baker", speaker="Cy Cole") == []
        with pytest.raises(BadQuery):
            corpus.quotes(addressee="99999")


def test_quotes_addressee_in_the_cli(db: str) -> None:
    result = CliRunner().invoke(main, ["quotes", "--db", db, "--addressee", "Bo Baker", "--json"])
    assert result.exit_code == 0, result.output
    assert [q["text"] for q in json.loads(result.stdout)] == ["You must fund the pier"]
    assert "to Bo Baker" in CliRunner().invoke(main, ["quotes", "--db", db, "--addressee", "Baker"]).stdout


def test_the_api_filters_by_addressee_and_refuses_unknown_parameters(db: str) -> None:
    with TestClient(create_app(db)) as client:
        r = client.get("/api/statements", params={"addressee": "Bo Baker"})
        assert r.status_code == 200
        assert [q["text"] for q in r.json()["items"]] == ["You must fund the pier"]
        assert r.json()["filters"] == {"addressee": "Bo Baker"}
        assert client.get("/api/statements", params={"addressee": "Cy Cole"}).json()["items"] == []
        bad = client.get("/api/statements", params={"adressee": "Bo Baker"})
        assert bad.status_code == 400
        assert "unknown parameter adressee" in bad.json()["error"] and "addressee" in bad.json()["accepted"]
        assert bad.headers["x-content-type-options"] == "nosniff"
        assert client.get("/api/statements/1", params={"full": "1"}).status_code == 400
        assert client.get("/api/search", params={"q": "pier", "addressee": "Bo Baker"}).status_code == 200
