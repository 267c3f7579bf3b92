"""Export rows: a quotation reads as one, a paraphrase never does; the same columns in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus
from quotegraph.query.export import QUOTE_COLUMNS, export_quotes


@pytest.fixture()
def corpus(tmp_path: Path) -> Corpus:
    path = tmp_path / "q.db"
    ingest_results(
        [
            article(
                [
                    ("Ann Able", "We will rebuild the pier"),
                    ("Bo Baker", "the pier would reopen by May", "indirect"),
                    ("Cy Cole", "a disgrace", "partial"),
                ],
                published="2025-03-02",
            )
        ],
        path,
    )
    return Corpus(path)


def test_quotations_are_quoted_and_paraphrases_marked(corpus: Corpus) -> None:
    out = io.StringIO()
    with corpus:
        export_quotes(corpus.iter_quotes(), "jsonl", out)
    rows = {r["speaker"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert (
        rows["Ann Able"]["display"] == "\u201cWe will rebuild the pier\u201d" and rows["Ann Able"]["verbatim"]
    )
    assert rows["Cy Cole"]["display"] == "\u201ca disgrace\u201d" and rows["Cy Cole"]["verbatim"]
    para = rows["Bo Baker"]
    assert para["display"] == "paraphrase: the pier would reopen by May" and para["verbatim"] is False
    assert "\u201c" not in para["display"] and para["text"] == "the pier would reopen by May"


def test_csv_and_jsonl_have_the_same_columns(corpus: Corpus) -> None:
    with corpus:
        jl, cs = io.StringIO(), io.StringIO()
        export_quotes(corpus.iter_quotes(), "jsonl", jl)
        export_quotes(corpus.iter_quotes(), "csv", cs)
    names = [name for name, _ in QUOTE_COLUMNS]
    assert list(json.loads(jl.getvalue().splitlines()[0])) == names
    assert list(csv.DictReader(io.StringIO(cs.getvalue())).fieldnames or []) == names
    assert not {"end", "group"} & set(names)
