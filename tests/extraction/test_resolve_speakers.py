"""resolve: the rules that name pronoun, descriptor and document speakers (spaCy model)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import the_statement

pytestmark = pytest.mark.model

Ext = Callable[[str], dict[str, Any]]


def test_epithet_before_a_full_name_is_not_part_of_it(ext: Ext) -> None:
    text = (
        "Mary Lowell spoke in Dayton on Monday. "
        '"It is harder than beating Crooked Mary Lowell," her rival said. "We will win Ohio," Lowell said.'
    )
    st = the_statement(ext(text), "We will win Ohio")
    assert st["speaker"]["name"] == "Mary Lowell"


@pytest.mark.parametrize(
    ("text", "fragment", "name"),
    [
        (
            "Harlow Steel cut 400 jobs at its plant in Dunmore. The company said demand had collapsed.",
            "demand had collapsed",
            "Harlow Steel",
        ),
        (
            "The Ostrava Miners Union called a strike on Monday. The union said talks had failed.",
            "talks had failed",
            "Ostrava Miners Union",
        ),
        (
            "The story was first reported by The Daily Herald. The newspaper said the mayor had resigned.",
            "the mayor had resigned",
            "Daily Herald",
        ),
    ],
    ids=["company-subject", "union-in-name", "newspaper-outlet"],
)
def test_organisation_descriptor_resolves_to_the_named_organisation(
    ext: Ext, text: str, fragment: str, name: str
) -> None:
    st = the_statement(ext(text), fragment)
    assert st["speaker"]["name"] == name
    assert st["speaker"]["named"] is True


def test_company_is_not_a_department_named_before(ext: Ext) -> None:
    text = "The Commerce Department opened an inquiry on Monday. The company said it would cooperate."
    st = the_statement(ext(text), "cooperate")
    assert st["speaker"]["name"] != "Commerce Department"


@pytest.mark.parametrize(
    ("text", "fragment", "name"),
    [
        (
            'The Foreign Ministry of Norland issued a statement on Friday. "The detention is unlawful," '
            "the statement said.",
            "detention is unlawful",
            "Foreign Ministry of Norland",
        ),
        (
            "A web video by the Green Alliance says the mayor ignored the floods.",
            "ignored the floods",
            "Green Alliance",
        ),
        (
            "A Lindqvist Institute poll was released on Sunday. Most voters favour the plan, "
            "according to the poll.",
            "Most voters favour",
            "Lindqvist Institute",
        ),
    ],
    ids=["issued-a-statement", "by-phrase", "poll-chain"],
)
def test_document_speaks_for_its_issuer(ext: Ext, text: str, fragment: str, name: str) -> None:
    st = the_statement(ext(text), fragment)
    assert st["speaker"]["name"] == name
    assert st["speaker"]["named"] is True


def test_document_with_no_issuer_is_unnamed(ext: Ext) -> None:
    st = the_statement(ext("A new report says the river is polluted."), "river is polluted")
    assert st["speaker"]["named"] is False


@pytest.mark.parametrize(
    ("text", "fragment", "name"),
    [
        (
            "Sen. Tom Barrow spoke in Topeka on Monday. Later the senator said the bill was dead.",
            "the bill was dead",
            "Tom Barrow",
        ),
        (
            "Carol Pines says the audit was unfair. The Ohio governor said her staff did nothing wrong.",
            "did nothing wrong",
            "Carol Pines",
        ),
    ],
    ids=["role-held-by-one-person", "role-points-back-to-the-subject"],
)
def test_person_descriptor_resolves_to_the_person(ext: Ext, text: str, fragment: str, name: str) -> None:
    st = the_statement(ext(text), fragment)
    assert st["speaker"]["name"] == name


def test_descriptor_with_another_party_is_not_that_person(ext: Ext) -> None:
    text = (
        "Republican nominee Tom Barrow spoke in Topeka on Monday. "
        "The Democratic nominee said the bill was dead."
    )
    st = the_statement(ext(text), "the bill was dead")
    assert st["speaker"]["name"] != "Tom Barrow"


def test_descriptor_naming_an_organisation_needs_the_tie(ext: Ext) -> None:
    text = "Tom Barrow spoke in Topeka on Monday. The NASA director said the launch would slip."
    st = the_statement(ext(text), "the launch would slip")
    assert st["speaker"]["name"] != "Tom Barrow"
    assert st["speaker"]["named"] is False


def test_pronoun_is_not_the_person_its_clause_names(ext: Ext) -> None:
    text = (
        "Tom Barrow met reporters with his press secretary, Josh Martin, on Monday. "
        "He said Barrow hopes the bill will pass."
    )
    st = the_statement(ext(text), "hopes the bill will pass")
    assert st["speaker"]["name"] == "Josh Martin"


def test_pronoun_does_not_cross_a_section_break(ext: Ext) -> None:
    text = "Tom Barrow spoke in Topeka.\n\n___\n\nHe said the bill was dead."
    st = the_statement(ext(text), "the bill was dead")
    assert st["speaker"]["named"] is False


def test_they_is_not_a_place(ext: Ext) -> None:
    text = "The storm hit Chicago on Monday. They said the roads would stay closed."
    st = the_statement(ext(text), "roads would stay closed")
    assert st["speaker"]["name"] != "Chicago"


def test_person_noun_headed_phrase_is_not_the_modifying_name(ext: Ext) -> None:
    text = "Mary Lowell spoke in Dayton. Lowell supporters said the rally was a success."
    st = the_statement(ext(text), "the rally was a success")
    assert st["speaker"]["named"] is False


def test_pronoun_prefers_the_main_clause_subject(ext: Ext) -> None:
    text = (
        "Jane Pratt said she would sue. Mary Lowell is describing as unfair a tweet attacking Jane Pratt. "
        "She says the tweet was cruel."
    )
    st = the_statement(ext(text), "the tweet was cruel")
    assert st["speaker"]["name"] == "Mary Lowell"


def test_unresolved_role_phrase_is_not_an_introduction(ext: Ext) -> None:
    # the first 'the nominee' names no one; it does not make the second an unnamed speaker
    text = (
        "The nominee said the rally was a success. Tom Barrow says he has big plans for October. "
        "The nominee noted that the campaign would buy more ads."
    )
    st = the_statement(ext(text), "buy more ads")
    assert st["speaker"]["name"] == "Tom Barrow"


def test_party_group_is_an_unnamed_speaker(ext: Ext) -> None:
    st = the_statement(ext("Republicans said the budget was reckless."), "the budget was reckless")
    assert st["speaker"]["text"] == "Republicans"
    assert st["speaker"]["named"] is False


def test_capitalised_role_word_is_not_a_name(ext: Ext) -> None:
    text = "Tom Barrow won the primary on Tuesday. The Republican said the result was a mandate."
    st = the_statement(ext(text), "the result was a mandate")
    assert st["speaker"]["name"] == "Tom Barrow"


def test_party_organisation_in_a_role_phrase_is_a_party_not_a_tie(ext: Ext) -> None:
    text = (
        "The GOP won the state in 2012. Tom Barrow says he will win it again. "
        "The GOP nominee said turnout would be high."
    )
    st = the_statement(ext(text), "turnout would be high")
    assert st["speaker"]["name"] == "Tom Barrow"
