"""Every case of ../shared/spec/attribution-cases-act.jsonl, through spec_cases.check_case (spaCy model)."""

from __future__ import annotations

from typing import Any

import pytest

import quotegraph
from spec_cases import CASES, check_case, load_cases

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not CASES.exists(), reason="../shared/spec is not present"),
]

_CASES = load_cases()


@pytest.mark.parametrize("case", _CASES, ids=[c["id"] for c in _CASES])
def test_spec_case(case: dict[str, Any]) -> None:
    result = quotegraph.extract(case["text"], keep_text=True)
    assert result["document"]["text"] == case["text"]
    assert check_case(case, result) == []
