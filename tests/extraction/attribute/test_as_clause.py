"""A cue in an 'as' clause ('As the mayor noted, ...', '..., as experts have pointed out') reports the
clause it hangs on, and a date after a cue is when, not what. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.model


def _statements(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (s["text"], (s["speaker"] or {}).get("text") or "", (s["cue"] or {}).get("lemma") or "")
        for s in result["statements"]
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "As Mayor Dan Price noted on Monday, the new pier will pay for itself within ten years.",
            "the new pier will pay for itself within ten years",
            "Mayor Dan Price",
        ),
        (
            "The new pier will pay for itself within ten years, as Mayor Dan Price has pointed out.",
            "The new pier will pay for itself within ten years",
            "Mayor Dan Price",
        ),
    ],
)
def test_an_as_clause_reports_the_clause_it_hangs_on(
    ext: Callable[[str], dict[str, Any]], text: str, content: str, speaker: str
) -> None:
    assert (content, speaker) in [(c, s) for c, s, _ in _statements(ext(text))]


def test_an_as_clause_of_time_reports_nothing(ext: Callable[[str], dict[str, Any]]) -> None:
    assert (
        _statements(ext("As Mayor Dan Price walked to the pier, the crowd cheered for the new ferry.")) == []
    )


def test_a_date_after_the_cue_is_no_content(ext: Callable[[str], dict[str, Any]]) -> None:
    got = _statements(ext("Mayor Dan Price commented on Monday."))
    assert not [c for c, _, _ in got if c == "Monday"]
