"""Reported (indirect) speech: 'X said (that) ...', 'according to X, ...', 'X warned of ...'."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from quotegraph.extraction.attribute.channels import addressee_from_verb, channel_for, reporting_outlet
from quotegraph.extraction.attribute.clauses import (
    cut_trailing_aside,
    is_nested_attribution,
    other_speaker_clause,
)
from quotegraph.extraction.attribute.found import Found
from quotegraph.extraction.attribute.learned import CueModel
from quotegraph.extraction.lexicon import (
    ATTRIBUTION_VERBS,
    COGNITION_VERBS,
    EVIDENCE_NOUNS,
    FINDING_CUES,
    INSTITUTION_NOUNS,
    ISSUER_DOCUMENTS,
    MEDIA_NOUNS,
    MORE_SOURCE_NOUNS,
    NAMING_VERBS,
    OUTLET_NOUNS,
    PERSON_NOUNS,
    SPEECH_VERBS,
)
from quotegraph.extraction.syntax import SUBJECT_DEPS, check_budget, doc_text, lemma, subject_of

# Prepositions that carry the content of some cues: "warned of the dangers", "called for talks".
_PREP_CONTENT = {
    "warn": ("of", "about", "against"),
    "complain": ("about", "of"),
    "call": ("for",),
    "speak": ("about", "of"),
    "talk": ("about",),
    "testify": ("about", "that"),
    "caution": ("against",),
}
_EDGE_SKIP = frozenset({"punct", "cc", "mark"})
# a content clause keeps the word that opens it: "said that ...", "asked whether ...", "asked if ..."
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
_EXPLETIVE = frozenset({"it", "there", "this", "that", "which", "what", "who"})
_MIN_TOKENS = 3


_SOURCE_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_SOURCE_NOUNS = (
    PERSON_NOUNS | INSTITUTION_NOUNS | MEDIA_NOUNS | OUTLET_NOUNS | ISSUER_DOCUMENTS | MORE_SOURCE_NOUNS
)
_AGENT_SUFFIX = (
    *("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants", "ent", "ents"),
    *("ee", "ees", "man", "men", "ive", "ives", "ate", "ates"),
)


def is_source(tok: Token) -> bool:
    """Whether the head of a subject can be a source at all: a person or organisation (a name, a pronoun,
    a word for people or institutions, one of their documents or media), never a thing ('the new model
    boasts', 'the bridge offers')."""
    if tok.pos_ in ("PRON", "PROPN", "NUM", "ADJ", "DET") or tok.ent_type_ in _SOURCE_TYPES:
        return True  # names, pronouns, and groups by quantity: "many", "one", "most", "dozens" of people
    word = lemma(tok)
    if word in _SOURCE_NOUNS or tok.lower_ in _SOURCE_NOUNS:
        return True
    return tok.pos_ == "NOUN" and tok.lower_.endswith(_AGENT_SUFFIX) and len(tok.text) > 4


def is_gesture(cue: Token) -> bool:
    """A cue used for a deed, not speech: 'pointed a gun at the cashier' (an object pointed at someone; 'point
    the finger at' is blame, which is speech), 'called 911' or 'called the police' (a phone call)."""
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if len(objects) != 1:
        return False
    obj, word = objects[0], lemma(cue)
    deps = {c.dep_ for c in cue.children}
    if word == "point":
        aimed = any(
            c.dep_ == "prep" and c.lower_ in ("at", "toward", "towards")
            for c in (*cue.children, *obj.children)
        )
        return obj.pos_ == "NOUN" and lemma(obj) != "finger" and aimed and "prt" not in deps
    if word == "call":
        phone = obj.like_num or lemma(obj) in _CALLED_BY_PHONE
        return phone and not deps & {"oprd", "xcomp", "ccomp", "prt"}
    return False


_CALLED_BY_PHONE = frozenset(
    "police ambulance number hotline helpline line emergency firefighter cop cops".split()
)


def _verb_chain(tok: Token) -> list[Token]:
    chain = []
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "prep", "acl", "ccomp"):
            break
        cur = cur.head
        chain.append(cur)
    return chain


def _second_cue(tok: Token) -> bool:
    """A coordinated speech verb sharing its subject: a new attribution, not more content."""
    return (
        tok.pos_ == "VERB"
        and lemma(tok) in SPEECH_VERBS | ATTRIBUTION_VERBS
        and not any(c.dep_ in SUBJECT_DEPS for c in tok.children)
    )


def content_span(root: Token, sent: Span, exclude: Token | None = None) -> tuple[int, int] | None:
    """Token range of a clause's subtree, cut before any other attribution inside it and trimmed."""
    toks = sorted(root.subtree, key=lambda t: t.i)
    if exclude is not None:
        ex = {t.i for t in exclude.subtree}
        toks = [t for t in toks if t.i not in ex]
    start, end = toks[0].i, toks[-1].i + 1
    start, end = max(start, sent.start), min(end, sent.end)
    doc = root.doc
    # cut at a nested, separately-attributed clause ("..., while Y said ...")
    for t in doc[start:end]:
        if t.i != root.i and other_speaker_clause(t) and t.head.i >= start:
            sub = sorted(x.i for x in t.subtree)
            if sub[0] > root.i:
                end = min(end, sub[0])
        elif t.head.i == root.i and t.dep_ == "conj" and _second_cue(t):
            # "it was opposed to the test and warned X to ...": the same speaker's next statement
            end = min(end, min(x.i for x in t.subtree))
    end = cut_trailing_aside(doc, start, end)
    while start < end and (
        (doc[start].dep_ in _EDGE_SKIP and doc[start].lower_ not in _COMPLEMENTIZERS)
        or doc[start].is_punct
        or doc[start].is_space
    ):
        start += 1
    while end > start and (doc[end - 1].dep_ in ("punct", "cc") or doc[end - 1].is_space):
        end -= 1
    if end - start < _MIN_TOKENS:
        return None
    return start, end


def _content_root(cue: Token) -> Token | None:
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    if clauses:
        # "X: Republicans said they ...": the clause after the cue is what was said
        after = [c for c in clauses if c.i > cue.i]
        return after[0] if after else clauses[-1]
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in _PREP_CONTENT.get(lemma(cue), ()):
            for g in child.children:
                if g.dep_ in ("pobj", "pcomp"):
                    return g
    if lemma(cue) in ("deny", "confirm", "announce", "predict", "estimate", "acknowledge", "admit", "reveal"):
        for child in cue.children:
            if child.dep_ == "dobj" and len(list(child.subtree)) >= _MIN_TOKENS:
                return child
    # "said at the time that they believed ...": a that-clause the parser hung elsewhere
    doc = cue.doc
    for t in doc[cue.i + 1 : min(cue.i + 7, cue.sent.end)]:
        if (
            t.lower_ == "that"
            and t.dep_ in ("mark", "advmod")
            and t.head.i > t.i
            and t.head.pos_ in ("VERB", "AUX")
        ):
            return t.head
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            break
    # "X said it would ..." parsed with the clause as the cue's head ("it would ..., X said")
    at_end = cue.i + 1 >= cue.sent.end or all(
        t.is_punct or t.dep_ in ("prep", "pobj", "npadvmod", "advmod", "det", "amod", "compound")
        for t in doc[cue.i + 1 : cue.sent.end]
    )
    if (
        cue.dep_ in ("parataxis", "ccomp")
        and at_end
        and cue.head.pos_ in ("VERB", "AUX")
        and cue.head.i < cue.i
    ):
        has_subject = any(c.dep_ in SUBJECT_DEPS for c in cue.children)
        if has_subject and cue.i > cue.head.i:
            return cue.head
    return None


_CUE_TAIL = frozenset(
    {
        "advmod",
        "npadvmod",
        "prep",
        "dative",
        "dobj",
        "aux",
        "neg",
        "pobj",
        "det",
        "compound",
        "amod",
        "nummod",
    }
)


_CONTENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "oprd", "dative", "attr", "acomp"})
_CONTENT_PREPS = frozenset({"for", "on", "of", "about", "against", "as", "to", "with", "over"})


def _right_content(cue: Token, sent: Span) -> tuple[int, int] | None:
    """Content that follows the cue as objects: 'criticized the plan as reckless', 'called for a recount',
    'urged voters to stay home'. A preposition counts only right after the cue ('called on X')."""
    doc = cue.doc
    picked = []
    for child in cue.rights:
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.i < cue.i for g in child.children):
            continue  # "whom they refer to as ...": the object is a relative pronoun before the cue
        if child.dep_ == "prep" and any(
            g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children
        ):
            continue  # "noted on Monday": when it was said, not what
        leading_prep = (
            child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS and (child.i == cue.i + 1 or picked)
        )
        if child.dep_ in _CONTENT_DEPS or leading_prep:
            picked.append(child)
    if not picked:
        return None
    if picked[0].dep_ == "prep" and picked[0].i == cue.i + 1:
        # "called for a recount", "called on X to ...": the preposition belongs to the cue
        obj = next((c for c in picked[0].children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is not None:
            picked = [obj, *[c for c in picked[0].children if c.i != obj.i and c.i > obj.i], *picked[1:]]
    start = min(min(t.i for t in c.subtree) for c in picked)
    end = max(max(t.i for t in c.subtree) for c in picked) + 1
    inner = _inner_object(picked[0]) if picked[0].dep_ == "xcomp" else None
    if inner is not None:
        start = min(t.i for t in inner.subtree)  # "seemed to mock the plan": the cue is the verb chain
    start, end = max(start, cue.i + 1, sent.start), min(end, sent.end)
    for t in doc[start:end]:
        if other_speaker_clause(t) and t.i > start:
            end = min(end, min(x.i for x in t.subtree))
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end - start < 1 or (end - start < 2 and doc[start].pos_ == "PRON"):
        return None
    return start, end


def _parenthetical_span(cue: Token, speaker: Token, sent: Span) -> tuple[int, int] | None:
    """'Acts of protest, Mr. Obama said, are acts of patriotism': a cue set off by commas inside or at
    the end of the sentence it reports; the content is the sentence around it."""
    doc = cue.doc
    sub = [t.i for t in speaker.subtree]
    lo = min(min(sub), cue.i)
    hi = cue.i + 1
    while hi < sent.end and doc[hi].dep_ in _CUE_TAIL and doc[hi].head.i in range(lo, hi + 8):
        hi += 1
    before = doc[lo - 1] if lo - 1 >= sent.start else None
    after = doc[hi] if hi < sent.end else None
    if before is None or before.text not in (",", "—", "–", "-"):
        return None
    if after is not None and not (after.is_punct and after.text in (",", ".", "!", "?", ";", "—", "–")):
        return None
    start, end = sent.start, sent.end
    if after is None or after.text in (".", "!", "?"):
        end = lo - 1
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if lo - start < _MIN_TOKENS and end - hi < _MIN_TOKENS:
        return None
    return start, end


def as_clause_span(cue: Token, sent: Span) -> tuple[int, int] | None:
    """'As the mayor put it, the pier ...', '..., as experts have pointed out': a cue in an 'as' clause
    with no complement of its own reports the clause it hangs on; the content is that clause without the
    'as' clause, on the side of it that holds the clause's verb."""
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    for c in cue.children:
        if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.pos_ != "PRON"):
            return None  # the clause says something of its own: 'even as he says his plan ...'
        if c.dep_ == "advmod" and c.lower_ == "even":
            return None  # 'even as' concedes, it does not report
    head = cue.head
    if head.i == cue.i or head.pos_ not in ("VERB", "AUX") or not (sent.start <= head.i < sent.end):
        return None
    aside = [t.i for t in cue.subtree]
    lo, hi = min(aside), max(aside) + 1
    rest = [t.i for t in head.subtree if not (lo <= t.i < hi) and sent.start <= t.i < sent.end]
    if not rest:
        return None
    start, end = (hi, max(rest) + 1) if head.i >= hi else (min(rest), lo)
    doc = cue.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - start < _MIN_TOKENS:
        return None
    return start, end


# The cue probability at which the rules below build a statement for a shape the older rules leave out.
INFINITIVE_GATE = 0.5


def _model_backs(p: float | None, gate: float) -> bool:
    """Whether the cue model (when there is one) is confident enough for a rule it gates."""
    return p is not None and p >= gate


def infinitival_content(cue: Token, sent: Span) -> tuple[int, int] | None:
    """An infinitival complement of a cue of intent or speech: 'wants to cut taxes', 'plans to release
    the list', 'urged voters to stay home' (the object that is the infinitive's subject included)."""
    doc = cue.doc
    inf = next(
        (
            c
            for c in cue.rights
            if c.dep_ == "xcomp"
            and c.pos_ in ("VERB", "AUX")
            and any(a.dep_ == "aux" and a.lower_ == "to" and a.i < c.i for a in c.children)
        ),
        None,
    )
    if inf is None:
        return None
    objects = [c for c in cue.rights if c.dep_ == "dobj" and c.i < inf.i]
    start = min(t.i for t in (objects[0] if objects else inf).subtree)
    end = max(t.i for t in inf.subtree) + 1
    start, end = max(start, cue.i + 1, sent.start), min(end, sent.end)
    for t in doc[start:end]:
        if other_speaker_clause(t) and t.i > start:
            end = min(end, min(x.i for x in t.subtree))
    end = cut_trailing_aside(doc, start, end)
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end - start < _MIN_TOKENS:
        return None
    return start, end


def _inner_object(inf: Token) -> Token | None:
    """The object of an infinitive that is itself a cue ('seemed to mock the plan', 'declined to comment on
    the reaction'): annotators take 'seemed to mock' as the cue and the object as what was said."""
    if lemma(inf) not in SPEECH_VERBS | ATTRIBUTION_VERBS:
        return None
    for c in inf.rights:
        if c.dep_ == "dobj":
            return c
        if c.dep_ == "prep" and c.i == inf.i + 1:
            return next((g for g in c.children if g.dep_ == "pobj"), None)
        if c.dep_ in ("ccomp", "xcomp"):
            return None
    return None


PASSIVE_GATE = 0.4


def passive_with_agent(cue: Token) -> tuple[Token, tuple[int, int]] | None:
    """(source, content) of a passive cue with a 'by' agent that can be a source: 'the nominee was
    endorsed by the union' (content: its subject), 'a view echoed by the panel' (the noun it
    modifies). A relative or other pronoun subject gives nothing."""
    doc = cue.doc
    agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is None or not is_source(agent):
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subject is not None:
        if subject.pos_ == "PRON" or subject.i > cue.i:
            return None
        sub = [t.i for t in subject.subtree]
        start, end = min(sub), max(sub) + 1
    elif cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i < cue.i:
        start, end = min(t.i for t in cue.head.subtree), cue.i
    else:
        return None
    start = max(start, cue.sent.start)
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end <= start:
        return None
    return agent, (start, end)


def noun_cue(cue: Token, sent: Span) -> Found | None:
    """A noun cue with its owner and its clause: 'his claim that the count was rigged', 'the mayor's
    promise to reopen the pier'. The owner (a possessive that can be a source) is the speaker, the
    that-clause or infinitive the noun governs is the content; a noun with neither gives nothing."""
    owner = next((c for c in cue.children if c.dep_ == "poss"), None)
    if owner is None or not is_source(owner):
        return None
    clause = next(
        (
            c
            for c in cue.rights
            if c.dep_ in ("acl", "ccomp")
            and c.pos_ in ("VERB", "AUX")
            and any(
                (a.dep_ == "mark" and a.lower_ == "that") or (a.dep_ == "aux" and a.lower_ == "to")
                for a in c.children
                if a.i < c.i
            )
        ),
        None,
    )
    if clause is None:
        return None
    span = content_span(clause, sent)
    if span is None or span[0] <= cue.i:
        return None
    content = cue.doc[span[0] : span[1]]
    return Found(
        kind="indirect",
        start=content.start_char,
        end=content.end_char,
        cue=cue,
        cue_lemma=lemma(cue),
        speaker=owner,
        confidence=0.6,
    )


def frame_cue(f: Found, cue: Token, used_cues: set[int]) -> None:
    """What the words around a cue add to its statement: the channel (its own phrases, or an outlet
    that reports the sentence, whose verb is then not a statement of its own) and the addressee."""
    f.channel = f.channel or channel_for(cue, _verb_chain(cue))
    outlet = reporting_outlet(cue.sent, cue)
    if outlet:
        f.channel = f.channel or outlet[0]
        used_cues.add(outlet[1].i)
    addr = addressee_from_verb(cue)
    if addr:
        f.addressee, f.addressee_tok = addr


def find_reported(
    doc: Doc,
    skip_cue: set[int],
    in_quote: list[bool],
    cognition: bool = True,
    cue_model: CueModel | None = None,
) -> list[Found]:
    """Indirect statements in a parsed document; cues already used by a quotation are skipped.

    With a cue model, its probability decides which tokens are cues (``CueModel.decide``: a lexicon cue
    unless the model strongly objects, any other verb when the model is confident); the rules below
    find the speaker and the content either way."""
    found: list[Found] = []
    probs = cue_model.probabilities(doc, in_quote) if cue_model is not None else {}
    for sent in doc.sents:
        check_budget(doc)
        for tok in sent:
            if tok.i in skip_cue or in_quote[tok.i]:
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                if cue_model is not None and not cue_model.decide(probs.get(tok.i), True):
                    continue
                f = _according_to(tok, sent)
                if f:
                    found.append(f)
                continue
            lem = lemma(tok)
            is_speech = (lem in SPEECH_VERBS and lem not in NAMING_VERBS) or lem in ATTRIBUTION_VERBS
            is_belief = cognition and lem in COGNITION_VERBS
            is_finding = lem in FINDING_CUES
            if tok.pos_ == "NOUN" and cue_model is not None:
                # the shape first: few nouns have an owner and a clause, so most never need the model
                f = noun_cue(tok, sent)
                if (
                    f is not None
                    and not in_quote[f.speaker.i]  # type: ignore[union-attr]
                    and cue_model.decide(probs.get(tok.i), is_speech or (cognition and is_belief))
                ):
                    found.append(f)
                continue
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            in_lexicon = is_speech or is_belief or is_finding
            if cue_model is None and not in_lexicon:
                continue
            # the speaker before the model: a verb without one is no cue whatever its probability
            speaker = subject_of(tok)
            if speaker is None or in_quote[speaker.i]:
                continue
            learned = False
            if cue_model is not None:
                if not cue_model.decide(probs.get(tok.i), in_lexicon):
                    continue
                learned = not in_lexicon
                is_speech = is_speech or learned
            if not (is_speech or is_belief) and lemma(speaker) not in EVIDENCE_NOUNS:
                continue  # "found", "shows" report a finding only when evidence is their subject
            if is_gesture(tok):
                continue
            if speaker.lower_ in _EXPLETIVE and not (
                speaker.lower_ == "it" and speaker.dep_ == "nsubj" and is_speech
            ):
                # "it is said that" is no one; "It says the campaign ..." (a letter, a report) is someone
                continue
            if is_belief and not is_speech and speaker.lower_ in ("i", "we", "you"):
                continue
            if any(c.i in skip_cue for c in tok.children if c.dep_ in ("xcomp", "ccomp", "advcl")):
                # "a fighter is shown saying: '...'": the quotation's own cue carries the statement
                continue
            root = _content_root(tok)
            passive = passive_with_agent(tok) if root is None else None
            span: tuple[int, int] | None = None
            if passive is not None and _model_backs(probs.get(tok.i), PASSIVE_GATE):
                speaker, span = passive  # "X was endorsed by Y": Y is the source, X what it backed
            else:
                if root is None:
                    if not is_source(speaker):
                        continue  # a thing with a noun-phrase object: "the new model boasts a range of ..."
                    if is_speech:
                        span = (
                            (_right_content(tok, sent) if lem in ATTRIBUTION_VERBS or learned else None)
                            or _parenthetical_span(tok, speaker, sent)
                            or as_clause_span(tok, sent)
                        )
                    if span is None and _model_backs(probs.get(tok.i), INFINITIVE_GATE):
                        span = infinitival_content(tok, sent)  # "wants to ...", "plans to ..."
                else:
                    if root.i < tok.i and root.dep_ != "ccomp" and root.i != tok.head.i:
                        continue
                    if (
                        root.i != tok.head.i
                        and is_nested_attribution(root)
                        and _content_root(root) is not None
                    ):
                        # "X threatened Y, in which Z said ...": the inner clause is the attribution
                        continue
                    span = content_span(root, sent, exclude=tok if root.i == tok.head.i else None)
                    if span is not None and span[0] <= tok.i < span[1] and root.i != tok.head.i:
                        span = None
                if cue_model is not None:
                    # the learned selector ranks the parse's candidate contents, the rules' choice among them
                    span = cue_model.select_content(tok, sent, span, probs.get(tok.i), in_quote)
            if span is None:
                continue
            start, end = span
            content = doc[start:end]
            inside = sum(1 for t in content if in_quote[t.i])
            if inside > 0.6 * len(content) and not _frames_quote(content, in_quote):
                continue
            f = Found(
                kind="indirect",
                start=content.start_char,
                end=close_quotation(doc_text(doc), content.start_char, content.end_char),
                cue=tok,
                cue_lemma=lem,
                speaker=speaker,
                confidence=0.75 if is_speech else 0.55,
            )
            frame_cue(f, tok, skip_cue)
            found.append(f)
    if cue_model is not None:
        found = [f for f in found if cue_model.keep_statement(f, probs.get(f.cue.i) if f.cue else None)]
    return found


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])['’](?=[\s.,;:!?)\]—–-]|$)")
_CLOSER_AFTER = re.compile(r"[.,!?;]*(?:''|\"|”|»|’|')")


def close_quotation(text: str, start: int, end: int) -> int:
    """The end of a content that stops inside a quotation, moved past the punctuation and the mark that
    close it ('using the tax \'\'is a misguided approach,\'\'' with its comma and marks), as annotators
    mark it; a content whose quotation marks are balanced keeps its end."""
    inner = text[start:end]
    doubled = inner.count("''") + inner.count("``")
    plain = inner.replace("''", "").replace("``", "")
    unclosed = (
        doubled % 2 == 1
        or plain.count('"') % 2 == 1
        or plain.count("“") > plain.count("”")
        or plain.count("«") > plain.count("»")
        or len(_SINGLE_OPEN.findall(plain)) > len(_SINGLE_CLOSE.findall(plain))
    )
    if not unclosed:
        return end
    m = _CLOSER_AFTER.match(text, end)
    return m.end() if m else end


def _frames_quote(content: Span, in_quote: list[bool]) -> bool:
    """A reported clause that opens in the reporter's words and ends in the speaker's ('North Korea had
    displayed "complete disregard of ..."'): annotators mark the whole clause as the content, whatever
    share of it is quoted."""
    words = [t for t in content if not in_quote[t.i] and t.is_alpha and t.lower_ not in _FRAME_FUNCTION_WORDS]
    return len(words) >= 2 and not in_quote[content.start]


_FRAME_FUNCTION_WORDS = frozenset(
    "a an the it its as to of for on in at by this that these those his her their whether if".split()
)


def _according_to(tok: Token, sent: Span) -> Found | None:
    to = tok.doc[tok.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = tok.head
    doc = tok.doc
    if head.i == tok.i or not (sent.start <= head.i < sent.end):
        return None
    sub = sorted(t.i for t in tok.subtree)
    a_start, a_end = sub[0], sub[-1] + 1
    toks = [t.i for t in head.subtree if not (a_start <= t.i < a_end)]
    if not toks:
        return None
    start, end = max(min(toks), sent.start), min(max(toks) + 1, sent.end)
    # content on one side of the "according to X" phrase
    if a_start > start and a_end < end:
        end = a_start if (a_start - start) >= (end - a_end) else end
        start = a_end if end != a_start else start
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ in ("cc", "mark")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - start < _MIN_TOKENS:
        return None
    content = doc[start:end]
    return Found(
        kind="indirect",
        start=content.start_char,
        end=content.end_char,
        cue=tok,
        cue_end=tok.i + 1,
        cue_lemma="according to",
        speaker=source,
        confidence=0.75,
    )
