"""A cue followed by an infinitive that is itself a cue ('declined to comment on X', 'seemed to mock X'):
the content is what the inner verb is about, as annotators take the verb chain as the cue; an object
before the infinitive ('urged voters to reject X') stays in. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Mayor Dan Price declined to comment on the report about the pier.", "the report about the pier"),
        ("Mayor Dan Price seemed to mock the plan for a second pier.", "the plan for a second pier"),
        (
            "Mayor Dan Price urged voters to reject the plan for a second pier.",
            "voters to reject the plan for a second pier",
        ),
    ],
)
def test_the_content_of_a_verb_chain(ext: Callable[[str], dict[str, Any]], text: str, content: str) -> None:
    assert content in [s["text"] for s in ext(text)["statements"]]
