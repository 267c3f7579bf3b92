"""The record contract: every result on samples/ and the seeds, and hand-built records, validate
against the extract.schema.json shipped in the package, offsets included, and round-trip exactly
through Extraction.from_dict / to_dict."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLES, SEEDS
from qgbuild import article
from quotegraph.errors import InputError
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import Article, Block, Cue, Entity, Extraction, Speaker, Statement, schema

jsonschema = pytest.importorskip("jsonschema")

PACKAGED = Path(__file__).resolve().parents[1] / "src" / "quotegraph" / "data" / "extract.schema.json"


@pytest.fixture(scope="module")
def validator() -> Any:
    s = schema()
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def _errors(validator: Any, result: dict[str, Any]) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(result)]


def hand_built() -> Extraction:
    """A record with every optional part filled in and left out: speaker, cue, addressee, blocks."""
    text = 'Headline\n"We stay," Ann Able told reporters. "For now." Officials said the port was open.'
    a = text.index("Ann Able")
    return Extraction(
        article=Article(
            id="d1",
            text=text,
            source="hand",
            title="T",
            authors=["Bo Baker"],
            published="2024-01-02",
            url="https://example.org/a",
            publisher="Example",
            language="en",
            blocks=[Block("heading", 0, 8)],
        ),
        entities=[Entity("E1", "Ann Able", "PERSON", ["Able"], ["spokeswoman"], [(a, a + 8)])],
        statements=[
            Statement(
                "S1",
                "direct",
                "We stay,",
                10,
                18,
                Speaker("Ann Able", "Ann Able", a, a + 8, True, "E1"),
                Cue("told", "tell", a + 9, a + 13),
                channel=None,
                addressee=None,
                confidence=0.8123456,
            ),
            Statement(
                "S2",
                "direct",
                "For now.",
                text.index("For now."),
                text.index("For now.") + 8,
                Speaker("Ann Able", "Ann Able", a, a + 8, True, "E1"),
                None,
                confidence=0.7,
                continues="S1",
            ),
            Statement(
                "S3",
                "indirect",
                "the port was open",
                text.index("the port"),
                len(text) - 1,
                Speaker(
                    "officials", "Officials", text.index("Officials"), text.index("Officials") + 9, False
                ),
                Cue("said", "say", text.index("said"), text.index("said") + 4),
                channel="statement",
                confidence=0.6,
            ),
        ],
        version="test",
    )


def test_the_schema_is_the_packaged_file() -> None:
    assert schema() == json.loads(PACKAGED.read_text(encoding="utf-8"))


def test_the_schema_names_exactly_the_fields_the_record_emits() -> None:
    """Every key to_dict writes is in the schema and required, and the schema describes nothing more."""
    s, d = schema(), hand_built().to_dict()
    assert set(s["properties"]) == set(s["required"]) == set(d)
    assert set(s["properties"]["extractor"]["properties"]) == set(d["extractor"])
    parts = {
        "document": (s["properties"]["document"], d["document"]),
        "entity": (s["properties"]["entities"]["items"], d["entities"][0]),
        "statement": (s["properties"]["statements"]["items"], d["statements"][0]),
        "block": (s["properties"]["document"]["properties"]["blocks"]["items"], d["document"]["blocks"][0]),
    }
    st = s["properties"]["statements"]["items"]["properties"]
    for key in ("speaker", "cue", "addressee"):
        parts[key] = (st[key], d["statements"][0][key] or {"name": "x", "entity": None})
    for name, (sub, emitted) in parts.items():
        assert set(sub["properties"]) == set(sub["required"]) == set(emitted), name


def test_hand_built_records_validate_and_round_trip(validator: Any) -> None:
    record = hand_built()
    d = record.to_dict()
    assert d["statements"][0]["confidence"] == 0.812
    assert _errors(validator, d) == []
    assert Extraction.from_dict(d) == record
    assert Extraction.from_dict(d).to_dict() == d
    for built in (article([("Ann Able", "The harbor is open"), ("a senior official", "It is not")]),):
        assert _errors(validator, built) == []
        assert Extraction.from_dict(built).to_dict() == built


def test_from_dict_reads_what_hand_built_records_leave_out() -> None:
    """Fields the schema lets be null may be missing, as the store always read them; required ones may not."""
    d = hand_built().to_dict()
    sparse = copy.deepcopy(d)
    for key in ("source", "title", "authors", "published", "url", "publisher", "language", "blocks"):
        del sparse["document"][key]
    for st in sparse["statements"]:
        for key in ("channel", "addressee", "continues"):
            st.pop(key)
    del sparse["extractor"]
    record = Extraction.from_dict(sparse)
    assert record.version == "?" and record.article.authors == [] and record.statements[1].continues is None
    broken = copy.deepcopy(d)
    del broken["statements"][0]["kind"]
    with pytest.raises(KeyError):
        Extraction.from_dict(broken)


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


@pytest.mark.model
def test_results_validate_against_the_schema(results: list[dict[str, Any]], validator: Any) -> None:
    for result in results:
        assert _errors(validator, result) == [], result["document"]["source"]
        json.dumps(result)  # plain JSON all the way down


@pytest.mark.model
def test_results_round_trip_exactly(results: list[dict[str, Any]]) -> None:
    for result in results:
        record = Extraction.from_dict(result)
        assert record.to_dict() == result
        assert Extraction.from_dict(record.to_dict()) == record
        assert json.loads(json.dumps(result)) == result


@pytest.mark.model
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


@pytest.mark.model
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


@pytest.mark.model
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


@pytest.mark.model
def test_statement_ids_unique_and_continues_valid(results: list[dict[str, Any]]) -> None:
    for result in results:
        ids = [s["id"] for s in result["statements"]]
        assert len(ids) == len(set(ids))
        for st in result["statements"]:
            assert st.get("continues") in (None, *ids)


@pytest.mark.model
def test_blocks_are_inside_the_text(results: list[dict[str, Any]]) -> None:
    for result in results:
        text = result["document"]["text"]
        for b in result["document"]["blocks"]:
            assert b["kind"] in ("heading", "caption")
            assert 0 <= b["start"] < b["end"] <= len(text)
