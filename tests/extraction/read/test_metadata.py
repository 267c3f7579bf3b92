"""Metadata tables: rows keyed by file name or id, columns mapped by name, bad rows one line each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotegraph.errors import InputError
from quotegraph.extraction.read.metadata import load_metadata
from quotegraph.model import RawDocument

# Laid out like PolNeAR's metadata.tsv (file name without extension, publication_date, author), rows made up.
TSV = (
    "compartment\tfilename\tpublisher\tpublication_date\tauthor\ttitle\tcredit\n"
    "dev\tharbor_2025-03-01_pier\tHarbor News\t2025-03-01\tJo Reed and Al Tran\tPier to reopen\tNone\n"
    "dev\t\tHarbor News\t2025-03-02\tJo Reed\tNo key here\tNone\n"
    "dev\tharbor_2025-03-01_pier\tOther\t2025-03-05\tX\tDuplicate\tNone\n"
    "dev\tcoast_2025-03-03_storm\tcoast\t2025-03-03\tNone\tStorm warning\tNone\n"
    "dev\tshort_row\tcoast\n"
)


def test_tsv_rows_fill_fields_by_column_name(tmp_path: Path) -> None:
    path = tmp_path / "metadata.tsv"
    path.write_text(TSV, encoding="utf-8")
    meta = load_metadata(path)
    assert meta.rows["harbor_2025-03-01_pier"] == {
        "title": "Pier to reopen",
        "published": "2025-03-01",
        "authors": ["Jo Reed", "Al Tran"],
        "publisher": "Harbor News",
    }
    assert "authors" not in meta.rows["coast_2025-03-03_storm"]  # "None" is no value
    assert len(meta.errors) == 3
    assert any(":3: no filename" in e for e in meta.errors)
    assert any(":4: " in e and "given twice" in e for e in meta.errors)
    assert any(":6: " in e and "fewer cells" in e for e in meta.errors)
    raw = meta.apply(RawDocument(source="corpus/text/harbor_2025-03-01_pier.txt", text="Words."))
    assert (raw.title, raw.published, raw.publisher) == ("Pier to reopen", "2025-03-01", "Harbor News")
    untouched = RawDocument(source="corpus/text/other.txt", text="Words.", title="Kept")
    assert meta.apply(untouched) == untouched


def test_csv_and_jsonl_by_id(tmp_path: Path) -> None:
    csv_path = tmp_path / "meta.csv"
    csv_path.write_text('id,headline,url,date\na1,"Storm, then calm",https://coast.example/a1,2025-01-02\n')
    assert load_metadata(csv_path).rows["a1"] == {
        "title": "Storm, then calm",
        "url": "https://coast.example/a1",
        "published": "2025-01-02",
    }
    jl = tmp_path / "meta.jsonl"
    jl.write_text(json.dumps({"file": "a2.txt", "authors": "Kim Ode; Lu Park"}) + "\nnot json\n")
    meta = load_metadata(jl)
    assert meta.rows["a2.txt"] == {"authors": ["Kim Ode", "Lu Park"]}
    assert meta.errors == [f"{jl}:2: not valid JSON (Expecting value); row skipped"]


def test_unusable_tables_are_input_errors(tmp_path: Path) -> None:
    for name, text, message in (
        ("m.xlsx", "x", "is .csv, .tsv or .jsonl"),
        ("m.csv", "title,url\nA,b\n", "no file-name or id column"),
        ("n.csv", "id,colour\n1,red\n", "no metadata column"),
    ):
        (tmp_path / name).write_text(text)
        with pytest.raises(InputError, match=message):
            load_metadata(tmp_path / name)


def test_a_bad_row_is_named_by_the_line_it_starts_on(tmp_path: Path) -> None:
    """Found by the property test: rows were numbered by count, so a blank line or a quoted cell holding
    a line break shifted every later row's line number."""
    path = tmp_path / "m.csv"
    path.write_text('file,title\n\na.txt,"two\nlines"\nb.txt,x,extra\n', encoding="utf-8")
    meta = load_metadata(path)
    assert meta.rows["a.txt"] == {"title": "two\nlines"}
    assert meta.errors == [f"{path}:5: 3 cells for 2 columns; row skipped"]


def test_a_table_whose_every_row_is_bad_reports_the_rows(tmp_path: Path) -> None:
    """Found by the property test: the columns were read from the usable rows only, so a table with a
    good header and no usable row was refused as having no file-name column."""
    path = tmp_path / "m.csv"
    path.write_text("file,title\na.txt\n", encoding="utf-8")
    assert load_metadata(path).errors == [f"{path}:2: fewer cells than columns; row skipped"]
    jsonl = tmp_path / "m.jsonl"
    jsonl.write_text('{"file": "a.txt", "title": \n', encoding="utf-8")
    assert len(load_metadata(jsonl).errors) == 1


def test_a_jsonl_string_may_hold_a_line_separator(tmp_path: Path) -> None:
    """Found by the property test: U+2028 inside a JSON string (legal, written by ensure_ascii=False)
    split the record in two bad lines."""
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"file": "a.txt", "title": "x\u2028y"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    meta = load_metadata(path)
    assert meta.errors == []
    assert meta.rows["a.txt"] == {"title": "x\u2028y"}
