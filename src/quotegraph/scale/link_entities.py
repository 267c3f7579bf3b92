"""Entity linking by blocks, for the Dask linker: the SQLite linker's rules (corpus.link.entities), replayed
in memory over the entities of one block in ingest order.

Why blocks reproduce the one-process result: a named person only ever joins an entity of its surname, so
the persons of one surname can be linked apart from the rest; a named organisation or place only joins an
entity sharing one of its names, so the names that ever appear together on one entity (the connected
components of the name graph) are closed blocks too. Two rules tie an organisation to a person: one
shaped like a person's name joins a person holding that name (org_person_norm), and a person may adopt an
organisation of its exact name (adopting_norm); the name graph has an edge for each, so a block holding
both is one block, linked with the persons. The one thing crossing blocks is a person's support
from co-occurring entities; it is read from a context map of the previous round, and the rounds repeat
until no label changes (a fixed point, which the ingest-order result is: each decision depends only on
earlier articles and the earlier entities of its own).

A label is ``seq * LABEL_STRIDE + pos`` of the local entity that created the corpus entity, so labels
sort in the order the SQLite store would give its ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from quotegraph.corpus.link.entities import (
    CONTEXT_DOCUMENTS,
    Candidate,
    LocalEntity,
    adopting_norm,
    alias_norms,
    canonical_name,
    canonical_other,
    choose_person,
    fold_descriptors,
    fold_givens,
    name_key,
    org_person_norm,
    person_givens,
    support,
)
from quotegraph.corpus.link.text import normalize
from quotegraph.errors import InputError

LABEL_STRIDE = 1 << 16

# Per article: (pos, label, type, named) of each of its entities, in link order.
Context = dict[int, list[tuple[int, int, str, bool]]]


def label_of(seq: int, pos: int) -> int:
    if pos >= LABEL_STRIDE:
        raise InputError(f"article {seq}: more than {LABEL_STRIDE} entities")
    return seq * LABEL_STRIDE + pos


@dataclass
class EntityRow:
    """One local entity to link, where it stands in ingest order."""

    seq: int
    pos: int
    day: str | None
    ent: LocalEntity

    @property
    def label(self) -> int:
        return label_of(self.seq, self.pos)


@dataclass
class CorpusEntity:
    """A corpus entity as the store's ``entities`` row keeps it, built up as mentions attach."""

    id: int
    name: str
    type: str
    named: bool
    surname: str | None = None
    given: set[str] = field(default_factory=set)
    descriptors: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: int = 0
    first_date: str | None = None
    last_date: str | None = None
    docs: list[int] = field(default_factory=list)  # seq of each attached mention row, in order
    aliases: dict[str, list] = field(default_factory=dict)  # norm -> [first alias text, count]

    def attach(self, row: EntityRow) -> None:
        ent = row.ent
        for alias in dict.fromkeys([ent.name, *ent.aliases]):
            norm = normalize(alias)
            if norm:
                if norm in self.aliases:
                    self.aliases[norm][1] += 1
                else:
                    self.aliases[norm] = [alias, 1]
        counts = [(a, c) for a, c in self.aliases.values()]
        if self.named and ent.type == "PERSON":
            fold_givens(self.given, ent, self.surname)
            self.name = canonical_name(counts, self.surname, self.name) or self.name
        elif self.named:
            self.name = canonical_other(counts, self.name) or self.name
        fold_descriptors(self.descriptors, ent.descriptors)
        self.mentions += len(ent.spans)
        self.documents += 1
        self.docs.append(row.seq)
        if row.day is not None:
            self.first_date = (
                row.day if self.first_date is None or row.day < self.first_date else self.first_date
            )
            self.last_date = row.day if self.last_date is None or row.day > self.last_date else self.last_date

    def record(self) -> dict:
        return {
            "entity_id": self.id,
            "name": self.name,
            "type": self.type,
            "named": self.named,
            "mentions": self.mentions,
            "documents": self.documents,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "aliases": [a for a, _ in self.aliases.values()],
            "descriptors": list(self.descriptors),
        }


def unnamed(row: EntityRow) -> CorpusEntity:
    """An entity of its own: unnamed speakers and nameless mentions never merge."""
    ent = row.ent
    kind = "GROUP" if ent.type in ("GROUP", "PERSON") else ent.type
    e = CorpusEntity(row.label, ent.name or "?", kind, named=False)
    e.attach(row)
    return e


def is_linkable(ent: LocalEntity) -> bool:
    return ent.named and bool(normalize(ent.name))


def link_block(
    rows: Iterable[EntityRow], context: Context
) -> tuple[dict[int, int], list[CorpusEntity], set[int]]:
    """The entities of one closed block in ingest order, as EntityLinker.link_document decides them: a named
    organisation or place joins the entity of its type sharing one of its names with the most mentions so
    far (the lowest id on a tie), unless it is shaped like a person's name the block knows as a person
    (org_person_norm); a person joins by corpus.link.entities.choose_person, with support from co-occurring
    entities read from ``context``, else adopts an organisation entity of its exact name (adopting_norm),
    else starts one. Returns each row's label -> its entity's id, the entities, and the labels of the
    organisation mentions that became a person's (their mention type is PERSON, as the store writes it)."""
    by_surname: dict[str, list[CorpusEntity]] = {}
    index: dict[tuple[str, str], list[CorpusEntity]] = {}  # (type, alias norm) -> entities, in id order
    assigned: dict[int, int] = {}
    made: list[CorpusEntity] = []
    retyped: set[int] = set()

    def best(found: Iterable[CorpusEntity]) -> CorpusEntity | None:
        return max(found, key=lambda e: (e.mentions, -e.id), default=None)

    for row in sorted(rows, key=lambda r: (r.seq, r.pos)):
        ent = row.ent
        if ent.type == "PERSON":
            target = _person_target(row, by_surname, index, context, made)
        else:
            target = None
            norm = org_person_norm(ent)
            if norm is not None:
                target = best(e for e in index.get(("PERSON", norm), ()) if _known_person(e))
                if target is not None:
                    row = replace(row, ent=replace(ent, type="PERSON"))
                    retyped.add(row.label)
            if target is None:
                found = {e.id: e for n in alias_norms(ent) for e in index.get((ent.type, n), ())}
                target = best(found.values())
            if target is None:
                target = CorpusEntity(row.label, ent.name or "?", ent.type, named=True)
                made.append(target)
        before = set(target.aliases)
        target.attach(row)
        for norm in set(target.aliases) - before:
            index.setdefault((target.type, norm), []).append(target)
        assigned[row.label] = target.id
    return assigned, made, retyped


def _known_person(e: CorpusEntity) -> bool:
    """A person the corpus knows as one: with a role, or called by the bare surname."""
    return bool(e.descriptors) or (e.surname or "") in e.aliases


def _person_target(
    row: EntityRow,
    by_surname: dict[str, list[CorpusEntity]],
    index: dict[tuple[str, str], list[CorpusEntity]],
    context: Context,
    made: list[CorpusEntity],
) -> CorpusEntity:
    ent = row.ent
    surname, givens = person_givens(ent)
    block = by_surname.setdefault(surname or "", [])
    here = context.get(row.seq, [])
    mapped = {lbl for p, lbl, _, named in here if p < row.pos and named}
    cands = {e.id: e for e in block}

    def score(c: Candidate) -> float:
        shared = 0
        if mapped:
            seen: set[int] = set()
            for d in set(cands[c.id].docs[-CONTEXT_DOCUMENTS:]):
                for p, lbl, typ, _ in context.get(d, []):
                    if typ in ("PERSON", "ORG") and (d != row.seq or p < row.pos):
                        seen.add(lbl)
            shared = len((mapped & seen) - {c.id})
        return support(c.descriptors, ent.descriptors, shared)

    candidates = [
        Candidate(e.id, e.name, e.given, e.descriptors, e.mentions, e.aliases.get(surname or "", [0, 0])[1])
        for e in block
    ]
    chosen = choose_person(candidates, givens, score, ent.rivals) if surname else None
    if chosen is not None:
        return cands[chosen]
    key = adopting_norm(ent)
    if key is not None:
        norm, surname_ = key
        orgs = index.get(("ORG", norm), [])
        org = max(orgs, key=lambda e: (e.mentions, -e.id), default=None)
        if org is not None:
            for n in org.aliases:
                index[("ORG", n)].remove(org)
                index.setdefault(("PERSON", n), []).append(org)
            org.type, org.surname, org.name = "PERSON", surname_, ent.name
            by_surname.setdefault(surname_, []).append(org)
            return org
    target = CorpusEntity(row.label, ent.name or "?", "PERSON", named=True, surname=name_key(ent.name)[1])
    block.append(target)
    made.append(target)
    return target
