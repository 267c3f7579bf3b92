"""clean_html on small invented pages: what each metadata source gives, and hostile input."""

from __future__ import annotations

import json

import pytest

from quotegraph.errors import InputError
from quotegraph.extraction.clean.authors import clean_authors
from quotegraph.extraction.clean.title import strip_site
from quotegraph.extraction.clean.webpage import clean_html
from quotegraph.model import RawDocument

BODY = "".join(
    f"<p>The harbour council voted on the new ferry timetable on day {i}, after residents of the "
    f"island spent the whole autumn asking for later evening crossings and cheaper weekly passes.</p>"
    for i in range(8)
)


def page(head: str = "", top: str = "", lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f'<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
        f"<main><article>{top}{BODY}</article></main><footer>Copyright Example</footer></body></html>"
    )


def jsonld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def read(html: str) -> object:
    return clean_html(RawDocument(source="test", html=html))


def test_jsonld_author_list_date_and_headline() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Ferry timetable changes after island vote",
        "datePublished": "2024-03-05T09:30:00-05:00",
        "author": [
            {"@type": "Person", "name": "Maren Holt"},
            {"@type": "Person", "name": "Tomas Ruiz"},
            {"@type": "Organization", "name": "Harbour Gazette"},
        ],
        "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
    }
    article = read(page(jsonld(ld), "<h1>Ferry timetable changes after island vote</h1>"))
    assert article.title == "Ferry timetable changes after island vote"
    assert article.authors == ["Maren Holt", "Tomas Ruiz"]
    assert article.published == "2024-03-05"
    assert article.publisher == "Harbour Gazette"
    assert article.language == "en"
    assert "ferry timetable" in article.text


def test_jsonld_inside_graph_with_single_author_object() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Harbour Gazette"},
            {
                "@type": ["ReportageNewsArticle"],
                "headline": "Night ferries return in April",
                "author": {"@type": "Person", "name": "Ilse &amp; Co"},
                "datePublished": "2024-02-01",
            },
        ],
    }
    article = read(page(jsonld(ld)))
    assert article.title == "Night ferries return in April"
    assert article.published == "2024-02-01"
    assert article.authors == []  # 'Ilse & Co' is not a person's name


def test_og_title_suffix_stripped_when_it_names_the_site() -> None:
    head = (
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<meta property="og:title" content="Island votes for later ferries | Harbour Gazette">'
        '<meta property="article:published_time" content="2024-01-10T08:00:00Z">'
        '<meta name="author" content="By Maren Holt | maren@example.org">'
        "<title>Island votes for later ferries - Harbour Gazette</title>"
    )
    article = read(page(head))
    assert article.title == "Island votes for later ferries"
    assert article.published == "2024-01-10"
    assert article.authors == ["Maren Holt"]


def test_h1_wins_over_seo_title_when_confirmed() -> None:
    head = '<meta property="og:title" content="Ferries: what the vote means for you">'
    article = read(page(head, "<h1>What the ferry vote means for island residents</h1>"))
    assert article.title == "What the ferry vote means for island residents"


def test_h1_section_label_dropped() -> None:
    head = '<meta property="og:title" content="Island votes for later ferries">'
    article = read(page(head, "<h1>Transport | Island votes for later ferries</h1>"))
    assert article.title == "Island votes for later ferries"


def test_strip_site_prefix_and_suffix() -> None:
    sites = ["Harbour Gazette", "@harbourgazette"]
    assert strip_site("Harbour Gazette - Island votes", sites) == "Island votes"
    assert strip_site("Island votes | Transport | HarbourGazette.com", sites) == "Island votes | Transport"
    assert strip_site("Gun-wielding man arrested", sites) == "Gun-wielding man arrested"


def test_visible_byline_when_nothing_is_declared() -> None:
    top = (
        "<h1>Island votes for later ferries</h1>"
        '<div class="byline-section"><span class="author"><a href="/staff/12/maren-holt/">Maren Holt</a>'
        '</span> Harbour Gazette</div><time datetime="2024-01-09T22:00:00-05:00">Jan. 9, 2024</time>'
    )
    head = '<meta property="article:published_time" content="2024-01-10T03:00:00Z">'
    article = read(page(head, top))
    assert article.authors == ["Maren Holt"]
    # the page shows local time under the headline; the metadata is UTC, a day later
    assert article.published == "2024-01-09"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Maren Holt and Tomas Ruiz"], ["Maren Holt", "Tomas Ruiz"]),
        (["Maren Holt, Politics Reporter"], ["Maren Holt"]),
        (["Maren Holt - Contributing Writer"], ["Maren Holt"]),
        (["Robert E. Lane, Ph.D."], ["Robert E. Lane, Ph.D."]),
        (["['Maren Holt', 'Tomas Ruiz']"], ["Maren Holt", "Tomas Ruiz"]),
        (["MAREN HOLT, TOMAS RUIZ"], ["Maren Holt", "Tomas Ruiz"]),
        (["Maren Holt", "maren holt"], ["Maren Holt"]),
        (["Harbour Gazette"], []),
        (["Associated Press"], []),
        (["Staff reports"], []),
        (["Updated Jan 9"], []),
        (["https://example.org/people/maren-holt"], []),
        (["maren@example.org"], []),
        (["Jan de Vries"], ["Jan de Vries"]),
    ],
)
def test_byline_cleaning(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw, ["Harbour Gazette"]) == expected


def test_site_name_as_author_is_dropped() -> None:
    head = (
        '<meta property="og:site_name" content="Perez Example"><meta name="author" content="Perez Example">'
    )
    assert read(page(head)).authors == []


def test_broken_jsonld_is_ignored() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    head += '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
    article = read(page(head, "<h1>Island votes for later ferries</h1>"))
    assert article.title == "Island votes for later ferries"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\x03" * 200,
        "\ufffd" * 500,
        "<html><head></head><body></body></html>",
        "<!-- -->",
    ],
)
def test_empty_or_junk_raises_input_error(html: str) -> None:
    with pytest.raises(InputError) as info:
        read(html)
    assert "\n" not in str(info.value)


def test_none_html_raises_input_error() -> None:
    with pytest.raises(InputError):
        clean_html(RawDocument(source="none", html=None))


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_html_does_not_crash(depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + BODY + "</div>" * depth + "</body></html>"
    try:
        article = read(html)
    except InputError:
        return
    assert article.text


def test_keep_text_returns_trafilatura_text() -> None:
    article = clean_html(RawDocument(source="t", html=page()), keep_text=True)
    assert article.text.count("harbour council") == 8
