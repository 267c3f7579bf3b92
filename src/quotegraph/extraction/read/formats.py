"""One parser per input format; the format comes from the file name (``.gz`` stripped) or a sniff."""

from __future__ import annotations

import json
from collections.abc import Iterator

from quotegraph.config import DEFAULT_MAX_BYTES
from quotegraph.errors import InputError
from quotegraph.extraction.read.decode import decode_bytes, gunzip_if_needed
from quotegraph.model import RawDocument

FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
}


def format_of(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for suffix, fmt in FORMAT_BY_SUFFIX.items():
        if lower.endswith(suffix):
            return fmt
    return None


def _sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>")):
        return "html"
    if head.startswith("{") and ('"text"' in head or '"html"' in head):
        return "jsonl"
    return "text"


def parse_bytes(data: bytes, name: str, max_bytes: int | None = None) -> Iterator[RawDocument | InputError]:
    """Articles in one input's bytes."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        data = gunzip_if_needed(data, name)
        fmt = format_of(name)
        if fmt != "jsonl" and len(data) > limit:
            raise InputError(f"{name}: skipped, {len(data):,} bytes is over the {limit:,}-byte article limit")
        text = decode_bytes(data, name)
    except InputError as exc:
        yield exc
        return
    fmt = fmt or _sniff(text)
    if fmt == "jsonl":
        yield from _parse_jsonl(text, name, limit)
    elif not text.strip():
        yield InputError(f"{name}: empty input")
    elif fmt == "html":
        yield RawDocument(source=name, html=text)
    else:
        yield RawDocument(source=name, text=text)


def _parse_jsonl(text: str, name: str, limit: int) -> Iterator[RawDocument | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield parse_jsonl_line(line, f"{name}:{number}", limit)


def parse_jsonl_line(line: str, where: str, limit: int) -> RawDocument | InputError:
    """One JSONL record as an article, or the one-line reason it is not one (``where`` is path:line)."""
    if len(line) > limit:
        return InputError(f"{where}: skipped, line is over the {limit:,}-character article limit")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return InputError(f"{where}: expected a JSON object with 'text' or 'html'")
    try:
        return _record_to_document(record, where)
    except InputError as exc:
        return exc


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _record_to_document(record: dict, where: str) -> RawDocument:
    text = record.get("text")
    html = record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError(f"{where}: record has neither a 'text' nor an 'html' string")
    if not (text or "").strip() and not (html or "").strip():
        raise InputError(f"{where}: empty article")
    authors = record.get("authors") or []
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.replace(" and ", ",").split(",") if a.strip()]
    elif isinstance(authors, list):
        authors = [str(a).strip() for a in authors if str(a).strip()]
    else:
        authors = []
    return RawDocument(
        source=str(record.get("source") or record.get("id") or where),
        text=text if isinstance(text, str) and text.strip() else None,
        html=html
        if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip())
        else None,
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url")),
        published=_str_or_none(record.get("published") or record.get("date")),
        authors=authors,
        publisher=_str_or_none(record.get("publisher")),
    )
