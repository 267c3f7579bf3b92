"""Statement groups: the same quote as several articles report it.

A statement joins the group of an earlier statement when one of these holds:
- exact: the same words after normalization (case, accents, punctuation);
- near duplicate: MinHash/LSH over word bigrams finds it, and the bigram sets overlap (Jaccard >= 0.5, or
  one nearly contains the other: small wording changes, trimmed quotes);
- fragment: one is a contiguous run of the other's words and both have the same speaker (a partial quote
  of a longer quotation).
Quotes by different speakers only group when long enough to be distinctive. LSH band keys are rows in
an indexed table, so finding candidates costs a few index lookups whatever the size of the corpus.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from typing import Any

from quotegraph.config import (
    MAX_CANDIDATES,
    MIN_FRAGMENT_CHARS,
    MIN_FRAGMENT_WORDS,
    MIN_WORDS_ACROSS_SPEAKERS,
)
from quotegraph.corpus.link.text import fold, hash64, words

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
JACCARD = 0.5
CONTAINMENT = 0.8
_RUNS_PER_QUERY = 500  # text hashes per query of the fragment search (SQLite's variable limit)


@cache
def _minhash() -> tuple[Any, Any, Any]:
    """datasketch's MinHash with our fixed permutations, imported on first use: datasketch pulls in scipy
    (over a second), which readers of the store never need."""
    from datasketch import MinHash

    seed = MinHash(num_perm=NUM_PERM, seed=7)
    return MinHash, seed.permutations, seed.scheme


def text_key(text: str) -> int:
    """Hash of the normalized words: equal for the same quote whatever its punctuation and case."""
    return hash64(" ".join(words(text)))


def shingles(tokens: list[str]) -> set[str]:
    if len(tokens) < 2:
        return set(tokens)
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}


def band_keys(shingle_set: set[str]) -> list[int]:
    """The LSH keys of a shingle set: one hash per band of the MinHash signature."""
    minhash, permutations, scheme = _minhash()
    mh = minhash(num_perm=NUM_PERM, permutations=permutations, scheme=scheme)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    sig = mh.hashvalues.astype("uint64", copy=False)
    return [hash64(f"{b}:" + sig[b * ROWS : (b + 1) * ROWS].tobytes().hex()) for b in range(BANDS)]


def run_hashes(tokens: list[str], shortest: int) -> set[int]:
    """``hash64`` of every contiguous run of at least ``shortest`` words, as ``text_key`` hashes a text of
    just those words; each run extends the one before it in one hasher, so a long quote costs n squared
    small updates, not n cubed words joined."""
    out: set[int] = set()
    encoded = [t.encode("utf-8") for t in tokens]
    for i in range(len(encoded)):
        h = hashlib.blake2b(encoded[i], digest_size=8)
        for j in range(i + 1, len(encoded) + 1):
            if j > i + 1:
                h.update(b" " + encoded[j - 1])
            if j - i >= shortest:
                out.add(int.from_bytes(h.copy().digest(), "big", signed=True))
    return out


_FTS_TOKEN = re.compile(r"[^\W_]+")


def _fts_tokens(text: str) -> list[str]:
    """The tokens of statements_fts (unicode61, diacritics removed): runs of letters and digits, folded."""
    return _FTS_TOKEN.findall(fold(text))


def _contains(longer: list[str], shorter: list[str]) -> bool:
    if len(shorter) < MIN_FRAGMENT_WORDS or len(shorter) > len(longer):
        return False
    return f" {' '.join(shorter)} " in f" {' '.join(longer)} "


def exact_joins(same_speaker: bool, tokens: list[str]) -> bool:
    """The same words join when the speaker is the same, or when the quote is long enough to be distinctive."""
    return same_speaker or len(tokens) >= MIN_WORDS_ACROSS_SPEAKERS


def near_score(
    tokens: list[str], sh: set[str], other_tokens: list[str], other: set[str], same_speaker: bool
) -> float | None:
    """How well a band candidate matches (higher is better), None when it is not a near duplicate."""
    inter = len(sh & other)
    if not inter:
        return None
    jaccard = inter / len(sh | other)
    contain = inter / min(len(sh), len(other))
    ok = jaccard >= JACCARD or (contain >= CONTAINMENT and min(len(sh), len(other)) >= 3)
    if ok and (same_speaker or min(len(tokens), len(other_tokens)) >= MIN_WORDS_ACROSS_SPEAKERS):
        return max(jaccard, contain) + (0.5 if same_speaker else 0.0)
    return None


def contains(longer: list[str], shorter: list[str]) -> bool:
    """``shorter`` is a contiguous run of ``longer``'s words (a fragment of it)."""
    return _contains(longer, shorter)


@dataclass
class NewStatement:
    id: int
    text: str
    speaker: int | None
    named: bool


class StatementLinker:
    """Puts each new statement into a group, creating one when nothing matches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.touched: set[int] = set()

    def assign(self, st: NewStatement) -> int:
        tokens = words(st.text)
        group = self._match(st, tokens)
        if group is None:
            cur = self.conn.execute(
                "INSERT INTO statement_groups (text, speaker) VALUES (?, ?)", (st.text, st.speaker)
            )
            group = int(cur.lastrowid or 0)
        self.conn.execute("UPDATE statements SET group_id = ? WHERE id = ?", (group, st.id))
        sh = shingles(tokens)
        if len(sh) >= 2:
            self.conn.executemany(
                "INSERT OR IGNORE INTO statement_bands (band, statement) VALUES (?, ?)",
                [(k, st.id) for k in band_keys(sh)],
            )
        self.touched.add(group)
        return group

    def _match(self, st: NewStatement, tokens: list[str]) -> int | None:
        if not tokens:
            return None
        conn = self.conn
        same_speaker_ok = st.speaker is not None and st.named
        rows = conn.execute(
            "SELECT group_id, speaker FROM statements WHERE text_hash = ? AND id <> ? AND group_id IS NOT NULL "
            "ORDER BY id LIMIT 50",
            (hash64(" ".join(tokens)), st.id),
        ).fetchall()
        for group, speaker in rows:
            if exact_joins(same_speaker_ok and speaker == st.speaker, tokens):
                return int(group)
        if same_speaker_ok:
            group = self._fragment(st, tokens)
            if group is not None:
                return group
        sh = shingles(tokens)
        if len(sh) < 2:
            return None
        keys = band_keys(sh)
        marks = ",".join("?" * len(keys))
        cands = conn.execute(
            f"SELECT s.id, s.group_id, s.speaker, s.text FROM statements s WHERE s.id IN "
            f"(SELECT statement FROM statement_bands WHERE band IN ({marks}) LIMIT {MAX_CANDIDATES}) "
            "AND s.group_id IS NOT NULL",
            keys,
        ).fetchall()
        best: tuple[float, int] | None = None
        for _, group, speaker, text in cands:
            other_tokens = words(text)
            score = near_score(
                tokens, sh, other_tokens, shingles(other_tokens), same_speaker_ok and speaker == st.speaker
            )
            if score is not None and (best is None or score > best[0]):
                best = (score, int(group))
        return best[1] if best else None

    def _fragment(self, st: NewStatement, tokens: list[str]) -> int | None:
        """A statement of the same speaker that contains this one, or that this one contains. A speaker
        with few statements has them read once for both (what the full-text search costs a 1M-statement
        store is more: common words have long posting lists)."""
        conn = self.conn
        said = conn.execute("SELECT statements FROM entities WHERE id = ?", (st.speaker,)).fetchone()
        count = said[0] if said is not None else None
        own: list[tuple[int, int, str]] | None = None
        if count is not None and count <= MAX_CANDIDATES:
            own = conn.execute(
                "SELECT id, group_id, text FROM statements WHERE speaker = ? AND id <> ? AND group_id IS NOT NULL "
                "ORDER BY id",
                (st.speaker, st.id),
            ).fetchall()
        if len(tokens) >= MIN_FRAGMENT_WORDS and len(st.text) >= MIN_FRAGMENT_CHARS:
            group = self._containing(st, tokens, own)
            if group is not None:
                return group
        return self._fragment_within(st, tokens, own, count)

    def _containing(
        self, st: NewStatement, tokens: list[str], own: list[tuple[int, int, str]] | None
    ) -> int | None:
        """The earliest statement of the speaker whose words hold this one's as a run, of those the full-text
        phrase matches: among the speaker's own when read, else among the newest matches of anyone's."""
        if own is None:
            phrase = '"' + " ".join(tokens) + '"'
            try:
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                        (phrase, MAX_CANDIDATES),
                    )
                ]
            except sqlite3.OperationalError:
                ids = []
            ids = [i for i in ids if i != st.id]
            if not ids:
                return None
            marks = ",".join("?" * len(ids))
            own = self.conn.execute(
                f"SELECT id, group_id, text FROM statements WHERE id IN ({marks}) AND speaker = ? "
                "AND group_id IS NOT NULL ORDER BY id",
                [*ids, st.speaker],
            ).fetchall()
        else:
            # what the full-text phrase would match: its tokens split at apostrophes ('Trump’s' is 'trump s')
            phrase_tokens = _fts_tokens(" ".join(tokens))
            own = [r for r in own if _contains(_fts_tokens(r[2]), phrase_tokens)]
        for _, group, text in own:
            if _contains(words(text), tokens):
                return int(group)
        return None

    def _fragment_within(
        self, st: NewStatement, tokens: list[str], own: list[tuple[int, int, str]] | None, count: int | None
    ) -> int | None:
        """The newest statement of the same speaker that is a contiguous run of this one's words, looked
        for among all of the speaker's statements, by whichever of two exact searches is cheaper: reading
        the speaker's statements (cheap for one with few), or looking up the hash of every run of this
        statement's words (a statement's text hash is the hash of its words), whatever their number:
        reading them cost 10 ms and more per statement of a prolific speaker."""
        n = len(tokens)
        # a run hashed and looked up costs about one of the speaker's statements read (3.1 and 4.0 us,
        # measured on the 100k-statement benchmark store)
        runs = (
            (n - MIN_FRAGMENT_WORDS + 1) * (n - MIN_FRAGMENT_WORDS + 2) // 2 if n >= MIN_FRAGMENT_WORDS else 0
        )
        if own is not None:
            found = [r for r in own if len(r[2]) < len(st.text)]
        elif count is not None and count <= runs:
            found = self.conn.execute(
                "SELECT id, group_id, text FROM statements WHERE speaker = ? AND id <> ? AND group_id IS NOT NULL "
                "AND length(text) < ?",
                (st.speaker, st.id, len(st.text)),
            ).fetchall()
        else:
            found = self._by_run_hashes(st, tokens)
        for _, group, text in sorted(found, reverse=True):
            if len(text) >= MIN_FRAGMENT_CHARS and _contains(tokens, words(text)):
                return int(group)
        return None

    def _by_run_hashes(self, st: NewStatement, tokens: list[str]) -> list[tuple[int, int, str]]:
        hashes = sorted(run_hashes(tokens, MIN_FRAGMENT_WORDS))
        found: list[tuple[int, int, str]] = []
        for lo in range(0, len(hashes), _RUNS_PER_QUERY):
            chunk = hashes[lo : lo + _RUNS_PER_QUERY]
            # '+speaker' keeps SQLite on the hash index: on the speaker's it would read all their statements
            found += self.conn.execute(
                f"SELECT id, group_id, text FROM statements WHERE text_hash IN ({','.join('?' * len(chunk))}) "
                "AND +speaker = ? AND id <> ? AND group_id IS NOT NULL AND length(text) < ?",
                [*chunk, st.speaker, st.id, len(st.text)],
            ).fetchall()
        return found

    def refresh(self) -> None:
        """Recompute the touched groups' counts, earliest date, longest text and speaker."""
        if not self.touched:
            return
        refresh_groups(self.conn, self.touched)
        self.touched.clear()


def refresh_groups(conn: sqlite3.Connection, groups: set[int]) -> None:
    """Counts, first date and document, longest text and speaker of groups, over their shown statements."""
    conn.executemany(
        """
        UPDATE statement_groups SET
          statements = (SELECT count(*) FROM statements WHERE group_id = :g AND NOT hidden),
          documents = (SELECT count(DISTINCT document) FROM statements WHERE group_id = :g AND NOT hidden),
          outlets = (SELECT count(DISTINCT d.outlet) FROM statements s JOIN documents d ON d.id = s.document
                     WHERE s.group_id = :g AND NOT s.hidden),
          first_date = (SELECT min(date) FROM statements WHERE group_id = :g AND NOT hidden),
          first_document = (SELECT document FROM statements WHERE group_id = :g AND NOT hidden
                            ORDER BY date IS NULL, date, id LIMIT 1),
          text = coalesce((SELECT text FROM statements WHERE group_id = :g AND NOT hidden
                           ORDER BY length(text) DESC, id LIMIT 1), text),
          speaker = (SELECT speaker FROM statements WHERE group_id = :g AND NOT hidden AND speaker IS NOT NULL
                     GROUP BY speaker ORDER BY max(speaker_named) DESC, count(*) DESC LIMIT 1)
        WHERE id = :g
        """,
        [{"g": g} for g in groups],
    )
