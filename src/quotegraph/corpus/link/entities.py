"""Cross-article entity linking: one corpus entity per real speaker.

Rules (general, no name lists beyond honorifics):
- names compare case-, accent- and punctuation-insensitively;
- a person is looked up by surname; two first names that disagree ("John" / "Mary") never merge,
  an initial agrees with a name it starts ("J." / "John"); two middle names or initials that disagree
  ("George W." / "George H.W.") never merge either;
- a surname-only mention joins the one person of that surname who has a known first name; when several
  candidates remain, it joins only the one with support (a shared descriptor word, shared co-occurring
  people and organisations); failing that, the one the articles themselves call by the bare surname far
  more often than the others (they use "Obama" for Barack Obama, not Michelle), unless the article names
  another person of that surname; and stays apart when nothing decides;
- unnamed speakers (GROUP, or named=false) are never merged with anything;
- other named entities (organisations, places) merge on an identical name or alias of the same type; an
  'organisation' named exactly like a person the corpus knows with a role is that person, whichever
  came first (one article's NER took 'Carly Fiorina' for an organisation);
- every named entity is shown under the fullest name the articles use often ('Associated Press', not 'AP').
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from quotegraph.config import MAX_DESCRIPTORS
from quotegraph.corpus.columns import ENTITIES
from quotegraph.corpus.link.text import normalize
from quotegraph.extraction.lexicon import EPITHETS, QUANTIFIERS

HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady sen senator rep gov governor president gen general col "
    "capt lt sgt rev fr pope king queen prince princess mayor judge justice chancellor minister secretary "
    "ambassador sheikh imam rabbi st".split()
)
SUFFIXES = frozenset("jr sr ii iii iv phd md esq".split())
# Words too common in descriptors to count as support on their own.
_WEAK_DESCRIPTOR_WORDS = frozenset("the a an of for and in on at to former new senior top chief head".split())
CONTEXT_DOCUMENTS = 50
# A bare surname joins the person the articles call by it at least this share of the time...
SURNAME_SHARE = 0.8
# ...in at least this many articles (one article's usage is no habit).
SURNAME_MIN_ARTICLES = 3


@dataclass
class LocalEntity:
    """An entity as one article's extraction gives it."""

    local_id: str
    name: str
    type: str
    named: bool
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    spans: list[list[int]] = field(default_factory=list)
    rivals: bool = False  # a bare surname in an article naming a person of that surname in full

    @classmethod
    def from_dict(cls, d: dict[str, Any], named: bool = True) -> LocalEntity:
        return cls(
            local_id=d["id"],
            name=d.get("name") or "",
            type=d.get("type") or "OTHER",
            named=named
            and d.get("type") != "GROUP"
            and (d.get("type") == "PERSON" or is_proper(d.get("name") or "")),
            aliases=list(d.get("aliases") or []),
            descriptors=list(d.get("descriptors") or []),
            spans=[list(m) for m in d.get("mentions") or []],
        )

    def as_record(self) -> dict[str, Any]:
        """The entity in the record's shape (extract.schema.json), as the store's columns read it."""
        return {
            "id": self.local_id,
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "descriptors": self.descriptors,
            "mentions": self.spans,
        }


_OWNERS = frozenset("his her their its our my your".split())


def is_proper(name: str) -> bool:
    """'State Department' is a name; 'the company', 'his campaign', "Clinton's campaign" only describe
    one: an unnamed source, never merged by its wording."""
    words = name.split()
    for i, w in enumerate(words):
        if w.lower().endswith(("'s", "’s")):
            words = words[i + 1 :]
            break
    words = [w for w in words if w.lower() not in _OWNERS and w.lower() not in ("the", "a", "an")]
    return any(w[:1].isupper() for w in words)


_PERSON_SHAPE = re.compile(r"[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?")


def person_shaped(name: str) -> bool:
    """'Carly Fiorina', 'Oliver K. Hedge': a given name, an optional initial and a surname, nothing else."""
    return bool(_PERSON_SHAPE.fullmatch(name.strip()))


def _epithet_led(name: str) -> bool:
    """'Crooked Hillary Clinton': an epithet someone gave a person is never part of their name."""
    first = normalize(name).split()[:1]
    return bool(first) and first[0] in EPITHETS | QUANTIFIERS


def person_tokens(name: str) -> list[str]:
    """Name words without honorifics and suffixes: 'Sen. John A. Smith Jr.' -> john a smith."""
    toks = normalize(name).split()
    while len(toks) > 1 and toks[0] in HONORIFICS:
        toks.pop(0)
    while len(toks) > 1 and toks[-1] in SUFFIXES:
        toks.pop()
    return toks


def _initials(tokens: list[str]) -> str:
    """Middle names as initials, so 'H.W.', 'HW' and 'Herbert Walker' compare equal: a token without a
    vowel is already initials."""
    return "".join(t if len(t) <= 3 and not any(v in t for v in "aeiouy") else t[0] for t in tokens)


def forenames(name: str) -> set[str]:
    """The first name, and 'first:middle-initials' when the name has middle names: 'George H.W. Bush'
    -> {george, george:hw}. Both go in an entity's given set."""
    toks = person_tokens(name)
    if len(toks) < 2:
        return set()
    out = {toks[0]}
    if len(toks) > 2:
        out.add(f"{toks[0]}:{_initials(toks[1:-1])}")
    return out


def name_key(name: str) -> tuple[str | None, str | None]:
    """(given, surname) of a person's name; given is None for a surname-only name."""
    toks = person_tokens(name)
    if not toks:
        return None, None
    return (toks[0] if len(toks) > 1 else None), toks[-1]


def same_given(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _split_forenames(names: set[str]) -> tuple[set[str], list[tuple[str, str]]]:
    firsts = {g for g in names if ":" not in g}
    middles = [(f, m) for g in names if ":" in g for f, _, m in [g.partition(":")]]
    return firsts, middles


def given_compatible(a: set[str], b: set[str]) -> bool:
    """Unknown first names are compatible with anything; known ones must agree, and so must the middle
    names both sides give for that first name ('George W.' is not 'George H.W.')."""
    if not a or not b:
        return True
    firsts_a, middles_a = _split_forenames(a)
    firsts_b, middles_b = _split_forenames(b)
    if firsts_a and firsts_b and not any(same_given(x, y) for x in firsts_a for y in firsts_b):
        return False
    return not any(same_given(fa, fb) and ma != mb for fa, ma in middles_a for fb, mb in middles_b)


def descriptor_words(descriptors: Iterable[str]) -> set[str]:
    return {w for d in descriptors for w in normalize(d).split() if w not in _WEAK_DESCRIPTOR_WORDS}


@dataclass
class Candidate:
    id: int
    name: str
    given: set[str]
    descriptors: list[str]
    mentions: int
    short: int = 0  # articles that call this person by the bare surname


def mark_rivals(entities: list[LocalEntity]) -> None:
    """Flag a bare-surname person whose article also names someone of that surname in full: there the
    article itself did not tie the surname to that person, so corpus habit must not either."""
    full = {name_key(e.name)[1] for e in entities if e.type == "PERSON" and e.named and name_key(e.name)[0]}
    for e in entities:
        given, surname = name_key(e.name)
        e.rivals = e.type == "PERSON" and e.named and given is None and surname in full


def link_order(entities: list[LocalEntity]) -> list[LocalEntity]:
    """Named non-persons first, then persons with a first name, then surname-only persons: each can use the
    ones before it as context. Marks rivals (mark_rivals) on the way."""
    mark_rivals(entities)
    return sorted(
        entities,
        key=lambda e: (
            e.type == "PERSON" and e.named,
            e.type == "PERSON" and name_key(e.name)[0] is None,
        ),
    )


def org_person_norm(ent: LocalEntity) -> str | None:
    """The name an 'organisation' shaped like a person's name is looked up by among the persons ('Carly
    Fiorina' tagged ORG), or None: the rule of EntityLinker._person_named, shared with the Dask linker."""
    if ent.type != "ORG" or not person_shaped(ent.name):
        return None
    return normalize(ent.name)


def adopting_norm(ent: LocalEntity) -> tuple[str, str] | None:
    """(name, surname) by which a person named in full, with a role or called by the bare surname, adopts
    an organisation entity of that exact name (EntityLinker._adopt_org), or None."""
    given, surname = name_key(ent.name)
    called = ent.descriptors or any(normalize(a) == surname for a in ent.aliases)
    if not (given and surname and called and person_shaped(ent.name)):
        return None
    return normalize(ent.name), surname


def alias_norms(ent: LocalEntity) -> set[str]:
    """The keys a non-person is looked up by: its normalized name and aliases."""
    return {normalize(n) for n in [ent.name, *ent.aliases]} - {""}


def person_givens(ent: LocalEntity) -> tuple[str | None, set[str]]:
    """(surname, first names the article gives it): the person's blocking key and what must agree."""
    given, surname = name_key(ent.name)
    if surname is None:
        return None, set()
    return surname, {g for n in [ent.name, *ent.aliases] if name_key(n)[1] == surname for g in forenames(n)}


def support(cand_descriptors: list[str], ent_descriptors: list[str], shared_context: int) -> float:
    """A shared descriptor word, plus up to three shared co-occurring people and organisations."""
    score = 1.0 if descriptor_words(cand_descriptors) & descriptor_words(ent_descriptors) else 0.0
    return score + min(shared_context, 3)


def choose_person(
    candidates: list[Candidate],
    givens: set[str],
    score: Callable[[Candidate], float],
    rivals: bool = False,
) -> int | None:
    """The candidate a person joins (see the module docstring); ``score`` gives a candidate's support;
    ``rivals``: the article names another person of the surname (no joining by corpus habit)."""
    candidates = [c for c in candidates if given_compatible(givens, c.given)]
    if not candidates:
        return None
    if givens:
        strong = [c for c in candidates if c.given]
        if strong:
            return best_supported(strong, score, need_support=False)
        if len(candidates) == 1:
            return candidates[0].id
        return best_supported(candidates, score, need_support=True)
    full = [c for c in candidates if c.given]
    if len(full) == 1 and len(candidates) == 1:
        return full[0].id
    chosen = best_supported(candidates, score, need_support=True)
    if chosen is None and not rivals:
        chosen = habitual(full)
    return chosen


def habitual(full: list[Candidate]) -> int | None:
    """The person the articles call by the bare surname: at least SURNAME_SHARE of the articles that use
    it for a named person of that surname, and at least SURNAME_MIN_ARTICLES of them."""
    total = sum(c.short for c in full)
    if not total:
        return None
    top = max(full, key=lambda c: (c.short, c.mentions, -c.id))
    if top.short >= SURNAME_MIN_ARTICLES and top.short >= SURNAME_SHARE * total:
        return top.id
    return None


def best_supported(
    candidates: list[Candidate], score: Callable[[Candidate], float], need_support: bool
) -> int | None:
    """The best-supported candidate; with need_support, only a clear winner with some support."""
    if len(candidates) == 1 and not need_support:
        return candidates[0].id
    scored = sorted(((score(c), c.mentions, c.id) for c in candidates), reverse=True)
    top = scored[0]
    if not need_support:
        return top[2]
    if top[0] > 0 and (len(scored) == 1 or scored[1][0] < top[0]):
        return top[2]
    return None


def fold_givens(givens: set[str], ent: LocalEntity, surname: str | None) -> None:
    """Add the first (and middle) names an article gives a person of this surname."""
    for n in [ent.name, *ent.aliases]:
        if name_key(n)[1] == surname:
            givens |= forenames(n)


def fold_descriptors(descriptors: list[str], new: list[str]) -> None:
    """Append new descriptors in order, keeping at most MAX_DESCRIPTORS."""
    for d in new:
        if d not in descriptors and len(descriptors) < MAX_DESCRIPTORS:
            descriptors.append(d)


def canonical_name(alias_counts: list[tuple[str, int]], surname: str | None, current: str) -> str | None:
    """The fullest name of a person that the articles use often: one article's epithet or stray middle
    name ('Crooked Hillary Clinton', 'B. Hussein Obama') never becomes the name everywhere."""
    full = [
        (a, c)
        for a, c in alias_counts
        if len(person_tokens(a)) > 1 and name_key(a)[1] == surname and not _epithet_led(a)
    ]
    if not full:
        return None
    floor = max(c for _, c in full) / 5
    common = [(a, c) for a, c in full if c >= floor]
    most = max(len(person_tokens(a)) for a, _ in common)
    if any(a == current and len(person_tokens(a)) == most for a, _ in common):
        return current  # a name a user chose, or the one already shown, stays while it is as full
    return max(common, key=lambda ac: (len(person_tokens(ac[0])), ac[1], len(ac[0])))[0]


def canonical_other(alias_counts: list[tuple[str, int]], current: str) -> str | None:
    """The name of an organisation or place: the fullest of the names the articles use often, so an
    acronym one article used first ('AP') gives way to the name ('Associated Press')."""
    common = [(a, c) for a, c in alias_counts if normalize(a)]
    if not common:
        return None
    floor = max(c for _, c in common) / 5
    common = [(a, c) for a, c in common if c >= floor]
    most = max(len(normalize(a).split()) for a, _ in common)
    if any(a == current and len(normalize(a).split()) == most for a, _ in common):
        return current
    return max(common, key=lambda ac: (len(normalize(ac[0]).split()), ac[1], len(ac[0])))[0]


class EntityLinker:
    """Assigns corpus entity ids to one document's entities, writing mentions and aliases as it goes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def link_document(self, document: int, date: str | None, entities: list[LocalEntity]) -> dict[str, int]:
        """Corpus id for each local entity id; named non-persons first, so persons can use them as context."""
        order = link_order(entities)
        mapping: dict[str, int] = {}
        for ent in order:
            if not ent.named or not normalize(ent.name):
                corpus_id = self._create(ent, date, named=False)
            elif ent.type == "PERSON":
                context = {mapping[e.local_id] for e in entities if e.local_id in mapping and e.named}
                corpus_id = self._link_person(ent, context) or self._adopt_org(ent) or self._create(ent, date)
            else:
                corpus_id = self._person_named(ent) or self._link_by_alias(ent) or self._create(ent, date)
            mapping[ent.local_id] = corpus_id
            self._attach(corpus_id, ent, document, date)
        return mapping

    def _person_named(self, ent: LocalEntity) -> int | None:
        """An 'organisation' whose full name is a person's the corpus knows as one (with a role, or called
        by the bare surname: 'Carly Fiorina', tagged ORG by one article's NER): that person."""
        norm = org_person_norm(ent)
        if norm is None:
            return None
        row = self.conn.execute(
            "SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.norm = ? AND e.type = 'PERSON' "
            "AND e.named = 1 AND e.merged_into IS NULL AND (e.descriptors != '[]' OR EXISTS (SELECT 1 FROM "
            "aliases b WHERE b.entity = e.id AND b.norm = e.surname)) ORDER BY e.mentions DESC, e.id LIMIT 1",
            (norm,),
        ).fetchone()
        if row is None:
            return None
        ent.type = "PERSON"
        return int(row[0])

    def _adopt_org(self, ent: LocalEntity) -> int | None:
        """The reverse: a person named in full, with a role or called by the bare surname, whom earlier
        articles' NER took for an organisation of that exact name, turns that entity into the person."""
        key = adopting_norm(ent)
        if key is None:
            return None
        norm, surname = key
        row = self.conn.execute(
            "SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.norm = ? AND e.type = 'ORG' "
            "AND e.named = 1 AND e.merged_into IS NULL ORDER BY e.mentions DESC, e.id LIMIT 1",
            (norm,),
        ).fetchone()
        if row is None:
            return None
        self.conn.execute(
            "UPDATE entities SET type = 'PERSON', surname = ?, name = ? WHERE id = ?",
            (surname, ent.name, row[0]),
        )
        return int(row[0])

    def _link_by_alias(self, ent: LocalEntity) -> int | None:
        norms = alias_norms(ent)
        marks = ",".join("?" * len(norms))
        row = self.conn.execute(
            f"SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.norm IN ({marks}) "
            "AND e.type = ? AND e.named = 1 AND e.merged_into IS NULL ORDER BY e.mentions DESC, e.id LIMIT 1",
            [*norms, ent.type],
        ).fetchone()
        return row[0] if row else None

    def _link_person(self, ent: LocalEntity, context: set[int]) -> int | None:
        surname, givens = person_givens(ent)
        if surname is None:
            return None
        return choose_person(
            self._candidates(surname), givens, lambda c: self._support(c, ent, context), ent.rivals
        )

    def _support(self, cand: Candidate, ent: LocalEntity, context: set[int]) -> float:
        shared: set[int] = set()
        if context:
            rows = self.conn.execute(
                "SELECT DISTINCT m.entity FROM mentions m WHERE m.type IN ('PERSON', 'ORG') AND m.document IN "
                "(SELECT document FROM mentions WHERE entity = ? ORDER BY document DESC LIMIT ?)",
                (cand.id, CONTEXT_DOCUMENTS),
            ).fetchall()
            shared = (context & {r[0] for r in rows}) - {cand.id}
        return support(cand.descriptors, ent.descriptors, len(shared))

    def _candidates(self, surname: str) -> list[Candidate]:
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.given, e.descriptors, e.mentions, coalesce(a.count, 0) FROM entities e "
            "LEFT JOIN aliases a ON a.entity = e.id AND a.norm = e.surname "
            "WHERE e.surname = ? AND e.merged_into IS NULL AND e.named = 1 AND e.type = 'PERSON'",
            (surname,),
        ).fetchall()
        return [Candidate(r[0], r[1], set(r[2].split()), json.loads(r[3]), r[4], r[5]) for r in rows]

    def _create(self, ent: LocalEntity, date: str | None, named: bool = True) -> int:
        given, surname = name_key(ent.name) if ent.type == "PERSON" and named else (None, None)
        cur = self.conn.execute(
            "INSERT INTO entities (name, type, named, norm, surname, given, first_date, last_date) "
            "VALUES (?, ?, ?, ?, ?, '', ?, ?)",
            (
                ent.name or "?",
                ent.type if named else "GROUP" if ent.type in ("GROUP", "PERSON") else ent.type,
                int(named),
                normalize(ent.name),
                surname,
                date,
                date,
            ),
        )
        return int(cur.lastrowid or 0)

    def _canonical(self, corpus_id: int, surname: str | None, current: str, person: bool) -> str | None:
        rows = self.conn.execute("SELECT alias, count FROM aliases WHERE entity = ?", (corpus_id,)).fetchall()
        return canonical_name(rows, surname, current) if person else canonical_other(rows, current)

    def _attach(self, corpus_id: int, ent: LocalEntity, document: int, date: str | None) -> None:
        """Record the mention row and fold the article's names, first names and descriptors into the entity."""
        conn = self.conn
        conn.execute(
            ENTITIES.insert_sql(), ENTITIES.store_row(ent.as_record(), document=document, entity=corpus_id)
        )
        for alias in dict.fromkeys([ent.name, *ent.aliases]):
            norm = normalize(alias)
            if norm:
                conn.execute(
                    "INSERT INTO aliases (entity, norm, alias) VALUES (?, ?, ?) "
                    "ON CONFLICT (entity, norm) DO UPDATE SET count = count + 1",
                    (corpus_id, norm, alias),
                )
        row = conn.execute(
            "SELECT name, given, descriptors, surname, named FROM entities WHERE id = ?", (corpus_id,)
        ).fetchone()
        name, given_s, desc_s, surname, named = row
        givens = set(given_s.split())
        if named and ent.type == "PERSON":
            fold_givens(givens, ent, surname)
            name = self._canonical(corpus_id, surname, name, person=True) or name
        elif named:
            name = self._canonical(corpus_id, surname, name, person=False) or name
        descriptors = json.loads(desc_s)
        fold_descriptors(descriptors, ent.descriptors)
        conn.execute(
            "UPDATE entities SET name = :name, given = :given, descriptors = :desc, "
            "mentions = mentions + :n, documents = documents + 1, "
            "first_date = CASE WHEN first_date IS NULL OR :date < first_date THEN :date ELSE first_date END, "
            "last_date = CASE WHEN last_date IS NULL OR :date > last_date THEN :date ELSE last_date END "
            "WHERE id = :id",
            {
                "name": name,
                "given": " ".join(sorted(givens)),
                "desc": json.dumps(descriptors, ensure_ascii=False),
                "n": len(ent.spans),
                "date": date,
                "id": corpus_id,
            },
        )
