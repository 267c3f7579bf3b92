"""HTML building blocks: the Jinja2 environment, highlighted text and inline SVG charts.

Everything from the store goes through markupsafe.escape (or Jinja2 autoescape) before it becomes markup;
the only markup made here is the fixed tags around escaped text, so an article quoting ``<script>`` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from quotegraph.model import counted
from quotegraph.query import Citation, Quote, cite
from quotegraph.query.search import SNIPPET_CLOSE, SNIPPET_OPEN

HERE = Path(__file__).parent
PARAGRAPH_MAX = 1500  # characters of context shown around a statement when its paragraph is longer


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape is on for .html
    t.env.globals["query_url"] = query_url
    t.env.filters["snippet"] = snippet
    t.env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    t.env.filters["counted"] = counted  # {{ n|counted('article') }}: "1 article", "3 articles"
    t.env.globals["citation"] = lambda q, request: citation(q, str(request.base_url))
    return t


def permalink(base_url: str, statement_id: int) -> str:
    """A statement's stable URL on this server (``base_url`` is the request's)."""
    return f"{base_url.rstrip('/')}/statements/{int(statement_id)}"


def citation(q: Quote, base_url: str) -> Citation:
    """The statement's citation, its permalink on this server."""
    return cite(q, permalink(base_url, q.id))


def query_url(path: str, params: dict[str, Any], **change: Any) -> str:
    """``path`` with ``params`` updated by ``change`` (None drops a key): facet and pager links."""
    merged = {**params, **change}
    pairs: list[tuple[str, Any]] = []
    for k, v in merged.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, list):
            pairs += [(k, x) for x in v]
        else:
            pairs.append((k, v))
    return path + ("?" + urlencode(pairs) if pairs else "")


def snippet(text: str | None) -> Markup:
    """An FTS5 snippet with its match markers turned into <mark> after escaping."""
    if not text:
        return Markup("")
    return Markup(str(escape(text)).replace(SNIPPET_OPEN, "<mark>").replace(SNIPPET_CLOSE, "</mark>"))


@dataclass
class Span:
    """A highlighted range of the text: its CSS classes and, for statements, the statement id."""

    start: int
    end: int
    cls: str
    statement: int | None = None
    title: str | None = None


def highlight(text: str, spans: list[Span], offset: int = 0) -> Markup:
    """``text`` escaped, each run of characters wrapped in one <span> naming every layer over it.

    Spans may nest or cross (an entity inside a quote, two statements sharing words), so the text is cut
    at every boundary and each piece carries the classes of all spans covering it. ``offset`` is where
    ``text`` starts in the document (spans are in document offsets). A statement also gets an empty anchor
    ``#st-ID`` where it starts.
    """
    n = len(text)
    clean: list[Span] = []
    for s in spans:
        a, b = max(0, s.start - offset), min(n, s.end - offset)
        if a < b:
            clean.append(Span(a, b, s.cls, s.statement, s.title))
    cuts = sorted({0, n, *(s.start for s in clean), *(s.end for s in clean)})
    starts: dict[int, list[int]] = {}
    for s in clean:
        if s.statement is not None:
            starts.setdefault(s.start, []).append(s.statement)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for sid in starts.get(a, []):
            out.append(f'<span class="anchor" id="st-{int(sid)}"></span>')
        piece = str(escape(text[a:b]))
        over = [s for s in clean if s.start <= a and s.end >= b]
        if not over:
            out.append(piece)
            continue
        classes = " ".join(sorted({c for s in over for c in s.cls.split()}))
        ids = sorted({s.statement for s in over if s.statement is not None})
        attrs = f' class="{escape(classes)}"'
        if ids:
            attrs += f' data-statement="{" ".join(str(int(i)) for i in ids)}"'
        titles = [s.title for s in over if s.title]
        if titles:
            attrs += f' title="{escape("; ".join(titles))}"'
        out.append(f"<span{attrs}>{piece}</span>")
    return Markup("".join(out))


def quote_spans(q: Quote, with_statement_ids: bool = True) -> list[Span]:
    """The statement, its speaker and its cue as highlight spans."""
    spans = [
        Span(
            q.start, q.end, f"hl-st hl-{q.kind}", q.id if with_statement_ids else None, f"{q.kind} statement"
        )
    ]
    if q.speaker_start is not None and q.speaker_end is not None:
        spans.append(Span(q.speaker_start, q.speaker_end, "hl-sp", None, f"speaker: {q.speaker or '?'}"))
    return spans


def paragraph(text: str, q: Quote, cue: tuple[int, int] | None = None) -> tuple[int, int]:
    """The bounds of the paragraph holding the statement and its speaker (trimmed when very long)."""
    points = [q.start, q.end] + [x for x in (q.speaker_start, q.speaker_end) if x is not None]
    if cue:
        points += list(cue)
    lo, hi = max(0, min(points)), min(len(text), max(points))
    start = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    end = len(text) if end < 0 else end
    if lo - start > PARAGRAPH_MAX // 2:
        start = max(start, lo - PARAGRAPH_MAX // 2)
    if end - hi > PARAGRAPH_MAX // 2:
        end = min(end, hi + PARAGRAPH_MAX // 2)
    return start, end


# ---- charts: inline SVG, sized by viewBox, styled by CSS classes (no inline style, no script) ----


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_chart(by_month: list[tuple[str, int]], label: str) -> Markup:
    """Bars of statements per month (per year when the span is over 10 years); empty months shown as gaps."""
    dated = {m: n for m, n in by_month if len(m) == 7 and m[4] == "-" and m[:4].isdigit() and m[5:].isdigit()}
    if not dated:
        return Markup('<p class="muted">No dated statements.</p>')
    months = _months(min(dated), max(dated))
    if len(months) > 120:
        years: dict[str, int] = {}
        for m, n in dated.items():
            years[m[:4]] = years.get(m[:4], 0) + n
        keys = [str(y) for y in range(int(min(years)), int(max(years)) + 1)]
        counts = [years.get(k, 0) for k in keys]
    else:
        keys, counts = months, [dated.get(m, 0) for m in months]
    width, height, pad_l, pad_b, top = 600, 160, 34, 22, 8
    top_n = max(counts) or 1
    slot = (width - pad_l) / len(keys)
    bar = max(1.0, slot * 0.8)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{pad_l}" y1="{height - pad_b}" x2="{width}" y2="{height - pad_b}"/>',
        f'<text class="tick" x="{pad_l - 4}" y="{top + 8}" text-anchor="end">{top_n}</text>',
        f'<text class="tick" x="{pad_l - 4}" y="{height - pad_b}" text-anchor="end">0</text>',
    ]
    for i, (k, n) in enumerate(zip(keys, counts, strict=True)):
        if not n:
            continue
        h = (height - pad_b - top) * n / top_n
        x = pad_l + i * slot + (slot - bar) / 2
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{height - pad_b - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
            f"<title>{escape(k)}: {n}</title></rect>"
        )
    parts.append(f'<text class="tick" x="{pad_l}" y="{height - 6}">{escape(keys[0])}</text>')
    if len(keys) > 1:
        parts.append(
            f'<text class="tick" x="{width}" y="{height - 6}" text-anchor="end">{escape(keys[-1])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(rows: list[tuple[str, int]], label: str, limit: int = 15) -> Markup:
    """Horizontal bars, one per row (label, count), largest first."""
    rows = rows[:limit]
    if not rows:
        return Markup('<p class="muted">Nothing to chart.</p>')
    width, row_h, label_w = 600, 24, 220
    height = row_h * len(rows) + 4
    top_n = max(n for _, n in rows) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for i, (name, n) in enumerate(rows):
        y = i * row_h + 2
        w = (width - label_w - 50) * n / top_n
        short = name if len(name) <= 30 else name[:29] + "…"
        parts.append(
            f'<text class="label" x="{label_w - 6}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 8}">'
            f"<title>{escape(name)}: {n}</title></rect>"
            f'<text class="tick" x="{label_w + w + 6:.1f}" y="{y + 16}">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _day(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def dots_timeline(items: list[tuple[str | None, str]], label: str) -> Markup:
    """One dot per item on a date axis (items on the same day stack up): a story's articles."""
    dated = [(d, t) for d, t in ((_day(d), t) for d, t in items) if d]
    if not dated:
        return Markup('<p class="muted">No dated articles.</p>')
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max(1, (last - first).days)
    width, pad = 600, 40
    stacks: dict[date, int] = {}
    for d, _ in dated:
        stacks[d] = stacks.get(d, 0) + 1
    height = 40 + 14 * max(stacks.values())
    base = height - 24
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}"/>',
    ]
    seen: dict[date, int] = {}
    for d, title in dated:
        k = seen[d] = seen.get(d, 0) + 1
        x = pad + (width - 2 * pad) * ((d - first).days / span if first != last else 0.5)
        parts.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{base - 10 - 14 * (k - 1)}" r="5">'
            f"<title>{escape(d.isoformat())}: {escape(title)}</title></circle>"
        )
    parts.append(
        f'<text class="tick" x="{pad}" y="{height - 6}" text-anchor="middle">{first.isoformat()}</text>'
    )
    if first != last:
        parts.append(
            f'<text class="tick" x="{width - pad}" y="{height - 6}" text-anchor="middle">{last.isoformat()}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def reactions_graph(reactions: list[Any], label: str) -> Markup:
    """Who answered whom and when: one lane per speaker, one arrow per reaction from the response (its
    speaker's lane, its date) to what it answers (the target's lane and date), coloured by stance."""
    if not reactions:
        return Markup('<p class="muted">No reactions linked in this story.</p>')

    def lane_name(speaker: dict[str, Any] | None) -> str:
        return speaker["name"] if speaker else "(unattributed)"

    lanes: list[str] = []
    points: list[tuple[date | None, str, date | None, str, str, str]] = []
    for r in reactions:
        target = r.target["statement"]
        src = lane_name(r.statement.speaker)
        dst = lane_name(r.target["speaker"] or (target.speaker if target else None))
        for name in (src, dst):
            if name not in lanes:
                lanes.append(name)
        points.append(
            (
                _day(r.statement.date),
                src,
                _day(target.date) if target else _day(r.statement.date),
                dst,
                r.stance,
                r.statement.text,
            )
        )
    days = [d for p in points for d in (p[0], p[2]) if d]
    first = min(days) if days else None
    one_day = not days or max(days) == first
    span = 1 if one_day or first is None else (max(days) - first).days
    left, right, row = 170, 30, 34
    width = 760
    height = 40 + row * len(lanes)

    def x(d: date | None) -> float:
        if d is None or first is None or one_day:
            return left + (width - left - right) / 2
        return left + (width - left - right) * (d - first).days / span

    def y(name: str) -> float:
        return 24 + row * lanes.index(name)

    parts = [
        f'<svg class="chart reactions" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>',
    ]
    for name in lanes:
        parts.append(
            f'<line class="lane" x1="{left}" y1="{y(name)}" x2="{width - right}" y2="{y(name)}"/>'
            f'<text class="lane-name" x="{left - 8}" y="{y(name) + 4}" text-anchor="end">{escape(name[:24])}</text>'
        )
    for k, (d_src, src, d_dst, dst, stance, text) in enumerate(points):
        x1, y1, x2, y2 = x(d_src), y(src), x(d_dst), y(dst)
        bend = 18 + 6 * (k % 4)
        path = f"M {x1:.1f} {y1:.1f} C {x1 - bend:.1f} {y1:.1f}, {x2 + bend:.1f} {y2:.1f}, {x2:.1f} {y2:.1f}"
        parts.append(
            f'<path class="reaction {escape(stance)}" d="{path}" marker-end="url(#arrow)">'
            f"<title>{escape(src)} {escape(stance)} {escape(dst)}: {escape(text[:120])}</title></path>"
            f'<circle class="dot {escape(stance)}" cx="{x1:.1f}" cy="{y1:.1f}" r="4"/>'
        )
    if first is not None:
        parts.append(
            f'<text class="tick" x="{x(first):.1f}" y="{height - 4}" text-anchor="middle">{first.isoformat()}</text>'
        )
        last = max(days)
        if last != first:
            parts.append(
                f'<text class="tick" x="{width - right}" y="{height - 4}" text-anchor="middle">{last.isoformat()}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
