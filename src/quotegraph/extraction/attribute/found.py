"""What attribution finds before speakers are resolved to entities."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass
class Found:
    kind: str
    start: int
    end: int
    cue: Token | None = None
    cue_end: int | None = None  # last token index of a multi-word cue ("according to", "cited as saying")
    cue_lemma: str | None = None
    speaker: Token | None = None  # head token of the speaker phrase
    channel: str | None = None
    addressee: str | None = None
    addressee_tok: Token | None = None
    confidence: float = 0.5
    inherit: Found | None = None  # the statement whose speaker this one continues
    paragraph: int = 0
    quote_index: int | None = None
    act: str = "speech"  # speech, thought or finding (attribute/acts.py)
