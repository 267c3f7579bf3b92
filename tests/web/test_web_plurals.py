"""Counts agree with their nouns: "1 article", "1 statement", never "1 articles", on every page and in the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results
from quotegraph.corpus.store import Store
from quotegraph.web import create_app

WRONG = re.compile(r"(?<![\d,.])1 (articles|statements)\b")


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "one.db"
    ingest_results(
        [article([("Ann Able", "The ferry will run")], published="2025-03-02", title="Ferry")], path
    )
    return path


def test_pages_with_one_of_a_thing_say_it_in_the_singular(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        speaker = client.get("/api/speakers").json()["items"][0]["id"]
        story = client.get("/api/stories").json()["items"][0]["id"]
        pages = ["/", "/search?q=Ann+Able", "/search?q=ferry", f"/speakers/{speaker}", f"/stories/{story}"]
        texts = {url: client.get(url).text for url in pages}
    for url, html in texts.items():
        assert not WRONG.search(html), (url, WRONG.search(html))
    assert "1 statement in 1 article" in texts[f"/speakers/{speaker}"]
    assert "1 article · 1 statement" in texts[f"/stories/{story}"]
    assert "1 statement in 1 article" in texts["/"]


def test_cli_counts_in_the_singular(db: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["speakers", "--db", str(db)]).stdout
    assert "1 article," in out and not WRONG.search(out)
    for command in (["speaker", "Ann Able"], ["stories"]):
        out = runner.invoke(main, [*command, "--db", str(db)]).stdout
        assert not WRONG.search(out), out


def test_speakers_on_an_empty_store_is_nothing_found(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Store(path).close()
    result = CliRunner().invoke(main, ["speakers", "--db", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "no speakers with statements" in result.stderr
    assert CliRunner().invoke(main, ["speakers", "--db", str(path), "--json"]).exit_code == 1
