"""Every result on samples/ and the seeds validates against extract.schema.json, offsets included."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import SAMPLES, SCHEMA, SEEDS
from quotegraph.errors import InputError
from quotegraph.extract.pipeline import Extractor

jsonschema = pytest.importorskip("jsonschema")

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not SCHEMA.exists(), reason="../shared/spec is not present"),
]


@pytest.fixture(scope="module")
def results(extractor: Extractor) -> list[dict[str, Any]]:
    inputs = [str(SAMPLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    out = []
    for item in extractor.extract_paths(inputs):
        assert not isinstance(item, InputError), item
        out.append(item.to_dict())
    assert len(out) >= 6
    return out


def _ids(results: list[dict[str, Any]]) -> list[str]:
    return [r["document"]["source"] or "?" for r in results]


def test_results_validate_against_the_schema(results: list[dict[str, Any]]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for result in results:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(result)]
        assert errors == [], result["document"]["source"]
        json.dumps(result)  # plain JSON all the way down


def test_statement_offsets(results: list[dict[str, Any]]) -> None:
    for result in results:
        text = result["document"]["text"]
        for st in result["statements"]:
            assert 0 <= st["start"] < st["end"] <= len(text)
            assert text[st["start"] : st["end"]] == st["text"]
            assert st["text"] == st["text"].strip()
            sp = st["speaker"]
            assert sp is not None
            assert text[sp["start"] : sp["end"]] == sp["text"]
            assert sp["text"].strip()
            if st["cue"] is not None:
                assert text[st["cue"]["start"] : st["cue"]["end"]] == st["cue"]["text"]
            assert 0.3 <= st["confidence"] <= 1


def test_speakers_and_addressees_point_at_entities(results: list[dict[str, Any]]) -> None:
    for result in results:
        ents = {e["id"]: e for e in result["entities"]}
        assert len(ents) == len(result["entities"])
        for st in result["statements"]:
            sp = st["speaker"]
            if sp["entity"] is not None:
                ent = ents[sp["entity"]]
                assert ent["name"] == sp["name"]
                assert (ent["type"] != "GROUP") is sp["named"] or ent["type"] == "ORG"
            if st["addressee"] is not None and st["addressee"]["entity"] is not None:
                assert ents[st["addressee"]["entity"]]["name"] == st["addressee"]["name"]


def test_entity_mentions(results: list[dict[str, Any]]) -> None:
    for result in results:
        text = result["document"]["text"]
        for ent in result["entities"]:
            assert ent["mentions"], ent
            assert ent["mentions"] == sorted(ent["mentions"])
            assert ent["name"] not in ent["aliases"]
            for start, end in ent["mentions"]:
                assert 0 <= start < end <= len(text)
                assert text[start:end].strip() == text[start:end]


def test_statement_ids_unique_and_continues_valid(results: list[dict[str, Any]]) -> None:
    for result in results:
        ids = [s["id"] for s in result["statements"]]
        assert len(ids) == len(set(ids))
        for st in result["statements"]:
            assert st.get("continues") in (None, *ids)


def test_blocks_are_inside_the_text(results: list[dict[str, Any]]) -> None:
    for result in results:
        text = result["document"]["text"]
        for b in result["document"]["blocks"]:
            assert b["kind"] in ("heading", "caption")
            assert 0 <= b["start"] < b["end"] <= len(text)
