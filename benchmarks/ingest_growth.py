"""Ingest as the store grows: the same articles into an empty store and into stores of 100k and 1M statements.

    nice .venv/bin/python benchmarks/ingest_growth.py ../shared/data/polnear/dev/text \\
        --background ../shared/data/polnear/train/text --metadata ../shared/data/polnear/metadata.tsv \\
        [--sizes 0 100000 1000000] [--rounds 2] [--full]

A store of size N is the generated benchmark store of N statements (benchmarks/query_latency.py's generator:
2,000 speakers, 300 outlets, ten years of dates) with the ``--background`` articles (real ones) ingested on
top, so the linker's tables hold real entities, statement groups and stories too; size 0 is the background
articles alone. "empty" is a store with nothing in it. ``--metadata`` (a table `ingest --metadata` reads) gives
the cached records their dates, outlets and titles, as a real ingest with it would: the generated articles
are spread over the background's dated stories, so the background needs dates. The measured articles are extracted once and cached
as JSONL (``--cache``), so a row times what grows with the store: writing, linking (entities, statement
groups, stories, reactions) and re-applying corrections. Each round copies the base store and ingests in a
fresh child process (``ingest_results``), which also reports its peak RSS and the time inside each linker.
``--full`` adds one whole ``quotegraph ingest`` run from the files per size (extraction included, the
issue's own measure). Each figure is the best of ``--rounds``; the ratio is the empty store's seconds over
this row's. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from quotegraph.corpus.link.stories import refresh_stories

sys.path.insert(0, str(Path(__file__).resolve().parent))

# (module, class or None, function): the steps of add_batch timed separately, in ms per article
TIMED = [
    ("quotegraph.corpus.store.db", "Store", "insert_document"),
    ("quotegraph.corpus.store.db", "Store", "insert_statement"),
    ("quotegraph.corpus.link.entities", "EntityLinker", "link_document"),
    ("quotegraph.corpus.link.statements", "StatementLinker", "assign"),
    ("quotegraph.corpus.link.statements", "StatementLinker", "refresh"),
    ("quotegraph.corpus.link.stories", "StoryLinker", "assign"),
    ("quotegraph.corpus.link.stories", "StoryLinker", "refresh"),
    ("quotegraph.corpus.link.reactions", "ReactionLinker", "relink_after"),
    ("quotegraph.corpus.decisions", None, "reapply"),
]
LABELS = {
    "insert_document": "write doc",
    "insert_statement": "write st",
    "link_document": "entities",
    "assign@StatementLinker": "groups",
    "refresh@StatementLinker": "groups+",
    "assign@StoryLinker": "stories",
    "refresh@StoryLinker": "stories+",
    "relink_after": "reactions",
    "reapply": "decisions",
}


def _instrument(spent: dict[str, float]) -> None:
    import importlib

    for module_name, cls_name, fn_name in TIMED:
        module = importlib.import_module(module_name)
        owner = getattr(module, cls_name) if cls_name else module
        key = fn_name if fn_name in LABELS else f"{fn_name}@{cls_name}"
        original = getattr(owner, fn_name)

        def wrap(original=original, key=key):  # type: ignore[no-untyped-def]
            @functools.wraps(original)
            def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
                start = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    spent[key] += time.perf_counter() - start

            return timed

        setattr(owner, fn_name, wrap())


def child(db: str, records: str) -> None:
    """One timed ingest of cached records into ``db``; prints one JSON line."""
    spent: dict[str, float] = defaultdict(float)
    _instrument(spent)
    from quotegraph.corpus.ingest import ingest_results

    with open(records, encoding="utf-8") as fh:
        results = [json.loads(line) for line in fh if line.strip()]
    start = time.perf_counter()
    summary = ingest_results(results, db)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "documents": summary.documents, "peak_mb": peak, "spent": spent}))


def extract_cached(folder: str, out: Path) -> Path:
    """The folder's extraction records as JSONL, made once (with this checkout's code)."""
    if not out.exists():
        tmp = out.with_suffix(".part")
        with tmp.open("w", encoding="utf-8") as fh:
            subprocess.run(
                [sys.executable, "-m", "quotegraph.cli", "extract", folder, "--jsonl", "--no-progress"],
                check=True,
                stdout=fh,
            )
        tmp.rename(out)
    return out


def with_metadata(records: Path, table: str | None) -> list[dict]:
    """The cached records, each document given its row of the metadata table (if any)."""
    from quotegraph.extraction.read.metadata import load_metadata

    rows = load_metadata(table) if table else None
    out = []
    with records.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                row = rows.row_for(record["document"].get("source")) if rows else None
                record["document"].update(row or {})
                out.append(record)
    return out


def base_store(size: int, background: list[dict], cache: Path) -> Path:
    """The generated store of ``size`` statements plus the background articles, made once."""
    from query_latency import generate

    from quotegraph.corpus.ingest import ingest_results
    from quotegraph.corpus.store import Store

    db = cache / f"base-{size}.db"
    if not db.exists():
        tmp = cache / f"base-{size}.part.db"
        for p in cache.glob(tmp.name + "*"):
            p.unlink()
        start = time.perf_counter()
        if size:
            generated = cache / f"gen-{size}.db"  # the generated store alone, kept for the next run
            if not generated.exists():
                generate(cache / "gen.part.db", size)
                (cache / "gen.part.db").rename(generated)
            shutil.copyfile(generated, tmp)
        ingest_results(background, tmp)
        with Store(tmp) as store:
            if size:
                spread(store.conn)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tmp.rename(db)
        print(f"built base store of {size:,} generated statements in {time.perf_counter() - start:.0f} s")
    return db


def spread(conn: sqlite3.Connection, mentions_per_doc: int = 5, real_speaker_share: float = 0.5) -> None:
    """Tie the generated rows to the real articles' linking tables, as a big corpus would be: each
    generated article joins a real story (chosen in proportion to its size, dated within a week of it)
    and mentions real named entities (chosen in proportion to their mentions), and a share of the
    generated statements are by real people (likewise). So the big stories, the popular entities and the
    prolific speakers the measured articles link to are as big as in a corpus of this size."""
    rng = np.random.default_rng(3)
    conn.execute("BEGIN")
    stories = conn.execute(
        "SELECT id, documents, first_date FROM stories WHERE first_date IS NOT NULL"
    ).fetchall()
    if not stories:
        raise SystemExit("the background articles have no dated stories: give --metadata with their dates")
    ents = conn.execute(
        "SELECT id, name, type, mentions FROM entities WHERE named = 1 AND merged_into IS NULL AND mentions > 0 "
        "AND type IN ('PERSON', 'ORG', 'GPE', 'NORP')"
    ).fetchall()
    people = [e for e in ents if e[2] == "PERSON"]
    docs = [r[0] for r in conn.execute("SELECT id FROM documents WHERE extractor_version = 'bench'")]
    sw = np.array([s[1] for s in stories], dtype=float)
    story_of = rng.choice(len(stories), size=len(docs), p=sw / sw.sum())
    shift = rng.integers(-7, 8, size=len(docs))
    conn.executemany(
        "UPDATE documents SET story = ?, date = date(?, ?) WHERE id = ?",
        [
            (stories[k][0], stories[k][2][:10], f"{int(d):+d} days", doc)
            for doc, k, d in zip(docs, story_of.tolist(), shift.tolist(), strict=True)
        ],
    )
    conn.execute(
        "UPDATE statements SET date = (SELECT date FROM documents d WHERE d.id = statements.document) "
        "WHERE extractor_version = 'bench'"
    )
    ew = np.array([e[3] for e in ents], dtype=float)
    picks = rng.choice(len(ents), size=(len(docs), mentions_per_doc), p=ew / ew.sum())
    rows = []
    for doc, row in zip(docs, picks.tolist(), strict=True):
        for j, k in enumerate(dict.fromkeys(row)):
            e = ents[k]
            rows.append((doc, f"G{j}", e[0], e[1], e[2], e[0]))
    conn.executemany(
        "INSERT INTO mentions (document, local_id, entity, name, type, spans, linked) VALUES (?, ?, ?, ?, ?, '[]', ?)",
        rows,
    )
    conn.execute(
        "UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE entity = entities.id), "
        "documents = (SELECT count(DISTINCT document) FROM mentions WHERE entity = entities.id) "
        "WHERE id IN (SELECT DISTINCT entity FROM mentions)"
    )
    pw = np.array([e[3] for e in people], dtype=float)
    ids = [r[0] for r in conn.execute("SELECT id FROM statements WHERE extractor_version = 'bench'")]
    chosen = [i for i, u in zip(ids, rng.random(len(ids)).tolist(), strict=True) if u < real_speaker_share]
    speakers = rng.choice(len(people), size=len(chosen), p=pw / pw.sum())
    conn.executemany(
        "UPDATE statements SET speaker = ? WHERE id = ?",
        [(people[k][0], i) for i, k in zip(chosen, speakers.tolist(), strict=True)],
    )
    conn.execute(
        "UPDATE entities SET statements = (SELECT count(*) FROM statements WHERE speaker = entities.id), "
        "speech = (SELECT count(*) FROM statements WHERE speaker = entities.id AND act = 'speech')"
    )
    # every stored statement has a group (the linker gives each one), one of its own where nothing matched
    g0 = conn.execute("SELECT coalesce(max(id), 0) FROM statement_groups").fetchone()[0]
    conn.execute(
        "INSERT INTO statement_groups (id, text, speaker, first_date, first_document, statements, documents, "
        "outlets) SELECT id + ?, text, speaker, date, document, 1, 1, 1 FROM statements "
        "WHERE extractor_version = 'bench' AND group_id IS NULL",
        (g0,),
    )
    conn.execute(
        "UPDATE statements SET group_id = id + ? WHERE extractor_version = 'bench' AND group_id IS NULL",
        (g0,),
    )
    refresh_stories(conn, {s[0] for s in stories})
    conn.execute("COMMIT")


def migrated(db: Path) -> None:
    """A cached base store brought to this checkout's schema once, before the rounds: a migration is paid
    once per store, not by every ingest the rows time."""
    from quotegraph.corpus.store import SCHEMA_VERSION, Store

    with sqlite3.connect(db) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        start = time.perf_counter()
        with Store(db) as store:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"migrated {db.name} from schema {version} in {time.perf_counter() - start:.1f} s")


def stored_statements(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM statements").fetchone()[0]


def fresh_copy(base: Path | None, tmp: Path, name: str) -> Path:
    """``tmp/name``: a copy of the base store (its WAL files gone), or nothing for the empty row."""
    db = tmp / name
    for p in tmp.glob(name + "*"):
        p.unlink()
    if base is not None:
        shutil.copyfile(base, db)
    return db


def timed_round(base: Path | None, records: Path, tmp: Path) -> dict:
    db = fresh_copy(base, tmp, "round.db")
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(records)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def full_round(base: Path | None, folder: str, tmp: Path) -> float:
    db = fresh_copy(base, tmp, "full.db")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "quotegraph.cli", "ingest", folder, "--db", str(db), "-q"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="?", help="folder of the articles to ingest (e.g. PolNeAR dev text/)")
    parser.add_argument("--background", help="folder of real articles stored before (e.g. PolNeAR train)")
    parser.add_argument(
        "--metadata", help="table of the articles' dates, outlets, titles (as ingest --metadata)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cache", default="/tmp/quotegraph-ingest-growth")
    parser.add_argument("--full", action="store_true", help="also time whole `quotegraph ingest` runs")
    parser.add_argument("--child", nargs=2, metavar=("DB", "RECORDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if not args.inputs or not args.background:
        parser.error("give the articles to ingest and --background")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    measured = with_metadata(extract_cached(args.inputs, cache / "measured.jsonl"), args.metadata)
    records = cache / "measured-dated.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in measured), encoding="utf-8")
    background = with_metadata(extract_cached(args.background, cache / "background.jsonl"), args.metadata)
    rows: list[tuple[str, Path | None]] = [("empty", None)]
    rows += [(f"{size:,}", base_store(size, background, cache)) for size in args.sizes]
    for _, base in rows[1:]:
        migrated(base)
    with tempfile.TemporaryDirectory(dir=cache) as tmpdir:
        tmp = Path(tmpdir)
        best: dict[str, dict] = {}
        full: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.rounds):  # rounds alternate over the sizes so machine noise hits all of them
            for label, base in rows:
                r = timed_round(base, records, tmp)
                if label not in best or r["seconds"] < best[label]["seconds"]:
                    best[label] = r
        if args.full:
            for label, base in rows:
                full[label].append(full_round(base, args.inputs, tmp))
    keys = [k for k in LABELS if any(k in r["spent"] for r in best.values())]
    head = f"{'generated':>10} {'stored st':>10} {'art/s':>7} {'ms/art':>7} {'ratio':>6} {'peak MB':>8}"
    print(head + "".join(f" {LABELS[k]:>9}" for k in keys) + ("   full s  ratio" if args.full else ""))
    base_s = best["empty"]["seconds"]
    for label, base in rows:
        r = best[label]
        n = r["documents"]
        stored = stored_statements(base) if base else 0
        line = (
            f"{label:>10} {stored:>10,} {n / r['seconds']:7.1f} {1000 * r['seconds'] / n:7.1f} "
            f"{base_s / r['seconds']:6.2f} {r['peak_mb']:8.0f}"
        )
        line += "".join(f" {1000 * r['spent'].get(k, 0.0) / n:9.2f}" for k in keys)
        if args.full:
            f = min(full[label])
            line += f" {f:8.1f} {min(full['empty']) / f:6.2f}"
        print(line)
    print(
        f"(best of {args.rounds}; ms/art is write + link + corrections per article, then per step; "
        "ratio: the empty store's seconds / this row's; target >= 0.9 at 1,000,000)"
    )


if __name__ == "__main__":
    main()
