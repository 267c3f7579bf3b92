"""Web archives and large JSONL, streamed record by record: never a whole file in memory.

WARC and WARC.gz (per-record gzip, as Common Crawl writes them, including its CC-NEWS archive
``crawl-data/CC-NEWS/YYYY/MM/CC-NEWS-*.warc.gz``): every ``response`` (or ``resource``) record whose
payload is HTML becomes one RawDocument with the target URI as ``url`` and ``path@offset`` plus the
record id as ``source``, so a bad record can be found again. ``request``, ``metadata``, ``warcinfo``,
redirects and non-HTML payloads are passed over silently; a record that cannot be read is an InputError
naming its file and byte offset, and reading goes on with the next record when the archive allows it.
"""

from __future__ import annotations

import contextlib
import gzip
import io
from collections.abc import Iterator
from typing import IO, Any

from quotegraph.config import DEFAULT_MAX_BYTES
from quotegraph.errors import InputError
from quotegraph.extraction.read.decode import decode_bytes
from quotegraph.extraction.read.formats import parse_jsonl_line
from quotegraph.model import RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def iter_warc(path: str, max_bytes: int | None = None) -> Iterator[RawDocument | InputError]:
    """HTML responses in a WARC file, in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    with fh:
        archive = ArchiveIterator(fh, arc2warc=True)
        records = iter(archive)
        last = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                yield InputError(f"{path}@{last}: unreadable WARC record, rest of file skipped ({exc})")
                return
            try:
                item: RawDocument | InputError | None = _record_document(record, limit)
            except InputError as exc:
                item = exc
            except Exception as exc:  # a broken payload must not end the archive
                item = InputError(f"bad WARC record skipped ({type(exc).__name__}: {exc})")
            with contextlib.suppress(Exception):  # the next() above reports a truly broken archive
                last = archive.get_record_offset()
            where = f"{path}@{last}"
            if isinstance(item, InputError):
                yield InputError(f"{where}: {item}")
            elif item is not None:
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                item.source = f"{where} {record_id}".strip()
                yield item


def _record_document(record: Any, limit: int) -> RawDocument | None:
    rec_type = record.rec_type
    if rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    http = record.http_headers
    if rec_type == "response" and http is None:
        return None
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        ctype = (http.get_header("Content-Type") or "").lower()
    else:
        ctype = (headers.get_header("Content-Type") or "").lower()
    if not any(t in ctype for t in _HTML_TYPES):
        return None
    stream = record.content_stream()  # de-chunked, content-decoded
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"skipped, record is over the {limit:,}-byte article limit")
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than Content-Length: a cut archive
        raise InputError("truncated record skipped")
    html = decode_bytes(_charset_decode_hint(data, ctype), "record")
    if not html.strip():
        raise InputError("empty HTML record")
    return RawDocument(source=None, html=html, url=headers.get_header("WARC-Target-URI"))


def _charset_decode_hint(data: bytes, ctype: str) -> bytes:
    """Re-encode as UTF-8 when the HTTP header names a charset that is not UTF-8, so detection is not
    left to guess; bytes that do not fit stay for decode_bytes to handle."""
    if "charset=" not in ctype:
        return data
    charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    if charset in ("utf-8", "utf8", ""):
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data


def iter_jsonl_file(path: str, max_bytes: int | None = None) -> Iterator[RawDocument | InputError]:
    """A JSONL or JSONL.gz file line by line, each bad line an InputError naming ``path:line``."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        with open(path, "rb") as probe:
            gz = probe.read(2) == b"\x1f\x8b"
        raw: IO[bytes] = gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    with raw:
        lines = io.BufferedReader(raw) if gz else raw  # type: ignore[arg-type]
        number = 0
        try:
            for line_bytes in lines:
                number += 1
                if line_bytes.strip():
                    line = line_bytes.decode("utf-8", errors="replace")
                    yield parse_jsonl_line(line, f"{path}:{number}", limit)
        except (OSError, EOFError) as exc:
            yield InputError(f"{path}:{number + 1}: broken gzip data, rest of file skipped ({exc})")
