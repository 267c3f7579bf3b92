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
from quotegraph.evaluate.polnear import GoldAttribution
from quotegraph.extract.attribute.learned import CueModel, candidate_features, quote_mask
from quotegraph.train.corpus import parsed_split


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


def fit(
    feats: list[list[str]],
    labels: list[int],
    l2: float = 4.0,
    min_count: int = 5,
    max_iter: int = 300,
    prune: float = 0.01,
) -> CueModel:
    """Logistic regression; the loss is the mean log loss plus l2/2 * |w|^2 / n (bias not penalised)."""
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
        # log(1 + e^z) - y z, stably
        lz = np.logaddexp(0.0, z)
        value = (lz - y * z).sum() / n + 0.5 * l2 * (w @ w) / n
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        g = p - y
        grad = np.empty(d + 1)
        grad[:d] = (x.T @ g) / n + l2 * w / n
        grad[d] = g.sum() / n
        return value, grad

    res = optimize.minimize(
        loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": max_iter, "gtol": 1e-7}
    )
    w = res.x
    weights = {f: round(float(w[k]), 5) for k, f in enumerate(vocab) if abs(w[k]) >= prune}
    return CueModel(
        weights=weights,
        bias=round(float(w[d]), 5),
        meta={
            "examples": n,
            "positives": int(y.sum()),
            "features": len(weights),
            "l2": l2,
            "min_count": min_count,
            "prune": prune,
            "iterations": int(res.nit),
        },
    )


def train_attribution(
    path: str | Path,
    out: str | Path,
    model: str = DEFAULT_MODEL,
    l2: float = 4.0,
    min_count: int = 5,
    keep: float | None = None,
    add: float | None = None,
    cache: str | Path | None = None,
) -> dict[str, Any]:
    """Train the cue model on a split in the PolNeAR layout and write it to ``out``; returns its meta.

    The split is parsed once and cached under the temp folder (or ``cache``), never in the repository."""
    started = time.perf_counter()
    parsed = parsed_split(path, model=model, cache=cache)
    feats, labels = examples(parsed)
    cue_model = fit(feats, labels, l2=l2, min_count=min_count)
    if keep is not None:
        cue_model.keep = keep
    if add is not None:
        cue_model.add = add
    cue_model.meta.update(articles=len(parsed))
    cue_model.save(out)  # no timings in the file: the same gold gives the same bytes
    return {**cue_model.meta, "seconds": round(time.perf_counter() - started, 1), "out": str(out)}
