"""The corpus commands through click's in-process runner, on a store of hand-built extractions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "q.db"
    ingest_results(
        [
            article(
                [
                    ("José Núñez", "The port will reopen on Monday"),
                    ("a dock worker", "Nobody told us anything"),
                ],
                people={"José Núñez": {"descriptors": ["harbor master"]}},
                published="2025-03-01",
                publisher="Harbor News",
                title="Port to reopen",
            ),
            article(
                [("Núñez", "The port reopened and the cranes are back at work", "direct")],
                published="2025-03-03",
                publisher="Coast Daily",
            ),
            article(
                [("Ada Brennan", "The repairs should have been done in stages", "indirect")],
                published="2025-02-10",
            ),
        ],
        path,
    )
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_quotes_filters(db: str) -> None:
    assert "cranes" in run("quotes", "--db", db, "--speaker", "jose nunez")
    out = json.loads(run("quotes", "--db", db, "--speaker", "NÚÑEZ", "--json"))
    assert [q["date"] for q in out] == ["2025-03-03", "2025-03-01"]  # newest first
    assert {q["speaker"] for q in out} == {"José Núñez"}
    assert json.loads(run("quotes", "--db", db, "--search", "reopen", "--json"))[0]["outlet"] == "Harbor News"
    assert len(json.loads(run("quotes", "--db", db, "--kind", "indirect", "--json"))) == 1
    assert len(json.loads(run("quotes", "--db", db, "--outlet", "coast daily", "--json"))) == 1
    assert len(json.loads(run("quotes", "--db", db, "--since", "2025-03-02", "--json"))) == 1
    assert len(json.loads(run("quotes", "--db", db, "--until", "2025-02-28", "--json"))) == 1
    assert len(json.loads(run("quotes", "--db", db, "--limit", "2", "--json"))) == 2
    none = CliRunner().invoke(main, ["quotes", "--db", db, "--csv", "--search", '"dock"'])
    assert none.exit_code == 1 and none.stdout == "" and "no statements match" in none.stderr
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--db", db, "--csv", "--search", "told"))))
    assert rows[0]["named"] == "False"


def test_speakers_and_speaker(db: str) -> None:
    out = run("speakers", "--db", db)
    assert out.splitlines()[0].split()[:3] == ["2", "José", "Núñez"]
    assert "a dock worker" not in out
    assert "a dock worker" in run("speakers", "--db", db, "--unnamed")
    assert "cranes" in run("speakers", "--db", db, "--quotes", "1")
    profile = run("speaker", "nunez", "--db", db)
    assert "harbor master" in profile and "Harbor News 1" in profile and "2025-03 2" in profile
    assert profile.index("reopen on Monday") < profile.index("cranes")  # time order
    missing = CliRunner().invoke(main, ["speaker", "Nobody Here", "--db", db])
    assert missing.exit_code == 1 and "no speaker matches" in missing.output


def test_stories_and_story(db: str) -> None:
    stories = json.loads(run("stories", "--db", db, "--json"))
    assert sum(s["documents"] for s in stories) == 3
    first = stories[0]["id"]
    detail = json.loads(run("story", str(first), "--db", db, "--json"))
    assert detail["story"]["id"] == first and detail["articles"]


def test_export_merge_split(db: str, tmp_path: Path) -> None:
    lines = run("export", "--db", db).splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["document"]
    out = tmp_path / "q.csv"
    run("export", "--db", db, "--format", "csv", "--output", str(out))
    assert len(list(csv.DictReader(out.open()))) == 4
    assert "merged into" in run("merge", "José Núñez", "Ada Brennan", "--db", db)
    assert "split off" in run("split", "José Núñez", "--alias", "Ada Brennan", "--db", db)
    assert len(json.loads(run("quotes", "--db", db, "--speaker", "Ada Brennan", "--json"))) == 1


def test_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["speakers", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("quotegraph: ") and "no such store" in result.output
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    result = CliRunner().invoke(main, ["quotes", "--db", str(bad)])
    assert result.exit_code == 1 and "not a quotegraph store" in result.output
