"""Scoring attribution against PolNeAR (brat standoff: Source, Cue, Content tied by E lines).

Choices, so the figures can be read:
- One annotator per article: the lexicographically first .ann file for it, every time.
- A gold statement is an E line of type Attribution or Attribution-no-source; its content is the union of
  its Content fragments (discontinuous spans count only their characters).
- Predicted statements are scored as attributions, the unit gold annotates: a statement lying inside
  another (a partial quote inside the reported clause that carries it) is left out; the pieces of one
  quotation that share a cue ('"A," she said, "B."') or continue each other within a paragraph are one
  unit; a direct or partial quote's span includes its quote marks, as gold content does.
- Span overlap = shared characters / characters in either (intersection over union). Matching is one to
  one, best overlap first, at thresholds 0.3, 0.5 and 0.8.
- Speaker accuracy (at overlap 0.5, over matched statements whose gold has a Source): the predicted
  speaker span shares at least one character with the gold Source span ('overlap'), or equals it
  ('exact').
- Texts go in with --keep-text (no cleaning), so offsets are the gold's.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph.config import DEFAULT_MODEL
from quotegraph.errors import InputError
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument

THRESHOLDS = (0.3, 0.5, 0.8)
_KINDS = ("Attribution", "Attribution-no-source")


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)


def _spans(field_text: str) -> list[tuple[int, int]]:
    _, _, offsets = field_text.partition(" ")
    out = []
    for piece in offsets.split(";"):
        a, b = piece.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind = parts[1].split(" ", 1)[0]
            spans[parts[0]] = (kind, _spans(parts[1]))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(parts[1].split())
    gold = []
    for args in events:
        etype = args[0].split(":", 1)[0]
        if etype not in _KINDS:
            continue
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Source": [], "Cue": []}
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if role in roles and ref in spans:
                roles[role].extend(spans[ref][1])
        if roles["Content"]:
            gold.append(GoldAttribution(content=roles["Content"], source=roles["Source"], cue=roles["Cue"]))
    return gold


def load_split(path: str | Path) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, gold) per article of a split folder with text/ and attributions/."""
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{path}: expected a PolNeAR split with text/ and attributions/ folders")
    out = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        out.append(
            (txt.stem, txt.read_text(encoding="utf-8"), parse_ann(anns[0].read_text(encoding="utf-8")))
        )
    if not out:
        raise InputError(f"{path}: no annotated articles found")
    return out


def _bounds(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


def load_labels(
    path: str | Path, key_columns: tuple[str, str, str]
) -> dict[tuple[str, int, int], dict[str, str]]:
    """Rows of a hand-labelled TSV (tests/gold/README.md) keyed by article and span offsets."""
    rows: dict[tuple[str, int, int], dict[str, str]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read labels ({exc.strerror})") from None
    header = lines[0].split("\t") if lines else []
    if not set(key_columns) <= set(header):
        raise InputError(f"{path}: expected the columns {', '.join(key_columns)}")
    for line in lines[1:]:
        if line.strip():
            row = dict(zip(header, line.split("\t"), strict=False))
            article, start, end = (row[c] for c in key_columns)
            rows[(article, int(start), int(end))] = row
    return rows


def _fold_name(name: str) -> str:
    """Lower case, words only, no possessive; a campaign is its candidate's surname and 'campaign', the
    gold's convention (tests/gold/README.md), so 'Donald Trump’s campaign' is 'trump campaign'."""
    words = _NAME_WORD.findall(name.lower().replace("’s", "").replace("'s", ""))
    if len(words) > 1 and words[-1] == "campaign":
        named = [w for w in words[:-1] if w not in _CAMPAIGN_KINDS]
        words = [*named[-1:], "campaign"]
    return " ".join(words)


_CAMPAIGN_KINDS = frozenset({"presidential", "election", "reelection", "re", "senate", "2016", "new"})


_NAME_WORD = re.compile(r"[^\W_]+")


def referent_verdict(speaker: dict[str, Any] | None, referent: str) -> tuple[bool, bool]:
    """(strict, lenient): strict = the resolved name is the referent's (folded), or both are unnamed;
    lenient also accepts a resolved name whose words are all in the referent ('Clinton' for 'Hillary Clinton')."""
    if referent == "UNNAMED":
        ok = speaker is None or not speaker.get("named")
        return ok, ok
    if speaker is None or not speaker.get("named") or not speaker.get("name"):
        return False, False
    got, want = _fold_name(speaker["name"]), _fold_name(referent)
    if got == want:
        return True, True
    return False, bool(got) and set(got.split()) <= set(want.split())


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in spans:
        out.update(range(a, b))
    return out


def _drop_nested(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = []
    for s in statements:
        inside = any(
            o is not s
            and o["start"] <= s["start"]
            and s["end"] <= o["end"]
            and (o["end"] - o["start"]) > (s["end"] - s["start"])
            for o in statements
        )
        if not inside:
            keep.append(s)
    return keep


_MARKS = '"“”«»„‟'


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the quote marks around it, as gold content includes them."""
    if start >= 2 and text[start - 2 : start] in ("''", "``"):
        start -= 2
    elif start >= 1 and text[start - 1] in _MARKS:
        start -= 1
    rest = text[end : end + 3]
    for closer in ("''", *_MARKS):
        at = rest.find(closer)
        if at != -1 and rest[:at].strip(" .,!?") == "":
            end += at + len(closer)
            break
    return start, end


def attribution_units(statements: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Statements grouped as gold counts attributions: pieces of one quotation that share a cue, or
    that continue each other within a paragraph, are one unit; nested statements are dropped."""
    kept = _drop_nested(statements)
    by_id = {s["id"]: k for k, s in enumerate(kept)}
    parent = list(range(len(kept)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_cue: dict[tuple[int, int], int] = {}
    for k, s in enumerate(kept):
        if s["kind"] in ("direct", "partial") and s["cue"]:
            key = (s["cue"]["start"], s["cue"]["end"])
            if key in by_cue:
                parent[find(k)] = find(by_cue[key])
            else:
                by_cue[key] = k
        j = by_id.get(s.get("continues") or "")
        if j is not None:
            lo, hi = sorted((kept[j]["end"], s["start"]))
            if "\n" not in text[lo:hi]:
                parent[find(k)] = find(j)
    groups: dict[int, list[dict[str, Any]]] = {}
    for k, s in enumerate(kept):
        groups.setdefault(find(k), []).append(s)
    units = []
    for members in groups.values():
        chars: set[int] = set()
        for s in members:
            a, b = (
                (s["start"], s["end"]) if s["kind"] == "indirect" else _with_marks(text, s["start"], s["end"])
            )
            chars.update(range(a, b))
        lead = next((s for s in members if s["cue"]), members[0])
        units.append(
            {
                "chars": chars,
                "speaker": lead["speaker"],
                "kind": members[0]["kind"],
                "act": lead.get("act"),
                "cue": lead["cue"],
            }
        )
    return units


def match(pred: list[set[int]], gold: list[set[int]], threshold: float) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            inter = len(p & g)
            if inter:
                iou = inter / len(p | g)
                if iou >= threshold:
                    pairs.append((iou, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _count_exact(
    exact: dict[str, Counter[str]], units: list[dict[str, Any]], gold: list[GoldAttribution]
) -> None:
    """Exact-match counts in CofeNet's manner: a predicted content, cue or source span counts when it is
    exactly a gold one (contents as character sets, quote marks included as gold has them)."""
    pred = {
        "content": [frozenset(u["chars"]) for u in units],
        "cue": [frozenset(range(u["cue"]["start"], u["cue"]["end"])) for u in units if u["cue"]],
        "source": [
            frozenset(range(u["speaker"]["start"], u["speaker"]["end"]))
            for u in units
            if u["speaker"] and u["speaker"].get("start") is not None
        ],
    }
    want = {
        "content": [frozenset(_chars(g.content)) for g in gold],
        "cue": [frozenset(_chars(g.cue)) for g in gold if g.cue],
        "source": [frozenset(_chars(g.source)) for g in gold if g.source],
    }
    for part in exact:
        remaining = Counter(want[part])
        for span in pred[part]:
            if remaining[span] > 0:
                remaining[span] -= 1
                exact[part]["tp"] += 1
        exact[part]["pred"] += len(pred[part])
        exact[part]["gold"] += len(want[part])


def _f1(c: Counter[str]) -> float:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def evaluate_polnear(
    path: str | Path,
    model: str = DEFAULT_MODEL,
    extractor: Extractor | None = None,
    acts: str | Path | None = None,
    referents: str | Path | None = None,
) -> dict[str, Any]:
    """Scores on a split; ``acts`` and ``referents`` are hand-labelled TSVs (tests/gold/) scored over the
    statements matched at overlap 0.5: the act of each, and who a pronoun or descriptor speaker is."""
    act_gold = load_labels(acts, ("article", "start", "end")) if acts else {}
    referent_gold = load_labels(referents, ("article", "source_start", "source_end")) if referents else {}
    act_counts: Counter[str] = Counter()
    act_confusion: Counter[tuple[str, str]] = Counter()
    referent_counts: Counter[str] = Counter()
    exact: dict[str, Counter[str]] = {part: Counter() for part in ("content", "cue", "source")}
    split = load_split(path)
    extractor = extractor or Extractor(model=model, keep_text=True)
    raws = [RawDocument(source=name, text=text) for name, text, _ in split]
    started = time.perf_counter()
    # an article that fails (over its time budget, say) is scored as predicting nothing, never dropped:
    # dropping it would pair every later article with the wrong gold
    results = list(extractor.extract_documents(raws))
    failed = [name for (name, _, _), r in zip(split, results, strict=True) if isinstance(r, InputError)]
    elapsed = time.perf_counter() - started
    counts = {t: Counter() for t in THRESHOLDS}
    speaker = Counter()
    kinds: Counter[str] = Counter()
    for (name, _, gold), result in zip(split, results, strict=True):
        if isinstance(result, InputError):
            statements = []
        else:
            statements = attribution_units(result.to_dict()["statements"], result.article.text)
        pred_sets = [s["chars"] for s in statements]
        gold_sets = [_chars(g.content) for g in gold]
        kinds.update(s["kind"] for s in statements)
        _count_exact(exact, statements, gold)
        for t in THRESHOLDS:
            pairs = match(pred_sets, gold_sets, t)
            counts[t]["tp"] += len(pairs)
            counts[t]["pred"] += len(pred_sets)
            counts[t]["gold"] += len(gold_sets)
            if t == 0.5:
                for i, j in pairs:
                    g = gold[j]
                    sp = statements[i]["speaker"]
                    cue = _bounds(g.cue) or _bounds(g.content)
                    label = act_gold.get((name, *cue)) if cue else None
                    if label:
                        predicted = statements[i]["act"] or "none"
                        act_counts["total"] += 1
                        act_counts["right"] += predicted == label["act"]
                        act_confusion[(label["act"], predicted)] += 1
                    source = _bounds(g.source)
                    who = referent_gold.get((name, *source)) if source else None
                    if who:
                        strict, lenient = referent_verdict(sp, who["referent"])
                        referent_counts["total"] += 1
                        referent_counts["strict"] += strict
                        referent_counts["lenient"] += lenient
                    if not g.source:
                        continue
                    speaker["total"] += 1
                    if sp is None:
                        continue
                    p = set(range(sp["start"], sp["end"]))
                    gs = _chars(g.source)
                    if p & gs:
                        speaker["overlap"] += 1
                    if p == gs:
                        speaker["exact"] += 1
    scores: dict[str, Any] = {
        "articles": len(split),
        "failed": failed,
        "seconds": round(elapsed, 2),
        "predicted_by_kind": dict(kinds),
    }
    for t in THRESHOLDS:
        c = counts[t]
        p = c["tp"] / c["pred"] if c["pred"] else 0.0
        r = c["tp"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        scores[f"overlap_{t}"] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "matched": c["tp"],
            "predicted": c["pred"],
            "gold": c["gold"],
        }
    total = speaker["total"] or 1
    scores["speaker_accuracy"] = round(speaker["overlap"] / total, 4)
    scores["speaker_exact"] = round(speaker["exact"] / total, 4)
    scores["speaker_scored"] = speaker["total"]
    scores["exact_match_f1"] = {part: _f1(c) for part, c in exact.items()}
    if acts:
        scores["acts"] = {
            "labelled": len(act_gold),
            "matched": act_counts["total"],
            "accuracy": round(act_counts["right"] / (act_counts["total"] or 1), 4),
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(act_confusion.items())},
        }
    if referents:
        scores["referents"] = {
            "labelled": len(referent_gold),
            "matched": referent_counts["total"],
            "accuracy": round(referent_counts["strict"] / (referent_counts["total"] or 1), 4),
            "lenient": round(referent_counts["lenient"] / (referent_counts["total"] or 1), 4),
        }
    return scores


def format_polnear(scores: dict[str, Any]) -> str:
    lines = [f"PolNeAR: {scores['articles']} articles in {scores['seconds']} s", ""]
    if scores.get("failed"):
        lines.insert(1, f"failed (scored as predicting nothing): {', '.join(scores['failed'])}")
    lines.append(
        f"{'overlap':>8} {'precision':>10} {'recall':>8} {'F1':>7} {'matched':>8} {'predicted':>10} {'gold':>6}"
    )
    for t in THRESHOLDS:
        s = scores[f"overlap_{t}"]
        lines.append(
            f"{t:>8} {s['precision']:>10.3f} {s['recall']:>8.3f} {s['f1']:>7.3f} {s['matched']:>8} {s['predicted']:>10} {s['gold']:>6}"
        )
    lines.append("")
    lines.append(
        f"speaker accuracy (span overlap) {scores['speaker_accuracy']:.3f}, exact {scores['speaker_exact']:.3f}"
        f" over {scores['speaker_scored']} matched statements with a gold source"
    )
    lines.append(f"predicted by kind: {scores['predicted_by_kind']}")
    e = scores["exact_match_f1"]
    lines.append(f"exact-match F1: content {e['content']:.3f}, cue {e['cue']:.3f}, source {e['source']:.3f}")
    if "acts" in scores:
        a = scores["acts"]
        lines.append(
            f"act accuracy {a['accuracy']:.3f} over {a['matched']} matched of {a['labelled']} labelled attributions"
            f" (gold->predicted: {a['confusion']})"
        )
    if "referents" in scores:
        r = scores["referents"]
        lines.append(
            f"resolved-speaker accuracy {r['accuracy']:.3f} (lenient {r['lenient']:.3f}) over {r['matched']}"
            f" matched of {r['labelled']} labelled pronoun and descriptor sources"
        )
    return "\n".join(lines)
