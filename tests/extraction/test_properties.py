"""Property tests: whatever text comes in, extraction neither crashes nor cites a span it does not hold.

Invariants checked on every generated article, with cleaning on and off: no exception escapes (an
InputError for an empty article is an answer, not a crash); every offset is inside document.text and
document.text[start:end] is exactly the stored span; statements overlap only when one is nested in the
other; the same input gives the same output.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotegraph.errors import InputError
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument

pytestmark = pytest.mark.model

QUOTES = ['"', "“", "”", "«", "»", "'", "’", "‘", "''", "``", "„"]
WORDS = [
    "said",
    "told",
    "according to",
    "he",
    "she",
    "Ms. Lee",
    "the minister",
    "Reuters",
    "\n\n",
    ".",
    ",",
    ":",
]
ODD = [
    "\u200b",
    "\u202e",
    "\u200f",
    "\u2066",
    "\x00",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "\t",
    "\r\n",
    "שלום",
    "مرحبا",
]

soup = st.lists(
    st.one_of(st.sampled_from(QUOTES), st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=12)),
    max_size=60,
).map(" ".join)


def _check(result: dict[str, Any]) -> None:
    text = result["document"]["text"]
    n = len(text)
    spans = []
    for s in result["statements"]:
        assert 0 <= s["start"] <= s["end"] <= n
        assert text[s["start"] : s["end"]] == s["text"]
        sp = s["speaker"]
        if sp is not None:
            assert 0 <= sp["start"] <= sp["end"] <= n
            assert text[sp["start"] : sp["end"]] == sp["text"]
        if s["cue"] is not None:
            assert 0 <= s["cue"]["start"] <= s["cue"]["end"] <= n
            assert text[s["cue"]["start"] : s["cue"]["end"]] == s["cue"]["text"]
        assert 0.0 <= s["confidence"] <= 1.0
        spans.append((s["start"], s["end"]))
    for a, b in spans:
        for c, d in spans:
            overlapping = a < d and c < b
            nested = (a <= c and d <= b) or (c <= a and b <= d)
            assert not overlapping or nested, (a, b, c, d)
    for e in result["entities"]:
        for start, end in e["mentions"]:
            assert 0 <= start <= end <= n


def _extract(extractor: Extractor, text: str) -> dict[str, Any] | None:
    (item,) = list(extractor.extract_documents([RawDocument(source="generated", text=text)]))
    if isinstance(item, InputError):
        return None
    return item.to_dict()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(soup, st.text(max_size=400)))
def test_any_text_gives_valid_offsets_and_is_deterministic(
    extractor: Extractor, keep_extractor: Extractor, text: str
) -> None:
    for ex in (extractor, keep_extractor):
        first = _extract(ex, text)
        if first is None:
            continue
        _check(first)
        assert _extract(ex, text) == first


@pytest.mark.parametrize(
    "text",
    [
        '"' * 5000,
        "“" * 3000 + "said the minister" + "”" * 10,
        ("He said " + '"a ' * 2000) + "end.",
        "word " * 12000 + "said the mayor.",
        "\u202eReversed text said the mayor.\u202c " * 50,
        "« Bonjour » dit-il. \"Hello,\" he said. 'Hi,' she said. ``Yo,'' they said.",
        " \n\t\n ",
    ],
    ids=["straight-5000", "curly-soup", "unclosed-2000", "long-sentence", "bidi", "mixed-styles", "blank"],
)
def test_hostile_texts(extractor: Extractor, keep_extractor: Extractor, text: str) -> None:
    for ex in (extractor, keep_extractor):
        result = _extract(ex, text)
        if result is not None:
            _check(result)
