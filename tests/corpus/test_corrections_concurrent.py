"""Property test: a correction made while another process ingests into the same store is never lost.

The writer is a forked process storing articles one per transaction, quoting the very people the
corrections touch (their names and their alias), so the linker rewrites their rows between and around the
corrections. Hypothesis picks which corrections (rename, reassign, hide, split by alias) are made, in which
order and how far into the ingest. After the ingest: every one is in effect and listed by ``decisions``,
in the order made, none undone.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgbuild import article
from quotegraph.corpus import corrections
from quotegraph.corpus.decisions import live
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus

ANN = {
    "Ann Lee": {"name": "Ann Lee", "aliases": ["Crooked Ann Lee"]},
    "Crooked Ann Lee": {"name": "Ann Lee"},
}
LATER = 120  # articles the writer stores while the corrections are made


def later_articles() -> list[dict[str, Any]]:
    return [
        article(
            [
                ("Ann Lee", f"Point {i} stands"),
                ("Crooked Ann Lee", f"Claim {i} is false"),
                ("Bo Park", f"Road {i}"),
            ],
            people=ANN,
            published=f"2024-06-{i % 28 + 1:02d}",
        )
        for i in range(LATER)
    ]


def _writer(db: str) -> None:
    ingest_results(later_articles(), db, batch_size=1)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chosen=st.lists(
        st.sampled_from(["rename", "reassign", "hide", "split"]), min_size=1, max_size=4, unique=True
    ),
    pauses=st.lists(st.sampled_from([0.0, 0.005, 0.02, 0.08]), min_size=4, max_size=4),
)
def test_a_correction_during_an_ingest_is_never_lost(
    tmp_path: Path, chosen: list[str], pauses: list[float]
) -> None:
    db = tmp_path / f"c{time.monotonic_ns()}.db"
    ingest_results(
        [
            article([("Ann Lee", "We open on Monday"), ("Crooked Ann Lee", "She lies")], people=ANN),
            article([("Bo Park", "The road is closed"), ("Cy Dunn", "The harbour floods")]),
        ],
        db,
    )
    with Corpus(db) as corpus:
        by_text = {q.text: q for q in corpus.quotes()}
    monday, lies, flood = (
        by_text["We open on Monday"].id,
        by_text["She lies"].id,
        by_text["The harbour floods"].id,
    )
    # by id, as a careful user does: once split, "Ann Lee" is a name two entities answer to
    ann = str(by_text["We open on Monday"].speaker_id)

    writer = multiprocessing.get_context("fork").Process(target=_writer, args=(str(db),))
    writer.start()
    made: dict[str, int | None] = {}
    try:
        for kind, pause in zip(chosen, pauses, strict=False):
            time.sleep(pause)  # somewhere into the ingest; where exactly is what varies
            if kind == "rename":
                made[kind] = corrections.rename(db, ann, "Annabel Lee")
            elif kind == "reassign":
                made[kind] = corrections.reassign(db, monday, "Bo Park")
            elif kind == "hide":
                corrections.hide(db, flood)
                made[kind] = None
            else:
                made[kind] = corrections.split(db, ann, alias="Crooked Ann Lee")
    finally:
        writer.join(120)
    assert writer.exitcode == 0

    with Corpus(db) as corpus:
        conn = corpus.conn
        assert corpus.store.stats()["documents"] == 2 + LATER  # the ingest finished too
        listed = [d for d in corpus.decisions() if not d.undone]
        assert [d.kind for d in listed] == list(made), listed
        if "rename" in made:
            (name,) = conn.execute(
                "SELECT name FROM entities WHERE id = ?", (live(conn, made["rename"]),)
            ).fetchone()
            assert name == "Annabel Lee"
        if "reassign" in made:
            q = corpus.statement(monday)
            assert q is not None and q.speaker_id == live(conn, made["reassign"])
        if "hide" in made:
            assert corpus.statement(flood) is None
            assert flood in {q.id for q in corpus.quotes(hidden=True, limit=None)}
        if "split" in made:
            q = corpus.statement(lies)
            assert q is not None and q.speaker_id == live(conn, made["split"])
