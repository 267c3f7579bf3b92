"""A PolNeAR-layout split parsed once with the extraction pipeline's own analysis, cached outside the repo.

The cache (a spaCy DocBin under the system temp folder, keyed by the split's path, its files' sizes and
times, and the model name) holds the article texts, so it never goes into the repository.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from spacy.tokens import Doc, DocBin

from quotegraph.config import DEFAULT_MODEL
from quotegraph.evaluate.polnear import GoldAttribution, load_split
from quotegraph.extraction.analyze import analyze, load_fast, load_model


def _cache_key(path: Path, model: str) -> str:
    h = hashlib.sha256(model.encode())
    for f in sorted(path.rglob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.relative_to(path)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def parsed_split(
    path: str | Path, model: str = DEFAULT_MODEL, cache: str | Path | None = None
) -> list[tuple[str, Doc, list[GoldAttribution]]]:
    """(name, parsed Doc, gold) per article; the Docs come from the same analysis extraction runs."""
    root = Path(path).resolve()
    split = load_split(root)
    cache_dir = Path(cache) if cache is not None else Path(tempfile.gettempdir()) / "quotegraph-train"
    cache_file = cache_dir / f"{root.name}-{_cache_key(root, model)}.spacy"
    fast = load_fast(model)
    nlp = fast.nlp if fast is not None else load_model(model)
    if cache_file.exists():
        docs = list(DocBin().from_disk(cache_file).get_docs(nlp.vocab))
        if len(docs) == len(split):
            return [(name, doc, gold) for (name, _, gold), doc in zip(split, docs, strict=True)]
    docs = list(analyze(fast or nlp, (text for _, text, _ in split)))
    cache_dir.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(cache_file)
    return [(name, doc, gold) for (name, _, gold), doc in zip(split, docs, strict=True)]
