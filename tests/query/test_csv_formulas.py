"""CSV cells never start like a spreadsheet formula: the export, `quotes --csv` and the web's downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus
from quotegraph.query.export import export_quotes, spreadsheet_safe
from quotegraph.web import create_app

TEXTS = ['=HYPERLINK("http://x.test","pier")', "+1 pier vote", "-2 pier seats", "@SUM pier", "\tpier tab"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    quotes = [("Ann Able", t) for t in TEXTS] + [("Bo Baker", "A plain pier remark")]
    ingest_results([article(quotes, published="2025-03-02", publisher="=Pier Post")], path)
    return path


def test_a_formula_start_gets_an_apostrophe() -> None:
    assert [spreadsheet_safe(t) for t in ("=1", "+1", "-1", "@a", "\tx", "\rx")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
    ]
    assert (
        spreadsheet_safe("a = b") == "a = b" and spreadsheet_safe(-3) == -3 and spreadsheet_safe(None) is None
    )


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def check(rows: list[dict[str, str]]) -> None:
    texts = {r["text"] for r in rows}
    assert texts == {"'" + t for t in TEXTS} | {"A plain pier remark"}
    assert {r["outlet"] for r in rows} == {"'=Pier Post"}
    for r in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in r.values() if v)


def test_export_csv_neutralises_formulas_and_jsonl_keeps_the_words(db: Path) -> None:
    out, js = io.StringIO(), io.StringIO()
    with Corpus(db) as c:
        export_quotes(c.iter_quotes(), "csv", out)
        export_quotes(c.iter_quotes(), "jsonl", js)
    check(cells(out.getvalue()))
    assert {json.loads(line)["text"] for line in js.getvalue().splitlines()} >= set(TEXTS)


def test_cli_quotes_csv(db: Path) -> None:
    result = CliRunner().invoke(main, ["quotes", "--db", str(db), "--csv"])
    assert result.exit_code == 0, result.output
    check(cells(result.stdout))


def test_web_csv_download(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        r = client.get("/search.csv", params={"q": "pier"})
        assert r.status_code == 200
        check(cells(r.text))
