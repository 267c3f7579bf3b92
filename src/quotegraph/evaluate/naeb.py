"""NAEB (news article extraction benchmark) scores for clean_html: title, date, authors, body.

Only the page's HTML goes in; the gold url and every other gold field stay out, so the figures say what
quotegraph gets from a page alone.

Normalizations, chosen so that only differences a reader would call real count as misses:
- title: Unicode NFKC, typographic quotes and apostrophes made straight, dashes made '-', whitespace
  collapsed; case is kept (a page that shouts its title in capitals is a miss).
- authors: the gold string is split on commas, ';', '|', '&' and ' and '; a piece that is only a
  suffix ('Jr.', 'Ph.D.', 'III') joins the name before it; both sides are then compared as sets of
  names made casefolded, NFKC, quote-straightened and whitespace-collapsed (gold spells some names in
  capitals). Empty gold means no authors.
- date: exact YYYY-MM-DD; gold 'NaT' or empty means the page has no date, matched by None.
- body: bag-of-words F1 on lowercased word tokens (multisets), averaged over pages; a page that raised
  counts 0 for every field.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quotegraph.errors import InputError
from quotegraph.extraction.read.decode import decode_bytes
from quotegraph.model import Article, RawDocument

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
)
_WORD = re.compile(r"\w+")
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?d|esq)\.?$", re.I)


def norm_title(value: str | None) -> str:
    """Title as compared: NFKC, straight quotes, collapsed whitespace, case kept."""
    text = unicodedata.normalize("NFKC", value or "").translate(_QUOTES)
    return " ".join(text.split())


def norm_name(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES).casefold()
    return " ".join(text.replace(",", " ").split()).strip(" .|")


def gold_authors(value: str | None) -> set[str]:
    """The gold author string as a set of normalized names."""
    pieces = [p.strip(" |") for p in re.split(r",|;|\||&|\s+and\s+", value or "")]
    names: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if names and _SUFFIX.match(piece):
            names[-1] = f"{names[-1]} {piece}"
        else:
            names.append(piece)
    return {norm_name(n) for n in names if norm_name(n)}


def predicted_authors(authors: list[str]) -> set[str]:
    return {norm_name(a) for a in authors if norm_name(a)}


def gold_date(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else None


def bow_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 between two texts (lowercased word tokens as multisets)."""
    p = Counter(_WORD.findall(predicted.lower()))
    g = Counter(_WORD.findall(gold.lower()))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision = common / sum(p.values())
    recall = common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def load_naeb(path: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, html, gold) for each page with both a gold entry and an HTML file, sorted by key."""
    root = Path(path)
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold):
        file = root / "html" / f"{key}.html.gz"
        if not file.exists():
            continue
        html = decode_bytes(gzip.decompress(file.read_bytes()), file.name)
        pages.append((key, html, gold[key]))
    return pages


def evaluate_naeb(
    path: str,
    extract: Callable[[RawDocument], Article] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Scores of ``extract`` (clean_html by default) on the NAEB layout at ``path``.

    ``details``, when given, receives one dict per page (gold and predicted values) to study misses.
    """
    if extract is None:
        from quotegraph.extraction.clean.webpage import clean_html

        extract = clean_html
    pages = load_naeb(path)
    hits = Counter()
    f1_total = 0.0
    errors = 0
    started = time.perf_counter()
    for key, html, gold in pages:
        try:
            article = extract(RawDocument(source=key, html=html))
        except InputError as exc:
            errors += 1
            if details is not None:
                details.append({"key": key, "error": str(exc)})
            continue
        ok_title = norm_title(article.title) == norm_title(gold.get("title"))
        ok_date = article.published == gold_date(gold.get("date"))
        ok_authors = predicted_authors(article.authors) == gold_authors(gold.get("authors"))
        f1 = bow_f1(article.text, gold.get("articleBody") or "")
        hits["title"] += ok_title
        hits["date"] += ok_date
        hits["authors"] += ok_authors
        f1_total += f1
        if details is not None:
            details.append(
                {
                    "key": key,
                    "site": gold.get("site"),
                    "title": (ok_title, article.title, gold.get("title")),
                    "date": (ok_date, article.published, gold.get("date")),
                    "authors": (ok_authors, article.authors, gold.get("authors")),
                    "body_f1": f1,
                }
            )
    elapsed = time.perf_counter() - started
    n = len(pages)
    return {
        "pages": n,
        "title": hits["title"] / n if n else 0.0,
        "date": hits["date"] / n if n else 0.0,
        "authors": hits["authors"] / n if n else 0.0,
        "body_f1": f1_total / n if n else 0.0,
        "pages_per_second": n / elapsed if elapsed > 0 else 0.0,
        "errors": errors,
    }


def format_naeb(result: dict[str, Any]) -> str:
    """A short readable report of evaluate_naeb's result."""
    lines = [
        f"NAEB: {result['pages']} pages, {result['errors']} errors, {result['pages_per_second']:.1f} pages/s",
        f"  title    {result['title']:.3f}  (exact after whitespace/quote normalization)",
        f"  date     {result['date']:.3f}  (exact YYYY-MM-DD)",
        f"  authors  {result['authors']:.3f}  (exact set, case-insensitive)",
        f"  body F1  {result['body_f1']:.3f}  (bag of words, mean over pages)",
    ]
    return "\n".join(lines)
