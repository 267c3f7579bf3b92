"""act_of on continuation chains (no model: Found records built by hand)."""

from __future__ import annotations

from quotegraph.extraction.attribute.acts import act_of
from quotegraph.extraction.attribute.found import Found


def test_a_continuation_loop_ends() -> None:
    a = Found(kind="direct", start=0, end=10)
    b = Found(kind="direct", start=20, end=30, inherit=a)
    a.inherit = b
    assert act_of(a) == "speech"
    assert act_of(b) == "speech"


def test_a_continuation_takes_the_act_of_the_statement_it_continues() -> None:
    head = Found(kind="direct", start=0, end=10, cue_lemma="believe")
    head.cue = object()  # type: ignore[assignment]  # any cue: only its lemma is read
    tail = Found(
        kind="direct", start=20, end=30, inherit=Found(kind="direct", start=12, end=18, inherit=head)
    )
    assert act_of(tail) == "thought"
