"""Reactions over HTTP: the JSON list, a statement's answers, the drawn exchange on a story page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotegraph.corpus.ingest import ingest
from quotegraph.extraction.pipeline import Extractor
from quotegraph.web import create_app

ARTICLE = {
    "id": "pool-fees",
    "title": "Pool fees to double",
    "published": "2024-03-04",
    "publisher": "Lakeside Echo",
    "text": (
        "The town's swimming pool will double its fees in April.\n\n"
        '"Heating the water costs twice what it did," pool manager Greta Holm said.\n\n'
        "Parents' group leader Omar Nasser hit back at Greta Holm on Monday. "
        '"Children will simply stop swimming," Nasser said.\n'
    ),
}


def reaction_store(folder: Path, extractor: Extractor) -> Path:
    """A store of ARTICLE, ingested with the model: one statement that answers another."""
    src = folder / "in.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    db = folder / "r.db"
    ingest([str(src)], db, extractor=extractor)
    return db


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[TestClient]:
    with TestClient(create_app(reaction_store(tmp_path_factory.mktemp("reactions"), extractor))) as c:
        yield c


@pytest.mark.model
def test_reactions_api_and_pages(client: TestClient) -> None:
    items = client.get("/api/reactions").json()["items"]
    assert items, "no reaction"
    r = items[0]
    assert r["statement"]["speaker"]["name"] == "Omar Nasser"
    assert r["target"]["speaker"]["name"] == "Greta Holm"
    assert "Heating the water" in r["target"]["statement"]["text"]
    assert r["stance"] == "rejects" and r["cue"]["text"] == "hit back at"
    assert client.get("/api/reactions", params={"speaker": "Holm"}).json()["items"]
    assert client.get("/api/reactions", params={"speaker": "nobody at all"}).status_code == 404

    response = client.get(f"/api/statements/{r['statement']['id']}").json()
    assert [a["target"]["statement"]["id"] for a in response["answers"]] == [r["target"]["statement"]["id"]]
    target = client.get(f"/api/statements/{r['target']['statement']['id']}").json()
    assert r["statement"]["id"] in [a["statement"]["id"] for a in target["answered_by"]]

    story = client.get(f"/api/statements/{r['statement']['id']}").json()["statement"]["story"]
    html = client.get(f"/stories/{story}").text
    assert 'class="chart reactions"' in html and "Omar Nasser" in html and 'class="reaction rejects"' in html
    page = client.get(f"/statements/{r['target']['statement']['id']}").text
    assert "Answered by" in page and "Omar Nasser" in page


@pytest.mark.model
def test_a_speaker_page_lists_their_reactions_with_stance(client: TestClient) -> None:
    (r,) = [
        x
        for x in client.get("/api/reactions").json()["items"]
        if x["statement"]["speaker"]["name"] == "Omar Nasser"
    ][:1]
    speaker = r["statement"]["speaker"]["id"]
    data = client.get(f"/api/speakers/{speaker}").json()
    assert [x["stance"] for x in data["reactions"]] == ["rejects"] * len(data["reactions"]) and data[
        "reactions"
    ]
    html = client.get(f"/speakers/{speaker}").text
    assert 'id="speaker-reactions"' in html and "rejects" in html
    target = r["target"]["speaker"]["id"]
    assert client.get(f"/api/speakers/{target}").json()["reactions"] == []
