"""analyze.py: the fast path annotates exactly as spaCy's full pipeline where it claims to."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from quotegraph.extraction.analyze import FastPipeline, load_model
from quotegraph.extraction.pipeline import Extractor

TEXTS = [
    "\"We will not back down,\" said Mayor Ana Ruiz, who ain't gonna quit. Let's go, y'all.\n\n"
    "According to officials, the bridge closes Monday. There is no plan B, she told reporters.",
    "Nothin' was said. The senators, however, argued that the bill couldn't pass.\n\nHeading\n\nIt's done.",
]
ATTRS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]


@pytest.mark.model
def test_cached_ruler_and_lemmatizer_match_spacy() -> None:
    nlp = load_model()
    fast = FastPipeline(nlp, openblas=False)
    want = list(nlp.pipe(TEXTS))
    docs = list(nlp.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer"]))
    for doc in docs:
        fast.ruler(doc)
        fast.lemmatizer(doc)
    for a, b in zip(want, docs, strict=True):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))


@pytest.mark.model
def test_fast_path_without_openblas_equals_full_pipeline() -> None:
    """Same components, same order: only the ruler and lemmatizer are swapped, so nothing may differ."""
    nlp = load_model()
    fast = FastPipeline(load_model.__wrapped__(), openblas=False)
    for a, b in zip(nlp.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        assert [s.start for s in a.sents] == [s.start for s in b.sents]


@pytest.mark.model
def test_selective_parse_keeps_sentences_and_parses_cue_sentences() -> None:
    fast = FastPipeline(load_model.__wrapped__(), selective=True, openblas=False)
    (doc,) = fast.pipe([TEXTS[1]])
    said = next(t for t in doc if t.lower_ == "argued")
    assert said.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in said.children)
    heading = next(t for t in doc if t.text == "Heading")
    assert heading.sent.text.strip() == "Heading"


@pytest.mark.model
def test_fast_and_full_extractors_agree_on_statements() -> None:
    fast = Extractor(keep_text=True)
    full = Extractor(keep_text=True, fast=False)
    assert isinstance(fast.fast, FastPipeline) and full.fast is None
    text = TEXTS[0]
    (a,) = fast.extract_documents([_raw(text)])
    (b,) = full.extract_documents([_raw(text)])
    assert a.to_dict()["statements"] == b.to_dict()["statements"]


@pytest.mark.model
def test_processes_keep_order_and_results() -> None:
    raws = [_raw(t + f" Item {i}.") for i, t in enumerate(TEXTS * 3)]
    one = [r.to_dict() for r in Extractor(batch_size=2).extract_documents(raws)]
    pooled = Extractor(batch_size=2, processes=2)
    two = [r.to_dict() for r in pooled.extract_documents(raws)]
    assert one == two
    # articles cleaned beforehand (as ingest does) give the same results over the pool
    assert [r.to_dict() for r in pooled.extract_articles(list(pooled.clean_all(raws)))] == one


def _raw(text: str):  # noqa: ANN202
    from quotegraph.model import RawDocument

    return RawDocument(source=None, text=text)


def test_batches_are_bounded_by_count_and_characters() -> None:
    from quotegraph.extraction.analyze import _batches

    texts = ["a" * 40, "b" * 40, "c" * 40, "d" * 200, "e" * 10, "f" * 10, "g" * 10]
    groups = list(_batches(texts, size=2, chars=100))
    assert [len(g) for g in groups] == [2, 1, 1, 2, 1]
    assert ["".join(g) for g in groups][2] == "d" * 200  # a text over the budget still goes, alone
    assert [t for g in groups for t in g] == texts
