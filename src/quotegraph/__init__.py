"""quotegraph: who said what, to whom, through which channel, and when."""

from quotegraph.corpus.ingest import ingest, ingest_results
from quotegraph.errors import InputError, ModelError, QuotegraphError, StoreError
from quotegraph.extract.pipeline import Extractor, extract, extract_many
from quotegraph.query import Corpus
from quotegraph.version import __version__

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
