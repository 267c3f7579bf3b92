"""The correction commands: output, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qgbuild import article
from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest_results


def test_correction_commands_and_their_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    ingest_results([article([("Ann Lee", "We open on Monday"), ("Bo Park", "The road is closed")])], db)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, [*args, "--db", db])
        assert result.exit_code == code, result.output
        return result.output

    assert "now 'Annabel Lee'" in run("rename", "Ann Lee", "Annabel Lee")
    quotes = json.loads(run("quotes", "--json"))
    assert {q["speaker"] for q in quotes} == {"Annabel Lee", "Bo Park"}
    road = next(q["id"] for q in quotes if q["speaker"] == "Bo Park")
    assert "reassigned" in run("reassign", str(road), "Annabel Lee")
    assert "hidden" in run("hide", str(road))
    assert len(json.loads(run("quotes", "--json"))) == 1
    assert len(json.loads(run("quotes", "--json", "--hidden"))) == 2
    exported = [json.loads(line) for line in run("export", "--hidden").splitlines() if line.startswith("{")]
    assert [q["speaker"] for q in exported] == ["Annabel Lee", "Annabel Lee"]
    assert "shown again" in run("unhide", str(road))
    assert "undid decision 4" in run("undo")
    listed = json.loads(run("decisions", "--json"))
    assert [(d["seq"], d["kind"], d["undone"]) for d in listed] == [
        (1, "rename", False),
        (2, "reassign", False),
        (3, "hide", False),
        (4, "unhide", True),
    ]
    assert "\tundone" in run("decisions").splitlines()[-1]
    result = runner.invoke(main, ["hide", "999", "--db", db])
    assert result.exit_code == 1 and result.output.strip() == "quotegraph: no statement 999"
    result = runner.invoke(main, ["reassign", "999", "Bo Park", "--db", db])
    assert result.exit_code == 1 and result.output.strip() == "quotegraph: no statement 999"
    run("reassign", str(road), code=2)
    run("reassign", str(road), "Bo Park", "--unnamed", code=2)
    run("hide", "abc", code=2)
