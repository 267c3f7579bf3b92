"""Server-rendered pages: each renders, links to its JSON twin, highlights spans, and escapes all text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from web.conftest import EVIL


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside elements of a given class."""

    def __init__(self, cls: str | None = None) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cls, self.depth, self.texts, self.inside = cls, 0, [], False
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
        if self.cls and self.cls in (a.get("class") or "").split():
            self.texts.append("")
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "span":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        if self.inside and self.texts:
            self.texts[-1] += data


def parse(html: str, cls: str | None = None) -> Tags:
    p = Tags(cls)
    p.feed(html)
    return p


def evil(client: TestClient) -> dict:
    return client.get("/api/statements", params={"speaker": "Eve Mallory"}).json()["items"][0]


def kadyrov_quote(client: TestClient) -> dict:
    return client.get("/api/statements", params={"q": "answer threat", "outlet": "Interfax"}).json()["items"][
        0
    ]


def assert_no_active_markup(html: str) -> None:
    tags = parse(html)
    scripts = [a for t, a in tags.tags if t == "script"]
    assert all(a.get("src", "").startswith("/static/") for a in scripts), (
        scripts
    )  # no inline or foreign script
    assert not tags.scripts  # and no inline script bodies
    assert not [t for t, _ in tags.tags if t in ("img", "iframe", "object", "embed")]
    assert not [a for _, a in tags.tags if any(k.startswith("on") for k in a)]  # no event-handler attributes
    assert "<script>alert" not in html and "<img src=x" not in html


def test_every_page_renders_with_its_json_twin(client: TestClient) -> None:
    q = kadyrov_quote(client)
    story = client.get("/api/stories").json()["items"][0]["id"]
    pages = [
        "/",
        "/search?q=threat",
        "/speakers",
        "/speakers?q=kady",
        f"/speakers/{q['speaker_id']}",
        f"/statements/{q['id']}",
        f"/documents/{q['document']}",
        "/stories",
        f"/stories/{story}",
        "/docs",
    ]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        m = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', r.text)
        assert m, url
        twin = client.get(m.group(1).replace("&amp;", "&"))
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json", (
            url,
            m.group(1),
        )


def test_search_page_has_facets_and_counts(client: TestClient) -> None:
    html = client.get("/search", params={"q": "threat"}).text
    assert re.search(r'id="statement-count">2<', html)
    assert "Interfax" in html and "TASS" in html
    assert "/search?q=threat&amp;outlet=TASS" in html
    html = client.get("/search", params={"q": "Kadyrov"}).text
    assert re.search(r'class="speaker-link[^"]*" href="/speakers/', html)


def test_speaker_page_has_charts_and_statements_newest_first(client: TestClient) -> None:
    q = kadyrov_quote(client)
    html = client.get(f"/speakers/{q['speaker_id']}").text
    assert "Ramzan Kadyrov" in html and "Chechen leader" in html
    assert html.count('<svg class="chart"') == 2
    spring, threat = html.index("ready for the spring"), html.index("answer any threat")
    assert spring < threat  # July before May
    assert f'href="/statements/{q["id"]}"' in html


def test_statement_page_highlights_statement_and_speaker(client: TestClient) -> None:
    q = kadyrov_quote(client)
    html = client.get(f"/statements/{q['id']}").text
    source = html[html.index('id="source-paragraph"') :]
    assert parse(source, "hl-st").texts == [q["text"]]
    assert parse(source, "hl-sp").texts == [q["speaker_text"]]
    assert parse(source, "hl-cue").texts == ["said"]
    assert "Reported by 2 outlets" in html and "TASS" in html


def test_document_page_highlights_every_statement(client: TestClient) -> None:
    q = kadyrov_quote(client)
    d = client.get(f"/api/documents/{q['document']}").json()
    html = client.get(f"/documents/{q['document']}").text
    for st in d["statements"]:
        assert f'id="st-{st["id"]}"' in html
        pieces = re.findall(rf'<span [^>]*data-statement="{st["id"]}"[^>]*>([^<]*)</span>', html)
        assert "".join(pieces) == st["text"]


def test_quote_with_script_and_onerror_renders_as_text(client: TestClient) -> None:
    st = evil(client)
    assert st["text"] == EVIL  # the API returns the words as they are (JSON is not HTML)
    urls = [
        f"/statements/{st['id']}",
        f"/documents/{st['document']}",
        f"/speakers/{st['speaker_id']}",
        "/search?q=script+onerror",
        "/search?speaker=Eve+Mallory",
        "/",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert_no_active_markup(r.text)
        assert "&lt;script&gt;" in r.text or "&lt;i&gt;Evil" in r.text, url
    html = client.get(f"/statements/{st['id']}").text
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; headline" in html
    # the search text itself is echoed escaped
    html = client.get("/search", params={"q": '<script>alert(1)</script>"x"'}).text
    assert_no_active_markup(html)


def test_json_is_served_as_json(client: TestClient) -> None:
    st = evil(client)
    r = client.get(f"/statements/{st['id']}.json")
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_error_pages_are_html_with_the_message(client: TestClient) -> None:
    r = client.get("/speakers/999999")
    assert r.status_code == 404 and "no speaker 999999" in r.text and "<html" in r.text
    r = client.get("/search", params={"since": "<b>x</b>"})
    assert r.status_code == 400 and "since" in r.text and "<b>x</b>" not in r.text


def test_a_paraphrase_never_looks_like_a_quotation(client: TestClient) -> None:
    """Direct: in quotation marks, styled as a quote. Indirect: no quotation marks, a 'paraphrase:' marker
    that is text (so copying the words copies it too)."""
    items = client.get("/api/statements", params={"act": "all", "limit": 50}).json()["items"]
    indirect = next(q for q in items if q["kind"] == "indirect")
    direct = next(q for q in items if q["kind"] == "direct" and q["speaker"] == "Maria Lopez")
    for url in ("/search?q=envoys", f"/statements/{indirect['id']}", f"/documents/{indirect['document']}"):
        html = client.get(url).text
        assert f"“{indirect['text']}" not in html, url
        assert re.search(
            r'<(p|span) class="said(-inline)? paraphrase[^"]*" data-kind="indirect"[^>]*><span class="marker">'
            r"paraphrase:</span> (<a [^>]*>)?" + re.escape(indirect["text"][:40]),
            html,
        ), url
    html = client.get(f"/statements/{indirect['id']}").text
    assert "<title>a senior official: paraphrase: talks with" in html
    for url in ("/search?q=ferry", f"/statements/{direct['id']}"):
        html = client.get(url).text
        assert re.search(
            r'<blockquote class="said quoted kind-direct[^"]*" data-kind="direct"[^>]*>(<a [^>]*>)?“'
            + re.escape(direct["text"])
            + "”",
            html,
        ), url
        assert f"paraphrase:</span> {direct['text']}" not in html
