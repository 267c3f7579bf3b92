"""One batch of extraction records into the store, in one transaction: write each article, link it across
the corpus (speakers, statement groups, stories), re-apply the user's corrections, commit.

The store writes rows; the linkers keep their own index tables; this module is the one place that drives
both, so an interrupted ingest leaves whole batches only.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from quotegraph.corpus import decisions
from quotegraph.corpus.link.entities import EntityLinker, LocalEntity
from quotegraph.corpus.link.reactions import ReactionLinker
from quotegraph.corpus.link.statements import NewStatement, StatementLinker, refresh_groups, text_key
from quotegraph.corpus.link.stories import StoryDoc, StoryLinker
from quotegraph.corpus.store import Store
from quotegraph.corpus.store.db import day_of, outlet_of
from quotegraph.corpus.store.schema import outlet_key
from quotegraph.errors import StoreError
from quotegraph.model import Article, Extraction, Statement


@dataclass
class BatchResult:
    documents: int = 0
    statements: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class _Linkers:
    entities: EntityLinker
    statements: StatementLinker
    stories: StoryLinker
    added: list[int] = field(default_factory=list)


def add_batch(store: Store, results: Sequence[Extraction | dict[str, Any]]) -> BatchResult:
    """Store extraction records (or their extract.schema.json dicts) and link them, in one transaction."""
    out = BatchResult()
    conn = store.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        linkers = _Linkers(EntityLinker(conn), StatementLinker(conn), StoryLinker(conn))
        for result in results:
            # A savepoint per article: one malformed result is reported and skipped, not the batch.
            conn.execute("SAVEPOINT article")
            try:
                added = _add(store, result, linkers)
            except (sqlite3.IntegrityError, KeyError, TypeError, ValueError) as exc:
                conn.execute("ROLLBACK TO article")
                conn.execute("RELEASE article")
                linkers.stories.forget()
                out.errors.append(f"{_name_of(result)}: not stored ({type(exc).__name__}: {exc})")
                continue
            conn.execute("RELEASE article")
            if added is not None:
                out.documents += 1
                out.statements += added
            else:
                out.skipped += 1
        linkers.statements.refresh()
        linkers.stories.refresh()
        decisions.reapply(conn)
        ReactionLinker(conn).relink_after(linkers.added)
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(
                f"{store.path}: write failed ({exc}); nothing from this batch was stored"
            ) from None
        raise
    return out


def _add(store: Store, result: Extraction | dict[str, Any], linkers: _Linkers) -> int | None:
    """Store and link one record; the number of its statements, or None when the article is stored already."""
    doc_id = result.article.id if isinstance(result, Extraction) else result["document"]["id"]
    if store.has_document(doc_id):
        return None
    record = result if isinstance(result, Extraction) else Extraction.from_dict(result)
    data = record.to_dict()
    art = record.article
    day = day_of(art.published)
    document = store.insert_document(data, day, outlet_of(art.publisher, art.url))
    linkers.added.append(document)
    local = local_entities(record)
    mapping = linkers.entities.link_document(document, day, list(local.values()))
    store.conn.execute("UPDATE mentions SET linked = entity WHERE document = ?", (document,))
    speaker_counts: Counter[int] = Counter()
    speech_counts: Counter[int] = Counter()
    new: list[NewStatement] = []
    local_ids: set[str] = set()
    for st, st_data in zip(record.statements, data["statements"], strict=True):
        local_id = st.id
        while local_id in local_ids:  # an extraction repeating an id must not cost the article
            local_id += "'"
        local_ids.add(local_id)
        sp, addr = st.speaker, st.addressee
        sp_local = speaker_local(st) if sp else None
        speaker = mapping.get(sp_local) if sp_local else None
        addressee = mapping.get(addr.entity) if addr and addr.entity else None
        row = store.insert_statement(
            st_data,
            document=document,
            local_id=local_id,
            speaker=speaker,
            speaker_local=sp_local,
            addressee=addressee,
            extractor_version=record.version,
            date=day,
            text_hash=text_key(st.text),
        )
        if speaker is not None:
            speaker_counts[speaker] += 1
            if st.act == "speech":
                speech_counts[speaker] += 1
        new.append(NewStatement(row, st.text, speaker, bool(sp and sp.named)))
    store.conn.executemany(
        "UPDATE entities SET statements = statements + ?, speech = speech + ? WHERE id = ?",
        [(n, speech_counts[e], e) for e, n in speaker_counts.items()],
    )
    for ns in new:
        linkers.statements.assign(ns)
    story_entities: Counter[int] = Counter()
    for ent in local.values():
        if ent.named and ent.type in ("PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER"):
            story_entities[mapping[ent.local_id]] += max(1, len(ent.spans))
    linkers.stories.assign(StoryDoc(document, (art.title or "") + "\n" + art.text, day, story_entities))
    return len(record.statements)


def _name_of(result: Extraction | dict[str, Any]) -> Any:
    """How an error names a record: its source, else its document id."""
    if isinstance(result, Extraction):
        return result.article.source or result.article.id
    doc = result.get("document") or {}
    return doc.get("source") or doc.get("id")


def speaker_local(st: Statement) -> str:
    assert st.speaker is not None
    return st.speaker.entity or f"S:{st.id}"


def local_entities(record: Extraction) -> dict[str, LocalEntity]:
    """The article's entities, plus one for each speaker the extraction left without an entity.

    An entity spoken of as an unnamed speaker anywhere in the article is unnamed (never merged)."""
    unnamed = {
        st.speaker.entity
        for st in record.statements
        if st.speaker and st.speaker.entity and not st.speaker.named
    }
    local = {e.id: LocalEntity.from_dict(e.to_dict(), named=e.id not in unnamed) for e in record.entities}
    for st in record.statements:
        sp = st.speaker
        if not sp:
            continue
        key = speaker_local(st)
        if key not in local:
            local[key] = LocalEntity(
                local_id=key,
                name=sp.name or sp.text or "?",
                type="PERSON" if sp.named else "GROUP",
                named=sp.named,
                spans=[[sp.start, sp.end]] if sp.start is not None else [],
            )
    return local


METADATA_FIELDS = ("title", "url", "published", "authors", "publisher")


def apply_metadata(store: Store, article: Article, fields: Iterable[str]) -> bool:
    """Give a stored article the metadata of ``fields`` (what a --metadata row named) from ``article``:
    its document row and search index, its statements' dates, and the dates and outlets derived from them
    (entities mentioned in it, its statement groups, its story). False when it had those values already."""
    wanted = [f for f in METADATA_FIELDS if f in set(fields)]
    conn = store.conn
    row = conn.execute(
        "SELECT id, title, url, published, authors, publisher, text, story FROM documents WHERE doc_id = ?",
        (article.id,),
    ).fetchone()
    if row is None or not wanted:
        return False
    doc, old_title, text, story = row[0], row[1], row[6], row[7]
    old = dict(
        zip(METADATA_FIELDS, (row[1], row[2], row[3], json.loads(row[4] or "[]"), row[5]), strict=True)
    )
    new = old | {f: list(article.authors) if f == "authors" else getattr(article, f) for f in wanted}
    if new == old:
        return False
    day = day_of(new["published"])
    outlet = outlet_of(new["publisher"], new["url"])
    try:
        conn.execute("BEGIN IMMEDIATE")
        if new["title"] != old_title:  # an external-content index: out with the old words, in with the new
            conn.execute(
                "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                (doc, old_title, text),
            )
            conn.execute(
                "INSERT INTO documents_fts(rowid, title, text) VALUES (?, ?, ?)", (doc, new["title"], text)
            )
        conn.execute(
            "UPDATE documents SET title = ?, url = ?, published = ?, authors = ?, publisher = ?, date = ?, "
            "outlet = ?, outlet_key = ? WHERE id = ?",
            (
                new["title"],
                new["url"],
                new["published"],
                json.dumps(new["authors"], ensure_ascii=False),
                new["publisher"],
                day,
                outlet,
                outlet_key(outlet),
                doc,
            ),
        )
        conn.execute("UPDATE statements SET date = ? WHERE document = ?", (day, doc))
        conn.execute(
            "UPDATE entities SET "
            "first_date = (SELECT min(d.date) FROM mentions m JOIN documents d ON d.id = m.document "
            "WHERE m.entity = entities.id), "
            "last_date = (SELECT max(d.date) FROM mentions m JOIN documents d ON d.id = m.document "
            "WHERE m.entity = entities.id) "
            "WHERE id IN (SELECT entity FROM mentions WHERE document = ?)",
            (doc,),
        )
        groups = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT group_id FROM statements WHERE document = ? AND group_id IS NOT NULL", (doc,)
            )
        }
        refresh_groups(conn, groups)
        if story is not None:
            conn.execute(
                "UPDATE stories SET first_date = (SELECT min(date) FROM documents WHERE story = :s), "
                "last_date = (SELECT max(date) FROM documents WHERE story = :s) WHERE id = :s",
                {"s": story},
            )
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(f"{store.path}: cannot update the metadata of {article.id} ({exc})") from None
    return True
