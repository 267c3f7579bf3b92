"""Finding quotations in text: pairs of quote marks, at the character level.

Works paragraph by paragraph. Straight quotes are opened or closed by what stands beside them; curly
quotes and guillemets say which they are. A quote left open at a paragraph's end continues only if the
next paragraph opens with a quote mark (the newspaper convention); otherwise the stray mark is ignored,
so an odd number of marks never swallows the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "«": "»", "„": "“", "‟": "”", '"': '"'}
CLOSERS = {"”", "»", '"', "“"}
DOUBLE_MARKS = set('"“”«»„‟')
_PARA = re.compile(r"\n\s*\n|\n")
_LEFT_CONTEXT = set(" \t\n([{—–-/:;,") | {"\u2014", "\u2013"}


@dataclass
class QuoteSpan:
    """One quotation; ``start``/``end`` delimit the words inside the marks."""

    open_at: int
    close_at: int | None  # index of the closing mark, None if the quote runs on into the next paragraph
    start: int
    end: int
    continues: bool = False  # runs on into the next paragraph's quote
    continued: bool = False  # continues the previous paragraph's open quote

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the mark at i, from its neighbours."""
    ch = text[i]
    if ch in "“«„‟":
        return "open" if ch != "“" or not _closes_like(text, i, lo, hi) else "either"
    if ch in "”»":
        return "close"
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    left_open = before in _LEFT_CONTEXT or before in DOUBLE_MARKS or i == lo
    right_open = after.isspace() or after in ".,;:!?)]}—–-" or after in DOUBLE_MARKS or i + 1 == hi
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


def _closes_like(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?")


def find_quotes(text: str) -> list[QuoteSpan]:
    quotes: list[QuoteSpan] = []
    pending: QuoteSpan | None = None  # open at the end of the previous paragraph
    for lo, hi in paragraphs(text):
        marks = [i for i in range(lo, hi) if text[i] in DOUBLE_MARKS]
        if pending is not None:
            if (
                marks
                and marks[0] == _first_nonspace(text, lo, hi)
                and _role(text, marks[0], lo, hi) != "close"
            ):
                pending.continues = True
                quotes.append(pending)
            pending = None
        open_at: int | None = None
        para_quotes: list[QuoteSpan] = []
        for i in marks:
            role = _role(text, i, lo, hi)
            if open_at is None:
                if role in ("open", "either"):
                    open_at = i
            elif role in ("close", "either") and _pairs(text[open_at], text[i]):
                if i > open_at + 1:
                    para_quotes.append(QuoteSpan(open_at, i, open_at + 1, i))
                open_at = None
            elif role == "open":
                open_at = i
        for q in para_quotes:
            if quotes and quotes[-1].continues and q.open_at == _first_nonspace(text, lo, hi):
                q.continued = True
            quotes.append(q)
        if open_at is not None:
            tail = text[open_at + 1 : hi].rstrip()
            if tail:
                pending = QuoteSpan(open_at, None, open_at + 1, open_at + 1 + len(tail))
                if quotes and quotes[-1].continues and open_at == _first_nonspace(text, lo, hi):
                    pending.continued = True
    return [_trim(text, q) for q in quotes if q.end > q.start]


def _pairs(opener: str, closer: str) -> bool:
    if opener == "«":
        return closer == "»"
    if opener == '"':
        return closer in ('"', "”")
    return closer in ("”", '"', "“")


def _first_nonspace(text: str, lo: int, hi: int) -> int:
    i = lo
    while i < hi and text[i].isspace():
        i += 1
    return i


def _trim(text: str, q: QuoteSpan) -> QuoteSpan:
    while q.start < q.end and text[q.start].isspace():
        q.start += 1
    while q.end > q.start and text[q.end - 1].isspace():
        q.end -= 1
    return q
