"""Shared fixtures and helpers: one spaCy-backed Extractor per session, lookups over results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAMPLES = ROOT / "samples"
QG = ROOT / ".venv" / "bin" / "quotegraph"

Result = dict[str, Any]
Statement = dict[str, Any]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default model, loaded once for the whole session."""
    return Extractor()


@pytest.fixture(scope="session")
def keep_extractor(extractor: Extractor) -> Extractor:
    """Same model (load_model is cached), but document.text is exactly the input."""
    return Extractor(keep_text=True)


def run(ex: Extractor, text: str, source: str | None = None) -> Result:
    """The extract.schema.json dict for one article given as text; fails the test on an InputError."""
    (item,) = list(ex.extract_documents([RawDocument(source=source, text=text)]))
    assert not isinstance(item, Exception), item
    return item.to_dict()


@pytest.fixture(scope="session")
def ext(keep_extractor: Extractor) -> Callable[[str], Result]:
    """Extract one text with --keep-text semantics (offsets into the text as written)."""

    def _ext(text: str) -> Result:
        return run(keep_extractor, text)

    return _ext


@pytest.fixture(scope="session")
def ext_clean(extractor: Extractor) -> Callable[[str], Result]:
    """Extract one text with cleaning on."""

    def _ext(text: str) -> Result:
        return run(extractor, text)

    return _ext


def statements_with(result: Result, fragment: str, kind: str | None = None) -> list[Statement]:
    """Statements whose text contains ``fragment`` (and of ``kind`` when given)."""
    return [s for s in result["statements"] if fragment in s["text"] and kind in (None, s["kind"])]


def the_statement(result: Result, fragment: str, kind: str | None = None) -> Statement:
    """The first statement containing ``fragment`` (a failed assert lists what there is)."""
    found = statements_with(result, fragment, kind)
    summary = [(s["kind"], s["text"], (s["speaker"] or {}).get("name")) for s in result["statements"]]
    assert found, f"no {kind or ''} statement with {fragment!r}; got {summary}"
    return found[0]


def speaker_name(st: Statement) -> str | None:
    return (st["speaker"] or {}).get("name")


def cue_lemma(st: Statement) -> str | None:
    return (st["cue"] or {}).get("lemma")


def addressee_name(st: Statement) -> str | None:
    return (st["addressee"] or {}).get("name")


def entity(result: Result, entity_id: str | None) -> dict[str, Any]:
    """The entity with id ``entity_id``."""
    for e in result["entities"]:
        if e["id"] == entity_id:
            return e
    raise AssertionError(f"no entity {entity_id!r}")
