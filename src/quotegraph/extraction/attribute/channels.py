"""Channels (the medium or outlet a statement went through) and addressees (whom it was for)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from quotegraph.extraction.lexicon import MEDIA_NOUNS, OUTLET_NOUNS, PERSON_NOUNS, PLATFORMS, TITLE_WORDS
from quotegraph.extraction.syntax import lemma, noun_phrase

# media named by an adjective and a noun that is no medium alone
_MEDIA_PHRASES = frozenset(
    {("social", "media"), ("social", "network"), ("social", "networks"), ("mass", "media")}
)
_CHANNEL_PREPS = frozenset({"in", "on", "via", "through", "during", "at", "to", "over"})
_TELL_VERBS = frozenset(
    {"tell", "inform", "assure", "reassure", "remind", "warn", "urge", "ask", "write", "email"}
)
_VOCATIVE_AFTER_YOU = re.compile(r"\byou,\s+((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)\s*[!.,?]")
_VOCATIVE_START = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*),\s+[a-z]")
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|madam|madame|dear|comrade|sir)\.?\s+", re.I)


def is_platform(tok: Token) -> bool:
    return tok.lower_ in PLATFORMS


def is_outlet_phrase(tok: Token) -> bool:
    """An NP naming a news outlet: 'Reuters' (an ORG), 'the Interfax news agency', 'the newspaper X'."""
    if is_platform(tok):
        return True
    start, end = noun_phrase(tok)
    words = {t.lower_ for t in tok.doc[start:end]}
    if words & OUTLET_NOUNS and any(t.pos_ == "PROPN" for t in tok.doc[start:end]):
        return True
    return lemma(tok) in OUTLET_NOUNS and tok.lower_ not in ("site",)


def outlet_name(tok: Token) -> str:
    """The outlet's proper name inside an NP, or its head noun: 'the state news agency Tarim' -> 'Tarim'."""
    start, end = noun_phrase(tok)
    for child in tok.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            end = max(end, noun_phrase(child)[1])
    doc = tok.doc
    start = _across_hyphens(doc, start, end)
    best: list[Token] = []
    run: list[Token] = []
    for t in doc[start:end]:
        capitalized = t.text[:1].isupper() and t.lower_ not in ("the", "a", "an")
        name_word = (t.pos_ == "PROPN" or capitalized) and (capitalized or t.lower_ not in OUTLET_NOUNS)
        if name_word or (run and _joins_name(t)):  # 'WXIA-TV', 'Journal-Constitution': one name
            run.append(t)
        else:
            if len(run) > len(best):
                best = run
            run = []
    if len(run) > len(best):
        best = run
    if best:
        return doc[best[0].i : best[-1].i + 1].text
    return tok.lemma_.lower()


def _joins_name(tok: Token) -> bool:
    """A hyphen or slash written tight between two capitalised words, inside one name."""
    doc = tok.doc
    return (
        tok.text in ("-", "/", "&")
        and tok.i > 0
        and tok.i + 1 < len(doc)
        and (tok.text == "&" or (not doc[tok.i - 1].whitespace_ and not tok.whitespace_))
        and doc[tok.i + 1].text[:1].isupper()
    )


def _across_hyphens(doc: Doc, start: int, end: int) -> int:
    """A noun phrase stops at a hyphen hanging on its head ('WXIA-TV', 'Journal-Constitution'): take the
    words the hyphen joins to it back in."""
    while start >= 2 and _joins_name(doc[start - 1]) and start <= doc[start - 2].head.i < end:
        start -= 2
        while (
            start >= 1
            and doc[start - 1].dep_ in ("compound", "amod")
            and start <= doc[start - 1].head.i < end
        ):
            start -= 1
    return start


def _media_phrase(tok: Token) -> str | None:
    """A medium named by a noun and its adjective ('social media', 'state television')."""
    for child in tok.children:
        if child.dep_ == "amod" and (child.lower_, tok.lower_) in _MEDIA_PHRASES:
            return f"{child.lower_} {tok.lower_}"
    return None


def _pobj(prep: Token) -> Token | None:
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            return c
    return None


def _medium(tok: Token) -> str | None:
    """Channel named by a prepositional object: a platform, an outlet, or a medium noun."""
    if tok.lower_ in ("which", "that", "whom"):
        # "a video on YouTube ... in which fighters said": the relative pronoun's antecedent
        for prev in reversed(tok.doc[max(tok.sent.start, tok.i - 12) : tok.i]):
            if prev.pos_ in ("NOUN", "PROPN") and (lemma(prev) in MEDIA_NOUNS or is_platform(prev)):
                return _medium(prev)
        return None
    if is_platform(tok):
        return tok.text
    phrase = _media_phrase(tok)
    if phrase:
        return phrase
    if lemma(tok) in MEDIA_NOUNS or tok.lower_ in MEDIA_NOUNS:
        # "an interview with the Interfax news agency", "a statement on Telegram"
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "for", "by"):
                inner = _pobj(prep)
                if inner is not None and (is_outlet_phrase(inner) or inner.ent_type_ == "ORG"):
                    return outlet_name(inner)
        for c in tok.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN" and (c.ent_type_ == "ORG" or is_platform(c)):
                return outlet_name(c)
        return medium_name(tok)
    if is_outlet_phrase(tok) and tok.pos_ == "PROPN":
        return outlet_name(tok)
    return None


def medium_name(tok: Token) -> str:
    """'a press conference' -> 'press conference'; 'an official statement' -> 'statement'."""
    words = [c.lower_ for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.pos_ == "NOUN"]
    return " ".join([*words, tok.lemma_.lower()])


def channel_from_preps(verb: Token, by: bool = False) -> str | None:
    """Channel in a verb's prepositional phrases; ``by`` also reads 'by X' ('quoted as saying by X')."""
    for child in verb.children:
        if by and child.dep_ == "prep" and child.lower_ == "by":
            obj = _pobj(child)
            if obj is not None and (is_outlet_phrase(obj) or obj.ent_type_ == "ORG"):
                return outlet_name(obj)
        if child.dep_ == "prep" and child.lower_ in _CHANNEL_PREPS:
            obj = _pobj(child)
            if obj is not None:
                found = _medium(obj)
                if found:
                    return found
        if child.dep_ == "agent":
            obj = _pobj(child)
            if obj is not None and (is_outlet_phrase(obj) or obj.ent_type_ == "ORG"):
                return outlet_name(obj)
    return None


def channel_for(cue: Token, chain: list[Token]) -> str | None:
    """The channel stated around a cue: its own prepositions first, then those of the verbs it hangs on."""
    for verb in [cue, *chain]:
        found = channel_from_preps(verb)
        if found:
            return found
        for child in verb.children:
            if child.dep_ in ("pcomp", "xcomp") and child.i != cue.i:
                found = channel_from_preps(child)
                if found:
                    return found
    for verb in [cue, *chain]:
        if verb.dep_ == "relcl" and (lemma(verb.head) in MEDIA_NOUNS or is_platform(verb.head)):
            found = _medium(verb.head)
            if found:
                return found
    if lemma(cue) in _TELL_VERBS:
        for child in cue.children:
            if child.dep_ in ("dobj", "dative") and is_outlet_phrase(child) and child.pos_ == "PROPN":
                return outlet_name(child)
            if child.dep_ in ("dobj", "dative") and child.ent_type_ == "ORG":
                return outlet_name(child)
            if child.dep_ in ("dobj", "dative") and lemma(child) in OUTLET_NOUNS and _named_by(child):
                return outlet_name(child)  # 'told Czech TV'
    return None


def _named_by(tok: Token) -> bool:
    """An outlet noun with a capitalised modifier before it: 'Czech TV', 'Radio Free Europe'."""
    return any(
        c.i < tok.i and c.dep_ in ("compound", "amod", "nmod") and c.text[:1].isupper() for c in tok.children
    )


def reporting_outlet(sent: Span, cue: Token) -> tuple[str, Token] | None:
    """'..., TASS news agency reported': an outlet reporting the sentence's statement."""
    for tok in sent:
        if tok.i == cue.i or lemma(tok) not in ("report", "say", "write", "quote", "cite", "broadcast"):
            continue
        for child in tok.children:
            if child.dep_ == "nsubj" and (is_outlet_phrase(child) or _looks_like_outlet_org(child)):
                return outlet_name(child), tok
    return None


def _looks_like_outlet_org(tok: Token) -> bool:
    start, end = noun_phrase(tok)
    text = tok.doc[start:end].text.lower()
    return tok.ent_type_ == "ORG" and any(
        w in text for w in ("news", "times", "post", "press", "tv", "radio")
    )


def addressee_from_verb(cue: Token) -> tuple[str, Token] | None:
    """'told reporters' -> reporters; an outlet is a channel, not an addressee."""
    if lemma(cue) not in _TELL_VERBS:
        return None
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            if is_outlet_phrase(child) or child.ent_type_ == "ORG" or child.lower_ in ("it", "that", "this"):
                continue
            start, end = noun_phrase(child)
            span = child.doc[start:end]
            while len(span) and span[0].dep_ in ("det", "poss") and span[0].pos_ != "PROPN":
                span = span[1:]
            return span.text, child
    return None


def addressee_from_frame(tokens: list[Token]) -> tuple[str, Token] | None:
    """'Addressing Putin personally, ...' in the words around a quote."""
    for tok in tokens:
        if lemma(tok) == "address" and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ == "dobj":
                    start, end = noun_phrase(child)
                    return child.doc[start:end].text, child
    return None


def addressee_from_quote(content: str) -> str | None:
    """A vocative inside the quote: 'This message is for you, Vladimir Putin!', 'Mr. President, ...'."""
    m = _VOCATIVE_AFTER_YOU.search(content)
    if m:
        return _HONORIFIC.sub("", m.group(1)).strip()
    m = _VOCATIVE_START.match(content)
    if m:
        words = m.group(1).split()
        if words[0].lower().rstrip(".") in {w.rstrip(".") for w in TITLE_WORDS} or _HONORIFIC.match(
            m.group(1)
        ):
            name = _HONORIFIC.sub("", m.group(1)).strip()
            return name or None
    return None


def _medium_scene(verb: Token) -> list[tuple[Token, str]]:
    medium = None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on"):
            obj = _pobj(prep)
            if obj is not None and (lemma(obj) in MEDIA_NOUNS or is_platform(obj)):
                medium = _medium(obj)
    if not medium:
        return []
    out = []
    for subj in verb.children:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        for t in subj.subtree:
            if (
                t.pos_ in ("NOUN", "PROPN")
                and t.dep_ != "compound"
                and (t.ent_type_ == "PERSON" or t.lower_ in PERSON_NOUNS)
            ):
                out.append((t, medium))
    return out


def channel_hints(doc: Doc) -> list[tuple[Token, str]]:
    """People placed in a medium before they speak: 'X took to Instagram', 'the voice of a speaker can be
    heard in the video'. (person token, channel) pairs."""
    hints = []
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_ != "take":
            hints.extend(_medium_scene(tok))
        if tok.lemma_ != "take" or tok.pos_ != "VERB":
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                obj = _pobj(prep)
                if obj is not None and is_platform(obj):
                    hints.append((subject, obj.text))
    return hints
