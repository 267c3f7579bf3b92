"""Facets from the in-memory columns (query.columns) equal a plain SQL GROUP BY, and follow the store."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from qgbuild import article
from quotegraph.corpus.ingest import ingest_results
from quotegraph.query import Corpus, Filters, columns
from quotegraph.query import search as search_module
from quotegraph.query.search import column_tally, sql_tally

PEOPLE = ["Ada Quill", "Bram Oster", "Cleo Varga", "a council aide"]
OUTLETS = ["North Post", "South Wire", None]
KINDS = ["direct", "partial", "indirect"]
ACTS = ["speech", "speech", "thought", "finding"]


def records(start: int, n: int) -> list[dict]:
    """``n`` articles about a harbour: speakers, outlets, kinds, acts, years and addressees all uneven,
    some articles undated or without an outlet."""
    out = []
    for a in range(start, start + n):
        quotes = [
            (
                PEOPLE[(a + i) % len(PEOPLE)],
                f"The harbour plan {a} {i} is {'late' if i % 3 else 'fine'}",
                KINDS[(a * i) % 3],
            )
            for i in range(4 + a % 5)
        ]
        rec = article(
            quotes,
            published=None if a % 6 == 5 else f"20{18 + a % 4}-0{1 + a % 9}-1{a % 10}",
            publisher=OUTLETS[a % 3],
            title=f"Harbour {a}",
        )
        for i, s in enumerate(rec["statements"]):
            s["act"] = ACTS[(a + 2 * i) % len(ACTS)]
        if a % 4 == 0:  # the first statement addressed to the speaker of the second
            to = rec["statements"][1]["speaker"]
            rec["statements"][0]["addressee"] = {"name": to["name"], "entity": to["entity"]}
        out.append(rec)
    return out


def group_by(db: Path, where: str = "1", args: tuple = ()) -> dict[str, Counter]:
    """The facets as plain SQL GROUP BYs over every statement matching ``where`` (no cap, no cache)."""
    conn = sqlite3.connect(db)
    base = f"FROM statements s JOIN documents d ON d.id = s.document WHERE NOT s.hidden AND {where}"

    def counts(column: str, extra: str = "") -> Counter:
        return Counter(
            dict(conn.execute(f"SELECT {column}, count(*) {base} {extra} GROUP BY 1", args).fetchall())
        )

    speech = "AND s.act = 'speech'"
    out = {
        "act": counts("s.act"),
        "speaker": counts("s.speaker", f"{speech} AND s.speaker IS NOT NULL"),
        "outlet": counts("d.outlet", f"{speech} AND d.outlet IS NOT NULL AND d.outlet != ''"),
        "kind": counts("s.kind", speech),
        "year": counts("substr(s.date, 1, 4)", f"{speech} AND s.date IS NOT NULL"),
    }
    conn.close()
    return out


def facets(t: search_module.Tally) -> dict[str, Counter]:
    return {"act": t.act, "speaker": t.speaker, "outlet": t.outlet, "kind": t.kind, "year": t.year}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.db"
    ingest_results(records(0, 40), path)
    return path


def test_column_facets_equal_a_group_by(db: Path) -> None:
    with Corpus(db) as c:
        assert c.columns() is not None
        t = column_tally(c, c.columns(), Filters(q="harbour"))
        assert t is not None
        expected = group_by(db)
        assert facets(t) == expected
        assert t.count == expected["act"]["speech"] and not t.capped
        fine = column_tally(c, c.columns(), Filters(q="fine"))
        assert fine is not None
        assert facets(fine) == group_by(db, "s.text LIKE '%fine%'")


@pytest.mark.parametrize(
    "f",
    [
        Filters(q="harbour"),
        Filters(q="late", act="all"),
        Filters(q="harbour", act="thought"),
        Filters(q="harbour", kind=["partial", "indirect"]),
        Filters(q="harbour", outlet="north post"),
        Filters(q="plan", since="2019-03-01", until="2020-12-31"),
        Filters(q="harbour", speaker="Bram Oster"),
        Filters(q="harbour", addressee="Bram Oster", act="all"),
        Filters(speaker="Cleo Varga"),
        Filters(q="fine", story=1),
        Filters(q="harbour", hidden=True, act="all"),
        Filters(q="harbour", speaker="Nobody Known"),
    ],
    ids=lambda f: ",".join(f"{k}={v}" for k, v in f.params().items()) + (",hidden" if f.hidden else ""),
)
def test_column_tally_agrees_with_sqlite(db: Path, f: Filters) -> None:
    with Corpus(db) as c:
        c.hide(3)
        with Corpus(db) as fresh:
            by_columns = column_tally(fresh, fresh.columns(), f)
            assert by_columns is not None
            assert by_columns == sql_tally(fresh, f)


def test_a_name_search_counts_the_persons_statements(db: Path) -> None:
    with Corpus(db) as c:
        found = c.search_statements(Filters(q="Ada Quill"), 5)
        (ada,) = found.people
        by_speaker = {f.id: f.count for f in found.summary.facets.speaker}
        assert by_speaker[ada.id] == found.by_people == group_by(db)["speaker"][ada.id]


def test_the_columns_follow_a_new_ingest_and_a_correction(db: Path) -> None:
    with Corpus(db) as c:
        before = search_module.tally(c, Filters(q="harbour"))
        shared = c._columns
        assert shared is not None and shared.builds == 1
        assert facets(before) == group_by(db)
        ingest_results(records(40, 15), db)  # another connection commits: data_version moves
        after = search_module.tally(c, Filters(q="harbour"))
        assert (shared.builds, shared.appends) == (1, 1)  # new rows only: appended, not read again
        assert facets(after) == group_by(db) != facets(before)
        assert after.count > before.count
        search_module.tally(c, Filters(q="harbour"))
        assert (shared.builds, shared.appends) == (1, 1)  # nothing changed: nothing read
        c.hide(1)
        hidden = search_module.tally(c, Filters(q="harbour", act="all"))
        assert shared.builds == 2 and sum(hidden.act.values()) == sum(after.act.values()) - 1


# the incremental path against plain SQL after each kind of write

CHECKS = [
    Filters(q="harbour"),
    Filters(q="harbour", act="all"),
    Filters(act="all"),
    Filters(q="plan", since="2019-03-01", until="2020-12-31"),
    Filters(q="harbour", outlet="north post"),
    Filters(q="harbour", speaker="Dara Kell"),
    Filters(q="harbour", addressee="Bram Oster", act="all"),
    Filters(q="harbour", hidden=True, act="all"),
    *(Filters(q="harbour", story=s) for s in range(1, 8)),
]


def assert_exact(c: Corpus) -> None:
    """Every check counted from the arrays equals SQLite's count, and the plain GROUP BY."""
    snap = c.columns()
    assert snap is not None
    for f in CHECKS:
        assert column_tally(c, snap, f) == sql_tally(c, f), f
    assert facets(column_tally(c, snap, Filters(q="harbour"))) == group_by(db=c.db)


def newcomers(start: int, n: int) -> list[dict]:
    """Articles from later days (dates the arrays have not seen), with a speaker they have not seen, in an
    outlet of their own."""
    out = []
    for a in range(start, start + n):
        quotes = [
            ("Dara Kell", f"The harbour dredging {a} is underway", "direct"),
            (PEOPLE[a % len(PEOPLE)], f"The harbour plan {a} waits for the dredging", KINDS[a % 3]),
        ]
        day = f"2024-1{a % 3}-0{1 + a % 9}"
        out.append(article(quotes, published=day, publisher="East Gazette", title=f"Dredging {a}"))
    return out


def test_appended_rows_count_as_a_group_by(db: Path) -> None:
    with Corpus(db) as c:
        assert_exact(c)
        shared = c._columns
        assert shared is not None
        ingest_results(records(40, 6), db)
        assert_exact(c)
        ingest_results(newcomers(46, 9), db)
        assert_exact(c)
        assert (shared.builds, shared.appends) == (1, 2)
        assert group_by(db)["outlet"]["East Gazette"] > 0


def test_a_hide_a_merge_and_a_reassign_are_seen(db: Path) -> None:
    with Corpus(db) as c:
        assert_exact(c)
        shared = c._columns
        assert shared is not None
        ingest_results(newcomers(40, 4), db)
        assert_exact(c)
        c.hide(5)
        assert_exact(c)
        assert shared.builds == 2
        c.merge("Ada Quill", "Dara Kell")
        assert_exact(c)
        c.reassign(7, "Bram Oster")
        assert_exact(c)
        c.unhide(5)
        assert_exact(c)
        assert shared.builds == 5


def test_a_story_change_is_seen(db: Path) -> None:
    """The story linker folds one story into another by rewriting stored articles (no statement row moves):
    the appended arrays read the articles' stories again."""
    from quotegraph.corpus.store import Store

    with Corpus(db) as c:
        assert_exact(c)
        shared = c._columns
        assert shared is not None
        with Store(db) as store:
            (a, b) = store.conn.execute("SELECT DISTINCT story FROM documents LIMIT 2").fetchall()
            store.conn.execute("UPDATE documents SET story = ? WHERE story = ?", (a[0], b[0]))
        assert_exact(c)
        assert (shared.builds, shared.appends) == (1, 1)
        with Store(db) as store:
            store.conn.execute("UPDATE documents SET story = NULL WHERE id = 3")
        assert_exact(c)
        with Store(db) as store:  # a stored article given a story: the writer does not count it
            store.conn.execute("UPDATE documents SET story = ? WHERE id = 3", (a[0],))
        assert_exact(c)
        ingest_results(newcomers(40, 3), db)  # and the appended arrays go on from there
        assert_exact(c)
        assert (shared.builds, shared.appends) == (1, 4)


def test_what_an_ingest_batch_rewrites_is_seen(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linking in a batch may rewrite stored statements (a merge, a re-applied decision) and stored
    articles (a story merge) in the transaction that appends the batch's rows."""
    from quotegraph.corpus import batch

    reapply = batch.decisions.reapply

    def linking_rewrites(conn: sqlite3.Connection) -> None:
        reapply(conn)
        conn.execute(
            "UPDATE statements SET speaker = (SELECT speaker FROM statements WHERE id = 2) WHERE id = 1"
        )
        conn.execute("UPDATE documents SET story = (SELECT story FROM documents WHERE id = 1) WHERE id = 2")

    with Corpus(db) as c:
        assert_exact(c)
        shared = c._columns
        assert shared is not None
        monkeypatch.setattr(batch.decisions, "reapply", linking_rewrites)
        ingest_results(newcomers(40, 5), db)
        assert_exact(c)
        assert shared.builds == 2


def test_one_columns_per_store_file(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ingest_results(records(0, 3), other)
    with Corpus(db) as a, Corpus(db) as b, Corpus(other) as o:
        a.columns(), b.columns(), o.columns()
        assert a._columns is b._columns and a._columns is not o._columns
        assert a._columns is not None and a._columns.builds == 1


def test_without_the_columns_sqlite_aggregates(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quotegraph.query.columns.MAX_ROWS", 10)  # the store is too large to hold
    with Corpus(db) as c:
        assert c.columns() is None
        assert facets(search_module.tally(c, Filters(q="harbour"))) == group_by(db)


def test_the_columns_go_with_the_last_corpus(db: Path) -> None:
    import gc
    import weakref

    from quotegraph.query import columns as columns_module

    with Corpus(db) as c:
        c.columns()
        held = weakref.ref(c._columns)
        assert held() in columns_module._registry.values()
    del c
    gc.collect()
    assert held() is None  # no open Corpus holds them: memory given back (what other tests left aside)


def test_a_server_never_waits_for_a_rebuild(db: Path) -> None:
    """wait=False: None (count with SQLite) until the background rebuild is done, then the new arrays; new
    rows alone are appended at once."""
    with Corpus(db) as c:
        c.background_columns = True
        shared = columns.columns(c.db)
        assert shared.snapshot(wait=False) is None  # never built: it starts a build and does not wait
        assert shared.building is not None
        shared.building.join(timeout=60)
        snap = c.columns()
        assert snap is not None and shared.builds == 1
        ingest_results(records(40, 3), db)
        appended = shared.snapshot(wait=False)
        assert appended is not None and len(appended.exists) > len(snap.exists) and shared.appends == 1
        c.hide(2)  # a stored row changed: everything is read again, in the background
        assert shared.snapshot(wait=False) is None
        with shared.lock:  # a rebuild in progress: the caller does not wait for it
            shared.rebuilding = True
            assert shared.snapshot(wait=False) is None
            shared.rebuilding = False
        shared.building.join(timeout=60)
        assert shared.snapshot(wait=False) is not None and shared.builds == 2
        assert_exact(c)
