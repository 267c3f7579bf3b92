"""resolve/speakers: pronoun chains, who a 'he' or 'she' can be, and the person a 'who' stands for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import speaker_name, the_statement
from quotegraph.extraction.resolve.entities import Ent
from quotegraph.extraction.resolve.speakers import Resolver, _person_group

Ext = Callable[[str], dict[str, Any]]


@pytest.mark.parametrize(
    ("name", "want", "agrees"),
    [
        ("box", "f", False),
        ("medical problem", "m", False),
        ("doctor", "f", True),
        ("a local nurse", None, True),
        ("woman", "m", False),
        ("man", "f", False),
        ("woman", "f", True),
    ],
)
def test_only_a_person_group_is_a_he_or_she(name: str, want: str | None, agrees: bool) -> None:
    assert _person_group(Ent(type="GROUP", names=[name]), want) is agrees


@pytest.mark.parametrize(
    ("name", "agrees"), [("women", False), ("people", False), ("voters", False), ("committee", True)]
)
def test_it_is_no_plural_group(name: str, agrees: bool) -> None:
    assert Resolver._agrees(Ent(type="GROUP", names=[name]), None, False, True) is agrees


@pytest.mark.model
def test_a_pronoun_chain_reaches_past_the_window(ext: Ext) -> None:
    text = (
        "Dana Whitfield arrived in Leeds on Monday. She toured the old mill. She met the weavers. "
        "The weather was cold. The roads were closed. "
        '"We will come back in spring," she said.'
    )
    st = the_statement(ext(text), "We will come back in spring")
    assert speaker_name(st) == "Dana Whitfield"


@pytest.mark.model
def test_a_chain_does_not_cross_to_the_other_gender(ext: Ext) -> None:
    text = (
        "Mary Whitfield arrived in Leeds on Monday. She toured the old mill. She met the weavers. "
        "The weather was cold. The roads were closed. "
        '"We will come back in spring," he said.'
    )
    st = the_statement(ext(text), "We will come back in spring")
    assert speaker_name(st) != "Mary Whitfield"


@pytest.mark.model
def test_who_after_a_place_is_the_people_there(ext: Ext) -> None:
    text = (
        "The new tariff is likely to anger nervous farmers in Nebraska, who have argued that "
        "grain prices are already too low."
    )
    st = the_statement(ext(text), "grain prices are already too low")
    assert speaker_name(st) == "nervous farmers"
    assert st["speaker"]["text"] == "who"
    assert st["speaker"]["named"] is False


@pytest.mark.model
def test_the_campaign_is_the_one_this_item_names(ext: Ext) -> None:
    text = (
        "Marta Gilroy's campaign attacked the plan on Monday.\n\n___.\n\n2 p.m.\n\n"
        "A new ad from Owen Pardee's campaign was released on Tuesday. "
        "The campaign says the ad will air statewide."
    )
    st = the_statement(ext(text), "the ad will air statewide")
    assert "Pardee" in speaker_name(st)


@pytest.mark.model
def test_the_campaign_of_the_person_the_item_is_about(ext: Ext) -> None:
    text = (
        "Marta Gilroy's campaign attacked the plan on Monday.\n\n___.\n\n2 p.m.\n\n"
        "Owen Pardee plans to call on young people to join the reserve. "
        "The campaign says the senator will announce the program on Friday."
    )
    st = the_statement(ext(text), "will announce the program")
    assert speaker_name(st).endswith("Pardee campaign")
    assert st["speaker"]["named"] is True


@pytest.mark.model
def test_it_after_a_document_subject_is_the_documents_issuer(ext: Ext) -> None:
    text = (
        "A video from the Harlow Steel Company was posted on Monday. "
        "The video praises the Dunmore Workers Union. It says the plant will stay open."
    )
    st = the_statement(ext(text), "the plant will stay open")
    assert speaker_name(st) == "Harlow Steel Company"


@pytest.mark.model
def test_a_quoted_block_of_narration_gives_its_names_as_antecedents(ext: Ext) -> None:
    text = (
        "The Ledger profiled a voter in Ohio. The reporter Paul Ingram writes:\n\n"
        '"Marisol Duarte waited at the door for an hour. She was tired. She was cold.\n\n'
        "\u201cNobody listens to us here,\u201d she said."
    )
    st = the_statement(ext(text), "Nobody listens to us here")
    assert speaker_name(st) == "Marisol Duarte"


@pytest.mark.model
def test_a_speakers_own_long_quotation_names_no_antecedent(ext: Ext) -> None:
    text = (
        "Paul Ingram spoke to the council on Monday.\n\n"
        '"I met Marisol Duarte at the door. We talked for an hour.\n\n'
        "\u201cNobody listens to us here,\u201d she said."
    )
    st = the_statement(ext(text), "Nobody listens to us here")
    assert speaker_name(st) != "Marisol Duarte"


@pytest.mark.model
def test_a_stray_closing_quote_mark_is_no_section_break_nor_a_sentence(ext: Ext) -> None:
    text = (
        "Marisol Duarte waited at the door for an hour. She was tired.\n\n"
        '"The lights went out at noon."\n\n'
        "The crowd grew.\n\n"
        "\u201cNobody listens to us here,\u201d she said."
    )
    st = the_statement(ext(text), "Nobody listens to us here")
    assert speaker_name(st) == "Marisol Duarte"


@pytest.mark.model
def test_a_given_name_the_lists_lack_takes_its_gender_from_the_next_she(ext: Ext) -> None:
    text = (
        "Sarah Kolb chaired the meeting on Monday. Marisol Duarte arrived late. "
        "She was tired after the long drive.\n\n"
        "\u201cNobody listens to us here,\u201d she said."
    )
    st = the_statement(ext(text), "Nobody listens to us here")
    assert speaker_name(st) == "Marisol Duarte"


@pytest.mark.model
def test_the_bank_is_the_one_named_only_as_a_modifier(ext: Ext) -> None:
    text = (
        "Regulators fined the lender on Monday. In the Harlow Savings scandal, customers were charged "
        "fees they never agreed to. The bank said that it had repaid every customer."
    )
    st = the_statement(ext(text), "it had repaid every customer")
    assert speaker_name(st) == "Harlow Savings"


@pytest.mark.model
def test_the_bank_stays_unnamed_between_two_modifier_names(ext: Ext) -> None:
    text = (
        "In the Harlow Savings scandal and the Dunmore Financial merger, customers were charged fees they "
        "never agreed to. The bank said that it had repaid every customer."
    )
    st = the_statement(ext(text), "it had repaid every customer")
    assert speaker_name(st) not in ("Harlow Savings", "Dunmore Financial")


@pytest.mark.model
def test_a_role_phrase_before_the_naming_is_the_person_named_next(ext: Ext) -> None:
    text = (
        "Harbor news\n\n___.\n\n11:50 a.m.\n\n"
        "The Ohio state secretary is confirming that the port fund is not registered as a charity. "
        "But Secretary Marta Holloway isn't saying whether the fund broke the law."
    )
    st = the_statement(ext(text), "the port fund is not registered")
    assert speaker_name(st) == "Marta Holloway"


@pytest.mark.model
def test_a_role_phrase_is_not_a_person_named_later_with_another_title(ext: Ext) -> None:
    text = (
        "Harbor news\n\n___.\n\n11:50 a.m.\n\n"
        "The Ohio state secretary is confirming that the port fund is not registered as a charity. "
        "But Mayor Marta Holloway isn't saying whether the fund broke the law."
    )
    st = the_statement(ext(text), "the port fund is not registered")
    assert speaker_name(st) != "Marta Holloway"


@pytest.mark.model
def test_a_document_released_by_an_issuer_speaks_for_it_past_its_of_complement(ext: Ext) -> None:
    text = (
        "The council met on Monday to vote on the harbor budget. "
        "The transcript of the hearing released by the Harbor Commission shows that the mayor voted against it."
    )
    st = the_statement(ext(text), "the mayor voted against it")
    assert speaker_name(st) == "Harbor Commission"


@pytest.mark.model
def test_he_is_the_subject_who_spoke_not_the_man_he_met(ext: Ext) -> None:
    text = (
        '"We have had problems with the port in the past," Okafor said after meeting Prime Minister '
        "David Lund. He said the talks would go on."
    )
    st = the_statement(ext(text), "the talks would go on")
    assert speaker_name(st) == "Okafor"


@pytest.mark.model
def test_an_unnamed_role_subject_does_not_outrank_the_named_man(ext: Ext) -> None:
    text = (
        "Independent candidate Paul Ridley's doctor is calling the candidate fit.\n\n"
        "The former Ohio governor is a runner and has climbed many peaks. "
        "He said on Friday that his health was excellent."
    )
    st = the_statement(ext(text), "his health was excellent")
    assert speaker_name(st) == "Paul Ridley"
