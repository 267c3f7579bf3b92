"""read.formats: the format of a name, and the articles in one input's bytes."""

from __future__ import annotations

import gzip
import json

import pytest

from quotegraph.errors import InputError
from quotegraph.extraction.read.formats import format_of, parse_bytes
from quotegraph.model import RawDocument


def parse(data: bytes, name: str = "x.txt", **kw: int) -> list[RawDocument | InputError]:
    return list(parse_bytes(data, name, **kw))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.md", "text"),
        ("A.MARKDOWN", "text"),
        ("page.html", "html"),
        ("page.HTM", "html"),
        ("feed.jsonl", "jsonl"),
        ("feed.ndjson", "jsonl"),
        ("a.txt.gz", "text"),
        ("feed.jsonl.gz", "jsonl"),
        ("photo.png", None),
        ("archive.gz", None),
        ("notes", None),
    ],
)
def test_format_of(name: str, fmt: str | None) -> None:
    """The suffix (with .gz stripped) names the format; unknown suffixes give None."""
    assert format_of(name) == fmt


def test_text_file_is_one_text_document() -> None:
    (doc,) = parse(b"The council met on Monday.\n", "notes/a.txt")
    assert isinstance(doc, RawDocument)
    assert doc.text == "The council met on Monday.\n"
    assert doc.html is None
    assert doc.source == "notes/a.txt"


def test_html_file_is_one_html_document() -> None:
    (doc,) = parse(b"<html><body><p>Hi there.</p></body></html>", "p.html")
    assert isinstance(doc, RawDocument)
    assert doc.html is not None and "<p>Hi there.</p>" in doc.html
    assert doc.text is None


@pytest.mark.parametrize(
    ("data", "is_html"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        (b"  <html><p>x</p></html>", True),
        (b"<p>A paragraph.</p>", True),
        (b"A plain line about <b> tags.", False),
    ],
)
def test_unknown_suffix_is_sniffed(data: bytes, is_html: bool) -> None:
    """With no known suffix ('-' for stdin), HTML is recognised by its opening tag."""
    (doc,) = parse(data, "-")
    assert isinstance(doc, RawDocument)
    assert (doc.html is not None) is is_html
    assert (doc.text is not None) is (not is_html)


def test_unknown_suffix_jsonl_is_sniffed() -> None:
    data = b'{"text": "First story."}\n{"text": "Second story."}\n'
    docs = parse(data, "-")
    assert [d.text for d in docs if isinstance(d, RawDocument)] == ["First story.", "Second story."]


def test_gzipped_bytes_are_opened() -> None:
    (doc,) = parse(gzip.compress("Zürich voted.".encode()), "a.txt.gz")
    assert isinstance(doc, RawDocument)
    assert doc.text == "Zürich voted."


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \n"])
def test_empty_input_is_an_error(data: bytes) -> None:
    (err,) = parse(data, "empty.txt")
    assert isinstance(err, InputError)
    assert "empty.txt" in str(err) and "empty" in str(err)


def test_over_the_size_limit_is_an_error_not_a_crash() -> None:
    (err,) = parse(b"word " * 100, "big.txt", max_bytes=50)
    assert isinstance(err, InputError)
    assert "big.txt" in str(err) and "limit" in str(err)


def test_jsonl_record_fields() -> None:
    record = {
        "id": "wire-7",
        "text": "The port reopened.",
        "title": "  Port reopens  ",
        "url": "https://example.org/port",
        "date": "2024-05-01",
        "authors": "Ana Ruiz and Ben Cole, Cara Diaz",
        "publisher": "Example Wire",
    }
    (doc,) = parse(json.dumps(record).encode(), "feed.jsonl")
    assert isinstance(doc, RawDocument)
    assert doc.source == "wire-7"
    assert doc.text == "The port reopened."
    assert doc.title == "Port reopens"
    assert doc.url == "https://example.org/port"
    assert doc.published == "2024-05-01"
    assert doc.authors == ["Ana Ruiz", "Ben Cole", "Cara Diaz"]
    assert doc.publisher == "Example Wire"


def test_jsonl_text_wins_over_html_and_html_alone_is_used() -> None:
    lines = [
        json.dumps({"text": "Plain body.", "html": "<p>Other</p>"}),
        json.dumps({"html": "<p>Only html.</p>", "authors": ["  Dee Lee ", ""]}),
    ]
    first, second = parse("\n".join(lines).encode(), "feed.jsonl")
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.text, first.html) == ("Plain body.", None)
    assert (second.text, second.html) == (None, "<p>Only html.</p>")
    assert second.authors == ["Dee Lee"]
    assert first.source == "feed.jsonl:1" and second.source == "feed.jsonl:2"


def test_jsonl_bad_lines_are_errors_in_place_good_lines_kept() -> None:
    lines = [
        json.dumps({"text": "One."}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Seven."}),
    ]
    out = parse("\n".join(lines).encode(), "feed.jsonl")
    kinds = [type(x).__name__ for x in out]
    assert kinds == ["RawDocument", "InputError", "InputError", "InputError", "InputError", "RawDocument"]
    assert out[0].text == "One." and out[-1].text == "Seven."
    messages = [str(x) for x in out if isinstance(x, InputError)]
    assert messages[0].startswith("feed.jsonl:2: not valid JSON")
    assert messages[1].startswith("feed.jsonl:4:")
    assert messages[2].startswith("feed.jsonl:5:") and "'text'" in messages[2]
    assert messages[3].startswith("feed.jsonl:6:") and "empty" in messages[3]


def test_jsonl_overlong_line_is_skipped_alone() -> None:
    lines = [json.dumps({"text": "x" * 200}), json.dumps({"text": "short one"})]
    err, doc = parse("\n".join(lines).encode(), "feed.jsonl", max_bytes=100)
    assert isinstance(err, InputError) and str(err).startswith("feed.jsonl:1:")
    assert isinstance(doc, RawDocument) and doc.text == "short one"
