"""A speaker id merged into another entity answers with a permanent redirect to the same page of the kept one."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qgbuild import article
from quotegraph.corpus.corrections import merge
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus
from quotegraph.web import create_app


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    db = tmp_path_factory.mktemp("merged") / "merged.db"
    ingest_results(
        [
            article([("Ines Varga", "The bridge will reopen in May")], published="2024-05-01"),
            article([("I. Varga-Holm", "The tolls stay as they are")], published="2024-05-03"),
        ],
        db,
    )
    with Corpus(db) as c:
        (gone,) = [s.id for s in c.speakers(top=50) if s.name == "I. Varga-Holm"]
    kept = merge(db, "Ines Varga", "I. Varga-Holm")
    assert kept != gone
    return db, gone, kept


@pytest.mark.parametrize(
    "template",
    ["/speakers/{}", "/speakers/{}.json", "/speakers/{}.csv", "/api/speakers/{}"],
)
def test_merged_id_redirects_to_the_kept_entity(merged: tuple[Path, int, int], template: str) -> None:
    db, gone, kept = merged
    with TestClient(create_app(db)) as client:
        r = client.get(template.format(gone), follow_redirects=False)
        assert r.status_code == 301
        assert r.headers["location"] == template.format(kept)
        assert client.get(template.format(kept)).status_code == 200
