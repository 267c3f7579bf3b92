"""read.decode: gzip, binary sniffing, and decoding whatever the encoding."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from quotegraph.errors import InputError
from quotegraph.extraction.read.decode import binary_kind, decode_bytes, gunzip_if_needed, open_bytes


def test_utf8_and_bom() -> None:
    assert decode_bytes("Łódź café".encode(), "a") == "Łódź café"
    assert decode_bytes(b"\xef\xbb\xbfHello", "a") == "Hello"


def test_cp1252_curly_quotes_are_decoded() -> None:
    data = "The mayor said \u201cwe will rebuild\u201d \u2014 and the crowd cheered at the caf\u00e9.".encode(
        "cp1252"
    )
    text = decode_bytes(data, "a")
    assert "\u201cwe will rebuild\u201d" in text
    assert "caf\u00e9" in text
    assert "\ufffd" not in text


def test_utf16_with_bom_is_text_not_binary() -> None:
    data = "The harbour closed for the winter season today.".encode("utf-16")
    assert binary_kind(data) is None
    assert decode_bytes(data, "a") == "The harbour closed for the winter season today."


def test_undecodable_bytes_never_raise() -> None:
    data = b"Prices rose \x81\x8d\x8f\x90\x9d sharply in the " + "caf\u00e9".encode("latin-1") + b" sector."
    text = decode_bytes(data, "odd.txt")
    assert text.startswith("Prices rose")
    assert text.endswith("sector.")


def test_nul_bytes_are_dropped_from_mostly_text() -> None:
    data = b"A" * 5000 + b"\x00" + b"B" * 10
    assert decode_bytes(data, "a") == "A" * 5000 + "B" * 10


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "a PDF"),
        (b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        (b"\xff\xd8\xff\xe0....", "a JPEG image"),
        (b"PK\x03\x04....", "a ZIP archive"),
        (b"SQLite format 3\x00....", "an SQLite database"),
        (b"\x00\x01\x02\x03" * 300, "a binary file"),
    ],
)
def test_binary_is_named_and_refused(data: bytes, kind: str) -> None:
    assert binary_kind(data) == kind
    with pytest.raises(InputError, match=f"x.bin: skipped, it is {kind}"):
        decode_bytes(data, "x.bin")


def test_random_bytes_are_binary() -> None:
    """Bytes with no structure (an encrypted blob, an unknown archive) are not an article."""
    data = random.Random(7).randbytes(4096)
    assert binary_kind(data) == "a binary file"


def test_plain_text_is_not_binary() -> None:
    assert binary_kind(b"Just words, nothing else.\n") is None
    assert binary_kind(b"") is None


def test_gunzip_only_when_gzip_magic() -> None:
    assert gunzip_if_needed(b"plain", "a") == b"plain"
    assert gunzip_if_needed(gzip.compress(b"packed"), "a") == b"packed"


def test_broken_gzip_is_an_input_error() -> None:
    broken = gzip.compress(b"some text that is long enough to be compressed" * 10)[:30]
    with pytest.raises(InputError, match="bad.gz: broken gzip data"):
        gunzip_if_needed(broken, "bad.gz")


def test_open_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"inside"))
    assert open_bytes(str(path)) == b"inside"
    with pytest.raises(InputError, match="cannot read"):
        open_bytes(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="cannot read"):
        open_bytes(str(tmp_path))
