"""User corrections: merge, split, rename, reassign, hide and unhide, each a row in ``decisions``.

Every decision not undone is re-applied after every ingested batch, so a later ingest cannot undo it:
mentions the linker attaches to a split entity under the split-off name (or in the split-off documents)
are moved out again, merged entities stay merged, a renamed entity keeps its name, a reassigned statement
its speaker, a hidden statement stays hidden.

A statement's speaker is derived from the mentions (the row of its speaker's local id, or the piece an
alias split cut from it whose span the speaker phrase covers), then from any reassignment: one rule,
used after ingest, after every correction and after an undo. Undoing a merge or a split replays the
entity linking of every stored document with the remaining decisions applied where they were made.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from quotegraph.config import MAX_DESCRIPTORS
from quotegraph.corpus.link.entities import EntityLinker, LocalEntity, forenames, name_key, person_tokens
from quotegraph.corpus.link.reactions import ReactionLinker
from quotegraph.corpus.link.statements import refresh_groups
from quotegraph.corpus.link.stories import refresh_stories
from quotegraph.corpus.link.text import normalize
from quotegraph.errors import BadQuery, NotFound

UNNAMED = "(unnamed source)"  # the name of the unnamed speaker a statement is reassigned to


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


@dataclass
class Decision:
    """One recorded correction, as `quotegraph decisions` lists it."""

    seq: int
    kind: str
    what: str
    created_at: str
    undone_at: str | None = None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None

    def to_dict(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "what": self.what,
            "when": self.created_at,
            "undone": self.undone,
            "undone_at": self.undone_at,
        }


def _record(conn: sqlite3.Connection, kind: str, **columns: object) -> int:
    """Insert a decision row, stamped with the last document stored now (where a replay applies it)."""
    columns["after_document"] = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
    columns["created_at"] = _now()
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    cur = conn.execute(
        f"INSERT INTO decisions (kind, {names}) VALUES (?, {marks})", (kind, *columns.values())
    )
    return int(cur.lastrowid or 0)


def statement_exists(conn: sqlite3.Connection, statement: int) -> None:
    if conn.execute("SELECT 1 FROM statements WHERE id = ?", (statement,)).fetchone() is None:
        raise NotFound(f"no statement {statement}")


# merge and split


def merge(conn: sqlite3.Connection, keep: int, other: int, record: bool = True) -> int:
    """Fold ``other`` into ``keep``: mentions, statements, aliases and counts; returns the kept id."""
    keep, other = live(conn, keep), live(conn, other)
    if keep == other:
        if record:
            raise BadQuery(f"entities {keep} and {other} are already one entity")
        return keep
    docs = [r[0] for r in conn.execute("SELECT DISTINCT document FROM mentions WHERE entity = ?", (other,))]
    conn.execute("UPDATE mentions SET entity = ? WHERE entity = ?", (keep, other))
    conn.execute("UPDATE entities SET merged_into = ? WHERE merged_into = ?", (keep, other))
    conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (keep, other))
    if record:
        _record(conn, "merge", entity=keep, other=other)
    _resync(conn, docs, also=[keep, other])
    return keep


def split(
    conn: sqlite3.Connection,
    entity: int,
    alias: str | None = None,
    document: str | None = None,
    into: int | None = None,
    record: bool = True,
) -> int | None:
    """Move the entity's mentions under ``alias`` (only the spans written so, and the statements whose
    speaker phrase covers one of them), or all its mentions in ``document``, to a new entity or ``into``."""
    entity = live(conn, entity)
    cuts = _matching(conn, entity, alias, document)
    if not cuts:
        if record:
            raise NotFound("nothing to split: no mention of that entity matches")
        return None
    if into is None:
        first = cuts[0]
        name = first.label
        _, surname = name_key(name) if first.type == "PERSON" else (None, None)
        cur = conn.execute(
            "INSERT INTO entities (name, type, named, norm, surname) VALUES (?, ?, 1, ?, ?)",
            (name, first.type, normalize(name), surname),
        )
        into = int(cur.lastrowid or 0)
    else:
        into = live(conn, into)
    for cut in cuts:
        cut.apply(conn, into)
    if record:
        _record(
            conn,
            "split",
            entity=entity,
            other=into,
            alias=normalize(alias) if alias else None,
            document=document,
        )
    _resync(conn, sorted({c.document for c in cuts}), also=[entity, into])
    return into


@dataclass
class _Cut:
    """The part of one mention row a split moves: the whole row, or the spans under the alias."""

    mention: int
    document: int
    type: str
    label: str
    spans: list[list[int]] | None = None  # None: the whole row

    def apply(self, conn: sqlite3.Connection, into: int) -> None:
        if self.spans is None:
            conn.execute("UPDATE mentions SET entity = ? WHERE id = ?", (into, self.mention))
            return
        local, name, aliases, descriptors, spans, split_from, original = conn.execute(
            "SELECT local_id, name, aliases, descriptors, spans, split_from, original FROM mentions WHERE id = ?",
            (self.mention,),
        ).fetchone()
        root = split_from or local
        if split_from is None and original is None:
            original = json.dumps(
                {
                    "name": name,
                    "aliases": json.loads(aliases),
                    "descriptors": json.loads(descriptors),
                    "mentions": json.loads(spans),
                },
                ensure_ascii=False,
            )
        norm = normalize(self.label)
        kept = [sp for sp in json.loads(spans) if sp not in self.spans]
        left = [a for a in json.loads(aliases) if normalize(a) != norm]
        if normalize(name) == norm:
            name = max(left, key=lambda n: (len(person_tokens(n)), len(n))) if left else name
        conn.execute(
            "UPDATE mentions SET name = ?, aliases = ?, spans = ?, original = ? WHERE id = ?",
            (name, json.dumps(left, ensure_ascii=False), json.dumps(kept), original, self.mention),
        )
        pieces = conn.execute(
            "SELECT count(*) FROM mentions WHERE document = ? AND split_from = ?", (self.document, root)
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO mentions (document, local_id, entity, name, type, aliases, descriptors, spans, "
            "split_from) VALUES (?, ?, ?, ?, ?, '[]', '[]', ?, ?)",
            (
                self.document,
                f"{root}~{pieces + 1}",
                into,
                self.label,
                self.type,
                json.dumps(self.spans),
                root,
            ),
        )


def _matching(conn: sqlite3.Connection, entity: int, alias: str | None, document: str | None) -> list[_Cut]:
    rows = conn.execute(
        "SELECT m.id, m.document, m.name, m.type, m.aliases, m.spans, d.doc_id, d.text FROM mentions m "
        "JOIN documents d ON d.id = m.document WHERE m.entity = ?",
        (entity,),
    ).fetchall()
    norm = normalize(alias) if alias else None
    out = []
    for mid, doc, name, etype, aliases, spans_s, doc_id, text in rows:
        if document and not doc_id.startswith(document):
            continue
        if not norm:
            out.append(_Cut(mid, doc, etype, name))
            continue
        spans = json.loads(spans_s)
        under = [sp for sp in spans if normalize(text[sp[0] : sp[1]]) == norm]
        forms = [a for a in [name, *json.loads(aliases)] if normalize(a) == norm]
        label = forms[0] if forms else (text[under[0][0] : under[0][1]] if under else alias or name)
        if under and len(under) < len(spans):
            out.append(_Cut(mid, doc, etype, label, under))
        elif under or (not spans and forms) or (normalize(name) == norm and not under and not spans):
            out.append(_Cut(mid, doc, etype, label))
    return out


# rename, reassign, hide


def rename(conn: sqlite3.Connection, entity: int, name: str, record: bool = True) -> int:
    """Give an entity the name shown everywhere; the name is also an alias, so searching it finds it."""
    entity = live(conn, entity)
    norm = normalize(name)
    if not norm:
        raise BadQuery(f"not a name: {name!r}")
    old, etype, named = conn.execute(
        "SELECT name, type, named FROM entities WHERE id = ?", (entity,)
    ).fetchone()
    if record and old == name:
        raise BadQuery(f"entity {entity} is already called {name!r}")
    _set_name(conn, entity, name, etype, bool(named))
    if record:
        _record(conn, "rename", entity=entity, name=name, note=old)
    _refresh_labels(conn, [entity])
    return entity


def _set_name(conn: sqlite3.Connection, entity: int, name: str, etype: str, named: bool) -> None:
    surname = name_key(name)[1] if etype == "PERSON" and named else None
    conn.execute(
        "UPDATE entities SET name = ?, norm = ?, surname = coalesce(?, surname) WHERE id = ?",
        (name, normalize(name), surname, entity),
    )
    conn.execute(
        "INSERT OR IGNORE INTO aliases (entity, norm, alias) VALUES (?, ?, ?)",
        (entity, normalize(name), name),
    )


def reassign(conn: sqlite3.Connection, statement: int, entity: int | None, record: bool = True) -> int:
    """Make ``entity`` (or, for None, an unnamed source of its own) the statement's speaker; the entity."""
    statement_exists(conn, statement)
    if entity is None:
        cur = conn.execute(
            "INSERT INTO entities (name, type, named, norm) VALUES (?, 'GROUP', 0, ?)",
            (UNNAMED, normalize(UNNAMED)),
        )
        target = int(cur.lastrowid or 0)
    else:
        target = live(conn, entity)
    current = conn.execute("SELECT speaker FROM statements WHERE id = ?", (statement,)).fetchone()[0]
    if record and current is not None and live(conn, current) == target:
        raise BadQuery(f"statement {statement} is already attributed to entity {target}")
    if record:
        _record(conn, "reassign", statement=statement, other=target)
    _resync_statements(conn, [statement])
    return target


def hide(conn: sqlite3.Connection, statement: int, hidden: bool = True, record: bool = True) -> None:
    """Keep the statement in the store but out of counts, lists, search, facets and exports (or show it)."""
    statement_exists(conn, statement)
    now = conn.execute("SELECT hidden FROM statements WHERE id = ?", (statement,)).fetchone()[0]
    if record and bool(now) == hidden:
        raise BadQuery(f"statement {statement} is {'already hidden' if hidden else 'not hidden'}")
    if record:
        _record(conn, "hide" if hidden else "unhide", statement=statement)
    _set_hidden(conn, [statement])


def _set_hidden(conn: sqlite3.Connection, statements: list[int]) -> None:
    """Each statement hidden as its latest hide or unhide not undone says; recount what shows it."""
    changed = []
    for st in statements:
        row = conn.execute(
            "SELECT kind FROM decisions WHERE statement = ? AND kind IN ('hide', 'unhide') AND undone_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (st,),
        ).fetchone()
        want = int(bool(row and row[0] == "hide"))
        cur = conn.execute("UPDATE statements SET hidden = ? WHERE id = ? AND hidden != ?", (want, st, want))
        if cur.rowcount:
            changed.append(st)
    if not changed:
        return
    marks = ",".join("?" * len(changed))
    rows = conn.execute(
        f"SELECT s.speaker, s.group_id, d.story FROM statements s JOIN documents d ON d.id = s.document "
        f"WHERE s.id IN ({marks})",
        changed,
    ).fetchall()
    recount(conn, sorted({r[0] for r in rows if r[0] is not None}))
    refresh_groups(conn, {r[1] for r in rows if r[1] is not None})
    refresh_stories(conn, {r[2] for r in rows if r[2] is not None})


# speakers from mentions


def _resync(conn: sqlite3.Connection, documents: list[int], also: list[int] = ()) -> None:  # type: ignore[assignment]
    """Speakers of the documents' statements from the mentions and reassignments; recount, regroup, relink."""
    ids = [
        r[0]
        for d in documents
        for r in conn.execute("SELECT id FROM statements WHERE document = ?", (d,)).fetchall()
    ]
    _resync_statements(conn, ids, also=also, documents=documents)


def _resync_statements(
    conn: sqlite3.Connection,
    statements: list[int],
    also: list[int] = (),  # type: ignore[assignment]
    documents: list[int] = (),  # type: ignore[assignment]
) -> set[int]:
    """Set each statement's speaker and addressee as the mentions and reassignments give them; the
    documents whose statements changed (their reactions are linked again)."""
    touched: set[int] = {live(conn, e) for e in also}
    groups: set[int] = set()
    changed: set[int] = set()
    by_doc: dict[int, list[tuple]] = {}
    if statements:
        for i in range(0, len(statements), 500):
            chunk = statements[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                "SELECT id, document, speaker, speaker_local, speaker_start, speaker_end, addressee, "
                f"addressee_local, addressee_name, group_id FROM statements WHERE id IN ({marks})",
                chunk,
            ):
                by_doc.setdefault(row[1], []).append(row)
    reassigned = _reassignments(conn)
    for doc, rows in by_doc.items():
        roots, pieces = _doc_mentions(conn, doc)
        for sid, _, speaker, sp_local, sp_start, sp_end, addressee, ad_local, ad_name, group in rows:
            new_sp = _speaker_of(roots, pieces, sp_local, sp_start, sp_end)
            if sid in reassigned:
                new_sp = _live_or_none(conn, reassigned[sid])
            new_ad = _addressee_of(roots, pieces, ad_local, ad_name)
            if new_sp != speaker or new_ad != addressee:
                conn.execute(
                    "UPDATE statements SET speaker = ?, addressee = ? WHERE id = ?", (new_sp, new_ad, sid)
                )
                changed.add(doc)
                touched.update(e for e in (speaker, new_sp) if e is not None)
                if group is not None:
                    groups.add(group)
    touched = {e for e in touched if conn.execute("SELECT 1 FROM entities WHERE id = ?", (e,)).fetchone()}
    recount(conn, sorted(touched))
    refresh_groups(conn, groups)
    ReactionLinker(conn).relink_after(sorted(changed | set(documents)))
    return changed


def _live_or_none(conn: sqlite3.Connection, entity: int) -> int | None:
    try:
        return live(conn, entity)
    except NotFound:
        return None


def _reassignments(conn: sqlite3.Connection) -> dict[int, int]:
    """Statement -> entity of its latest reassignment not undone."""
    out: dict[int, int] = {}
    for st, other in conn.execute(
        "SELECT statement, other FROM decisions WHERE kind = 'reassign' AND undone_at IS NULL ORDER BY id"
    ):
        out[st] = other
    return out


def _doc_mentions(
    conn: sqlite3.Connection, document: int
) -> tuple[dict[str, int], dict[str, list[tuple[list[list[int]], int, str]]]]:
    roots: dict[str, int] = {}
    pieces: dict[str, list[tuple[list[list[int]], int, str]]] = {}
    for local, entity, name, spans, split_from in conn.execute(
        "SELECT m.local_id, coalesce(e.merged_into, m.entity), m.name, m.spans, m.split_from "
        "FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.document = ? ORDER BY m.id",
        (document,),
    ):
        if split_from is None:
            roots[local] = entity
        else:
            pieces.setdefault(split_from, []).append((json.loads(spans), entity, normalize(name)))
    return roots, pieces


def _speaker_of(
    roots: dict[str, int],
    pieces: dict[str, list[tuple[list[list[int]], int, str]]],
    local: str | None,
    start: int | None,
    end: int | None,
) -> int | None:
    """The entity of the mention the speaker phrase stands for: a piece whose span it covers, else the row."""
    if local is None:
        return None
    if start is not None and end is not None:
        for spans, entity, _ in pieces.get(local, []):
            if any(s < end and start < e for s, e in spans):
                return entity
    return roots.get(local)


def _addressee_of(
    roots: dict[str, int],
    pieces: dict[str, list[tuple[list[list[int]], int, str]]],
    local: str | None,
    name: str | None,
) -> int | None:
    if local is None:
        return None
    for _, entity, norm in pieces.get(local, []):
        if name and normalize(name) == norm:
            return entity
    return roots.get(local)


def _refresh_labels(conn: sqlite3.Connection, entities: list[int]) -> None:
    """Story labels name key entities: refresh the stories these entities are mentioned in."""
    if not entities:
        return
    marks = ",".join("?" * len(entities))
    stories = {
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT d.story FROM mentions m JOIN documents d ON d.id = m.document "
            f"WHERE m.entity IN ({marks}) AND d.story IS NOT NULL",
            entities,
        )
    }
    refresh_stories(conn, stories)


# re-applying, listing, undoing


def _active(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT id, kind, entity, other, statement, alias, document, name, after_document FROM decisions "
        "WHERE undone_at IS NULL ORDER BY id"
    ).fetchall()


def _apply_structural(conn: sqlite3.Connection, row: tuple, skip: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    _, kind, entity, other, _, alias, document, _, _ = row
    if entity in skip or other in skip:
        return
    try:
        if kind == "merge":
            if live(conn, entity) != live(conn, other):
                merge(conn, entity, other, record=False)
        elif kind == "split":
            target = live(conn, other)
            if live(conn, entity) != target:
                split(conn, entity, alias=alias, document=document, into=target, record=False)
    except NotFound:  # an entity the decision names is gone (its mentions linked elsewhere on a replay)
        return


def reapply(conn: sqlite3.Connection) -> None:
    """Re-apply every decision not undone, in order; cheap when nothing new contradicts them."""
    rows = _active(conn)
    for row in rows:
        _apply_structural(conn, row)
    stale = [
        st
        for _, kind, _, other, st, *_ in rows
        if kind == "reassign"
        and conn.execute("SELECT speaker FROM statements WHERE id = ?", (st,)).fetchone()[0]
        != _live_or_none(conn, other)
    ]
    if stale:
        _resync_statements(conn, stale)
    _set_hidden(conn, [r[4] for r in rows if r[1] in ("hide", "unhide")])
    _apply_renames(conn, rows)


def _apply_renames(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    for _, kind, entity, _, _, _, _, name, _ in rows:
        if kind != "rename":
            continue
        target = _live_or_none(conn, entity)
        if target is None:
            continue
        current, etype, named = conn.execute(
            "SELECT name, type, named FROM entities WHERE id = ?", (target,)
        ).fetchone()
        has_alias = conn.execute(
            "SELECT 1 FROM aliases WHERE entity = ? AND norm = ?", (target, normalize(name))
        ).fetchone()
        if current != name or not has_alias:
            _set_name(conn, target, name, etype, bool(named))
            _refresh_labels(conn, [target])


def listing(conn: sqlite3.Connection) -> list[Decision]:
    """Every decision, oldest first, with a line saying what it did."""
    out = []
    for seq, kind, entity, other, st, alias, document, name, note, created, undone in conn.execute(
        "SELECT id, kind, entity, other, statement, alias, document, name, note, created_at, undone_at "
        "FROM decisions ORDER BY id"
    ).fetchall():
        if kind == "merge":
            what = f"entity {other} merged into {entity}"
        elif kind == "split":
            under = f"alias {alias!r}" if alias else ""
            inside = f"document {document}" if document else ""
            what = (
                f"entity {entity}: {' in '.join(x for x in (under, inside) if x)} split off as entity {other}"
            )
        elif kind == "rename":
            what = f"entity {entity} renamed {name!r}" + (f" (was {note!r})" if note else "")
        elif kind == "reassign":
            what = f"statement {st} reassigned to entity {other}"
        else:
            what = f"statement {st} {'hidden' if kind == 'hide' else 'shown again'}"
        out.append(Decision(seq, kind, what, created, undone))
    return out


def undo(conn: sqlite3.Connection) -> Decision:
    """Undo the last decision not yet undone; the state is as if it had never been made."""
    row = conn.execute(
        "SELECT id, kind, entity, statement, note FROM decisions WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise NotFound("no decision to undo")
    seq, kind, entity, statement, note = row
    conn.execute("UPDATE decisions SET undone_at = ? WHERE id = ?", (_now(), seq))
    if kind in ("merge", "split"):
        replay(conn)
    elif kind == "reassign":
        _resync_statements(conn, [statement])
    elif kind in ("hide", "unhide"):
        _set_hidden(conn, [statement])
    else:
        target = _live_or_none(conn, entity)
        if target is not None:
            etype, named = conn.execute("SELECT type, named FROM entities WHERE id = ?", (target,)).fetchone()
            if note:
                _set_name(conn, target, note, etype, bool(named))
            recount(conn, [target])
            _apply_renames(conn, _active(conn))
            _refresh_labels(conn, [target])
    (done,) = [d for d in listing(conn) if d.seq == seq]
    return done


class _ReplayLinker(EntityLinker):
    """The entity linker, giving an entity it creates the id the same mention had before, when free."""

    def __init__(
        self, conn: sqlite3.Connection, prefer: dict[tuple[int, str], int], dormant: set[int]
    ) -> None:
        super().__init__(conn)
        self.prefer = prefer
        self.dormant = dormant
        self.document = 0

    def _create(self, ent: LocalEntity, date: str | None, named: bool = True) -> int:
        new = super()._create(ent, date, named)
        want = self.prefer.get((self.document, ent.local_id))
        if want is None or want not in self.dormant:
            return new
        self.dormant.discard(want)
        cols = "name, type, named, norm, surname, given, descriptors, first_date, last_date"
        self.conn.execute(
            f"UPDATE entities SET ({cols}, merged_into, mentions, documents, statements, speech) = "
            f"(SELECT {cols}, NULL, 0, 0, 0, 0 FROM entities WHERE id = ?) WHERE id = ?",
            (new, want),
        )
        self.conn.execute("DELETE FROM entities WHERE id = ?", (new,))
        return want


def replay(conn: sqlite3.Connection) -> None:
    """Link every stored document's entities again, in order, applying each merge and split not undone
    after the documents that were stored when it was made, then every other decision.

    Entity ids stay where the same mention had one; an id no longer produced points (merged_into) to the
    entity that now holds most of its mentions. Reactions of the documents whose speakers changed are
    linked again."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    before = dict(conn.execute("SELECT id, speaker FROM statements"))
    originals: dict[int, list[LocalEntity]] = {}
    prefer: dict[tuple[int, str], int] = {}
    old_of: dict[tuple[int, str], int] = {}
    for doc, local, entity, linked, name, etype, aliases, descriptors, spans, original in conn.execute(
        "SELECT document, local_id, entity, linked, name, type, aliases, descriptors, spans, original "
        "FROM mentions WHERE split_from IS NULL ORDER BY document, id"
    ):
        rec = (
            json.loads(original)
            if original
            else {
                "name": name,
                "aliases": json.loads(aliases),
                "descriptors": json.loads(descriptors),
                "mentions": json.loads(spans),
            }
        )
        named = conn.execute("SELECT named FROM entities WHERE id = ?", (entity,)).fetchone()
        ent = LocalEntity(
            local,
            rec["name"],
            etype,
            bool(named[0]) if named else True,
            rec["aliases"],
            rec["descriptors"],
            [list(m) for m in rec["mentions"]],
        )
        originals.setdefault(doc, []).append(ent)
        prefer[(doc, local)] = linked if linked is not None else entity
        old_of[(doc, local)] = entity
    dormant = {r[0] for r in conn.execute("SELECT id FROM entities")}
    conn.execute("DELETE FROM mentions")
    conn.execute("DELETE FROM aliases")
    conn.execute(
        "UPDATE entities SET merged_into = id, mentions = 0, documents = 0, statements = 0, speech = 0"
    )
    conn.execute("UPDATE statements SET speaker = NULL, addressee = NULL")
    structural = [r for r in _active(conn) if r[1] in ("merge", "split")]
    linker = _ReplayLinker(conn, prefer, dormant)
    pending = list(structural)
    docs = conn.execute("SELECT id, date FROM documents ORDER BY id").fetchall()
    for doc, date in docs:
        while pending and pending[0][8] < doc:
            _apply_replayed(conn, pending.pop(0), dormant)
        linker.document = doc
        linker.link_document(doc, date, originals.get(doc, []))
        conn.execute("UPDATE mentions SET linked = entity WHERE document = ?", (doc,))
        roots, pieces = _doc_mentions(conn, doc)
        conn.executemany(
            "UPDATE statements SET speaker = ?, addressee = ? WHERE id = ?",
            [
                (_speaker_of(roots, pieces, sl, ss, se), _addressee_of(roots, pieces, al, an), sid)
                for sid, sl, ss, se, al, an in conn.execute(
                    "SELECT id, speaker_local, speaker_start, speaker_end, addressee_local, addressee_name "
                    "FROM statements WHERE document = ?",
                    (doc,),
                ).fetchall()
            ],
        )
    for row in pending:
        _apply_replayed(conn, row, dormant)
    # ids no longer produced point to where most of their mentions went
    now = {
        (d, loc): e
        for d, loc, e in conn.execute(
            "SELECT m.document, m.local_id, coalesce(e.merged_into, m.entity) FROM mentions m "
            "JOIN entities e ON e.id = m.entity WHERE m.split_from IS NULL"
        )
    }
    for gone in dormant:
        heirs = Counter(now[k] for k, e in old_of.items() if e == gone and k in now)
        heir = heirs.most_common(1)[0][0] if heirs else None
        conn.execute(
            "UPDATE entities SET merged_into = ? WHERE id = ?", (heir if heir != gone else None, gone)
        )
    rows = _active(conn)
    reassigned = _reassignments(conn)
    for st, other in reassigned.items():
        conn.execute("UPDATE statements SET speaker = ? WHERE id = ?", (_live_or_none(conn, other), st))
    recount(conn, [r[0] for r in conn.execute("SELECT id FROM entities WHERE merged_into IS NULL")])
    refresh_groups(conn, {r[0] for r in conn.execute("SELECT id FROM statement_groups")})
    _set_hidden(conn, [r[4] for r in rows if r[1] in ("hide", "unhide")])
    _apply_renames(conn, rows)
    after = dict(conn.execute("SELECT id, speaker FROM statements"))
    changed = {
        doc
        for sid, doc in conn.execute("SELECT id, document FROM statements").fetchall()
        if before.get(sid) != after.get(sid)
    }
    ReactionLinker(conn).relink_after(sorted(changed))
    refresh_stories(conn, {r[0] for r in conn.execute("SELECT id FROM stories")})


def _apply_replayed(conn: sqlite3.Connection, row: tuple, dormant: set[int]) -> None:
    """A merge or split during a replay: a split-off entity not produced by linking is revived."""
    _, kind, entity, other, *_ = row
    if kind == "split" and other in dormant:
        dormant.discard(other)
        conn.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (other,))
    _apply_structural(conn, row, skip=dormant)


def recount(conn: sqlite3.Connection, entities: list[int]) -> None:
    """Rebuild entities' aliases, first names, descriptors, counts and dates from their mentions; a
    rename not undone keeps its name."""
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
                if etype == "PERSON" and name_key(alias)[1] == surname:
                    givens |= forenames(alias)
            for d in json.loads(descs):
                if d not in descriptors and len(descriptors) < MAX_DESCRIPTORS:
                    descriptors.append(d)
        if rows and etype == "PERSON":
            name = max((r[0] for r in rows), key=lambda n: (len(person_tokens(n)), len(n)))
        statements, speech = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE act = 'speech') FROM statements "
            "WHERE speaker = ? AND NOT hidden",
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
    wanted = set(entities)
    for entity, name in conn.execute(
        "SELECT entity, name FROM decisions WHERE kind = 'rename' AND undone_at IS NULL ORDER BY id"
    ).fetchall():
        target = _live_or_none(conn, entity)
        if target in wanted:
            etype, named = conn.execute("SELECT type, named FROM entities WHERE id = ?", (target,)).fetchone()
            _set_name(conn, target, name, etype, bool(named))
