"""In-article resolution: named entities grouped into one entity per real thing, and speakers named.

'Kadyrov' joins 'Ramzan Kadyrov'; 'IS' joins 'Islamic State' when its letters are that name's initials;
'he' goes to the person the text was last talking about who agrees in gender; 'the central bank chief'
goes to the person described as head of the central bank; 'a fighter' stays an unnamed GROUP.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from quotegraph.extract.attribute.channels import channel_hints
from quotegraph.extract.attribute.found import Found
from quotegraph.extract.lexicon import (
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    HEAD_SYNONYMS,
    INSTITUTION_NOUNS,
    MALE_PRONOUNS,
    MALE_TITLES,
    NEUTER_PRONOUNS,
    PERSON_NOUNS,
    PLATFORMS,
    PLURAL_PRONOUNS,
    TITLE_WORDS,
)
from quotegraph.extract.names import FEMALE_NAMES, MALE_NAMES
from quotegraph.extract.syntax import (
    appositive_name,
    check_budget,
    doc_text,
    noun_phrase,
    strip_determiners,
)
from quotegraph.model import Addressee, Cue, Entity, Speaker, Statement

_TYPE_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC"}
_STOP_IN_NAME = frozenset({"of", "the", "for", "and", "in", "on", "de", "la", "&"})
_CHANNEL_REACH = 1200  # characters a stated channel carries forward to the same speaker
_GENERIC_DESCRIPTOR_WORDS = frozenset({"the", "a", "an", "of", "'s", "’s", "who", "and", "former", "new"})


@dataclass
class _Ent:
    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)  # head token index of each mention
    descriptors: list[str] = field(default_factory=list)
    gender: str | None = None
    id: str = ""

    @property
    def name(self) -> str:
        proper = [n for n in self.names if not (n.isupper() and len(n) <= 6)] or self.names
        return max(proper, key=lambda n: (len(n.split()), len(n)))


_OCCUPATION = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman|ess)$")


def _is_role_word(tok: Token) -> bool:
    """'Mayor', 'Footballer', 'Senator' before a name: a role, not part of the name."""
    low = tok.lower_
    if low in FEMALE_NAMES or low in MALE_NAMES:
        return False
    return low in TITLE_WORDS or low in PERSON_NOUNS or tok.pos_ != "PROPN" or bool(_OCCUPATION.search(low))


def _clean_name(span: Span, person: bool | None = None) -> tuple[str, int, int] | None:
    start, end = span.start, span.end
    doc = span.doc
    person = span.label_ == "PERSON" if person is None else person
    while start < end and (
        doc[start].lower_ in ("the", "a", "an")
        or doc[start].is_punct
        or (
            person
            and end - start > 1
            and doc[start].text[:1].isupper()
            and _is_role_word(doc[start])
            and doc[start + 1].pos_ == "PROPN"
        )
    ):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    s = doc[start:end]
    return s.text, s.start_char, s.end_char


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP_IN_NAME and w[:1].isalpha()).upper()


class Resolver:
    """Entities of one article, and the naming of its speakers."""

    def __init__(self, doc: Doc, article_id: str) -> None:
        self.doc = doc
        self.article_id = article_id
        self.ents: list[_Ent] = []
        self.token_entity: dict[int, _Ent] = {}
        self.groups: dict[str, _Ent] = {}
        self._build()

    # entities ---------------------------------------------------------------------------------
    def _build(self) -> None:
        doc = self.doc
        mentions = []
        for ent in doc.ents:
            etype = _TYPE_MAP.get(ent.label_)
            if etype is None:
                continue
            cleaned = _clean_name(ent)
            if cleaned is None:
                continue
            name, s, e = cleaned
            if name.lower() in PLATFORMS or not any(ch.isalpha() for ch in name):
                continue
            if etype == "PERSON" and len(name.split()) == 1 and name.isupper() and len(name) <= 5:
                etype = "ORG"
            mentions.append((ent, etype, name, s, e))
        # fullest names first so that short forms find them
        order = sorted(range(len(mentions)), key=lambda k: -len(mentions[k][2].split()))
        assigned: dict[int, _Ent] = {}
        for k in order:
            ent, etype, name, s, e = mentions[k]
            target = self._match(etype, name, s)
            if target is None:
                target = _Ent(type=etype)
                self.ents.append(target)
            if name not in target.names:
                target.names.append(name)
            assigned[k] = target
        for k in range(len(mentions)):
            ent, etype, name, s, e = mentions[k]
            target = assigned[k]
            target.mentions.append((s, e))
            target.tokens.append(ent.root.i)
            for t in ent:
                self.token_entity[t.i] = target
        self._acronyms()
        for target in self.ents:
            target.mentions.sort()
            target.tokens.sort()
            if target.type == "ORG" and self._looks_like_person(target):
                target.type = "PERSON"
            if target.type == "PERSON":
                self._describe(target)
                target.gender = self._gender(target)
        self.ents.sort(key=lambda x: x.mentions[0])
        for n, target in enumerate(self.ents):
            target.id = f"E{n + 1}"

    def _acronyms(self) -> None:
        """'IS' where the article names the 'Islamic State': capitals that spell an organisation's initials
        join it, whether the NER tagged them or not (a definition in brackets is the usual case)."""
        by_initials: dict[str, _Ent] = {}
        for ent in self.ents:
            if ent.type in ("ORG", "GPE", "NORP"):
                for name in ent.names:
                    if len(name.split()) >= 2:
                        by_initials.setdefault(_initials(name), ent)
        if not by_initials:
            return
        for tok in self.doc:
            text = tok.text
            if not (2 <= len(text) <= 6 and text.isupper() and text.isalpha()):
                continue
            target = by_initials.get(text)
            current = self.token_entity.get(tok.i)
            if target is None or current is target:
                continue
            if current is not None and current.names != [text]:
                continue
            if current is not None and current in self.ents:
                self.ents.remove(current)
            if text not in target.names:
                target.names.append(text)
            target.mentions.append((tok.idx, tok.idx + len(text)))
            target.tokens.append(tok.i)
            self.token_entity[tok.i] = target

    def _match(self, etype: str, name: str, start: int) -> _Ent | None:
        words = [w for w in name.split() if w.lower() not in _STOP_IN_NAME]
        low = name.lower()
        best = None
        for cand in self.ents:
            # a surname alone, whatever label the NER gave it, is the person named in full
            if (
                len(words) == 1
                and cand.type == "PERSON"
                and any(len(n.split()) > 1 and n.split()[-1] == words[0] for n in cand.names)
            ):
                best = best or cand
                continue
            compatible = (
                cand.type == etype
                or {cand.type, etype} <= {"ORG", "GPE", "NORP", "LOC"}
                and low in (n.lower() for n in cand.names)
            )
            if not compatible and not (etype in ("PERSON", "ORG") and cand.type in ("PERSON", "ORG")):
                continue
            for existing in cand.names:
                ex_words = [w for w in existing.split() if w.lower() not in _STOP_IN_NAME]
                if low == existing.lower():
                    return cand
                if etype == "PERSON" and cand.type == "PERSON" and words and set(words) <= set(ex_words):
                    best = best or cand
                if (
                    name.isupper()
                    and 2 <= len(name) <= 6
                    and cand.type in ("ORG", "GPE", "NORP")
                    and _initials(existing) == name
                ):
                    best = best or cand
                if etype == "ORG" and cand.type == "ORG" and len(words) >= 2 and set(words) <= set(ex_words):
                    best = best or cand
        return best

    def _describe(self, target: _Ent) -> None:
        doc = self.doc
        for head_i in target.tokens:
            head = doc[head_i]
            # titles and roles before the name: "Chechen leader Ramzan Kadyrov", "Finance Minister Tomas Reed"
            left = []
            j = head_i
            while j - 1 >= 0 and doc[j - 1].ent_type_ == "PERSON":
                j -= 1
            k = j - 1
            while (
                k >= 0
                and doc[k].dep_ in ("compound", "amod", "nmod")
                and doc[k].head.i >= k
                and not doc[k].is_punct
            ):
                if doc[k].ent_type_ == "PERSON":
                    break
                left.insert(0, doc[k])
                k -= 1
            if left and any(t.pos_ == "NOUN" or t.lower_ in TITLE_WORDS for t in left):
                self._add_descriptor(target, " ".join(t.text for t in left))
            # appositions: "Ramon Castillo, the port authority's director"; "the protest leader, Nadia Haddad"
            for child in head.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    s, e = noun_phrase(child)
                    self._add_descriptor(target, strip_determiners(doc[s:e]).text)
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                s, e = noun_phrase(head.head)
                self._add_descriptor(target, strip_determiners(doc[s:e]).text)
            # "X was appointed head of the central bank", "X is the country's chief negotiator"
            if head.dep_ in ("nsubj", "nsubjpass"):
                verb = head.head
                if verb.lemma_ in ("be", "appoint", "name", "elect", "become", "serve", "nominate"):
                    for child in verb.children:
                        if child.dep_ in ("attr", "oprd", "xcomp") and child.pos_ == "NOUN":
                            s, e = _with_of(child)
                            self._add_descriptor(target, strip_determiners(doc[s:e]).text)
                        if child.dep_ == "prep" and child.lower_ == "as":
                            for g in child.children:
                                if g.dep_ == "pobj" and g.pos_ == "NOUN":
                                    s, e = _with_of(g)
                                    self._add_descriptor(target, strip_determiners(doc[s:e]).text)

    def _looks_like_person(self, target: _Ent) -> bool:
        """An 'ORG' the NER got wrong: 'Nadia Haddad' (a known given name) or the name in
        'the protest leader, Nadia Haddad'."""
        for name in target.names:
            words = name.split()
            if 2 <= len(words) <= 3 and words[0].lower() in FEMALE_NAMES | MALE_NAMES:
                return True
        for i in target.tokens:
            tok = self.doc[i]
            if tok.dep_ == "appos" and tok.head.lower_ in PERSON_NOUNS:
                return True
        return False

    def _add_descriptor(self, target: _Ent, text: str) -> None:
        text = text.strip(" ,")
        if text and len(text.split()) <= 8 and text not in target.descriptors:
            target.descriptors.append(text)

    def _gender(self, target: _Ent) -> str | None:
        for name in target.names:
            first = name.split()[0].lower().rstrip(".")
            if first in FEMALE_NAMES:
                return "f"
            if first in MALE_NAMES:
                return "m"
        for d in target.descriptors:
            words = {w.lower() for w in d.split()}
            if words & FEMALE_TITLES:
                return "f"
            if words & MALE_TITLES:
                return "m"
        doc = self.doc
        for head_i in target.tokens:
            j = head_i
            while j - 1 >= 0 and doc[j - 1].ent_type_ == "PERSON":
                j -= 1
            if j - 1 >= 0:
                prev = doc[j - 1].lower_
                if prev in FEMALE_TITLES:
                    return "f"
                if prev in MALE_TITLES:
                    return "m"
        return None

    def entity_at(self, tok: Token) -> _Ent | None:
        return self.token_entity.get(tok.i)

    # speakers ----------------------------------------------------------------------------------
    def speaker_for(
        self, tok: Token, history: list[tuple[int, _Ent | None, str, Token]]
    ) -> tuple[Speaker, float] | None:
        """Name the speaker whose head token is ``tok``; returns the Speaker and a confidence factor."""
        doc = self.doc
        s, e = noun_phrase(tok)
        surface = doc[s:e]
        if tok.pos_ == "PRON" or tok.lower_ in PLURAL_PRONOUNS | MALE_PRONOUNS | FEMALE_PRONOUNS:
            surface = doc[tok.i : tok.i + 1]
            target = self._pronoun(tok, history)
            if target is None:
                if tok.lower_ in ("i", "we", "you", "it", "this", "that", "me", "us"):
                    return None
                # a 'he' with no antecedent the rules trust: kept as said, unresolved, never guessed
                return Speaker(
                    name=tok.text, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), named=False
                ), 0.5
            return self._speaker_from(target, surface), 0.9
        ent = self._entity_in(tok, s, e)
        if ent is not None:
            return self._speaker_from(ent, surface), 1.0
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            ent = self._proper_entity(surface)
            if ent is not None:
                return self._speaker_from(ent, surface), 0.9
        described = self._descriptor_match(tok, surface)
        if described is not None:
            return self._speaker_from(described, surface), 0.85
        return self._unnamed(tok, surface), 0.8

    def _proper_entity(self, surface: Span) -> _Ent | None:
        """A proper-name speaker the NER missed: an earlier entity it shortens ('Castillo'), or a new one."""
        cleaned = _clean_name(surface, person=True)
        if cleaned is None:
            return None
        name, s, e = cleaned
        words = set(name.split())
        for ent in self.ents:
            if ent.type in ("PERSON", "ORG") and any(words <= set(n.split()) for n in ent.names):
                if name not in ent.names:
                    ent.names.append(name)
                ent.mentions.append((s, e))
                return ent
        etype = "ORG" if surface.root.lower_ in INSTITUTION_NOUNS or len(words) > 4 else "PERSON"
        ent = _Ent(type=etype, names=[name], mentions=[(s, e)], tokens=[surface.root.i])
        ent.id = f"E{len(self.ents) + len(self.groups) + 1}"
        self.ents.append(ent)
        for t in surface:
            self.token_entity.setdefault(t.i, ent)
        return ent

    def _entity_in(self, tok: Token, s: int, e: int) -> _Ent | None:
        direct = self.token_entity.get(tok.i)
        if direct is not None and direct.type != "NORP":
            return direct
        appos = appositive_name(tok)
        if appos is not None and appos.i in self.token_entity:
            return self.token_entity[appos.i]
        doc = self.doc
        for i in range(s, e):
            ent = self.token_entity.get(i)
            # "Obama's former strategist" is not Obama: skip possessors
            if ent is not None and ent.type == "PERSON" and not _in_possessor(doc[i], tok):
                return ent
        return None

    def _speaker_from(self, ent: _Ent, surface: Span) -> Speaker:
        return Speaker(
            name=ent.name,
            text=surface.text,
            start=surface.start_char,
            end=surface.end_char,
            named=ent.type != "GROUP",
            entity=ent.id,
        )

    def _pronoun(self, tok: Token, history: list[tuple[int, _Ent | None, str, Token]]) -> _Ent | None:
        low = tok.lower_
        if low in ("i", "we", "you", "me", "us"):
            return None
        want = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
        plural = low in PLURAL_PRONOUNS
        neuter = low in NEUTER_PRONOUNS
        candidates = [c for c in self._antecedents(tok) if self._agrees(c, want, plural, neuter)]
        if want is not None:
            # someone the text marks as that gender goes before someone of unknown gender
            candidates.sort(key=lambda c: 0 if c.gender == want else 1)
        # the speaker of the statement just before keeps the floor unless someone new who agrees
        # has been mentioned since
        if history:
            last_i, last_ent, _, _ = history[-1]
            if last_ent is not None and tok.i - last_i < 150 and self._agrees(last_ent, want, plural, neuter):
                newer = [c for c in candidates if c is not last_ent and max(c.tokens) > last_i]
                if not newer:
                    return last_ent
        return candidates[0] if candidates else None

    def _agrees(self, ent: _Ent, want: str | None, plural: bool, neuter: bool) -> bool:
        if neuter:
            return ent.type in ("ORG", "GPE") or (ent.type == "GROUP" and not ent.names[0].endswith("s"))
        if plural:
            return ent.type in ("ORG", "GROUP", "NORP", "GPE") and (
                ent.type != "GROUP" or _plural_phrase(ent.names[0])
            )
        if ent.type == "GROUP":
            return not _plural_phrase(ent.names[0])
        if ent.type != "PERSON":
            return False
        return want is None or ent.gender is None or ent.gender == want

    def _antecedents(self, tok: Token) -> list[_Ent]:
        """Entities mentioned before ``tok`` in this and the previous three sentences, nearest first;
        subjects of the previous sentence come before other mentions there."""
        doc = self.doc
        sent = tok.sent
        window_start = sent.start
        for _ in range(3):
            if window_start == 0:
                break
            window_start = doc[window_start - 1].sent.start
        seen: list[_Ent] = []
        in_quote = doc._.qg_in_quote or [False] * len(doc)
        for i in range(tok.i - 1, window_start - 1, -1):
            t = doc[i]
            if in_quote[i]:
                continue
            ent = self.token_entity.get(i)
            if (
                ent is None
                and t.pos_ == "NOUN"
                and t.lower_ in PERSON_NOUNS
                and t.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "appos")
            ):
                appos = appositive_name(t)
                if appos is not None and appos.i in self.token_entity:
                    continue
                s, e = noun_phrase(t)
                if not any(
                    (x := self.token_entity.get(k)) is not None and x.type == "PERSON" for k in range(s, e)
                ):
                    ent = self._group_for(doc[s:e], t)
            if ent is not None and ent not in seen:
                seen.append(ent)
        subjects = [
            e for e in seen if any(doc[k].dep_ in ("nsubj", "nsubjpass") for k in e.tokens if k < tok.i)
        ]
        return subjects + [e for e in seen if e not in subjects]

    def _descriptor_match(self, tok: Token, surface: Span) -> _Ent | None:
        """'the central bank chief' -> the person described as 'head of the central bank'."""
        definite = len(surface) > 0 and (
            surface[0].lower_ in ("the", "this", "that") or surface[0].dep_ == "poss"
        )
        if not definite:
            return None
        words = _content_words(strip_determiners(surface).text)
        head = HEAD_SYNONYMS.get(tok.lower_, tok.lemma_.lower())
        best, best_score = None, 0.0
        for ent in self.ents:
            if ent.type not in ("PERSON", "ORG") or not ent.mentions or ent.mentions[0][0] >= tok.idx:
                continue
            for d in ent.descriptors:
                dwords = _content_words(d)
                dheads = {HEAD_SYNONYMS.get(w, w) for w in dwords}
                overlap = len((words & dwords) - {tok.lower_})
                needs_overlap = len(words - {tok.lower_}) > 0
                score = overlap + (1.0 if head in dheads else 0.0)
                if head in dheads and (overlap or not needs_overlap) and score > best_score:
                    best, best_score = ent, score + ent.mentions[-1][0] / 1e9
        if best is not None:
            return best
        # "the fighter" after "a fighter": the same unnamed speaker
        key = tok.lemma_.lower()
        for g in reversed(list(self.groups.values())):
            words = g.names[0].split() if g.names else []
            if words and words[-1].lower().rstrip("s") == key.rstrip("s"):
                return g
        return None

    def _unnamed(self, tok: Token, surface: Span) -> Speaker:
        if tok.lower_ in INSTITUTION_NOUNS and tok.tag_ in ("NN", "NNP"):
            name = _descriptive(surface)
            ent = self._group_for(surface, tok, etype="ORG")
            return Speaker(
                name=name,
                text=surface.text,
                start=surface.start_char,
                end=surface.end_char,
                named=True,
                entity=ent.id,
            )
        ent = self._group_for(surface, tok)
        return Speaker(
            name=ent.name,
            text=surface.text,
            start=surface.start_char,
            end=surface.end_char,
            named=False,
            entity=ent.id,
        )

    def _group_for(self, surface: Span, tok: Token, etype: str = "GROUP") -> _Ent:
        name = _descriptive(surface) or tok.text
        key = f"{etype}:{name.lower()}"
        ent = self.groups.get(key)
        if ent is None:
            ent = _Ent(type=etype, names=[name])
            ent.id = f"{'G' if etype == 'GROUP' else 'E'}{len(self.ents) + len(self.groups) + 1}"
            self.groups[key] = ent
        if (surface.start_char, surface.end_char) not in ent.mentions:
            ent.mentions.append((surface.start_char, surface.end_char))
            ent.tokens.append(tok.i)
        return ent

    def all_entities(self) -> list[Entity]:
        out = []
        for ent in [*self.ents, *self.groups.values()]:
            aliases = sorted({n for n in ent.names if n != ent.name})
            out.append(
                Entity(
                    id=ent.id,
                    name=ent.name,
                    type=ent.type,
                    aliases=aliases,
                    descriptors=list(ent.descriptors),
                    mentions=sorted(ent.mentions),
                )
            )
        return out


def _in_possessor(tok: Token, head: Token) -> bool:
    cur = tok
    while cur.i != head.i and cur.head.i != cur.i:
        if cur.dep_ == "poss":
            return True
        cur = cur.head
    return False


def _with_of(tok: Token) -> tuple[int, int]:
    """An NP with its 'of' complement: 'head of the central bank'."""
    s, e = noun_phrase(tok)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            sub = [t.i for t in child.subtree]
            e = max(e, max(sub) + 1)
    return s, e


def _content_words(text: str) -> set[str]:
    words = {re.sub(r"['’]s$", "", w.lower()) for w in re.findall(r"[\w'’-]+", text)}
    return {w for w in words if w not in _GENERIC_DESCRIPTOR_WORDS and len(w) > 1}


def _plural_phrase(name: str) -> bool:
    last = name.split()[-1].lower() if name.split() else ""
    return (
        last.endswith("s")
        and not last.endswith("ss")
        or last in ("people", "men", "women", "police", "children")
    )


def _descriptive(surface: Span) -> str:
    """'an Islamic State fighter' -> 'Islamic State fighter'; "the union's leader" -> "union's leader"."""
    return strip_determiners(surface).text.strip()


def _statement_id(article_id: str, start: int, end: int, kind: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


def resolve(
    doc: Doc, article_id: str, found: list[Found], min_confidence: float = 0.3
) -> tuple[list[Entity], list[Statement]]:
    """Entities of the article and the final statements, speakers named."""
    resolver = Resolver(doc, article_id)
    history: list[tuple[int, _Ent | None, str, Token]] = []
    resolved: list[tuple[Speaker, float] | None] = [None] * len(found)
    order = sorted(range(len(found)), key=lambda k: found[k].start)
    # speakers with their own cue first, in text order; then quotes that continue someone
    for k in order:
        check_budget(doc)
        f = found[k]
        if f.speaker is None:
            continue
        res = resolver.speaker_for(f.speaker, history)
        resolved[k] = res
        if res is not None:
            ent = _find_ent(resolver, res[0].entity)
            history.append((f.speaker.i, ent, res[0].name, f.speaker))
    position = {id(f): k for k, f in enumerate(found)}
    for k in order:
        f = found[k]
        if f.speaker is None and f.inherit is not None:
            seen: set[int] = set()
            j = position.get(id(f.inherit))
            while j is not None and resolved[j] is None and j not in seen:
                seen.add(j)
                nxt = found[j].inherit
                j = position.get(id(nxt)) if nxt is not None else None
            if j is not None and resolved[j] is not None:
                sp, factor = resolved[j]
                resolved[k] = (sp, factor * 0.9)
    statements: list[Statement] = []
    text = doc_text(doc)
    for k in order:
        f = found[k]
        res = resolved[k]
        if res is None:
            continue
        speaker, factor = res
        confidence = f.confidence * factor
        if confidence < min_confidence:
            continue
        cue = None
        if f.cue is not None:
            last = doc[f.cue_end if f.cue_end is not None else f.cue.i]
            cue = Cue(
                text=text[f.cue.idx : last.idx + len(last.text)],
                lemma=f.cue_lemma or f.cue.lemma_.lower(),
                start=f.cue.idx,
                end=last.idx + len(last.text),
            )
        addressee = None
        if f.addressee:
            entity = None
            if f.addressee_tok is not None:
                ent = resolver.entity_at(f.addressee_tok)
                if ent is not None:
                    entity = ent.id
                    name = ent.name
                else:
                    name = f.addressee
            else:
                name = f.addressee
                for ent in resolver.ents:
                    if name in ent.names or any(n.endswith(" " + name) for n in ent.names):
                        entity, name = ent.id, ent.name
                        break
            addressee = Addressee(name=name, entity=entity)
        continues = None
        if f.inherit is not None and f.cue is None:
            continues = _statement_id(article_id, f.inherit.start, f.inherit.end, f.inherit.kind)
        statements.append(
            Statement(
                id=_statement_id(article_id, f.start, f.end, f.kind),
                continues=continues,
                kind=f.kind,
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                speaker=speaker,
                cue=cue,
                channel=f.channel,
                addressee=addressee,
                confidence=max(0.0, min(1.0, confidence)),
            )
        )
    statements = _dedupe(statements)
    emitted = {st.id for st in statements}
    for st in statements:
        if st.continues not in emitted:
            st.continues = None
    hints = []
    for tok, channel in channel_hints(doc):
        res = resolver.speaker_for(tok, history)
        if res is not None:
            hints.append((res[0].entity or res[0].name, channel, tok.idx))
    _inherit_channels(statements, hints)
    return resolver.all_entities(), statements


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """One statement per span and kind (two cues can report the same clause): the most confident."""
    best: dict[str, Statement] = {}
    for st in statements:
        kept = best.get(st.id)
        if kept is None or st.confidence > kept.confidence:
            best[st.id] = st
    return [st for st in statements if best[st.id] is st]


def _find_ent(resolver: Resolver, entity_id: str | None) -> _Ent | None:
    if entity_id is None:
        return None
    for ent in [*resolver.ents, *resolver.groups.values()]:
        if ent.id == entity_id:
            return ent
    return None


def _inherit_channels(statements: list[Statement], hints: list[tuple[str, str, int]]) -> None:
    """A speaker who 'took to Instagram' and then 'wrote' did so on Instagram: carry a speaker's channel
    (stated with an earlier statement, or by a 'took to X' clause) forward to their next statements
    nearby when those state none."""
    events: list[tuple[int, str, str | None, Statement | None]] = [
        (pos, key, ch, None) for key, ch, pos in hints
    ]
    for st in statements:
        if st.speaker is not None:
            events.append((st.start, st.speaker.entity or st.speaker.name, st.channel, st))
    events.sort(key=lambda e: e[0])
    last: dict[str, tuple[str, int]] = {}
    for pos, key, channel, st in events:
        if channel:
            last[key] = (channel, st.end if st is not None else pos)
        elif st is not None and key in last and st.start - last[key][1] < _CHANNEL_REACH:
            st.channel = last[key][0]
