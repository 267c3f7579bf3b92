"""The per-article flow: read -> clean -> analyze -> attribute -> resolve, batched through spaCy."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotegraph.analyze import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, MAX_CHARS, analyze, load_model
from quotegraph.attribute import find_statements
from quotegraph.attribute.syntax import doc_text
from quotegraph.clean import clean_document
from quotegraph.errors import InputError, QuotegraphError
from quotegraph.model import Article, Block, Extraction, RawDocument
from quotegraph.read import iter_documents
from quotegraph.resolve import resolve
from quotegraph.version import __version__


class Extractor:
    """Holds the loaded model and options; turns documents into Extractions, in input order."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        keep_text: bool = False,
        statements: bool = True,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self.nlp = load_model(model)
        self.keep_text = keep_text
        self.statements = statements
        self.batch_size = batch_size
        self.max_chars = max_chars

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

        docs = analyze(self.nlp, texts(), batch_size=self.batch_size)
        for doc in docs:
            while slots and isinstance(slots[0], InputError):
                yield slots.pop(0)
            article = slots.pop(0)
            assert isinstance(article, Article)
            try:
                yield self.from_doc(article, doc)
            except Exception as exc:
                # one article's failure must not stop the batch; say which one and why
                if os.environ.get("QUOTEGRAPH_DEBUG"):
                    raise
                yield InputError(f"{article.source}: extraction failed ({type(exc).__name__}: {exc})")
        while slots:
            yield slots.pop(0)

    def from_doc(self, article: Article, doc: Doc) -> Extraction:
        if not self.keep_text:
            article.blocks.extend(_captions(doc, article.blocks))
        if self.statements:
            found = find_statements(doc, article.blocks)
            entities, statements = resolve(doc, article.id, found)
        else:
            entities, statements = resolve(doc, article.id, [])
        return Extraction(article=article, entities=entities, statements=statements, version=__version__)

    def extract_paths(self, inputs: Iterable[str]) -> Iterator[Extraction | InputError]:
        yield from self.extract_documents(iter_documents(inputs))


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
