"""Reported statements with the cue model: the rules' cheap shape checks come before the model, so a
token no rule could turn into a statement never has its cue features built (they were most of the
learned attribution's time), and the statements are those the model alone would allow."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from spacy.tokens import Doc

from quotegraph.extraction.analyze import load_model
from quotegraph.extraction.attribute import find_statements
from quotegraph.extraction.attribute.learned import CueModel, CueProbabilities, load_cue_model

# Hand-written: nouns with no owner and no clause, verbs with no subject, and one of each shape a rule
# does turn into a statement ("the mayor's claim that ...", "the council said ...").
TEXT = (
    "The budget, the schedule and the staffing plan filled a long meeting at the library. "
    "Count the ballots again before lunch. "
    "The mayor's claim that the count was rigged drew a crowd. "
    "The council said the ferry would run again in May."
)


@dataclass
class _Watching(CueModel):
    """The packaged model, noting which tokens' probabilities attribution asked for."""

    asked: list[CueProbabilities] = field(default_factory=list)

    def probabilities(self, doc: Doc, in_quote: list[bool]) -> CueProbabilities:
        probs = super().probabilities(doc, in_quote)
        self.asked.append(probs)
        return probs


def _watching() -> _Watching:
    model = load_cue_model("default")
    assert model is not None
    return _Watching(**vars(model))


@pytest.mark.model
def test_tokens_no_rule_can_use_are_never_scored() -> None:
    doc = load_model()(TEXT)
    model = _watching()
    statements = find_statements(doc, [], cue_model=model)
    scored = {i for probs in model.asked for i in probs._cache}
    words = {doc[i].text for i in scored}
    assert not words & {"budget", "schedule", "plan", "meeting", "library", "lunch", "ballots"}
    assert "Count" not in words  # an imperative: no subject, so no speaker
    assert {"claim", "said"} <= words
    cues = {f.cue.text for f in statements if f.cue is not None}
    assert "said" in cues


@pytest.mark.model
def test_statements_equal_those_with_every_probability_computed_first() -> None:
    """Asking later must not change a decision: the same statements as with every candidate's
    probability computed before attribution runs."""
    doc = load_model()(TEXT)
    model = _watching()
    lazy = [
        (f.kind, f.start, f.end, f.cue.i if f.cue else None)
        for f in find_statements(doc, [], cue_model=model)
    ]

    @dataclass
    class _Eager(CueModel):
        def probabilities(self, doc: Doc, in_quote: list[bool]) -> CueProbabilities:
            probs = super().probabilities(doc, in_quote)
            for i in range(len(doc)):
                probs.get(i)
            return probs

    eager_model = _Eager(**{k: v for k, v in vars(model).items() if k != "asked"})
    eager = [
        (f.kind, f.start, f.end, f.cue.i if f.cue else None)
        for f in find_statements(doc, [], cue_model=eager_model)
    ]
    assert lazy == eager and lazy
