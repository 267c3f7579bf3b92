"""A search for a person's name leads with what that person said, then what others said about them."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from quotegraph.query import Corpus, Filters


def test_a_full_name_finds_the_person_by_first_name_and_surname(names_db: Path) -> None:
    with Corpus(names_db) as c:
        assert [p.name for p in c.people("Helena Marsh")] == ["Helena R. Marsh"]
        assert [p.name for p in c.people("H. Marsh")] == ["Helena R. Marsh"]  # an initial agrees
        assert [p.name for p in c.people("Owen Marsh")] == ["Owen Marsh"]
        assert sorted(p.name for p in c.people("Marsh")) == ["Helena R. Marsh", "Owen Marsh"]
        assert c.people("Edith Marsh") == []  # a different first name is someone else
        assert c.people("port contracts") == []  # words that are nobody's name


def test_search_json_leads_with_the_persons_statements(names_client: TestClient) -> None:
    d = names_client.get("/search.json", params={"q": "Helena Marsh"}).json()
    assert [p["name"] for p in d["people"]] == ["Helena R. Marsh"]
    assert d["people"][0]["links"]["speaker"].startswith("/speakers/")
    assert [s["name"] for s in d["speakers"]] == ["Owen Marsh"]  # listed apart, not as a match
    st = d["statements"]
    assert st["count"] == 4 and st["by_people"] == 2
    speakers = [q["speaker"] for q in st["items"]]
    assert speakers[:2] == ["Helena R. Marsh", "Helena R. Marsh"]
    assert sorted(speakers[2:]) == ["Priya Nair", "Tomas Reyes"]
    # her statements do not contain her name: they are found through who said them
    assert all("Marsh" not in q["text"] for q in st["items"][:2])
    assert all("Helena Marsh" in q["text"] for q in st["items"][2:])
    speaker_facet = {f["name"]: f["count"] for f in d["facets"]["speaker"]}
    assert speaker_facet == {"Helena R. Marsh": 2, "Priya Nair": 1, "Tomas Reyes": 1}
    assert names_client.get("/api/search", params={"q": "Helena Marsh"}).json() == d


def test_other_filters_apply_to_both_parts(names_client: TestClient) -> None:
    st = names_client.get("/api/search", params={"q": "Helena Marsh", "outlet": "Harbour Times"}).json()[
        "statements"
    ]
    assert [(q["speaker"], q["outlet"]) for q in st["items"]] == [
        ("Helena R. Marsh", "Harbour Times"),
        ("Priya Nair", "Harbour Times"),
    ]
    assert st["by_people"] == 1 and st["count"] == 2
    # a speaker chosen from the facet: that speaker's part only
    sid = st["items"][0]["speaker_id"]
    mine = names_client.get("/api/search", params={"q": "Helena Marsh", "speaker": str(sid)}).json()
    assert [q["speaker"] for q in mine["statements"]["items"]] == ["Helena R. Marsh"] * 2


def test_plain_words_are_a_text_search(names_client: TestClient) -> None:
    d = names_client.get("/api/search", params={"q": "port contracts"}).json()
    assert d["people"] == [] and d["statements"]["by_people"] == 0
    assert d["statements"]["count"] == 2
    assert all("port contracts" in q["text"] for q in d["statements"]["items"])


def test_pages_run_on_from_the_persons_statements_into_the_mentions(names_db: Path) -> None:
    with Corpus(names_db) as c:
        f = Filters(q="Helena Marsh")
        whole = [q.id for q in c.search_statements(f, 10).items]
        pages = [q.id for offset in range(4) for q in c.search_statements(f, 1, offset).items]
        assert pages == whole and len(whole) == 4
        assert c.search_statements(f, 1, 4).items == []


def test_search_page_says_who_matched_and_splits_the_list(names_client: TestClient) -> None:
    html = names_client.get("/search", params={"q": "Helena Marsh"}).text
    assert re.search(r'id="statement-count">4<', html)
    assert "Person named “Helena Marsh”" in html
    people = html[html.index('id="people"') : html.index('id="h-statements"')]
    assert "Helena R. Marsh" in people and "Other speakers with a similar name" in people
    own = html[html.index('id="own-quotes"') : html.index('id="h-mentions"')]
    mentions = html[html.index('id="mention-quotes"') :]
    assert "port contracts will be finished" in own and "above the law" in own
    assert "Priya Nair" not in own
    assert "documents twice" in mentions and "waited far too long" in mentions
