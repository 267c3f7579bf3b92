"""Bytes in, text out: gzip, binary sniffing and encoding detection."""

from __future__ import annotations

import gzip
import zlib

from charset_normalizer import from_bytes

from quotegraph.errors import InputError

_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"SQLite format 3": "an SQLite database",
}


def open_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return gunzip_if_needed(data, path)


def gunzip_if_needed(data: bytes, name: str) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{name}: broken gzip data ({exc})") from None


def binary_kind(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` is, or None when it looks like text."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if not head or _looks_utf16(head):
        return None
    if head.count(b"\x00") > len(head) // 100 + 1:
        return "a binary file"
    try:
        head.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the 8 KB window
            return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27 or b == 127)
    if controls > len(head) * 0.03:
        return "a binary file"
    return None


def _looks_utf16(head: bytes) -> bool:
    return head[:2] in (b"\xff\xfe", b"\xfe\xff")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode text whatever its encoding; never fails on odd bytes."""
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{name}: skipped, it is {kind}, not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        encoding = best.encoding if best is not None else "cp1252"
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\x00", "")
