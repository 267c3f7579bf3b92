"""Attribution on short sentences: kind, cue, speaker, channel and addressee (spaCy model)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import addressee_name, cue_lemma, speaker_name, the_statement

pytestmark = pytest.mark.model

Ext = Callable[[str], dict[str, Any]]

# (id, text, fragment of the statement, kind, speaker, named, cue lemma, channel, addressee); None = not checked
CASES = [
    (
        "said-indirect",
        "The harbor master, Ingrid Solberg, said the new pier would open in May.",
        "the new pier would open in May",
        "indirect",
        "Ingrid Solberg",
        True,
        "say",
        None,
        None,
    ),
    (
        "told-reporters",
        '"We have enough beds for everyone," hospital director Maria Lopez told reporters on Monday.',
        "We have enough beds for everyone",
        "direct",
        "Maria Lopez",
        True,
        "tell",
        None,
        "reporters",
    ),
    (
        "wrote-in-column",
        "Professor Hana Mori wrote in a column that the reform would hurt small farmers.",
        "the reform would hurt small farmers",
        "indirect",
        "Hana Mori",
        True,
        "write",
        "column",
        None,
    ),
    (
        "according-to-after",
        "The drought could cut the wheat harvest by a third, according to the Farmers Union of Wales.",
        "The drought could cut the wheat harvest by a third",
        "indirect",
        "Farmers Union of Wales",
        True,
        "according to",
        None,
        None,
    ),
    (
        "warned-of",
        "Doctors warned of a shortage of nurses in rural clinics this winter.",
        "a shortage of nurses in rural clinics",
        "indirect",
        "Doctors",
        False,
        "warn",
        None,
        None,
    ),
    (
        "estimated-that",
        "The finance ministry estimated that the new tax would raise 3 billion euros a year.",
        "the new tax would raise 3 billion euros a year",
        "indirect",
        "finance ministry",
        True,
        "estimate",
        None,
        None,
    ),
    (
        "denied",
        "The company denied that its pilots had broken any safety rules.",
        "its pilots had broken any safety rules",
        "indirect",
        "company",
        True,
        "deny",
        None,
        None,
    ),
    (
        "quoted-as-saying-by",
        '"The dam is safe," engineer Oskar Brandt was quoted as saying by the Interfax news agency.',
        "The dam is safe",
        "direct",
        "Oskar Brandt",
        True,
        "say",
        "Interfax",
        None,
    ),
    (
        "interview-with-agency",
        '"We will not raise prices this year," chief executive Maria Lopez said in an interview with the '
        "Reuters news agency.",
        "We will not raise prices this year",
        "direct",
        "Maria Lopez",
        True,
        "say",
        "Reuters",
        None,
    ),
    (
        "took-to-twitter",
        'Singer Leo Marquez took to Twitter on Sunday after the concert was cancelled. "I am heartbroken for '
        'my fans," he wrote.',
        "I am heartbroken for my fans",
        "direct",
        "Leo Marquez",
        True,
        "write",
        "Twitter",
        None,
    ),
    (
        "in-a-statement",
        '"Our doors stay open to everyone," the city council said in a statement on Monday.',
        "Our doors stay open to everyone",
        "direct",
        "city council",
        True,
        "say",
        "statement",
        None,
    ),
    (
        "parenthetical",
        "The new rules, Commissioner Ruth Adler said, will take effect in January.",
        "will take effect in January",
        "indirect",
        "Ruth Adler",
        True,
        "say",
        None,
        None,
    ),
    (
        "partial",
        'Union leader Frank Ortega called the offer "an insult to every nurse" and walked out.',
        "an insult to every nurse",
        "partial",
        "Frank Ortega",
        True,
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment", "kind", "speaker", "named", "cue", "channel", "addressee"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_statement(
    ext: Ext,
    text: str,
    fragment: str,
    kind: str,
    speaker: str,
    named: bool,
    cue: str | None,
    channel: str | None,
    addressee: str | None,
) -> None:
    result = ext(text)
    st = the_statement(result, fragment)
    assert st["kind"] == kind
    assert speaker_name(st) == speaker
    assert st["speaker"]["named"] is named
    if cue is not None:
        assert cue_lemma(st) == cue
    assert st["channel"] == channel
    assert addressee_name(st) == addressee
    # the statement is the span it says it is, and the speaker text sits in the sentence
    assert text[st["start"] : st["end"]] == st["text"]
    sp = st["speaker"]
    assert text[sp["start"] : sp["end"]] == sp["text"]
    if st["cue"] is not None:
        assert text[st["cue"]["start"] : st["cue"]["end"]] == st["cue"]["text"]


def test_direct_quote_text_excludes_marks(ext: Ext) -> None:
    st = the_statement(ext('"The road is open," Mayor Ana Costa said.'), "road is open")
    assert st["text"] == "The road is open,"


def test_cited_as_saying_cue_text(ext: Ext) -> None:
    st = the_statement(ext('"Prices will fall," Minister Paul Wren was cited as saying.'), "Prices will fall")
    assert st["cue"]["text"] == "cited as saying"
    assert speaker_name(st) == "Paul Wren"


def test_transcript_lines(ext: Ext) -> None:
    text = (
        "SMITH: Welcome back to the program, and thanks for joining us tonight.\n"
        "GARCIA: It is a pleasure to be here with you and your viewers."
    )
    result = ext(text)
    assert [(s["kind"], speaker_name(s)) for s in result["statements"]] == [
        ("direct", "SMITH"),
        ("direct", "GARCIA"),
    ]
    assert result["statements"][1]["text"] == "It is a pleasure to be here with you and your viewers."


def test_label_that_is_not_a_name_is_no_transcript(ext: Ext) -> None:
    assert ext("Update: The road was reopened to traffic late on Sunday evening.")["statements"] == []


@pytest.mark.parametrize(
    "text",
    [
        'The band\'s so-called "farewell tour" has now lasted six years.',
        'She read the novel "War and Peace" during the long winter.',
        "The storm cut power to 12,000 homes, and repairs are expected to take weeks.",
    ],
    ids=["scare-quotes", "title", "reporter-voice"],
)
def test_no_statement(ext: Ext, text: str) -> None:
    assert ext(text)["statements"] == []


def test_quote_then_lowercase_role_name_told(ext: Ext) -> None:
    st = the_statement(
        ext('"We are ready for the final," coach Tom Reyes told reporters on Friday.'), "ready"
    )
    assert speaker_name(st) == "Tom Reyes"
    assert addressee_name(st) == "reporters"


def test_agency_with_two_word_name(ext: Ext) -> None:
    text = '"The dam is safe," engineer Oskar Brandt was quoted as saying by the Baltic Wire agency.'
    assert the_statement(ext(text), "dam is safe")["channel"] == "Baltic Wire"


@pytest.mark.parametrize("noun", ["airline", "charity"])
def test_institution_speakers_are_named_like_company(ext: Ext, noun: str) -> None:
    st = the_statement(ext(f"The {noun} denied that it had misled its customers."), "misled its customers")
    assert speaker_name(st) == noun
    assert st["speaker"]["named"] is True


def test_naming_verb_gives_the_quoted_name_nested_in_the_naming(ext: Ext) -> None:
    """'call X "Y"': the quoted words are a partial statement; the whole naming, if reported as an
    indirect statement (PolNeAR's convention), must contain it, never cut it."""
    result = ext('Locals call the square "the living room" of the town.')
    partial = the_statement(result, "the living room", kind="partial")
    assert partial["speaker"]["name"] == "Locals"
    for s in result["statements"]:
        if s["kind"] == "indirect":
            assert s["start"] <= partial["start"] and partial["end"] <= s["end"]
