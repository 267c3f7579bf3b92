"""Reactions: which stored statement answers which, or whom, and with what stance.

A reaction is found from the article's words, never from the order of statements alone: a reaction cue
("responding to", "hit back at", "dismissed ... as", "welcomed", "agreed with", "Asked about X's remark",
"disagreed") near a statement makes that statement a response; the cue's object ("claims by union leader
X", "the minister", "the ban") names what it answers. The target is a statement of the named speaker, or
the statement whose words the object repeats, earlier in the same article or in an earlier article of the
same story, or of an earlier article naming the same people (the story grouping may have split the
exchange); when the object names a person or organisation but none of their statements is stored, the
target is that speaker alone. An implicit answer ("X disagreed", "replied that") answers the statement just
before it by someone else, the one of theirs whose words it takes up. Two answers need no cue word: a
request answered by the one it is put to ("asked to be exempted" ... "no exemption would be granted"), and
a verdict on an earlier speaker that takes up their words. Order words in the text rule links out: a
statement made "before" or "prior to" the video does not answer the video.

Linking works on stored rows (text, statements, mentions), so it is re-run for every story an ingested
batch touched and for the later articles naming its people: a story that gains an earlier article can give
an old response its target.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from quotegraph.corpus.link.text import fold
from quotegraph.corpus.link.text import words as _all_words

# Reaction verbs by the polarity of their lemma; each answers its object. Only the inflected forms are
# cues ('backed', 'backs', 'backing'): a bare form is as often a noun ('the back', 'their support').
_REJECT_VERBS = (
    "dismiss reject rebuff denounce condemn ridicule mock deride slam blast dispute contradict refute criticise "
    "criticize oppose rebut decry deplore lambast scorn deny attack downplay;brush off;hit out at;lash out at;"
    "round on;scoff at;play down;shrug off;slap down"
)
_SUPPORT_VERBS = (
    "back welcome praise endorse applaud echo thank defend support hail commend embrace champion congratulate "
    "salute;side with;agree with;rally behind"
)
_IRREGULAR = {
    "hit": ("hits", "hit", "hitting"),
    "lash": ("lashes", "lashed", "lashing"),
    "play": ("plays", "played", "playing"),
}
_DOUBLED = frozenset("slam rebut shrug slap".split())


def _verb_forms(lemma: str) -> tuple[str, str, str]:
    """The -s, past and -ing forms of a regular English verb (with the few irregular ones listed)."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma in _DOUBLED:
        return lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    if lemma.endswith("e"):
        return lemma + "s", lemma + "d", (lemma if lemma.endswith("ee") else lemma[:-1]) + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es", lemma + "ed", lemma + "ing"
    return lemma + "s", lemma + "ed", lemma + "ing"


def _verb_alternation(table: str, bare: bool = False) -> str:
    """One regex alternation of every inflected form of the table's verbs (particles kept: 'brushed off'),
    or of their bare forms, which are cues only where 'to' makes them verbs ('was quick to condemn')."""
    forms: list[str] = []
    for entry in [*table.split(";")[0].split(), *table.split(";")[1:]]:
        head, _, particle = entry.partition(" ")
        heads = (head,) if bare else _verb_forms(head)
        forms += [f + (" " + particle if particle else "") for f in heads]
    return _trie(forms)


def _trie(forms: list[str]) -> str:
    """One alternation of the forms as a prefix tree ('agree(?:ing|d|s)'), longest continuation first: it
    matches what the flat alternation of the forms longest first matches, at each offset the longest form
    there, but tries a few letters per offset, not some 200 forms (the cue scan was 40% of reading an article)."""
    tree: dict[str, dict] = {}
    for f in set(forms):
        node = tree
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = sorted(
            (re.escape(ch) + emit(child) for ch, child in node.items() if ch),
            key=lambda b: (-len(b), b),
        )
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return "(?:" + emit(tree) + ")"


_ACTIVE = r"(?<!was )(?<!were )(?<!is )(?<!are )(?<!been )(?<!being )(?<!be )"
_INFINITIVE = (
    r"(?:(?:quick|swift|quickest|swiftest|first|rushed|rushes|hastened|hastens|moved|moves) to|"
    r"(?:took|takes|taking|take) to (?:[\w-]+ ){1,3}to) "
)

# Cue patterns: (regex, stance, takes an object). A pattern that takes no object answers the statement
# just before it. Each is matched case-insensitively on word boundaries.
_CUES: list[tuple[str, str, bool]] = [
    (r"in (?:a )?(?:direct )?(?:response|reply|answer) to", "other", True),
    (r"(?:was |were |is |are )?(?:responding|reacting|replying) to", "other", True),
    (r"(?:responded|reacted|replied) to", "other", True),
    (
        r"(?:the |a |his |her |their |its )?(?:first |initial |swift |angry )?(?:reaction|response|reply|answer) (?:by [^,.;]{1,60}? )?to",
        "other",
        True,
    ),
    (r"answering", "other", True),
    (r"(?:hit|hits|hitting|fired|fires|firing|shot|struck|strikes) back at", "rejects", True),
    (r"(?:hit|hits|fired|fires|shot) back", "rejects", False),
    (_verb_alternation(_REJECT_VERBS), "rejects", True),
    (_verb_alternation(_SUPPORT_VERBS), "supports", True),
    # the reaction verb as an infinitive after a word of haste or a channel taken to: 'was quick to condemn
    # X', 'took to social media to denounce X' (not 'plans to back', which is no answer yet)
    (_INFINITIVE + _verb_alternation(_REJECT_VERBS, bare=True), "rejects", True),
    (_INFINITIVE + _verb_alternation(_SUPPORT_VERBS, bare=True), "supports", True),
    # naming what another said or did by an epithet: 'branded the plan "reckless"' (a brand is a slur),
    # 'described the offer as an insult' (the epithet's words give the stance); not the passive 'was
    # branded a liar', where the subject is the one named
    (
        _ACTIVE + r"(?:branded|brands|branding|labelled|labeled|labels|labelling|labeling)",
        "rejects",
        True,
    ),
    (_ACTIVE + r"(?:described|describes|describing)(?=(?: [\w'\u2019-]+){1,6} as\b)", "other", True),
    # a statement that names another's words by what it thinks of them: 'referring to the video as "a
    # bluff"', 'called the minister's plan "a fantasy"' (not 'called for', 'called on': a demand)
    (r"(?:referring|referred|refers|refer) to(?=(?: [\w'\u2019-]+){1,6} as\b)", "other", True),
    (
        _ACTIVE + r"(?:called|calls|calling)(?= (?:the|his|her|their|its|this|that|[\w-]+['\u2019]s?) "
        r"(?:[\w'\u2019-]+ ){0,4}?(?:a|an|[\"\u201c]))",
        "other",
        True,
    ),
    (r"(?:stood|stands|standing) by", "rejects", False),
    (r"(?:disagreed|disagrees|objected|objects)", "rejects", False),
    (
        r"(?:was|is|were|are|said (?:she|he|they) (?:was|were)) (?:disappointed|unimpressed|dismayed)",
        "rejects",
        False,
    ),
    (r"(?:replied|answered|retorted|countered|shot back|responded|reacted)(?: that)?", "other", False),
    # 'In response, the council said ...': the answer to what was said just before
    (r"in (?:a |her |his |their |its )?(?:response|reply)(?=\s*,)", "other", False),
    (
        r"(?:the|that|this|his|her|their|its|the \w+'s|\w+'s) (?:[\w-]+ ){0,3}(?:claim|claims|figure|figures|"
        r"number|numbers|estimate|account|story|charge|charges|accusation|accusations|allegation|allegations|"
        r"report|criticism|remark|remarks|comments?) (?:was|were|is|are) (?:wrong|false|untrue|inaccurate|"
        r"misleading|exaggerated|overblown|baseless|nonsense|a lie|lies)",
        "rejects",
        False,
    ),
    # 'the endorsement was expected.': what another said or did, shrugged off (at the clause end only:
    # 'a decision was expected next week' is news, not a dismissal)
    (
        r"(?:the|that|this|his|her|their|its|the \w+'s|\w+'s) (?:[\w-]+ ){0,2}(?:endorsement|decision|offer|"
        r"announcement|statement|criticism|attack|threat|warning|move|report) (?:was|were|is|are) "
        r"(?:expected|predictable|unsurprising|no surprise|irrelevant|meaningless|a stunt|cynical)(?=[.,;])",
        "rejects",
        False,
    ),
    # taking someone's side: 'came to the director's defence', 'took the dockers' side'; the object is
    # whose side is taken
    (
        r"(?:came|comes|coming|come|rushed|rushes|rushing|leapt|leaped|sprang|springs) to"
        r"(?= (?:[\w'\u2019-]+ ){1,4}?defen[cs]e\b)|(?:took|takes|taking|take)(?= (?:[\w'\u2019-]+ ){1,4}?side\b)",
        "supports",
        True,
    ),
    # the reaction as a noun: 'repeated his dismissal of the threat'
    (
        r"(?:his|her|their|its|the|[\w-]+['\u2019]s?) (?:[\w-]+ )?(?:dismissal|rejection|denial|condemnation|"
        r"criticism|denunciation) of",
        "rejects",
        True,
    ),
    # a question put to the speaker about another's words: 'Asked about X', 'Questioned over X'
    (
        r"(?:asked|questioned|quizzed|pressed|challenged) (?:about|on|over)(?! with\b)|"
        r"asked (?:to respond to|for (?:a |his |her |their )?(?:reaction|response) to)",
        "other",
        True,
    ),
]
_CUE_RE = [(re.compile(r"\b" + p + r"\b", re.IGNORECASE), stance, obj) for p, stance, obj in _CUES]

# A cue verb that takes an object but stands alone at a clause end ("Lowe declined to comment") is no cue.
_NEGATED = re.compile(r"\b(?:not|n't|never|no|declined to|refused to|without)\s+(?:\w+\s+)?$", re.IGNORECASE)
# A cue in a relative clause ('the minister, who had sided with the union') tells what the clause's
# antecedent did earlier; the sentence's own statements are not that reaction.
_RELATIVE = re.compile(
    r"\b(?:who|which)\s+(?:(?:had|has|have|was|were|is|are|also|earlier|already|last)\s+){0,2}$",
    re.IGNORECASE,
)
# A statement 'added' goes on with the one before it: it does not open a response of its own.
_ADDED = re.compile(r"^(?:added|adds|also said|went on|continued)\b", re.IGNORECASE)
# The object of a cue ends at a clause break.
_OBJECT_END = re.compile(
    r"[,;:.!?\u201c\u201d\"]|\s(?:saying|calling|referring|adding|who|which|as well as|and said|and called)\b"
)
# Nouns that show the object is something said (claims, remark) or done (the ban, the plan).
_SAID_NOUNS = frozenset(
    "claim claims remark remarks comment comments statement statements words argument arguments criticism "
    "accusation accusations allegation allegations complaint complaints charge charges warning warnings threat "
    "threats message messages figure figures number numbers promise promises offer offers plan plans proposal "
    "call calls demand demands request requests report study findings review decision ban order endorsement "
    "attack attacks post tweet video speech interview letter suggestion idea criticisms support".split()
)
_EVALUATIVE = {
    "rejects": frozenset(
        "wrong false lie lies lying nonsense absurd ridiculous childish bluff cowards not untrue invented "
        "misleading exaggerated alarmist shame disgrace scapegoat brush-off mistake regret betrayal disaster "
        "reckless insult outrage outrageous scandal farce fantasy shambles unacceptable irresponsible "
        "disgraceful appalling unfair cruel".split()
    ),
    "supports": frozenset(
        "right correct agree welcome welcomed good thank thanks support proud sensible wise fair brave "
        "excellent delighted pleased".split()
    ),
}
_THAT = re.compile(r"\s(?:that|whether)\s")
_SHIFT = re.compile(
    r"^\W*(?:separately|meanwhile|also|in other|elsewhere|earlier|later)\b|^[^.]{0,60}\balso\b", re.IGNORECASE
)
_BEFORE = re.compile(r"\b(?:before|prior to|ahead of)\s+([^,.;]{3,80})", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"\u201d\u2019']?)\s+(?=[\"\u201c\u2018'A-Z0-9])|\n+")
_STOP = frozenset(
    "the a an of to in on at for by with and or but that this these those it its his her their he she they we "
    "i you was were is are be been has have had will would could should said says say told as from not no "
    "who which what when where than then there about into over after before also only".split()
)

WINDOW_DAYS = 60
MAX_STORY_DOCUMENTS = 200
MAX_RELATED_DOCUMENTS = 20
MAX_NAME_DOCUMENTS = 500


@dataclass
class Stmt:
    id: int
    document: int
    start: int
    end: int
    kind: str
    text: str
    speaker: int | None
    speaker_text: str
    cue_start: int | None
    cue_end: int | None
    channel: str | None
    date: str | None
    context: set[str] = field(default_factory=set)
    # what the target search derives from the statement's own words, worked out once a pass: a story's
    # earlier articles are searched for every cue of every article re-linked after them
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    # (kept as tuples of distinct stems, not sets: a big story's pass holds tens of thousands of statements,
    # and a set of twenty strings takes ten times the memory of the tuple)

    def context_stems(self) -> tuple[str, ...]:
        if "cs" not in self.memo:
            self.memo["cs"] = _interned(_stem_set(self.context))
        return self.memo["cs"]  # type: ignore[return-value]

    def own_stems(self) -> tuple[str, ...]:
        if "os" not in self.memo:
            self.memo["os"] = _interned(_stem_set(content_words(self.text)))
        return self.memo["os"]  # type: ignore[return-value]

    def stems(self) -> tuple[str, ...]:
        if "st" not in self.memo:
            self.memo["st"] = _interned(_stems(self.text))
        return self.memo["st"]  # type: ignore[return-value]

    def speaker_words(self) -> list[str]:
        if "sw" not in self.memo:
            self.memo["sw"] = words(self.speaker_text)
        return self.memo["sw"]  # type: ignore[return-value]

    def plain_stance(self) -> str:
        if "ps" not in self.memo:
            self.memo["ps"] = _stance("other", self.text)
        return self.memo["ps"]  # type: ignore[return-value]


@dataclass
class Reaction:
    statement: int
    document: int
    target_statement: int | None
    target_entity: int | None
    cue_text: str
    cue_start: int
    cue_end: int
    stance: str
    confidence: float


@dataclass
class _Doc:
    id: int
    text: str
    date: str | None
    sentences: list[tuple[int, int]]
    statements: list[Stmt]
    mentions: list[tuple[int, int, int, str]]  # start, end, entity, type
    heads: dict[int, str]  # entity -> head words of its descriptors and organisation name, folded
    labels: dict[int, list[str]]  # entity -> the words of its name, folded
    objects: set[int] = field(default_factory=set)  # statements that are what a cue answers, not words said
    cues: list[tuple[re.Match[str], str, bool]] = field(
        default_factory=list
    )  # every cue match, stance, object
    index: _PoolIndex | None = None  # its statements by their words and speakers, made when first searched


@dataclass
class _PoolIndex:
    """Where an article's statements are, by position, for the target search: a statement the cue names
    nothing of (no speaker named, no word of its sentence in the cue's clause, no word given back) is no
    target, so the search reads only the statements one of these lists holds, in their order."""

    context: dict[str, list[int]]  # stem -> the statements whose sentence holds it
    own: dict[str, list[int]]  # stem -> the statements whose own words hold it
    speakers: dict[int, list[int]]
    speaker_texts: dict[str, list[int]]


def _index_of(doc: _Doc) -> _PoolIndex:
    if doc.index is None:
        index = _PoolIndex({}, {}, {}, {})
        for i, st in enumerate(doc.statements):
            for stem in st.context_stems():
                index.context.setdefault(stem, []).append(i)
            for stem in st.own_stems():
                index.own.setdefault(stem, []).append(i)
            if st.speaker is not None:
                index.speakers.setdefault(st.speaker, []).append(i)
            index.speaker_texts.setdefault(st.speaker_text, []).append(i)
        doc.index = index
    return doc.index


# The cue matches of recent texts, kept across passes (a batch re-reads its stories' articles, and so does
# the next batch): a text's cues depend on its words alone. Bounded by characters held, not articles.
_CUE_CACHE: OrderedDict[str, list[tuple[re.Match[str], str, bool]]] = OrderedDict()
_CUE_CACHE_CHARS = 8_000_000
_cue_cache_held = 0


def _cues(text: str) -> list[tuple[re.Match[str], str, bool]]:
    """Every cue match in the text, pattern by pattern, with its stance and whether it takes an object."""
    global _cue_cache_held
    found = _CUE_CACHE.get(text)
    if found is not None:
        _CUE_CACHE.move_to_end(text)
        return list(found)
    found = [(m, stance, takes) for pattern, stance, takes in _CUE_RE for m in pattern.finditer(text)]
    if len(text) <= _CUE_CACHE_CHARS // 8:
        _CUE_CACHE[text] = found
        _cue_cache_held += len(text)
        while _cue_cache_held > _CUE_CACHE_CHARS:
            old, _ = _CUE_CACHE.popitem(last=False)
            _cue_cache_held -= len(old)
    return list(found)


_POSSESSIVE = re.compile(r"['\u2019]s\b|(?<=s)['\u2019](?!\w)")


def words(text: str) -> list[str]:
    """Folded words with possessives dropped: 'the club's criticism' names the club."""
    return _all_words(_POSSESSIVE.sub("", text))


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) > 2 and w not in _STOP}


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans: enough for finding a cue's clause, not a parser. Never empty (a text of nothing
    but sentence ends is one span), so every offset has a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + len(m.group(1) or "")
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _sentence_at(doc: _Doc, offset: int) -> int:
    starts = [s for s, _ in doc.sentences]
    return max(0, bisect_right(starts, offset) - 1)


def _paragraph_at(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)


class ReactionLinker:
    """Links reactions over the store as it stands: one linker serves one pass (a batch, a correction),
    since it keeps the articles and searches it has read."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._docs: dict[int, _Doc] = {}
        # the searches for a document's pools, made once per linker (one batch): the store's documents,
        # mentions and stories do not change while it links, and one article is in many others' pools
        self._pools_of: dict[int, list[tuple[_Doc, bool]]] = {}
        self._earlier: dict[tuple[int, str | None], list[int]] = {}
        self._sharing: dict[tuple[int, bool], list[int]] = {}

    def relink_after(self, added: Iterable[int]) -> int:
        """Link the new documents, and again the articles of their stories that a new article may answer
        (those dated on or after the earliest new one) and the later articles naming the same people; the
        number of reactions stored."""
        added = list(added)
        todo: dict[int, None] = dict.fromkeys(added)
        earliest: dict[int, str | None] = {}
        for document in added:
            story, date = self.conn.execute(
                "SELECT story, date FROM documents WHERE id = ?", (document,)
            ).fetchone()
            if story is not None:
                known = earliest.get(story, date)
                earliest[story] = None if known is None or date is None else min(known, date)
        for story, date in earliest.items():
            todo.update(dict.fromkeys(self._story_from(story, date)))
        # and the later articles that name the same people: a new article may hold what they answer
        for document in added:
            todo.update(dict.fromkeys(self._sharing_names(document, True, MAX_RELATED_DOCUMENTS)))
        return self.relink(list(todo))

    def _story_from(self, story: int, date: str | None) -> list[int]:
        """The story's first MAX_STORY_DOCUMENTS articles dated on or after ``date`` (all, when it is None),
        undated ones first: two ranges of the (story, date) index, not a walk over its earlier articles."""
        found = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM documents WHERE story = ? AND date IS NULL ORDER BY id LIMIT ?",
                (story, MAX_STORY_DOCUMENTS),
            )
        ]
        if len(found) < MAX_STORY_DOCUMENTS:
            found += [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM documents WHERE story = ? AND date >= coalesce(?, '') ORDER BY date, id LIMIT ?",
                    (story, date, MAX_STORY_DOCUMENTS - len(found)),
                )
            ]
        return found

    def relink(self, documents: list[int]) -> int:
        """Replace the reactions whose responses are in these documents."""
        conn = self.conn
        n = 0
        for document in documents:
            conn.execute("DELETE FROM reactions WHERE document = ?", (document,))
            found = self.link_document(document)
            conn.executemany(
                "INSERT OR IGNORE INTO reactions (statement, document, target_statement, target_entity, "
                "cue_text, cue_start, cue_end, stance, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.statement,
                        r.document,
                        r.target_statement,
                        r.target_entity,
                        r.cue_text,
                        r.cue_start,
                        r.cue_end,
                        r.stance,
                        r.confidence,
                    )
                    for r in found
                ],
            )
            n += len(found)
        return n

    def _doc(self, document: int) -> _Doc:
        if document in self._docs:
            return self._docs[document]
        conn = self.conn
        text, date = conn.execute("SELECT text, date FROM documents WHERE id = ?", (document,)).fetchone()
        stmts = [
            Stmt(*row)
            for row in conn.execute(
                "SELECT s.id, s.document, s.start, s.end, s.kind, s.text, "
                "coalesce(e.merged_into, s.speaker), coalesce(s.speaker_text, s.speaker_name, ''), "
                "s.cue_start, s.cue_end, s.channel, s.date FROM statements s "
                "LEFT JOIN entities e ON e.id = s.speaker WHERE s.document = ? ORDER BY s.start",
                (document,),
            )
        ]
        mentions: list[tuple[int, int, int, str]] = []
        heads: dict[int, str] = {}
        labels: dict[int, list[str]] = {}
        for entity, etype, name, descriptors, spans in conn.execute(
            "SELECT coalesce(e.merged_into, m.entity), m.type, m.name, m.descriptors, m.spans "
            "FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.document = ?",
            (document,),
        ):
            titles: list[str] = []
            for start, end in json.loads(spans):
                mentions.append((start, end, entity, etype))
                if etype == "PERSON":
                    titles += _title_before(text, start)
            forms = [*json.loads(descriptors), *titles] + ([name] if etype in ("ORG", "NORP") else [])
            found = [h for h in map(_head_word, forms) if h]
            heads[entity] = (heads.get(entity, "") + " " + " ".join(found)).strip()
            labels.setdefault(entity, words(name))
        mentions.sort()
        doc = _Doc(document, text, date, sentences_of(text), stmts, mentions, heads, labels)
        # An indirect 'statement' hanging on a reaction cue ('rejected the idea of a cap', 'responding to
        # claims by X') holds what is answered: it is neither a response nor a target.
        doc.cues = _cues(text)
        doc.objects = {
            st.id
            for st in stmts
            if st.kind == "indirect" and any(takes and _on_cue(st, *m.span()) for m, _, takes in doc.cues)
        }
        for st in stmts:
            lo, hi = doc.sentences[_sentence_at(doc, st.start)]
            st.context = content_words(text[lo:hi]) | content_words(st.text)
        self._docs[document] = doc
        return doc

    def _earlier_documents(self, document: int, until: str | None = None) -> list[int]:
        """Documents of the same story dated no later than this one, or than ``until`` (undated ones too),
        nearest first."""
        key = (document, until)
        if key not in self._earlier:
            self._earlier[key] = self._story_before(document, until)
        return self._earlier[key]

    def _story_before(self, document: int, until: str | None) -> list[int]:
        """The dated ones are one range of the (story, date) index, then the undated ones: a story of
        thousands of articles costs what its window holds."""
        row = self.conn.execute("SELECT story, date FROM documents WHERE id = ?", (document,)).fetchone()
        if row is None or row[0] is None:
            return []
        story, date = row
        date = until or date
        if date is None:
            rows = self.conn.execute(
                "SELECT id FROM documents WHERE story = ? AND id != ? ORDER BY date DESC, id DESC LIMIT ?",
                (story, document, MAX_STORY_DOCUMENTS),
            ).fetchall()
            return [r[0] for r in rows]
        found = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM documents WHERE story = ? AND date <= ? AND date >= date(?, ?) AND id != ? "
                "ORDER BY date DESC, id DESC LIMIT ?",
                (story, date, date, f"-{WINDOW_DAYS} days", document, MAX_STORY_DOCUMENTS),
            )
        ]
        if len(found) < MAX_STORY_DOCUMENTS:
            found += [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM documents WHERE story = ? AND date IS NULL AND id != ? ORDER BY id DESC LIMIT ?",
                    (story, document, MAX_STORY_DOCUMENTS - len(found)),
                )
            ]
        return found

    def _sharing_names(self, document: int, later: bool, limit: int) -> list[int]:
        """Documents within the window before (or, ``later``, after) this one that name one of its people
        or organisations, most shared names first."""
        key = (document, later)
        if key not in self._sharing:
            self._sharing[key] = self._rank_sharing(document, later)
        return self._sharing[key][:limit]

    def _rank_sharing(self, document: int, later: bool) -> list[int]:
        row = self.conn.execute("SELECT date FROM documents WHERE id = ?", (document,)).fetchone()
        if row is None or row[0] is None:
            return []
        date = row[0]
        named = self.conn.execute(
            "SELECT DISTINCT coalesce(e.merged_into, e.id), e.norm, e.name FROM mentions m "
            "JOIN entities e ON e.id = m.entity WHERE m.document = ? AND m.type IN ('PERSON', 'ORG')",
            (document,),
        ).fetchall()
        if not named:
            return []
        roots = sorted({r for r, _, _ in named})
        # a proper name of two words or more is the same one even where the tagger typed one mention apart
        # ('Ivo Brandt's remark' as an organisation); a common noun ('the water board') is not
        norms = sorted({n for _, n, name in named if n and " " in n and _proper(name)})
        marks = ",".join("?" * len(roots))
        ids = set(roots) | {
            r[0] for r in self.conn.execute(f"SELECT id FROM entities WHERE merged_into IN ({marks})", roots)
        }
        if norms:
            norm_marks = ",".join("?" * len(norms))
            ids |= {
                r[0]
                for r in self.conn.execute(f"SELECT entity FROM aliases WHERE norm IN ({norm_marks})", norms)
            }
        root_of = dict(
            self.conn.execute(
                f"SELECT id, coalesce(merged_into, id) FROM entities WHERE id IN ({','.join('?' * len(ids))})",
                sorted(ids),
            ).fetchall()
        )
        shared: dict[int, set[int]] = {}
        order: dict[int, str] = {}
        # each name read up to a bound, nearest first: a name in every article of the year costs no more
        # than a rare one, and is evidence for its nearest articles only
        for entity, root in root_of.items():
            for other, other_date in self._nearest_naming(entity, document, date, later):
                shared.setdefault(other, set()).add(root)
                order[other] = other_date
        # most shared names first, then the nearest in date (all on one side of this one's date)
        here = _days(date)
        return sorted(shared, key=lambda d: (-len(shared[d]), abs(_days(order[d]) - here), -d))

    def _nearest_naming(self, entity: int, document: int, date: str, later: bool) -> list[tuple[int, str]]:
        """The (up to MAX_NAME_DOCUMENTS) dated documents within the window on one side of ``date`` that
        mention ``entity``, nearest first and, at the same distance, the latest stored first (the ranking's
        own order, so the bound never keeps one article over a nearer one)."""
        if later:
            window = "date >= ? AND date <= date(?, ?)"
            span = f"+{WINDOW_DAYS} days"
            order = "date, document DESC"
        else:
            window = "date <= ? AND date >= date(?, ?)"
            span = f"-{WINDOW_DAYS} days"
            order = "date DESC, document DESC"
        return self.conn.execute(
            f"SELECT document, date FROM entity_documents WHERE entity = ? AND {window} AND document != ? "
            f"ORDER BY {order} LIMIT ?",
            (entity, date, date, span, document, MAX_NAME_DOCUMENTS),
        ).fetchall()

    def _related_documents(self, document: int, exclude: set[int]) -> list[int]:
        """Earlier documents (within the window) that name one of this document's people or organisations,
        and the earlier articles of their stories: where the story grouping split an exchange, the people
        answered are still the same entities."""
        date = self.conn.execute("SELECT date FROM documents WHERE id = ?", (document,)).fetchone()
        found = [
            d
            for d in self._sharing_names(document, False, MAX_RELATED_DOCUMENTS + len(exclude))
            if d not in exclude
        ][:MAX_RELATED_DOCUMENTS]
        out = dict.fromkeys(found)
        for related in found:
            out.update(
                dict.fromkeys(d for d in self._earlier_documents(related, until=date[0]) if d not in exclude)
            )
        out.pop(document, None)
        return list(out)[: 2 * MAX_RELATED_DOCUMENTS]

    def _pools(self, doc: _Doc) -> list[tuple[_Doc, bool]]:
        """Where a target is looked for: this article, the earlier ones of its story, then earlier articles
        that name the same people."""
        if doc.id not in self._pools_of:
            story = self._earlier_documents(doc.id)
            related = self._related_documents(doc.id, {doc.id, *story})
            self._pools_of[doc.id] = [(doc, True)] + [(self._doc(d), False) for d in story + related]
        return self._pools_of[doc.id]

    def link_document(self, document: int) -> list[Reaction]:
        doc = self._doc(document)
        found: dict[int, Reaction] = {}
        matches = list(doc.cues)
        # the longest cue wins where two overlap ('hit back at' over 'hit back')
        matches.sort(key=lambda c: (c[0].start() - c[0].end(), c[0].start()))
        used: list[tuple[int, int]] = []
        for m, stance, takes_object in matches:
            if any(m.start() < e and s < m.end() for s, e in used):
                continue
            used.append((m.start(), m.end()))
            # one answer per statement: the strongest cue's ('fired back at X's claim' before a quote
            # that itself says 'his number is wrong')
            for r in self._from_cue(doc, m, stance, takes_object):
                if r.statement not in found or found[r.statement].confidence < r.confidence:
                    found[r.statement] = r
        for r in self._answers_to_requests(doc) + self._verdicts_on_speakers(doc):
            found.setdefault(r.statement, r)
        return sorted(found.values(), key=lambda r: (r.cue_start, r.statement))

    def _verdicts_on_speakers(self, doc: _Doc) -> list[Reaction]:
        """'Nouri said the minister had been lucky. "He called it a bluff before he knew," Nouri said.': a
        statement whose content opens on someone who spoke earlier, whose speaker's words take up that
        person's own words ('bluff'), answers the statement taken up; the opening words are the cue."""
        out: list[Reaction] = []
        pools = None
        for st in doc.statements:
            if st.kind != "indirect" or st.speaker is None or st.id in doc.objects:
                continue
            opening = _OPENING.match(st.text)
            if opening is None:
                continue
            word = fold(opening.group("word"))
            if word in _STOP or word in _SAID_NOUNS or _passive(st.text[opening.end() :]):
                continue
            pools = pools if pools is not None else self._pools(doc)
            about = {
                e
                for pool, _ in pools
                for e in _speakers_named(pool)
                if e != st.speaker
                and (word in pool.heads.get(e, "").split() or word == (pool.labels.get(e) or [""])[-1])
            }
            if not about:
                continue
            responses = [st, *self._continuation(doc, st, st.speaker)]
            said = set().union(*(_stems(r.text) for r in responses)) - {word[:5]}
            best: tuple[int, Stmt] | None = None
            for pool, same in pools:
                for target in pool.statements:
                    if target.speaker not in about or (same and target.start >= st.start):
                        continue
                    echo = len(said & _stems(target.text))
                    if echo and (best is None or echo > best[0]):
                        best = (echo, target)
            if best is None:
                continue
            target = best[1]
            cue_lo = st.start + opening.start("ref")
            cue_hi = st.start + opening.end("word")
            kept = [r for r in responses if r is not st] or responses
            stance = _stance("other", " ".join(r.text for r in responses))
            out += [
                Reaction(
                    r.id,
                    doc.id,
                    target.id,
                    target.speaker,
                    doc.text[cue_lo:cue_hi],
                    cue_lo,
                    cue_hi,
                    stance,
                    0.5,
                )
                for r in kept
            ]
        return out

    def _answers_to_requests(self, doc: _Doc) -> list[Reaction]:
        """A request ('asked to be exempted from the board's ban') is answered by the later statements of
        the one it is put to, or of their officer ('the board's operations director'), that take up what was
        asked ('no exemption would be granted') or speak of the requests; the cue is the word taken up."""
        text = doc.text
        out: list[Reaction] = []
        for ask in doc.statements:
            if ask.cue_start is None or not _REQUEST.fullmatch(
                text[ask.cue_start : ask.cue_end or ask.cue_start]
            ):
                continue
            # whom it is put to: a name in the request ('from the water board's new ban'), tagged or not
            asked_words = words(ask.text)
            addressees = {
                e
                for s, _, e, t in doc.mentions
                if t in ("PERSON", "ORG")
                and e != ask.speaker
                and (ask.start <= s < ask.end or _contains(asked_words, doc.labels.get(e, [])))
            }
            requester = " ".join(
                [*doc.labels.get(ask.speaker or -1, []), doc.heads.get(ask.speaker or -1, "")]
            )
            # what is asked for, without the addressee's own name ('the water board's ... ban' asks nothing of
            # the water)
            names = set().union(
                *(set(doc.labels.get(e, [])) | set(doc.heads.get(e, "").split()) for e in addressees)
            )
            asked = _stem_set(w for w in content_words(ask.text) if w not in names and len(w) > 3)
            answered: set[int] = set()
            for st in doc.statements:
                if st.start <= ask.end or st.speaker == ask.speaker or st.id in doc.objects:
                    continue
                if st.speaker in answered or _REQUEST.fullmatch(text[st.cue_start or 0 : st.cue_end or 0]):
                    continue
                # by the one asked, or by an officer of what the request names ('the board's harbour master')
                by_addressee = (
                    st.speaker in addressees
                    or any(_officer_of(st.speaker_text, doc.heads.get(e, "")) for e in addressees)
                    or _officer_of(st.speaker_text, " ".join(asked_words))
                )
                if not by_addressee or _officer_of(st.speaker_text, requester):
                    continue
                own = set(words(st.speaker_text))
                said = [(w.start(), w.group(0)) for w in re.finditer(r"[\w-]+", st.text)]
                taken = [
                    (i, w)
                    for i, w in said
                    if (w.lower()[:5] in asked and w.lower() not in own) or w.lower().startswith("request")
                ]
                if not taken:
                    continue
                i, w = taken[0]
                answered.add(st.speaker or -1)
                for r in [st, *self._continuation(doc, st, st.speaker)]:
                    out.append(
                        Reaction(
                            statement=r.id,
                            document=doc.id,
                            target_statement=ask.id,
                            target_entity=ask.speaker,
                            cue_text=w,
                            cue_start=st.start + i,
                            cue_end=st.start + i + len(w),
                            stance=_stance("other", st.text),
                            confidence=0.5,
                        )
                    )
        return out

    def _from_cue(self, doc: _Doc, m: re.Match[str], stance: str, takes_object: bool) -> list[Reaction]:
        text = doc.text
        s_index = _sentence_at(doc, m.start())
        s_lo, s_hi = doc.sentences[s_index]
        if _NEGATED.search(text[s_lo : m.start()][-40:]) or _RELATIVE.search(text[s_lo : m.start()][-40:]):
            return []
        obj_lo, obj_hi, clause_hi = m.end(), m.end(), m.end()
        if takes_object:
            tail = text[m.end() : s_hi]
            end = _OBJECT_END.search(tail)
            clause_hi = m.end() + (end.start() if end else len(tail))
            # what follows 'that' is the content answered; who or what is answered comes before it
            that = _THAT.search(text, m.end(), clause_hi)
            obj_hi = that.start() if that else clause_hi
            if obj_hi - obj_lo < 2 or not content_words(text[obj_lo:obj_hi]):
                return []
        subject, responses = self._responses(doc, m, s_index, clause_hi, takes_object)
        # 'Osei said she was disappointed. "We got a brush-off," Osei said.': the words that are only the
        # cue and its object ('his dismissal of the threat') are the reporter's account of the answer, not
        # the answer, when the speaker's own answer follows
        beyond = [
            r for r in responses if not (r.start < m.end() and m.start() < r.end and r.end <= clause_hi)
        ]
        responses = beyond or responses
        if not responses:
            return []
        if takes_object:
            target = self._target(doc, subject, responses, obj_lo, obj_hi, clause_hi, s_lo, s_hi)
        else:
            target = self._previous_other(doc, subject, responses)
        if target is None:
            return []
        target_statement, target_entity, quality = target
        final = _stance(stance, " ".join(r.text for r in responses))
        strength = 0.9 if takes_object else 0.6
        return [
            Reaction(
                statement=r.id,
                document=doc.id,
                target_statement=target_statement,
                target_entity=target_entity,
                cue_text=m.group(0),
                cue_start=m.start(),
                cue_end=m.end(),
                stance=final,
                confidence=round(strength * quality, 3),
            )
            for r in responses
        ]

    def _responses(
        self, doc: _Doc, m: re.Match[str], s_index: int, clause_hi: int, takes_object: bool
    ) -> tuple[int | None, list[Stmt]]:
        """Who reacts, and the statements that carry the reaction."""
        s_lo, s_hi = doc.sentences[s_index]
        in_sentence = [
            st
            for st in doc.statements
            if s_lo <= st.start < s_hi or (st.cue_start is not None and s_lo <= st.cue_start < s_hi)
        ]
        # A statement hanging on the cue, or inside its object, holds what is answered, not the answer.
        own = [
            st
            for st in in_sentence
            if not (m.end() <= st.start < clause_hi)
            and not (takes_object and st.kind == "indirect" and _on_cue(st, m.start(), m.end()))
            and st.id not in doc.objects
        ]
        on_cue = [st.speaker for st in in_sentence if _on_cue(st, m.start(), m.end()) and st.speaker]
        before = [e for s, _, e, t in doc.mentions if s_lo <= s < m.start() and t in ("PERSON", "ORG")]
        subject = on_cue[0] if on_cue else self._subject(doc, before, own, s_hi)
        if own:
            picked = [st for st in own if subject is None or st.speaker in (subject, None)]
            if picked:
                return subject, picked + self._continuation(doc, picked[-1], subject)
        after = [st for st in doc.statements if st.start >= s_hi]
        if (
            after
            and _sentence_at(doc, after[0].start) - s_index <= 2
            and not _ADDED.search(doc.text[after[0].cue_start or after[0].start :][:30])
        ):
            first = after[0]
            nameless = subject is None and _paragraph_at(doc.text, first.start) == _paragraph_at(
                doc.text, s_lo
            )
            if nameless or (
                subject is not None and (first.speaker == subject or self._speaks_for(doc, first, subject))
            ):
                subject = first.speaker
                return subject, [first, *self._continuation(doc, first, subject)]
        before_run = [st for st in doc.statements if st.end <= s_lo]
        if (
            before_run
            and subject is not None
            and before_run[-1].speaker == subject
            and s_index - _sentence_at(doc, max(before_run[-1].start, before_run[-1].end - 1)) <= 2
        ):
            return subject, [before_run[-1]]
        return subject, []

    @staticmethod
    def _subject(doc: _Doc, before: list[int], own: list[Stmt], s_hi: int) -> int | None:
        """Who the cue's sentence is about: a name before the cue that speaks there or just after (a
        sentence's place names and clubs do not answer anyone); with none, the first name, unless the
        sentence carries statements of someone else."""
        if not before:
            return None
        speaking = {st.speaker for st in own}
        after = [st for st in doc.statements if st.start >= s_hi][:1]
        speaking |= {st.speaker for st in after}
        for entity in before:
            if entity in speaking:
                return entity
        return None if own else before[0]

    @staticmethod
    def _speaks_for(doc: _Doc, st: Stmt, subject: int) -> bool:
        """A spokesperson's statement for the subject ('Reyes's campaign manager, Tobias Grant'; 'the union'
        and 'president of the State Teachers' Association'; a 'spokeswoman' with no organisation named,
        right after the subject's sentence)."""
        name = doc.labels.get(subject, [])
        said_by = words(st.speaker_text)
        if not name:
            return False
        if name[-1] in said_by:
            return True
        office = _OFFICE.search(st.speaker_text)
        if office is None:
            return False
        if office.group("bare") and not office.group("org"):
            return True
        org = content_words(office.group("org") or "")
        return len(org & set(name)) >= 2

    def _continuation(self, doc: _Doc, last: Stmt, subject: int | None) -> list[Stmt]:
        """The same speaker's later statements in the same paragraph, then in the next paragraph when that
        paragraph is theirs alone, opens no new subject and holds no reaction cue of its own."""
        if subject is None:
            return []
        text = doc.text
        para = _paragraph_at(text, last.start)
        out: list[Stmt] = []
        for st in doc.statements:
            if st.start <= last.start:
                continue
            p = _paragraph_at(text, st.start)
            if p > para + 1 or (
                st.speaker != subject and not (out == [] and self._speaks_for(doc, st, subject))
            ):
                break
            if p == para + 1:
                if st.kind == "indirect":
                    break
                lo = text.rfind("\n\n", 0, st.start) + 2
                hi = text.find("\n\n", st.start)
                paragraph = text[lo : hi if hi >= 0 else len(text)]
                if _SHIFT.search(paragraph) or any(
                    lo <= m.start() < lo + len(paragraph) for m, _, _ in doc.cues
                ):
                    break
            out.append(st)
        return out

    def _target(
        self,
        doc: _Doc,
        subject: int | None,
        responses: list[Stmt],
        obj_lo: int,
        obj_hi: int,
        clause_hi: int,
        s_lo: int,
        s_hi: int,
    ) -> tuple[int | None, int | None, float] | None:
        text = doc.text
        if _deed_of(text[obj_lo:s_hi], doc) or _CANDIDACY.search(text[obj_lo:clause_hi]):
            return None
        obj_words = content_words(text[obj_lo:obj_hi])
        # the words of the whole clause ('claim that her tax cut would cost two billion') say which of the
        # named speaker's statements is meant
        clause_words = content_words(text[obj_lo:clause_hi])
        named = [
            e
            for s, end, e, t in doc.mentions
            if obj_lo <= s < obj_hi and e != subject and t in ("PERSON", "ORG") and not _modifier(text, end)
        ]
        # what the clause says after 'that' are the target's words as the reporter gives them back
        that = _THAT.search(text, obj_lo, clause_hi)
        reported = _stem_set(content_words(text[that.end() : clause_hi])) if that else set()
        clause_stems = _stem_set(clause_words)
        pools = self._pools(doc)
        for pool, _ in pools:  # 'the minister': whoever the story calls so, nearest article first
            if named:
                break
            named = [e for e, forms in pool.heads.items() if e != subject and _names_match(obj_words, forms)]
        excluded = _before_words(text[s_lo:s_hi])
        response_ids = {r.id for r in responses}
        first_response = min(r.start for r in responses)
        candidates: list[tuple[bool, float, Stmt]] = []
        said_noun = bool(obj_words & _SAID_NOUNS)
        # 'thanked her for her support', 'rejected the criticism': the noun says the target's own stance
        said_stems = _stem_set(obj_words & _SAID_NOUNS)
        noun_stance = next((k for k, nouns in _STANCE_NOUNS.items() if obj_words & nouns), None)
        echo = set().union(*(_stems(r.text) for r in responses)) | _stems(" ".join(obj_words & _SAID_NOUNS))
        labels = {e: lab for pool, _ in pools for e, lab in pool.labels.items() if e in named}
        responder_texts = {r.speaker_text for r in responses}
        # what depends on a pool and a speaker (or their words) only, asked once of each: a big story's
        # statements are mostly by a few people
        own_side: dict[tuple[int, int], bool] = {}
        by_words: dict[tuple[int, str], float] = {}

        def words_name(pool: _Doc, st: Stmt) -> float:
            """2.5 when the statement's speaker words hold a named one's name, 2.0 when they make the
            speaker an officer of one, else 0."""
            wkey = (pool.id, st.speaker_text)
            if wkey not in by_words:
                if any(_contains(st.speaker_words(), labels.get(e, [])) for e in named):
                    by_words[wkey] = 2.5
                elif any(_officer_of(st.speaker_text, pool.heads.get(e, "")) for e in named):
                    by_words[wkey] = 2.0  # 'the club's president' speaks for the club
                else:
                    by_words[wkey] = 0.0
            return by_words[wkey]

        for pool, same in pools:
            index = _index_of(pool)
            picked: set[int] = set()
            for stem in clause_stems:
                picked.update(index.context.get(stem, ()))
            for stem in reported:
                picked.update(index.own.get(stem, ()))
            if named:
                for e in named:
                    picked.update(index.speakers.get(e, ()))
                for positions in index.speaker_texts.values():
                    if words_name(pool, pool.statements[positions[0]]) > 0.0:
                        picked.update(positions)
            for st in [pool.statements[i] for i in sorted(picked)]:
                if st.id in response_ids or (subject is not None and st.speaker == subject):
                    continue
                if st.id in pool.objects or _unsaid_in(pool, st):
                    continue
                if st.speaker is not None:
                    key = (pool.id, st.speaker)
                    if key not in own_side:
                        heads = pool.heads.get(st.speaker, "")
                        own_side[key] = any(_officer_of(t, heads) for t in responder_texts)
                    if own_side[key]:
                        continue  # the responder's own organisation ('the association's chairman') is not answered
                if same and (st.start >= first_response or s_lo <= st.start < s_hi):
                    continue  # what the cue's own sentence says is the reporter's account of the target
                if excluded and (excluded & st.context or fold(st.channel or "") in excluded):
                    continue
                # first whether the cue names anything of this statement at all (its speaker, the words
                # of its sentence, words the clause gives back): most of a big story's statements fail
                # here, and the rest of the score is only worked out for those that pass
                named_score = 0.0
                by_name = st.speaker is not None and st.speaker in named
                if by_name:
                    named_score = 3.0
                elif named:
                    named_score = words_name(pool, st)
                    by_name = named_score > 0.0
                overlap = len(clause_stems.intersection(st.context_stems()))
                own = st.own_stems()
                quoted = len(reported.intersection(own)) >= 3 if reported else False
                if not (by_name or overlap or quoted):
                    continue  # nothing the cue names: the response's echo alone is no target
                score = 0.0 + named_score
                score += min(overlap, 4) * (0.75 if said_noun else 0.5)
                # 'welcomed the offer' and the statement that makes the offer ('had offered to review')
                if said_stems and not said_stems.isdisjoint(own):
                    score += 0.5
                # 'the threat' is what was said by threatening, 'the offer' what was offered
                if said_stems and st.cue_start is not None and said_stems & _cue_stems(pool, st):
                    score += 1.5
                if quoted:
                    score += 2.0
                if noun_stance is not None and st.plain_stance() == noun_stance:
                    score += 0.75
                # the response's own words echoing the target's ('a childish threat' -> 'under threat')
                score += min(len(echo.intersection(st.stems())), 2) * 0.5
                # people answer words they can quote: a quote before a reported plan or announcement
                score += 0.5 if st.kind != "indirect" else 0.0
                if score < 1.5:
                    continue
                score += 0.5 if same else 0.0
                if _recap_in(pool, st):
                    score -= 1.0  # the article retelling the earlier statement: the original comes first
                candidates.append((by_name or quoted, score, st))
        if candidates:
            # a statement of the speaker the object names beats any echo of words; then the best echo, and
            # within one article the nearest before the response
            candidates.sort(key=lambda c: (not c[0], -c[1], -c[2].start if c[2].document == doc.id else 0))
            _, score, best = candidates[0]
            return best.id, best.speaker, min(1.0, score / 4)
        speakers = {st.speaker for pool, _ in pools for st in pool.statements}
        for entity in named:
            if entity in speakers or self._is_person(entity):
                return None, entity, 0.6
        return None

    def _is_person(self, entity: int) -> bool:
        row = self.conn.execute("SELECT type FROM entities WHERE id = ?", (entity,)).fetchone()
        return bool(row) and row[0] == "PERSON"

    def _previous_other(
        self, doc: _Doc, subject: int | None, responses: list[Stmt]
    ) -> tuple[int | None, int | None, float] | None:
        """An implicit answer answers the nearest statement before it by someone else."""
        first = min(responses, key=lambda r: r.start)
        s_index = _sentence_at(doc, first.start)
        ids = {r.id for r in responses}
        for st in reversed(doc.statements):
            if st.start >= first.start or st.id in ids or st.id in doc.objects:
                continue
            if s_index - _sentence_at(doc, st.start) > 4:
                return None
            if st.speaker is not None and st.speaker != subject:
                return self._echoed(doc, st, responses), st.speaker, 0.8
        return None

    @staticmethod
    def _echoed(doc: _Doc, nearest: Stmt, responses: list[Stmt]) -> int:
        """Of the answered speaker's statements before the answer, the one whose words the answer takes up
        ('The chairman should read the report again' answers 'The report reads as if ...'), else the nearest."""
        said = set().union(*(_stems(r.text) for r in responses))
        best, best_echo = nearest.id, 0
        for st in reversed(doc.statements):
            if st.start > nearest.start or st.speaker != nearest.speaker or st.id in doc.objects:
                continue
            echo = len(said & _stems(st.text))
            if echo > best_echo:
                best, best_echo = st.id, echo
        return best


# an office held for an organisation: 'president of the X', 'a spokesman for the X', or a bare 'spokeswoman'
_OFFICE = re.compile(
    r"\b(?:(?P<bare>spokes(?:man|woman|person))|president|chairman|chairwoman|chair|director|secretary|"
    r"head|leader|chief)\b(?:\s+(?:of|for)\s+(?P<org>[^,]+))?",
    re.IGNORECASE,
)
_HEAD_END = re.compile(r"\s(?:of|for|at|from|in|on|who|which|with)\s|,", re.IGNORECASE)


_TITLE = re.compile(r"(?:^|[\s(\u201c\"])([A-Za-z][a-z-]{2,})\s+$")


def _title_before(text: str, start: int) -> list[str]:
    """The title a name carries before it ('Developer Orla Quist', 'union leader Sam Okoro'): the story
    may call the person by it later ('the developer's plan'); a verb or a function word before the name
    ('said', 'with') is none."""
    m = _TITLE.search(text[max(0, start - 40) : start])
    if m is None:
        return []
    word = fold(m.group(1))
    if word in _STOP or word.endswith(("ed", "ing", "ly")):
        return []
    return [word]


def _head_word(form: str) -> str:
    """The head of a descriptor, before its modifiers: 'the head of the Port of Calder' is a head, not
    Calder; 'the port's chief executive' is an executive."""
    cut = _HEAD_END.search(form)
    found = words(form[: cut.start()] if cut else form)
    return found[-1] if found else ""


# the opening of a statement's content on a person, judged ('the minister had been lucky', 'Marsh was
# wrong'), not what they did ('the institute had offered')
_OPENING = re.compile(
    r"^(?:that\s+)?(?P<ref>(?:the\s+)?(?P<word>[\w-]+))\s+(?:had been|has been|was|is|were|are)\s",
    re.IGNORECASE,
)
# what was done to someone ('had been invited to speak', 'was criticised last year', 'was told by'): a
# report of a deed, not a verdict on what they said; a judgement ('had been lucky', 'was mistaken') is not
_PARTICIPLE = re.compile(
    r"^(?P<verb>(?!mis|ill-)[a-z-]+(?:ed|en)|told|given|made|shown|seen|known|held|brought|sent|left|put|"
    r"set|paid|kept|taken|caught|found|heard|met|sold|won|hit|cut)(?:\s+(?P<next>[a-z]+)|\W*$)",
    re.IGNORECASE,
)
_PASSIVE_NEXT = frozenset(
    "by to into for at in on with from over as after last this that since during about before".split()
)


def _passive(predicate: str) -> bool:
    """A verb's participle after the copula, followed by its agent, a preposition, a time or an adverb
    ('was sacked', 'had been dismissed publicly'), or ending the clause: passive. A participle that is a
    judgement ('unprepared', 'overrated') at the clause end is an adjective."""
    m = _PARTICIPLE.match(predicate)
    if m is None:
        return False
    after = m.group("next")
    if after is None:
        return not fold(m.group("verb")).startswith(("un", "over", "under"))
    after = fold(after)
    return after in _PASSIVE_NEXT or (after.endswith("ly") and len(after) > 4)


def _speakers_named(doc: _Doc) -> set[int]:
    """The people and organisations an article mentions: a thing ('the hall', 'the unit') never spoke."""
    return {e for _, _, e, t in doc.mentions if t in ("PERSON", "ORG")}


_REQUEST = re.compile(
    r"(?:asked|asks|called for|calls for|demanded|demands|urged|urges|appealed to|requested|requests|pleaded with)",
    re.IGNORECASE,
)
# 'endorsed Carmen Reyes for governor': a candidacy backed, no statement answered
_CANDIDACY = re.compile(
    r"\bfor (?:governor|president|mayor|senator|prime minister|leader|chair\w*|re-?election|office|"
    r"the (?:post|job|seat|nomination|presidency|leadership))\b",
    re.IGNORECASE,
)
_RECAP = re.compile(r"\b(?:after|since)\s[^,.;]*$", re.IGNORECASE)


def _recap(doc: _Doc, st: Stmt) -> bool:
    """'Two weeks after hackers threatened to publish ...': an earlier statement retold as background."""
    if st.cue_start is None:
        return False
    lo, _ = doc.sentences[_sentence_at(doc, st.cue_start)]
    return bool(_RECAP.search(doc.text[lo : st.cue_start]))


def _days(date: str) -> int:
    """An ISO date as a number that sorts like it (yyyymmdd), for ordering dates on one side of another."""
    return int(date[:10].replace("-", "")) if date[:10].replace("-", "").isdigit() else 0


def _proper(name: str) -> bool:
    return all(w[:1].isupper() for w in name.split())


_STEMS: dict[str, str] = {}


def _interned(stems: set[str]) -> tuple[str, ...]:
    """The stems as a tuple of shared strings (one 'minis' for every statement that has it), the table
    emptied when it grows past 200k stems."""
    if len(_STEMS) > 200_000:
        _STEMS.clear()
    return tuple(_STEMS.setdefault(w, w) for w in stems)


def _unsaid_in(doc: _Doc, st: Stmt) -> bool:
    """``_unsaid`` of a statement of ``doc``, worked out once a pass."""
    if "un" not in st.memo:
        st.memo["un"] = _unsaid(doc.text, st)
    return st.memo["un"]  # type: ignore[return-value]


def _recap_in(doc: _Doc, st: Stmt) -> bool:
    """``_recap`` of a statement of ``doc``, worked out once a pass."""
    if "rc" not in st.memo:
        st.memo["rc"] = _recap(doc, st)
    return st.memo["rc"]  # type: ignore[return-value]


def _cue_stems(doc: _Doc, st: Stmt) -> set[str]:
    """The stems of a statement's own cue words ('threatened', 'offered'), worked out once a pass."""
    if "cw" not in st.memo:
        st.memo["cw"] = _stem_set(words(doc.text[st.cue_start or 0 : st.cue_end or st.cue_start or 0]))
    return st.memo["cw"]  # type: ignore[return-value]


def _unsaid(text: str, st: Stmt) -> bool:
    """'She did not say when the review would end': a speech act denied is nothing anyone can answer."""
    if st.cue_start is None:
        return False
    return bool(_NEGATED.search(text[max(0, st.cue_start - 40) : st.cue_start]))


def _stem_set(found: Iterable[str]) -> set[str]:
    """Crude stems of words (the first five letters): 'offer' and 'offered', 'review' and 'reviews' meet."""
    return {w[:5] for w in found}


_STANCE_NOUNS = {
    "supports": frozenset("support backing praise endorsement approval".split()),
    "rejects": frozenset(
        "criticism criticisms attack attacks accusation accusations complaint complaints charge charges "
        "threat threats warning warnings objection objections".split()
    ),
}
_MODIFIED = re.compile(r"\s+([a-z][\w-]*)")


def _modifier(text: str, end: int) -> bool:
    """A name that only qualifies the noun after it ('the Calder dockworkers') is not who is answered;
    'Hardy's remark', 'Hardy on Monday' and 'the Calder plan' keep it."""
    m = _MODIFIED.match(text, end)
    return bool(m) and m.group(1) not in _STOP and m.group(1) not in _SAID_NOUNS


def _stems(text: str) -> set[str]:
    """Crude stems (first five letters of longer content words): 'threat' and 'threatening' meet."""
    return {w[:5] for w in content_words(text) if len(w) >= 5}


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _on_cue(st: Stmt, start: int, end: int) -> bool:
    return st.cue_start is not None and st.cue_start < end and start < (st.cue_end or st.cue_start + 1)


_POSSESSED = re.compile(r"^[^,;]*['\u2019]s?\s+[\"\u201c]?((?:[\w-]+\s*){1,4})")
_PHRASE_END = frozenset("in on at as with by for from that and but to of over after before about".split())


# 'the director's defence', 'the union's side': whose side is taken, not a deed of theirs
_SIDE_NOUNS = frozenset("defence defense side".split())


def _deed_of(phrase: str, doc: _Doc) -> bool:
    """'condemned the group's "horrific crimes"': what someone did, not what they said, is answered; a
    possessed phrase with neither a said noun nor a role ('Reyes's campaign manager') is a deed."""
    m = _POSSESSED.search(phrase)
    if m is None:
        return False
    head_words: list[str] = []
    for w in words(m.group(1)):
        if w in _PHRASE_END:
            break
        head_words.append(w)
    if not head_words:
        return False
    roles = {w for forms in doc.heads.values() for w in forms.split()}
    return not any(w in _SAID_NOUNS or w in roles or w in _SIDE_NOUNS for w in head_words)


_OFFICER_OF = re.compile(r"(\w+)['\u2019]s\s+\w+|\b(?:of|for) (?:the )?(\w+)")


def _officer_of(speaker_text: str, heads: str) -> bool:
    """A speaker named as an officer of an organisation ('the club's president', 'a spokesman for the
    board'), whose head word is among the organisation's."""
    if not heads:
        return False
    found = _officer_words(speaker_text)
    return bool(found) and not _head_set(heads).isdisjoint(found)


@functools.lru_cache(maxsize=65536)
def _officer_words(speaker_text: str) -> tuple[str, ...]:
    """The words of the organisation a speaker's words name them an officer of ('the club's president':
    club), () when they name none: the target search asks this of every statement it weighs."""
    m = _OFFICER_OF.search(speaker_text)
    return tuple(words(m.group(1) or m.group(2) or "")) if m else ()


@functools.lru_cache(maxsize=65536)
def _head_set(heads: str) -> frozenset[str]:
    return frozenset(heads.split())


def _names_match(obj_words: set[str], heads: str) -> bool:
    """An object word that heads an entity's descriptor or organisation name ('the minister', 'the club's')."""
    head_words = _head_set(heads)
    return any(w in head_words for w in obj_words if w not in _SAID_NOUNS)


def _before_words(sentence: str) -> set[str]:
    """Content words of what the sentence says its statement came before ('prior to the video's release')."""
    out: set[str] = set()
    for m in _BEFORE.finditer(sentence):
        out |= content_words(m.group(1)) - {"release", "publication", "day", "week"}
    return out


_NEGATION = frozenset(
    "not no never nobody nothing none neither nor cannot dont doesnt didnt isnt arent wasnt werent hasnt "
    "havent hadnt couldnt wouldnt shouldnt wont cant aint mustnt".split()
)


def _stance(cue_stance: str, response: str) -> str:
    """The cue's stance; a neutral cue ('responded') takes the stance of the response's own words, where
    a denial ('No one has...', 'does not say') rejects what it answers."""
    if cue_stance != "other":
        return cue_stance
    tokens = words(response)
    said = set(tokens)
    rejects = len(said & _EVALUATIVE["rejects"]) + sum(1 for w in tokens if w in _NEGATION)
    supports = len(said & _EVALUATIVE["supports"])
    if rejects > supports:
        return "rejects"
    if supports > rejects:
        return "supports"
    return "other"
