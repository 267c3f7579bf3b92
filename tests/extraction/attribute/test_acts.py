"""The act of statements, and what is never a statement, on sentences written for these tests."""

from __future__ import annotations

import pytest

import quotegraph

pytestmark = pytest.mark.model


def acts(text: str) -> list[tuple[str, str, str]]:
    """(act, speaker name, cue lemma) of every statement."""
    out = quotegraph.extract(text, keep_text=True)["statements"]
    return [
        (s["act"], (s["speaker"] or {}).get("name") or "", (s["cue"] or {}).get("lemma") or "") for s in out
    ]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("The mayor said the ferry would run again in June.", "speech"),
        ("Councillor Ida Berg fears the ferry will never run again.", "thought"),
        ("The ferry operator expects the harbour to reopen in June.", "thought"),
        ("A survey of 800 residents shows support for the ferry falling to 40 percent.", "finding"),
        ("The audit found that the ferry company had overcharged the city for years.", "finding"),
        ("The report said the ferry company had overcharged the city for years.", "speech"),
        ('"We will run again in June," the operator said.', "speech"),
    ],
)
def test_the_act_follows_the_cue_and_the_source(text: str, act: str) -> None:
    found = acts(text)
    assert found and found[0][0] == act, found


def test_a_continued_quote_has_the_act_of_the_one_it_continues() -> None:
    text = '"We will run again in June," the operator said. "Nobody has been laid off."'
    found = quotegraph.extract(text, keep_text=True)["statements"]
    assert len(found) == 2 and {s["act"] for s in found} == {"speech"}
    assert found[1]["continues"] == found[0]["id"]


@pytest.mark.parametrize(
    "text",
    [
        "The new ferry boasts two decks and a cafe with a view of the islands.",
        "The old harbour offers visitors a quiet walk along the water.",
        "The man pointed a knife at the driver and ran off.",
        "The skipper called 999 when the engine caught fire.",
    ],
)
def test_things_gestures_and_phone_calls_are_not_statements(text: str) -> None:
    assert acts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ann Ruiz called on the operator to restore the service.",
        "Mayor Ann Ruiz pointed out that the ferry had never been late before.",
        "The union pointed the finger at the operator's managers.",
    ],
)
def test_calls_and_points_that_are_speech_stay(text: str) -> None:
    found = acts(text)
    assert found and found[0][0] == "speech", found


def test_a_study_speaks_for_the_institute_that_made_it() -> None:
    text = "A study published on Tuesday by the Marine Institute found that ferry traffic had doubled."
    found = quotegraph.extract(text, keep_text=True)["statements"]
    assert found and found[0]["act"] == "finding"
    assert found[0]["speaker"]["name"] == "Marine Institute" and found[0]["channel"] == "study"


def test_act_of_circular_continuations_ends() -> None:
    # two cue-less quotes that continue each other (the train split has such a pair) must not recurse forever
    from quotegraph.extraction.attribute.acts import act_of
    from quotegraph.extraction.attribute.found import Found

    a = Found(kind="direct", start=0, end=5)
    b = Found(kind="direct", start=10, end=15, inherit=a)
    a.inherit = b
    assert act_of(a) == "speech"
