"""The per-article flow: read -> clean -> analyze -> attribute -> resolve, batched through spaCy."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotegraph.config import DEFAULT_TIME_BUDGET
from quotegraph.errors import InputError, QuotegraphError
from quotegraph.extract.analyze import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MODEL,
    MAX_CHARS,
    analyze,
    load_fast,
    load_model,
)
from quotegraph.extract.attribute import find_statements
from quotegraph.extract.attribute.learned import CueModel, load_cue_model
from quotegraph.extract.clean.document import clean_document
from quotegraph.extract.read import iter_documents
from quotegraph.extract.resolve import resolve
from quotegraph.extract.syntax import doc_text
from quotegraph.model import Article, Block, Extraction, RawDocument
from quotegraph.version import __version__


class Extractor:
    """Holds the loaded model and options; turns documents into Extractions, in input order.

    ``fast`` (default) runs the fast analysis path (quotegraph.extract.analyze); ``fast=False`` runs spaCy's whole
    pipeline through ``nlp.pipe``. ``processes`` > 1 runs whole articles (clean to resolve) in that many
    worker processes, results still in input order, at most a few batches in flight so memory stays flat.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        keep_text: bool = False,
        statements: bool = True,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_chars: int = MAX_CHARS,
        fast: bool = True,
        processes: int = 1,
        time_budget: float = DEFAULT_TIME_BUDGET,
        attribution_model: str | Path | CueModel | None = "default",
    ) -> None:
        self.model = model
        # the learned cue model: "default" (packaged), "none" (rules only), a folder, or a loaded one
        self.attribution_model = attribution_model
        self.cue_model = (
            attribution_model
            if isinstance(attribution_model, CueModel)
            else load_cue_model(attribution_model)
        )
        self.fast = load_fast(model) if fast else None
        # one model in memory: the fast path's own copy when it runs, the shared one otherwise
        self.nlp = self.fast.nlp if self.fast is not None else load_model(model)
        self.keep_text = keep_text
        self.statements = statements
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.processes = max(1, processes)
        self.time_budget = time_budget

    @property
    def options(self) -> dict[str, Any]:
        """What a worker needs to build the same Extractor (one process, its own model)."""
        return {
            "model": self.model,
            "keep_text": self.keep_text,
            "statements": self.statements,
            "batch_size": self.batch_size,
            "max_chars": self.max_chars,
            "fast": self.fast is not None,
            "time_budget": self.time_budget,
            "attribution_model": self.attribution_model,
        }

    def clean(self, raw: RawDocument) -> Article:
        article = clean_document(raw, keep_text=self.keep_text)
        if not article.text.strip():
            raise InputError(f"{raw.source}: no article text after cleaning")
        if len(article.text) > self.max_chars:
            raise InputError(
                f"{raw.source}: skipped, {len(article.text):,} characters is over the {self.max_chars:,}-character limit"
            )
        return article

    def extract_documents(
        self, raws: Iterable[RawDocument | InputError]
    ) -> Iterator[Extraction | InputError]:
        """Extractions for documents, errors passed through in place, order kept."""
        if self.processes > 1:
            yield from _in_processes(self.options, raws, self.processes, self.batch_size)
            return
        yield from self._extract_here(raws)

    def _extract_here(self, raws: Iterable[RawDocument | InputError]) -> Iterator[Extraction | InputError]:
        slots: list[Article | InputError] = []

        def articles() -> Iterator[RawDocument | InputError]:
            yield from raws

        def cleaned() -> Iterator[Article | InputError]:
            for raw in articles():
                if isinstance(raw, InputError):
                    yield raw
                    continue
                try:
                    yield self.clean(raw)
                except QuotegraphError as exc:
                    yield exc if isinstance(exc, InputError) else InputError(str(exc))

        def texts() -> Iterator[str]:
            for item in cleaned():
                slots.append(item)
                if isinstance(item, Article):
                    yield item.text

        docs = analyze(self.fast or self.nlp, texts(), batch_size=self.batch_size)
        for doc in docs:
            while slots and isinstance(slots[0], InputError):
                yield slots.pop(0)
            article = slots.pop(0)
            assert isinstance(article, Article)
            try:
                yield self.from_doc(article, doc)
            except InputError as exc:
                yield InputError(f"{article.source}: skipped, {exc}")
            except Exception as exc:
                # one article's failure must not stop the batch; say which one and why
                if os.environ.get("QUOTEGRAPH_DEBUG"):
                    raise
                yield InputError(f"{article.source}: extraction failed ({type(exc).__name__}: {exc})")
        while slots:
            yield slots.pop(0)

    def from_doc(self, article: Article, doc: Doc) -> Extraction:
        doc.user_data["qg_deadline"] = time.monotonic() + self.time_budget
        if not self.keep_text:
            article.blocks.extend(_captions(doc, article.blocks))
        if self.statements:
            found = find_statements(doc, article.blocks, cue_model=self.cue_model)
            entities, statements = resolve(doc, article.id, found)
        else:
            entities, statements = resolve(doc, article.id, [])
        return Extraction(article=article, entities=entities, statements=statements, version=__version__)

    def extract_paths(self, inputs: Iterable[str]) -> Iterator[Extraction | InputError]:
        yield from self.extract_documents(iter_documents(inputs))


_worker: Extractor | None = None


def _init_worker(options: dict[str, Any]) -> None:
    global _worker
    _worker = Extractor(**options)


def _run_chunk(raws: list[RawDocument | InputError]) -> list[Extraction | InputError]:
    assert _worker is not None
    return list(_worker._extract_here(raws))


def _in_processes(
    options: dict[str, Any], raws: Iterable[RawDocument | InputError], processes: int, chunk: int
) -> Iterator[Extraction | InputError]:
    """Chunks of articles over a process pool, in order, with at most 2 chunks per process in flight
    (Pool.imap would read the whole input ahead)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    it = iter(raws)
    with ctx.Pool(processes, initializer=_init_worker, initargs=(options,)) as pool:
        pending: deque[Any] = deque()
        while True:
            while len(pending) < 2 * processes and (batch := list(islice(it, chunk))):
                pending.append(pool.apply_async(_run_chunk, (batch,)))
            if not pending:
                break
            yield from pending.popleft().get()


def _captions(doc: Doc, blocks: list[Block]) -> list[Block]:
    """A photo caption opening the body: a one-sentence paragraph in the present simple, with no quote
    and a longer paragraph after it ('Fighters hold the flag as they celebrate ...')."""
    text = doc_text(doc)
    end = text.find("\n")
    if end <= 0 or any(b.start == 0 for b in blocks):
        return []
    first = doc.char_span(0, end, alignment_mode="contract")
    if first is None or len(list(first.sents)) != 1 or any(ch in first.text for ch in '"“”«»'):
        return []
    root = first.root
    has_perfect_or_past = any(c.dep_ in ("aux", "auxpass") for c in root.children)
    if root.tag_ in ("VBZ", "VBP") and not has_perfect_or_past and len(first) < 60:
        rest = text[end:].strip()
        if len(rest) > len(first.text):
            return [Block("caption", 0, end)]
    return []


_default: dict[tuple[Any, ...], Extractor] = {}


def _extractor(**options: Any) -> Extractor:
    key = tuple(sorted(options.items()))
    if key not in _default:
        _default[key] = Extractor(**options)
    return _default[key]


def extract(text_or_path: str | Path, **options: Any) -> dict[str, Any]:
    """The extract.schema.json result for one article given as text or as a path to a file."""
    value = str(text_or_path)
    is_path = isinstance(text_or_path, Path) or (
        "\n" not in value and len(value) < 4096 and Path(value).is_file()
    )
    extractor = _extractor(**options)
    raws = iter_documents([value]) if is_path else iter([RawDocument(source=None, text=value)])
    for item in extractor.extract_documents(raws):
        if isinstance(item, InputError):
            raise item
        return item.to_dict()
    raise InputError(f"{value[:80]}: no article found")


def extract_many(inputs: Iterable[str], **options: Any) -> Iterator[dict[str, Any] | InputError]:
    """Results for many inputs (paths, folders, globs), batched through spaCy; errors yielded in place."""
    extractor = _extractor(**options)
    for item in extractor.extract_paths(inputs):
        yield item if isinstance(item, InputError) else item.to_dict()
