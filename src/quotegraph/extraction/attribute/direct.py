"""Statements of one article: quotations first, each with its cue, speaker token, channel and addressee,
then transcript turns and reported speech, combined into one list in text order.

Quotations are found in the text first (character level, robust to spaCy splitting sentences inside
quotes); each gets its cue from the words around it, outside any quote, up to the nearest sentence end.
Reported speech comes from the dependency parse (quotegraph.extraction.attribute.reported).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from quotegraph.extraction.attribute.acts import set_acts
from quotegraph.extraction.attribute.channels import (
    addressee_from_frame,
    addressee_from_quote,
    channel_from_preps,
)
from quotegraph.extraction.attribute.found import Found
from quotegraph.extraction.attribute.learned import CueModel
from quotegraph.extraction.attribute.quotes import QuoteSpan, find_quotes, marks_balanced, paragraphs
from quotegraph.extraction.attribute.reported import find_reported, frame_cue
from quotegraph.extraction.lexicon import (
    CORE_CUES,
    ISSUER_DOCUMENTS,
    MEDIA_NOUNS,
    OUTLET_NOUNS,
    PARTIAL_GOVERNORS,
    PERSON_NOUNS,
    QUOTE_FRAME_VERBS,
    SPEECH_VERBS,
)
from quotegraph.extraction.syntax import check_budget, doc_text, lemma, subject_of, tokens_in
from quotegraph.model import Block

_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Capt|Sgt|Rep|Sen|Gov|St|Jr|Sr|Lt|No|vs|etc|Inc|Corp|Co|U\.S|U\.K))\.$"
)


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence holding ``pos``, looking back no further than ``lo``."""
    i = pos - 1
    while i > lo:
        ch = text[i]
        if (
            ch in ".!?"
            and i + 1 < len(text)
            and text[i + 1].isspace()
            and not _ABBREV.search(text[max(lo, i - 5) : i + 1])
        ):
            return i + 1
        i -= 1
    return lo


def _sentence_end(text: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi:
        if (
            text[i] in ".!?"
            and (i + 1 == hi or text[i + 1].isspace())
            and not _ABBREV.search(text[max(pos, i - 5) : i + 1])
        ):
            return i + 1
        i += 1
    return hi


def _is_embedded(text: str, q: QuoteSpan, lo: int) -> bool:
    """A quote inside the reporter's sentence ('called the plan "a gift"'), not one set off by , or :."""
    i = q.open_at - 1
    while i >= lo and text[i] in " \t":
        i -= 1
    if i < lo:
        return False
    return text[i].isalnum() or text[i] in "'’)%$"


def _is_markup_value(text: str, q: QuoteSpan) -> bool:
    """'<tweet tweet-id="7832...">': the value of a markup attribute left in the text, not a quotation."""
    return q.open_at > 0 and text[q.open_at - 1] == "="


_TITLE_LINKS = frozenset("of the and with a an on in for to at from".split())
_TITLE_FRAMES = OUTLET_NOUNS | MEDIA_NOUNS | {"episode", "edition", "segment", "host", "season"}


def _is_title(doc: Doc, q: QuoteSpan, q_tokens: list[Token]) -> bool:
    """A quoted name of a programme or work, not words anyone said: every word capitalised and the
    quotation owned by an outlet or set after 'on' or '<broadcast> of' ('told NBC's "Harbour Morning"',
    'said on "Week in Review"', 'the broadcast of "Sunday Harbour Report"')."""
    words = [t for t in q_tokens if not (t.is_punct or t.is_space)]
    if not words or len(words) > 8 or not words[0].text[:1].isupper():
        return False
    if not all(t.text[:1].isupper() or t.text[:1].isdigit() or t.lower_ in _TITLE_LINKS for t in words):
        return False
    before = [t for t in doc[: q_tokens[0].i] if t.idx < q.open_at and not (t.is_punct or t.is_space)]
    if not before:
        return False
    prev = before[-1]
    if prev.tag_ == "POS" or prev.lower_ == "on":
        return True
    return prev.lower_ == "of" and len(before) > 1 and lemma(before[-2]) in _TITLE_FRAMES


def _cue_candidates(tokens: list[Token], in_quote: list[bool]) -> list[Token]:
    out = []
    for t in tokens:
        if in_quote[t.i]:
            continue
        if (t.pos_ in ("VERB", "AUX") and (lemma(t) in SPEECH_VERBS or _frames_quote_beside(t))) or (
            t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to"
        ):
            out.append(t)
    return out


def _frames_quote_beside(verb: Token) -> bool:
    """'she continued', 'the letter reads' next to a quotation: the verb with no clause or object of its
    own ('continued to work', 'read the bill'), and what reads is a document."""
    word = lemma(verb)
    if word not in QUOTE_FRAME_VERBS or any(c.dep_ in ("xcomp", "dobj", "prep") for c in verb.children):
        return False
    if word == "read":
        subject = subject_of(verb)
        return subject is not None and lemma(subject) in ISSUER_DOCUMENTS | MEDIA_NOUNS
    return True


def _best_cue(cands: list[Token], near: int) -> Token | None:
    if not cands:
        return None

    # prefer a finite speech verb with a subject over participles ("he wrote, adding:")
    def score(t: Token) -> tuple[int, int, int]:
        has_subj = subject_of(t) is not None
        return (0 if has_subj else 1, 0 if lemma(t) in CORE_CUES else 1, abs(t.idx - near))

    return min(cands, key=score)


def _cue_phrase(cue: Token) -> tuple[int, str]:
    """Extend 'quoted'/'cited' to 'quoted as saying'; returns (last token index, lemma)."""
    if lemma(cue) in ("quote", "cite"):
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                for g in child.children:
                    if g.dep_ == "pcomp" and lemma(g) in SPEECH_VERBS:
                        return g.i, lemma(g)
    if cue.lower_ == "according":
        return cue.i + 1, "according to"
    return cue.i, lemma(cue)


def _frame_subject(tokens: list[Token], in_quote: list[bool]) -> Token | None:
    """'a masked man looks into the camera: "..."': the subject of the clause that introduces a quote."""
    for t in tokens:
        if in_quote[t.i] or t.dep_ not in ("nsubj",):
            continue
        if t.lower_ in PERSON_NOUNS or t.ent_type_ == "PERSON" or t.pos_ == "PRON":
            return t
    return None


_FUNCTION_WORDS = frozenset(
    "a an the it its as to of for on in at by this that these those his her their".split()
)


def _drop_hollow(found: list[Found], text: str) -> list[Found]:
    """An indirect statement that is only a partial quote of the same cue plus function words
    ('it as a "childish threat"') says nothing the partial does not."""
    partials = [f for f in found if f.kind == "partial" and f.cue is not None]
    keep = []
    for f in found:
        if f.kind == "indirect" and f.cue is not None:
            inner = [p for p in partials if p.cue.i == f.cue.i and f.start <= p.start and p.end <= f.end]
            if inner:
                rest = text[f.start : inner[0].start] + " " + text[inner[-1].end : f.end]
                words = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in _FUNCTION_WORDS]
                if len(words) < 2:
                    continue
        keep.append(f)
    return keep


def _balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Never cut a quotation in half: take in a closing mark just after the span, or stop before a
    mark the span opens and does not close."""
    inner = text[start:end]
    if marks_balanced(inner):
        return start, end
    tail = text[end : end + 3]
    for i, ch in enumerate(tail):
        if ch in '”»"':
            return start, end + i + 1
        if ch not in ".,!?;: ":
            break
    last = max(inner.rfind(c) for c in '“«"')
    if last > 0:
        cut = start + last
        while cut > start and text[cut - 1] in " ,;:":
            cut -= 1
        return start, cut
    return start, end


def _into_quotation(
    text: str, start: int, end: int, quotes: list[QuoteSpan], paras: list[tuple[int, int]]
) -> int:
    """The end of a reported clause that the parse stops just before a quotation continuing it ('blamed
    the referees for listening to “we want a penalty”', 'said the figures were “plainly wrong”'): a clause that
    ends on a word, with a quotation opening one space later in the same paragraph, runs through the
    quotation, and on to the sentence's end when the sentence goes on after it without a break."""
    if end <= start or not text[end - 1].isalnum():
        return end
    q = next((q for q in quotes if q.open_at >= end), None)
    if q is None or q.close_at is None or text[end : q.open_at] not in ("", " "):
        return end
    hi = next((b for a, b in paras if a <= q.open_at < b), len(text))
    if q.outer_end > hi:
        return end
    new_end = q.outer_end
    if re.match(r" [a-z]", text[new_end : new_end + 2]):
        stop = _sentence_end(text, new_end, hi)
        while stop > new_end and text[stop - 1] in ".!?;: ":
            stop -= 1
        if not any(ch in text[new_end:stop] for ch in '"“”'):
            new_end = stop
    return new_end


def _name_before(cue: Token, in_quote: list[bool]) -> Token | None:
    """'"...," coach Tom Reyes told reporters' misparsed: the name just before the cue."""
    if cue.i == 0:
        return None
    prev = cue.doc[cue.i - 1]
    if in_quote[prev.i] or prev.is_punct:
        return None
    if prev.pos_ == "PROPN" or prev.ent_type_ in ("PERSON", "ORG") or prev.lower_ in PERSON_NOUNS:
        return prev
    return None


def _person_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "dobj" and (child.lower_ in PERSON_NOUNS or child.ent_type_ == "PERSON"):
            return child
    return None


def _partial_cue(doc: Doc, q_tokens: list[Token], in_quote: list[bool]) -> Token | None:
    """The verb governing a quoted fragment, climbing the parse from the fragment."""
    inside = {t.i for t in q_tokens}
    roots = [t for t in q_tokens if t.head.i not in inside]
    for root in roots:
        cur = root
        for _ in range(10):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.i in inside or in_quote[cur.i]:
                continue
            if cur.pos_ in ("VERB", "AUX") and lemma(cur) in PARTIAL_GOVERNORS:
                return cur
            if cur.dep_ == "ROOT":
                break
    return None


def find_statements(
    doc: Doc, blocks: list[Block] | None = None, cognition: bool = True, cue_model: CueModel | None = None
) -> list[Found]:
    """Every statement of the article outside ``blocks`` (headings, captions), speakers still tokens."""
    text = doc_text(doc)
    quotes = find_quotes(text)
    paras = paragraphs(text)
    in_quote = [False] * len(doc)
    quote_of_token: dict[int, int] = {}
    for qi, q in enumerate(quotes):
        for t in tokens_in(doc, q.open_at, q.outer_end):
            in_quote[t.i] = True
            quote_of_token[t.i] = qi

    doc._.qg_in_quote = in_quote
    found: list[Found] = []
    used_cues: set[int] = set()
    para_index = 0
    for qi, q in enumerate(quotes):
        check_budget(doc)
        while para_index + 1 < len(paras) and paras[para_index][1] <= q.open_at:
            para_index += 1
        lo, hi = paras[para_index]
        prev_end = quotes[qi - 1].outer_end if qi and quotes[qi - 1].outer_end > lo else lo
        next_open = quotes[qi + 1].open_at if qi + 1 < len(quotes) and quotes[qi + 1].open_at < hi else hi
        q_tokens = tokens_in(doc, q.start, q.end)
        if not q_tokens:
            continue
        content = text[q.start : q.end]
        if _is_markup_value(text, q):
            continue
        embedded = _is_embedded(text, q, lo)

        if embedded:
            if _is_title(doc, q, q_tokens):
                continue
            cue = _partial_cue(doc, q_tokens, in_quote)
            if cue is None:
                continue
            speaker = subject_of(cue)
            if speaker is None or in_quote[speaker.i]:
                continue
            f = Found(
                kind="partial",
                start=q.start,
                end=q.end,
                cue=cue,
                cue_lemma=lemma(cue),
                speaker=speaker,
                confidence=0.7,
                paragraph=para_index,
                quote_index=qi,
            )
            frame_cue(f, cue, used_cues)
            found.append(f)
            continue

        before_lo = max(prev_end, _sentence_start(text, lo, q.open_at))
        if not text[lo : q.open_at].strip() and para_index > 0 and not quotes_before_in(quotes, qi, lo):
            # 'He said:' closing the paragraph before: the quote is the next paragraph
            plo, phi = paras[para_index - 1]
            if text[plo:phi].rstrip().endswith(":"):
                before_lo = _sentence_start(text, plo, phi - 1)
        before = [t for t in tokens_in(doc, before_lo, q.open_at) if not in_quote[t.i]]
        after_hi = min(next_open, _sentence_end(text, q.outer_end, hi))
        after = [t for t in tokens_in(doc, q.outer_end, after_hi) if not in_quote[t.i]]
        ends_sentence = (
            content.rstrip().endswith((".",)) and after and after[0].is_title and after[0].pos_ != "PROPN"
        )
        if ends_sentence:
            after = []
        cue = _best_cue(_cue_candidates(after, in_quote), q.outer_end)
        if cue is None:
            cue = _best_cue(_cue_candidates(before, in_quote), q.open_at)
        f = Found(kind="direct", start=q.start, end=q.end, paragraph=para_index, quote_index=qi)
        frame = before + after
        inner = _LABEL.match(text, q.start, q.end)
        inner_label = _speaker_label(doc, q.start, inner.end()) if inner else None
        if inner_label is not None and len(text[inner.end() : q.end].split()) >= 3:
            # a quoted transcript: '"WALLACE: Let's start with ...'
            f.start, f.speaker, f.confidence = inner.end(), inner_label, 0.8
            found.append(f)
            continue
        if cue is not None:
            last, cue_lemma = _cue_phrase(cue)
            f.cue, f.cue_end, f.cue_lemma = cue, last, cue_lemma
            if cue.lower_ == "according":
                f.speaker = next((c for c in doc[cue.i + 1].children if c.dep_ == "pobj"), None)
            else:
                f.speaker = subject_of(cue) or _name_before(cue, in_quote)
            if f.speaker is not None and in_quote[f.speaker.i]:
                f.speaker = None
            if f.speaker is not None and lemma(f.speaker) in MEDIA_NOUNS and f.speaker.head.i != cue.i:
                # "a video ... features a fighter seated in a jet, saying:": the video is the channel
                f.channel = lemma(f.speaker)
                f.speaker = _person_object(f.speaker.head)
            if lemma(cue) in ("quote", "cite"):
                # "was quoted as saying by the X agency"
                f.channel = (
                    f.channel or channel_from_preps(doc[last], by=True) or channel_from_preps(cue, by=True)
                )
            frame_cue(f, cue, used_cues)
            f.confidence = 0.9 if f.speaker is not None else 0.5
            used_cues.add(cue.i)
        elif (
            label := _speaker_label(doc, lo, q.open_at) or _trailing_label(doc, q.outer_end, next_open)
        ) is not None:
            # "Krystal Correa ― “...”", "PENCE: “...”": a speaker label opening the paragraph
            f.speaker = label
            f.confidence = 0.8
        elif (
            before
            and text[q.open_at - 1 : q.open_at].strip() == ""
            and text[: q.open_at].rstrip().endswith(":")
        ):
            f.speaker = _frame_subject(before, in_quote)
            if f.speaker is not None:
                root = f.speaker.head
                f.channel = channel_from_preps(root)
                f.confidence = 0.7
        if f.addressee is None:
            addr = addressee_from_frame(frame)
            if addr:
                f.addressee, f.addressee_tok = addr
            else:
                f.addressee = addressee_from_quote(content)
        if f.channel is None and frame:
            for t in frame:
                if t.dep_ == "ROOT" or (f.speaker is not None and t.i == f.speaker.head.i):
                    f.channel = channel_from_preps(t)
                    if f.channel:
                        break
        found.append(f)

    found.extend(_transcript_lines(doc, paras))
    found.extend(find_reported(doc, used_cues, in_quote, cognition=cognition, cue_model=cue_model))
    found.sort(key=lambda f: (f.start, -f.end))
    found = _drop_hollow(found, text)
    _link_floating(found, quotes, text)
    blocked = [(b.start, b.end) for b in blocks or []]
    found = [f for f in found if not any(s <= f.start < e for s, e in blocked)]
    found = [f for f in found if f.speaker is not None or f.inherit is not None]
    for f in found:
        if f.kind == "indirect":
            f.start, f.end = _balance_quotes(text, f.start, f.end)
            f.end = _into_quotation(text, f.start, f.end, quotes, paras)
    found.sort(key=lambda f: (f.start, -f.end))
    set_acts(found)
    return found


_LABEL = re.compile(r"\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*(?::|―|—|–)\s*")


def _speaker_label(doc: Doc, lo: int, end: int) -> Token | None:
    """The speaker named by a label that opens a paragraph: 'PENCE:', 'Krystal Correa ―'.

    The label must be a person's name (an entity or a name in capitals), so 'Update:' or 'Note:' are not.
    """
    m = _LABEL.match(doc_text(doc), lo, end)
    if m is None or doc_text(doc)[m.end() : end].strip():
        return None
    toks = [t for t in tokens_in(doc, m.start(1), m.end(1)) if not t.is_punct]
    if not toks or len(toks) > 4:
        return None
    letters = [c for c in m.group(1) if c.isalpha()]
    is_caps_name = len(letters) >= 3 and all(c.isupper() for c in letters)
    if is_caps_name or all(t.ent_type_ == "PERSON" for t in toks):
        return toks[-1]
    return None


_TRAILING_LABEL = re.compile(r"\s*[―—–]\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})[\s.,]*$")


def _trailing_label(doc: Doc, start: int, end: int) -> Token | None:
    """'“...” ― Sonya Herridge': a signature after the quote, as in collected reader voices."""
    m = _TRAILING_LABEL.match(doc_text(doc), start, end)
    if m is None:
        return None
    toks = [t for t in tokens_in(doc, m.start(1), m.end(1)) if not t.is_punct]
    if 1 <= len(toks) <= 4 and (all(t.ent_type_ == "PERSON" for t in toks) or len(toks) >= 2):
        return toks[-1]
    return None


def quotes_before_in(quotes: list[QuoteSpan], qi: int, lo: int) -> bool:
    return qi > 0 and quotes[qi - 1].outer_end > lo


def _transcript_lines(doc: Doc, paras: list[tuple[int, int]]) -> list[Found]:
    """Interview transcripts: 'NAME: words spoken', one paragraph a turn, no quote marks."""
    out = []
    for pi, (lo, hi) in enumerate(paras):
        m = _LABEL.match(doc_text(doc), lo, hi)
        if m is None or any(ch in doc_text(doc)[lo:hi] for ch in '"“”«»'):
            continue
        speaker = _speaker_label(doc, lo, m.end())
        start, end = m.end(), hi
        while end > start and doc_text(doc)[end - 1].isspace():
            end -= 1
        if speaker is None or len(doc_text(doc)[start:end].split()) < 4:
            continue
        out.append(Found(kind="direct", start=start, end=end, speaker=speaker, confidence=0.75, paragraph=pi))
    return out


def _link_floating(found: list[Found], quotes: list[QuoteSpan], text: str) -> None:
    """Quotes with no cue of their own continue a neighbouring statement's speaker: the quote they run
    on from or into, else the statement just before them, in the same or the previous paragraph."""
    by_quote = {f.quote_index: i for i, f in enumerate(found) if f.quote_index is not None}
    for i, f in enumerate(found):
        if f.kind != "direct" or f.speaker is not None or f.cue is not None:
            continue
        q = quotes[f.quote_index]
        j = None
        if q.continues and f.quote_index + 1 in by_quote:
            j = by_quote[f.quote_index + 1]
        elif q.continued and f.quote_index - 1 in by_quote:
            j = by_quote[f.quote_index - 1]
        else:
            prev = [k for k in range(i - 1, -1, -1) if found[k].end <= f.start]
            if prev and text[found[prev[0]].end : f.start].count("\n") <= 2:
                j = prev[0]
        if j is None:
            continue
        f.inherit = found[j]
        f.confidence = 0.7
