"""read: paths, folders, globs and stdin into RawDocuments, errors in place, order kept."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from quotegraph.errors import InputError
from quotegraph.extraction.read import expand_inputs, iter_documents
from quotegraph.model import RawDocument


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def summary(items: list[RawDocument | InputError]) -> list[str]:
    """'doc:<text>' or 'err:<message>' per item."""
    return [f"err:{x}" if isinstance(x, InputError) else f"doc:{x.text or x.html}" for x in items]


def test_folder_is_walked_recursively_sorted_known_formats_only(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "B")
    write(tmp_path / "a.md", "A")
    write(tmp_path / "sub" / "c.txt.gz", gzip.compress(b"C"))
    write(tmp_path / "sub" / "deeper" / "d.html", "<p>D</p>")
    write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0")
    write(tmp_path / "notes", "no suffix")
    paths = list(expand_inputs([str(tmp_path)]))
    assert paths == [
        str(tmp_path / "a.md"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.txt.gz"),
        str(tmp_path / "sub" / "deeper" / "d.html"),
    ]
    docs = list(iter_documents([str(tmp_path)]))
    assert summary(docs) == ["doc:A", "doc:B", "doc:C", "doc:<p>D</p>"]


def test_empty_folder_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (item,) = list(expand_inputs([str(tmp_path / "empty")]))
    assert isinstance(item, InputError) and "no readable articles" in str(item)


def test_glob_expands_sorted_and_no_match_is_an_error(tmp_path: Path) -> None:
    for name in ("x2.txt", "x1.txt", "y.txt"):
        write(tmp_path / name, name)
    assert list(expand_inputs([str(tmp_path / "x*.txt")])) == [
        str(tmp_path / "x1.txt"),
        str(tmp_path / "x2.txt"),
    ]
    (err,) = list(expand_inputs([str(tmp_path / "z*.txt")]))
    assert isinstance(err, InputError) and "no file matches" in str(err)


def test_missing_path_is_an_error_and_the_rest_go_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good one.")
    items = list(iter_documents([str(tmp_path / "missing.txt"), str(good)]))
    assert summary(items) == [f"err:{tmp_path / 'missing.txt'}: no such file or folder", "doc:Good one."]


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("From stdin \u2014 with a dash.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (doc,) = list(iter_documents(["-"]))
    assert isinstance(doc, RawDocument)
    assert doc.source == "-"
    assert doc.text == "From stdin \u2014 with a dash."


def test_gz_and_jsonl_gz(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"text": t}) for t in ("one", "two"))
    write(tmp_path / "a.jsonl.gz", gzip.compress(lines.encode()))
    write(tmp_path / "b.txt.gz", gzip.compress(b"three"))
    items = list(iter_documents([str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.txt.gz")]))
    assert summary(items) == ["doc:one", "doc:two", "doc:three"]


def test_jsonl_bad_lines_in_place(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", '{"text": "first"}\n{oops\n{"text": "third"}\n')
    items = list(iter_documents([str(path)]))
    assert [type(x) for x in items] == [RawDocument, InputError, RawDocument]
    assert str(items[1]).startswith(f"{path}:2: not valid JSON")
    assert items[0].source == f"{path}:1" and items[2].source == f"{path}:3"


def test_binary_file_is_skipped_with_a_reason(tmp_path: Path) -> None:
    pdf = write(tmp_path / "report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (err,) = list(iter_documents([str(pdf)]))
    assert isinstance(err, InputError)
    assert str(err) == f"{pdf}: skipped, it is a PDF, not an article"


def test_undecodable_bytes_are_decoded_not_fatal(tmp_path: Path) -> None:
    path = write(
        tmp_path / "latin.txt",
        "Le ministre a d\u00e9clar\u00e9 que l'\u00e9t\u00e9 sera chaud.".encode("latin-1"),
    )
    (doc,) = list(iter_documents([str(path)]))
    assert isinstance(doc, RawDocument)
    assert doc.text is not None
    assert doc.text.startswith("Le ministre a d") and doc.text.endswith("sera chaud.")


def test_order_kept_across_kinds_of_input(tmp_path: Path) -> None:
    write(tmp_path / "dir" / "b.txt", "dir-b")
    write(tmp_path / "dir" / "a.txt", "dir-a")
    single = write(tmp_path / "single.txt", "single")
    feed = write(tmp_path / "feed.jsonl", '{"text": "feed-1"}\n{"text": "feed-2"}\n')
    items = list(
        iter_documents([str(feed), str(tmp_path / "nothing.txt"), str(tmp_path / "dir"), str(single)])
    )
    assert [s.split(":")[0] if s.startswith("err") else s for s in summary(items)] == [
        "doc:feed-1",
        "doc:feed-2",
        "err",
        "doc:dir-a",
        "doc:dir-b",
        "doc:single",
    ]
