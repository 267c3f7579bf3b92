"""Finding quotations in text: pairs of quote marks, at the character level.

Works paragraph by paragraph. Straight quotes are opened or closed by what stands beside them; curly
quotes and guillemets say which they are. A quote left open at a paragraph's end continues only if the
next paragraph opens with a quote mark (the newspaper convention); otherwise the stray mark is ignored,
so an odd number of marks never swallows the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    close_width: int = 1

    @property
    def outer_end(self) -> int:
        return self.close_at + self.close_width if self.close_at is not None else self.end


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


def _marks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Quote marks in text[lo:hi] as (position, width, kind); '' and `` (old wire style) count as double."""
    out = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch in DOUBLE_MARKS:
            out.append((i, 1, ch))
        elif ch == "`" and text[i + 1 : i + 2] == "`":
            out.append((i, 2, "“"))
            i += 1
        elif ch == "'" and text[i + 1 : i + 2] == "'":
            out.append((i, 2, '"'))
            i += 1
        i += 1
    return out


def marks_balanced(text: str) -> bool:
    """Whether every quotation opened in ``text`` closes in it and none closes that did not open. A straight
    mark closes whatever is open and opens otherwise, so one quotation typed with mixed marks
    ('"two more weeks”') is balanced, as writers mean it."""
    depth = 0
    for _, _, kind in _marks(text, 0, len(text)):
        if kind in "“«„‟":
            depth += 1
        elif kind in "”»" or depth > 0:
            depth -= 1
        else:
            depth += 1
        if depth < 0:
            return False
    return depth == 0


def _role(text: str, i: int, width: int, kind: str, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the mark at i, from its neighbours."""
    before = text[i - 1] if i > lo else " "
    after = text[i + width] if i + width < hi else " "
    if kind in "«„‟":
        return "open"
    if kind == "“":
        closes_like = not before.isspace() and (after.isspace() or after in ".,;:!?")
        return "either" if closes_like and i > lo else "open"
    if kind in "”»":
        return "close"
    left_open = before in _LEFT_CONTEXT or before in DOUBLE_MARKS or i == lo
    right_open = after.isspace() or after in ".,;:!?)]}—–-" or after in DOUBLE_MARKS or i + width == hi
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


def find_quotes(text: str) -> list[QuoteSpan]:
    quotes: list[QuoteSpan] = []
    pending: QuoteSpan | None = None  # open at the end of the previous paragraph
    for lo, hi in paragraphs(text):
        marks = _marks(text, lo, hi)
        first = _first_nonspace(text, lo, hi)
        if pending is not None:
            if marks and marks[0][0] == first and _role(text, *marks[0], lo, hi) != "close":
                pending.continues = True
                quotes.append(pending)
            pending = None
        opened: tuple[int, int, str] | None = None
        para_quotes: list[QuoteSpan] = []
        for mark in marks:
            role = _role(text, *mark, lo, hi)
            if opened is None:
                if role in ("open", "either"):
                    opened = mark
            elif role in ("close", "either") and _pairs(opened[2], mark[2]):
                start = opened[0] + opened[1]
                if mark[0] > start:
                    para_quotes.append(QuoteSpan(opened[0], mark[0], start, mark[0], close_width=mark[1]))
                opened = None
            elif role == "open":
                opened = mark
        for q in para_quotes:
            if quotes and quotes[-1].continues and q.open_at == first:
                q.continued = True
            quotes.append(q)
        if opened is not None:
            start = opened[0] + opened[1]
            tail = text[start:hi].rstrip()
            if tail:
                pending = QuoteSpan(opened[0], None, start, start + len(tail))
                if quotes and quotes[-1].continues and opened[0] == first:
                    pending.continued = True
    return [_trim(text, q) for q in quotes if q.end > q.start]


def _pairs(opener: str, closer: str) -> bool:
    if opener == "«":
        return closer == "»"
    if opener == "„":
        return closer in "“”"
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
