"""The page's date: the one shown under the headline when it agrees with a declared one, else the
declared publication date.
"""

from __future__ import annotations

import re
from datetime import datetime

from quotegraph.extraction.clean.dates import iso_date_prefix, parse_date
from quotegraph.extraction.clean.page import PageMeta, clean_str
from quotegraph.extraction.clean.title import after_heading

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "pub_date",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "citation_publication_date",
    "date",
)


def to_date(value: str | None) -> str | None:
    """A declared date (ISO 8601, RFC 2822 or as written) as YYYY-MM-DD; None when it is not one."""
    value = clean_str(value)
    if not value:
        return None
    iso = iso_date_prefix(value)
    if iso:
        return iso
    # RFC 2822 ('Fri, 22 Dec 2023 15:48:21 +0000') and other forms parse_date knows with a time
    m = re.match(r"^(?:\w{3},\s*)?(\d{1,2}\s+\w+\.?\s+\d{4})", value)
    return parse_date(m.group(1)) if m else parse_date(value)


def _declared_dates(meta: PageMeta) -> tuple[str | None, str | None]:
    """(published, modified) as the page declares them in JSON-LD, meta tags or microdata."""
    published: list[str] = []
    modified: list[str] = []
    for obj in meta.jsonld[:3]:
        for key in ("datePublished", "dateCreated"):
            if isinstance(obj.get(key), str):
                published.append(obj[key])
                break
        if isinstance(obj.get("dateModified"), str):
            modified.append(obj["dateModified"])
    for key in _DATE_META:
        published.extend(meta.meta.get(key, [])[:1])
    published.extend(meta.itemprop_dates[:1])
    for key in ("article:modified_time", "og:updated_time", "datemodified", "last-modified"):
        modified.extend(meta.meta.get(key, [])[:1])
    pub = next((d for d in map(to_date, published) if d), None)
    mod = next((d for d in map(to_date, modified) if d), None)
    return pub, mod


def visible_date(meta: PageMeta, title: str | None) -> str | None:
    """The first date shown after the headline: a <time> element or a short date-only text."""
    for el in after_heading(meta, title):
        if el.tag == "time":
            day = to_date(el.get("datetime")) or parse_date((el.text or "").strip())
        else:
            text = (el.text or "").strip()
            day = parse_date(text) if 6 <= len(text) <= 80 else None
        if day:
            return day
    return None


def _days_apart(a: str, b: str) -> int:
    return abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).days)


def choose_date(meta: PageMeta, title: str | None) -> str | None:
    """The date a reader sees on the article, checked against what the page declares.

    The date shown under the headline wins when it is the declared publication or modification date,
    or a day from the publication date (the page shows local time, the metadata often UTC); otherwise
    the declared publication date; None when the page declares none (the caller then asks htmldate).
    """
    pub, mod = _declared_dates(meta)
    shown = visible_date(meta, title)
    if shown and pub and (shown in (pub, mod) or _days_apart(shown, pub) <= 1):
        return shown
    return pub
