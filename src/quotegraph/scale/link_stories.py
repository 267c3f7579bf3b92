"""Stories for the Dask linker: articles scored pairwise with the SQLite linker's evidence rules
(corpus.link.stories: ``terms``, ``unit_vector``, ``Evidence``), each article joining the story of the
earlier article it fits best.

Not the same as the one-process result, by construction: the SQLite linker compares an article with the
stories as they stand when it arrives (the sum of their articles' vectors, document frequencies counted so
far, merges of two stories an article bridges), so its partition depends on the order of everything
before. Here the document frequencies are those of the whole corpus and an article is compared with
articles, so the work splits by feature; the agreement with the SQLite partition is measured
(``benchmarks/link_equality.py``), not assumed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from quotegraph.config import MAX_STORIES_PER_FEATURE
from quotegraph.corpus.link.stories import Evidence, _days

TOP_CANDIDATES = 20


@dataclass
class StoryInfo:
    """What the evidence needs of an article besides its vector."""

    day: str | None
    entities: frozenset[int]
    groups: frozenset[int]


def feature_dots(postings: Iterable[tuple[str, int, float]]) -> list[tuple[int, int, float]]:
    """Postings (feature, seq, weight) of one bucket of features -> partial dot products (later, earlier,
    w * w') with the MAX_STORIES_PER_FEATURE latest earlier articles holding the feature."""
    by_feature: dict[str, list[tuple[int, float]]] = {}
    for f, seq, w in postings:
        by_feature.setdefault(f, []).append((seq, w))
    out: list[tuple[int, int, float]] = []
    for plist in by_feature.values():
        plist.sort()
        for i, (b, wb) in enumerate(plist):
            for a, wa in plist[max(0, i - MAX_STORIES_PER_FEATURE) : i]:
                out.append((b, a, wa * wb))
    return out


def story_targets(
    dots: Iterable[tuple[int, int, float]], group_pairs: Iterable[tuple[int, int]], info: dict[int, StoryInfo]
) -> dict[int, int]:
    """For each later article of this bucket, the earlier article whose evidence joins best: the
    TOP_CANDIDATES highest cosines plus every article sharing a statement group, as the SQLite linker
    takes its candidates."""
    cos: dict[int, Counter[int]] = {}
    for b, a, d in dots:
        cos.setdefault(b, Counter())[a] += d
    shared: dict[int, set[int]] = {}
    for b, a in group_pairs:
        shared.setdefault(b, set()).add(a)
    out: dict[int, int] = {}
    for b in set(cos) | set(shared):
        dots_b = cos.get(b, Counter())
        cands = [a for a, _ in dots_b.most_common(TOP_CANDIDATES)]
        cands += sorted(shared.get(b, set()) - set(cands))
        me = info[b]
        best: tuple[float, int] | None = None
        for a in cands:
            other = info[a]
            ev = Evidence(
                story=a,
                cosine=dots_b.get(a, 0.0),
                groups=len(me.groups & other.groups),
                entities=len(me.entities & other.entities),
                gap=_days(me.day, other.day),
            )
            if ev.joins() and (best is None or ev.score() > best[0]):
                best = (ev.score(), a)
        if best is not None:
            out[b] = best[1]
    return out


def story_roots(seqs: Iterable[int], target: dict[int, int]) -> dict[int, int]:
    """Article seq -> its story (the seq of its first article)."""
    root: dict[int, int] = {}
    for seq in sorted(seqs):
        t = target.get(seq)
        root[seq] = root.get(t, t) if t is not None else seq
    return root
