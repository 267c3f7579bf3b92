"""The article's final statements: speakers named, continuations, addressees, channels carried forward."""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc, Token

from quotegraph.extraction.attribute import Found, channel_hints
from quotegraph.extraction.resolve.entities import Ent
from quotegraph.extraction.resolve.speakers import Resolver
from quotegraph.extraction.syntax import check_budget, doc_text
from quotegraph.model import Addressee, Cue, Entity, Speaker, Statement

_CHANNEL_REACH = 1200  # characters a stated channel carries forward to the same speaker


def _statement_id(article_id: str, start: int, end: int, kind: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


def resolve(
    doc: Doc, article_id: str, found: list[Found], min_confidence: float = 0.3
) -> tuple[list[Entity], list[Statement]]:
    """Entities of the article and the final statements, speakers named."""
    resolver = Resolver(doc, article_id)
    history: list[tuple[int, Ent | None, str, Token]] = []
    resolved: list[tuple[Speaker, float] | None] = [None] * len(found)
    order = sorted(range(len(found)), key=lambda k: found[k].start)
    # speakers with their own cue first, in text order; then quotes that continue someone
    for k in order:
        check_budget(doc)
        f = found[k]
        if f.speaker is None:
            continue
        content = (f.start, f.end) if f.kind == "indirect" else None
        res = resolver.speaker_for(f.speaker, history, content, f.cue)
        resolved[k] = res
        if res is not None:
            ent = resolver.by_id(res[0].entity)
            history.append((f.speaker.i, ent, res[0].name, f.speaker))
    position = {id(f): k for k, f in enumerate(found)}
    for k in order:
        f = found[k]
        if f.speaker is None and f.inherit is not None:
            seen: set[int] = set()
            j = position.get(id(f.inherit))
            while j is not None and resolved[j] is None and j not in seen:
                seen.add(j)
                nxt = found[j].inherit
                j = position.get(id(nxt)) if nxt is not None else None
            if j is not None and resolved[j] is not None:
                sp, factor = resolved[j]
                resolved[k] = (sp, factor * 0.9)
    statements: list[Statement] = []
    text = doc_text(doc)
    for k in order:
        f = found[k]
        res = resolved[k]
        if res is None:
            continue
        speaker, factor = res
        confidence = f.confidence * factor
        if confidence < min_confidence:
            continue
        cue = None
        if f.cue is not None:
            last = doc[f.cue_end if f.cue_end is not None else f.cue.i]
            cue = Cue(
                text=text[f.cue.idx : last.idx + len(last.text)],
                lemma=f.cue_lemma or f.cue.lemma_.lower(),
                start=f.cue.idx,
                end=last.idx + len(last.text),
            )
        addressee = None
        if f.addressee:
            entity = None
            if f.addressee_tok is not None:
                ent = resolver.entity_at(f.addressee_tok)
                if ent is not None:
                    entity = ent.id
                    name = ent.name
                else:
                    name = f.addressee
            else:
                name = f.addressee
                for ent in resolver.ents:
                    if name in ent.names or any(n.endswith(" " + name) for n in ent.names):
                        entity, name = ent.id, ent.name
                        break
            addressee = Addressee(name=name, entity=entity)
        continues = None
        if f.inherit is not None and f.cue is None:
            continues = _statement_id(article_id, f.inherit.start, f.inherit.end, f.inherit.kind)
        statements.append(
            Statement(
                id=_statement_id(article_id, f.start, f.end, f.kind),
                continues=continues,
                kind=f.kind,
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                speaker=speaker,
                cue=cue,
                channel=f.channel,
                addressee=addressee,
                confidence=max(0.0, min(1.0, confidence)),
                act=f.act,
            )
        )
    statements = _dedupe(statements)
    emitted = {st.id for st in statements}
    for st in statements:
        if st.continues not in emitted:
            st.continues = None
    hints = []
    for tok, channel in channel_hints(doc):
        res = resolver.speaker_for(tok, history)
        if res is not None:
            hints.append((res[0].entity or res[0].name, channel, tok.idx))
    _inherit_channels(statements, hints)
    return resolver.all_entities(), statements


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """One statement per span and kind (two cues can report the same clause): the most confident."""
    best: dict[str, Statement] = {}
    for st in statements:
        kept = best.get(st.id)
        if kept is None or st.confidence > kept.confidence:
            best[st.id] = st
    return [st for st in statements if best[st.id] is st]


def _inherit_channels(statements: list[Statement], hints: list[tuple[str, str, int]]) -> None:
    """A speaker who 'took to Instagram' and then 'wrote' did so on Instagram: carry a speaker's channel
    (stated with an earlier statement, or by a 'took to X' clause) forward to their next statements
    nearby when those state none."""
    events: list[tuple[int, str, str | None, Statement | None]] = [
        (pos, key, ch, None) for key, ch, pos in hints
    ]
    for st in statements:
        if st.speaker is not None:
            events.append((st.start, st.speaker.entity or st.speaker.name, st.channel, st))
    events.sort(key=lambda e: e[0])
    last: dict[str, tuple[str, int]] = {}
    for pos, key, channel, st in events:
        if channel:
            last[key] = (channel, st.end if st is not None else pos)
        elif st is not None and key in last and st.start - last[key][1] < _CHANNEL_REACH:
            st.channel = last[key][0]
