"""Clause shapes shared by the reported-speech rules and the content candidates: where another
speaker's clause begins, and the reporter's trailing asides, both of which end a content."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotegraph.extraction.lexicon import PERSON_NOUNS, SPEECH_VERBS
from quotegraph.extraction.syntax import lemma


def is_nested_attribution(tok: Token) -> bool:
    """A clause that carries its own speaker: an active speech verb with a subject, or 'according to'."""
    return (
        lemma(tok) in SPEECH_VERBS and tok.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in tok.children)
    ) or (tok.lower_ == "according")


_PERSONAL = frozenset({"he", "she", "they", "we", "i"})


def other_speaker_clause(tok: Token) -> bool:
    """'..., while Y said ...': a coordinated or adverbial clause in which someone else speaks, which
    ends the first statement. A clause whose subject is not a speaker ('the footage did not show') or
    that explains ('because Republicans had asked') stays inside."""
    if tok.dep_ not in ("advcl", "conj") or not is_nested_attribution(tok):
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    speakerish = (
        subject.pos_ == "PROPN"
        or subject.ent_type_ in ("PERSON", "ORG", "NORP")
        or subject.lower_ in PERSON_NOUNS
        or subject.lower_ in _PERSONAL
    )
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
    return speakerish and not (marks & {"because", "since", "if", "that", "as", "so"})


_ASIDE_DEPS = frozenset({"relcl", "appos", "advcl", "acl", "npadvmod"})


def cut_trailing_aside(doc: Doc, start: int, end: int) -> int:
    """Drop a comma-led aside that closes the content: ', which forced her to leave', ', the presumed
    favorite', ', arguing that ...' are the reporter's additions, not the statement."""
    in_quote = doc._.qg_in_quote
    for t in doc[start:end]:
        if t.dep_ not in _ASIDE_DEPS or t.i <= start:
            continue
        sub = [x.i for x in t.subtree]
        first, last = min(sub), max(sub)
        if last + 1 < end and not doc[last + 1 : end].text.strip(" .,;\n\"”’'"):
            last = end - 1
        if in_quote is not None and in_quote[t.i]:
            continue  # inside a quotation it is the speaker's own words, not the reporter's aside
        if last + 1 >= end and first - 1 > start and doc[first - 1].text in (",", "--", "—", "–"):
            is_aside = t.dep_ != "advcl" or t.tag_ == "VBG"
            if is_aside and (t.dep_ != "relcl" or doc[first].lower_ in ("which", "who", "whom", "whose")):
                return first - 1
    return end
