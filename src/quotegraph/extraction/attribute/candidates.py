"""Content candidates of a cue, for the learned content selector.

A reported statement's content is nearly always one piece of the parse next to its cue: a clause or
object the cue governs (ccomp, dobj, xcomp, the object of its preposition), everything after it, the
sentence before it ('..., he said'), or the clause it hangs on. The rules pick one of these by shape;
the selector (``CueModel.select_content``) instead scores every candidate with features of its shape
and place and takes the best, so where the rules find nothing, or pick the wrong piece, what gold
annotators marked can still win.

A candidate is a token range inside the cue's sentence, trimmed of edge punctuation; the same range
reached by several routes is one candidate carrying every route's features.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from quotegraph.extraction.attribute.clauses import cut_trailing_aside, other_speaker_clause
from quotegraph.extraction.lexicon import ATTRIBUTION_VERBS, COGNITION_VERBS, SPEECH_VERBS
from quotegraph.extraction.syntax import SUBJECT_DEPS, lemma

_QUOTE_CHARS = frozenset('"“”«»„‟')
_CHILD_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "advcl", "dative", "acl", "conj"})
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
MAX_CANDIDATES = 24


@dataclass
class Candidate:
    start: int  # token range, end exclusive
    end: int
    routes: set[str] = field(default_factory=set)


def _trim(doc: Doc, start: int, end: int, keep_mark: bool = True) -> tuple[int, int]:
    while start < end and (
        doc[start].is_punct
        or doc[start].is_space
        or doc[start].dep_ == "cc"
        or (doc[start].dep_ == "mark" and not (keep_mark and doc[start].lower_ in _COMPLEMENTIZERS))
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _subtree_range(tok: Token, sent: Span, drop: set[int] | None = None) -> tuple[int, int] | None:
    idx = [t.i for t in tok.subtree if drop is None or t.i not in drop]
    if not idx:
        return None
    return max(min(idx), sent.start), min(max(idx) + 1, sent.end)


def _cut_other_speaker(doc: Doc, start: int, end: int, keep: int) -> int:
    """End the range before a clause in which someone else speaks ('..., while Y said ...')."""
    for t in doc[start:end]:
        if t.i > start and t.i != keep and other_speaker_clause(t):
            first = min(x.i for x in t.subtree)
            if first > start:
                end = min(end, first)
    return end


def content_candidates(cue: Token, sent: Span, rule_span: tuple[int, int] | None = None) -> list[Candidate]:
    """Every plausible content range of ``cue`` in ``sent``, with the routes that reach it."""
    doc = cue.doc
    cue_sub = {t.i for t in cue.subtree}
    subject = next((c for c in cue.children if c.dep_ in SUBJECT_DEPS), None)
    subj_sub = {t.i for t in subject.subtree} if subject is not None else set()
    raw: list[tuple[str, tuple[int, int] | None]] = []
    for c in cue.children:
        if c.dep_ in _CHILD_DEPS:
            raw.append(("sub:" + c.dep_, _subtree_range(c, sent)))
        elif c.dep_ == "prep":
            raw.append(("prep:" + c.lower_, _subtree_range(c, sent)))
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    raw.append(("pobj:" + c.lower_, _subtree_range(g, sent)))
        if c.dep_ == "xcomp":
            for g in c.children:
                if g.dep_ == "ccomp":  # "wanted to say that ...": the inner clause
                    raw.append(("xccomp", _subtree_range(g, sent)))
    rights = [c for c in cue.rights if c.dep_ not in ("punct", "cc") and c.i not in subj_sub]
    if rights:
        raw.append(
            ("rights", (min(t.i for t in rights[0].subtree), max(t.i for t in rights[-1].subtree) + 1))
        )
    raw.append(("after", (cue.i + 1, sent.end)))
    left_end = min([cue.i, *subj_sub]) if subj_sub and min(subj_sub) < cue.i else cue.i
    raw.append(("before", (sent.start, left_end)))
    head = cue.head
    if head.i != cue.i and sent.start <= head.i < sent.end:
        raw.append(("head:" + cue.dep_, _subtree_range(head, sent, drop=cue_sub)))
        if head.pos_ in ("NOUN", "PROPN") and cue.dep_ in ("acl", "relcl"):
            raw.append(("headnp", (min(t.i for t in head.subtree), cue.i)))
    if rule_span is not None:
        raw.append(("rule", rule_span))
    merged: dict[tuple[int, int], Candidate] = {}
    for route, rng in raw:
        if rng is None:
            continue
        start, end = max(rng[0], sent.start), min(rng[1], sent.end)
        if route != "rule" and start <= cue.i < end:
            # the range holds the cue: keep the larger side of it
            left, right = (start, cue.i), (cue.i + 1, end)
            if subj_sub and min(subj_sub) > start:
                left = (start, min(min(subj_sub), cue.i))
            start, end = left if left[1] - left[0] > right[1] - right[0] else right
        variants = []
        s, e = _trim(doc, start, _cut_other_speaker(doc, start, end, cue.i))
        variants.append((s, e, ""))
        cut = cut_trailing_aside(doc, s, e)
        if cut < e:
            variants.append((*_trim(doc, s, cut), "+aside"))
        if s < e and doc[s].lower_ in _COMPLEMENTIZERS and doc[s].dep_ == "mark":
            variants.append((*_trim(doc, s + 1, e), "+nomark"))
        for vs, ve, tag in variants:
            if ve - vs < 1 or (ve - vs < 2 and doc[vs].pos_ in ("PRON", "DET", "ADP")):
                continue
            if vs <= cue.i < ve and route != "rule":
                continue
            cand = merged.setdefault((vs, ve), Candidate(vs, ve))
            cand.routes.add(route + tag)
    out = sorted(merged.values(), key=lambda c: (c.start, c.end))
    return out[:MAX_CANDIDATES]


def _bucket(n: int) -> str:
    for edge in (1, 2, 4, 8, 16, 32, 64):
        if n <= edge:
            return str(edge)
    return "more"


def _lex(cue: Token) -> str:
    lem = lemma(cue)
    return (
        ("s" if lem in SPEECH_VERBS else "")
        + ("a" if lem in ATTRIBUTION_VERBS else "")
        + ("c" if lem in COGNITION_VERBS else "")
    ) or "-"


def candidate_features(
    cue: Token, sent: Span, cand: Candidate, p_cue: float | None, in_quote: list[bool]
) -> list[str]:
    """Strings describing one candidate against its cue: routes, size, side, edges, quotes."""
    doc = cue.doc
    span = doc[cand.start : cand.end]
    root = span.root
    first, last = doc[cand.start], doc[cand.end - 1]
    lem = lemma(cue)
    lex = _lex(cue)
    side = "after" if cand.start > cue.i else "before" if cand.end <= cue.i else "around"
    gap = cand.start - cue.i - 1 if side == "after" else cue.i - cand.end if side == "before" else 0
    n = _bucket(len(span))
    quoted = sum(1 for t in span if in_quote[t.i])
    q = "none" if not quoted else "all" if quoted == len(span) else "some"
    nxt = doc[cand.end] if cand.end < len(doc) else None
    at_end = cand.end >= sent.end or (nxt is not None and nxt.is_punct and nxt.text in ".!?")
    at_start = cand.start <= sent.start or all(t.is_punct or t.is_space for t in doc[sent.start : cand.start])
    whole = at_start and at_end
    pc = "none" if p_cue is None else str(min(9, int(p_cue * 10)))
    verbs = sum(1 for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"))
    speech_inside = any(lemma(t) in SPEECH_VERBS and t.pos_ == "VERB" for t in span if t.i != cue.i)
    feats = [
        "bias",
        "n=" + n,
        "side=" + side,
        "gap=" + _bucket(gap),
        "rd=" + root.dep_,
        "rp=" + root.pos_,
        "rh=" + ("cue" if root.head.i == cue.i else "other"),
        "f0=" + (first.lower_ if first.is_stop or first.is_punct else first.pos_),
        "fl=" + (last.lower_ if last.is_stop or last.is_punct else last.pos_),
        "nx=" + (nxt.text if nxt is not None and nxt.is_punct else "w" if nxt is not None else "eod"),
        "ends=" + str(at_end),
        "starts=" + str(at_start),
        "whole=" + str(whole),
        "q=" + q,
        "v=" + _bucket(verbs),
        "sp=" + str(speech_inside),
        "pc=" + pc,
        "cp=" + cue.pos_,
        "cd=" + cue.dep_,
        "lx=" + lex,
        "sn=" + side + "|" + n,
        "lside=" + lem + "|" + side,
        "lrd=" + lem + "|" + root.dep_,
        "rule=" + str("rule" in cand.routes),
        "nroutes=" + str(min(len(cand.routes), 4)),
    ]
    for r in sorted(cand.routes):
        base = r.split("+", 1)[0].split(":", 1)[0]
        feats.extend(
            (
                "r=" + r,
                "rb=" + base,
                "rlx=" + r + "|" + lex,
                "rl=" + r + "|" + lem,
                "rn=" + base + "|" + n,
                "rcd=" + base + "|" + cue.dep_,
                "rq=" + base + "|" + q,
                "re=" + base + "|" + str(at_end),
            )
        )
    return feats
