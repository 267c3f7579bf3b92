"""Where recall is lost: each gold attribution of a split with no overlapping prediction, by the stage
that lost its cue (not a candidate, scored under the model's bar, no subject, no content, dropped later).

    python scripts/attribution_recall_buckets.py ../shared/data/polnear/dev"""

import sys
from collections import Counter

from quotegraph.evaluate.polnear import _chars, attribution_units
from quotegraph.extraction.attribute.learned import is_candidate, load_cue_model, quote_mask
from quotegraph.extraction.attribute.reported import _content_root, is_source
from quotegraph.extraction.lexicon import ATTRIBUTION_VERBS, COGNITION_VERBS, FINDING_CUES, SPEECH_VERBS
from quotegraph.extraction.pipeline import Extractor
from quotegraph.extraction.syntax import lemma, subject_of
from quotegraph.model import RawDocument
from quotegraph.train.attribution import gold_cue_tokens
from quotegraph.train.corpus import parsed_split

split = sys.argv[1]
parsed = parsed_split(split)
model = load_cue_model("default")
ex = Extractor(keep_text=True, attribution_model=model)
buckets = Counter()
examples = {}
nogold = Counter()
for name, doc, gold in parsed:
    doc.user_data.pop("qg_deadline", None)
    art = ex.clean(RawDocument(source=name, text=doc.text))
    res = ex.from_doc(art, doc)
    units = attribution_units(res.to_dict()["statements"], res.article.text)
    pred_cues = set()
    for u in units:
        if u["cue"]:
            pred_cues.update(range(u["cue"]["start"], u["cue"]["end"]))
    iq = quote_mask(doc)
    probs = model.probabilities(doc, iq)
    for g in gold:
        gs = _chars(g.content)
        if any(u["chars"] & gs for u in units):
            continue
        quoted = any(doc.text[a] in '"“”' or doc.text[a : a + 2] in ("''", "``") for a, _ in g.content)
        heads = sorted(gold_cue_tokens(doc, [g]))
        if not g.cue:
            key = "no gold cue"
        elif not heads:
            key = "cue not aligned"
        else:
            t = doc[heads[0]]
            lem = lemma(t)
            lex = (
                lem in SPEECH_VERBS
                or lem in ATTRIBUTION_VERBS
                or lem in COGNITION_VERBS
                or lem in FINDING_CUES
            )
            if _chars(g.cue) & pred_cues:
                key = "cue predicted, content elsewhere"
            elif iq[t.i]:
                key = "cue inside quote"
            elif not is_candidate(t):
                key = f"not candidate pos={t.pos_}"
            else:
                p = probs.get(t.i)
                pos = "NOUN" if t.pos_ == "NOUN" else "VERB"
                if not model.decide(p, lex):
                    key = f"{pos} {'lex' if lex else 'nolex'} p<{'keep' if lex else 'add'}"
                else:
                    subj = subject_of(t)
                    if pos == "NOUN":
                        key = "NOUN decided, no noun_cue"
                    elif subj is None:
                        key = "VERB decided, no subject"
                    elif not is_source(subj):
                        key = (
                            "VERB decided, subject not source"
                            if _content_root(t) is None
                            else "VERB decided, root, dropped later"
                        )
                    elif _content_root(t) is None:
                        key = "VERB decided, no content root"
                    else:
                        key = "VERB decided, root, dropped later"
        key = ("quoted " if quoted else "unquoted ") + key
        buckets[key] += 1
        examples.setdefault(key, []).append((name, doc.text[g.cue[0][0] : g.cue[0][1]] if g.cue else ""))
total = sum(buckets.values())
print("missed with no overlapping prediction:", total)
for k, v in buckets.most_common():
    cues = Counter(c.lower() for _, c in examples[k]).most_common(8)
    print(f"{v:5d}  {k}   e.g. {cues}")
