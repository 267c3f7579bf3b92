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


def test_a_who_clause_marks_the_relative_and_names_its_antecedent(ext: Ext) -> None:
    text = "The plan was drafted by Dana Crewe, who said the tolls would end in June."
    st = the_statement(ext(text), "the tolls would end")
    assert st["speaker"]["text"] == "who"
    assert st["speaker"]["name"] == "Dana Crewe"


def test_a_restrictive_that_clause_keeps_the_noun_phrase(ext: Ext) -> None:
    text = "The deal went to Harlow Mining, a rival firm that said the mines would close."
    st = the_statement(ext(text), "the mines would close")
    assert st["speaker"]["text"] != "that"


def test_speaker_span_keeps_hyphenated_names_whole(ext: Ext) -> None:
    text = '"The talks failed," said Ms. Hartley-Moore.'
    assert _speaker_text(ext(text), "The talks failed") == "Ms. Hartley-Moore"


def test_speaker_span_does_not_change_who_speaks(ext: Ext) -> None:
    text = "Anna Berg met the press on Monday. Anna Berg, the chair of the Harbor Board, said the fees would rise."
    st = the_statement(ext(text), "the fees would rise")
    assert st["speaker"]["name"] == "Anna Berg"


def _content(result: dict[str, Any], fragment: str) -> str:
    """The widest indirect statement containing ``fragment``."""
    found = [s for s in result["statements"] if s["kind"] == "indirect" and fragment in s["text"]]
    assert found, [(s["kind"], s["text"]) for s in result["statements"]]
    return max(found, key=lambda s: s["end"] - s["start"])["text"]


def test_reported_clause_ending_in_a_quotation_is_one_content(ext: Ext) -> None:
    text = 'The envoy said the regime had shown "contempt for every promise it made to its neighbours."'
    assert _content(ext(text), "the regime had shown") == (
        'the regime had shown "contempt for every promise it made to its neighbours."'
    )


def test_an_aside_inside_the_quotation_is_the_speakers_own(ext: Ext) -> None:
    text = 'Ruth Alder said she had served in Korea "for the country, knowing that nobody at home would thank us."'
    assert _content(ext(text), "she had served in Korea").endswith('nobody at home would thank us."')


def test_an_aside_after_the_clause_is_still_the_reporters(ext: Ext) -> None:
    text = "Mayor Jan Kowal said the budget would be balanced, arguing that taxes would not rise."
    assert _content(ext(text), "the budget would be balanced") == "the budget would be balanced"


def test_a_content_clause_keeps_whether(ext: Ext) -> None:
    text = "The senator asked whether the new dam would survive a flood."
    assert _content(ext(text), "the new dam would survive") == "whether the new dam would survive a flood"


def test_a_content_ending_in_a_quotation_takes_its_closing_marks(ext: Ext) -> None:
    text = "Gina Fuller said raising the toll ''is a misguided approach,'' and left the hall."
    assert _content(ext(text), "raising the toll").endswith("approach,''")


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # a dateline before a free-standing dash is not part of the speaker
        (
            "LISBON -- Prime Minister Rui Tavares said the ports would reopen on Monday.",
            "the ports would reopen",
            "Prime Minister Rui Tavares",
        ),
        # a pronoun with its own modifiers is a phrase ("those close to him"); a personal pronoun stays one word
        (
            "Those close to the governor said she would not run again.",
            "she would not run again",
            "Those close to the governor",
        ),
    ],
)
def test_speaker_span_edges(ext: Ext, text: str, fragment: str, span: str) -> None:
    assert _speaker_text(ext(text), fragment) == span
