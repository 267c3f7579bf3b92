"""Entities of one article: its named-entity mentions grouped into one entity per real thing.

'Kadyrov' joins 'Ramzan Kadyrov'; 'IS' joins 'Islamic State' when its letters are that name's initials;
titles and roles ('the Chechen leader') become descriptors, and given names and titles a gender. Unnamed
speakers ('a fighter') become GROUP entities as the speaker naming (speakers.py) meets them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from quotegraph.extraction.lexicon import (
    EPITHETS,
    FEMALE_TITLES,
    INSTITUTION_NOUNS,
    MALE_TITLES,
    NAME_SUFFIXES,
    NOT_ROLES,
    PERSON_NOUNS,
    PLATFORMS,
    QUANTIFIERS,
    TITLE_WORDS,
)
from quotegraph.extraction.names import FEMALE_NAMES, MALE_NAMES
from quotegraph.extraction.syntax import noun_phrase, strip_determiners
from quotegraph.model import Entity

_TYPE_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC"}
_STOP_IN_NAME = frozenset({"of", "the", "for", "and", "in", "on", "de", "la", "&"})


@dataclass
class Ent:
    """One entity while the article is resolved: its names, mentions and what the text says of it."""

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
        if self.type == "PERSON":
            proper = [n for n in proper if not _extends_on_the_left(n, proper)] or proper
            proper = [n for n in proper if not _extends_on_the_right(n, proper)] or proper
        return max(proper, key=lambda n: (len(n.split()), len(n)))


def _given(word: str) -> bool:
    return word.lower().rstrip(".") in FEMALE_NAMES | MALE_NAMES


def _headline_word(word: str) -> bool:
    """'Injecting', 'Crooked', 'Weak': a verb form or an epithet, not a given name."""
    low = word.lower().strip(".,:;'’\"")
    return not _given(low) and (low in EPITHETS or (len(low) > 5 and low.endswith(("ing", "ed"))))


def _extends_on_the_left(name: str, names: list[str]) -> bool:
    """'Crooked Hillary Clinton' beside 'Hillary Clinton': a word before a full name the article also
    uses, one that starts with a known given name, is an epithet, a headline word or the tail of a
    title, not part of the name (unless it is itself a given name). 'Injecting Clinton' beside
    'Hillary Clinton': a headline word before the surname."""
    words = name.split()
    surnames = {n.split()[-1] for n in names if len(n.split()) >= 2 and n != name}
    if len(words) >= 2 and words[-1] in surnames and all(_headline_word(w) for w in words[:-1]):
        return True
    for n in names:
        rest = n.split()
        if 2 <= len(rest) < len(words) and words[-len(rest) :] == rest:
            lead = words[: -len(rest)]
            if all(_headline_word(w) for w in lead) or (_given(rest[0]) and not any(_given(w) for w in lead)):
                return True
    return False


def _extends_on_the_right(name: str, names: list[str]) -> bool:
    """'Ted Cruz Apologizes' beside 'Ted Cruz', 'Obama Speech' beside 'Barack Obama': words after a
    full name (or a surname) the article also uses are a headline's, unless they are a suffix ('Jr.')."""
    words = name.split()
    surnames = {n.split()[-1] for n in names if len(n.split()) >= 2}
    for n in names:
        rest = n.split()
        if not (1 <= len(rest) < len(words) and words[: len(rest)] == rest):
            continue
        if len(rest) == 1 and rest[0] not in surnames:
            continue
        if not all(w.lower() in NAME_SUFFIXES for w in words[len(rest) :]):
            return True
    return False


_OCCUPATION = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman|ess)$")


def _is_role_word(tok: Token, end: int | None = None) -> bool:
    """'Mayor', 'Footballer', 'Senator' before a name: a role, not part of the name. A word that only looks
    like an occupation ('Oliver', 'Brent', 'Spencer') is a role only when a full name follows it (up to
    ``end``): before a lone surname or an initial it is the given name ('Oliver K. Hedge', 'Brent Bozell
    III')."""
    low = tok.lower_
    if low in FEMALE_NAMES or low in MALE_NAMES:
        return False
    if low in TITLE_WORDS or low in PERSON_NOUNS or tok.pos_ != "PROPN":
        return True
    if not _OCCUPATION.search(low):
        return False
    rest = tok.doc[tok.i + 1 : end if end is not None else tok.i + 1]
    names = [t for t in rest if t.lower_ not in NAME_SUFFIXES and not (len(t) == 2 and t.text.endswith("."))]
    return len(names) >= 2


def _clean_name(span: Span, person: bool | None = None) -> tuple[str, int, int] | None:
    """The name in an entity span: no determiner, quantifier, epithet, title, possessor or handle."""
    start, end = span.start, span.end
    doc = span.doc
    person = span.label_ == "PERSON" if person is None else person
    if person:
        for i in range(start, end - 1):
            # "Media Research Center's Bozell", "Weak - Rubio": the name is what follows
            dash = doc[i].text in ("-", "–", "—", ":", "|") and bool(doc[i].whitespace_)
            if doc[i].lower_ in ("'s", "’s") or dash:
                start = i + 1
    while start < end and (
        doc[start].lower_ in ("the", "a", "an")
        or doc[start].is_punct
        or doc[start].text.startswith("@")
        or (person and doc[start].lower_ in QUANTIFIERS | EPITHETS | {"people"})
        or (
            person
            and end - start > 1
            and doc[start].text[:1].isupper()
            and _is_role_word(doc[start], end)
            and doc[start + 1].pos_ == "PROPN"
        )
    ):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in ("'s", "’s", "'", "’")
        or doc[end - 1].is_punct
        or doc[end - 1].text.startswith("@")
    ):
        end -= 1
    if start >= end:
        return None
    s = doc[start:end]
    if any(t.lower_ in ("v.", "vs.", "versus") for t in s):
        return None  # 'Trump v. Trump' names a case, not a speaker
    return s.text, s.start_char, s.end_char


def _surname(name: str) -> str:
    """The last word of a name that is no generational suffix: 'Bozell' of 'L. Brent Bozell III'."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
        words.pop()
    return words[-1]


def _person_shaped(name: str) -> bool:
    """Two or three capitalised words ('Carly Fiorina', 'Oliver K. Hedge'), none an institution word."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(
        w[:1].isupper()
        and w.replace(".", "").isalpha()
        and w.lower() not in _STOP_IN_NAME
        and w.lower() not in INSTITUTION_NOUNS
        for w in words
    )


def _given_before(name: str) -> bool:
    """'ROME - Bernie Sanders': a known given name before the last word makes it a person's name."""
    words = name.split()
    return len(words) > 1 and _given(words[-2])


def _role_before(span: Span, name: str) -> bool:
    """A person's role or title right before the name: 'candidate Carly Fiorina', 'Sen. Ann Lee'."""
    if not _person_shaped(name) or span.start == 0 or not span.text.endswith(name):
        return False
    prev = span.doc[span.start - 1]
    return prev.lower_ in TITLE_WORDS or (prev.lower_ in PERSON_NOUNS and prev.text.islower())


def _acronym_led(name: str) -> bool:
    """A name whose last word is capitals (2-5 letters, not a suffix like 'III') after words that are not."""
    words = name.split()
    last = words[-1]
    return (
        len(words) > 1
        and last.isupper()
        and last.isalpha()
        and 2 <= len(last) <= 5
        and last.lower() not in NAME_SUFFIXES
        and not any(w.isupper() for w in words[:-1])
    )


_GOVERNED = frozenset({"city", "town", "county", "village"})


def _government_of(ent: Span) -> Span | None:
    """'The city of Phoenix is demanding ...': a place that acts, as the subject of its clause or the
    agent of a passive, is its government, the organisation 'City of Phoenix' (the span from 'city');
    'in the city of Phoenix' stays the place."""
    root = ent.root
    prep = root.head
    head = prep.head
    if root.dep_ != "pobj" or prep.lower_ != "of" or head.lemma_.lower() not in _GOVERNED:
        return None
    if head.i != ent.start - 2 or prep.i != ent.start - 1:
        return None
    acts = head.dep_ in ("nsubj", "nsubjpass") or (head.dep_ == "pobj" and head.head.dep_ == "agent")
    return ent.doc[head.i : ent.end] if acts else None


def quantified(span: Span) -> bool:
    """'many Democrats', 'Several people': a count of people, never one named speaker."""
    return any(t.lower_ in QUANTIFIERS for t in span[:2]) or (len(span) > 1 and span[0].lower_ == "people")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP_IN_NAME and w[:1].isalpha()).upper()


class ArticleEntities:
    """The entities of one article, built from its named-entity mentions, and the GROUP entities of
    its unnamed speakers."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ents: list[Ent] = []
        self.token_entity: dict[int, Ent] = {}
        self.groups: dict[str, Ent] = {}
        self._named_in_full: dict[int, int] = {}  # id(Ent) -> where the article first names it in full
        self._full_names: dict[int, list[int]] = {}  # id(Ent) -> every start where it is named in full
        self._sections = section_starts(doc)
        self._text_len = len(doc.text)  # doc.text joins every token each time it is read
        self._build()

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
            if etype == "PERSON" and quantified(ent):
                etype = "NORP"
            if etype == "PERSON" and len(name.split()) == 1 and name.isupper() and len(name) <= 5:
                etype = "ORG"
            if etype == "PERSON" and _acronym_led(name):
                etype = "ORG"  # 'Junge SVP': a surname is never an acronym beside ordinary words
            if etype == "PERSON" and len(name.split()) == 1 and name.lower() in PERSON_NOUNS:
                # 'Republican', 'Democrats' tagged as a person: a group word, not a name
                etype = "NORP"
            government = _government_of(ent) if etype == "GPE" else None
            if government is not None:
                ent, etype = government, "ORG"
                head = government[0]
                name = f"{head.text[:1].upper()}{head.text[1:].lower()} of {name}"
                s = head.idx
            mentions.append((ent, etype, name, s, e))
        # 'presidential candidate Carly Fiorina' tagged ORG: a role word before a name shaped like a
        # person's says it is one, in every mention of that name
        people = {name for ent, etype, name, _, _ in mentions if etype == "ORG" and _role_before(ent, name)}
        mentions = [(m[0], "PERSON" if m[1] == "ORG" and m[2] in people else m[1], *m[2:]) for m in mentions]
        # fullest names first so that short forms find them
        order = sorted(range(len(mentions)), key=lambda k: -len(mentions[k][2].split()))
        assigned: dict[int, Ent] = {}
        for k in order:
            ent, etype, name, s, e = mentions[k]
            target = self._match(etype, name, s)
            if target is None:
                target = Ent(type=etype)
                self.ents.append(target)
            if name not in target.names:
                target.names.append(name)
            if len(name.split()) > 1:
                self._named_in_full[id(target)] = min(s, self._named_in_full.get(id(target), s))
                self._full_names.setdefault(id(target), []).append(s)
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
        by_initials: dict[str, Ent] = {}
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

    def _match(self, etype: str, name: str, start: int) -> Ent | None:
        words = [w for w in name.split() if w.lower() not in _STOP_IN_NAME]
        low = name.lower()
        best = None
        if etype == "PERSON" and len(words) == 1 and words[0][:1].isupper():
            # 'Melanie' where the article names 'Melanie Shouse': the one person with that given name
            given = [
                c
                for c in self.ents
                if c.type == "PERSON"
                and any(len(n.split()) > 1 and n.split()[0] == words[0] for n in c.names)
            ]
            surnamed = [
                c
                for c in self.ents
                if c.type == "PERSON" and any(len(n.split()) > 1 and _surname(n) == words[0] for n in c.names)
            ]
            if len(given) == 1 and not surnamed:
                return given[0]
            # 'Mrs. Fiorina' where the NER took 'Carly Fiorina' for an organisation: with no person of that
            # surname, the one person-shaped 'organisation' ending in it is that person
            orgs = [
                c
                for c in self.ents
                if c.type == "ORG" and any(_person_shaped(n) and n.split()[-1] == words[0] for n in c.names)
            ]
            if not surnamed and len(orgs) == 1:
                orgs[0].type = "PERSON"
                return orgs[0]
        if etype == "ORG" and (fuller := self._shortens_one_organisation(words)) is not None:
            return fuller  # 'the Post' where the article names 'The Washington Post'
        namesakes: list[Ent] = []
        if len(words) == 1:
            # a surname alone, whatever label the NER gave it, is the person named in full; of two
            # namesakes, the one named in full earlier in this section of a digest ('___'), else the one
            # the article introduced first ('Carly' before her husband 'Frank Fiorina'), its subject
            namesakes = [
                c
                for c in self.ents
                if c.type == "PERSON" and any(len(n.split()) > 1 and _surname(n) == words[0] for n in c.names)
            ]
            section = _section_of(self._sections, start)
            here = [
                c
                for c in namesakes
                if any(
                    _section_of(self._sections, k) == section and k < start
                    for k in self._full_names.get(id(c), [])
                )
            ]
            if len(namesakes) > 1 and len(here) == 1:
                return here[0]
            for cand in namesakes:
                first = self._named_in_full.get(id(cand), self._text_len)
                if best is None or first < self._named_in_full.get(id(best), self._text_len):
                    best = cand
        for cand in self.ents:
            if cand in namesakes:
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

    def _shortens_one_organisation(self, words: list[str]) -> Ent | None:
        """The one organisation whose fuller name ends in this one word: 'Post' for 'Washington Post'.
        Not with two of them ('Washington Post', 'New York Post'), not for an acronym (the 'SVP' is not
        its youth wing 'Junge SVP'), a group word ('Democrats'), or a word that is a person's surname
        here, or the fuller name's given name makes it a person's ('ROME - Bernie Sanders' tagged ORG)."""
        if len(words) != 1 or not words[0][:1].isupper() or words[0].isupper():
            return None
        word = words[0]
        if word.lower() in PERSON_NOUNS:
            return None
        if any(c.type == "PERSON" and any(_surname(n) == word for n in c.names) for c in self.ents):
            return None
        fuller = [
            c
            for c in self.ents
            if c.type == "ORG"
            and any(len(n.split()) > 1 and n.split()[-1] == word and not _given_before(n) for n in c.names)
        ]
        return fuller[0] if len(fuller) == 1 else None

    def _describe(self, target: Ent) -> None:
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

    def _looks_like_person(self, target: Ent) -> bool:
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

    def _add_descriptor(self, target: Ent, text: str) -> None:
        text = text.strip(" ,")
        if text and len(text.split()) <= 8 and text not in target.descriptors and is_role(text):
            target.descriptors.append(text)

    def _gender(self, target: Ent) -> str | None:
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
        return self._gender_from_text(target)

    def _gender_from_text(self, target: Ent) -> str | None:
        """A given name the lists lack ('Melanie thought ... She was ...'): the person named as a sentence's
        subject, when the next sentence opens its main clause with 'he' or 'she' and nobody else is named
        in between, has that pronoun's gender. Several such pairs must agree."""
        doc = self.doc
        found: set[str] = set()
        for head_i in target.tokens:
            head = doc[head_i]
            if head.dep_ not in ("nsubj", "nsubjpass") or head.head.dep_ != "ROOT":
                continue
            sent = head.sent
            if sent.end >= len(doc):
                continue
            nxt = doc[sent.end].sent
            subj = next((t for t in nxt if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
            if subj is None or subj.lower_ not in ("he", "she"):
                continue
            between = range(head_i + 1, subj.i)
            if any(
                (e := self.token_entity.get(k)) is not None and e is not target and e.type == "PERSON"
                for k in between
            ):
                continue
            found.add("f" if subj.lower_ == "she" else "m")
        return found.pop() if len(found) == 1 else None

    def entity_at(self, tok: Token) -> Ent | None:
        return self.token_entity.get(tok.i)

    def proper_entity(self, surface: Span, etype: str | None = None) -> Ent | None:
        """A proper-name speaker the NER missed: an earlier entity it shortens ('Castillo'), or a new one
        (of ``etype`` when the caller knows it)."""
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
        # 'Rahm Emanuel' where the NER saw only 'Emanuel': the one bare-surname person takes the full name
        bare = [
            ent
            for ent in self.ents
            if ent.type == "PERSON"
            and len(name.split()) > 1
            and all(len(n.split()) == 1 and n == _surname(name) for n in ent.names)
        ]
        if len(bare) == 1 and (etype in (None, "PERSON")):
            bare[0].names.append(name)
            bare[0].mentions.append((s, e))
            bare[0].tokens.append(surface.root.i)
            for t in surface:
                self.token_entity.setdefault(t.i, bare[0])
            return bare[0]
        if etype is None:
            # a platform speaking ('Twitter said it investigated') is the company, never a person
            org = surface.root.lower_ in INSTITUTION_NOUNS or len(words) > 4 or name.lower() in PLATFORMS
            etype = "ORG" if org else "PERSON"
        ent = Ent(type=etype, names=[name], mentions=[(s, e)], tokens=[surface.root.i])
        ent.id = f"E{len(self.ents) + len(self.groups) + 1}"
        self.ents.append(ent)
        for t in surface:
            self.token_entity.setdefault(t.i, ent)
        return ent

    def group_for(self, surface: Span, tok: Token, etype: str = "GROUP") -> Ent:
        """The GROUP (or ORG) entity of an unnamed speaker phrase, one per wording: 'a fighter'."""
        name = descriptive(surface) or tok.text
        key = f"{etype}:{name.lower()}"
        ent = self.groups.get(key)
        if ent is None:
            ent = Ent(type=etype, names=[name])
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

    def by_id(self, entity_id: str | None) -> Ent | None:
        """The entity a Speaker points to."""
        if entity_id is None:
            return None
        for ent in [*self.ents, *self.groups.values()]:
            if ent.id == entity_id:
                return ent
        return None


_QUOTE_CHARS = "\"'“”‘’«»„`"


def section_break(text: str) -> bool:
    """A line of punctuation only ('___', '* * *') ends one item of a live blog or digest; a stray closing
    quote mark the parser left as a sentence of its own at the end of a quoted block does not."""
    rest = "".join(ch for ch in text if not ch.isspace() and ch not in _QUOTE_CHARS)
    return bool(rest) and not any(ch.isalnum() for ch in rest)


def section_starts(doc: Doc) -> list[int]:
    """Character offsets where the items of a digest begin (0 first)."""
    return [0, *(s.end_char for s in doc.sents if section_break(s.text))]


def _section_of(starts: list[int], char: int) -> int:
    return bisect_right(starts, char) - 1


def is_role(text: str) -> bool:
    """A role or title phrase ('the Republican nominee', 'head of the central bank'), not a noun that
    describes nobody's position ('woman', 'liar') nor a plural ('events', 'close loopholes')."""
    words = text.split(" of ")[0].split()
    if not words or not any(ch.isalpha() for ch in words[-1]):
        return False
    head = words[-1].lower()
    if head in NOT_ROLES:
        return False
    plural = (
        head.endswith("s")
        and not head.endswith(("ss", "us", "is"))
        and head not in PERSON_NOUNS | TITLE_WORDS
    )
    return not plural


def _with_of(tok: Token) -> tuple[int, int]:
    """An NP with its 'of' complement: 'head of the central bank'."""
    s, e = noun_phrase(tok)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            sub = [t.i for t in child.subtree]
            e = max(e, max(sub) + 1)
    return s, e


def descriptive(surface: Span) -> str:
    """'an Islamic State fighter' -> 'Islamic State fighter'; "the union's leader" -> "union's leader"."""
    return strip_determiners(surface).text.strip()
