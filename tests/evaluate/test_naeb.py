"""Gate: clean_html's NAEB scores stay above the floors in tests/gate/naeb_floors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotegraph.evaluate.naeb import bow_f1, evaluate_naeb, format_naeb, gold_authors, norm_title

NAEB = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "naeb"
FLOORS = Path(__file__).resolve().parents[1] / "gate" / "naeb_floors.json"


@pytest.mark.gate
def test_naeb_scores_above_floors() -> None:
    if not (NAEB / "gold.json").exists():
        pytest.skip(f"NAEB data not found at {NAEB}")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    result = evaluate_naeb(str(NAEB))
    report = format_naeb(result)
    assert result["pages"] > 0, report
    assert result["errors"] <= floors["max_errors"], report
    for name in ("title", "date", "authors", "body_f1"):
        assert result[name] >= floors[name], f"{name} {result[name]:.3f} < floor {floors[name]}\n{report}"


def test_gold_author_splitting() -> None:
    assert gold_authors("Travis Andersen,  Adam Sennott") == {"travis andersen", "adam sennott"}
    assert gold_authors("Robert E. Moffit, Ph.D.") == {"robert e. moffit ph.d"}
    assert gold_authors("Laura Baisas |") == {"laura baisas"}
    assert gold_authors("") == set()


def test_title_normalization_and_bow_f1() -> None:
    assert norm_title("It\u2019s  here\u00a0now") == norm_title("It's here now")
    assert norm_title("Case Kept") != norm_title("case kept")
    assert bow_f1("a b c", "a b c") == 1.0
    assert bow_f1("", "") == 1.0
    assert bow_f1("a a b", "a b b") == pytest.approx(2 / 3)
