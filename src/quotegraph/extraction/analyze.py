"""The one place that loads and runs spaCy.

Two ways to annotate a text, both giving a Doc that attribution and resolution read the same way:

- the full path (``fast=False``): spaCy's whole pipeline on every token, ``nlp.pipe``;
- the fast path (default): the same trained components on a separately loaded copy of the model, with
  (1) exact, cached stand-ins for the attribute ruler and the lemmatizer (same rules and tables; a dict
  lookup per distinct token instead of a Matcher pass and a rule walk per token: 1.6 s + 1.5 s -> 0.5 s
  on PolNeAR dev), and (2) the models' dense matrix products through numpy's OpenBLAS, one thread per
  process, instead of thinc's blis (about 3x faster on this hardware for tok2vec's and NER's layers;
  float rounding differs, so an annotation can differ in rare cases: see the PolNeAR comparison in
  benchmarks/throughput.py).

What a caller reads decides what runs (``needs``, a set of the annotations below; all of them by default):
``ENTS`` the named entities (the NER, which in en_core_web_sm has its own tok2vec), ``TAGS`` tags, POS and
morphology (the shared tok2vec, the tagger, the attribute ruler), ``LEMMAS`` (the lemmatizer, on the tags),
``PARSE`` heads, labels and the parser's sentences. Without ``PARSE`` every line is one sentence (a line break
ends a sentence in the full run too) with a flat tree (``flat_lines``), so ``doc.sents`` and tree walks still work.

``selective=True`` adds what the issue suggested, the dependency parser only on sentences that can hold
a statement (quote mark, reporting verb, the opening sentence), flat trees elsewhere (label ``qg_flat``), sentences
from the sentence recogniser. It works (the parser reads tok2vec output from ``doc.tensor``, and
``Span.as_doc()`` slices it, so a run of sentences is parsed without tok2vec again) but 77% of PolNeAR's
tokens sit in such sentences and slicing costs more than it saves, so it is off by default.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import numpy as np
import spacy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps

import quotegraph.extraction.doc_ext  # noqa: F401  (the Docs made here carry the doc._.qg_* extensions)
from quotegraph.config import BATCH_CHARS, DEFAULT_BATCH_SIZE, DEFAULT_MODEL, MAX_CHARS
from quotegraph.errors import ModelError
from quotegraph.extraction import lexicon

ENTS, TAGS, LEMMAS, PARSE = "ents", "tags", "lemmas", "parse"
ALL_ANNOTATIONS: frozenset[str] = frozenset({ENTS, TAGS, LEMMAS, PARSE})
FLAT_DEP = "qg_flat"  # the label of every arc in a sentence the selective path did not parse
QUOTE_MARKS = frozenset('"“”«»„‟')
# Every lemma a rule in attribute/ or resolve.py looks for on a verb; a sentence with one of them
# (in any inflection) is parsed.
CUE_LEMMAS = (
    lexicon.SPEECH_VERBS
    | lexicon.ATTRIBUTION_VERBS
    | lexicon.COGNITION_VERBS
    | lexicon.PARTIAL_GOVERNORS
    | lexicon.NAMING_VERBS
    | lexicon.PARTICIPLE_CUES
    | frozenset(w for words in lexicon.PHRASE_CUES for w in words)
    | frozenset({"according", "continue"})
)


@Language.component("qg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and paragraphs never run into each other."""
    for tok in doc[1:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def flat_lines(doc: Doc) -> Doc:
    """For a Doc the parser does not see: each line one sentence, a flat tree rooted at its first token
    (label ``qg_flat``, as the selective path gives an unparsed sentence). spaCy's tree walks (``children``,
    ``subtree``) read memory it never set on a Doc with no heads at all, so there is always a tree."""
    n = len(doc)
    starts = np.zeros(n, dtype="int64")
    for tok in doc[1:-1]:
        if tok.is_space and "\n" in tok.text:
            starts[tok.i + 1] = tok.i + 1
    line_start = np.maximum.accumulate(starts) if n else starts
    arr = np.zeros((n, 2), dtype="uint64")
    arr[:, 0] = (line_start - np.arange(n)).astype("uint64")
    arr[:, 1] = doc.vocab.strings.add(FLAT_DEP)
    doc.from_array([HEAD, DEP], arr)
    return doc


def _components(needs: frozenset[str]) -> list[str]:
    """The spaCy components (of the full pipeline's names) that give ``needs``."""
    names = []
    if TAGS in needs or LEMMAS in needs or PARSE in needs:
        names.append("tok2vec")
    if TAGS in needs or LEMMAS in needs:
        names += ["tagger", "attribute_ruler"]
    if LEMMAS in needs:
        names.append("lemmatizer")
    if PARSE in needs:
        names += ["qg_paragraph_breaks", "parser"]
    if ENTS in needs:
        names.append("ner")
    return names


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed model package or a model folder; no downloads."""
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"cannot load spaCy model {name!r}: {first}") from None
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    if "parser" in nlp.pipe_names and "qg_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("qg_paragraph_breaks", before="parser")
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(sorted(missing))}, which attribution needs")
    return nlp


def analyze(
    nlp: Language | FastPipeline,
    texts: Iterable[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    batch_chars: int = BATCH_CHARS,
    needs: frozenset[str] = ALL_ANNOTATIONS,
) -> Iterator[Doc]:
    """One spaCy pass over many texts, batched (either path), running only what ``needs`` asks for.

    A batch holds at most ``batch_size`` texts and, past its first text, at most ``batch_chars``
    characters: spaCy's working memory grows with the tokens of a batch, so counting texts alone lets
    the peak climb whenever long articles happen to meet in one batch, the more often the bigger the
    corpus.
    """
    if needs - ALL_ANNOTATIONS:
        raise ModelError(f"no component gives the annotations {sorted(needs - ALL_ANNOTATIONS)}")
    if isinstance(nlp, FastPipeline):
        for group in _batches(texts, batch_size, batch_chars):
            yield from nlp.pipe(group, batch_size=len(group), needs=needs)
        return
    if needs == ALL_ANNOTATIONS:
        for group in _batches(texts, batch_size, batch_chars):
            yield from nlp.pipe(group, batch_size=len(group))
        return
    keep = set(_components(needs))
    for group in _batches(texts, batch_size, batch_chars):
        docs: Iterable[Doc] = (nlp.make_doc(t) for t in group)
        flat = PARSE not in needs
        for name, proc in nlp.pipeline:
            if flat and name == "ner":
                # sentence starts bound the NER's spans: the lines, as the fast path gives it
                docs, flat = (flat_lines(d) for d in docs), False
            if name in keep:
                docs = proc.pipe(docs, batch_size=len(group)) if hasattr(proc, "pipe") else map(proc, docs)
        yield from (flat_lines(d) for d in docs) if flat else docs


def _batches(texts: Iterable[str], size: int, chars: int) -> Iterator[list[str]]:
    group: list[str] = []
    total = 0
    for text in texts:
        if group and (len(group) >= size or total + len(text) > chars):
            yield group
            group, total = [], 0
        group.append(text)
        total += len(text)
    if group:
        yield group


@functools.lru_cache(maxsize=4)
def load_fast(name: str = DEFAULT_MODEL, selective: bool = False) -> FastPipeline | None:
    """The fast path on its own copy of the model, or None when the model is not the shape it knows."""
    nlp = load_model.__wrapped__(name)
    try:
        return FastPipeline(nlp, selective=selective)
    except (KeyError, ValueError):
        return None


class OpenBlasOps(NumpyOps):
    """thinc's NumpyOps with matrix products through numpy (OpenBLAS) rather than blis."""

    name = "qg_openblas"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.dot(a, b)
        np.dot(a, b, out=out)
        return out


_BLAS_LIMIT: list[Any] = []


def _one_blas_thread() -> None:
    """One BLAS thread per process, so --processes N uses N cores and a comparison stays fair."""
    if not _BLAS_LIMIT:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # pragma: no cover - pinned dependency
            return
        _BLAS_LIMIT.append(threadpool_limits(limits=1, user_api="blas"))


class FastPipeline:
    """The selective pipeline (see the module docstring); one per loaded model, reused across batches."""

    def __init__(self, nlp: Language, selective: bool = False, openblas: bool = True) -> None:
        names = set(nlp.component_names)
        needed = {"tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"}
        if not needed <= names:
            raise KeyError(f"fast path needs {sorted(needed - names)}")
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule":
            raise ValueError("fast path needs a rule lemmatizer")
        self.nlp = nlp
        self.tok2vec = nlp.get_pipe("tok2vec")
        self.tagger = nlp.get_pipe("tagger")
        self.senter = nlp.get_pipe("senter")
        self.parser = nlp.get_pipe("parser")
        self.ner = nlp.get_pipe("ner")
        self.ruler = CachedAttributeRuler(nlp.get_pipe("attribute_ruler"))
        self.lemmatizer = CachedLemmatizer(lemmatizer)
        self.cues = CueWords(lemmatizer)
        self.selective = selective
        if openblas:
            _one_blas_thread()
            ops = OpenBlasOps()
            for _, proc in nlp.pipeline:
                model = getattr(proc, "model", None)
                if model is not None and hasattr(model, "walk"):
                    for layer in model.walk():
                        layer.ops = ops

    def pipe(
        self,
        texts: Iterable[str],
        batch_size: int = DEFAULT_BATCH_SIZE,
        needs: frozenset[str] = ALL_ANNOTATIONS,
    ) -> Iterator[Doc]:
        it = iter(texts)
        while batch := list(islice(it, batch_size)):
            yield from self.process([self.nlp.make_doc(t) for t in batch], needs)

    def process(self, docs: list[Doc], needs: frozenset[str] = ALL_ANNOTATIONS) -> list[Doc]:
        """The components ``needs`` asks for, in the full pipeline's order (see the module docstring)."""
        n = len(docs) or 1
        run = set(_components(needs))
        if "tok2vec" in run:
            docs = list(self.tok2vec.pipe(docs, batch_size=n))
        if "tagger" in run:
            docs = list(self.tagger.pipe(docs, batch_size=n))
        if "parser" in run:
            docs = [paragraph_breaks(d) for d in docs]
            if self.selective:
                docs = list(self.senter.pipe(docs, batch_size=n))
                self.parse_candidates(docs)
            else:
                docs = list(self.parser.pipe(docs, batch_size=n))
        else:
            docs = [flat_lines(d) for d in docs]
        if "ner" in run:
            docs = list(self.ner.pipe(docs, batch_size=n))
        for doc in docs:
            if "attribute_ruler" in run:
                self.ruler(doc)
            if "lemmatizer" in run:
                self.lemmatizer(doc)
            doc.tensor = np.empty((0,), dtype="float32")  # nothing downstream reads it; memory
        return docs

    def parse_candidates(self, docs: list[Doc]) -> None:
        """Parse the runs of candidate sentences of each doc in one parser batch; flat trees elsewhere."""
        runs: list[tuple[int, int, int]] = []  # (doc index, start, end)
        for k, doc in enumerate(docs):
            runs.extend((k, s, e) for s, e in self.candidate_runs(doc))
        subdocs = [docs[k][s:e].as_doc() for k, s, e in runs]
        for sub in subdocs:
            # the run is parsed as the full pipeline would parse it: only paragraph breaks are given
            starts = [
                t.i
                for t in sub[1:]
                if t.is_sent_start and sub[t.i - 1].is_space and "\n" in sub[t.i - 1].text
            ]
            for t in sub[1:]:
                t.is_sent_start = None
            for i in starts:
                sub[i].is_sent_start = True
        parsed = list(self.parser.pipe(subdocs, batch_size=max(1, len(subdocs))))
        by_doc: dict[int, list[tuple[int, int, Doc]]] = {}
        for (k, s, e), sub in zip(runs, parsed, strict=True):
            by_doc.setdefault(k, []).append((s, e, sub))
        for k, doc in enumerate(docs):
            _set_parse(doc, by_doc.get(k, []))

    def candidate_runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of consecutive sentences that can hold a statement (the first one always)."""
        out: list[tuple[int, int]] = []
        is_cue = self.cues
        for i, sent in enumerate(doc.sents):
            if i == 0 or any(
                t.text in QUOTE_MARKS or t.text in ("''", "``") or is_cue(t.lower_) for t in sent
            ):
                if out and out[-1][1] == sent.start:
                    out[-1] = (out[-1][0], sent.end)
                else:
                    out.append((sent.start, sent.end))
        return out


def _set_parse(doc: Doc, parsed: list[tuple[int, int, Doc]]) -> None:
    """Heads and labels from the parsed runs; every other sentence a flat tree rooted at its first token."""
    n = len(doc)
    arr = np.zeros((n, 2), dtype="uint64")
    heads = np.zeros(n, dtype="int64")
    # a label no rule looks for: spaCy reads a token with no label as having no head at all
    arr[:, 1] = doc.vocab.strings.add(FLAT_DEP)
    for sent in doc.sents:
        heads[sent.start + 1 : sent.end] = sent.start - np.arange(sent.start + 1, sent.end)
    for s, e, sub in parsed:
        sub_arr = sub.to_array([HEAD, DEP]).astype("int64")
        heads[s:e] = sub_arr[:, 0]
        arr[s:e, 1] = sub_arr[:, 1].astype("uint64")
    arr[:, 0] = heads.astype("uint64")
    doc.from_array([HEAD, DEP], arr)


class CueWords:
    """Whether a lowercase word can be an inflection of a cue lemma, by the lemmatizer's own verb tables."""

    def __init__(self, lemmatizer: Any) -> None:
        lookups = lemmatizer.lookups
        self.index = lookups.get_table("lemma_index", {}).get("verb", {})
        self.exc = lookups.get_table("lemma_exc", {}).get("verb", {})
        self.rules = lookups.get_table("lemma_rules", {}).get("verb", [])
        self.cache: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        hit = self.cache.get(word)
        if hit is None:
            forms = {word, *self.exc.get(word, ())}
            forms.update(word[: len(word) - len(old)] + new for old, new in self.rules if word.endswith(old))
            hit = self.cache[word] = any(f in CUE_LEMMAS for f in forms)
        return hit


class CachedAttributeRuler:
    """spaCy's AttributeRuler with the same result, faster.

    Its patterns test TAG, LOWER, DEP and IS_SPACE of a token (equality, IN, NOT_IN, REGEX), so which
    pattern elements a token matches is decided once per distinct (tag, lower, dep, is_space); patterns
    of several tokens are checked on neighbours; matches apply in the ruler's order (later rules win)."""

    _KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
    _ARRAY = (POS, MORPH, LEMMA, TAG, DEP)

    def __init__(self, ruler: Any) -> None:
        self.vocab = ruler.vocab
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        if any(set(a) - set(self._ARRAY) for a in self.attrs):
            raise ValueError("attribute ruler sets attributes the cached ruler does not handle")
        self.elements: list[dict[str, Any]] = []
        self.single: list[tuple[int, int]] = []  # (order, element)
        self.multi: list[tuple[int, list[int], int]] = []  # (order, elements, index)
        for order in range(len(self.attrs)):
            _, patterns = ruler.matcher.get(str(order))
            for pattern in patterns:
                ids = []
                for spec in pattern:
                    if not set(spec) <= set(self._KEYS):
                        raise ValueError(f"unsupported attribute ruler pattern {pattern}")
                    for value in spec.values():
                        if isinstance(value, dict) and not set(value) <= {"IN", "NOT_IN", "REGEX"}:
                            raise ValueError(f"unsupported attribute ruler pattern {pattern}")
                    self.elements.append(spec)
                    ids.append(len(self.elements) - 1)
                if len(ids) == 1 and ruler.indices[order] in (0, -1):
                    self.single.append((order, ids[0]))
                else:
                    self.multi.append((order, ids, ruler.indices[order]))
        self.single_order = {e: order for order, e in self.single}
        self.multi_elements = frozenset(e for _, ids, _ in self.multi for e in ids)
        # elements gated by a word or a tag are only tested on tokens with that word or tag
        self.by_lower: dict[str, list[int]] = {}
        self.by_tag: dict[str, list[int]] = {}
        self.generic: list[int] = []
        for k, spec in enumerate(self.elements):
            for name, index in (("LOWER", self.by_lower), ("TAG", self.by_tag)):
                gate = spec.get(name)
                if isinstance(gate, str) or (isinstance(gate, dict) and set(gate) == {"IN"}):
                    for word in [gate] if isinstance(gate, str) else gate["IN"]:
                        index.setdefault(word, []).append(k)
                    break
            else:
                self.generic.append(k)
        self.cache: dict[tuple[int, ...], tuple[list[tuple[int, int]], frozenset[int], list[int]]] = {}

    def _decide(self, key: tuple[int, ...]) -> tuple[list[tuple[int, int]], frozenset[int], list[int]]:
        """(merged (column, value) of the single-token rules, multi-token elements matched, their orders)."""
        strings = self.vocab.strings
        tag, lower, dep = (strings[h] if h else "" for h in key[:3])
        values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": bool(key[3])}
        candidates = [*self.by_lower.get(lower, ()), *self.by_tag.get(tag, ()), *self.generic]
        matched = {k for k in candidates if all(_match(values[a], v) for a, v in self.elements[k].items())}
        orders = sorted(self.single_order[e] for e in matched if e in self.single_order)
        merged: dict[int, Any] = {}
        for order in orders:
            for attr, value in self.attrs[order].items():
                merged[self._ARRAY.index(attr)] = value
        hit = (list(merged.items()), frozenset(matched & self.multi_elements), orders)
        self.cache[key] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        cols = doc.to_array([TAG, LOWER, DEP, IS_SPACE, *self._ARRAY])
        keys = [tuple(r) for r in cols[:, :4].tolist()]
        decided = [self.cache.get(k) or self._decide(k) for k in keys]
        extra: dict[int, list[int]] = {}
        starts = [i for i, d in enumerate(decided) if d[1]]
        if starts:
            for order, ids, index in self.multi:
                n = len(ids)
                for i in starts:
                    if i + n > len(doc):
                        continue
                    if all(ids[j] in decided[i + j][1] for j in range(n)):
                        extra.setdefault(i + (index if index >= 0 else n + index), []).append(order)
        out = [row[4:] for row in cols.tolist()]
        for i, (merged, _, orders) in enumerate(decided):
            if i in extra:
                row = out[i]
                for order in sorted(orders + extra[i]):
                    for attr, value in self.attrs[order].items():
                        row[self._ARRAY.index(attr)] = value
            elif merged:
                row = out[i]
                for j, value in merged:
                    row[j] = value
        new = np.array(out, dtype="uint64").reshape(len(doc), len(self._ARRAY))
        old = cols[:, 4:]
        for j, attr in enumerate(self._ARRAY):
            if attr in (TAG, DEP):
                # rare (whitespace tokens): per token, so heads and sentence starts stay as they are
                for i in np.nonzero(new[:, j] != old[:, j])[0].tolist():
                    if attr == TAG:
                        doc[i].tag = int(new[i, j])
                    else:
                        doc[i].dep = int(new[i, j])
        doc.from_array([POS, MORPH, LEMMA], new[:, :3])
        return doc


_REGEX: dict[str, re.Pattern[str]] = {}


def _match(value: Any, spec: Any) -> bool:
    """One Matcher predicate, as spaCy's Matcher evaluates it."""
    if not isinstance(spec, dict):
        return value == spec
    for op, arg in spec.items():
        if op == "IN" and value not in arg:
            return False
        if op == "NOT_IN" and value in arg:
            return False
        if op == "REGEX":
            rx = _REGEX.get(arg) or _REGEX.setdefault(arg, re.compile(arg))
            if not rx.search(value):
                return False
    return True


class CachedLemmatizer:
    """spaCy's rule lemmatizer, the same lemma for the same (word, POS, morphology), decided once."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        cols = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = cols[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(cols.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            hit = self.cache.get(key)
            if hit is None:
                hit = self.cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = hit
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc
