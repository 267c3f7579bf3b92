"""The page's authors: from the first declared source naming a person, else the visible byline."""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from quotegraph.extraction.clean.page import PageMeta, clean_str, names_site
from quotegraph.extraction.clean.title import after_heading

_BY = re.compile(
    r"^(?:(?:written|words|reporting|story|posted|published|text)\s+)?(?:by|from|authors?)\b\s*:?\s*", re.I
)
_ROLE = re.compile(
    r"\b(?:reporter|writer|editor|editors|correspondent|contributor|columnist|producer|journalist|"
    r"photographer|critic|analyst|intern|contributing|senior|associate|managing|deputy|chief)\b",
    re.I,
)
# words that make an author string an outlet, a desk or page furniture rather than a person;
# single-word strings are rejected anyway, so wire names alone ('AFP') need no entry
_NOT_PERSON = re.compile(
    r"\b(?:news|press|media|reports?|team|desk|agency|agencies|online|magazine|newspaper|times|daily|"
    r"inc|ltd|llc|limited|network|group|radio|tv|redazione|rédaction|redaktion|redacción|redação|"
    r"editorial|newsroom|wire|services?|admin|administrator|contributors?|associated|reuters|afp|com|"
    r"updated|published|posted|share|link copied|follow|min read|ago|today|yesterday)\b",
    re.I,
)
_NAME_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?d|esq)\.?$", re.I)
_PY_LIST = re.compile(r"^\[\s*['\"].*['\"]\s*\]$")
_AUTHOR_META = (
    "author",
    "article:author",
    "article:author_name",
    "parsely-author",
    "sailthru.author",
    "sailthru.byline_name",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "byline",
    "article_author",
    "cxenseparse:author",
)


def _split_names(text: str) -> list[str]:
    """Split 'A, B and C' into names, keeping ', Jr.' and ', Ph.D.' with the name before them."""
    pieces = [
        p.strip() for p in re.split(r"\s*[,;]\s*|\s+and\s+|\s+&\s+|\s+und\s+|\s+et\s+|\s+y\s+|\s+e\s+", text)
    ]
    names: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if names and _NAME_SUFFIX.match(piece):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


_PARTICLES = {
    "de",
    "da",
    "van",
    "von",
    "der",
    "del",
    "la",
    "le",
    "bin",
    "al",
    "di",
    "du",
    "dos",
    "das",
    "ter",
    "y",
}


def _name_word(word: str) -> bool:
    """A word of a printed name: capitalized ('O'Kane', 'D.') or a lowercase particle ('de', 'van')."""
    return (word[:1].isalpha() and not word[:1].islower()) or word.lower() in _PARTICLES


def _person(name: str, sites: list[str]) -> str | None:
    """The name if it looks like a person's name, tidied; None for outlets, roles and junk."""
    name = _BY.sub("", name.strip(" -–—:|,")).strip(" -–—:|,")
    name = re.sub(r"(?<=[a-z]{2})\.$", "", name)  # a sentence's full stop, not 'Jr.' or 'Ph.D.'

    # 'Name - Contributing Writer', 'Name, Politics Reporter'
    name = re.split(r"\s+[-–—]\s+(?=[^-–—]*" + _ROLE.pattern + ")", name, flags=re.I)[0].strip()
    if not name or len(name) > 60 or re.search(r"[\d@/<>(){}\[\]=#]|https?:|www\.", name):
        return None
    core = re.sub(r",\s*(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?d|esq)\.?$", "", name, flags=re.I)
    words = core.split()
    if not 2 <= len(words) <= 5 or not all(_name_word(w) for w in words):
        return None
    if _NOT_PERSON.search(core) or _ROLE.search(core) or names_site(core, sites):
        return None
    if name.isupper():
        name = " ".join(w.capitalize() if len(w) > 2 or not w.endswith(".") else w for w in name.split())
    return name


def clean_authors(values: list[str], sites: list[str]) -> list[str]:
    """Person names from raw author strings: bylines, lists, 'Name | Outlet', 'Name, Outlet'."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = clean_str(value)
        if not value:
            continue
        if _PY_LIST.match(value):
            pieces = re.findall(r"['\"]([^'\"]+)['\"]", value)
        else:
            value = re.split(r"\s*\|\s*", _BY.sub("", value))[0]
            value = re.sub(r"[\w.+-]+@[\w-]+\.[\w.-]+", "", value)
            pieces = _split_names(value)
        for piece in pieces:
            name = _person(piece, sites)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
    return out


def _ld_authors(value: Any) -> list[str]:
    """Names of the Person (or untyped) authors in a JSON-LD author value."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            kinds = {k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
            if kinds and "person" not in kinds:
                continue
            name = item.get("name")
            if isinstance(name, str):
                names.append(name)
            elif isinstance(name, list):
                names.extend(n for n in name if isinstance(n, str))
    return names


_AUTHOR_HREF = re.compile(
    r"/(?:author|authors|by|people|person|staff|profile|profiles|writers?|journalists?|contributors?)/", re.I
)
_AUTHOR_ATTR = re.compile(r"author|byline", re.I)
_BY_TEXT = re.compile(r"^\s*by\b", re.I)


def _is_byline(el: HtmlElement) -> bool:
    if el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or ""):
        return True
    attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("rel"), el.get("itemprop"))))
    if attrs and _AUTHOR_ATTR.search(attrs):
        return True
    return bool(el.text and _BY_TEXT.match(el.text))


def _spaced_text(el: HtmlElement) -> str:
    """Text of an element with a space between child elements ('By<a>Name</a>' gives 'By Name')."""
    parts = []
    for node in el.iter():
        if isinstance(node.tag, str) and node.text and node.tag not in ("script", "style", "noscript"):
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return " ".join(" ".join(parts).split())


def visible_authors(meta: PageMeta, title: str | None, sites: list[str]) -> list[str]:
    """Names in the byline shown under the headline: the innermost author/byline element or 'By ...' text."""
    following = after_heading(meta, title)
    bylines = [el for el in following if _is_byline(el)]
    outer = {a for el in bylines for a in el.iterancestors()}  # prefer the innermost byline element
    for i, el in enumerate(following):
        if el in outer or not _is_byline(el):
            continue
        text = _spaced_text(el)
        if len(text) > 150:
            continue
        names = clean_authors([text], sites)
        if not names:
            continue
        # co-authors: further byline elements right after, under the same parent
        for other in following[i + 1 : i + 12]:
            if other.getparent() is el.getparent() and _is_byline(other):
                for name in clean_authors([_spaced_text(other)], sites):
                    if name.casefold() not in {n.casefold() for n in names}:
                        names.append(name)
        return names
    return []


def choose_authors(meta: PageMeta, sites: list[str], title: str | None = None) -> list[str]:
    """Authors from the first source that names a person: JSON-LD, meta tags, microdata, rel=author, byline."""
    sources: list[list[str]] = []
    for obj in meta.jsonld[:3]:
        if "author" in obj:
            sources.append(_ld_authors(obj["author"]))
            break
    for key in _AUTHOR_META:
        sources.append(meta.meta.get(key, []))
    sources.append(meta.itemprop_authors[:1])
    sources.append(meta.rel_authors[:1])
    for values in sources:
        names = clean_authors(values, sites)
        if names:
            return names
    return visible_authors(meta, title, sites)
