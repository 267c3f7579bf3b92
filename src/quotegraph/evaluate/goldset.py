"""Hand-written cross-article gold sets (a folder with articles.jsonl and gold.json): loading them, and
scoring what the ordinary ingest makes of them in a temporary store, so what is measured is what a user's
store holds."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from quotegraph.errors import InputError

T = TypeVar("T")


def load_set(path: str | Path, readme: str) -> tuple[Path, dict[str, Any]]:
    """The articles file and the parsed gold of a set folder; ``readme`` names where its layout is told."""
    folder = Path(path)
    articles, gold = folder / "articles.jsonl", folder / "gold.json"
    if not articles.is_file() or not gold.is_file():
        raise InputError(f"{folder}: expected articles.jsonl and gold.json (see {readme})")
    try:
        data = json.loads(gold.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{gold}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return articles, data


def score_ingested(
    articles: Path, score: Callable[[sqlite3.Connection], T], prefix: str, model: str | None = None
) -> T:
    """Ingest the articles into a temporary store and score it."""
    from quotegraph.corpus.ingest import ingest

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        db = Path(tmp) / "gold.db"
        kwargs = {"model": model} if model else {}
        ingest([str(articles)], db, **kwargs)
        conn = sqlite3.connect(db)
        try:
            return score(conn)
        finally:
            conn.close()
