"""``link_dataset``: cross-article linking of the Dask engine's Parquet dataset on the Dask cluster, written
as Parquet that DuckDB (or any Parquet reader) queries directly.

Stages, each a map over the dataset's partitions and a shuffle into ``buckets`` reducers:

1. prepare: each partition's articles as the SQLite ingest would link them (``corpus.batch.local_entities``,
   link order, statements with their speaker's local entity, story terms), kept in worker memory;
2. entities: organisations and places by name component, persons by surname, replayed in ingest order
   (scale.link_entities); person rounds repeat until no label changes;
3. statement groups: targets by words hash, by speaker and by MinHash band (scale.link_statements);
4. stories: each article's terms, entities and shared statement groups, replayed through the SQLite
   story linker in ingest order on the client (scale.link_stories).

Ingest order is the dataset's partition order and the articles' order in them, as ``quotegraph load``
reads it; a document id seen before is skipped, as the store skips it. The client holds the small
per-item results between stages (labels, targets, document frequencies), one integer or two per entity,
statement and article; the text-heavy work (names, words, MinHash, vectors, pair scores) runs on workers.

Output (OUT/*.parquet): entities, entity_mentions (document_id, local_id -> entity_id), statements
(document_id, statement_id -> group_id, speaker_id), statement_groups, stories (document_id -> story_id),
story_summaries, and link.json (counts and seconds per stage).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quotegraph.corpus.batch import local_entities, speaker_local
from quotegraph.corpus.link.entities import (
    LocalEntity,
    adopting_norm,
    alias_norms,
    link_order,
    org_person_norm,
)
from quotegraph.corpus.link.statements import band_keys, shingles, text_key
from quotegraph.corpus.link.stories import terms
from quotegraph.corpus.link.text import hash64, words
from quotegraph.corpus.parquet import complete_parts, read_part
from quotegraph.corpus.store.db import day_of
from quotegraph.errors import InputError
from quotegraph.scale import link_entities as le
from quotegraph.scale import link_statements as ls
from quotegraph.scale import link_stories as lst

MAX_ROUNDS = 8
STORY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER")


@dataclass
class LinkSummary:
    documents: int = 0
    entities: int = 0
    statements: int = 0
    groups: int = 0
    stories: int = 0
    person_rounds: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        total = sum(self.seconds.values())
        return (
            f"linked {self.documents} articles: {self.entities} entities, {self.statements} statements in "
            f"{self.groups} groups, {self.stories} stories ({self.person_rounds} person rounds, {total:.1f} s)"
        )


@dataclass
class PreparedDoc:
    seq: int
    document_id: str
    day: str | None
    title: str | None
    entities: list[LocalEntity]  # in link order: position = index
    local_order: list[int]  # the positions of the entities in the article's own order
    statements: list[tuple[str, str | None, bool, str]]  # (id, speaker local id, named, text)
    tf: Counter[str]


def _bucket(key: str | int, n: int) -> int:
    return (key if isinstance(key, int) else hash64(key)) % n


def part_documents(dataset: str, part: str) -> list[tuple[str, str | None, str | None]]:
    """(document id, day, title) of a partition's articles, in order."""
    return [(r.article.id, day_of(r.article.published), r.article.title) for r in read_part(dataset, part)]


def chunk_documents(dataset: str, parts: list[str]) -> list[list[tuple[str, str | None, str | None]]]:
    return [part_documents(dataset, part) for part in parts]


def prepare_chunk(dataset: str, parts: list[str], seqs: list[list[int | None]]) -> list[PreparedDoc]:
    """Consecutive partitions prepared by one task."""
    return [d for part, s in zip(parts, seqs, strict=True) for d in prepare_part(dataset, part, s)]


def prepare_part(dataset: str, part: str, seqs: list[int | None]) -> list[PreparedDoc]:
    """The partition's articles as the SQLite ingest links them; ``seqs`` gives each its place in ingest
    order (None: a repeat, skipped)."""
    out: list[PreparedDoc] = []
    for record, seq in zip(read_part(dataset, part), seqs, strict=True):
        if seq is None:
            continue
        art = record.article
        sts = [
            (st.id, speaker_local(st) if st.speaker else None, bool(st.speaker and st.speaker.named), st.text)
            for st in record.statements
        ]
        local = list(local_entities(record).values())
        ordered = link_order(local)
        pos_of = {id(ent): pos for pos, ent in enumerate(ordered)}
        out.append(
            PreparedDoc(
                seq=seq,
                document_id=art.id,
                day=day_of(art.published),
                title=art.title,
                entities=ordered,
                local_order=[pos_of[id(ent)] for ent in local],
                statements=sts,
                tf=terms((art.title or "") + "\n" + art.text),
            )
        )
    return out


def _key(type_: str, norm: str) -> str:
    return f"{type_}\x00{norm}"


def _person_key(surname: str | None) -> str:
    return _key("PERSON", surname or "")


def block_edges(docs: list[PreparedDoc]) -> tuple[set[tuple[str, ...]], set[str]]:
    """The partition's edges between block keys (the name sets of named non-persons that hold more than
    one name; a person who may adopt an organisation of its name, with that name), and the names of its
    organisations shaped like persons' names (looked up among persons: person_edges)."""
    edges: set[tuple[str, ...]] = set()
    org_persons: set[str] = set()
    for d in docs:
        for ent in d.entities:
            if not le.is_linkable(ent):
                continue
            if ent.type == "PERSON":
                adopt = adopting_norm(ent)
                if adopt is not None:
                    edges.add((_person_key(adopt[1]), _key("ORG", adopt[0])))
                continue
            norms = sorted(alias_norms(ent))
            if len(norms) > 1:
                edges.add(tuple(_key(ent.type, n) for n in norms))
            norm = org_person_norm(ent)
            if norm is not None:
                org_persons.add(norm)
    return edges, org_persons


def person_edges(docs: list[PreparedDoc], org_persons: set[str]) -> set[tuple[str, ...]]:
    """Each person whose names include an organisation's person-shaped name: the two blocks are one."""
    edges: set[tuple[str, ...]] = set()
    for d in docs:
        for ent in d.entities:
            if ent.type == "PERSON" and le.is_linkable(ent):
                for norm in alias_norms(ent) & org_persons:
                    edges.add((_person_key(le.person_givens(ent)[0]), _key("ORG", norm)))
    return edges


def entity_rows(docs: list[PreparedDoc], roots: dict[str, str], mixed: set[str], n: int) -> dict[str, Any]:
    """Shuffle map: named non-persons by their block's root name, named persons by their surname's root;
    blocks holding persons (and ``mixed`` roots) go with the persons, linked in rounds; unnamed entities
    are their own; ``index`` lists every local entity (seq, pos, local id, type, named)."""
    nonpersons: dict[int, list[le.EntityRow]] = {}
    persons: dict[int, list[le.EntityRow]] = {}
    unnamed: list[le.CorpusEntity] = []
    index: list[tuple[int, int, str, str, bool]] = []
    for d in docs:
        for pos, ent in enumerate(d.entities):
            row = le.EntityRow(d.seq, pos, d.day, ent)
            index.append((d.seq, pos, ent.local_id, ent.type, ent.named))
            if not le.is_linkable(ent):
                unnamed.append(le.unnamed(row))
            elif ent.type == "PERSON":
                key = _person_key(le.person_givens(ent)[0])
                persons.setdefault(_bucket(roots.get(key, key), n), []).append(row)
            else:
                first = _key(ent.type, min(alias_norms(ent)))
                root = roots.get(first, first)
                (persons if root in mixed else nonpersons).setdefault(_bucket(root, n), []).append(row)
    return {"nonpersons": nonpersons, "persons": persons, "unnamed": unnamed, "index": index}


def _take(result: dict[str, Any], kind: str, b: int) -> list:
    return result[kind].get(b, [])


def _unnamed_and_index(result: dict[str, Any]) -> tuple[list, list]:
    return result["unnamed"], result["index"]


def _index(result: dict[str, Any]) -> list:
    return result["index"]


def _concat(lists: list[list]) -> list:
    return [x for lst_ in lists for x in lst_]


def _nonperson_reduce(
    lists: list[list[le.EntityRow]],
) -> tuple[dict[int, int], list[le.CorpusEntity], set[int]]:
    return le.link_block(_concat(lists), {})


def _person_reduce(
    rows: list[le.EntityRow], context: le.Context
) -> tuple[dict[int, int], list[le.CorpusEntity], set[int]]:
    return le.link_block(rows, context)


def statement_rows(docs: list[PreparedDoc], assigned: dict[int, int], n: int) -> dict[str, Any]:
    """Shuffle map of statements: by words hash, by speaker, by MinHash band; ``index`` lists each
    (sid, document id, statement id, speaker, text)."""
    by_hash: dict[int, list] = {}
    by_speaker: dict[int, list] = {}
    by_band: dict[int, list] = {}
    index: list[tuple[int, str, str, int | None, str]] = []
    for d in docs:
        pos_of = {ent.local_id: pos for pos, ent in enumerate(d.entities)}
        for k, (st_id, sp_local, named, text) in enumerate(d.statements):
            sid = d.seq * ls.SID_STRIDE + k
            speaker = assigned.get(le.label_of(d.seq, pos_of[sp_local])) if sp_local in pos_of else None
            row = ls.StatementRow(sid, text, speaker, named)
            index.append((sid, d.document_id, st_id, speaker, text))
            h = text_key(text)
            by_hash.setdefault(_bucket(h, n), []).append((h, row))
            if speaker is not None:
                by_speaker.setdefault(_bucket(speaker, n), []).append(row)
            sh = shingles(words(text))
            if len(sh) >= 2:
                for band in band_keys(sh):
                    by_band.setdefault(_bucket(band, n), []).append((band, row))
    return {"hash": by_hash, "speaker": by_speaker, "band": by_band, "index": index}


def _exact_reduce(lists: list[list]) -> list[ls.Target]:
    return ls.exact_targets(_concat(lists))


def _fragment_reduce(lists: list[list]) -> list[ls.Target]:
    return ls.fragment_targets(_concat(lists))


def _near_reduce(lists: list[list]) -> list[ls.Target]:
    return ls.near_targets(_concat(lists))


def story_inputs(docs: list[PreparedDoc], assigned: dict[int, int]) -> list[lst.StoryInput]:
    """What the story replay reads of each article (scale.link_stories), entities as their entity labels."""
    out: list[lst.StoryInput] = []
    for d in docs:
        named = [
            (assigned[le.label_of(d.seq, pos)], max(1, len(d.entities[pos].spans)))
            for pos in d.local_order
            if d.entities[pos].named and d.entities[pos].type in STORY_TYPES
        ]
        mentions = [assigned[le.label_of(d.seq, pos)] for pos in range(len(d.entities))]
        out.append(lst.StoryInput(d.seq, d.day, d.tf, named, mentions))
    return out


def _share(client: Any, obj: Any) -> Any:
    """One copy of ``obj`` on every worker (a dict given to scatter alone would be split by key)."""
    return client.scatter([obj], broadcast=True)[0]


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or max(1, os.cpu_count() or 1)
    with (
        LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def link_dataset(
    dataset: str | Path,
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    buckets: int | None = None,
) -> LinkSummary:
    """Link the Parquet dataset at ``dataset`` on a Dask cluster, writing the results under ``out`` (see the
    module docstring). ``scheduler=None`` starts a LocalCluster of ``workers`` processes."""
    dataset = str(Path(dataset).resolve())
    parts = complete_parts(dataset)
    if not parts:
        raise InputError(f"{dataset}: no complete partitions (expected the output of `ingest --engine dask`)")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _client(scheduler, workers) as client:
        n = buckets or max(4, 2 * sum(client.nthreads().values()))
        return _run(client, dataset, parts, out_dir, n)


def _run(client: Any, dataset: str, parts: list[str], out_dir: Path, n: int) -> LinkSummary:
    summary = LinkSummary()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[stage] = round(now - clock, 3)
        clock = now

    # 1. ingest order and preparation
    size = -(-len(parts) // n)  # n contiguous chunks of partitions: few, large tasks
    chunks = [parts[i : i + size] for i in range(0, len(parts), size)]
    listed = [
        docs
        for chunk in client.gather(client.map(chunk_documents, [dataset] * len(chunks), chunks))
        for docs in chunk
    ]
    seen: set[str] = set()
    seqs: list[list[int | None]] = []
    doc_meta: dict[int, tuple[str, str | None, str | None]] = {}
    for docs in listed:
        part_seqs: list[int | None] = []
        for doc_id, day, title in docs:
            if doc_id in seen:
                part_seqs.append(None)
                continue
            seen.add(doc_id)
            part_seqs.append(len(doc_meta))
            doc_meta[len(doc_meta)] = (doc_id, day, title)
        seqs.append(part_seqs)
    offsets = [sum(len(c) for c in chunks[:i]) for i in range(len(chunks))]
    prepared = client.map(
        prepare_chunk,
        [dataset] * len(chunks),
        chunks,
        [seqs[o : o + len(c)] for o, c in zip(offsets, chunks, strict=True)],
    )
    summary.documents = len(doc_meta)
    lap("prepare")

    # 2. entities
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(keys: tuple[str, ...]) -> None:
        root = find(keys[0])
        for other in keys[1:]:
            r = find(other)
            if r != root:
                parent[max(r, root)] = min(r, root)
                root = min(r, root)

    edges: set[tuple[str, ...]] = set()
    org_persons: set[str] = set()
    for part_edges, part_orgs in client.gather(client.map(block_edges, prepared)):
        edges |= part_edges
        org_persons |= part_orgs
    if org_persons:
        orgs_f = _share(client, org_persons)
        for part_edges in client.gather(client.map(person_edges, prepared, [orgs_f] * len(prepared))):
            edges |= part_edges
    for keys in edges:
        union(keys)
    roots = {k: find(k) for k in parent}
    mixed = {find(k) for keys in edges for k in keys if k.startswith("PERSON\x00")}
    rows = client.map(
        entity_rows,
        prepared,
        [_share(client, roots)] * len(prepared),
        [_share(client, mixed)] * len(prepared),
        n=n,
    )
    np_res = [
        client.submit(_nonperson_reduce, [client.submit(_take, r, "nonpersons", b) for r in rows])
        for b in range(n)
    ]
    person_rows = [
        client.submit(_concat, [client.submit(_take, r, "persons", b) for r in rows]) for b in range(n)
    ]
    assigned: dict[int, int] = {}
    entities: dict[int, le.CorpusEntity] = {}
    retyped: set[int] = set()
    for amap, made, _ in client.gather(np_res):
        assigned.update(amap)
        entities.update((e.id, e) for e in made)
    index: list[tuple[int, int, str, str, bool]] = []
    for u, idx in client.gather([client.submit(_unnamed_and_index, r) for r in rows]):
        for e in u:
            assigned[e.id] = e.id
            entities[e.id] = e
        index.extend(idx)
    persons = {le.label_of(s, p) for s, p, _, t, named in index if le.label_of(s, p) not in assigned}
    person_map = {lbl: lbl for lbl in persons}
    person_made: list[le.CorpusEntity] = []
    for rnd in range(1, MAX_ROUNDS + 1):
        both = {**assigned, **person_map}
        context: le.Context = {}
        for s, p, _, t, named in index:
            context.setdefault(s, []).append((p, both[le.label_of(s, p)], t, named))
        ctx = _share(client, context)
        new_map: dict[int, int] = {}
        person_made = []
        retyped = set()
        for amap, made, re_ in client.gather([client.submit(_person_reduce, pr, ctx) for pr in person_rows]):
            new_map.update(amap)
            person_made.extend(made)
            retyped |= re_
        summary.person_rounds = rnd
        changed = new_map != person_map
        person_map = new_map
        if not changed:
            break
    assigned.update(person_map)
    entities.update((e.id, e) for e in person_made)
    index = [
        (s, p, local, "PERSON" if le.label_of(s, p) in retyped else t, named)
        for s, p, local, t, named in index
    ]
    summary.entities = len(entities)
    lap("entities")

    # 3. statement groups
    assigned_f = _share(client, assigned)
    st_rows = client.map(statement_rows, prepared, [assigned_f] * len(prepared), n=n)
    reducers = [
        client.submit(fn, [client.submit(_take, r, kind, b) for r in st_rows])
        for kind, fn in (("hash", _exact_reduce), ("speaker", _fragment_reduce), ("band", _near_reduce))
        for b in range(n)
    ]
    targets = ls.best_targets(t for res in client.gather(reducers) for t in res)
    st_index = [x for idx in client.gather([client.submit(_index, r) for r in st_rows]) for x in idx]
    group_of = ls.group_roots((x[0] for x in st_index), targets)
    summary.statements = len(st_index)
    summary.groups = len(set(group_of.values()))
    lap("statements")

    # 4. stories
    group_docs: dict[int, set[int]] = {}
    for sid, group in group_of.items():
        group_docs.setdefault(group, set()).add(sid // ls.SID_STRIDE)
    doc_groups: dict[int, set[int]] = {}
    for group, docs in group_docs.items():
        if len(docs) > 1:
            for seq in docs:
                doc_groups.setdefault(seq, set()).add(group)
    inputs = client.gather(client.map(story_inputs, prepared, [assigned_f] * len(prepared)))
    entity_ids = {label: i + 1 for i, label in enumerate(sorted(entities))}
    story_of = lst.replay((x for part in inputs for x in part), entity_ids, doc_groups)
    summary.stories = len(set(story_of.values()))
    lap("stories")

    _write(out_dir, doc_meta, entities, index, assigned, st_index, group_of, story_of)
    lap("write")
    (out_dir / "link.json").write_text(json.dumps(asdict(summary), indent=1), encoding="utf-8")
    return summary


def _write(
    out_dir: Path,
    doc_meta: dict[int, tuple[str, str | None, str | None]],
    entities: dict[int, le.CorpusEntity],
    index: list[tuple[int, int, str, str, bool]],
    assigned: dict[int, int],
    st_index: list[tuple[int, str, str, int | None, str]],
    group_of: dict[int, int],
    story_of: dict[int, int],
) -> None:
    """The result tables; ids are the labels (the SQLite store's creation order)."""

    def write(name: str, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
        tmp = out_dir / f".{name}.parquet.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema), tmp)
        os.replace(tmp, out_dir / f"{name}.parquet")

    i64, s, b = pa.int64(), pa.string(), pa.bool_()
    write(
        "entities",
        [e.record() for _, e in sorted(entities.items())],
        pa.schema(
            [
                ("entity_id", i64),
                ("name", s),
                ("type", s),
                ("named", b),
                ("mentions", i64),
                ("documents", i64),
            ]
            + [("first_date", s), ("last_date", s), ("aliases", pa.list_(s)), ("descriptors", pa.list_(s))]
        ),
    )
    write(
        "entity_mentions",
        [
            {
                "document_id": doc_meta[seq][0],
                "local_id": local,
                "type": t,
                "entity_id": assigned[le.label_of(seq, p)],
            }
            for seq, p, local, t, _ in index
        ],
        pa.schema([("document_id", s), ("local_id", s), ("type", s), ("entity_id", i64)]),
    )
    write(
        "statements",
        [
            {"document_id": doc, "statement_id": st, "group_id": group_of[sid], "speaker_id": sp}
            for sid, doc, st, sp, _ in st_index
        ],
        pa.schema([("document_id", s), ("statement_id", s), ("group_id", i64), ("speaker_id", i64)]),
    )
    groups: dict[int, dict[str, Any]] = {}
    for sid, _, _, _, text in sorted(st_index):
        g = groups.setdefault(
            group_of[sid], {"group_id": group_of[sid], "statements": 0, "docs": set(), "text": text}
        )
        g["statements"] += 1
        g["docs"].add(sid // ls.SID_STRIDE)
        if len(text) > len(g["text"]):
            g["text"] = text
    write(
        "statement_groups",
        [
            {
                "group_id": g["group_id"],
                "statements": g["statements"],
                "documents": len(g["docs"]),
                "text": g["text"],
            }
            for g in groups.values()
        ],
        pa.schema([("group_id", i64), ("statements", i64), ("documents", i64), ("text", s)]),
    )
    write(
        "stories",
        [{"document_id": doc_meta[seq][0], "story_id": story} for seq, story in sorted(story_of.items())],
        pa.schema([("document_id", s), ("story_id", i64)]),
    )
    summaries: dict[int, dict[str, Any]] = {}
    for seq, story in sorted(story_of.items()):
        _, day, title = doc_meta[seq]
        st = summaries.setdefault(
            story, {"story_id": story, "documents": 0, "first_date": None, "last_date": None, "label": None}
        )
        st["documents"] += 1
        if day:
            st["first_date"] = min(filter(None, [st["first_date"], day]))
            st["last_date"] = max(filter(None, [st["last_date"], day]))
        if title and title.strip() and st["label"] is None:
            st["label"] = title.strip()
    write(
        "story_summaries",
        list(summaries.values()),
        pa.schema([("story_id", i64), ("documents", i64), ("first_date", s), ("last_date", s), ("label", s)]),
    )
