"""Training the cue model: L2-regularised logistic regression over candidate tokens, by L-BFGS.

Labels come from gold: a candidate token is a cue when its characters overlap a gold Cue span. Features
seen fewer than ``min_count`` times in training are dropped (so no rare word of an article is kept).
Deterministic: examples in file order, features in sorted order, full-batch L-BFGS from zero weights.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, sparse
from spacy.tokens import Doc, Span, Token

from quotegraph.config import DEFAULT_MODEL
from quotegraph.evaluate.polnear import GoldAttribution, _chars
from quotegraph.extraction.attribute import find_statements
from quotegraph.extraction.attribute.candidates import candidate_features as content_features
from quotegraph.extraction.attribute.candidates import content_candidates
from quotegraph.extraction.attribute.learned import (
    CueModel,
    candidate_features,
    quote_mask,
    statement_features,
)
from quotegraph.extraction.attribute.reported import close_quotation
from quotegraph.extraction.syntax import doc_text
from quotegraph.train.corpus import parsed_split

# A reported statement the statement model gives less than this chance of matching gold is dropped
# (chosen on a held-out fifth of PolNeAR train, see train_model's caller in the closing note).
DROP = 0.2
# The content selector fills the rules' gaps only (``fill_only``): where the rules find no content for a
# cue, its best candidate is used when it scores at least SELECT. Chosen on a held-out fifth of PolNeAR
# train (articles 0, 5, 10, ... held out, the rest trained on): F1@0.5 0.684 -> 0.690 at 0.5 with
# precision 0.815 -> 0.813 (0.691 at 0.3, precision 0.810); letting it replace the rules' span did not
# gain on dev before (0.692 -> 0.689).
SELECT = 0.5
FILL_ONLY = True


def gold_cue_tokens(doc: Doc, gold: list[GoldAttribution]) -> set[int]:
    """Indices of the head tokens of gold cue spans: the tokens of a span whose syntactic head lies
    outside it ('said' of 'was said', 'talked' of 'repeatedly talked about', 'according' of
    'according to'), so auxiliaries and particles inside a cue are not taught as cues."""
    out: set[int] = set()
    for g in gold:
        inside: set[int] = set()
        for a, b in g.cue:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                inside.update(t.i for t in span if not t.is_space)
        out.update(i for i in inside if doc[i].head.i not in inside or doc[i].head.i == i)
    return out


def examples(parsed: list[tuple[str, Doc, list[GoldAttribution]]]) -> tuple[list[list[str]], list[int]]:
    feats: list[list[str]] = []
    labels: list[int] = []
    for _, doc, gold in parsed:
        cues = gold_cue_tokens(doc, gold)
        for i, f in candidate_features(doc, quote_mask(doc)):
            feats.append(f)
            labels.append(1 if i in cues else 0)
    return feats, labels


def fit_logistic(
    feats: list[list[str]],
    labels: list[int] | list[float],
    l2: float = 4.0,
    min_count: int = 5,
    max_iter: int = 300,
    prune: float = 0.01,
) -> tuple[dict[str, float], float, dict[str, Any]]:
    """Logistic regression: (weights by feature, bias, info). The loss is the summed log loss plus
    l2/2 * |w|^2 (bias not penalised), divided by the number of examples; weights under ``prune`` go."""
    counts = Counter(f for fs in feats for f in set(fs))
    vocab = sorted(f for f, c in counts.items() if c >= min_count and f != "bias")
    index = {f: k for k, f in enumerate(vocab)}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for k in sorted({index[f] for f in fs if f in index}):
            rows.append(r)
            cols.append(k)
    n, d = len(feats), len(vocab)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, d))
    y = np.asarray(labels, dtype=np.float64)

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:d], wb[d]
        z = x @ w + b
        value = (np.logaddexp(0.0, z) - y * z).sum() / n + 0.5 * l2 * (w @ w) / n
        g = 0.5 * (1.0 + np.tanh(0.5 * z)) - y
        grad = np.empty(d + 1)
        grad[:d] = (x.T @ g) / n + l2 * w / n
        grad[d] = g.sum() / n
        return value, grad

    res = optimize.minimize(
        loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": max_iter, "gtol": 1e-7}
    )
    w = res.x
    weights = {f: round(float(w[k]), 5) for k, f in enumerate(vocab) if abs(w[k]) >= prune}
    info = {
        "examples": n,
        "positives": round(float(y.sum()), 1),
        "features": len(weights),
        "l2": l2,
        "min_count": min_count,
        "prune": prune,
        "iterations": int(res.nit),
    }
    return weights, round(float(w[d]), 5), info


def fit(feats: list[list[str]], labels: list[int], l2: float = 4.0, min_count: int = 5) -> CueModel:
    weights, bias, info = fit_logistic(feats, labels, l2=l2, min_count=min_count)
    return CueModel(weights=weights, bias=bias, meta=info)


def statement_examples(
    doc: Doc, gold: list[GoldAttribution], cue_model: CueModel
) -> tuple[list[list[str]], list[int]]:
    """The reported statements the rules build with ``cue_model``'s cues, labelled 1 when one matches a
    gold content at overlap 0.5 or more."""
    golds = [_chars(g.content) for g in gold]
    probs = cue_model.probabilities(doc, quote_mask(doc))
    feats, labels = [], []
    for f in find_statements(doc, [], cue_model=cue_model):
        if f.kind != "indirect" or f.cue is None:
            continue
        chars = set(range(f.start, f.end))
        best = max((len(chars & g) / len(chars | g) for g in golds if chars & g), default=0.0)
        feats.append(statement_features(f, probs.get(f.cue.i)))
        labels.append(1 if best >= 0.5 else 0)
    return feats, labels


@dataclass
class _Recorder(CueModel):
    """A cue model that notes every content choice the rules ask it for (with the candidates and their
    features) and keeps the rules' span, so training sees the selector's inputs as inference will."""

    seen: list[tuple[int, list[tuple[int, int, list[str]]]]] = field(default_factory=list)

    def select_content(
        self,
        cue: Token,
        sent: Span,
        rule_span: tuple[int, int] | None,
        p_cue: float | None,
        in_quote: list[bool],
    ) -> tuple[int, int] | None:
        cands = content_candidates(cue, sent, rule_span)
        self.seen.append(
            (cue.i, [(c.start, c.end, content_features(cue, sent, c, p_cue, in_quote)) for c in cands])
        )
        return rule_span


def recording(model: CueModel) -> _Recorder:
    return _Recorder(**{f.name: getattr(model, f.name) for f in fields(CueModel)})


def content_examples(
    doc: Doc, gold: list[GoldAttribution], seen: list[tuple[int, list[tuple[int, int, list[str]]]]]
) -> tuple[list[list[str]], list[float], list[int]]:
    """(features, label, cue token) per candidate content the rules asked about; the label is the
    candidate's overlap (intersection over union of characters) with the content of the gold
    attribution whose cue head is that token, 0 when the token is no gold cue."""
    text = doc_text(doc)
    by_cue: dict[int, list[set[int]]] = {}
    for g in gold:
        for i in gold_cue_tokens(doc, [g]):
            by_cue.setdefault(i, []).append(_chars(g.content))
    feats, labels, cues = [], [], []
    for cue_i, cands in seen:
        golds = by_cue.get(cue_i, [])
        for start, end, f in cands:
            a = doc[start].idx
            b = close_quotation(text, a, doc[end - 1].idx + len(doc[end - 1].text))
            chars = set(range(a, b))
            best = max((len(chars & g) / len(chars | g) for g in golds), default=0.0)
            feats.append(f)
            labels.append(best)
            cues.append(cue_i)
    return feats, labels, cues


def content_label(iou: float) -> float:
    """The selector's training target from a candidate's overlap with gold: matches at 0.8 or more count
    fully, partial matches (0.5 to 0.8) half, so it learns to prefer the closest boundaries."""
    return 1.0 if iou >= 0.8 else 0.5 if iou >= 0.5 else 0.0


@dataclass
class FoldExamples:
    """What the rules do on each article with a cue model that never saw it: the statement model's
    examples and the content selector's (features, overlap with gold, cue token)."""

    statement_feats: list[list[str]] = field(default_factory=list)
    statement_labels: list[int] = field(default_factory=list)
    content_feats: list[list[str]] = field(default_factory=list)
    content_ious: list[float] = field(default_factory=list)
    content_cues: list[tuple[int, int]] = field(default_factory=list)  # (article, token)


def out_of_fold(
    parsed: list[tuple[str, Doc, list[GoldAttribution]]],
    per_doc: list[tuple[list[list[str]], list[int]]],
    l2: float,
    min_count: int,
    keep: float,
    add: float,
    folds: int,
) -> FoldExamples:
    """Examples from each fold with a cue model trained on the other folds (so the later models learn
    from decisions like those they will see on new text, not from a cue model that has seen the article)."""
    out = FoldExamples()
    for k in range(folds):
        rest = [i for i in range(len(parsed)) if i % folds != k]
        fold_model = fit(
            [f for i in rest for f in per_doc[i][0]], [y for i in rest for y in per_doc[i][1]], l2, min_count
        )
        fold_model.keep, fold_model.add = keep, add
        for i in range(k, len(parsed), folds):
            rec = recording(fold_model)
            f, y = statement_examples(parsed[i][1], parsed[i][2], rec)
            out.statement_feats.extend(f)
            out.statement_labels.extend(y)
            cf, cy, cues = content_examples(parsed[i][1], parsed[i][2], rec.seen)
            out.content_feats.extend(cf)
            out.content_ious.extend(cy)
            out.content_cues.extend((i, c) for c in cues)
    return out


def fit_later(model: CueModel, ex: FoldExamples, drop: float, select: float, fill_only: bool) -> None:
    """The statement model and the content selector from out-of-fold examples, into ``model``."""
    weights, bias, info = fit_logistic(ex.statement_feats, ex.statement_labels, l2=1.0, min_count=3)
    model.statement_weights, model.statement_bias, model.drop = weights, bias, drop
    model.meta["statement_model"] = info
    labels = [content_label(v) for v in ex.content_ious]
    weights, bias, info = fit_logistic(ex.content_feats, labels, l2=1.0, min_count=3)
    model.content_weights, model.content_bias = weights, bias
    model.select, model.fill_only = select, fill_only
    model.meta["content_model"] = info


def train_model(
    parsed: list[tuple[str, Doc, list[GoldAttribution]]],
    l2: float = 4.0,
    min_count: int = 5,
    keep: float = 0.2,
    add: float = 0.6,
    drop: float = DROP,
    select: float = SELECT,
    fill_only: bool = FILL_ONLY,
    folds: int = 5,
) -> CueModel:
    """The cue model on every article, and (with ``folds``) the statement model and the content
    selector on what the rules do in each fold with a cue model trained on the other folds."""
    per_doc = [examples([a]) for a in parsed]
    model = fit([f for fs, _ in per_doc for f in fs], [y for _, ys in per_doc for y in ys], l2, min_count)
    model.keep, model.add = keep, add
    if folds and len(parsed) >= 2 * folds:
        ex = out_of_fold(parsed, per_doc, l2, min_count, keep, add, folds)
        fit_later(model, ex, drop, select, fill_only)
    return model


def train_attribution(
    path: str | Path,
    out: str | Path,
    model: str = DEFAULT_MODEL,
    l2: float = 4.0,
    min_count: int = 5,
    keep: float | None = None,
    add: float | None = None,
    drop: float | None = None,
    cache: str | Path | None = None,
) -> dict[str, Any]:
    """Train the cue model on a split in the PolNeAR layout and write it to ``out``; returns its meta.

    The split is parsed once and cached under the temp folder (or ``cache``), never in the repository."""
    started = time.perf_counter()
    parsed = parsed_split(path, model=model, cache=cache)
    cue_model = train_model(
        parsed,
        l2=l2,
        min_count=min_count,
        keep=0.2 if keep is None else keep,
        add=0.6 if add is None else add,
        drop=DROP if drop is None else drop,
    )
    cue_model.meta.update(articles=len(parsed))
    cue_model.save(out)  # no timings in the file: the same gold gives the same bytes
    return {**cue_model.meta, "seconds": round(time.perf_counter() - started, 1), "out": str(out)}
