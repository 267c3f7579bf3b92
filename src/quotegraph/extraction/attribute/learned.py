"""The learned part of attribution: a cue classifier over parse features, combined with the lexicons.

Every verb, auxiliary and noun outside a quotation (and "according" of "according to") is a candidate
cue. Its features are strings built from the parse around it: lemma, tag, dependency, head, children's
dependencies and the words that head them, the subject's kind (entity type, pronoun, person noun),
quotation marks in the sentence, the neighbouring words and the lexicon lists it is in. A logistic
regression (trained by ``quotegraph train attribution`` on gold in the PolNeAR layout) scores it.

The rules stay the machinery that finds the source and the content; the model decides which tokens
they run on (see ``CueModel.decide``): a lexicon cue is kept unless the model objects strongly
(probability under ``keep``), and a token outside the lexicons becomes a cue when the model is
confident (probability at least ``add``). A second logistic regression, the statement model, then
scores each reported statement the rules built (its cue, the size and shape of its content, where it
lies against the cue, the speaker's kind, the cue probability) and drops it under ``drop``: trained
on the statements the rules build in each fifth of the training split with a cue model trained on the
other four fifths, labelled by whether they match a gold content at overlap 0.5.

Parameters are a JSON file ``cue_model.json`` in a model folder: feature strings and their weights,
the thresholds, and counts of what it was trained on; no article text. The packaged default lives in
``quotegraph/data/attribution/``.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from quotegraph.errors import ModelError
from quotegraph.extraction.attribute.candidates import Candidate, content_candidates
from quotegraph.extraction.attribute.candidates import candidate_features as content_features
from quotegraph.extraction.attribute.found import Found
from quotegraph.extraction.lexicon import (
    ATTRIBUTION_VERBS,
    COGNITION_VERBS,
    MEDIA_NOUNS,
    PERSON_NOUNS,
    SPEECH_VERBS,
)
from quotegraph.extraction.syntax import lemma, subject_of

MODEL_FILE = "cue_model.json"
FORMAT = "quotegraph-cue-model/1"
DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "attribution"
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN"})
_QUOTE_CHARS = frozenset('"“”«»„‟')
_CHILD_WORD_DEPS = frozenset({"prep", "mark", "agent", "dative", "prt", "neg", "aux", "auxpass"})


def is_candidate(tok: Token) -> bool:
    if tok.pos_ in CANDIDATE_POS:
        return True
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def _subject_kind(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return "pron:" + subj.lower_
    if subj.ent_type_:
        return "ent:" + subj.ent_type_
    if subj.lower_ in PERSON_NOUNS or lemma(subj) in PERSON_NOUNS:
        return "person"
    if lemma(subj) in MEDIA_NOUNS:
        return "media"
    return "pos:" + subj.pos_


def cue_features(tok: Token, quote_in_sentence: bool, near_quote: bool) -> list[str]:
    """The feature strings of one candidate token (cheap: attributes of the token and its neighbours)."""
    doc = tok.doc
    lem = lemma(tok)
    dep = tok.dep_
    head = tok.head
    deps = sorted({c.dep_ for c in tok.children})
    subj_kind = _subject_kind(subject_of(tok))
    clause = "ccomp" in deps or "xcomp" in deps
    lex = (
        ("s" if lem in SPEECH_VERBS else "")
        + ("a" if lem in ATTRIBUTION_VERBS else "")
        + ("c" if lem in COGNITION_VERBS else "")
    ) or "-"
    feats = [
        "bias",
        "l=" + lem,
        "p=" + tok.pos_,
        "t=" + tok.tag_,
        "d=" + dep,
        "ld=" + lem + "|" + dep,
        "lp=" + lem + "|" + tok.pos_,
        "hl=" + lemma(head),
        "hd=" + head.dep_,
        "hp=" + head.pos_,
        "dh=" + dep + "|" + lemma(head),
        "s=" + subj_kind,
        "ls=" + lem + "|" + subj_kind.split(":", 1)[0],
        "lc=" + lem + "|" + str(clause),
        "lx=" + lex,
        "lxs=" + lex + "|" + subj_kind.split(":", 1)[0] + "|" + str(clause),
        "q=" + str(quote_in_sentence) + str(near_quote),
        "lq=" + lem + "|" + str(near_quote),
    ]
    feats.extend("c=" + d for d in deps)
    feats.extend("lcd=" + lem + "|" + d for d in deps)
    for c in tok.children:
        if c.dep_ in _CHILD_WORD_DEPS:
            feats.append("cw=" + c.dep_ + "|" + c.lower_)
            if c.dep_ in ("prep", "mark", "agent"):
                feats.append("lcw=" + lem + "|" + c.lower_)
    i = tok.i
    prev = doc[i - 1].lower_ if i > 0 else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else "</s>"
    nxt2 = doc[i + 2].lower_ if i + 2 < len(doc) else "</s>"
    feats.extend(("w-1=" + prev, "w+1=" + nxt, "w+12=" + nxt + "|" + nxt2))
    return feats


def candidate_features(doc: Doc, in_quote: list[bool]) -> list[tuple[int, list[str]]]:
    """(token index, features) for every candidate cue outside quotations."""
    out = []
    for sent in doc.sents:
        quote_in_sentence = any(in_quote[t.i] for t in sent) or any(ch in _QUOTE_CHARS for ch in sent.text)
        for tok in sent:
            if in_quote[tok.i] or not is_candidate(tok):
                continue
            lo, hi = max(sent.start, tok.i - 3), min(sent.end, tok.i + 4)
            near_quote = any(in_quote[k] for k in range(lo, hi))
            out.append((tok.i, cue_features(tok, quote_in_sentence, near_quote)))
    return out


def _bucket(n: int) -> str:
    for edge in (2, 4, 8, 16, 32, 64):
        if n <= edge:
            return str(edge)
    return "more"


def statement_features(f: Found, p_cue: float | None) -> list[str]:
    """Features of a reported statement the rules built: its cue, the shape and size of its content,
    where the content lies against the cue, the speaker's kind and the cue model's probability."""
    cue = f.cue
    assert cue is not None
    doc = cue.doc
    content = doc.char_span(f.start, f.end, alignment_mode="expand")
    if content is None or not len(content):
        return ["bias", "empty"]
    root = content.root
    first = content[0]
    side = "after" if content.start > cue.i else "before" if content.end <= cue.i else "around"
    n = _bucket(len(content))
    sent = cue.sent
    tail = doc[content.end] if content.end < len(doc) else None
    ends = content.end >= sent.end or (tail is not None and tail.is_punct and tail.text in ".!?")
    lem = f.cue_lemma or lemma(cue)
    pc = "none" if p_cue is None else str(min(9, int(p_cue * 10)))
    return [
        "bias",
        "k=" + f.kind,
        "n=" + n,
        "cl=" + lem,
        "cd=" + cue.dep_,
        "ct=" + cue.tag_,
        "rd=" + root.dep_,
        "rp=" + root.pos_,
        "rdn=" + root.dep_ + "|" + n,
        "f0=" + (first.lower_ if first.is_stop else first.pos_),
        "side=" + side,
        "cls=" + lem + "|" + side,
        "ends=" + str(ends),
        "q=" + str(any(ch in content.text for ch in _QUOTE_CHARS)),
        "conf=" + str(f.confidence),
        "sk=" + _subject_kind(f.speaker),
        "pc=" + pc,
        "pcn=" + pc + "|" + n,
    ]


class CueProbabilities:
    """The cue probability of a token, computed on first use: attribution asks only about the tokens its
    rules consider (verbs, 'according to'), so most candidates' features are never built. The features
    are candidate_features' own, so a probability is the same whichever way it is computed."""

    def __init__(self, model: CueModel, doc: Doc, in_quote: list[bool]) -> None:
        self.model, self.doc, self.in_quote = model, doc, in_quote
        self._cache: dict[int, float | None] = {}
        self._sents = list(doc.sents)
        self._sent_of = [0] * len(doc)
        for k, sent in enumerate(self._sents):
            for j in range(sent.start, sent.end):
                self._sent_of[j] = k
        self._quoted_sentences: dict[int, bool] = {}

    def get(self, i: int) -> float | None:
        if i not in self._cache:
            self._cache[i] = self._compute(i)
        return self._cache[i]

    def _compute(self, i: int) -> float | None:
        tok, in_quote = self.doc[i], self.in_quote
        if in_quote[i] or not is_candidate(tok):
            return None
        sent = self._sents[self._sent_of[i]]
        quoted = self._quoted_sentences.get(sent.start)
        if quoted is None:
            quoted = any(in_quote[t.i] for t in sent) or any(ch in _QUOTE_CHARS for ch in sent.text)
            self._quoted_sentences[sent.start] = quoted
        lo, hi = max(sent.start, i - 3), min(sent.end, i + 4)
        near_quote = any(in_quote[k] for k in range(lo, hi))
        return self.model.probability(cue_features(tok, quoted, near_quote))


def _logistic(bias: float, weights: dict[str, float], feats: Iterable[str]) -> float:
    """One logistic unit: the cue, statement and content models differ only in their weights."""
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass
class CueModel:
    weights: dict[str, float]
    bias: float = 0.0
    keep: float = 0.2  # a lexicon cue under this probability is dropped
    add: float = 0.6  # a token outside the lexicons at or over this probability is a cue
    meta: dict[str, Any] = field(default_factory=dict)
    # the statement model: a reported statement under ``drop`` probability of matching gold is dropped
    statement_weights: dict[str, float] = field(default_factory=dict)
    statement_bias: float = 0.0
    drop: float = 0.0
    # the content selector: a candidate content's chance of being the gold one; ``select`` is the
    # least score at which the selector's best candidate is used, ``fill_only`` keeps the rules' span
    # whenever they found one (the selector then only fills their gaps)
    content_weights: dict[str, float] = field(default_factory=dict)
    content_bias: float = 0.0
    select: float = 1.0
    fill_only: bool = True

    def probability(self, feats: list[str]) -> float:
        return _logistic(self.bias, self.weights, feats)

    def statement_probability(self, f: Found, p_cue: float | None) -> float:
        return _logistic(self.statement_bias, self.statement_weights, statement_features(f, p_cue))

    def keep_statement(self, f: Found, p_cue: float | None) -> bool:
        if not self.statement_weights or f.cue is None:
            return True
        return self.statement_probability(f, p_cue) >= self.drop

    def content_score(self, feats: list[str]) -> float:
        return _logistic(self.content_bias, self.content_weights, feats)

    def ranked_contents(
        self,
        cue: Token,
        sent: Any,
        rule_span: tuple[int, int] | None,
        p_cue: float | None,
        in_quote: list[bool],
    ) -> list[tuple[float, Candidate]]:
        """The cue's candidate contents with their scores, best first (ties: the earlier, shorter one)."""
        cands = content_candidates(cue, sent, rule_span)
        scored = [(self.content_score(content_features(cue, sent, c, p_cue, in_quote)), c) for c in cands]
        scored.sort(key=lambda sc: (-sc[0], sc[1].start, sc[1].end))
        return scored

    def select_content(
        self,
        cue: Token,
        sent: Any,
        rule_span: tuple[int, int] | None,
        p_cue: float | None,
        in_quote: list[bool],
    ) -> tuple[int, int] | None:
        """The one combination of rules and selector for a reported cue's content: without selector
        weights, or in ``fill_only`` mode when the rules found a span, the rules' span; otherwise the
        best candidate when it scores at least ``select``, else the rules' span (None when none)."""
        if not self.content_weights or (self.fill_only and rule_span is not None):
            return rule_span
        ranked = self.ranked_contents(cue, sent, rule_span, p_cue, in_quote)
        if ranked and ranked[0][0] >= self.select:
            return ranked[0][1].start, ranked[0][1].end
        return rule_span

    def probabilities(self, doc: Doc, in_quote: list[bool]) -> CueProbabilities:
        """Cue probabilities of a document's candidate tokens, by token index, computed when first asked."""
        return CueProbabilities(self, doc, in_quote)

    def decide(self, p: float | None, in_lexicon: bool) -> bool:
        """The one combination rule: the lexicon proposes, the model may veto it or add to it."""
        if p is None:
            return in_lexicon
        return p >= self.keep if in_lexicon else p >= self.add

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "bias": self.bias,
            "thresholds": {
                "keep": self.keep,
                "add": self.add,
                "drop": self.drop,
                "select": self.select,
                "fill_only": self.fill_only,
            },
            "meta": self.meta,
            "statement_bias": self.statement_bias,
            "statement_weights": dict(sorted(self.statement_weights.items())),
            "weights": dict(sorted(self.weights.items())),
            "content_bias": self.content_bias,
            "content_weights": dict(sorted(self.content_weights.items())),
        }

    def save(self, folder: str | Path) -> Path:
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        path = out / MODEL_FILE
        path.write_text(json.dumps(self.to_dict(), indent=0, sort_keys=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, folder: str | Path) -> CueModel:
        path = Path(folder)
        if path.is_dir():
            path = path / MODEL_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load attribution model {str(folder)!r}: {exc}") from None
        if data.get("format") != FORMAT:
            raise ModelError(f"{path}: not a quotegraph cue model (format {data.get('format')!r})")
        th = data.get("thresholds", {})
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data.get("bias", 0.0)),
            keep=float(th.get("keep", 0.2)),
            add=float(th.get("add", 0.6)),
            meta=data.get("meta", {}),
            statement_weights={str(k): float(v) for k, v in data.get("statement_weights", {}).items()},
            statement_bias=float(data.get("statement_bias", 0.0)),
            drop=float(th.get("drop", 0.0)),
            content_weights={str(k): float(v) for k, v in data.get("content_weights", {}).items()},
            content_bias=float(data.get("content_bias", 0.0)),
            select=float(th.get("select", 1.0)),
            fill_only=bool(th.get("fill_only", True)),
        )


@functools.lru_cache(maxsize=8)
def _load_cached(folder: str) -> CueModel:
    return CueModel.load(folder)


def load_cue_model(spec: str | Path | None = "default") -> CueModel | None:
    """The cue model an option names: 'default' (the packaged one), 'none' (rules only) or a folder."""
    if spec is None or str(spec).lower() in ("none", "rules", ""):
        return None
    folder = DEFAULT_DIR if str(spec) == "default" else Path(spec)
    return _load_cached(str(folder.resolve()))


def quote_mask(doc: Doc) -> list[bool]:
    """Which tokens lie inside a quotation, as find_statements marks them."""
    from quotegraph.extraction.attribute.quotes import find_quotes
    from quotegraph.extraction.syntax import doc_text, tokens_in

    mask = [False] * len(doc)
    for q in find_quotes(doc_text(doc)):
        for t in tokens_in(doc, q.open_at, q.outer_end):
            mask[t.i] = True
    return mask
