"""Quotation marks that frame no one's words: programme titles, markup attribute values; and quotations
typed with mixed marks, which still count as closed. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from quotegraph.extraction.attribute.quotes import marks_balanced


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ('it would take "two more weeks" first', True),
        ("it would take \u201ctwo more weeks\u201d first", True),
        ('it would take "two more weeks\u201d first', True),
        ("it would take ``two more weeks'' first", True),
        ('it would take "two more weeks', False),
        ("it would take \u201ctwo more weeks", False),
        ("two more weeks\u201d before", False),
        ("no marks at all", True),
    ],
)
def test_marks_balanced(text: str, balanced: bool) -> None:
    assert marks_balanced(text) is balanced


def _texts(result: dict[str, Any], kind: str | None = None) -> list[str]:
    return [s["text"] for s in result["statements"] if kind in (None, s["kind"])]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Senator Ada Kim told NBC\u2019s \u201cHarbour Morning\u201d on Friday that the bill would pass easily.",
        'Speaking on "Week in Review," Mayor Dan Price said the new pier would open in May.',
        "On this weekend\u2019s broadcast of \u201cSunday Harbour Report,\u201d Governor Lee said the tax would stay.",
    ],
)
def test_a_programme_title_is_no_partial_quote(ext: Callable[[str], dict[str, Any]], text: str) -> None:
    result = ext(text)
    assert not [t for t in _texts(result, "partial") if t[:1].isupper() and len(t) < 25]
    assert any("would" in t for t in _texts(result, "indirect"))


@pytest.mark.model
def test_a_capitalised_phrase_someone_used_is_still_a_partial_quote(
    ext: Callable[[str], dict[str, Any]],
) -> None:
    result = ext(
        "Mayor Dan Price called the harbour deal \u201cHighway Robbery\u201d at a meeting on Monday."
    )
    assert any("Highway Robbery" in t for t in _texts(result))


@pytest.mark.model
def test_a_markup_attribute_value_is_no_quotation(ext: Callable[[str], dict[str, Any]]) -> None:
    text = (
        'Mayor Dan Price said the pier would open in May. "We are ready," he said.\n\n'
        '<tweet tweet-id="783499116076687360"></tweet>\n\n'
        '<tweet tweet-id="783491630540001280"></tweet>'
    )
    texts = _texts(ext(text))
    assert "We are ready," in texts
    assert not [t for t in texts if t.isdigit()]


@pytest.mark.model
def test_a_quotation_typed_with_mixed_marks_stays_in_its_clause(ext: Callable[[str], dict[str, Any]]) -> None:
    result = ext('The mayor said that the repairs would need "two more weeks\u201d before the pier opens.')
    assert any(t.endswith("before the pier opens") for t in _texts(result, "indirect"))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "ending"),
    [
        (
            "The coach said the referees are to blame for listening to \u201cwe want a penalty, we want a goal.\u201d",
            "\u201cwe want a penalty, we want a goal.\u201d",
        ),
        (
            'The auditor said the figures were "plainly wrong" in every county of the state.',
            "in every county of the state",
        ),
    ],
)
def test_a_reported_clause_runs_through_the_quotation_that_continues_it(
    ext: Callable[[str], dict[str, Any]], text: str, ending: str
) -> None:
    assert any(t.endswith(ending) for t in _texts(ext(text), "indirect"))


@pytest.mark.model
def test_a_quotation_after_a_sentence_break_stays_apart(ext: Callable[[str], dict[str, Any]]) -> None:
    text = 'The mayor said the pier would open in May.\n\n"We are ready," she said.'
    (indirect,) = [s for s in ext(text)["statements"] if s["kind"] == "indirect"]
    assert indirect["text"] == "the pier would open in May"


@pytest.mark.model
def test_continued_and_reads_frame_the_quotation_beside_them(ext: Callable[[str], dict[str, Any]]) -> None:
    text = (
        "\u201cWe will rebuild the pier,\u201d Mayor Dan Price said on Monday. Councillor Ada Kim also spoke. "
        "\u201cWe have the money,\u201d she continued.\n\n"
        "The council wrote to the governor. \u201cWe ask for your help with the harbour,\u201d the letter reads."
    )
    by_text = {s["text"]: s for s in ext(text)["statements"]}
    money = by_text["We have the money,"]
    assert money["cue"]["lemma"] == "continue" and money["speaker"]["text"] == "she"
    assert money["speaker"]["name"] == "Ada Kim"
    letter = by_text["We ask for your help with the harbour,"]
    assert letter["cue"]["lemma"] == "read" and letter["speaker"]["text"] == "the letter"


@pytest.mark.model
def test_continued_and_read_report_nothing_without_a_quotation(ext: Callable[[str], dict[str, Any]]) -> None:
    result = ext(
        'Councillor Ada Kim continued to work on the plan. "It is late," she said, and read the note.'
    )
    assert [s["cue"]["lemma"] for s in result["statements"] if s["cue"]] == ["say"]
