"""Ingest end to end with the model: the seed articles, interruption (kill -9) and re-run, bad inputs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from quotegraph.corpus.ingest import ingest
from quotegraph.extraction.pipeline import Extractor
from quotegraph.query import Corpus

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
QG = ROOT / ".venv" / "bin" / "quotegraph"

FIRST = ["Maria", "Tomas", "Ingrid", "Kwame", "Lucia", "Pavel", "Aiko", "Omar"]
LAST = ["Lindqvist", "Okonjo", "Haddad", "Moreau", "Petrov", "Tanaka", "Silva", "Brennan"]
TOPICS = ["the harbor tunnel", "the grain market", "the river dam", "the school strike", "the rail line"]


def write_articles(folder: Path, n: int) -> list[Path]:
    """Articles invented for the test: a lead, two quotes, a reaction; varied speakers and topics."""
    paths = []
    for i in range(n):
        a, b = i % 8, (i * 3 + 1) % 8
        topic = TOPICS[i % len(TOPICS)]
        text = (
            f"Officials met on day {i} to discuss {topic}, which has divided the council for months.\n\n"
            f'"We will not accept another delay on {topic}, not this year and not the next," '
            f"{FIRST[a]} {LAST[a]}, the council chair, said on Tuesday.\n\n"
            f"{LAST[a]} added that the budget for {topic} had been approved in principle.\n\n"
            f'"The numbers for {topic} simply do not add up for the families who depend on it," '
            f"said {FIRST[b]} {LAST[b]}, who leads the opposition bloc.\n\n"
            f"A senior official said the talks on {topic} would continue next week in the capital.\n"
        )
        path = folder / f"article-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        q = {
            "documents": "SELECT count(*) FROM documents",
            "distinct": "SELECT count(DISTINCT doc_id) FROM documents",
            "statements": "SELECT count(*) FROM statements",
            "mentions": "SELECT count(*) FROM mentions",
            "speakers": "SELECT count(*) FROM entities WHERE merged_into IS NULL AND named = 1 AND statements > 0",
            "orphans": "SELECT count(*) FROM statements s LEFT JOIN documents d ON d.id = s.document WHERE d.id IS NULL",
        }
        return {k: conn.execute(v).fetchone()[0] for k, v in q.items()}
    finally:
        conn.close()


@pytest.mark.model
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared seeds not present")
def test_seeds_link_kadyrov_and_the_throne_story(tmp_path: Path, extractor: Extractor) -> None:
    db = tmp_path / "q.db"
    summary = ingest([str(SEEDS)], db, extractor=extractor)
    assert summary.documents == 2 and not summary.errors
    with Corpus(db) as corpus:
        (profile,) = corpus.speaker("Kadyrov")
        assert profile.name == "Ramzan Kadyrov"
        assert len({q.document for q in profile.quotes}) == 2
        throne = [q for q in corpus.quotes(search="throne", limit=None)]
        fragment = [q for q in throne if q.text.strip(' .\u201d"') == "throne"]
        video = [q for q in throne if "shaken" in q.text]
        assert fragment and video
        assert fragment[0].document != video[0].document
        assert fragment[0].story == video[0].story is not None
    again = ingest([str(SEEDS)], db, extractor=extractor)
    assert (again.documents, again.skipped) == (0, 2)


@pytest.mark.model
def test_bad_input_is_reported_and_skipped(tmp_path: Path, extractor: Extractor) -> None:
    (tmp_path / "in").mkdir()
    write_articles(tmp_path / "in", 2)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    errors = []
    summary = ingest(
        [str(tmp_path / "in"), str(tmp_path / "nope.txt")],
        tmp_path / "q.db",
        extractor=extractor,
        on_error=errors.append,
    )
    assert summary.documents == 2
    assert len(summary.errors) == len(errors) == 2


@pytest.mark.model
def test_killed_ingest_finishes_on_rerun_with_no_duplicates(tmp_path: Path, extractor: Extractor) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_articles(folder, 48)
    clean = tmp_path / "clean.db"
    ingest([str(folder)], clean, extractor=extractor, batch_size=2)

    db = tmp_path / "killed.db"
    cmd = [str(QG), "ingest", str(folder), "--db", str(db), "--batch-size", "2", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    stored = counts(db)["documents"]
                    with Corpus(db) as corpus:  # a reader while the ingest writes
                        corpus.quotes(search="council", limit=5)
                except sqlite3.OperationalError:
                    stored = 0  # schema not created yet
                if stored >= 4:
                    break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert 4 <= stored < 48, "the ingest was not caught mid-run"
    partial = counts(db)
    assert partial["documents"] % 2 == 0 and partial["documents"] < 48  # whole batches only
    assert partial["orphans"] == 0
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert counts(db) == counts(clean)
    assert counts(db)["documents"] == counts(db)["distinct"] == 48


@pytest.mark.model
def test_ingest_cleans_each_article_once(
    tmp_path: Path, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cleaned Article gives the id that skips stored articles and then goes on to the extractor:
    one cleaning (and one trafilatura pass for an HTML page) per article, new or already stored."""
    import trafilatura

    from quotegraph.extraction import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    write_articles(folder, 3)
    (folder / "page.html").write_bytes((ROOT / "samples" / "river-festival.html").read_bytes())
    cleaned: list[str | None] = []
    pages: list[int] = []
    real_clean, real_extract = pipeline.clean_document, trafilatura.bare_extraction

    def counting_clean(raw: Any, keep_text: bool = False) -> Any:
        cleaned.append(raw.source)
        return real_clean(raw, keep_text=keep_text)

    def counting_extract(*args: Any, **kwargs: Any) -> Any:
        pages.append(1)
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(pipeline, "clean_document", counting_clean)
    monkeypatch.setattr(trafilatura, "bare_extraction", counting_extract)
    db = tmp_path / "q.db"
    summary = ingest([str(folder)], db, extractor=extractor)
    assert summary.documents == 4 and not summary.errors
    assert len(cleaned) == 4 and len(set(cleaned)) == 4
    assert len(pages) == 1
    again = ingest([str(folder)], db, extractor=extractor)
    assert again.skipped == 4 and again.documents == 0
    assert len(cleaned) == 8 and len(pages) == 2
