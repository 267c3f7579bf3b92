"""quotegraph: who said what, to whom, through which channel, and when.

The public API is imported on first use (PEP 562), so that ``import quotegraph.web`` or the CLI's query
commands never pay for loading spaCy, which only extraction needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from quotegraph.errors import InputError, ModelError, QuotegraphError, StoreError
from quotegraph.version import __version__

if TYPE_CHECKING:
    from quotegraph.corpus.ingest import ingest, ingest_results
    from quotegraph.extraction.pipeline import Extractor, extract, extract_many
    from quotegraph.query import Corpus

_LAZY = {
    "Corpus": "quotegraph.query",
    "Extractor": "quotegraph.extraction.pipeline",
    "extract": "quotegraph.extraction.pipeline",
    "extract_many": "quotegraph.extraction.pipeline",
    "ingest": "quotegraph.corpus.ingest",
    "ingest_results": "quotegraph.corpus.ingest",
}

__all__ = [
    "Corpus",
    "Extractor",
    "InputError",
    "ModelError",
    "QuotegraphError",
    "StoreError",
    "__version__",
    "extract",
    "extract_many",
    "ingest",
    "ingest_results",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'quotegraph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
