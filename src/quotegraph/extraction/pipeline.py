"""The per-article flow: read -> clean -> analyze -> attribute -> resolve, batched through spaCy."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotegraph.config import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, DEFAULT_TIME_BUDGET, MAX_CHARS
from quotegraph.errors import InputError, QuotegraphError
from quotegraph.extraction.analyze import ALL_ANNOTATIONS, ENTS, TAGS, analyze, load_fast, load_model
from quotegraph.extraction.attribute import find_statements
from quotegraph.extraction.attribute.learned import CueModel, load_cue_model
from quotegraph.extraction.clean.document import clean_document
from quotegraph.extraction.read import iter_documents
from quotegraph.extraction.resolve import resolve
from quotegraph.extraction.syntax import doc_text
from quotegraph.model import Article, Block, Extraction, RawDocument
from quotegraph.version import __version__


@dataclass(frozen=True)
class ExtractorSettings:
    """Everything an Extractor is built from; a worker process gets the same, with ``processes=1``.

    ``fast`` runs the fast analysis path (quotegraph.extraction.analyze), else spaCy's whole pipeline.
    """

    model: str = DEFAULT_MODEL
    keep_text: bool = False
    statements: bool = True
    batch_size: int = DEFAULT_BATCH_SIZE
    max_chars: int = MAX_CHARS
    fast: bool = True
    processes: int = 1
    time_budget: float = DEFAULT_TIME_BUDGET
    # the learned cue model: "default" (packaged), "none" (rules only), a folder, or a loaded CueModel
    attribution_model: str | Path | CueModel | None = "default"


# What the entity output reads when there are no statements to attribute (see the README, --no-statements)
ENTITY_ANNOTATIONS: frozenset[str] = frozenset({ENTS, TAGS})


def annotations_needed(settings: ExtractorSettings) -> frozenset[str]:
    """The annotations an Extractor with these settings reads: all of them for statements, else the entities'."""
    return ALL_ANNOTATIONS if settings.statements else ENTITY_ANNOTATIONS


_SETTING_NAMES = frozenset(f.name for f in fields(ExtractorSettings))


class Extractor:
    """Holds the loaded model and its settings; turns documents into Extractions, in input order.

    ``fast`` (default) runs the fast analysis path (quotegraph.extraction.analyze); ``fast=False`` runs spaCy's whole
    pipeline through ``nlp.pipe``. ``processes`` > 1 runs whole articles (clean to resolve) in that many
    worker processes, results still in input order, at most a few batches in flight so memory stays flat.
    """

    def __init__(self, settings: ExtractorSettings | None = None, /, **options: Any) -> None:
        """Built from ``settings``, with any field overridden by keyword (``Extractor(keep_text=True)``)."""
        settings = replace(settings or ExtractorSettings(), **options)
        self.settings = replace(settings, processes=max(1, settings.processes))
        model = settings.attribution_model
        self.cue_model = model if isinstance(model, CueModel) else load_cue_model(model)
        # what the spaCy pass runs: only what the output reads (see annotations_needed)
        self.needs = annotations_needed(self.settings)
        self.fast = load_fast(settings.model) if settings.fast else None
        # one model in memory: the fast path's own copy when it runs, the shared one otherwise
        self.nlp = self.fast.nlp if self.fast is not None else load_model(settings.model)

    def __getattr__(self, name: str) -> Any:
        """Each setting reads as an attribute too (``extractor.keep_text``), from the one dataclass."""
        settings = self.__dict__.get("settings")
        if settings is not None and name in _SETTING_NAMES:
            return getattr(settings, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def options(self) -> ExtractorSettings:
        """What a worker needs to build the same Extractor (one process, its own model)."""
        return replace(self.settings, processes=1)

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
        if self.settings.processes > 1:
            yield from _in_processes(self.options, raws, self.settings.processes, self.settings.batch_size)
            return
        yield from self._extract_here(self.clean_all(raws))

    def extract_articles(self, articles: Iterable[Article | InputError]) -> Iterator[Extraction | InputError]:
        """Extractions for articles this Extractor has cleaned already (``clean``), errors passed through in
        place, order kept: for a caller that needs the Article first, as ingest does to skip stored ones
        before the spaCy pass, without cleaning twice."""
        if self.settings.processes > 1:
            yield from _in_processes(
                self.options, articles, self.settings.processes, self.settings.batch_size, _run_articles
            )
            return
        yield from self._extract_here(articles)

    def clean_all(self, raws: Iterable[RawDocument | InputError]) -> Iterator[Article | InputError]:
        """``clean`` each document; one that cannot be cleaned becomes an InputError in its place."""
        for raw in raws:
            if isinstance(raw, InputError):
                yield raw
                continue
            try:
                yield self.clean(raw)
            except QuotegraphError as exc:
                yield exc if isinstance(exc, InputError) else InputError(str(exc))

    def _extract_here(self, items: Iterable[Article | InputError]) -> Iterator[Extraction | InputError]:
        slots: list[Article | InputError] = []

        def texts() -> Iterator[str]:
            for item in items:
                slots.append(item)
                if isinstance(item, Article):
                    yield item.text

        docs = analyze(
            self.fast or self.nlp,
            texts(),
            batch_size=self.settings.batch_size,
            needs=self.needs,
        )
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
        doc._.qg_deadline = time.monotonic() + self.settings.time_budget
        if self.settings.statements and not self.settings.keep_text:
            # captions are found on the parse, to keep statements out of them: without statements, neither
            article.blocks.extend(_captions(doc, article.blocks))
        if self.settings.statements:
            found = find_statements(doc, article.blocks, cue_model=self.cue_model)
            entities, statements = resolve(doc, article.id, found)
        else:
            entities, statements = resolve(doc, article.id, [])
        return Extraction(article=article, entities=entities, statements=statements, version=__version__)

    def extract_paths(
        self, inputs: Iterable[str], skipped: Counter[str] | None = None
    ) -> Iterator[Extraction | InputError]:
        """Every article of ``inputs``; ``skipped`` counts folder files left out for their format."""
        yield from self.extract_documents(iter_documents(inputs, skipped=skipped))


_worker: Extractor | None = None


def _init_worker(settings: ExtractorSettings) -> None:
    global _worker
    _worker = Extractor(settings)


def _run_chunk(raws: list[RawDocument | InputError]) -> list[Extraction | InputError]:
    assert _worker is not None
    return list(_worker._extract_here(_worker.clean_all(raws)))


def _run_articles(articles: list[Article | InputError]) -> list[Extraction | InputError]:
    assert _worker is not None
    return list(_worker._extract_here(articles))


def _in_processes(
    settings: ExtractorSettings,
    raws: Iterable[Any],
    processes: int,
    chunk: int,
    run: Callable[[list[Any]], list[Extraction | InputError]] = _run_chunk,
) -> Iterator[Extraction | InputError]:
    """Chunks of articles over a process pool, in order, with at most 2 chunks per process in flight
    (Pool.imap would read the whole input ahead)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    it = iter(raws)
    with ctx.Pool(processes, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: deque[Any] = deque()
        while True:
            while len(pending) < 2 * processes and (batch := list(islice(it, chunk))):
                pending.append(pool.apply_async(run, (batch,)))
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
    if not is_path and value.strip() and not any(ch.isspace() for ch in value.strip()):
        # One token with no spaces is never an article: the caller meant a file that is not there.
        raise InputError(f"{value}: no such file")
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
