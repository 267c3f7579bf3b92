"""The JSON API through an in-process client: listings, filters, one of each, errors as 4xx."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotegraph.errors import StoreError
from quotegraph.web import create_app


def statement_id(client: TestClient, fragment: str) -> int:
    items = client.get("/api/statements", params={"q": fragment, "limit": 200}).json()["items"]
    assert items, fragment
    return items[0]["id"]


def test_statements_newest_first_with_links(client: TestClient) -> None:
    r = client.get("/api/statements")
    assert r.status_code == 200
    items = r.json()["items"]
    assert len(items) == 6
    dates = [i["date"] for i in items]
    assert dates == sorted(dates, reverse=True)
    first = items[0]
    assert first["links"]["statement"] == f"/statements/{first['id']}"
    assert {"text", "speaker", "outlet", "document", "start", "end", "kind"} <= set(first)


def test_statement_filters_are_those_of_quotegraph_quotes(client: TestClient) -> None:
    def texts(**params: object) -> list[str]:
        r = client.get("/api/statements", params=params)
        assert r.status_code == 200, r.text
        return [i["text"] for i in r.json()["items"]]

    assert len(texts(speaker="kadyrov")) == 3  # any alias, case-insensitive
    assert len(texts(speaker="Ramzan Kadyrov", outlet="TASS")) == 1
    assert texts(kind="indirect") == ["talks with the envoys are under way"]
    assert len(texts(kind=["direct", "partial"])) == 5
    assert len(texts(since="2024-06-01")) == 2
    assert len(texts(since="2024-05-01", until="2024-05-01")) == 3
    assert texts(q='"answer any threat"', outlet="Interfax") == [
        "We will answer any threat to the republic with force"
    ]
    assert texts(speaker="nobody at all") == []


def test_statements_paginate_with_a_capped_page_size(client: TestClient) -> None:
    page1 = client.get("/api/statements", params={"limit": 4}).json()
    assert len(page1["items"]) == 4 and page1["next"]
    page2 = client.get(page1["next"]).json()
    assert len(page2["items"]) == 2 and page2["next"] is None
    assert not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    r = client.get("/api/statements", params={"limit": 201})
    assert r.status_code == 400 and "limit" in r.json()["error"]


def test_speakers_search_by_any_alias(client: TestClient) -> None:
    for q in ("Kadyrov", "ramzan kadyrov", "kady", "RAMZ"):
        items = client.get("/api/speakers", params={"q": q}).json()["items"]
        assert [s["name"] for s in items] == ["Ramzan Kadyrov"], q
    top = client.get("/api/speakers").json()["items"]
    assert top[0]["name"] == "Ramzan Kadyrov" and top[0]["statements"] == 3
    assert all(s["named"] for s in top)
    with_unnamed = client.get("/api/speakers", params={"unnamed": "true", "limit": 50}).json()["items"]
    assert any(not s["named"] for s in with_unnamed)


def test_one_speaker(client: TestClient) -> None:
    sid = client.get("/api/speakers", params={"q": "Kadyrov"}).json()["items"][0]["id"]
    d = client.get(f"/api/speakers/{sid}").json()
    assert d["name"] == "Ramzan Kadyrov"
    assert "Kadyrov" in [a["alias"] for a in d["aliases"]]
    assert "Chechen leader" in d["descriptors"]
    assert {o["outlet"]: o["statements"] for o in d["by_outlet"]} == {"Interfax": 2, "TASS": 1}
    assert [q["date"] for q in d["quotes"]] == ["2024-07-15", "2024-05-02", "2024-05-01"]
    assert client.get(f"/speakers/{sid}.json").json() == d  # the page's JSON twin


def test_one_statement_with_its_group(client: TestClient) -> None:
    sid = statement_id(client, "answer any threat")
    d = client.get(f"/api/statements/{sid}").json()
    assert d["statement"]["text"] == "We will answer any threat to the republic with force"
    group = d["group"]
    assert group["documents"] == 2
    assert group["outlets"] == ["Interfax", "TASS"]
    para = d["paragraph"]
    assert d["statement"]["text"] in para["text"]
    assert d["cue"] and d["cue"]["start"] >= para["start"]


def test_one_document_with_offsets(client: TestClient) -> None:
    sid = statement_id(client, "ferry timetable")
    doc_id = client.get(f"/api/statements/{sid}").json()["statement"]["document"]
    d = client.get(f"/api/documents/{doc_id}").json()
    assert d["title"] == "Kadyrov warns of answer" and d["outlet"] == "Interfax"
    for st in d["statements"]:
        assert d["text"][st["start"] : st["end"]] == st["text"]
        assert d["text"][st["speaker_start"] : st["speaker_end"]] == st["speaker_text"]
    for e in d["entities"]:
        for a, b in e["mentions"]:
            assert d["text"][a:b]
    assert {e["name"] for e in d["entities"]} >= {"Ramzan Kadyrov", "Maria Lopez"}
    assert client.get(f"/documents/{doc_id}.json").json() == d


def test_stories(client: TestClient) -> None:
    items = client.get("/api/stories").json()["items"]
    assert items and all("links" in s for s in items)
    d = client.get(f"/api/stories/{items[0]['id']}").json()
    assert d["story"]["id"] == items[0]["id"]
    assert len(d["articles"]) == d["story"]["documents"]
    assert d["speakers"] and d["quotes"]


def test_full_text_search_with_facets_and_counts(client: TestClient) -> None:
    d = client.get("/api/search", params={"q": "bridge"}).json()
    assert d["statements"]["count"] == 0
    assert d["articles"]["count"] == 2  # the word is in the articles' text, not in any statement
    d = client.get("/api/search", params={"q": "threat"}).json()
    assert d["statements"]["count"] == 2
    assert {f["value"]: f["count"] for f in d["facets"]["outlet"]} == {"Interfax": 1, "TASS": 1}
    assert [(f["name"], f["count"]) for f in d["facets"]["speaker"]] == [("Ramzan Kadyrov", 2)]
    assert d["facets"]["kind"] == [{"value": "direct", "count": 2}]
    d = client.get("/api/search", params={"q": "Kadyrov"}).json()
    assert [s["name"] for s in d["people"]] == ["Ramzan Kadyrov"] and d["speakers"] == []
    assert d["statements"]["by_people"] == 3  # what he said comes first, though no statement names him
    assert client.get("/search.json", params={"q": "threat"}).json()["statements"]["count"] == 2


@pytest.mark.parametrize(
    "url",
    [
        "/api/statements?limit=0",
        "/api/statements?limit=abc",
        "/api/statements?offset=-1",
        "/api/statements?offset=99999999",
        "/api/statements?kind=shouting",
        "/api/statements?since=2024-13",
        "/api/statements?since=yesterday",
        "/api/statements?story=0",
        "/api/statements?story=99999999999999999999999",
        "/api/statements?q=" + "x" * 201,
        "/api/statements?speaker=" + "x" * 201,
        '/api/statements?q="unclosed phrase',
        "/api/statements?q=%21%21%21",
        "/api/search?q=%22a",
        "/api/search?q=*:^-",
        "/api/search?page=0",
        "/api/speakers?q=%21%21",
        "/api/speakers?limit=100000",
        "/api/speakers/0",
        "/api/speakers/abc",
        "/api/speakers/99999999999999999999999999",
        "/api/statements/-5",
        "/api/statements/1e3",
        "/api/documents/..%2F..%2Fetc",
        "/api/documents/" + "a" * 65,
        "/api/stories/abc",
        "/search?q=%22a",
        "/speakers/x",
        "/statements/1.5",
    ],
)
def test_bad_parameters_are_a_4xx_with_a_message(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text[:300])
    if url.startswith("/api/"):
        assert r.json()["error"]


def test_unknown_things_are_404(client: TestClient) -> None:
    for url in (
        "/api/statements/999999",
        "/api/speakers/999999",
        "/api/documents/ffff",
        "/api/stories/99999",
    ):
        r = client.get(url)
        assert r.status_code == 404 and r.json()["error"].startswith("no "), url
    r = client.get("/statements/999999")
    assert r.status_code == 404 and "no statement 999999" in r.text


def test_full_text_syntax_errors_are_400(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": '"answer any'})
    assert r.status_code == 400 and "double quote" in r.json()["error"]
    r = client.get("/api/statements", params={"q": "(( ))"})
    assert r.status_code == 400 and "nothing to search for" in r.json()["error"]
    # FTS5 operators in the text are words, never syntax
    for q in ("NEAR(threat", "threat OR", "a AND NOT b", "col:threat", "threat*", "^threat"):
        assert client.get("/api/search", params={"q": q}).status_code == 200, q


def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/api/statements", "/static/style.css", "/api/speakers/0", "/nope", "/openapi.json"):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"


def test_oversized_urls_and_writes_are_refused(client: TestClient) -> None:
    r = client.get("/api/statements", params={"q": "x" * 3000})
    assert r.status_code == 414
    assert client.post("/api/statements").status_code == 405
    head = client.head("/api/statements")
    assert (
        head.status_code == 200
        and head.content == b""
        and head.headers["x-content-type-options"] == "nosniff"
    )
    assert client.delete("/api/statements/1").status_code == 405


def test_openapi_and_local_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/statements", "/api/search", "/api/speakers/{speaker_id}"} <= set(spec["paths"])
    html = client.get("/docs").text
    assert "/api/statements" in html and "cdn" not in html.lower()


def test_the_store_is_opened_read_only(web_db: Path, tmp_path: Path) -> None:
    before = web_db.stat().st_mtime_ns
    with TestClient(create_app(web_db)) as c:
        assert c.get("/api/statements").status_code == 200
    assert web_db.stat().st_mtime_ns == before
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_every_api_response_is_described_and_validates(client: TestClient) -> None:
    """/openapi.json gives each /api route a 200 schema with fields, and the route's JSON matches it."""
    jsonschema = pytest.importorskip("jsonschema")
    spec = client.get("/openapi.json").json()
    sid = statement_id(client, "answer any threat")
    statement = client.get(f"/api/statements/{sid}").json()["statement"]
    ids = {
        "statement_id": sid,
        "speaker_id": statement["speaker_id"],
        "doc_id": statement["document"],
        "story_id": statement["story"],
    }
    paths = [p for p in spec["paths"] if p.startswith("/api/")]
    assert len(paths) >= 8
    for path in paths:
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema, path
        resolved = schema
        if "$ref" in schema:
            resolved = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        assert resolved.get("properties"), path
        url = path.format(**ids)
        takes = {p["name"] for p in spec["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}
        for params in ({}, {"q": "threat"}):
            body = client.get(url, params={k: v for k, v in params.items() if k in takes}).json()
            validator = jsonschema.Draft202012Validator({**schema, "components": spec["components"]})
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
            assert not errors, (url, errors[:5])


def test_lists_show_speech_unless_asked_and_the_act_facet_counts_every_act(tmp_path: Path) -> None:
    from qgbuild import article
    from quotegraph.corpus.ingest import ingest_results

    record = article(
        [
            ("Ann Able", "The harbor tunnel opens in May"),
            ("Ann Able", "The harbor tunnel will be a success"),
            ("Ann Able", "The harbor tunnel costs too much"),
        ],
        published="2025-05-01",
    )
    record["statements"][1]["act"] = "thought"
    db = tmp_path / "acts.db"
    ingest_results([record], db)
    with TestClient(create_app(db)) as c:
        said = c.get("/api/statements").json()["items"]
        assert {q["act"] for q in said} == {"speech"} and len(said) == 2
        thought = c.get("/api/statements", params={"act": "thought"}).json()["items"]
        assert [q["text"] for q in thought] == ["The harbor tunnel will be a success"]
        assert len(c.get("/api/statements", params={"act": "all"}).json()["items"]) == 3
        assert c.get("/api/statements", params={"act": "gossip"}).status_code == 400
        facets = c.get("/api/search", params={"q": "harbor tunnel"}).json()["facets"]
        assert {f["value"]: f["count"] for f in facets["act"]} == {"speech": 2, "thought": 1}
        (speaker,) = c.get("/api/speakers").json()["items"]
        assert speaker["statements"] == 2  # what she said; the thought is not counted
        page = c.get(f"/api/speakers/{speaker['id']}", params={"act": "all"}).json()
        assert page["act"] == "all" and len(page["quotes"]) == 3
        html = c.get(f"/speakers/{speaker['id']}", params={"act": "thought"}).text
        assert "will be a success" in html and "opens in May" not in html
