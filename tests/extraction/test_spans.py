"""Span boundaries as annotators mark them: the speaker's whole phrase, the content without its frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import the_statement

pytestmark = pytest.mark.model

Ext = Callable[[str], dict[str, Any]]


def _speaker_text(result: dict[str, Any], fragment: str) -> str:
    st = the_statement(result, fragment)
    sp = st["speaker"]
    assert sp["text"] == result["document"]["text"][sp["start"] : sp["end"]]
    return sp["text"]


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # an apposition set off by commas before the verb, with the comma that closes it
        (
            "Marta Vollmer, the mayor of Linden, said the bridge would reopen in May.",
            "the bridge would reopen",
            "Marta Vollmer, the mayor of Linden,",
        ),
        # after the verb: the apposition, not the full stop
        (
            '"We are ready," said Tomas Hruby, a spokesman for the port authority.',
            "We are ready",
            "Tomas Hruby, a spokesman for the port authority",
        ),
        # an 'of' or 'for' complement of the head
        (
            "A lawyer for the Kessler family said the hospital had ignored the warnings.",
            "the hospital had ignored",
            "A lawyer for the Kessler family",
        ),
        # coordinated speakers are one source
        (
            "Farmers and truck drivers said the new tolls were unfair.",
            "the new tolls were unfair",
            "Farmers and truck drivers",
        ),
        # a party and state in parentheses belong to the name
        (
            "Sen. Ada Brennan (D-Ore.) said the bill would pass.",
            "the bill would pass",
            "Sen. Ada Brennan (D-Ore.)",
        ),
        # a participle set off by commas is what the speaker did, not who the speaker is
        (
            "Governor Lena Ortiz, speaking to farmers in Salem, said the drought aid would arrive soon.",
            "the drought aid would arrive",
            "Governor Lena Ortiz",
        ),
    ],
)
def test_speaker_span_is_the_whole_phrase(ext: Ext, text: str, fragment: str, span: str) -> None:
    assert _speaker_text(ext(text), fragment) == span


def test_speaker_span_keeps_hyphenated_names_whole(ext: Ext) -> None:
    text = '"The talks failed," said Ms. Hartley-Moore.'
    assert _speaker_text(ext(text), "The talks failed") == "Ms. Hartley-Moore"


def test_speaker_span_does_not_change_who_speaks(ext: Ext) -> None:
    text = "Anna Berg met the press on Monday. Anna Berg, the chair of the Harbor Board, said the fees would rise."
    st = the_statement(ext(text), "the fees would rise")
    assert st["speaker"]["name"] == "Anna Berg"
