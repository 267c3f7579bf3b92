"""Every statement can be cited: plain text and CSL-JSON, a paraphrase never in quotation marks."""

from __future__ import annotations

import json
import re
from html import unescape

from fastapi.testclient import TestClient


def by_speaker(client: TestClient, name: str) -> dict:
    (q,) = client.get("/api/statements", params={"speaker": name}).json()["items"]
    return q


def test_a_direct_quote_is_cited_in_quotation_marks_with_everything_to_find_it(
    names_client: TestClient,
) -> None:
    q = by_speaker(names_client, "Priya Nair")
    d = names_client.get(q["links"]["citation"]).json()
    permalink = f"http://testserver/statements/{q['id']}"
    assert d["text"] == (
        "Priya Nair: “I asked Helena Marsh for the documents twice” (quoted in “Councillor asks for "
        f"documents”, Harbour Times, 2023-03-12). Statement: {permalink}"
    )
    csl = d["csl"]
    assert csl["type"] == "article-newspaper" and csl["id"] == f"quotegraph-statement-{q['id']}"
    assert csl["title"] == "Councillor asks for documents" and csl["container-title"] == "Harbour Times"
    assert csl["issued"] == {"date-parts": [[2023, 3, 12]]}
    assert csl["custom"] == {
        "speaker": "Priya Nair",
        "statement": "I asked Helena Marsh for the documents twice",
        "kind": "direct",
        "quotation": True,
        "permalink": permalink,
    }
    assert names_client.get(f"/statements/{q['id']}/citation.json").json() == d
    txt = names_client.get(f"/statements/{q['id']}/citation.txt")
    assert txt.headers["content-type"].startswith("text/plain") and txt.text == d["text"] + "\n"


def test_a_paraphrase_is_cited_as_one(names_client: TestClient) -> None:
    q = by_speaker(names_client, "Tomas Reyes")
    assert q["kind"] == "indirect"
    d = names_client.get(q["links"]["citation"]).json()
    assert "“" not in d["text"].split("(reported in")[0]
    assert d["text"].startswith(
        "Tomas Reyes, paraphrased (the reporter's words, not a quotation): Helena Marsh has waited"
    )
    assert d["csl"]["custom"]["quotation"] is False and d["csl"]["custom"]["kind"] == "indirect"


def test_statement_page_and_every_list_entry_offer_the_citation(names_client: TestClient) -> None:
    q = by_speaker(names_client, "Priya Nair")
    cited = names_client.get(q["links"]["citation"]).json()
    html = names_client.get(f"/statements/{q['id']}").text
    m = re.search(r'<p class="cite-text" id="citation-text">([^<]*)</p>', html)
    assert m and unescape(m.group(1)) == cited["text"]
    assert 'data-copy="citation-text"' in html and 'data-copy="citation-csl"' in html
    csl = re.search(r'<pre class="csl" id="citation-csl">(.*?)</pre>', html, re.S)
    assert csl and json.loads(unescape(csl.group(1))) == [cited["csl"]]
    for url in ("/search?q=Helena+Marsh", "/search?q=documents", f"/speakers/{q['speaker_id']}"):
        html = names_client.get(url).text
        entries = html.count('<li class="quote ')
        boxes = re.findall(r'<p class="cite-text" id="cite-(\d+)">([^<]*)</p>', html)
        assert entries and len(boxes) == entries, url
        for sid, text in boxes:
            assert unescape(text) == names_client.get(f"/api/statements/{sid}/citation").json()["text"]
            assert f'data-copy="cite-{sid}"' in html


def test_citing_nothing_is_a_404(names_client: TestClient) -> None:
    assert names_client.get("/api/statements/999999/citation").status_code == 404
    assert names_client.get("/statements/999999/citation.txt").status_code == 404
