"""Naming the speakers of one article: a speaker token becomes an entity of the article.

'he' goes to the person the text was last talking about who agrees in gender; 'the central bank chief'
goes to the person described as head of the central bank; 'a fighter' stays an unnamed GROUP.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from quotegraph.extraction.lexicon import (
    FEMALE_PRONOUNS,
    HEAD_SYNONYMS,
    INSTITUTION_NOUNS,
    MALE_PRONOUNS,
    NEUTER_PRONOUNS,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
)
from quotegraph.extraction.resolve.entities import ArticleEntities, Ent, descriptive
from quotegraph.extraction.syntax import appositive_name, noun_phrase, strip_determiners
from quotegraph.model import Speaker

_GENERIC_DESCRIPTOR_WORDS = frozenset({"the", "a", "an", "of", "'s", "’s", "who", "and", "former", "new"})


class Resolver(ArticleEntities):
    """Entities of one article, and the naming of its speakers."""

    def __init__(self, doc: Doc, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(doc)

    def speaker_for(
        self, tok: Token, history: list[tuple[int, Ent | None, str, Token]]
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
            ent = self.proper_entity(surface)
            if ent is not None:
                return self._speaker_from(ent, surface), 0.9
        described = self._descriptor_match(tok, surface)
        if described is not None:
            return self._speaker_from(described, surface), 0.85
        return self._unnamed(tok, surface), 0.8

    def _entity_in(self, tok: Token, s: int, e: int) -> Ent | None:
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

    def _speaker_from(self, ent: Ent, surface: Span) -> Speaker:
        return Speaker(
            name=ent.name,
            text=surface.text,
            start=surface.start_char,
            end=surface.end_char,
            named=ent.type != "GROUP",
            entity=ent.id,
        )

    def _pronoun(self, tok: Token, history: list[tuple[int, Ent | None, str, Token]]) -> Ent | None:
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

    def _agrees(self, ent: Ent, want: str | None, plural: bool, neuter: bool) -> bool:
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

    def _antecedents(self, tok: Token) -> list[Ent]:
        """Entities mentioned before ``tok`` in this and the previous three sentences, nearest first;
        subjects of the previous sentence come before other mentions there."""
        doc = self.doc
        sent = tok.sent
        window_start = sent.start
        for _ in range(3):
            if window_start == 0:
                break
            window_start = doc[window_start - 1].sent.start
        seen: list[Ent] = []
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
                    ent = self.group_for(doc[s:e], t)
            if ent is not None and ent not in seen:
                seen.append(ent)
        subjects = [
            e for e in seen if any(doc[k].dep_ in ("nsubj", "nsubjpass") for k in e.tokens if k < tok.i)
        ]
        return subjects + [e for e in seen if e not in subjects]

    def _descriptor_match(self, tok: Token, surface: Span) -> Ent | None:
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
            name = _without_possessor(surface, tok) or descriptive(surface)
            ent = self.group_for(surface, tok, etype="ORG")
            return Speaker(
                name=name,
                text=surface.text,
                start=surface.start_char,
                end=surface.end_char,
                named=True,
                entity=ent.id,
            )
        ent = self.group_for(surface, tok)
        return Speaker(
            name=ent.name,
            text=surface.text,
            start=surface.start_char,
            end=surface.end_char,
            named=False,
            entity=ent.id,
        )


def _without_possessor(surface: Span, head: Token) -> str:
    """An institution named by a common noun, without determiners and possessors: "the dockworkers' union"
    -> "union", "the state's health department" -> "health department" (the possessor is who it belongs to,
    not its name)."""
    owned = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
    words = [t for t in surface if t.i not in owned and t.dep_ not in ("det", "case", "punct")]
    return " ".join(t.text for t in words).strip()


def _in_possessor(tok: Token, head: Token) -> bool:
    cur = tok
    while cur.i != head.i and cur.head.i != cur.i:
        if cur.dep_ == "poss":
            return True
        cur = cur.head
    return False


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
