"""A small store built from hand-made extraction dicts (no spaCy), an app over it, an in-process client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.web import create_app

EVIL = "<script>alert('xss')</script> and <img src=x onerror=alert(2)> are just words here"
KADYROV = {"name": "Ramzan Kadyrov", "aliases": ["Kadyrov"], "descriptors": ["Chechen leader"]}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives /usr/bin/chromium through Playwright")


def articles() -> list[dict]:
    return [
        article(
            [
                ("Ramzan Kadyrov", "We will answer any threat to the republic with force"),
                ("a senior official", "talks with the envoys are under way", "indirect"),
                ("Maria Lopez", "The ferry timetable will change next week"),
            ],
            lead="The Chechen leader spoke on Tuesday about the bridge.",
            people={"Ramzan Kadyrov": KADYROV},
            published="2024-05-01",
            publisher="Interfax",
            title="Kadyrov warns of answer",
        ),
        article(
            [("Kadyrov", "We will answer any threat to the republic with force")],
            lead="Reports on Wednesday repeated the warning about the bridge.",
            people={"Kadyrov": KADYROV},
            published="2024-05-02",
            publisher="TASS",
            title="Chechen leader repeats warning",
        ),
        article(
            [("Kadyrov", "Our fighters are ready for the spring")],
            people={"Kadyrov": KADYROV},
            published="2024-07-15",
            publisher="Interfax",
            title="Kadyrov on spring",
        ),
        article(
            [("Eve Mallory", EVIL)],
            lead='A test of <b>markup</b> in "text" & attributes.',
            published="2024-06-01",
            publisher="<i>Evil</i> Outlet",
            title="<script>alert('title')</script> headline",
        ),
    ]


MARSH = {"name": "Helena R. Marsh", "aliases": ["Marsh"], "descriptors": ["attorney general"]}


def name_articles() -> list[dict]:
    """Made-up articles for name searches: Helena R. Marsh never says her own name; others mention her
    (once in a thought); Owen Marsh shares her surname only."""
    return [
        article(
            [
                ("Helena R. Marsh", "The inquiry into the port contracts will be finished by autumn"),
                ("Owen Marsh", "The council has not seen the port contracts"),
            ],
            lead="The attorney general spoke to reporters on Monday.",
            people={"Helena R. Marsh": MARSH},
            published="2023-03-06",
            publisher="Harbour Times",
            title="Inquiry to finish by autumn",
        ),
        article(
            [
                ("Marsh", "Nobody is above the law in this state"),
                ("Tomas Reyes", "Helena Marsh has waited far too long to act", "indirect"),
            ],
            people={"Marsh": MARSH},
            published="2023-03-09",
            publisher="Evening Ledger",
            title="Marsh defends the inquiry",
        ),
        thought(
            article(
                [
                    ("Priya Nair", "I asked Helena Marsh for the documents twice"),
                    ("Priya Nair", "Helena Marsh will let the inquiry drift"),
                ],
                published="2023-03-12",
                publisher="Harbour Times",
                title="Councillor asks for documents",
            ),
            1,
        ),
    ]


def thought(record: dict, index: int) -> dict:
    """The record with its statement ``index`` marked as a thought (what someone believes, not says)."""
    record["statements"][index]["act"] = "thought"
    return record


def built_store(factory: pytest.TempPathFactory, name: str, records: list[dict]) -> Path:
    """A fresh store holding exactly ``records``."""
    db = factory.mktemp(name) / f"{name}.db"
    summary = ingest_results(records, db)
    assert summary.documents == len(records) and not summary.errors
    return db


@pytest.fixture(scope="session")
def names_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_store(tmp_path_factory, "names", name_articles())


@pytest.fixture(scope="session")
def names_client(names_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(names_db)) as c:
        yield c


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_store(tmp_path_factory, "web", articles())


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as c:
        yield c
