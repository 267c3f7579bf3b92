"""Choose attribution thresholds on a held-out fifth of PolNeAR train, never on dev.

    python scripts/attribution_heldout.py MODEL_DIR '[{}, {"select": 0.5, "fill_only": true}]'

Trains on the articles whose index is not a multiple of 5 (or loads MODEL_DIR when it holds a model),
then scores each variant (CueModel fields replaced) on the others. The parse is cached outside the repo."""

import json
import sys
import time
from dataclasses import replace

from quotegraph.errors import ModelError
from quotegraph.extraction.attribute.learned import CueModel
from quotegraph.extraction.pipeline import Extractor
from quotegraph.train.attribution import train_model
from quotegraph.train.corpus import parsed_split
from quotegraph.train.score import score_parsed

out = sys.argv[1]
variants = json.loads(sys.argv[2]) if len(sys.argv) > 2 else [{}]
parsed = parsed_split(sys.argv[3] if len(sys.argv) > 3 else "../shared/data/polnear/train")
held = [a for i, a in enumerate(parsed) if i % 5 == 0]
fit = [a for i, a in enumerate(parsed) if i % 5 != 0]
t = time.time()
try:
    model = CueModel.load(out)
    print("loaded", out, flush=True)
except ModelError:
    model = train_model(fit)
    model.save(out)
    print("trained in", round(time.time() - t, 1), flush=True)
ex = Extractor(keep_text=True, attribution_model=model)
for v in variants:
    m = replace(model, **v)
    t = time.time()
    s = score_parsed(held, ex, m)
    print(
        json.dumps(v),
        {k: s[k] for k in (0.3, 0.5, 0.8)},
        "spk",
        s["speaker"],
        round(time.time() - t),
        flush=True,
    )
