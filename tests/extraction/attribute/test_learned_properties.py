"""Property tests of the learned attribution (cue model, content candidates, clauses, statement model).

The generated articles are built from the shapes the learned parts decide on: subjects of every kind the
features know (names, pronouns, person nouns, organisations, media), cue verbs in the lexicons and outside
them, nouns, "according to", that-clauses and bare clauses, quotations before and after the cue, addressees
and channels, several sentences and paragraphs. On each: no exception escapes, every span the result
gives (statement, speaker, cue, addressee, anything with offsets) is exactly ``document.text[start:end]``,
and extracting again, with the same Extractor or a fresh one, gives the same result.
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

SUBJECTS = [
    "Mayor Lena Ortiz",
    "Ortiz",
    "She",
    "he",
    "They",
    "The spokesman",
    "a senior official",
    "The ministry",
    "Reuters",
    "The New York Times",
    "Two people familiar with the talks",
    "the union",
    "Dr. Ada Kim, the chief scientist,",
]
CUES = [
    "said",
    "told",
    "warned",
    "believes",
    "thinks",
    "grumbled",  # in no lexicon: only the model can make it a cue
    "walked",
    "opened",
    "wrote",
    "added",
    "has argued",
    "would later claim",
    "insisted",
    "found",
    "announced",
]
ADDRESSEES = ["", " reporters", " the BBC", " him", " the committee"]
CHANNELS = ["", " on Twitter", " in a statement", " in an interview", " on Instagram"]
CONTENTS = [
    "the bridge repairs would take another year",
    "prices will rise",
    "nobody was hurt",
    "it was time to go",
    "the plan, which was drafted in May, had failed",
    "",
]
QUOTES = [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»")]

sentence = st.one_of(
    # SUBJECT CUE [ADDRESSEE] [CHANNEL] [that] CONTENT.
    st.builds(
        lambda s, c, a, ch, that, x: f"{s} {c}{a}{ch}{' that' if that else ''} {x}.",
        st.sampled_from(SUBJECTS),
        st.sampled_from(CUES),
        st.sampled_from(ADDRESSEES),
        st.sampled_from(CHANNELS),
        st.booleans(),
        st.sampled_from(CONTENTS),
    ),
    # "QUOTE," SUBJECT CUE.  /  SUBJECT CUE: "QUOTE."
    st.builds(
        lambda q, x, s, c, after: (
            f"{q[0]}{x.capitalize()},{q[1]} {s.lower()} {c}."
            if after
            else f"{s} {c}: {q[0]}{x.capitalize()}.{q[1]}"
        ),
        st.sampled_from(QUOTES),
        st.sampled_from(CONTENTS),
        st.sampled_from(SUBJECTS),
        st.sampled_from(CUES),
        st.booleans(),
    ),
    # CONTENT, according to SUBJECT.  /  CONTENT, SUBJECT CUE.
    st.builds(
        lambda x, s, c, acc: f"{x.capitalize()}, {'according to ' + s if acc else s + ' ' + c}.",
        st.sampled_from(CONTENTS),
        st.sampled_from(SUBJECTS),
        st.sampled_from(CUES),
        st.booleans(),
    ),
    # a nominal cue and plain narration
    st.builds(
        lambda s, x: f"{s}'s claim that {x} drew criticism.",
        st.sampled_from(SUBJECTS),
        st.sampled_from(CONTENTS),
    ),
    st.sampled_from(["Residents walked to the market.", "The library opened its doors.", ""]),
)
article = st.lists(
    st.tuples(sentence, st.sampled_from([" ", " ", "\n\n", "\n"])), min_size=1, max_size=8
).map(lambda parts: "".join(s + sep for s, sep in parts))


def _spans(value: Any, text: str, where: str = "") -> None:
    """Every dict with start, end and text anywhere in the statement is exactly that slice of the text."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and value["start"] is not None:
            assert 0 <= value["start"] <= value["end"] <= len(text), where
            assert text[value["start"] : value["end"]] == value["text"], where
        for k, v in value.items():
            _spans(v, text, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _spans(v, text, f"{where}[{i}]")


def _extract(ex: Extractor, text: str) -> dict[str, Any] | None:
    (item,) = list(ex.extract_documents([RawDocument(source="generated", text=text)]))
    if isinstance(item, InputError):
        return None
    return item.to_dict()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=article)
def test_learned_attribution_exact_offsets_and_deterministic(
    extractor: Extractor, keep_extractor: Extractor, text: str
) -> None:
    assert extractor.cue_model is not None  # the packaged model is what runs by default
    for ex in (extractor, keep_extractor):
        first = _extract(ex, text)
        if first is None:
            continue
        doc_text = first["document"]["text"]
        for s in first["statements"]:
            _spans(s, doc_text, s["id"])
            assert 0.0 <= s["confidence"] <= 1.0
        assert _extract(ex, text) == first
    fresh = _extract(Extractor(keep_text=True), text)
    assert fresh == _extract(keep_extractor, text)
