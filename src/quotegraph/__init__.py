"""quotegraph: who said what, to whom, through which channel, and when."""

from quotegraph.errors import InputError, ModelError, QuotegraphError, StoreError
from quotegraph.pipeline import Extractor, extract, extract_many
from quotegraph.version import __version__

__all__ = [
    "Extractor",
    "InputError",
    "ModelError",
    "QuotegraphError",
    "StoreError",
    "__version__",
    "extract",
    "extract_many",
]
