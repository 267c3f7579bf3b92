"""What an HTML page declares about itself (JSON-LD, meta tags, microdata, <title>, <h1>), read once
and not yet judged; and the site names it gives, which title and author choosing both need.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
    "socialmediaposting",
    "report",
}
# a page-level object often carries the same dates and authors when no article object is declared
_PAGE_TYPES = {"webpage", "itempage", "collectionpage"}


@dataclass
class PageMeta:
    """Candidate values for each field, by source, as the page declares them."""

    jsonld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)
    h1_elements: list[HtmlElement] = field(default_factory=list)
    lang: str | None = None
    url: str | None = None
    itemprop_authors: list[str] = field(default_factory=list)
    itemprop_dates: list[str] = field(default_factory=list)
    rel_authors: list[str] = field(default_factory=list)
    # the elements after a headline, by chosen title: the date and the byline both search them
    after: dict[str | None, list[HtmlElement]] = field(default_factory=dict, repr=False)

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, []):
                if value.strip():
                    return value.strip()
        return None


def _text(el: HtmlElement) -> str:
    try:
        return " ".join(el.text_content().split())
    except (ValueError, TypeError):
        return ""


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _walk_jsonld(data: Any, out: list[dict[str, Any]], pages: list[dict[str, Any]], depth: int = 0) -> None:
    """Collect article objects (and page objects apart) from JSON-LD, through @graph, lists, mainEntity."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:200]:
            _walk_jsonld(item, out, pages, depth + 1)
    elif isinstance(data, dict):
        types = _types(data)
        if types & _ARTICLE_TYPES:
            out.append(data)
        elif types & _PAGE_TYPES:
            pages.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                _walk_jsonld(data[key], out, pages, depth + 1)


def _load_json(text: str) -> Any:
    text = text.strip()
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
    text = re.sub(r"(?:-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip()
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    # common breakage: trailing commas
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    try:
        return json.loads(repaired, strict=False)
    except (ValueError, RecursionError):  # RecursionError: absurdly nested arrays
        return None


# One walk of the whole document for what is marked by attribute (itemprop, rel): each of the four
# searches was a walk of its own, the largest cost of reading the page's declarations.
_MARKED = etree.XPath(
    '//@itemprop[.="author" or .="datePublished"]/.. | //a[@rel="author"] | //link[@rel="canonical"][@href]'
)


def read_meta(tree: HtmlElement) -> PageMeta:
    """Everything the page declares about itself, without judging it yet.

    Tags are read in one pass of ``tree`` (meta, script, title, h1), marked elements in one pass of the
    whole document, each list in document order."""
    meta = PageMeta()
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("xml:lang")
    meta.lang = lang.strip() if lang else None
    pages: list[dict[str, Any]] = []
    for el in tree.iter("meta", "script", "title", "h1"):
        tag = el.tag
        if tag == "meta":
            key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
            value = el.get("content")
            if key and value:
                meta.meta.setdefault(key.strip().lower(), []).append(value)
        elif tag == "script":
            if (el.get("type") or "").strip().lower() != "application/ld+json":
                continue
            data = _load_json(el.text or "")
            if data is not None:
                _walk_jsonld(data, meta.jsonld, pages)
        elif tag == "title":
            if meta.title_tag is None:
                meta.title_tag = _text(el) or None
        elif len(meta.h1) < 5:
            text = _text(el)
            if text:
                meta.h1.append(text)
                meta.h1_elements.append(el)
    meta.jsonld.extend(pages)
    authors: list[HtmlElement] = []
    dates: list[HtmlElement] = []
    rel_authors: list[HtmlElement] = []
    for el in _MARKED(tree):
        itemprop = el.get("itemprop")
        if itemprop == "author":
            authors.append(el)
        elif itemprop == "datePublished":
            dates.append(el)
        if el.tag == "a" and el.get("rel") == "author":
            rel_authors.append(el)
        elif (
            el.tag == "link"
            and meta.url is None
            and el.get("rel") == "canonical"
            and el.get("href") is not None
        ):
            meta.url = el.get("href").strip() or ""
    meta.url = meta.url or next((u.strip() for u in meta.meta.get("og:url", []) if u.strip()), None)
    for el in authors[:10]:
        names = el.xpath('.//*[@itemprop="name"]')
        value = names[0].get("content") or _text(names[0]) if names else el.get("content") or _text(el)
        if value:
            meta.itemprop_authors.append(value)
    for el in dates[:5]:
        value = el.get("content") or el.get("datetime") or _text(el)
        if value:
            meta.itemprop_dates.append(value)
    for el in rel_authors[:10]:
        value = _text(el)
        if value:
            meta.rel_authors.append(value)
    return meta


def clean_str(value: Any) -> str:
    """A declared value as text: entities unescaped, whitespace collapsed; '' for anything else."""
    if not isinstance(value, str):
        return ""
    return " ".join(html_lib.unescape(value).split())


def _squash(name: str) -> str:
    """Site-name key: 'The Boston Globe' and 'BostonGlobe.com' both give 'bostonglobe'."""
    text = name.casefold().lstrip("@").strip()
    text = re.sub(r"\.(?:com|co\.uk|co|net|org|tv|news|uk|in)$", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", "", text)


def same_site(segment: str, sites: list[str]) -> bool:
    """True when a title segment names the site ('BostonGlobe.com' for 'The Boston Globe')."""
    seg = _squash(segment)
    if len(seg) < 3:
        return False
    for site in sites:
        s = _squash(site)
        if len(s) >= 3 and (seg == s or seg.startswith(s) or s.startswith(seg)):
            return True
    return False


def names_site(name: str, sites: list[str]) -> bool:
    """True when an author string is the outlet itself ('Perez Hilton' on perezhilton.com's own page)."""
    squashed = _squash(name)
    return any(s and (squashed == s or s.startswith(squashed)) for s in map(_squash, sites))


def ld_text(value: Any) -> str:
    """The text of a JSON-LD value: a string, the first of a list, or an object's name."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_str(value)


def site_names(meta: PageMeta) -> list[str]:
    """The names the page gives its site (og:site_name, publisher, ...), most trusted first."""
    names = [meta.first("og:site_name"), meta.first("application-name"), meta.first("twitter:site")]
    for obj in meta.jsonld[:3]:
        names.append(ld_text(obj.get("publisher")))
    return [clean_str(n) for n in names if n and clean_str(n)]
