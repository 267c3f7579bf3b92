"""The act of each statement: ``speech`` (put into words), ``thought`` (an internal state of its source) or
``finding`` (what a document, study, poll or data set shows).

Decided from the cue and the head of the source phrase, after attribution has found both: a thought cue
("believes", "wants", "fears") makes a thought; evidence as the source ("the poll", "a study", "the data")
makes a finding, except a report or review that "said" something, which speaks for its authors. A quotation
is speech unless its cue is a thought ('he thought: "..."'); a quote continuing another has its act.
"""

from __future__ import annotations

from spacy.tokens import Token

from quotegraph.extraction.attribute.found import Found
from quotegraph.extraction.lexicon import (
    EVIDENCE_NOUNS,
    FINDING_CUES,
    ISSUED_EVIDENCE,
    ISSUER_DOCUMENTS,
    THOUGHT_CUES,
)
from quotegraph.extraction.syntax import lemma

ACTS = ("speech", "thought", "finding")


def _is_evidence(tok: Token | None) -> tuple[bool, bool]:
    """(evidence, issued): the source is evidence, and evidence that can also speak for its issuer."""
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False, False
    word = tok.lower_
    if word in EVIDENCE_NOUNS or lemma(tok) in EVIDENCE_NOUNS:
        return True, word in ISSUED_EVIDENCE or lemma(tok) in ISSUED_EVIDENCE
    return False, False


def act_of(found: Found) -> str:
    """The act of one statement; a cue-less continuation takes the act of the statement it continues
    (followed back iteratively: a chain of continuations can loop, and must not recurse forever)."""
    seen: set[int] = set()
    while found.cue is None and found.inherit is not None and id(found) not in seen:
        seen.add(id(found))
        found = found.inherit
    cue = found.cue_lemma or (lemma(found.cue) if found.cue is not None else "")
    if cue in THOUGHT_CUES:
        return "thought"
    evidence, issued = _is_evidence(found.speaker)
    if evidence and (not issued or cue in FINDING_CUES):
        return "finding"
    return "speech"


def issuer_of(tok: Token) -> Token | None:
    """Who a document speaks for, where the phrase names them: 'a study by the Lister Institute',
    'a statement from the ministry', 'the ministry's statement' -> the named issuer's head token."""
    if tok.pos_ not in ("NOUN", "PROPN") or not (
        lemma(tok) in ISSUER_DOCUMENTS or tok.lower_ in ISSUER_DOCUMENTS
    ):
        return None
    for child in tok.children:
        if child.dep_ == "poss" and child.ent_type_ in _ISSUER_TYPES:
            return child
    for child in tok.subtree:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("by", "from")
            and child.head.i == tok.i
            or (child.dep_ == "agent" and child.head.head.i == tok.i)
        ):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in _ISSUER_TYPES:
                    return obj
    return None


_ISSUER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def set_acts(found: list[Found]) -> None:
    """The act of every statement; then a document with a named issuer gives way to the issuer as speaker."""
    for f in found:
        f.act = act_of(f)
    for f in found:
        if f.speaker is not None:
            issuer = issuer_of(f.speaker)
            if issuer is not None:
                f.channel = f.channel or lemma(f.speaker)
                f.speaker = issuer
