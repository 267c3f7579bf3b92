"""HTML pages: body through trafilatura, metadata from what the page itself shows and declares.

Pages state title, authors and dates for search engines and social cards (JSON-LD, Open Graph, meta
tags), and show a headline, a byline and a date to readers. Each field is chosen by measurement on NAEB
(see quotegraph.evaluate.naeb): the title is the <h1> when a declared title confirms it; authors come
from the first declared source naming a person, else the visible byline; the date is the one shown under
the headline when it agrees with a declared one. trafilatura's own metadata (htmldate for dates) is the
last resort, computed only when needed. The page is parsed once; trafilatura gets that tree.

This module holds the body and puts the page together; each field has its own module: page.py (what
the page declares), title.py, authors.py, page_dates.py.
"""

from __future__ import annotations

import html as html_lib
import re
from contextlib import suppress

import trafilatura
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_title,
    extract_url,
    find_date,  # htmldate's, as extract_metadata calls it
)
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import line_processing, load_html

from quotegraph.errors import InputError
from quotegraph.extraction.clean.authors import choose_authors, clean_authors
from quotegraph.extraction.clean.dates import iso_date_prefix
from quotegraph.extraction.clean.page import PageMeta, clean_str, read_meta, site_names
from quotegraph.extraction.clean.page_dates import choose_date, to_date
from quotegraph.extraction.clean.text import article_id, clean_text, guess_language, publisher_from_url
from quotegraph.extraction.clean.title import choose_title, strip_site
from quotegraph.model import Article, Block, RawDocument

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _language(meta: PageMeta, body: str) -> str | None:
    if meta.lang:
        m = re.match(r"^([a-zA-Z]{2,3})(?:[-_]|$)", meta.lang.strip())
        if m:
            return m.group(1).lower()
    return guess_language(body)


def _clean_body(text: str) -> tuple[str, list[Block]]:
    """clean_text's body and headings (it drops reader appeals, contact lines, the repeated headline),
    unless it cut more than a quarter of the words: then it took article paragraphs for an appeal
    (seen on NAEB), and the text is kept as trafilatura gave it."""
    cleaned = clean_text(text)
    if len(cleaned.text.split()) < 0.75 * len(text.split()):
        return text, []
    return cleaned.text, cleaned.blocks


def clean_html(raw: RawDocument, keep_text: bool = False) -> Article:
    """The Article of one HTML page; raises InputError (one line) for pages with no readable article."""
    try:
        return _clean_html(raw, keep_text)
    except InputError:
        raise
    except Exception as exc:  # lxml, trafilatura and htmldate raise many kinds on hostile markup
        raise InputError(f"{raw.source}: cannot read the HTML ({type(exc).__name__})") from None


class _Fallback:
    """trafilatura's own metadata, computed only for a field the page declares nothing usable for.

    Each field is worked out as ``extract_metadata`` does it (meta tags and JSON-LD, then the field's own
    search), without the fields nobody asks for: a page lacking only a date used to pay for the author
    search (a copy of the whole tree and thirty XPaths), the categories, tags and license too."""

    def __init__(self, tree: HtmlElement, url: str | None) -> None:
        self._tree = tree
        self._url = url
        self._declared: Document | None = None
        self._values: dict[str, str | None] = {}

    def get(self, name: str) -> str | None:
        if name not in self._values:
            try:
                value = self._search(name)
            except Exception:  # a fallback must never sink the page
                value = None
            self._values[name] = _trimmed(value)
        return self._values[name]

    def _search(self, name: str) -> str | None:
        declared = self._declared_metadata()
        if name == "title":
            return declared.title or extract_title(self._tree)
        if name == "author":
            return declared.author or extract_author(self._tree)
        url = declared.url or extract_url(self._tree, self._url)
        # extensive=False: htmldate skips its free-text dateparser pass (once 6.4 s on one page);
        # on NAEB dev the date score rose with it (0.876 -> 0.886 when measured)
        return find_date(self._tree, url=url, **set_date_params(extensive=False))

    def _declared_metadata(self) -> Document:
        """What extract_metadata reads before any field's own search: meta tags, then JSON-LD over them."""
        if self._declared is None:
            declared = examine_meta(self._tree)
            if declared.author and " " not in declared.author:
                declared.author = None
            with suppress(Exception):  # bugs in trafilatura's JSON-LD reading: it goes on without, so do we
                declared = extract_meta_json(self._tree, declared)
            self._declared = declared
        return self._declared


def _trimmed(value: object) -> str | None:
    """A field as trafilatura's Document.clean_and_trim leaves it: at most 10,000 characters, entities
    unescaped, spaces and control characters cleaned; None when nothing is left."""
    if not isinstance(value, str):
        return None
    if len(value) > 10000:
        value = value[:9999] + "…"
    return line_processing(html_lib.unescape(value))


def _clean_html(raw: RawDocument, keep_text: bool) -> Article:
    page = raw.html or ""
    if not page.strip():
        raise InputError(f"{raw.source}: empty HTML page")
    head = page[:4096]
    if len(_CONTROL.findall(head)) > len(head) // 20 + 1:
        raise InputError(f"{raw.source}: not HTML (binary or garbled bytes)")
    tree = load_html(page)
    if tree is None or len(tree) == 0:
        raise InputError(f"{raw.source}: cannot parse the HTML")
    meta = read_meta(tree)
    # favor_precision: measured on NAEB, body F1 0.903 -> 0.915 (it drops related-story lists)
    doc = trafilatura.bare_extraction(
        tree, url=raw.url, with_metadata=False, include_comments=False, favor_precision=True
    )
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{raw.source}: no article text found in the HTML")
    body, blocks = (doc.text, []) if keep_text else _clean_body(doc.text)
    fallback = _Fallback(tree, raw.url)
    sites = site_names(meta)
    url = raw.url or meta.url
    title = (
        raw.title or choose_title(meta, sites) or strip_site(clean_str(fallback.get("title")), sites) or None
    )
    authors = (
        list(raw.authors)
        or choose_authors(meta, sites, title)
        or clean_authors((fallback.get("author") or "").split(";"), sites)
    )
    published = iso_date_prefix(raw.published) or choose_date(meta, title) or to_date(fallback.get("date"))
    return Article(
        id=article_id(body),
        text=body,
        source=raw.source,
        title=title,
        authors=authors,
        published=published,
        url=url,
        publisher=raw.publisher or (sites[0].lstrip("@") if sites else None) or publisher_from_url(url, body),
        language=_language(meta, body),
        blocks=blocks,
    )
