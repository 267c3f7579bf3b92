"""PolNeAR scoring: the brat reader and matching on hand-built input, and the accuracy gate on dev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotegraph.evaluate.polnear import (
    attribution_units,
    evaluate_polnear,
    match,
    parse_ann,
    referent_verdict,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "data" / "polnear" / "dev"
FLOORS = Path(__file__).resolve().parents[1] / "gate" / "polnear_floors.json"
GOLD = Path(__file__).resolve().parents[1] / "gold"

ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 20;25 30\tit rained today
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 40 50\tsomething
T6\tDiscuss 40 50\tx
E2\tDiscuss:T6 Content:T5
"""


def test_parse_ann_reads_discontinuous_content_and_skips_non_attributions() -> None:
    gold = parse_ann(ANN)
    assert len(gold) == 1
    assert gold[0].content == [(11, 20), (25, 30)]
    assert gold[0].source == [(0, 5)]
    assert gold[0].cue == [(6, 10)]


def test_match_is_one_to_one_and_respects_the_threshold() -> None:
    gold = [set(range(0, 10)), set(range(20, 30))]
    pred = [set(range(0, 9)), set(range(1, 10)), set(range(20, 24))]
    pairs = match(pred, gold, 0.5)
    assert len(pairs) == 1 and pairs[0][1] == 0
    assert len(match(pred, gold, 0.3)) == 2


def _st(
    sid: str, kind: str, start: int, end: int, cue: tuple[int, int] | None, continues: str | None = None
) -> dict:
    return {
        "id": sid,
        "kind": kind,
        "start": start,
        "end": end,
        "cue": None if cue is None else {"start": cue[0], "end": cue[1]},
        "continues": continues,
        "speaker": {"start": 0, "end": 1},
    }


def test_units_join_pieces_of_one_quotation_and_take_in_quote_marks() -> None:
    text = '"One two," she said, "three four." Then "five six." Later.'
    a = _st("a", "direct", 1, 9, (15, 19))
    b = _st("b", "direct", 22, 33, (15, 19))
    c = _st("c", "direct", 41, 50, None, continues="a")
    units = attribution_units([a, b, c], text)
    assert len(units) == 1
    chars = units[0]["chars"]
    assert 0 in chars and 33 in chars and 40 in chars and 50 in chars


def test_nested_statement_is_not_a_unit_of_its_own() -> None:
    text = 'He said the plan was "a disaster" for all.'
    outer = _st("o", "indirect", 8, 41, (3, 7))
    inner = _st("i", "partial", 22, 32, (3, 7))
    assert len(attribution_units([outer, inner], text)) == 1


@pytest.mark.model
@pytest.mark.gate
def test_polnear_dev_scores_stay_above_their_floors() -> None:
    if not DEV.is_dir():
        pytest.skip("PolNeAR dev split not available")
    floors = json.loads(FLOORS.read_text())
    scores = evaluate_polnear(
        DEV, acts=GOLD / "polnear_dev_acts.tsv", referents=GOLD / "polnear_dev_referents.tsv"
    )
    report = json.dumps(scores, indent=1)
    for threshold in ("0.3", "0.5", "0.8"):
        assert scores[f"overlap_{threshold}"]["f1"] >= floors[f"f1_{threshold}"], report
    assert scores["overlap_0.5"]["precision"] >= floors["precision_0.5"], report
    assert scores["speaker_accuracy"] >= floors["speaker_accuracy"], report
    assert scores["speaker_exact"] >= floors["speaker_exact"], report
    assert scores["acts"]["accuracy"] >= floors["act_accuracy"], report
    assert scores["referents"]["accuracy"] >= floors["referent_accuracy"], report


def test_exact_match_counts_only_identical_spans() -> None:
    from collections import Counter

    from quotegraph.evaluate.polnear import GoldAttribution, _count_exact, _f1

    gold = [GoldAttribution(content=[(10, 20)], source=[(0, 3)], cue=[(4, 8)])]
    units = [
        {"chars": set(range(10, 20)), "cue": {"start": 4, "end": 8}, "speaker": {"start": 0, "end": 2}},
        {"chars": set(range(30, 40)), "cue": None, "speaker": None},
    ]
    exact: dict[str, Counter[str]] = {part: Counter() for part in ("content", "cue", "source")}
    _count_exact(exact, units, gold)
    assert exact["content"] == Counter(tp=1, pred=2, gold=1)
    assert exact["cue"] == Counter(tp=1, pred=1, gold=1)
    assert exact["source"] == Counter(tp=0, pred=1, gold=1)  # 0-2 is not the gold 0-3
    assert _f1(exact["cue"]) == 1.0 and _f1(exact["source"]) == 0.0


@pytest.mark.parametrize(
    ("name", "referent", "strict"),
    [
        ("Donald Trump’s campaign", "Trump campaign", True),
        ("Donald Trump's presidential campaign", "Trump campaign", True),
        ("Hillary Clinton campaign", "Clinton campaign", True),
        ("Donald Trump’s campaign", "Clinton campaign", False),
        ("Donald Trump", "Trump campaign", False),
        ("Clinton", "Hillary Clinton", False),
    ],
)
def test_a_campaign_is_named_by_its_candidate(name: str, referent: str, strict: bool) -> None:
    assert referent_verdict({"name": name, "named": True}, referent)[0] is strict
