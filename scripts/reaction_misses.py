"""Where the pipeline loses a reactions set's gold links: for each missed gold reaction, the first stage
that failed (response not extracted, cue not found, target not extracted, target's article not a
candidate, a wrong target chosen, or nothing linked from a found cue), counted by stage.

Only for development sets: a held-back set's misses are not read (see its README).

    python scripts/reaction_misses.py tests/gold/reactions_holdout [--verbose]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from quotegraph.corpus.link.reactions import _NEGATED, _OBJECT_END, _RELATIVE, ReactionLinker, _sentence_at
from quotegraph.evaluate.goldset import score_ingested
from quotegraph.evaluate.reactions import _place, load_gold, score_store


def _why_unlinked(linker: ReactionLinker, doc: Any, cue_lo: int, cue_hi: int) -> str:
    """Which step of the cue's linking gave nothing: the clause ruled out, no response, or no target."""
    text = doc.text
    for m, _, takes in sorted(doc.cues, key=lambda c: c[0].start() - c[0].end()):
        if not (m.start() < cue_hi and cue_lo < m.end()):
            continue
        s_index = _sentence_at(doc, m.start())
        s_lo, s_hi = doc.sentences[s_index]
        head = text[s_lo : m.start()][-40:]
        if _NEGATED.search(head) or _RELATIVE.search(head):
            return "negated or relative clause"
        clause_hi = m.end()
        if takes:
            end = _OBJECT_END.search(text[m.end() : s_hi])
            clause_hi = m.end() + (end.start() if end else s_hi - m.end())
        subject, responses = linker._responses(doc, m, s_index, clause_hi, takes)
        if not responses:
            return f"no response found (subject {subject})"
        return f"no target scored (responses {[r.id for r in responses]}, subject {subject})"
    return "?"


def _diagnose(conn: sqlite3.Connection, gold: dict[str, Any], verbose: bool) -> Counter[str]:
    texts = {src: (doc, text) for doc, src, text in conn.execute("SELECT id, source, text FROM documents")}
    source_of = {doc: src for src, (doc, _) in texts.items()}
    rows = conn.execute(
        "SELECT s.id, s.document, s.start, s.end, s.text, coalesce(e2.name, e.name), s.speaker_text "
        "FROM statements s LEFT JOIN entities e ON e.id = s.speaker "
        "LEFT JOIN entities e2 ON e2.id = e.merged_into"
    ).fetchall()
    story = dict(conn.execute("SELECT id, story FROM documents"))
    predicted: dict[int, list[int | None]] = {}
    for statement, target in conn.execute("SELECT statement, target_statement FROM reactions"):
        predicted.setdefault(statement, []).append(target)
    linker = ReactionLinker(conn)
    score = score_store(conn, gold)
    missed = {id(m) for m in score.misses}
    stages: Counter[str] = Counter()

    def over(places: list[tuple[int, int, int]]) -> list[tuple[Any, ...]]:
        return [r for r in rows if any(r[1] == d and r[2] < e and s < r[3] for d, s, e in places)]

    for g in gold["reactions"]:
        if id(g) not in missed:
            continue
        responses = over([_place(texts, p) for p in g["response"]])
        targets = over([_place(texts, p) for p in g["targets"]])
        cue_doc, cue_lo, cue_hi = _place(texts, g["cue"])
        doc = linker._doc(cue_doc)
        cue_found = [m.group(0) for m, _, _ in doc.cues if m.start() < cue_hi and cue_lo < m.end()]
        pools = {pool.id for pool, _ in linker._pools(doc)}
        target_docs = {d for d, _, _ in (_place(texts, p) for p in g["targets"])}
        linked = [t for r in responses for t in predicted.get(r[0], [])]
        if not responses:
            stage = "response not extracted"
        elif not cue_found:
            stage = "cue not recognised"
        elif g["targets"] and not targets:
            stage = "target not extracted"
        elif target_docs and not target_docs & pools:
            stage = "target article not a candidate (story split)"
        elif linked:
            stage = "wrong target chosen"
        else:
            stage = "cue found, nothing linked: " + _why_unlinked(linker, doc, cue_lo, cue_hi)
        stages[stage] += 1
        print(f"[{stage}] {g['cue']['article']}: {g['cue']['quote']!r}")
        if verbose:
            for r in responses:
                print(f"    response S{r[0]} by {r[5]!r} ({r[6]!r}): {r[4][:70]!r}")
            for r in targets:
                print(f"    target S{r[0]} ({source_of[r[1]]}) by {r[5]!r}: {r[4][:70]!r}")
            print(f"    cue matches {cue_found}; gold speaker {g.get('speaker')!r}")
            print(f"    stories: response {story[cue_doc]}, targets {sorted(story[d] for d in target_docs)}")
            for t in linked:
                hit = [r for r in rows if r[0] == t]
                print(
                    f"    linked to {hit[0][4][:70]!r} by {hit[0][5]!r}" if hit else "    linked to a speaker"
                )
    for e in score.errors:
        print(
            f"[wrong link] [{e['cue']}] {e['response'][:60]!r} -> {str(e['target'] or e['target_entity'])[:60]!r}"
        )
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if "holdout3" in str(args.folder):
        sys.exit("reactions_holdout3 is held back: its misses are not read")
    articles, gold = load_gold(args.folder)
    stages = score_ingested(articles, lambda conn: _diagnose(conn, gold, args.verbose), "qg-misses-")
    print()
    for stage, n in stages.most_common():
        print(f"{n:3d}  {stage}")


if __name__ == "__main__":
    main()
