"""clean: plain-text and markdown articles into a body and metadata."""

from __future__ import annotations

import pytest

from quotegraph.extraction.clean.document import clean_document
from quotegraph.extraction.clean.text import article_id, clean_text, guess_language, publisher_from_url
from quotegraph.model import RawDocument

BODY = (
    "The river authority opened the new flood barrier on Tuesday after three years of work.\n\n"
    "Engineers said the barrier could hold back a surge two metres higher than the record of 1953.\n\n"
    "The barrier cost 410 million euros and will be tested again in the autumn."
)
LAST_BODY_WORDS = "tested again in the autumn."


def test_header_zone_title_byline_date_into_metadata() -> None:
    raw = (
        "Flood Barrier Opens on the River\n\nBy Jane Doe and Mark Smith\n\nPublished: March 4, 2024\n\n"
        + BODY
    )
    c = clean_text(raw)
    assert c.title == "Flood Barrier Opens on the River"
    assert c.authors == ["Jane Doe", "Mark Smith"]
    assert c.published == "2024-03-04"
    assert c.text == BODY


def test_markdown_byline_link_and_heading_title() -> None:
    raw = (
        "# Flood barrier opens\n\nBy [Ola Nordmann](https://example.org/staff/ola)\n\n4 March 2024\n\n" + BODY
    )
    c = clean_text(raw)
    assert c.title == "Flood barrier opens"
    assert c.authors == ["Ola Nordmann"]
    assert c.published == "2024-03-04"
    assert c.text.startswith("The river authority")


def test_byline_that_is_a_sentence_is_not_a_byline() -> None:
    raw = "By the end of the week the river had fallen by a metre.\n\n" + BODY
    c = clean_text(raw)
    assert c.authors == []
    assert c.text.startswith("By the end of the week")


def test_markdown_links_keep_words_drop_targets() -> None:
    raw = (
        "The [river authority](https://example.org/ra) opened the [barrier](#) on Tuesday, "
        "![a photo](img/x.jpg)as **planned** since 2021."
    )
    c = clean_text(raw)
    assert c.text == "The river authority opened the barrier on Tuesday, as planned since 2021."


def test_original_url_footer_same_line_and_next_line() -> None:
    same = clean_text(BODY + "\n\nOriginal url: https://news.example.org/a/1")
    assert same.url == "https://news.example.org/a/1"
    assert same.text == BODY
    after = clean_text(BODY + "\n\nOriginal url:\n\n<https://news.example.org/a/2>")
    assert after.url == "https://news.example.org/a/2"
    assert after.text == BODY


def test_contact_line_removed_everywhere_else_kept() -> None:
    raw = BODY + "\n\nContact the author at j.doe@example.org\n\nFollow her on Twitter @janedoe"
    c = clean_text(raw)
    assert c.text == BODY
    assert "Contact the author at j.doe@example.org" in c.removed


def test_email_inside_a_sentence_of_the_story_is_kept() -> None:
    line = (
        "Residents who want to object to the barrier's second phase were told by the authority to write "
        "to objections@example.org before the public hearing in May, a deadline critics called too short."
    )
    c = clean_text(BODY + "\n\n" + line)
    assert c.text.endswith(line)


APPEALS = {
    "dear-readers-donation": (
        "Dear readers,\n\nWe are an independent newsroom funded by people like you. "
        "Please support us with a donation today.\n\nRemind me later"
    ),
    "become-member": (
        "Before you go\n\nOur reporters cover the river towns nobody else covers. If you value this work, "
        "please consider a small monthly gift.\n\nBecome a supporter"
    ),
    "dear-friends-gift": "Dear friends,\n\nWe rely on readers like you. Make a donation and keep our newsroom open.",
    "independent-journalism": (
        "Independent journalism costs money. We need your support to keep reporting from the valley. "
        "Every contribution, however small, helps."
    ),
    "newsletter-thanks": (
        "Thank you for reading. If you want more stories like this, sign up for our weekly newsletter "
        "and support our work."
    ),
}


@pytest.mark.parametrize("appeal", list(APPEALS.values()), ids=list(APPEALS))
def test_reader_appeal_after_body_is_removed(appeal: str) -> None:
    c = clean_text(BODY + "\n\n" + appeal)
    assert c.text == BODY
    assert c.text.endswith(LAST_BODY_WORDS)


def test_reader_appeal_without_donation_keywords_is_removed() -> None:
    appeal = "Help us keep going: we are funded by readers, not advertisers. Chip in what you can today."
    c = clean_text(BODY + "\n\n" + appeal)
    assert c.text == BODY


@pytest.mark.parametrize(
    "ending",
    [
        "Residents whose homes were flooded can apply for compensation at their town hall until May, the "
        "authority said. You can also call the free helpline, which is open every day.",
        "Have you been affected by the floods? The authority says you can claim compensation until May, and "
        "our reporters will follow the claims.",
    ],
)
def test_ending_that_talks_to_readers_but_is_not_an_appeal_is_kept(ending: str) -> None:
    c = clean_text(BODY + "\n\n" + ending)
    assert c.text == BODY + "\n\n" + ending


def test_appeal_alone_is_not_removed_when_it_is_the_whole_text() -> None:
    """Nothing before it: the 'appeal' is the article; removing it would leave nothing."""
    text = "Dear readers, please donate to keep our newsroom open."
    assert clean_text(text).text == text


def test_sentence_broken_by_a_blank_line_is_repaired() -> None:
    raw = (
        BODY + "\n\nThe voice of a harbour pilot can be heard on the recording, describing the ships that\n\n"
        "were stuck outside the port for two days."
    )
    c = clean_text(raw)
    assert c.text == BODY + "\n\n" + (
        "The voice of a harbour pilot can be heard on the recording, describing the ships that "
        "were stuck outside the port for two days."
    )


def test_paragraphs_that_end_properly_are_not_joined() -> None:
    raw = "The port reopened on Monday after the long storm.\n\nthe ferries, however, stayed in the harbour."
    assert clean_text(raw).text == raw


def test_headings_are_kept_and_listed_as_blocks() -> None:
    raw = (
        BODY + "\n\nWhat Comes Next\n\nThe authority will publish the test results in June.\n\n"
        "Money Questions\n\nThe budget was overrun by a fifth."
    )
    c = clean_text(raw)
    headings = [c.text[b.start : b.end] for b in c.blocks if b.kind == "heading"]
    assert headings == ["What Comes Next", "Money Questions"]
    assert "What Comes Next" in c.text


def test_short_sentence_paragraph_is_not_a_heading() -> None:
    raw = BODY + "\n\nNobody was hurt.\n\nThe barrier will be closed again in March."
    assert clean_text(raw).blocks == []


def test_article_id_is_stable_under_whitespace_and_case_of_spacing() -> None:
    a = article_id("The port reopened.\n\nFerries sailed again.")
    b = article_id("  The port   reopened.\r\nFerries\tsailed again.  ")
    c = article_id("The port reopened. Ferries sailed again!")
    assert a == b
    assert a != c
    assert len(a) == 16 and all(ch in "0123456789abcdef" for ch in a)


def test_clean_document_metadata_priority_and_keep_text() -> None:
    raw_text = (
        "Barrier Opens\n\nBy Jane Doe\n\n2024-03-04\n\n"
        + BODY
        + "\n\nOriginal url: https://www.riverpost.example/x"
    )
    raw = RawDocument(source="s", text=raw_text, title="Given Title", authors=["Given Author"])
    art = clean_document(raw)
    assert art.title == "Given Title"
    assert art.authors == ["Given Author"]
    assert art.published == "2024-03-04"
    assert art.url == "https://www.riverpost.example/x"
    assert art.text == BODY
    assert art.id == article_id(BODY)
    assert art.language == "en"
    kept = clean_document(raw, keep_text=True)
    assert kept.text == raw_text
    assert kept.blocks == []
    assert kept.id == article_id(raw_text)


def test_publisher_from_url() -> None:
    text = "Reporting for The Riverpost Times, our correspondent visited the barrier."
    assert publisher_from_url("https://www.theriverposttimes.example/a", text) == "The Riverpost Times"
    assert publisher_from_url("https://www.riverpost.example/a") == "riverpost.example"
    assert publisher_from_url("https://m.riverpost.example/a") == "riverpost.example"
    assert publisher_from_url(None) is None


def test_publisher_named_in_text_with_the_but_site_without() -> None:
    text = "The senator told The Washington Post on Monday that she would run again."
    assert publisher_from_url("https://www.washingtonpost.com/x", text) in (
        "The Washington Post",
        "Washington Post",
    )


def test_guess_language() -> None:
    assert guess_language(BODY) == "en"
    assert guess_language("Der Fluss ist heute sehr hoch und die Stadt wartet auf Regen.") is None
    assert guess_language("Hi.") is None
