"""User corrections to entity linking: merge two entities, split mentions off one.

Each decision is a row in ``decisions`` and is re-applied after every ingested batch, so a later ingest
cannot undo it: mentions the linker attaches to a split entity under the split-off name (or in the
split-off documents) are moved out again, and merged entities stay merged.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from quotegraph.config import MAX_DESCRIPTORS
from quotegraph.corpus.link.entities import name_key, person_tokens
from quotegraph.corpus.link.statements import refresh_groups
from quotegraph.corpus.link.text import normalize
from quotegraph.errors import BadQuery, NotFound


def live(conn: sqlite3.Connection, entity: int) -> int:
    """The entity an id stands for now, following merges."""
    seen = set()
    while entity not in seen:
        seen.add(entity)
        row = conn.execute("SELECT merged_into FROM entities WHERE id = ?", (entity,)).fetchone()
        if row is None:
            raise NotFound(f"no entity {entity}")
        if row[0] is None:
            return entity
        entity = row[0]
    return entity


def find_entities(conn: sqlite3.Connection, name: str) -> list[int]:
    """Live entities a name or id can mean: an id, an exact alias, else a surname, best known first."""
    if name.strip().isdigit():
        return [live(conn, int(name))]
    norm = normalize(name)
    order = "ORDER BY e.named DESC, e.statements DESC, e.mentions DESC"
    rows = conn.execute(
        "SELECT DISTINCT e.id FROM aliases a JOIN entities e ON e.id = a.entity "
        f"WHERE a.norm = ? AND e.merged_into IS NULL {order}",
        (norm,),
    ).fetchall()
    if not rows:
        _, surname = name_key(name)
        rows = conn.execute(
            f"SELECT e.id FROM entities e WHERE e.surname = ? AND e.merged_into IS NULL AND e.named = 1 {order}",
            (surname,),
        ).fetchall()
    return [r[0] for r in rows]


def resolve_one(conn: sqlite3.Connection, name: str) -> int:
    found = find_entities(conn, name)
    if not found:
        raise NotFound(f"no entity matches {name!r}")
    if len(found) > 1:
        listed = ", ".join(f"{i} ({_name(conn, i)})" for i in found[:8])
        raise BadQuery(f"{name!r} matches several entities: {listed}; give an id")
    return found[0]


def _name(conn: sqlite3.Connection, entity: int) -> str:
    return conn.execute("SELECT name FROM entities WHERE id = ?", (entity,)).fetchone()[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def merge(conn: sqlite3.Connection, keep: int, other: int, record: bool = True) -> int:
    """Fold ``other`` into ``keep``: mentions, statements, aliases and counts; returns the kept id."""
    keep, other = live(conn, keep), live(conn, other)
    if keep == other:
        if record:
            raise BadQuery(f"entities {keep} and {other} are already one entity")
        return keep
    conn.execute("UPDATE mentions SET entity = ? WHERE entity = ?", (keep, other))
    conn.execute("UPDATE statements SET speaker = ? WHERE speaker = ?", (keep, other))
    conn.execute("UPDATE statements SET addressee = ? WHERE addressee = ?", (keep, other))
    conn.execute("UPDATE entities SET merged_into = ? WHERE merged_into = ?", (keep, other))
    conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (keep, other))
    recount(conn, [keep, other])
    groups = {r[0] for r in conn.execute("SELECT id FROM statement_groups WHERE speaker = ?", (other,))}
    refresh_groups(conn, groups)
    if record:
        conn.execute(
            "INSERT INTO decisions (kind, entity, other, created_at) VALUES ('merge', ?, ?, ?)",
            (keep, other, _now()),
        )
    return keep


def split(
    conn: sqlite3.Connection,
    entity: int,
    alias: str | None = None,
    document: str | None = None,
    into: int | None = None,
    record: bool = True,
) -> int | None:
    """Move the entity's mentions under ``alias`` (or in ``document``) to a new entity, or to ``into``."""
    entity = live(conn, entity)
    moving = _matching(conn, entity, alias, document)
    if not moving:
        if record:
            raise NotFound("nothing to split: no mention of that entity matches")
        return None
    if into is None:
        name, etype = conn.execute("SELECT name, type FROM mentions WHERE id = ?", (moving[0],)).fetchone()
        _, surname = name_key(name) if etype == "PERSON" else (None, None)
        cur = conn.execute(
            "INSERT INTO entities (name, type, named, norm, surname) VALUES (?, ?, 1, ?, ?)",
            (name, etype, normalize(name), surname),
        )
        into = int(cur.lastrowid or 0)
    else:
        into = live(conn, into)
    for mention in moving:
        doc, local = conn.execute(
            "SELECT document, local_id FROM mentions WHERE id = ?", (mention,)
        ).fetchone()
        conn.execute("UPDATE mentions SET entity = ? WHERE id = ?", (into, mention))
        conn.execute(
            "UPDATE statements SET speaker = ? WHERE document = ? AND speaker_local = ?", (into, doc, local)
        )
        conn.execute(
            "UPDATE statements SET addressee = ? WHERE document = ? AND addressee_local = ?",
            (into, doc, local),
        )
    recount(conn, [entity, into])
    groups = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT group_id FROM statements WHERE speaker IN (?, ?) AND group_id IS NOT NULL",
            (entity, into),
        )
    }
    refresh_groups(conn, groups)
    if record:
        conn.execute(
            "INSERT INTO decisions (kind, entity, other, alias, document, created_at) "
            "VALUES ('split', ?, ?, ?, ?, ?)",
            (entity, into, normalize(alias) if alias else None, document, _now()),
        )
    return into


def _matching(conn: sqlite3.Connection, entity: int, alias: str | None, document: str | None) -> list[int]:
    rows = conn.execute(
        "SELECT m.id, m.name, m.aliases, d.doc_id FROM mentions m JOIN documents d ON d.id = m.document "
        "WHERE m.entity = ?",
        (entity,),
    ).fetchall()
    norm = normalize(alias) if alias else None
    out = []
    for mid, name, aliases, doc_id in rows:
        if document and not doc_id.startswith(document):
            continue
        if norm and normalize(name) != norm and norm not in {normalize(a) for a in json.loads(aliases)}:
            continue
        out.append(mid)
    return out


def reapply(conn: sqlite3.Connection) -> None:
    """Re-apply every recorded decision, in order; cheap when nothing new contradicts them."""
    for kind, entity, other, alias, document in conn.execute(
        "SELECT kind, entity, other, alias, document FROM decisions ORDER BY id"
    ).fetchall():
        if kind == "merge":
            if live(conn, entity) != live(conn, other):
                merge(conn, entity, other, record=False)
        else:
            target = live(conn, other)
            if live(conn, entity) != target:
                split(conn, entity, alias=alias, document=document, into=target, record=False)


def recount(conn: sqlite3.Connection, entities: list[int]) -> None:
    """Rebuild entities' aliases, first names, descriptors, counts and dates from their mentions."""
    for entity in entities:
        rows = conn.execute(
            "SELECT m.name, m.aliases, m.descriptors, m.spans, m.document, d.date FROM mentions m "
            "JOIN documents d ON d.id = m.document WHERE m.entity = ?",
            (entity,),
        ).fetchall()
        conn.execute("DELETE FROM aliases WHERE entity = ?", (entity,))
        etype, surname, name = conn.execute(
            "SELECT type, surname, name FROM entities WHERE id = ?", (entity,)
        ).fetchone()
        givens: set[str] = set()
        descriptors: list[str] = []
        mentions = 0
        dates = [r[5] for r in rows if r[5]]
        for mname, aliases, descs, spans, _, _ in rows:
            mentions += len(json.loads(spans))
            for alias in [mname, *json.loads(aliases)]:
                norm = normalize(alias)
                if norm:
                    conn.execute(
                        "INSERT INTO aliases (entity, norm, alias) VALUES (?, ?, ?) "
                        "ON CONFLICT (entity, norm) DO UPDATE SET count = count + 1",
                        (entity, norm, alias),
                    )
                g, s = name_key(alias)
                if etype == "PERSON" and g and s == surname:
                    givens.add(g)
            for d in json.loads(descs):
                if d not in descriptors and len(descriptors) < MAX_DESCRIPTORS:
                    descriptors.append(d)
        if rows and etype == "PERSON":
            name = max((r[0] for r in rows), key=lambda n: (len(person_tokens(n)), len(n)))
        statements, speech = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE act = 'speech') FROM statements WHERE speaker = ?",
            (entity,),
        ).fetchone()
        conn.execute(
            "UPDATE entities SET name = ?, given = ?, descriptors = ?, mentions = ?, documents = ?, "
            "statements = ?, speech = ?, first_date = ?, last_date = ? WHERE id = ?",
            (
                name,
                " ".join(sorted(givens)),
                json.dumps(descriptors, ensure_ascii=False),
                mentions,
                len({r[4] for r in rows}),
                statements,
                speech,
                min(dates) if dates else None,
                max(dates) if dates else None,
                entity,
            ),
        )
