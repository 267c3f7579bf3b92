"""Small helpers over spaCy tokens shared by the attribution rules."""

from __future__ import annotations

import time

from spacy.tokens import Doc, Span, Token

import quotegraph.extraction.doc_ext  # noqa: F401  (declares the doc._.qg_* extensions)
from quotegraph.errors import BudgetError
from quotegraph.extraction.lexicon import (
    COGNITION_VERBS,
    PARTICIPLE_CUES,
    PHRASE_CUES,
    SPEECH_VERBS,
)

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Modifiers dropped from a speaker phrase: "Dr. Amara Osei, who led the trial" -> "Dr. Amara Osei".
_NP_DROP = frozenset({"relcl", "acl", "appos", "prep", "punct", "cc", "conj", "advcl", "ccomp", "xcomp"})
_PASSIVE_SPEAKER_VERBS = frozenset({"quote", "cite", "report", "describe", "tell", "ask", "show", "hear"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_WHERE = frozenset({"on", "in", "at", "across", "around", "near", "outside", "inside"})
_CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "pobj", "prep", "ccomp", "dep"})


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def is_speech_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and lemma(tok) in SPEECH_VERBS or _according(tok)


def is_cognition_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" and lemma(tok) in COGNITION_VERBS


def is_participle_cue(tok: Token) -> bool:
    return tok.tag_ == "VBG" and lemma(tok) in PARTICIPLE_CUES


def _according(tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def phrase_cue(tok: Token) -> tuple[str, int] | None:
    """(lemma, last token index) when ``tok`` starts a multi-word cue like 'according to'."""
    doc = tok.doc
    for words, name in PHRASE_CUES.items():
        end = tok.i + len(words)
        if end <= len(doc) and all(
            lemma(doc[tok.i + k]) == w or doc[tok.i + k].lower_ == w for k, w in enumerate(words)
        ):
            return name, end - 1
    return None


def subject_of(tok: Token, max_steps: int = 4) -> Token | None:
    """The speaker token for a cue: its subject, or the subject of the verb a participle hangs on."""
    cur = tok
    in_quote = tok.doc._.qg_in_quote
    for _ in range(max_steps + 1):
        # a subject inside a quotation is the parser's mistake for the quote's own subject
        children = [c for c in cur.children if in_quote is None or not in_quote[c.i]]
        children.sort(key=lambda c: abs(c.i - tok.i))
        for child in children:
            if child.dep_ in SUBJECT_DEPS and child.pos_ not in ("SCONJ",):
                if cur.i == tok.i and child.dep_ == "nsubjpass" and lemma(cur) not in _PASSIVE_SPEAKER_VERBS:
                    # "the plan was announced by the minister": the agent spoke, not the subject
                    return _agent(cur)
                if child.lower_ in _RELATIVE and cur.dep_ == "relcl":
                    return relative_antecedent(cur.head, child)
                return child
        agent = _agent(cur)
        if agent is not None and cur is tok:
            return agent
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return cur.head
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        if cur.dep_ not in _CLIMB_DEPS or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def relative_antecedent(head: Token, relative: Token) -> Token:
    """The noun a 'who' stands for: the parser hangs "Democrats on Capitol Hill, who argued" on the
    place; a 'who' is a person, so the object of a phrase saying where someone is ('on', 'in', 'at')
    gives way to the noun the phrase modifies, unless that noun is itself a place."""
    prep = head.head
    if relative.lower_ != "who" or head.dep_ != "pobj" or prep.lower_ not in _WHERE or prep.dep_ != "prep":
        return head
    owner = prep.head
    if owner.pos_ in ("VERB", "AUX") and prep.i > 0:
        # "anger farmers in Nebraska, who": the phrase hung on the verb, right after its object
        before = head.doc[prep.i - 1]
        owner = before if before.dep_ == "dobj" and before.head.i == prep.head.i else owner
    if owner.pos_ in ("NOUN", "PROPN") and owner.ent_type_ not in ("GPE", "LOC", "FAC"):
        return owner
    return head


def _agent(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def noun_phrase(tok: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok``, without clauses and appositions."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _NP_DROP]
    while stack:
        c = stack.pop()
        keep.append(c)
        stack.extend(
            x for x in c.children if x.dep_ not in _NP_DROP or (x.dep_ == "punct" and x.text in "'’-")
        )
    idx = sorted(t.i for t in keep)
    start, end = idx[0], idx[-1] + 1
    # keep it contiguous around the head
    run_start = tok.i
    while run_start - 1 >= start and (run_start - 1) in idx:
        run_start -= 1
    run_end = tok.i + 1
    while run_end < end and run_end in idx:
        run_end += 1
    doc = tok.doc
    # a possessive's "'s" hangs on the possessor; keep it
    while run_end < len(doc) and doc[run_end].dep_ == "case" and doc[run_end].head.i in idx:
        run_end += 1
    return run_start, run_end


_PERSONAL_PRONOUNS = frozenset(
    "i me we us you he him she her it they them one myself ourselves himself herself itself themselves".split()
)
_SEPARATORS = frozenset({",", "--", "—", "–"})
_RIGHT_STOPS = frozenset({":", ";"})
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "«", "»", "„"})


def _left_stop(tok: Token) -> bool:
    """A colon, semicolon or free-standing dash ("BRUSSELS - European leaders", "WASHINGTON -- "), not a
    hyphen inside a word ("Holtz-Eakin", "ex-wife")."""
    if tok.text in (":", ";"):
        return True
    if not tok.text or set(tok.text) - set("-—–"):
        return False
    doc = tok.doc
    return bool(tok.whitespace_) or (tok.i > 0 and bool(doc[tok.i - 1].whitespace_))


def _set_off(tok: Token) -> bool:
    """The phrase of ``tok`` opens with a comma before it: a non-restrictive addition."""
    i = tok.left_edge.i - 1
    return i >= 0 and tok.doc[i].text == ","


def _phrase_indices(head: Token) -> set[int]:
    """The head's phrase as annotators mark a source: all of it but a participle set off by commas
    ("Trump, speaking to veterans, said")."""
    keep = {head.i}
    stack = []
    for c in head.children:
        if c.dep_ in ("acl", "advcl") and c.tag_ in ("VBG", "VBN") and _set_off(c):
            continue
        stack.append(c)
    while stack:
        c = stack.pop()
        keep.add(c.i)
        stack.extend(c.children)
    return keep


def speaker_span(tok: Token, avoid: tuple[int, int] | None = None) -> tuple[int, int]:
    """Token range [start, end) a speaker is marked by, as annotators mark a source: the whole noun phrase
    with its determiner, titles, complements, appositions, relative clauses and coordinated names ("Rep.
    Jim Jordan (R-Ohio), an oversight panel member,", "Mr. Grassley and Mr. Leahy"), without edge
    punctuation or spaces, but with the comma or dash closing an apposition before the verb. Which
    entity speaks is decided on ``noun_phrase``; this is only where the speaker's span lies. ``avoid``
    (characters, the reported clause) is never entered: the phrase falls back to ``noun_phrase``."""
    doc = tok.doc
    if tok.pos_ == "PRON" and (tok.lower_ in _PERSONAL_PRONOUNS or tok.lower_ in _RELATIVE):
        return tok.i, tok.i + 1
    head = tok
    # one of coordinated subjects: the coordination is the source ("Regulators and environmental groups")
    while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i < head.i:
        head = head.head
    # an author named in a document's by-phrase: the document is the source ("a new report by Politico")
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ == "by" and prep.i != prep.head.i:
        holder = prep.head
        if prep.dep_ == "agent" and holder.dep_ == "acl" and holder.tag_ == "VBN":
            holder = holder.head
        if holder.pos_ == "NOUN" and holder.i < head.i and holder.dep_ in ("nsubj", "nsubjpass", "pobj"):
            head = holder
    idx = _phrase_indices(head)
    in_quote = doc._.qg_in_quote
    start = head.i
    while start - 1 in idx and not _left_stop(doc[start - 1]):
        start -= 1
    end = head.i + 1
    while end in idx and doc[end].text not in _RIGHT_STOPS and doc[end].text not in _QUOTE_MARKS:
        if in_quote is not None and in_quote[end]:
            break
        end += 1
    if start > tok.i or end <= tok.i:
        return noun_phrase(tok)
    if avoid is not None and doc[start].idx < avoid[1] and avoid[0] < doc[end - 1].idx + len(doc[end - 1]):
        return noun_phrase(tok)
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > tok.i and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text != ")":
        end -= 1
    if end - 1 > tok.i and doc[end - 1].text == ")" and not any(t.text == "(" for t in doc[start : end - 1]):
        end -= 1
    inner = {t.text for t in doc[start:end]} & _SEPARATORS
    if (
        inner
        and end < len(doc)
        and doc[end].text in inner
        and head.head.i >= end
        and head.dep_ in ("nsubj", "nsubjpass")
    ):
        end += 1
    return start, end


def relative_source(head: Token, cue: Token) -> Token | None:
    """The 'who' or 'which' of a relative clause on ``head`` that holds ``cue``: in "Ann Lee, who said ...",
    annotators mark the relative as the source; the person it stands for is still ``head``. Not a
    restrictive 'that' ("a company that declared ..." is marked as the noun phrase), and not a cue the
    parser hung on a clause set off by dashes before it ("Lee — who has called for X — attacking ...")."""
    cur = cue
    doc = cue.doc
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        if cur.dep_ == "relcl":
            for child in cur.children:
                if child.dep_ in SUBJECT_DEPS and child.lower_ in ("who", "which"):
                    closed = any(t.text in _SEPARATORS - {","} or t.text == ")" for t in doc[child.i : cue.i])
                    if child.i > cue.i or closed or relative_antecedent(cur.head, child).i != head.i:
                        return None
                    return child
            return None
        if cur.dep_ not in _CLIMB_DEPS and cur.dep_ not in ("relcl", "aux", "auxpass"):
            return None
        cur = cur.head
    return None


def strip_determiners(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].dep_ in ("det", "predet") or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def appositive_name(tok: Token) -> Token | None:
    """A proper-name apposition: "the union's leader, Carla Benton" -> Benton."""
    for child in tok.children:
        if child.dep_ == "appos" and child.ent_type_ in ("PERSON", "ORG") and child.pos_ == "PROPN":
            return child
    if tok.dep_ == "appos" and tok.head.ent_type_ in ("PERSON", "ORG"):
        return tok.head
    return None


def check_budget(doc: Doc) -> None:
    """Stop work on a pathological article: the caller puts a deadline (time.monotonic) in ``doc._.qg_deadline``."""
    deadline = doc._.qg_deadline
    if deadline is not None and time.monotonic() > deadline:
        raise BudgetError("over the per-article time budget")


def doc_text(doc: Doc) -> str:
    """The document's text, built once: spaCy rebuilds ``Doc.text`` from its tokens on every access."""
    text = doc._.qg_text
    if text is None:
        text = doc.text
        doc._.qg_text = text
    return text


def token_at(doc: Doc, char: int) -> int | None:
    """Index of the token covering character ``char`` (or the next one)."""
    from bisect import bisect_right

    starts = doc._.qg_starts
    if starts is None:
        starts = [t.idx for t in doc]
        doc._.qg_starts = starts
    i = bisect_right(starts, char) - 1
    if i < 0:
        return 0 if len(doc) else None
    tok = doc[i]
    if char >= tok.idx + len(tok.text):
        return i + 1 if i + 1 < len(doc) else None
    return i


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    i = token_at(doc, start)
    out = []
    if i is None:
        return out
    while i < len(doc) and doc[i].idx < end:
        if doc[i].idx + len(doc[i].text) > start:
            out.append(doc[i])
        i += 1
    return out
