"""End-to-end scores of extraction on already parsed gold articles (as ``evaluate polnear`` counts them).

Used to choose the cue model's thresholds on held-out training articles without parsing them again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.tokens import Doc

from quotegraph.evaluate.polnear import THRESHOLDS, GoldAttribution, _chars, attribution_units, match
from quotegraph.extraction.attribute.learned import CueModel
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument


def score_parsed(
    parsed: list[tuple[str, Doc, list[GoldAttribution]]], extractor: Extractor, cue_model: CueModel | None
) -> dict[str, Any]:
    """Precision, recall and F1 at each overlap threshold and speaker overlap, for one cue model."""
    saved = extractor.cue_model
    extractor.cue_model = cue_model
    counts = {t: Counter() for t in THRESHOLDS}
    speaker = Counter()
    try:
        for name, doc, gold in parsed:
            doc.user_data.pop("qg_deadline", None)
            article = extractor.clean(RawDocument(source=name, text=doc.text))
            result = extractor.from_doc(article, doc)
            units = attribution_units(result.to_dict()["statements"], result.article.text)
            pred = [u["chars"] for u in units]
            gsets = [_chars(g.content) for g in gold]
            for t in THRESHOLDS:
                pairs = match(pred, gsets, t)
                counts[t].update(tp=len(pairs), pred=len(pred), gold=len(gsets))
                if t == 0.5:
                    for i, j in pairs:
                        if gold[j].source:
                            speaker["total"] += 1
                            sp = units[i]["speaker"]
                            if sp and set(range(sp["start"], sp["end"])) & _chars(gold[j].source):
                                speaker["overlap"] += 1
    finally:
        extractor.cue_model = saved
    out: dict[str, Any] = {}
    for t in THRESHOLDS:
        c = counts[t]
        p = c["tp"] / c["pred"] if c["pred"] else 0.0
        r = c["tp"] / c["gold"] if c["gold"] else 0.0
        out[t] = {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}
    out["speaker"] = round(speaker["overlap"] / (speaker["total"] or 1), 4)
    return out
