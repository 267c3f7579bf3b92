"""Readers: turn paths, globs, folders and stdin into RawDocuments.

Reading never raises for one bad input: it yields an InputError in that input's place and goes on,
so the caller can report it and keep the rest.
"""

from __future__ import annotations

import glob
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotegraph.errors import InputError
from quotegraph.extraction.read.decode import decode_bytes, open_bytes
from quotegraph.extraction.read.formats import FORMAT_BY_SUFFIX, format_of, parse_bytes
from quotegraph.extraction.read.warc import iter_jsonl_file, iter_warc
from quotegraph.model import RawDocument

# JSONL files bigger than this are read line by line instead of whole (WARC files always are).
STREAM_JSONL_BYTES = 8_000_000

__all__ = [
    "FORMAT_BY_SUFFIX",
    "decode_bytes",
    "expand_inputs",
    "iter_documents",
    "open_bytes",
    "parse_bytes",
    "skipped_line",
]


def skipped_line(skipped: Counter[str]) -> str:
    """'2 files skipped (unsupported format: .pdf 1, .docx 1)', or '' when none was."""
    n = sum(skipped.values())
    if not n:
        return ""
    kinds = ", ".join(f"{suffix} {count}" for suffix, count in sorted(skipped.items()))
    return f"{n} file{'s' if n != 1 else ''} skipped (unsupported format: {kinds})"


def expand_inputs(inputs: Iterable[str], skipped: Counter[str] | None = None) -> Iterator[str | InputError]:
    """Paths in a stable order: folders walked recursively (known formats only), globs expanded.

    ``skipped`` counts the files of a folder left out for their format, by suffix (".pdf"), so the caller
    can say what was not read."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found = [str(p) for p in files if format_of(p.name) is not None]
            if skipped is not None:
                skipped.update(p.suffix.lower() or p.name for p in files if format_of(p.name) is None)
            if not found:
                yield InputError(f"{item}: folder holds no readable articles")
            yield from found
        elif path.exists():
            yield item
        elif any(ch in item for ch in "*?["):
            matches = sorted(p for p in glob.glob(item, recursive=True) if os.path.isfile(p))
            if not matches:
                yield InputError(f"{item}: no file matches")
            yield from matches
        else:
            yield InputError(f"{item}: no such file or folder")


def iter_documents(
    inputs: Iterable[str], max_bytes: int | None = None, skipped: Counter[str] | None = None
) -> Iterator[RawDocument | InputError]:
    """Every article in ``inputs``, in input order; an InputError stands in for each one that fails.
    ``skipped``: see expand_inputs."""
    for item in expand_inputs(inputs, skipped):
        if isinstance(item, InputError):
            yield item
            continue
        fmt = format_of(item) if item != "-" else None
        if fmt == "warc":
            yield from iter_warc(item, max_bytes=max_bytes)
            continue
        if fmt == "jsonl" and _size(item) > STREAM_JSONL_BYTES:
            yield from iter_jsonl_file(item, max_bytes=max_bytes)
            continue
        try:
            if item == "-":
                data = sys.stdin.buffer.read()
                name = "-"
            else:
                data = open_bytes(item)
                name = item
        except InputError as exc:
            yield exc
            continue
        yield from parse_bytes(data, name, max_bytes=max_bytes)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
