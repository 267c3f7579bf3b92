"""resolve: entities within one article, and speakers named (spaCy model)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import entity, speaker_name, the_statement

pytestmark = pytest.mark.model

Ext = Callable[[str], dict[str, Any]]


def test_surname_alias_resolves_to_full_name(ext: Ext) -> None:
    text = (
        "Ramon Castillo, the port authority's director, defended the new fees on Monday. "
        '"Ships pay less here than anywhere else," Castillo said.'
    )
    result = ext(text)
    st = the_statement(result, "Ships pay less here")
    assert st["speaker"]["name"] == "Ramon Castillo"
    assert st["speaker"]["text"] == "Castillo"
    assert st["speaker"]["named"] is True
    ent = entity(result, st["speaker"]["entity"])
    assert ent["type"] == "PERSON"
    assert ent["name"] == "Ramon Castillo"
    assert "Castillo" in ent["aliases"]
    assert [text[s:e] for s, e in ent["mentions"]] == ["Ramon Castillo", "Castillo"]
    assert "port authority's director" in ent["descriptors"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "David Moreno met the protest leader, Sarah Klein, on Tuesday. "
            'Afterwards she wrote on Facebook: "He listened, but he promised nothing."',
            "Sarah Klein",
        ),
        (
            "Sarah Klein met the mayor, David Moreno, on Tuesday. "
            'Later he told reporters: "She made some fair points."',
            "David Moreno",
        ),
    ],
    ids=["she-not-the-subject", "he-not-the-subject"],
)
def test_pronoun_goes_to_the_antecedent_of_its_gender(ext: Ext, text: str, speaker: str) -> None:
    st = the_statement(ext(text), "")
    assert st["speaker"]["text"] in ("she", "he")
    assert speaker_name(st) == speaker


def test_pronoun_prefers_known_gender_over_unknown(ext: Ext) -> None:
    text = (
        "Lena Fischer and her brother Karl Fischer argued at the hearing. "
        'Later he told the court: "I never signed the contract."'
    )
    assert speaker_name(the_statement(ext(text), "never signed")) == "Karl Fischer"


def test_descriptor_speaker_resolves_to_the_described_person(ext: Ext) -> None:
    text = (
        "Daniel Hart was named head of the national weather service in 2019. "
        '"This will be the wettest spring in decades," the weather service chief said on Tuesday.'
    )
    result = ext(text)
    st = the_statement(result, "wettest spring")
    assert st["speaker"]["text"] == "the weather service chief"
    assert st["speaker"]["name"] == "Daniel Hart"
    assert st["speaker"]["named"] is True
    assert "head of the national weather service" in entity(result, st["speaker"]["entity"])["descriptors"]


def test_descriptor_with_no_matching_person_stays_unnamed(ext: Ext) -> None:
    text = (
        "Daniel Hart was named head of the national weather service in 2019. "
        '"The river will rise," the fire brigade chief said.'
    )
    st = the_statement(ext(text), "river will rise")
    assert speaker_name(st) != "Daniel Hart"


@pytest.mark.parametrize(
    ("text", "fragment", "name"),
    [
        (
            "A senior official said the talks had collapsed on Sunday.",
            "talks had collapsed",
            "senior official",
        ),
        ("Two diplomats said the next round had been cancelled.", "next round", "Two diplomats"),
        (
            "Local residents complained that the water had been off for days.",
            "water had been off",
            "Local residents",
        ),
    ],
)
def test_unnamed_speakers_are_groups(ext: Ext, text: str, fragment: str, name: str) -> None:
    result = ext(text)
    st = the_statement(result, fragment)
    assert st["speaker"]["named"] is False
    assert st["speaker"]["name"] == name
    group = entity(result, st["speaker"]["entity"])
    assert group["type"] == "GROUP"
    assert group["name"] == name


def test_same_unnamed_speaker_later_is_the_same_group(ext: Ext) -> None:
    text = (
        'A masked fighter appears in the recording. "We are coming," a fighter says. '
        '"Nobody can stop us," the fighter adds.'
    )
    result = ext(text)
    first = the_statement(result, "We are coming")
    second = the_statement(result, "Nobody can stop us")
    assert first["speaker"]["named"] is False and second["speaker"]["named"] is False
    assert first["speaker"]["entity"] == second["speaker"]["entity"]


def test_acronym_defined_in_the_text_joins_its_entity(ext: Ext) -> None:
    text = (
        "The Revolutionary Workers Front (RWF) claimed the attack on Monday. "
        "In a message online, the RWF said it would strike again."
    )
    result = ext(text)
    st = the_statement(result, "it would strike again")
    assert st["speaker"]["text"] == "the RWF"
    assert st["speaker"]["name"] == "Revolutionary Workers Front"
    ent = entity(result, st["speaker"]["entity"])
    assert ent["type"] == "ORG"
    assert ent["aliases"] == ["RWF"]
    # the full name, the bracketed definition and the later use
    assert len(ent["mentions"]) == 3


def test_acronym_of_initials_without_definition_joins(ext: Ext) -> None:
    text = (
        "The International Monetary Fund cut its forecast for the region on Tuesday. "
        "The IMF said growth would slow to 2 percent next year."
    )
    result = ext(text)
    names = {e["name"]: e for e in result["entities"]}
    assert "International Monetary Fund" in names
    assert "IMF" not in names
    assert "IMF" in names["International Monetary Fund"]["aliases"]
    st = the_statement(result, "growth would slow")
    assert st["speaker"]["name"] == "International Monetary Fund"


def test_entities_have_ids_and_sorted_valid_mentions(ext: Ext) -> None:
    text = "Anna Berg met Tomas Lind in Oslo. Berg later flew to Oslo again with Lind."
    result = ext(text)
    ids = [e["id"] for e in result["entities"]]
    assert len(ids) == len(set(ids))
    by_name = {e["name"]: e for e in result["entities"]}
    assert by_name["Anna Berg"]["type"] == "PERSON"
    assert [text[s:e] for s, e in by_name["Anna Berg"]["mentions"]] == ["Anna Berg", "Berg"]
    assert [text[s:e] for s, e in by_name["Tomas Lind"]["mentions"]] == ["Tomas Lind", "Lind"]
    assert by_name["Oslo"]["type"] == "GPE"
    assert len(by_name["Oslo"]["mentions"]) == 2
