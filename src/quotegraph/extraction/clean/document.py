"""One entry point for cleaning: an HTML page goes to ``webpage``, plain text and markdown to ``text``."""

from __future__ import annotations

from quotegraph.extraction.clean.dates import iso_date_prefix
from quotegraph.extraction.clean.text import article_id, clean_text, guess_language, publisher_from_url
from quotegraph.extraction.clean.webpage import clean_html
from quotegraph.model import Article, RawDocument


def clean_document(raw: RawDocument, keep_text: bool = False) -> Article:
    """The Article for one RawDocument; ``keep_text`` keeps the body byte for byte (for gold offsets)."""
    if raw.html is not None and raw.text is None:
        return clean_html(raw, keep_text=keep_text)
    source_text = raw.text or ""
    cleaned = clean_text(source_text)
    body = source_text if keep_text else cleaned.text
    url = raw.url or cleaned.url
    publisher = raw.publisher or publisher_from_url(url, source_text)
    return Article(
        id=article_id(body),
        text=body,
        source=raw.source,
        title=raw.title or cleaned.title,
        authors=list(raw.authors) or cleaned.authors,
        published=iso_date_prefix(raw.published) or cleaned.published,
        url=url,
        publisher=publisher,
        language=guess_language(body),
        blocks=[] if keep_text else cleaned.blocks,
    )
