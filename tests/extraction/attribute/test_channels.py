"""Channels named in full: hyphenated outlet names, an outlet told directly, media named by an adjective."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import the_statement

pytestmark = pytest.mark.model

Ext = Callable[[str], dict[str, Any]]

CASES = [
    ('"The road is closed," the mayor said in an interview with WXIA-TV.', "road is closed", "WXIA-TV"),
    (
        '"The vote is final," Ray Moss said in an interview with the Atlanta Journal-Constitution.',
        "vote is final",
        "Atlanta Journal-Constitution",
    ),
    ('"We will appeal," Anna Novak told Czech TV on Sunday.', "We will appeal", "Czech TV"),
    ('"Nothing has changed," the senator wrote on social media.', "Nothing has changed", "social media"),
    ('"It was a fair trial," the lawyer said in an interview with Fox News.', "fair trial", "Fox News"),
    ('"The pier is safe," Lena Ortiz said on state television.', "pier is safe", "state television"),
]


@pytest.mark.parametrize(("text", "fragment", "channel"), CASES, ids=[c[2] for c in CASES])
def test_channel_is_named_in_full(ext: Ext, text: str, fragment: str, channel: str) -> None:
    assert the_statement(ext(text), fragment)["channel"] == channel


def test_an_outlet_told_is_a_channel_not_an_addressee(ext: Ext) -> None:
    st = the_statement(ext('"We will appeal," Anna Novak told Czech TV on Sunday.'), "We will appeal")
    assert st["addressee"] is None


def test_a_hyphen_between_spaces_does_not_join_names(ext: Ext) -> None:
    st = the_statement(ext('"It is over," Sam Ruiz told Reuters - and then he left.'), "It is over")
    assert st["channel"] == "Reuters"
