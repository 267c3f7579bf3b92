"""The README's DuckDB session runs on a Parquet export: typed dates, column names without quoting."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results

duckdb = pytest.importorskip("duckdb")

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def session() -> list[str]:
    """The SQL statements between the README's duckdb-session markers."""
    block = re.search(r"<!-- duckdb-session -->(.*?)<!-- /duckdb-session -->", README, re.S)
    assert block, "the README has no DuckDB session"
    return [" ".join(s.split()) for s in block.group(1).split(";") if s.strip()]


def test_the_readme_session_runs_on_an_export(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    ingest_results(
        [
            article(
                [("Ann Able", "We will rebuild the pier")], published="2025-03-02", publisher="Harbor News"
            ),
            article(
                [("Ann Able", "The pier opens in May"), ("Bo Baker", "the toll would rise", "indirect")],
                published="2025-02-20",
                publisher="Coast Daily",
            ),
            article([("Cy Cole", "Nothing was decided")]),
        ],
        db,
    )
    result = CliRunner().invoke(
        main,
        ["export", "--db", str(db), "--format", "parquet", "--output", str(tmp_path / "statements.parquet")],
    )
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    here = os.getcwd()
    os.chdir(tmp_path)  # the session names the file relative to where it was exported
    try:
        answers = [con.sql(statement).fetchall() for statement in session()]
        types = {r[0]: r[1] for r in con.sql("describe select * from 'statements.parquet'").fetchall()}
    finally:
        os.chdir(here)
    by_speaker, since_march, per_month, paraphrases = answers
    assert by_speaker == [("Ann Able", 2), ("Bo Baker", 1), ("Cy Cole", 1)]
    assert since_march == [(datetime.date(2025, 3, 2), "Harbor News", "\u201cWe will rebuild the pier\u201d")]
    assert per_month == [(2025, 2, 2), (2025, 3, 1)]
    assert paraphrases == [("Bo Baker", len("the toll would rise"), False)]
    assert types["date"] == "DATE" and types["stop"] == "BIGINT" and "end" not in types
