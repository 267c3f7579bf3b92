"""The corpus store: SQLite with WAL, FTS5, a versioned schema and migrations."""

from quotegraph.corpus.store.db import Store
from quotegraph.corpus.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store"]
