"""Property tests for the readers: any bytes under any file name give articles or one-line InputErrors."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from quotegraph.errors import InputError
from quotegraph.extraction.clean.text import clean_text
from quotegraph.extraction.read.formats import parse_bytes
from quotegraph.model import RawDocument

NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.jsonl", "a.txt.gz", "a.jsonl.gz", "a.bin", "a.warc"])
PAYLOADS = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda t: gzip.compress(t.encode("utf-8", "surrogatepass"))),
    st.lists(st.sampled_from(['{"text": "x"}', '{"html": "<p>y</p>"}', "{", "[]", "null", ""])).map(
        lambda lines: "\n".join(lines).encode()
    ),
)


@settings(max_examples=300, deadline=None)
@given(name=NAMES, data=PAYLOADS)
def test_any_bytes_give_documents_or_one_line_errors(name: str, data: bytes) -> None:
    for item in parse_bytes(data, name):
        if isinstance(item, InputError):
            message = str(item)
            assert message and "\n" not in message
        else:
            assert isinstance(item, RawDocument)
            assert (item.text is not None) or (item.html is not None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=3000))
def test_cleaning_keeps_its_blocks_inside_the_text(text: str) -> None:
    cleaned = clean_text(text)
    for block in cleaned.blocks:
        assert 0 <= block.start <= block.end <= len(cleaned.text)
    assert clean_text(text) == cleaned
