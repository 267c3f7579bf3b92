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
