"""Naming the speakers of one article: a speaker token becomes an entity of the article.

'he' goes to the person the text was last talking about who agrees in gender; 'the central bank chief'
goes to the person described as head of the central bank; 'a fighter' stays an unnamed GROUP.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from quotegraph.extraction.attribute.quotes import find_quotes
from quotegraph.extraction.lexicon import (
    DOCUMENT_KINDS,
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    HEAD_SYNONYMS,
    INSTITUTION_NOUNS,
    ISSUING_VERBS,
    MALE_PRONOUNS,
    MALE_TITLES,
    NEUTER_PRONOUNS,
    OUTLET_NAME_WORDS,
    OUTLET_NOUNS,
    PARTY_WORDS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PLURAL_PRONOUNS,
    ROLE_ABBREVIATIONS,
    TITLE_WORDS,
)
from quotegraph.extraction.resolve.entities import ArticleEntities, Ent, _surname, descriptive, section_break
from quotegraph.extraction.syntax import (
    appositive_name,
    doc_text,
    noun_phrase,
    relative_source,
    speaker_span,
    strip_determiners,
    tokens_in,
)
from quotegraph.model import Speaker

_GENERIC_DESCRIPTOR_WORDS = frozenset({"the", "a", "an", "of", "'s", "’s", "who", "and", "former", "new"})
# role nouns that name one person and can point back to a named one: 'the nominee', 'the businessman'
_ROLE_NOUNS = (
    PERSON_NOUNS
    | TITLE_WORDS
    | frozenset(
        {
            "nominee",
            "businessman",
            "businesswoman",
            "billionaire",
            "mogul",
            "commissioner",
            "lieutenant",
            "congressman",
            "congresswoman",
            "premier",
            "incumbent",
            "challenger",
            "frontrunner",
            "front-runner",
            "star",
            "actor",
            "actress",
            "singer",
            "champion",
        }
    )
)
# pronouns whose antecedent is settled for the chain (not 'i', 'we', 'you': they are the speaker's own)
_CHAIN_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "they", "them", "their"})
# words only a speaker's own quotation uses
_SPEAKER_OWN = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours"})
_GENERIC_ROLES = frozenset({"source", "sources", "official", "witness", "person", "people", "resident"})
_FEMALE_ROLES = FEMALE_TITLES | frozenset({"woman", "girl", "businesswoman", "congresswoman", "actress"})
_MALE_ROLES = MALE_TITLES | frozenset({"man", "boy", "businessman", "congressman", "actor"})


class Resolver(ArticleEntities):
    """Entities of one article, and the naming of its speakers."""

    def __init__(self, doc: Doc, article_id: str) -> None:
        self.article_id = article_id
        self._issued: dict[int, Ent] = {}  # document token -> the issuer it was resolved to
        self._chain: dict[int, Ent | None] = {}  # pronoun token -> its antecedent, see _chained
        self._chain_next = 0
        self._quote_runs: list[int] | None = None
        self._salience: dict[int, int] = {}  # id(entity) -> salience class in the last _antecedents call
        super().__init__(doc)

    def _hidden(self, i: int, tok: Token) -> bool:
        """Token ``i`` lies inside a quotation that ``tok`` is not in: a quote's words are the speaker's, so
        whom they name is no antecedent outside it. Within one quotation (a reported passage quoted as a
        block: '"Melanie thought ... she said ..."') its own names are."""
        if self._quote_runs is None:
            in_quote = list(self.doc._.qg_in_quote or [False] * len(self.doc))
            for k in self._excerpt_tokens():
                in_quote[k] = False
            runs, run = [], -1
            for k, inside in enumerate(in_quote):
                if inside and (k == 0 or not in_quote[k - 1]):
                    run = k
                runs.append(run if inside else -1)
            self._quote_runs = runs
        runs = self._quote_runs
        return runs[i] >= 0 and runs[i] != runs[tok.i]

    def _excerpt_tokens(self) -> set[int]:
        """Tokens of quoted prose: a quotation that runs on past its paragraph (the block an article
        quotes from another writer: 'X reports: "Melanie thought ...') and speaks of no 'I', 'we' or
        'you' outside the quotes nested in it is narration, so the people it names are antecedents.
        A speaker's own long quotation speaks in the first person and stays hidden."""
        doc = self.doc
        text = doc_text(doc)
        quotes = find_quotes(text)
        out: set[int] = set()
        for q in quotes:
            if q.close_at is not None:
                continue
            nested = [(n.open_at, n.outer_end) for n in quotes if n is not q and q.start <= n.open_at < q.end]
            own = [t for t in tokens_in(doc, q.start, q.end) if not any(a <= t.idx < b for a, b in nested)]
            if own and not any(t.lower_ in _SPEAKER_OWN for t in own):
                out.update(t.i for t in own)
        return out

    def speaker_for(
        self,
        tok: Token,
        history: list[tuple[int, Ent | None, str, Token]],
        content: tuple[int, int] | None = None,
        cue: Token | None = None,
    ) -> tuple[Speaker, float] | None:
        """Name the speaker whose head token is ``tok``; returns the Speaker and a confidence factor.
        ``content`` is the reported clause (characters): whom it names is not who speaks it. The
        speaker's span is the whole phrase that names it (``speaker_span``), or the relative pronoun
        when the cue sits in a relative clause on it ("Ann Lee, who said ...")."""
        res = self._speaker_for(tok, history, content)
        if res is None:
            return None
        speaker, factor = res
        relative = relative_source(tok, cue) if cue is not None and cue.i != tok.i else None
        s, e = (relative.i, relative.i + 1) if relative is not None else speaker_span(tok, content)
        span = self.doc[s:e]
        speaker.text, speaker.start, speaker.end = span.text, span.start_char, span.end_char
        return speaker, factor

    def _speaker_for(
        self,
        tok: Token,
        history: list[tuple[int, Ent | None, str, Token]],
        content: tuple[int, int] | None = None,
    ) -> tuple[Speaker, float] | None:
        doc = self.doc
        if is_dateline(tok):
            return None  # 'WASHINGTON —' says where the story was filed, not who speaks
        s, e = noun_phrase(tok)
        surface = doc[s:e]
        if tok.pos_ == "PRON" or tok.lower_ in PLURAL_PRONOUNS | MALE_PRONOUNS | FEMALE_PRONOUNS:
            surface = doc[tok.i : tok.i + 1]
            target = self._pronoun(tok, history, content)
            if target is None:
                if tok.lower_ in ("i", "we", "you", "it", "this", "that", "me", "us"):
                    return None
                # a 'he' with no antecedent the rules trust: kept as said, unresolved, never guessed
                return Speaker(
                    name=tok.text, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), named=False
                ), 0.5
            return self._speaker_from(target, surface), 0.9
        if tok.lemma_.lower() in DOCUMENT_NOUNS and tok.pos_ == "NOUN" and tok.i not in self.token_entity:
            # a document speaks for whoever issued it; with no issuer named it is an unnamed source
            issuer = self._issuer(tok)
            if issuer is not None:
                self._issued[tok.i] = issuer
                return self._speaker_from(issuer, surface), 0.85
            ent = self.group_for(surface, tok)
            return self._speaker_from(ent, surface), 0.8
        ent = self._entity_in(tok, s, e)
        if ent is not None:
            return self._speaker_from(ent, surface), 1.0
        if tok.lower_ in PERSON_NOUNS and tok.tag_ in ("NNS", "NNPS"):
            # 'Republicans', 'Democrats', 'Americans': a group of people, not a named speaker
            return self._speaker_from(self.group_for(surface, tok), surface), 0.8
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.lower_ not in PERSON_NOUNS:
            # ('The Republican' is a role phrase, not a name, whatever its tag)
            ent = self.proper_entity(surface)
            if ent is not None:
                return self._speaker_from(ent, surface), 0.9
        described = self._descriptor_match(tok, surface)
        if described is None:
            described = self._org_antecedent(tok, surface)
        if described is None:
            described = self._role_antecedent(tok, surface, content)
        if described is None and surface[0].lower_ in ("the", "this", "that", "these", "those"):
            described = self._same_group(tok, introduced=False)
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
        # "Clinton supporters", "a Trump aide" are not Clinton or Trump: a person noun heads the phrase
        people = tok.pos_ == "NOUN" and tok.lower_ in PERSON_NOUNS
        for i in range(s, e):
            ent = self.token_entity.get(i)
            # "Obama's former strategist" is not Obama: skip possessors
            if ent is not None and ent.type == "PERSON" and not people and not _in_possessor(doc[i], tok):
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

    def _pronoun(
        self,
        tok: Token,
        history: list[tuple[int, Ent | None, str, Token]],
        content: tuple[int, int] | None = None,
    ) -> Ent | None:
        low = tok.lower_
        if low in ("i", "we", "you", "me", "us"):
            return None
        want = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
        plural = low in PLURAL_PRONOUNS
        neuter = low in NEUTER_PRONOUNS
        if neuter:
            document = self._document_subject(tok)
            if document is not None:
                return self._issued.get(document.i) or self._issuer(document)
        candidates = [
            c
            for c in self._antecedents(tok)
            if self._agrees(c, want, plural, neuter) and not _named_in(c, content)
        ]
        if want is not None:
            # someone the text marks as that gender goes before someone of unknown gender
            candidates.sort(key=lambda c: self._gender_rank(c, want))
        # the speaker of the statement just before keeps the floor unless someone new who agrees
        # has been mentioned since
        if history:
            last_i, last_ent, _, _ = history[-1]
            if (
                last_ent is not None
                and tok.i - last_i < 150
                and self._agrees(last_ent, want, plural, neuter)
                and not _named_in(last_ent, content)
            ):
                newer = [c for c in candidates if c is not last_ent and max(c.tokens) > last_i]
                if not newer:
                    return last_ent
        return candidates[0] if candidates else None

    def _gender_rank(self, ent: Ent, want: str) -> tuple[int, int]:
        """Someone the text marks as that gender goes before someone of unknown gender of the same
        salience (see _antecedents), never before the subject the text is about: in 'Obama said after
        meeting Vladimir Putin. He ...', 'he' is Obama, whose gender no list gives."""
        known = 0 if ent.gender == want else 1
        if ent.type == "GROUP":
            # an unnamed 'former governor' never outranks a named person of that gender
            return 3, known
        return self._salience.get(id(ent), 2), known

    def _document_subject(self, tok: Token) -> Token | None:
        """'The ad references X. It also mentions Y': an 'it' whose nearest main-clause subject before it
        (this sentence or the one before) is a document is that document, which speaks for its issuer."""
        doc = self.doc
        in_quote = doc._.qg_in_quote or [False] * len(doc)
        for i in range(tok.i - 1, self._window_start(tok, 1) - 1, -1):
            t = doc[i]
            if in_quote[i] or t.dep_ not in ("nsubj", "nsubjpass") or t.head.dep_ != "ROOT":
                continue
            if t.pos_ == "NOUN" and t.lemma_.lower() in DOCUMENT_NOUNS and i not in self.token_entity:
                return t
            return None
        return None

    @staticmethod
    def _agrees(ent: Ent, want: str | None, plural: bool, neuter: bool) -> bool:
        if neuter:
            # 'it' is a body or a thing: not 'women' or 'people', plurals that do not end in -s
            return ent.type in ("ORG", "GPE") or (ent.type == "GROUP" and not _plural_phrase(ent.names[0]))
        if plural:
            # 'they' is people or a body, not a city or a country named as a place
            return ent.type in ("ORG", "GROUP", "NORP") and (
                ent.type != "GROUP" or _plural_phrase(ent.names[0])
            )
        if ent.type == "GROUP":
            return not _plural_phrase(ent.names[0]) and _person_group(ent, want)
        if ent.type != "PERSON":
            return False
        return want is None or ent.gender is None or ent.gender == want

    def _antecedents(self, tok: Token) -> list[Ent]:
        """Entities mentioned before ``tok`` in this and the previous three sentences, nearest first;
        subjects of the previous sentence come before other mentions there."""
        doc = self.doc
        window_start = self._window_start(tok, 3)
        seen: list[Ent] = []
        extra: dict[int, list[int]] = {}  # id(entity) -> tokens that refer to it without naming it
        for i in range(tok.i - 1, window_start - 1, -1):
            t = doc[i]
            if self._hidden(i, tok):
                continue
            ent = self.token_entity.get(i)
            if ent is None and t.pos_ == "PRON" and t.lower_ in _CHAIN_PRONOUNS:
                ent = self._chained(t)
            elif ent is None and t.pos_ == "PROPN" and not t.ent_type_:
                ent = self._untagged_surname(t)
            elif ent is None and t.pos_ == "NOUN" and t.lower_ in _ROLE_NOUNS - _GENERIC_ROLES:
                s, e = noun_phrase(t)
                named = self._descriptor_match(t, doc[s:e]) if doc[s].lower_ == "the" else None
                ent = named if named is not None and named.type == "PERSON" else None
            if ent is not None and i not in ent.tokens:
                extra.setdefault(id(ent), []).append(i)
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

        # the subject of a sentence's main verb in the window, then any subject, then other mentions
        # (each nearest first): who the text is about is who a pronoun most likely picks up
        def salience(e: Ent) -> tuple[int, int]:
            mine = [*e.tokens, *extra.get(id(e), [])]
            ks = [k for k in mine if window_start <= k < tok.i and not self._hidden(k, tok)]
            main = [k for k in ks if _subject(doc[k]) and _coordinated(doc[k]).head.dep_ == "ROOT"]
            if main:
                return 0, -max(main)
            subj = [k for k in mine if k < tok.i and _subject(doc[k])]
            if subj:
                return 1, -max(subj)
            return 2, seen.index(e)

        ranked = sorted(seen, key=salience)
        self._salience = {id(e): salience(e)[0] for e in ranked}
        return ranked

    def _untagged_surname(self, tok: Token) -> Ent | None:
        """A bare surname the NER left untagged ('Lindqvist stood by the figure.') is still a mention of
        the one person the article names in full with it, so it counts for salience."""
        people = [
            c
            for c in self.ents
            if c.type == "PERSON" and any(len(n.split()) > 1 and _surname(n) == tok.text for n in c.names)
        ]
        return people[0] if len(people) == 1 else None

    def _chained(self, tok: Token) -> Ent | None:
        """Whom an earlier pronoun outside quotes refers to, so that a chain ('Melanie thought ... She
        was ... She was ... she said') reaches back past the window. Pronouns are settled in text
        order, each from the ones before it, so no chain is followed twice."""
        doc = self.doc
        while self._chain_next <= tok.i:
            t = doc[self._chain_next]
            self._chain_next += 1
            if t.pos_ != "PRON" or t.lower_ not in _CHAIN_PRONOUNS:
                continue
            low = t.lower_
            want = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
            plural, neuter = low in PLURAL_PRONOUNS, low in NEUTER_PRONOUNS
            found = [c for c in self._antecedents(t) if self._agrees(c, want, plural, neuter)]
            if want is not None:
                found.sort(key=lambda c: self._gender_rank(c, want))
            self._chain[t.i] = found[0] if found else None
        return self._chain.get(tok.i)

    def _descriptor_match(self, tok: Token, surface: Span) -> Ent | None:
        """'the central bank chief' -> the person described as 'head of the central bank'; 'the senator'
        -> 'Sen. Lindsey Graham'. The descriptor's head must be the phrase's head, a modifier must be shared
        when the phrase has one, and no party word may contradict."""
        definite = len(surface) > 0 and (
            surface[0].lower_ in ("the", "this", "that") or surface[0].dep_ == "poss"
        )
        if not definite:
            return None
        words = _content_words(strip_determiners(surface).text)
        head = _head_word(tok.text)
        modifiers = words - {_norm_word(tok.text)}
        phrase = strip_determiners(surface).text
        best, best_score = None, 0.0
        section = self._section_start(tok)
        for ent in self.ents:
            if ent.type not in ("PERSON", "ORG") or not ent.mentions or ent.mentions[0][0] >= tok.idx:
                continue
            if ent.type == "ORG" and not any(section <= k < tok.i for k in ent.tokens):
                # 'the campaign' of another item of a digest is not this item's
                continue
            for d in ent.descriptors:
                dwords = _content_words(d)
                if _descriptor_head(d) != head or _contradicts(modifiers, dwords):
                    continue
                overlap = len(modifiers & dwords)
                if modifiers and not overlap:
                    continue
                score = overlap + 1.0
                if score > best_score:
                    best, best_score = ent, score + ent.mentions[-1][0] / 1e9
        if best is None and surface[0].lower_ == "the":
            # a role word the article gives to exactly one named person: 'the senator' -> 'Sen. Graham'
            holders = [
                ent
                for ent in self.ents
                if ent.type == "PERSON"
                and ent.mentions
                and ent.mentions[0][0] < tok.idx
                and any(
                    _descriptor_head(d) == head and not _other_role(head, modifiers, phrase, d)
                    for d in ent.descriptors
                )
                and _tied(ent, _ties(tok, surface))
            ]
            if len(holders) == 1:
                best = holders[0]
        if best is None:
            best = self._named_next(tok, head, modifiers)
        if best is not None:
            return best
        # "the fighter" after "a fighter": the same unnamed speaker, introduced as such
        return self._same_group(tok, introduced=True)

    def _named_next(self, tok: Token, head: str, modifiers: set[str]) -> Ent | None:
        """'The state attorney general is confirming ... But Attorney General Eric Lund isn't saying':
        a definite role phrase no one named before answers to is the one person first named in this or
        the next sentence (same section) with a title of that head, sharing the phrase's modifiers when
        the title has any besides the head."""
        doc = self.doc
        sent = tok.sent
        end = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
        if any(section_break(doc[k].sent.text) for k in range(sent.end, end)):
            end = sent.end
        limit = doc[end - 1].idx + len(doc[end - 1]) if end > 0 else 0
        found = []
        for ent in self.ents:
            if ent.type != "PERSON" or not ent.mentions or not tok.idx < ent.mentions[0][0] < limit:
                continue
            for d in ent.descriptors:
                dwords = _content_words(d)
                if _descriptor_head(d) != head or _contradicts(modifiers, dwords):
                    continue
                if modifiers and dwords - {head} and not modifiers & dwords:
                    continue
                found.append(ent)
                break
        return found[0] if len(found) == 1 else None

    def _same_group(self, tok: Token, introduced: bool) -> Ent | None:
        """The unnamed speaker of that head word met before; with ``introduced``, only one the text
        brought in without a definite article ('a fighter', 'some residents')."""
        key = tok.lemma_.lower()
        section = self._section_start(tok)
        for g in reversed(list(self.groups.values())):
            words_g = g.names[0].split() if g.names else []
            if not g.tokens or max(g.tokens) < section:
                continue  # nothing refers back across a section break
            if words_g and words_g[-1].lower().rstrip("s") == key.rstrip("s"):
                if introduced and g.tokens:
                    first = self.doc[g.tokens[0]]
                    s, _ = noun_phrase(first)
                    if self.doc[s].lower_ in ("the", "this", "that") or self.doc[s].dep_ == "poss":
                        continue
                return g
        return None

    def _section_start(self, tok: Token) -> int:
        """First token after the last section break before ``tok``: a line of punctuation only ('___',
        '* * *') ends one item of a live blog or digest, and nothing refers back across it."""
        doc = self.doc
        sent = tok.sent
        for _ in range(6):
            if sent.start == 0:
                return 0
            prev = doc[sent.start - 1].sent
            if section_break(prev.text):
                return prev.end
            sent = prev
        return 0

    def _window_start(self, tok: Token, sentences: int) -> int:
        """First token of the sentence ``sentences`` back, counting only sentences with words: a stray
        quote mark or line break the parser split off is no sentence of the text."""
        doc = self.doc
        start = tok.sent.start
        counted = 0
        while counted < sentences and start > 0:
            prev = doc[start - 1].sent
            start = prev.start
            counted += any(ch.isalnum() for ch in prev.text)
        return max(start, self._section_start(tok))

    def _org_antecedent(self, tok: Token, surface: Span) -> Ent | None:
        """'the company', 'the bank', 'the newspaper', 'the commission': the organisation the article named
        before. First the nearest whose name holds the head word ('the commission' -> 'Commission on
        Presidential Debates') or whose descriptor it heads; else, within this and the two sentences before,
        the nearest organisation of a fitting kind (an outlet for 'the newspaper'; for other nouns not an
        outlet, and not one whose name is headed by another institution noun: 'the company' is not the
        'Homeland Security Department')."""
        head = tok.lower_
        if (
            tok.pos_ != "NOUN"
            or tok.tag_ != "NN"
            or head not in INSTITUTION_NOUNS | OUTLET_NOUNS
            or head in PLACE_NOUNS | DOCUMENT_NOUNS
            or not surface
            or surface[0].lower_ not in ("the", "this", "that")
            or len(surface) > 3
        ):
            return None
        outlet = head in OUTLET_NOUNS
        last_before: list[tuple[int, Ent]] = []
        for ent in self.ents:
            if ent.type != "ORG":
                continue
            before = [k for k in ent.tokens if k < surface.start]
            if before:
                last_before.append((max(before), ent))
        last_before.sort(key=lambda x: -x[0])
        section = self._section_start(tok)
        for i, ent in last_before:
            if i < section:
                break
            if any(
                head in (w := [x.lower() for x in n.split()]) and len(set(w) - _NAME_STOP - {head}) > 0
                for n in ent.names
            ) or any(_descriptor_head(d) == head for d in ent.descriptors):
                return ent
        window = self._window_start(tok, 2)
        in_quote = self.doc._.qg_in_quote or [False] * len(self.doc)
        if head == "campaign":
            # "an ad from Donald Trump's campaign ... The campaign says": the campaign named in this item
            for k in range(tok.i - 1, section - 1, -1):
                t = self.doc[k]
                if t.lower_ == "campaign" and not in_quote[k]:
                    owner = self._entity_of_phrase(t)
                    if owner is not None and owner.type == "ORG":
                        return owner
            # 'Hillary Clinton plans ... The campaign says': the campaign of the person the text is about
            subjects = [
                c
                for c in self._antecedents(tok)
                if c.type == "PERSON"
                and any(window <= k < tok.i and self.doc[k].dep_ in ("nsubj", "nsubjpass") for k in c.tokens)
            ]
            return self._campaign_of(subjects[0]) if subjects else None
        modifying: list[Ent] = []
        for i, ent in last_before:
            if i < window:
                break
            if in_quote[i]:
                continue
            words = {w.lower().strip(".") for n in ent.names for w in n.split()}
            is_outlet = bool(words & OUTLET_NAME_WORDS)
            if outlet != is_outlet:
                continue
            if not outlet and words & (INSTITUTION_NOUNS - {head}):
                continue
            if _subject_or_agent(self.doc[i]):
                return ent
            if _modifier(self.doc[i]) and ent not in modifying:
                modifying.append(ent)
        # 'In the Harlow Bank scandal, ... The bank said': with no organisation acting nearby, the one
        # named only as a modifier ('X's chief', 'the X scandal'), if it is the only one
        return modifying[0] if len(modifying) == 1 else None

    def _campaign_of(self, person: Ent) -> Ent:
        """The campaign organisation of a person: one the article names ('Donald Trump's campaign'),
        else an organisation named for them ('Hillary Clinton campaign')."""
        surname = _norm_word(person.name.split()[-1])
        for ent in [*self.ents, *self.groups.values()]:
            if ent.type == "ORG" and any(
                {surname, "campaign"} <= {_norm_word(w) for w in n.split()} for n in ent.names
            ):
                return ent
        name = f"{person.name} campaign"
        key = f"ORG:{name.lower()}"
        ent = self.groups.get(key)
        if ent is None:
            ent = Ent(type="ORG", names=[name])
            ent.id = f"E{len(self.ents) + len(self.groups) + 1}"
            self.groups[key] = ent
        return ent

    def _role_antecedent(self, tok: Token, surface: Span, content: tuple[int, int] | None) -> Ent | None:
        """'Mike Pence says ... The Indiana governor said ...': a definite singular role phrase that no
        descriptor ties to anyone points back, like a pronoun, to the person the text was just talking
        about (subjects first; this and the three sentences before), if that person's gender and parties
        agree with it, the phrase's organisation is theirs, and the reported clause does not name them."""
        low = tok.lower_
        if (
            tok.pos_ not in ("NOUN", "PROPN")
            or tok.tag_ not in ("NN", "NNP")
            or low not in _ROLE_NOUNS
            or low in _GENERIC_ROLES
            or not surface
            or surface[0].lower_ not in ("the", "this", "that")
        ):
            return None
        phrase = strip_determiners(surface).text
        modifiers = _content_words(phrase) - {_norm_word(tok.text)}
        # an organisation or person in the phrase ('the FBI director') must be the candidate's own;
        # a party ('the GOP nominee') is checked as a party, by _contradicts
        orgs = [
            self.token_entity[t.i]
            for t in surface
            if t.i in self.token_entity
            and self.token_entity[t.i].type in ("ORG", "PERSON")
            and not {w for n in self.token_entity[t.i].names for w in _content_words(n)} <= PARTY_WORDS
        ]
        want = "f" if low in _FEMALE_ROLES else "m" if low in _MALE_ROLES else None
        head = _head_word(tok.text)
        holders = [
            e
            for e in self.ents
            if any(
                _descriptor_head(d) == head and not _other_role(head, modifiers, phrase, d)
                for d in e.descriptors
            )
        ]
        ties = _ties(tok, surface)
        window = self._window_start(tok, 3)
        found = self._antecedents(tok)
        doc = self.doc

        def salience(e: Ent) -> int:
            # the subject of a sentence's main verb, then any subject, then any mention
            ks = [k for k in e.tokens if window <= k < tok.i]
            if any(doc[k].dep_ in ("nsubj", "nsubjpass") and doc[k].head.dep_ == "ROOT" for k in ks):
                return 0
            if any(doc[k].dep_ in ("nsubj", "nsubjpass") for k in ks):
                return 1
            return 2

        for cand in sorted(found, key=salience):
            if cand not in holders and (
                holders or any(_other_role(head, modifiers, phrase, d) for d in cand.descriptors)
            ):
                # the article gives this role to someone else, or this person another role of that name
                continue
            if cand.type != "PERSON" or _named_in(cand, content):
                continue
            if want is not None and cand.gender is not None and cand.gender != want:
                continue
            dwords = (
                set().union(*(_content_words(d) for d in cand.descriptors)) if cand.descriptors else set()
            )
            if _contradicts(modifiers, dwords):
                continue
            if not _tied(cand, ties):
                continue
            if orgs and not all(
                o is cand or any(w in dwords for n in o.names for w in _content_words(n)) for o in orgs
            ):
                continue
            return cand
        return None

    def _issuer(self, tok: Token) -> Ent | None:
        """Who issued a document: in its own phrase ('a Bloomberg poll', "the GOP's complaint", 'a web
        video by the RNC', 'the transcript published by The Washington Post', 'a statement from the
        ministry'), or, for 'the statement', the phrase it points back to within this and the three
        sentences before ('X issued a statement ... the statement said')."""
        found = self._issuer_in_phrase(tok)
        if found is not None:
            return found
        doc = self.doc
        s, _ = noun_phrase(tok)
        if tok.tag_ != "NN" or doc[s].lower_ not in ("the", "this", "that"):
            return None
        kind = _document_kind(tok.lemma_)
        in_quote = doc._.qg_in_quote or [False] * len(doc)
        for i in range(tok.i - 1, self._window_start(tok, 5) - 1, -1):
            t = doc[i]
            if t.pos_ != "NOUN" or in_quote[i] or _document_kind(t.lemma_) != kind:
                continue
            found = self._issued.get(i) or self._issuer_in_phrase(t)
            if found is None and t.dep_ == "dobj" and t.head.lemma_.lower() in ISSUING_VERBS:
                for subj in t.head.children:
                    if subj.dep_ == "nsubj":
                        found = self._entity_of_phrase(subj)
            if found is not None:
                return found
            # 'the poll' after 'the poll' after 'a Bloomberg poll': follow the chain back
        return None

    def _issuer_in_phrase(self, tok: Token) -> Ent | None:
        s, e = noun_phrase(tok)
        doc = self.doc
        for i in range(s, e):
            if i != tok.i and i in self.token_entity:
                ent = self.token_entity[i]
                if ent.type in ("PERSON", "ORG", "GPE"):
                    return ent
        # 'an Ipsos poll': a proper-name modifier the NER did not tag is the issuer's name
        names = [t for t in doc[s : tok.i] if t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod", "poss")]
        if (
            tok.tag_ == "NN"
            and names
            and all(t.text[:1].isupper() and t.ent_type_ in ("", "ORG", "PERSON") for t in names)
        ):
            first, last = names[0].i, names[-1].i + 1
            if all(doc[k].pos_ == "PROPN" or doc[k].is_punct for k in range(first, last)):
                ent = self.proper_entity(doc[first:last], etype="ORG")
                if ent is not None:
                    return ent
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._entity_of_phrase(obj)
            if child.dep_ == "acl" and child.tag_ == "VBN":
                found = self._agent_of(child)
                if found is not None:
                    return found
        # 'the transcript of the debate, published by the Post': the parser hangs the participle on the
        # 'of' complement, but publishing and releasing are done to the document
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    for acl in obj.children:
                        if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in ISSUING_VERBS:
                            found = self._agent_of(acl)
                            if found is not None:
                                return found
        return None

    def _agent_of(self, participle: Token) -> Ent | None:
        for agent in participle.children:
            if agent.dep_ == "agent":
                for obj in agent.children:
                    if obj.dep_ == "pobj":
                        return self._entity_of_phrase(obj)
        return None

    def _entity_of_phrase(self, tok: Token) -> Ent | None:
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if tok.lower_ == "campaign" and owner is not None and tok.i not in self.token_entity:
            # 'an ad from Donald Trump's presidential campaign' is the campaign's, not Trump's own
            person = self.token_entity.get(owner.i)
            if person is not None and person.type == "PERSON":
                return self._campaign_of(person)
        if tok.i in self.token_entity and self.token_entity[tok.i].type in ("PERSON", "ORG", "GPE"):
            return self.token_entity[tok.i]
        s, e = noun_phrase(tok)
        for i in range(s, e):
            ent = self.token_entity.get(i)
            if ent is not None and ent.type in ("PERSON", "ORG", "GPE"):
                return ent
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


_DASHES = frozenset({"—", "–", "-", "--"})


def is_dateline(tok: Token) -> bool:
    """'WASHINGTON —', 'LOS ANGELES, Calif. —': capitals opening a line (or the text), then a dash within
    a few words on that line: the place the story was filed from."""
    if not (tok.is_upper and tok.is_alpha and len(tok) >= 3):
        return False
    doc = tok.doc
    i = tok.i
    while i > 0 and doc[i - 1].is_upper and doc[i - 1].is_alpha:
        i -= 1
    if i > 0 and "\n" not in doc[i - 1].text and "\n" not in doc[i - 1].whitespace_:
        return False
    for j in range(tok.i + 1, min(tok.i + 6, len(doc))):
        if doc[j].text in _DASHES:
            return True
        if "\n" in doc[j].text:
            return False
    return False


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


_NAME_STOP = frozenset({"the", "of", "for", "and", "on", "in", "&"})


def _subject_or_agent(tok: Token) -> bool:
    """A mention that acts in its clause: its subject, or the agent of a passive ('reported by X')."""
    cur = tok
    while cur.dep_ in ("compound", "flat", "amod") and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ in ("nsubj", "nsubjpass"):
        return True
    return cur.dep_ == "pobj" and cur.head.dep_ == "agent"


def _coordinated(tok: Token) -> Token:
    """The first of coordinated or apposed nouns: 'Karl Fischer' in 'Lena Fischer and her brother Karl
    Fischer argued' stands where 'Lena Fischer' does."""
    cur = tok
    while cur.dep_ in ("conj", "appos") and cur.head.i != cur.i and cur.head.pos_ in ("NOUN", "PROPN"):
        cur = cur.head
    return cur


def _subject(tok: Token) -> bool:
    return _coordinated(tok).dep_ in ("nsubj", "nsubjpass")


def _modifier(tok: Token) -> bool:
    """A name that modifies a noun: 'Harlow Bank' in 'the Harlow Bank scandal' or "Harlow Bank's chief"."""
    doc = tok.doc
    cur = tok
    while cur.dep_ == "det" and cur.i + 1 < len(doc) and doc[cur.i + 1].ent_iob_ == "I":
        cur = doc[cur.i + 1]  # 'the Harlow Savings': the name's head hides behind its article
    while cur.dep_ in ("compound", "flat") and cur.head.i != cur.i and cur.head.ent_iob_ == "I":
        cur = cur.head
    return cur.dep_ in ("compound", "poss", "nmod") and cur.head.pos_ == "NOUN"


def _ties(tok: Token, surface: Span) -> set[str]:
    """Proper-name modifiers that are not places ('FBI' of 'the FBI director'): the person must have them."""
    return {
        _norm_word(t.text)
        for t in surface
        if t.pos_ == "PROPN" and t.i != tok.i and t.ent_type_ not in ("GPE", "LOC", "NORP")
    } - PARTY_WORDS


def _tied(ent: Ent, ties: set[str]) -> bool:
    if not ties:
        return True
    words = {w for d in ent.descriptors for w in _content_words(d)}
    words |= {_norm_word(w) for n in ent.names for w in n.split()}
    return ties <= words


def _norm_word(word: str) -> str:
    """'Gov.' -> 'governor', 'GOP' -> 'republican', "union's" -> 'union'."""
    w = re.sub(r"['’]s$", "", word.lower()).rstrip(".")
    return ROLE_ABBREVIATIONS.get(w, w)


def _content_words(text: str) -> set[str]:
    words = {_norm_word(w) for w in re.findall(r"[\w'’.-]+", text)}
    return {w for w in words if w not in _GENERIC_DESCRIPTOR_WORDS and len(w) > 1}


def _head_word(word: str) -> str:
    w = _norm_word(word)
    return HEAD_SYNONYMS.get(w, w)


def _descriptor_head(descriptor: str) -> str:
    """The head of a descriptor: 'head' of 'head of the central bank', 'governor' of 'Indiana Gov.'."""
    words = [w for w in re.findall(r"[\w'’.-]+", descriptor)]
    low = [w.lower() for w in words]
    if "of" in low[1:]:
        words = words[: low.index("of", 1)]
    return _head_word(words[-1]) if words else ""


def _other_role(head: str, modifiers: set[str], phrase: str, descriptor: str) -> bool:
    """The descriptor names a role of that head but another one: 'head of the national weather service'
    is not 'the fire brigade chief' (their common-noun modifiers differ); a 'Republican nominee' is not
    'the Democratic nominee'. Proper-name modifiers (a place: 'Massachusetts Sen.') do not decide it."""
    if _contradicts(modifiers, _content_words(descriptor)):
        return True
    if _descriptor_head(descriptor) != head:
        return False
    own = {w for w in _common_words(descriptor) if _head_word(w) != head}
    mine = {w for w in _common_words(phrase) if _head_word(w) != head}
    return bool(own) and bool(mine) and not own & mine


def _common_words(text: str) -> set[str]:
    return {_norm_word(w) for w in re.findall(r"[\w'’.-]+", text) if w.islower()} - _GENERIC_DESCRIPTOR_WORDS


def _contradicts(modifiers: set[str], described: set[str]) -> bool:
    """A 'Democratic nominee' is not the 'Republican nominee'; a 'vice presidential' one is not the other."""
    mine, theirs = modifiers & PARTY_WORDS, described & PARTY_WORDS
    if mine and theirs and not mine & theirs:
        return True
    return (
        bool(described) and ("vice" in modifiers) != ("vice" in described) and "vice" in modifiers | described
    )


def _document_kind(lemma: str) -> str:
    low = lemma.lower()
    return DOCUMENT_KINDS.get(low, low)


def _named_in(ent: Ent, content: tuple[int, int] | None) -> bool:
    """The entity is named inside the reported clause: 'He said Obama hopes ...' is not Obama speaking."""
    if content is None:
        return False
    return any(content[0] <= s and e <= content[1] for s, e in ent.mentions)


def _person_group(ent: Ent, want: str | None) -> bool:
    """'he' or 'she' is a person: an unnamed group headed by a person noun ('a doctor'), not 'a box',
    and not one whose noun gives the other gender ('the woman' for 'he')."""
    words = ent.names[0].lower().split() if ent.names else []
    head = words[-1] if words else ""
    if head not in _ROLE_NOUNS and head not in _FEMALE_ROLES | _MALE_ROLES:
        return False
    return not (want == "m" and head in _FEMALE_ROLES or want == "f" and head in _MALE_ROLES)


def _plural_phrase(name: str) -> bool:
    last = name.split()[-1].lower() if name.split() else ""
    return (
        last.endswith("s")
        and not last.endswith("ss")
        or last in ("people", "men", "women", "police", "children")
    )
