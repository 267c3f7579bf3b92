"""Training the cue model: L2-regularised logistic regression over candidate tokens, by L-BFGS.

Labels come from gold: a candidate token is a cue when its characters overlap a gold Cue span. Features
seen fewer than ``min_count`` times in training are dropped (so no rare word of an article is kept).
Deterministic: examples in file order, features in sorted order, full-batch L-BFGS from zero weights.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, sparse
from spacy.tokens import Doc

from quotegraph.config import DEFAULT_MODEL
from quotegraph.evaluate.polnear import GoldAttribution, _chars
from quotegraph.extraction.attribute import find_statements
from quotegraph.extraction.attribute.learned import (
    CueModel,
    candidate_features,
    quote_mask,
    statement_features,
)
from quotegraph.train.corpus import parsed_split

# A reported statement the statement model gives less than this chance of matching gold is dropped
# (chosen on a held-out fifth of PolNeAR train, see train_model's caller in the closing note).
DROP = 0.2


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
    labels: list[int],
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
        "positives": int(y.sum()),
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


def train_model(
    parsed: list[tuple[str, Doc, list[GoldAttribution]]],
    l2: float = 4.0,
    min_count: int = 5,
    keep: float = 0.2,
    add: float = 0.6,
    drop: float = DROP,
    folds: int = 5,
) -> CueModel:
    """The cue model on every article, and (with ``folds``) the statement model on the statements the
    rules build in each fold with a cue model trained on the other folds (so it learns from decisions
    like those it will see on new text, not from a cue model that has seen the article)."""
    per_doc = [examples([a]) for a in parsed]
    model = fit([f for fs, _ in per_doc for f in fs], [y for _, ys in per_doc for y in ys], l2, min_count)
    model.keep, model.add = keep, add
    if folds and len(parsed) >= 2 * folds:
        sf: list[list[str]] = []
        sy: list[int] = []
        for k in range(folds):
            rest = [i for i in range(len(parsed)) if i % folds != k]
            fold_model = fit(
                [f for i in rest for f in per_doc[i][0]],
                [y for i in rest for y in per_doc[i][1]],
                l2,
                min_count,
            )
            fold_model.keep, fold_model.add = keep, add
            for i in range(k, len(parsed), folds):
                f, y = statement_examples(parsed[i][1], parsed[i][2], fold_model)
                sf.extend(f)
                sy.extend(y)
        weights, bias, info = fit_logistic(sf, sy, l2=1.0, min_count=3)
        model.statement_weights, model.statement_bias, model.drop = weights, bias, drop
        model.meta["statement_model"] = info
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
