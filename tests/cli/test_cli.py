"""quotegraph extract end to end: output formats, exit codes, stderr lines (spaCy model)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import QG
from quotegraph.cli import main
from quotegraph.extraction.pipeline import Extractor

pytestmark = pytest.mark.model

ARTICLE = (
    "Harbour Ferries Resume\n\n"
    "By Jane Doe\n\n"
    "March 4, 2024\n\n"
    "Ferries returned to the harbour on Monday after a week of storms kept them in port.\n\n"
    '"We are glad to be sailing again," Captain Ingrid Solberg told reporters at the pier.\n'
)
OTHER = "The council said the bridge would reopen in May after repairs to its deck and railings.\n"


@pytest.fixture()
def files(tmp_path: Path, extractor: Extractor) -> dict[str, Path]:
    """Two small articles on disk (the extractor fixture makes sure the model is loaded once)."""
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b = tmp_path / "b.md"
    b.write_text(OTHER, encoding="utf-8")
    return {"a": a, "b": b, "missing": tmp_path / "missing.txt"}


def invoke(*args: str | Path, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", *map(str, args)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_table_is_the_default(files: dict[str, Path]) -> None:
    code, out, err = invoke(files["a"])
    assert code == 0 and err == ""
    assert out.startswith(f"== {files['a']}: Harbour Ferries Resume\n")  # the input and its title
    assert "2024-03-04" in out and "Jane Doe" in out
    assert "Ingrid Solberg  [direct; told; to reporters]" in out
    assert "\u201cWe are glad to be sailing again,\u201d" in out


def test_json_one_input(files: dict[str, Path]) -> None:
    code, out, err = invoke(files["a"], "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["extractor"]["name"] == "quotegraph"
    assert result["document"]["title"] == "Harbour Ferries Resume"
    assert result["document"]["source"] == str(files["a"])
    (st,) = result["statements"]
    assert st["speaker"]["name"] == "Ingrid Solberg"


def test_jsonl_one_line_per_input_in_order(files: dict[str, Path]) -> None:
    code, out, _ = invoke(files["b"], files["a"], files["b"], "--jsonl")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    sources = [json.loads(line)["document"]["source"] for line in lines]
    assert sources == [str(files["b"]), str(files["a"]), str(files["b"])]


def test_keep_text_is_exact(files: dict[str, Path]) -> None:
    code, out, _ = invoke(files["a"], "--json", "--keep-text")
    assert code == 0
    result = json.loads(out)
    assert result["document"]["text"] == ARTICLE
    (st,) = result["statements"]
    assert ARTICLE[st["start"] : st["end"]] == "We are glad to be sailing again,"


def test_bad_inputs_exit_1_one_stderr_line_each_good_still_print(
    files: dict[str, Path], tmp_path: Path
) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\n\x00\x01")
    code, out, err = invoke(files["missing"], files["a"], binary, "--jsonl")
    assert code == 1
    assert [json.loads(line)["document"]["source"] for line in out.splitlines()] == [str(files["a"])]
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0] == f"quotegraph: {files['missing']}: no such file or folder"
    assert lines[1].startswith(f"quotegraph: {binary}: skipped") and "PDF" in lines[1]


@pytest.mark.parametrize(
    "args",
    [
        ("--json", "{a}", "{b}"),
        ("--json", "--jsonl", "{a}"),
        ("--frobnicate", "{a}"),
        (),
    ],
    ids=["json-two-inputs", "json-and-jsonl", "unknown-option", "no-input"],
)
def test_usage_errors_exit_2(files: dict[str, Path], args: tuple[str, ...]) -> None:
    filled = [a.format(a=files["a"], b=files["b"]) for a in args]
    code, out, err = invoke(*filled)
    assert code == 2
    assert err.strip()
    assert "Traceback" not in err
    assert not out.lstrip().startswith("{")


def test_no_statements(files: dict[str, Path]) -> None:
    code, out, _ = invoke(files["a"], "--json", "--no-statements")
    assert code == 0
    result = json.loads(out)
    assert result["statements"] == []
    assert "Ingrid Solberg" in [e["name"] for e in result["entities"]]


def test_stdin_dash_through_the_real_command() -> None:
    proc = subprocess.run(
        [str(QG), "extract", "-", "--json"], input=ARTICLE, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["document"]["source"] == "-"
    assert result["statements"][0]["speaker"]["name"] == "Ingrid Solberg"


def test_bad_model_is_one_line_no_traceback(files: dict[str, Path]) -> None:
    proc = subprocess.run(
        [str(QG), "extract", str(files["a"]), "--model", "no_such_model_pkg"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("quotegraph: cannot load spaCy model 'no_such_model_pkg'")
    assert "Traceback" not in proc.stderr


def test_evaluate_stories_json_and_a_bad_set(tmp_path: Path) -> None:
    """Two articles on one event: the command ingests them and scores them; a folder without gold is one line."""
    lines = [
        {
            "id": f"dam-{i}",
            "publisher": "Test Post",
            "title": f"Dam report {i}",
            "published": f"2025-03-0{i}",
            "text": "Engineer Ruth Cole said the Millbrook dam spillway had cracks and needed urgent repairs. "
            f"The water board met {day}, Cole told reporters.",
        }
        for i, day in ((1, "on Monday"), (2, "again on Tuesday"))
    ]
    (tmp_path / "articles.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    (tmp_path / "gold.json").write_text(
        json.dumps({"stories": {"dam-1": "dam", "dam-2": "dam"}}), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["evaluate", "stories", str(tmp_path), "--json", "--details"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["stories"] == 1 and {"dam"} == {e for row in out["story_list"] for e in row["events"]}
    (tmp_path / "gold.json").unlink()
    bad = CliRunner().invoke(main, ["evaluate", "stories", str(tmp_path)])
    assert bad.exit_code != 0 and "gold.json" in bad.output and "Traceback" not in bad.output
