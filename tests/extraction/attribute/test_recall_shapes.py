"""Shapes of attribution the rules build only when the packaged cue model backs the cue: infinitival
complements, passives with an agent, noun cues. Sentences written for these tests."""

from __future__ import annotations

import pytest

import quotegraph

pytestmark = pytest.mark.model


def statements(text: str) -> list[tuple[str, str, str]]:
    """(content, speaker name, cue text) of every statement."""
    out = quotegraph.extract(text, keep_text=True)["statements"]
    return [
        (s["text"], (s["speaker"] or {}).get("name") or "", (s["cue"] or {}).get("text") or "") for s in out
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Governor Rita Vance wants to close the old ferry pier by next summer.",
            "to close the old ferry pier by next summer",
            "Rita Vance",
        ),
        (
            "The harbour board plans to sell the pier to a private operator.",
            "to sell the pier to a private operator",
            "harbour board",
        ),
    ],
)
def test_infinitival_complement_is_the_content(text: str, content: str, speaker: str) -> None:
    assert any(c == content and speaker in s for c, s, _ in statements(text))


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Senator Ada Kim was endorsed by the state teachers union on Friday.", "Senator Ada Kim", "union"),
        ("The plan was backed by the mayor and the city council last week.", "The plan", "mayor"),
    ],
)
def test_passive_with_agent_names_the_agent(text: str, content: str, speaker: str) -> None:
    assert any(c == content and speaker in s for c, s, _ in statements(text))


def test_noun_cue_with_owner_and_clause() -> None:
    got = statements("The mayor's promise to reopen the harbour pier by June drew cheers.")
    assert any(c == "to reopen the harbour pier by June" and cue == "promise" for c, _, cue in got)


def test_a_thing_with_a_by_phrase_or_a_noun_without_owner_is_no_statement() -> None:
    assert statements("The bridge was built by a local firm in 1990.") == []
    assert statements("The promise of cheaper fares drew cheers.") == []
