"""Stories for the Dask linker: the SQLite story linker itself (corpus.link.stories.StoryLinker), replayed
in ingest order over a scratch store on the client.

Why a replay: the SQLite linker compares an article with the stories as they stand when it arrives (the
sum of their articles' vectors, document frequencies counted so far, merges of two stories an article
bridges), so its partition depends on the order of everything before, and no split by feature or by
article pair gives the same partition. What costs text work runs on the workers (each article's term
counts, its linked entities and statement groups, from the earlier stages); the replay is the linker's
own SQL over the few rows it reads: one document, its mentions and its statements of groups that span
articles, each written just before the article is assigned, as `quotegraph load` writes them.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quotegraph.corpus.link.stories import StoryDoc, StoryLinker
from quotegraph.corpus.store.db import Store


@dataclass
class StoryInput:
    """What the story linker reads of one article, with entities as the Dask linker's labels."""

    seq: int
    day: str | None
    tf: Counter[str]
    entities: list[tuple[int, int]]  # (label, mentions) of its named entities, in the article's order
    mentions: list[int]  # the entity label of each of its mention rows


def replay(
    inputs: Iterable[StoryInput], entity_ids: dict[int, int], groups: dict[int, set[int]]
) -> dict[int, int]:
    """Article seq -> story id, as the SQLite store assigns them when loading the articles in seq order.
    ``entity_ids`` maps each label to the id the store gives that entity (the features ``e:ID`` and their
    ties then sort alike); ``groups`` lists each article's statement groups that span several articles."""
    with tempfile.TemporaryDirectory(prefix="qg-stories-") as tmp:
        store = Store(Path(tmp) / "stories.db")
        conn = store.conn
        try:
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            linker = StoryLinker(conn)
            seen: set[int] = set()
            for x in sorted(inputs, key=lambda i: i.seq):
                doc = x.seq + 1
                conn.execute(
                    "INSERT INTO documents (id, doc_id, text, extractor_version, ingested_at, date) "
                    "VALUES (?, ?, '', '', '', ?)",
                    (doc, str(doc), x.day),
                )
                ids = [entity_ids[label] for label in x.mentions]
                conn.executemany(
                    "INSERT INTO entities (id, name, type, named, norm) VALUES (?, '', '', 1, '')",
                    [(e,) for e in dict.fromkeys(ids) if e not in seen],
                )
                seen.update(ids)
                conn.executemany(
                    "INSERT INTO mentions (document, local_id, entity, name, type) VALUES (?, ?, ?, '', '')",
                    [(doc, str(k), e) for k, e in enumerate(ids)],
                )
                conn.executemany(
                    "UPDATE entities SET documents = documents + 1 WHERE id = ?", [(e,) for e in ids]
                )
                shared = sorted(groups.get(x.seq, ()))
                conn.executemany(
                    "INSERT OR IGNORE INTO statement_groups (id, text) VALUES (?, '')", [(g,) for g in shared]
                )
                conn.executemany(
                    "INSERT INTO statements (document, local_id, kind, text, start, end, extractor_version, "
                    "text_hash, group_id) VALUES (?, ?, '', '', 0, 0, '', 0, ?)",
                    [(doc, str(k), g) for k, g in enumerate(shared)],
                )
                weights: Counter[int] = Counter()
                for label, n in x.entities:
                    weights[entity_ids[label]] += n
                linker.assign(StoryDoc(doc, "", x.day, weights, tf=x.tf))
            story_of = {int(d) - 1: int(s) for d, s in conn.execute("SELECT id, story FROM documents")}
            conn.execute("ROLLBACK")
        finally:
            store.close()
    return story_of
