"""Statement groups for the Dask linker: the SQLite linker's rules (corpus.link.statements) as a function
of pairs, so they run as shuffles.

Why this reproduces the one-process grouping: the SQLite linker puts a statement into the group of one
earlier statement, its *target*, and which statement that is depends only on the two statements (their
words, speakers, band keys) and on ingest order, never on the groups already made: the first earlier
statement with the same words that may join (``exact_joins``); else, for a named speaker, the earliest
earlier statement of that speaker containing it, else the latest shorter one it contains; else the band
candidate with the best ``near_score`` (the earliest on a tie). So targets are computed per shuffle
bucket (by words hash, by speaker, by MinHash band) and groups are the trees of the target forest.

Not reproduced: for a speaker with more than MAX_CANDIDATES statements the SQLite path looks for a
statement containing the new one among the newest 200 full-text hits of its phrase across all speakers
(and it reads at most 200 band candidates); here every earlier statement of the speaker counts, so a
phrase with more than 200 earlier hits ("Hillary Clinton" on PolNeAR train+dev) can group differently.
The full-text pre-filter is emulated with the FTS5 unicode61 token rule. The search for a shorter
statement the new one contains is exhaustive on both paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from quotegraph.config import MIN_FRAGMENT_CHARS, MIN_FRAGMENT_WORDS
from quotegraph.corpus.link.statements import contains, exact_joins, near_score, shingles
from quotegraph.corpus.link.text import fold, words

SID_STRIDE = 1 << 16
_FTS_TOKEN = re.compile(r"[^\W_]+")

# A target: (statement id, rank of the rule that found it, score, target statement id); lower rank wins.
EXACT, FRAGMENT, LONGER, NEAR = 0, 1, 2, 3
Target = tuple[int, int, float, int]


@dataclass
class StatementRow:
    sid: int  # seq * SID_STRIDE + position in the article: the store's id order
    text: str
    speaker: int | None  # the speaker's entity label
    named: bool

    @property
    def same_speaker_ok(self) -> bool:
        return self.speaker is not None and self.named


def fts_tokens(text: str) -> list[str]:
    """Tokens as SQLite's FTS5 unicode61 tokenizer (remove_diacritics 2) sees them."""
    return _FTS_TOKEN.findall(fold(text))


def _phrase_in(phrase: list[str], text_tokens: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(text_tokens[i : i + n] == phrase for i in range(len(text_tokens) - n + 1))


def exact_targets(rows: Iterable[tuple[int, StatementRow]]) -> list[Target]:
    """Rows as (words hash, statement): the first of the 50 earliest statements with the same words that
    the rule lets it join."""
    by_hash: dict[int, list[StatementRow]] = {}
    for h, row in rows:
        by_hash.setdefault(h, []).append(row)
    out: list[Target] = []
    for group in by_hash.values():
        group.sort(key=lambda r: r.sid)
        for i, st in enumerate(group):
            tokens = words(st.text)
            if not tokens:
                continue
            for other in group[: min(i, 50)]:
                if exact_joins(st.same_speaker_ok and other.speaker == st.speaker, tokens):
                    out.append((st.sid, EXACT, 0.0, other.sid))
                    break
    return out


def fragment_targets(rows: Iterable[StatementRow]) -> list[Target]:
    """Rows of one block of speakers: a named speaker's statement joins the earliest earlier statement of
    the same speaker that contains it, else the latest shorter one it contains (of all of them, as the
    store's exact search finds it)."""
    by_speaker: dict[int, list[StatementRow]] = {}
    for row in rows:
        if row.speaker is not None:
            by_speaker.setdefault(row.speaker, []).append(row)
    out: list[Target] = []
    for group in by_speaker.values():
        group.sort(key=lambda r: r.sid)
        toks = [words(r.text) for r in group]
        fts = [fts_tokens(r.text) for r in group]
        for i, st in enumerate(group):
            tokens = toks[i]
            if not st.same_speaker_ok or not tokens:
                continue
            found = None
            if len(tokens) >= MIN_FRAGMENT_WORDS and len(st.text) >= MIN_FRAGMENT_CHARS:
                phrase = fts_tokens(" ".join(tokens))
                for j in range(i):
                    if _phrase_in(phrase, fts[j]) and contains(toks[j], tokens):
                        found = (st.sid, FRAGMENT, 0.0, group[j].sid)
                        break
            if found is None:
                shorter = [j for j in range(i - 1, -1, -1) if len(group[j].text) < len(st.text)]
                for j in shorter:
                    if len(group[j].text) >= MIN_FRAGMENT_CHARS and contains(tokens, toks[j]):
                        found = (st.sid, LONGER, 0.0, group[j].sid)
                        break
            if found is not None:
                out.append(found)
    return out


def near_targets(rows: Iterable[tuple[int, StatementRow]]) -> list[Target]:
    """Rows as (band key, statement): per statement, the best-scoring earlier statement sharing the band
    (the earliest on a tie); ``best_targets`` then keeps the best over all bands."""
    by_band: dict[int, list[StatementRow]] = {}
    for band, row in rows:
        by_band.setdefault(band, []).append(row)
    out: list[Target] = []
    cache: dict[int, tuple[list[str], set[str]]] = {}

    def parts(r: StatementRow) -> tuple[list[str], set[str]]:
        if r.sid not in cache:
            t = words(r.text)
            cache[r.sid] = (t, shingles(t))
        return cache[r.sid]

    for group in by_band.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: r.sid)
        for i, st in enumerate(group[1:], start=1):
            tokens, sh = parts(st)
            best: tuple[float, int] | None = None
            for other in group[:i]:
                o_tokens, o_sh = parts(other)
                same = st.same_speaker_ok and other.speaker == st.speaker
                score = near_score(tokens, sh, o_tokens, o_sh, same)
                if score is not None and (best is None or score > best[0]):
                    best = (score, other.sid)
            if best is not None:
                out.append((st.sid, NEAR, best[0], best[1]))
    return out


def best_targets(targets: Iterable[Target]) -> dict[int, int]:
    """Statement id -> target id: the rule the SQLite linker tries first wins, then the higher near score,
    then the earlier target."""
    best: dict[int, Target] = {}
    for t in targets:
        cur = best.get(t[0])
        if cur is None or (t[1], -t[2], t[3]) < (cur[1], -cur[2], cur[3]):
            best[t[0]] = t
    return {sid: t[3] for sid, t in best.items()}


def group_roots(sids: Iterable[int], target: dict[int, int]) -> dict[int, int]:
    """Statement id -> its group (the id of the first statement of the group): the roots of the forest."""
    root: dict[int, int] = {}
    for sid in sorted(sids):  # a target is always earlier, so its root is known already
        t = target.get(sid)
        root[sid] = root.get(t, t) if t is not None else sid
    return root
