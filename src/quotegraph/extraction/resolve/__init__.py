"""In-article resolution: named entities grouped into one entity per real thing, and speakers named.

entities.py groups the mentions (ArticleEntities), speakers.py names a statement's speaker (Resolver),
statements.py turns attribution's findings into the article's Statements (``resolve``).
"""

from __future__ import annotations

from quotegraph.extraction.resolve.speakers import Resolver
from quotegraph.extraction.resolve.statements import resolve

__all__ = ["Resolver", "resolve"]
