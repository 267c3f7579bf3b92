"""The one filter builder: statement filters -> SQL conditions and their parameters.

Every listing, search and facet of the CLI, the Python API and the web builds its WHERE clause here.
Conditions are constant SQL text with ``?`` parameters; request text only ever reaches SQLite as a bound
value, and full-text queries only through fts_query, which quotes every word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from quotegraph.corpus.link.text import words
from quotegraph.errors import BadQuery, NotFound

KINDS = ("direct", "partial", "indirect")
ACTS = ("speech", "thought", "finding")
ACT_CHOICES = (*ACTS, "all")  # lists show what people said (speech) unless asked

# (condition, parameters) for an FTS5 query: how the caller joins the text search (see plan.py)
TextCondition = Callable[[str], tuple[str, list[Any]]]


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word must occur; text in double quotes is a phrase."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        toks = words(phrase if phrase else word)
        if toks:
            parts.append('"' + " ".join(toks) + '"')
    if not parts:
        raise BadQuery(f"nothing to search for in {text!r}")
    return " ".join(parts)


@dataclass
class Filters:
    """The statement filters of `quotegraph quotes` (and of the web's listings and search)."""

    q: str | None = None
    speaker: str | None = None
    kind: list[str] = field(default_factory=list)
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    story: int | None = None
    act: str = "speech"  # one of ACTS, or "all"
    hidden: bool = False  # also the statements a user hid (`--hidden`)
    addressee: str | None = None  # a name, alias or entity id, as for ``speaker``
    # entity ids, set by a name search (never by a parameter): statements by one of ``by``, by none of ``not_by``
    by: list[int] = field(default_factory=list)
    not_by: list[int] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        speaker: str | None = None,
        search: str | None = None,
        kind: str | Sequence[str] | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: int | None = None,
        act: str = "speech",
        addressee: str | None = None,
    ) -> Filters:
        """From the Python API's keyword arguments (``kind`` one kind or several; ``act`` one or "all")."""
        kinds = [] if not kind else [kind] if isinstance(kind, str) else list(kind)
        return cls(search, speaker, kinds, outlet, since, until, story, act, addressee=addressee)

    def match(self) -> str | None:
        """The FTS5 query for ``q``, None without one; BadQuery when there is nothing to search for."""
        return fts_query(self.q) if self.q else None

    def check(self) -> None:
        """The stricter check of a typed search box: an unbalanced double quote is a BadQuery too."""
        if self.q and self.q.count('"') % 2:
            raise BadQuery('unbalanced double quote in the search text: close the "phrase"')
        self.match()

    def selective(self) -> bool:
        """A filter that narrows the statements well enough to drive a text search."""
        return bool(self.speaker or self.addressee or self.by or self.outlet or self.story is not None)

    def params(self) -> dict[str, Any]:
        """The filters as query parameters (for links that keep them)."""
        out: dict[str, Any] = {
            k: v
            for k, v in (
                ("q", self.q),
                ("speaker", self.speaker),
                ("addressee", self.addressee),
                ("outlet", self.outlet),
            )
            if v
        }
        if self.kind:
            out["kind"] = list(self.kind)
        out.update({k: v for k, v in (("since", self.since), ("until", self.until)) if v})
        if self.story is not None:
            out["story"] = self.story
        if self.act != "speech":
            out["act"] = self.act
        return out


class Lookup(Protocol):
    """What building conditions needs from the store: names to entity ids, the outlet condition."""

    def entity_ids(self, name: str) -> list[int]: ...

    def outlet_filter(self, outlet: str) -> tuple[str, Any]: ...

    def has_acts(self) -> bool: ...

    def has_hidden(self) -> bool: ...


@dataclass
class Where:
    """SQL conditions (joined with AND) and their parameters, in order."""

    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def sql(self) -> str:
        return "WHERE " + " AND ".join(self.conditions) if self.conditions else ""


def where(
    f: Filters,
    lookup: Lookup,
    text: TextCondition | None = None,
    over: Literal["statements", "documents"] = "statements",
) -> Where | None:
    """The conditions for ``f`` over ``s`` (statements) and ``d`` (documents); None: no speaker (or
    addressee) matches.

    ``text`` turns the search's FTS5 query into a condition (the caller's plan); without it ``q`` is not
    applied. ``over="documents"`` filters articles: a speaker must have a statement in the article, dates
    are the article's, the text condition drives (the outlet index is bypassed), and ``kind`` (a property
    of statements) does not apply.
    """
    w = Where()
    articles = over == "documents"
    for column, name in (("speaker", f.speaker), ("addressee", f.addressee)):
        if not name:
            continue
        try:
            ids = lookup.entity_ids(name)
        except NotFound as exc:  # an unknown entity id as a filter value
            raise BadQuery(str(exc)) from None
        if not ids:
            return None
        marks = ",".join("?" * len(ids))
        if articles:
            w.add(
                f"EXISTS (SELECT 1 FROM statements s WHERE s.document = d.id AND s.{column} IN ({marks}))",
                *ids,
            )
        else:
            w.add(f"s.{column} IN ({marks})", *ids)
    if f.by and not articles:
        w.add(f"s.speaker IN ({','.join('?' * len(f.by))})", *f.by)
    if f.not_by and not articles:
        w.add(f"(s.speaker IS NULL OR s.speaker NOT IN ({','.join('?' * len(f.not_by))}))", *f.not_by)
    if not f.hidden and not articles and lookup.has_hidden():
        w.add("NOT s.hidden")
    if f.kind and not articles:
        bad = set(f.kind) - set(KINDS)
        if bad:
            raise BadQuery(f"unknown kind {', '.join(sorted(bad))}; choose from {', '.join(KINDS)}")
        w.add(f"s.kind IN ({','.join('?' * len(f.kind))})", *f.kind)
    if f.act not in ACT_CHOICES:
        raise BadQuery(f"unknown act {f.act}; choose from {', '.join(ACT_CHOICES)}")
    if f.act != "all" and not articles:
        if lookup.has_acts():
            w.add("s.act = ?", f.act)
        elif f.act != "speech":
            return None  # a store from before acts: everything in it was listed as speech
    if f.outlet and f.outlet.strip():
        sql, value = lookup.outlet_filter(f.outlet)
        # '+' for articles: ranking reads all text matches anyway, and the outlet index would probe the
        # full-text index once per article of the outlet
        w.add(("+" if articles else "") + sql, value)
    date = "d.date" if articles else "s.date"
    if f.since:
        w.add(f"{date} >= ?", f.since)
    if f.until:
        w.add(f"{date} <= ?", f.until)
    if f.story is not None:
        w.add("d.story = ?", f.story)
    match = f.match()
    if match and text is not None:
        condition, params = text(match)
        w.add(condition, *params)
    return w
