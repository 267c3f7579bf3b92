"""Running the query commands (not just importing the CLI) leaves spaCy and the other heavy libraries
unloaded: they cost about 1.5 s of start-up that `--help`, `quotes` and `serve` never use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results

HEAVY = ("spacy", "thinc", "trafilatura", "datasketch", "scipy", "dask", "pandas", "pyarrow")

# Runs the real click entry point in a fresh interpreter, then reports which heavy modules it loaded.
RUN = """
import json, sys
from quotegraph.cli import main
code = 0
try:
    main(sys.argv[2:], prog_name="quotegraph")
except SystemExit as exc:
    code = exc.code or 0
heavy = json.loads(sys.argv[1])
print(json.dumps({"code": code, "loaded": [m for m in heavy if m in sys.modules]}))
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("lazy") / "q.db"
    ingest_results(
        [
            article([("Ada Brennan", "The repairs should have been done in stages")], published="2025-02-10"),
            article([("Ada Brennan", "The cranes are back at work")], published="2025-02-11"),
        ],
        path,
    )
    return str(path)


def run(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("quotes", "--db", "{db}", "--limit", "5"),
        ("quotes", "--db", "{db}", "--search", "cranes", "--json"),
        ("speakers", "--db", "{db}"),
        ("stories", "--db", "{db}"),
        ("export", "--db", "{db}", "--format", "jsonl"),
    ],
)
def test_query_commands_do_not_load_heavy_libraries(db: str, args: tuple[str, ...]) -> None:
    result = run(*(a.format(db=db) for a in args))
    assert result["code"] == 0
    assert result["loaded"] == [], f"quotegraph {' '.join(args)} loaded {result['loaded']}"


def test_the_check_sees_a_command_that_does_load_spacy(tmp_path: Path) -> None:
    """The same check on `extract`, which needs spaCy, finds it loaded: the check can fail."""
    text = tmp_path / "a.txt"
    text.write_text('"We will reopen the port," Ada Brennan said on Monday.\n', encoding="utf-8")
    result = run("extract", str(text), "--json", "--no-progress")
    assert result["code"] == 0
    assert "spacy" in result["loaded"]
