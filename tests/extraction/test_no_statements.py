"""--no-statements runs only what its entity output reads: no parser, the same entities bar descriptors."""

from __future__ import annotations

from typing import Any

import pytest

from quotegraph.errors import ModelError
from quotegraph.extraction.analyze import ALL_ANNOTATIONS, ENTS, FLAT_DEP, TAGS, analyze
from quotegraph.extraction.pipeline import ENTITY_ANNOTATIONS, Extractor
from quotegraph.model import Entity, RawDocument

ARTICLES = [
    "Harbour workers walk out in Valmont\n\n"
    "Port director Ramon Castillo, the authority's chief engineer, met union leaders in Valmont on Tuesday. "
    "Castillo told the Valmont Dock Workers Union that the Ministry of Transport would pay for repairs.\n\n"
    "Finance Minister Tomas Reed was appointed head of the central bank last year. Reed is expected in "
    "Brussels on Friday, where the European Commission will review the plan.",
    "Storm closes schools across Northfield County\n\n"
    "The county sheriff, Nadia Haddad, said roads would stay shut. Haddad spoke after Governor Ellen Park "
    "declared an emergency for Northfield County and the city of Easton.\n\n"
    "___\n\n"
    "In Easton, Mayor Peter Lund met staff of the Red Cross. Lund later visited Easton General Hospital.",
]


def _key(e: Entity) -> tuple[Any, ...]:
    return (e.name, e.type, tuple(e.aliases), tuple(e.mentions))


def _entities(extractor: Extractor) -> list[list[Entity]]:
    out = []
    for item in extractor.extract_documents([RawDocument(source=None, text=t) for t in ARTICLES]):
        assert not isinstance(item, Exception), item
        assert item.statements == []
        out.append(item.entities)
    return out


@pytest.mark.model
def test_no_statements_entities_equal_the_full_analysis_but_descriptors() -> None:
    """Names, types, aliases and mentions as with every component run; descriptors (read off the parse)
    are left out."""
    chosen = Extractor(statements=False)
    every = Extractor(statements=False)
    every.needs = ALL_ANNOTATIONS
    got, want = _entities(chosen), _entities(every)
    assert chosen.needs == ENTITY_ANNOTATIONS == frozenset({ENTS, TAGS})
    for g, w in zip(got, want, strict=True):
        assert [_key(e) for e in g] == [_key(e) for e in w]
        assert all(e.descriptors == [] for e in g)
    # the full analysis does describe people here, so the difference is real and exactly this
    assert any(e.descriptors for w in want for e in w)


@pytest.mark.model
def test_no_statements_never_runs_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = Extractor(statements=False)
    assert extractor.fast is not None

    class Refuses:
        def pipe(self, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the parser ran")

    monkeypatch.setattr(extractor.fast, "parser", Refuses())
    assert _entities(extractor)
    with_statements = Extractor()
    monkeypatch.setattr(with_statements, "fast", extractor.fast)
    with pytest.raises(AssertionError, match="the parser ran"):
        _entities(with_statements)


@pytest.mark.model
@pytest.mark.parametrize("fast", [True, False])
def test_without_the_parse_each_line_is_a_flat_sentence(fast: bool) -> None:
    extractor = Extractor(statements=False, fast=fast)
    nlp = extractor.fast or extractor.nlp
    full = list(analyze(nlp, ARTICLES))
    for doc, want in zip(analyze(nlp, ARTICLES, needs=ENTITY_ANNOTATIONS), full, strict=True):
        # (the attribute ruler labels whitespace tokens 'dep' in either run)
        words = [t for t in doc if not t.is_space]
        assert {t.dep_ for t in words} == {FLAT_DEP} != {t.dep_ for t in want if not t.is_space}
        lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
        assert [s.text.strip() for s in doc.sents] == lines
        assert [t.tag_ for t in doc] == [t.tag_ for t in want]
        assert [t.pos_ for t in doc if t.pos_ == "PROPN"] == [t.pos_ for t in want if t.pos_ == "PROPN"]
        # the same trained NER (its own tok2vec) on the same tokens: the same spans here
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [
            (e.start, e.end, e.label_) for e in want.ents
        ]


def test_an_unknown_annotation_is_refused() -> None:
    with pytest.raises(ModelError, match="morphemes"):
        list(analyze(None, ["text"], needs=frozenset({"morphemes"})))  # type: ignore[arg-type]
