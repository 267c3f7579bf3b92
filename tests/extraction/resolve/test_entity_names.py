"""Canonical names and descriptors of one article's entities, on articles written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from quotegraph.extraction.resolve.entities import (
    Ent,
    _acronym_led,
    _extends_on_the_left,
    _extends_on_the_right,
    _surname,
    is_role,
)

Result = dict[str, Any]


def test_headline_words_after_a_full_name_are_not_the_name() -> None:
    ent = Ent(type="PERSON", names=["Nora Vance Apologizes", "Nora Vance", "Vance"])
    assert ent.name == "Nora Vance"
    assert _extends_on_the_right("Vance Speech", ["Vance Speech", "Nora Vance", "Vance"])


def test_a_suffix_after_a_full_name_is_the_name() -> None:
    ent = Ent(type="PERSON", names=["Robert T. Hale Jr.", "Robert T. Hale", "Hale"])
    assert ent.name == "Robert T. Hale Jr."


def test_a_verb_form_or_epithet_before_a_surname_is_not_the_name() -> None:
    assert _extends_on_the_left("Injecting Vance", ["Injecting Vance", "Nora Vance"])
    assert _extends_on_the_left("Crooked Nora Vance", ["Crooked Nora Vance", "Nora Vance"])
    assert not _extends_on_the_left("Reince Vance", ["Reince Vance", "Vance"])


def test_an_acronym_after_ordinary_words_is_no_surname() -> None:
    assert _acronym_led("Junge SVP") and _acronym_led("Friends of the ANC")
    assert not _acronym_led("Brent Bozell III") and not _acronym_led("HILLARY CLINTON")
    assert not _acronym_led("Clinton") and not _acronym_led("Robert T. Hale Jr.")


def test_a_surname_is_never_a_generational_suffix() -> None:
    assert _surname("L. Brent Bozell III") == "Bozell" and _surname("Robert T. Hale Jr.") == "Hale"
    assert _surname("Vance") == "Vance"


def test_roles_are_descriptors_and_other_nouns_are_not() -> None:
    assert is_role("Republican nominee") and is_role("head of the central bank") and is_role("senator")
    for text in ("woman", "liar", "events", "words", "close loopholes", "’s"):
        assert not is_role(text), text


def names(result: Result) -> dict[str, str]:
    return {e["name"]: e["type"] for e in result["entities"]}


@pytest.mark.model
def test_a_quantified_group_is_no_named_person(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Budget vote splits the council\n\n"
        'Many Democrats said the plan was unfair. "We will vote no," said Senator Alma Ruiz.\n'
    )
    assert not [n for n, t in names(r).items() if t == "PERSON" and "Democrats" in n]
    assert "Alma Ruiz" in names(r)


@pytest.mark.model
def test_a_possessor_and_a_handle_are_not_part_of_a_name(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Watchdog weighs in\n\n"
        "The Harbor Policy Institute's Dana Whitlock said the rules were too loose. "
        '"It is a giveaway," Whitlock said. She posted the same words on @danawhit.\n'
    )
    people = [n for n, t in names(r).items() if t == "PERSON"]
    assert "Dana Whitlock" in people, people
    assert not [n for n in people if "’s" in n or "'s" in n or "@" in n], people


@pytest.mark.model
def test_a_lone_given_name_joins_the_full_name(ext: Callable[[str], Result]) -> None:
    r = ext(
        "A neighbor remembers\n\n"
        'Melanie Shouse ran the food bank on Elm Street for a decade. "We never closed," she said.\n\n'
        'Her friends still talk about her. "Melanie never took a day off," said Tom Reyes, a volunteer.\n'
    )
    people = [n for n, t in names(r).items() if t == "PERSON"]
    assert "Melanie" not in people, people
    assert "Melanie Shouse" in people


@pytest.mark.model
def test_a_case_name_is_no_speaker(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Court hears the appeal\n\n"
        'In Hale v. Hale, the judge ruled for the city. "The law is clear," said Judge Omar Pike.\n'
    )
    assert not [n for n in names(r) if " v. " in n]


def speakers(result: Result) -> list[str | None]:
    return [(s["speaker"] or {}).get("name") for s in result["statements"]]


@pytest.mark.model
def test_a_given_name_that_looks_like_an_occupation_stays_in_the_name(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Appeal filed\n\n"
        'The appeal was filed by Oliver K. Tamsin, a lawyer for the port. "We will win," Mr. Tamsin said.\n\n'
        "The port's critics are led by Spencer Halloway III, who said the appeal was a delay.\n\n"
        'Footballer Tom Ridley said he would not comment. "I am retired," Ridley said.\n'
    )
    people = [n for n, t in names(r).items() if t == "PERSON"]
    assert "Oliver K. Tamsin" in people and "Spencer Halloway III" in people, people
    assert "Tom Ridley" in people, people  # an occupation before a full name is still a role
    assert "Halloway III" not in people and "K. Tamsin" not in people


@pytest.mark.model
def test_a_dateline_is_no_speaker(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Senator defends the plan\n\n"
        "PORTVILLE — Dana Whitlock argued during Saturday's council debate that the harbor plan was fair.\n"
    )
    assert "PORTVILLE" not in speakers(r) and "Portville" not in speakers(r), speakers(r)


@pytest.mark.model
def test_a_platform_and_an_acronym_named_group_are_organisations(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Posts removed\n\n"
        "In response, Twitter said it actively removed accounts that threatened the mayor.\n\n"
        'The youth wing Junge KVP said its poster would stay. "We will not apologise," Junge KVP said.\n'
    )
    types = names(r)
    assert types.get("Twitter") == "ORG", types
    assert types.get("Junge KVP") == "ORG", types


@pytest.mark.model
def test_a_bare_surname_goes_to_the_namesake_the_article_introduced_first(
    ext: Callable[[str], Result],
) -> None:
    r = ext(
        "The long road\n\n"
        "When presidential candidate Carla Brightwater strode onstage, the crowd cheered. Brightwater "
        "opened by recalling her years at the company. Her husband, Frank J. Brightwater, watched from the "
        'front row. "We never doubted her," Frank J. Brightwater said. "I was personally responsible," '
        "Brightwater said of the merger.\n"
    )
    said = dict(zip([s["text"] for s in r["statements"]], speakers(r), strict=True))
    assert said.get("I was personally responsible,") == "Carla Brightwater", said


@pytest.mark.model
def test_a_bare_surname_in_a_digest_item_goes_to_the_namesake_that_item_names(
    ext: Callable[[str], Result],
) -> None:
    r = ext(
        "Harbor news\n\n"
        "Independent candidate Lionel Varga opened his office in Dover on Monday.\n\n___.\n\n9:10 a.m.\n\n"
        "Port Authority chief Edith Varga says the new cranes will arrive in May. "
        '"We are ready for them," Varga said.\n'
    )
    said = dict(zip([s["text"] for s in r["statements"]], speakers(r), strict=True))
    assert said.get("We are ready for them,") == "Edith Varga", said


@pytest.mark.model
def test_a_full_name_found_only_by_speaker_naming_joins_the_bare_surname(
    ext: Callable[[str], Result],
) -> None:
    r = ext(
        "Video tests the mayor\n\n"
        "CHICAGO - Rahm Okafor may have hoped the tape would fade. Okafor fired his police chief on "
        'Tuesday.\n\nAfter casting doubt on an outside inquiry, Okafor said Thursday that the city "welcomes" '
        "a federal review.\n"
    )
    people = [n for n, t in names(r).items() if t == "PERSON"]
    assert "Okafor" not in people and "Rahm Okafor" in people, people


@pytest.mark.model
def test_a_city_that_acts_is_its_government_and_a_city_as_a_place_is_the_place(
    ext: Callable[[str], Result],
) -> None:
    r = ext(
        "The city of Tucson is demanding that the Dunmore campaign stop using photos of its firefighters.\n\n"
        "The city sent a letter on Thursday. It says the campaign broke the law.\n\n"
        "Crime fell last year in the city of Tucson.\n"
    )
    said = dict(zip([s["text"] for s in r["statements"]], speakers(r), strict=True))
    assert said.get("the campaign broke the law") == "City of Tucson", said
    types = names(r)
    assert types.get("City of Tucson") == "ORG" and types.get("Tucson") == "GPE", types


@pytest.mark.model
def test_the_last_word_of_an_organisation_named_in_full_is_that_organisation(
    ext: Callable[[str], Result],
) -> None:
    r = ext(
        "Paper wins records fight\n\n"
        "The Harbor City Ledger sued the port authority in March over its contracts. "
        "The Ledger said on Tuesday that the judge had ordered the records released. "
        '"This is a win for readers," the Ledger said in a statement.\n'
    )
    orgs = [n for n, t in names(r).items() if t == "ORG"]
    assert "Ledger" not in orgs, orgs
    assert "Harbor City Ledger" in orgs, orgs
    assert {speaker for speaker in speakers(r) if speaker} <= {"Harbor City Ledger"}, speakers(r)


@pytest.mark.model
def test_a_bare_word_two_organisations_end_in_stays_apart(ext: Callable[[str], Result]) -> None:
    r = ext(
        "Two papers, one story\n\n"
        "The Washington Post and the New York Post both reported the port deal on Monday. "
        "The Post said on Tuesday that the judge had ordered the records released.\n"
    )
    orgs = [n for n, t in names(r).items() if t == "ORG"]
    assert "Washington Post" in orgs and "New York Post" in orgs, orgs
    said = [s for s in r["statements"] if "judge" in s["text"]]
    assert said and all((s["speaker"] or {}).get("name") == "Post" for s in said), speakers(r)


def test_a_surname_is_no_short_form_of_an_organisation() -> None:
    """A bare word that is a person's surname, or the last word of a person's name the NER took for an
    organisation, or an acronym, never joins an organisation it ends."""
    import spacy

    from quotegraph.extraction.resolve.entities import ArticleEntities

    arts = ArticleEntities(spacy.blank("en")("x"))
    arts.ents = [Ent(type="ORG", names=["PORTVILLE - Bernie Hale"]), Ent(type="ORG", names=["Junge KVP"])]
    assert arts._shortens_one_organisation(["Hale"]) is None
    assert arts._shortens_one_organisation(["KVP"]) is None
    arts.ents.append(Ent(type="ORG", names=["Harbor City Ledger"]))
    assert arts._shortens_one_organisation(["Ledger"]) is arts.ents[-1]
    arts.ents.append(Ent(type="PERSON", names=["Ann Ledger"]))
    assert arts._shortens_one_organisation(["Ledger"]) is None
