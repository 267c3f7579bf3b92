"""The cue scan's speed-ups change no match: the verb tables as a prefix tree match what the flat
alternation of their forms, longest first, matches; the cache of a text's cues returns the same matches."""

from __future__ import annotations

import re

import pytest

from quotegraph.corpus.link import reactions
from quotegraph.corpus.link.reactions import _REJECT_VERBS, _SUPPORT_VERBS, _cues, _trie, _verb_forms


def _flat(table: str, bare: bool) -> str:
    """The alternation as it was before the prefix tree: every form, longest first."""
    forms: list[str] = []
    for entry in [*table.split(";")[0].split(), *table.split(";")[1:]]:
        head, _, particle = entry.partition(" ")
        heads = (head,) if bare else _verb_forms(head)
        forms += [f + (" " + particle if particle else "") for f in heads]
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


def _text(table: str) -> str:
    """Every form of the table, bare and inflected, in three cases, with a letter before and after, and
    followed by each other form's start (a prefix of one form is a whole other: 'back', 'backs')."""
    parts: list[str] = []
    for entry in [*table.split(";")[0].split(), *table.split(";")[1:]]:
        head, _, particle = entry.partition(" ")
        for form in (head, *_verb_forms(head)):
            phrase = form + (" " + particle if particle else "")
            parts += [
                "was quick to " + phrase,
                phrase,
                phrase.upper(),
                phrase.title(),
                "x" + phrase,
                phrase + "x",
                phrase + "-",
                phrase[:-1],
            ]
    return " ".join(parts) + ". " + "".join(p + " " for p in parts[::3])


@pytest.mark.parametrize("table", [_REJECT_VERBS, _SUPPORT_VERBS])
@pytest.mark.parametrize("bare", [False, True])
def test_the_prefix_tree_matches_what_the_flat_alternation_matches(table: str, bare: bool) -> None:
    forms: list[str] = []
    for entry in [*table.split(";")[0].split(), *table.split(";")[1:]]:
        head, _, particle = entry.partition(" ")
        forms += [f + (" " + particle if particle else "") for f in ((head,) if bare else _verb_forms(head))]
    text = _text(table)
    for before, after in (("", ""), (r"\b", r"\b"), (r"\bwas quick to ", r"\b")):
        tree = re.compile(before + _trie(forms) + after, re.IGNORECASE)
        flat = re.compile(before + _flat(table, bare) + after, re.IGNORECASE)
        got = [(m.span(), m.group(0)) for m in tree.finditer(text)]
        assert got == [(m.span(), m.group(0)) for m in flat.finditer(text)]
        assert got, "the text holds forms to match"


def test_the_cue_cache_returns_the_same_matches_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reactions, "_CUE_CACHE", type(reactions._CUE_CACHE)())
    monkeypatch.setattr(reactions, "_CUE_CACHE_CHARS", 400)
    monkeypatch.setattr(reactions, "_cue_cache_held", 0)
    texts = [f"Minister {i} dismissed the claims by the union, and responded to critics." for i in range(20)]
    fresh = [[(m.span(), stance, takes) for m, stance, takes in _cues(t)] for t in texts]
    again = [[(m.span(), stance, takes) for m, stance, takes in _cues(t)] for t in texts]
    assert fresh == again and all(fresh)
    assert reactions._cue_cache_held <= 400
    assert sum(map(len, reactions._CUE_CACHE)) == reactions._cue_cache_held
    found = _cues(texts[-1])
    found.clear()  # a caller's list is its own
    assert _cues(texts[-1])
