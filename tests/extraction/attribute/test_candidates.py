"""The content selector: the parse's candidate contents of a cue and the one rule combining the
selector's choice with the rules' span (hand-written sentences)."""

from __future__ import annotations

import pytest

from quotegraph.extraction.attribute.candidates import content_candidates
from quotegraph.extraction.attribute.learned import CueModel, quote_mask
from quotegraph.extraction.pipeline import Extractor


@pytest.fixture(scope="module")
def parse(keep_extractor: Extractor):
    def _parse(text: str):
        doc = keep_extractor.nlp(text)
        doc._.qg_in_quote = quote_mask(doc)
        cue = next(t for t in doc if t.lemma_ in ("say", "warn"))
        return doc, cue

    return _parse


def _texts(doc, cands):
    return {doc[c.start : c.end].text: c.routes for c in cands}


def test_candidates_hold_the_clause_and_the_sentence_before(parse) -> None:
    doc, cue = parse("The mayor said that the old bridge would reopen in May.")
    got = _texts(doc, content_candidates(cue, cue.sent))
    assert "that the old bridge would reopen in May" in got
    assert any(r.startswith("sub:ccomp") for r in got["that the old bridge would reopen in May"])
    assert "the old bridge would reopen in May" in got  # the variant without "that"
    assert all("said" not in t.split() for t in got)  # no candidate holds the cue

    doc, cue = parse("The old bridge will reopen in May, the mayor said.")
    got = _texts(doc, content_candidates(cue, cue.sent))
    assert "The old bridge will reopen in May" in got


def test_selector_combination(parse) -> None:
    doc, cue = parse("The mayor warned of delays on the bridge, which opened in 1960.")
    rule = (cue.i + 1, cue.i + 3)
    in_quote = doc._.qg_in_quote
    plain = CueModel(weights={})
    assert plain.select_content(cue, cue.sent, rule, 0.9, in_quote) == rule  # no selector: the rules
    model = CueModel(weights={}, content_weights={"r=pobj:of+aside": 6.0}, content_bias=-3.0, select=0.5)
    model.fill_only = True
    assert model.select_content(cue, cue.sent, rule, 0.9, in_quote) == rule
    assert model.select_content(cue, cue.sent, None, 0.9, in_quote) is not None
    model.fill_only = False
    start, end = model.select_content(cue, cue.sent, rule, 0.9, in_quote)
    assert doc[start:end].text == "delays on the bridge"
    model.select = 0.99  # the best candidate under the bar: the rules' span stays
    assert model.select_content(cue, cue.sent, rule, 0.9, in_quote) == rule
