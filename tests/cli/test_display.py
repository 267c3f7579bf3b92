"""How the CLI shows statements: quotations quoted, paraphrases marked, every table naming its input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgbuild import article
from quotegraph.cli import main
from quotegraph.cli.extract import format_table
from quotegraph.corpus.ingest import ingest_results

QUOTES = [
    ("Ann Able", "We will rebuild the pier"),
    ("Bo Baker", "the pier would reopen by May", "indirect"),
]


def lines_with(out: str, words: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if words in line]


def test_table_quotes_quotations_and_marks_paraphrases() -> None:
    result = article(QUOTES, title="Pier plans")
    result["document"]["source"] = "in/pier.txt"
    out = format_table(result)
    assert lines_with(out, "rebuild") == ["\u201cWe will rebuild the pier\u201d"]
    assert lines_with(out, "reopen") == ["paraphrase: the pier would reopen by May"]
    assert "; ]" not in out and "[direct; said]" in out


def test_a_statement_without_cue_channel_or_addressee_has_no_empty_part() -> None:
    result = article(QUOTES[:1])
    result["statements"][0]["cue"] = None
    out = format_table(result)
    assert "[direct]" in out and "; ]" not in out and "[direct; " not in out


def test_table_names_the_input_file_and_untitled_articles_by_their_first_words() -> None:
    titled = article(QUOTES, title="Pier plans")
    titled["document"]["source"] = "in/pier.txt"
    assert format_table(titled).splitlines()[0] == "== in/pier.txt: Pier plans"
    untitled = article(QUOTES)
    untitled["document"]["source"] = "in/untitled.txt"
    assert (
        format_table(untitled).splitlines()[0]
        == '== in/untitled.txt: "We will rebuild the pier," Ann Able said. ...'
    )
    untitled["document"]["source"] = None
    assert format_table(untitled).splitlines()[0] == '== "We will rebuild the pier," Ann Able said. ...'


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "q.db"
    ingest_results([article(QUOTES, published="2025-03-02")], path)
    return str(path)


def test_quotes_command_quotes_quotations_and_marks_paraphrases(db: str) -> None:
    out = CliRunner().invoke(main, ["quotes", "--db", db]).stdout
    assert lines_with(out, "rebuild") == ["\u201cWe will rebuild the pier\u201d"]
    assert lines_with(out, "reopen") == ["paraphrase: the pier would reopen by May"]
    rows = json.loads(CliRunner().invoke(main, ["quotes", "--db", db, "--json"]).stdout)
    assert {r["text"] for r in rows} == {"We will rebuild the pier", "the pier would reopen by May"}


def test_reactions_listing_marks_a_paraphrased_response(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from quotegraph.query import Corpus
    from quotegraph.query.results import Reaction, ReactionStatement

    def said(i: int, text: str, kind: str, who: str) -> ReactionStatement:
        return ReactionStatement(i, text, kind, {"id": i, "name": who}, f"d{i}", "2026-03-0{i}", 0, len(text))

    found = [
        Reaction(
            1,
            said(2, "the tariff would hurt farmers", "indirect", "Bo Baker"),
            {
                "statement": said(1, "We will raise the tariff", "direct", "Ann Able"),
                "speaker": {"id": 1, "name": "Ann Able"},
            },
            {"text": "rejected", "start": 0, "end": 8},
            "opposes",
            0.9,
        )
    ]
    monkeypatch.setattr(Corpus, "reactions", lambda self, **kw: found)
    db = tmp_path / "r.db"
    ingest_results([article(QUOTES)], db)
    out = CliRunner().invoke(main, ["reactions", "--db", str(db)]).output
    assert lines_with(out, "farmers") == ["paraphrase: the tariff would hurt farmers"]
    assert lines_with(out, "raise") == ["answers: \u201cWe will raise the tariff\u201d"]
