"""Matching extract() output against ../shared/spec/attribution-cases-act.jsonl expectations.

The act file is the successor of attribution-cases.jsonl: the same 30 cases, each expectation naming its
``act``, and 12 more. The old file stays in ../shared for older checkouts; it is no longer read here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CASES = SHARED / "spec" / "attribution-cases-act.jsonl"


def load_cases() -> list[dict[str, Any]]:
    if not CASES.exists():
        return []
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(name: str | None) -> str:
    words = (name or "").lower().replace("’", "'").split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def mismatch(expected: dict[str, Any], statement: dict[str, Any]) -> str | None:
    """Why ``statement`` does not satisfy ``expected``; None when it does."""
    if statement["kind"] != expected["kind"]:
        return f"kind {statement['kind']}"
    if expected["text_contains"] not in statement["text"]:
        return "text"
    sp = statement["speaker"] or {}
    if _norm(sp.get("name")) != _norm(expected["speaker"]):
        return f"speaker {sp.get('name')!r}"
    if sp.get("named") != expected["named"]:
        return f"named {sp.get('named')}"
    if "act" in expected and statement.get("act") != expected["act"]:
        return f"act {statement.get('act')!r}"
    if "cue" in expected and (statement["cue"] or {}).get("lemma") != expected["cue"]:
        return f"cue {(statement['cue'] or {}).get('lemma')!r}"
    if "channel" in expected and _norm(statement["channel"]) != _norm(expected["channel"]):
        return f"channel {statement['channel']!r}"
    if "addressee" in expected and _norm((statement["addressee"] or {}).get("name")) != _norm(
        expected["addressee"]
    ):
        return f"addressee {statement['addressee']!r}"
    return None


def check_case(case: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Problems with one case's result; empty when it passes."""
    statements = result["statements"]
    if case.get("expect_none"):
        return [f"unexpected statement {s['kind']} {s['text']!r}" for s in statements]
    problems = []
    for exp in case["expect"]:
        reasons = [mismatch(exp, s) for s in statements]
        if None not in reasons:
            best = (
                [r for r in reasons if r != "text" and not r.startswith("kind")]
                or reasons
                or ["no statements"]
            )
            problems.append(f"{exp['text_contains']!r}: {best[0]}")
    return problems
