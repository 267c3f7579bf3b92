"""The page's title: the visible headline (<h1>) when a declared title confirms it, else a declared
title with the site's name taken off.
"""

from __future__ import annotations

import re
import unicodedata

from lxml.html import HtmlElement

from quotegraph.extraction.clean.page import PageMeta, clean_str, ld_text, same_site

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_SEP = re.compile(r"\s+[|\-–—:·•»~]\s+|\s*\|\s*")


def title_key(text: str) -> str:
    """Comparison key for titles: casefolded, straight quotes, no trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" .!?,;:")


def strip_site(title: str, sites: list[str]) -> str:
    """Drop a ' | Site' suffix or 'Site - ' prefix when the segment names the site."""
    parts = [p for p in _SEP.split(title)]
    seps = _SEP.findall(title)
    if len(parts) < 2:
        return title
    # suffixes: drop trailing segments that name the site, and section labels before them
    while len(parts) > 1 and same_site(parts[-1], sites):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and same_site(parts[0], sites):
        parts.pop(0)
        seps.pop(0)
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += sep + part
    return out.strip()


def _meta_titles(meta: PageMeta, sites: list[str]) -> list[str]:
    raw = [ld_text(obj.get("headline")) for obj in meta.jsonld[:3]]
    raw += [
        meta.first("og:title"),
        meta.first("twitter:title"),
        meta.first("parsely-title"),
        meta.first("sailthru.title"),
        meta.first("title"),
        meta.title_tag,
    ]
    out: list[str] = []
    for value in raw:
        value = clean_str(value)
        if value:
            value = strip_site(value, sites)
            if value and value not in out:
                out.append(value)
    return out


def _overlap(a: str, b: str) -> float:
    wa = set(re.findall(r"\w+", title_key(a)))
    wb = set(re.findall(r"\w+", title_key(b)))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def choose_title(meta: PageMeta, sites: list[str]) -> str | None:
    """The visible headline (an <h1>) when the page's declared titles confirm it, else a declared title.

    Declared titles are often SEO or social variants; the <h1> is what readers see, and gold data follows it.
    """
    candidates = _meta_titles(meta, sites)
    keys = {title_key(c) for c in candidates}
    headings = [h for h in meta.h1 if 1 <= len(h.split()) <= 60]
    for h in headings:
        if title_key(h) in keys:
            return h
    for h in headings:
        for c in candidates:
            # a section label before the headline inside the <h1>: 'Politics | Headline'
            if (
                title_key(h).endswith(title_key(c))
                and len(title_key(c)) < len(title_key(h))
                and len(c.split()) >= 3
            ):
                return c
    best, score = None, 0.0
    for h in headings:
        if len(h.split()) < 3 or same_site(h, sites):
            continue
        s = max((_overlap(h, c) for c in candidates), default=0.0)
        if s > score:
            best, score = h, s
    if best is not None and score >= 0.4:
        return best
    return candidates[0] if candidates else None


def heading_element(meta: PageMeta, title: str | None) -> HtmlElement | None:
    """The <h1> holding the chosen title, else the first <h1> that reads like a headline."""
    for text, el in zip(meta.h1, meta.h1_elements, strict=True):
        if title and title_key(text) == title_key(title):
            return el
    return next(
        (el for text, el in zip(meta.h1, meta.h1_elements, strict=True) if len(text.split()) >= 3), None
    )


def after_heading(meta: PageMeta, title: str | None) -> list[HtmlElement]:
    """The first 400 elements after the headline (where a byline and a date are shown); [] without one.
    Found once a page: the date and the byline both look there."""
    if title not in meta.after:
        heading = heading_element(meta, title)
        found = [] if heading is None else heading.xpath("following::*[position() <= 400]")
        meta.after[title] = [el for el in found if isinstance(el.tag, str)]
    return meta.after[title]
