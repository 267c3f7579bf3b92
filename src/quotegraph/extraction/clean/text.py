"""Cleaning: from a RawDocument to an Article with a clean body and its metadata.

Every rule here detects a pattern of news pages in general (a byline line, a reader appeal after the
article, a contact line), never one outlet's wording.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlparse

from quotegraph.extraction.clean.dates import parse_date
from quotegraph.model import Block

_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_HANDLE = re.compile(r"(?<!\w)@\w{2,}")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by|story by)\s*:?\s+(?P<names>[^\n]{2,150})$", re.I
)
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|der|del|la|le|bin|al-?\w*))*$")
_URL_LINE = re.compile(
    r"^(?:original\s+(?:url|article|link)|source(?:\s+url)?|url|link|canonical)\s*:?\s*(.*)$", re.I
)
_CONTACT_LEAD = re.compile(r"^(?:contact|email|e-mail|write to|reach|follow|send tips|tips)\b", re.I)
_SPEECH_VERB = re.compile(r"\b(?:said|says|told)\b")
_TERMINAL = tuple('.!?…:;"”’»)]')
_QUOTE_CHARS = '"“”«»'

_APPEAL_STRONG = [
    re.compile(p, re.I)
    for p in (
        r"^dear (?:readers?|friends|subscribers|supporters|members|visitors)\b",
        r"\bremind me later\b",
        r"\b(?:donate|donation|donating)\b",
        r"\b(?:support|back|fund)(?:ing)? us\b",
        r"\bplease (?:support|consider|help|subscribe|donate|give)\b",
        r"\bmake a (?:contribution|donation|gift)\b",
        r"\bbecome a (?:member|supporter|patron|subscriber)\b",
        r"\b(?:subscribe|sign up) (?:to|for) (?:our|the) (?:newsletter|daily|weekly)",
        r"\bwe need your (?:help|support)\b",
        r"\bthank you for (?:reading|standing with us|your support|supporting)\b",
        r"\bchip in\b",
        r"\b(?:funded|supported|paid for) by (?:our )?readers\b",
        r"\bhelp us (?:keep|continue|stay|survive|grow)\b",
    )
]
_APPEAL_WEAK = [
    re.compile(p, re.I)
    for p in (
        r"\bindependent journalism\b",
        r"\b(?:your|every) (?:support|contribution|donation)\b",
        r"\b(?:support|supporting) (?:our|independent|the) (?:work|journalism|newsroom)\b",
        r"\bnewsletter\b",
        r"\bsubscribe\b",
        r"\bcontinue our work\b",
        r"\bmonthly\b",
    )
]
_WE = re.compile(r"\b(?:we|our|us|ours)\b", re.I)
_YOU = re.compile(r"\b(?:you|your|yours)\b", re.I)
_BOILER_LINE = re.compile(
    r"^(?:share (?:this|on)\b|click here\b|read more\b|read the rest\b|advertisement$|subscribe now\b|"
    r"sign up\b|follow us\b|related:|see also:|remind me later)",
    re.I,
)


@dataclass
class CleanText:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def normalize_for_id(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its normalized body, so the same story read twice is one row."""
    return hashlib.sha1(normalize_for_id(text).encode("utf-8")).hexdigest()[:16]


def _strip_markdown(line: str) -> str:
    # each pattern only where its marker is: most lines hold none, and this runs on every line
    if "](" in line:
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
    if line.startswith("#"):
        line = _MD_HEADING.sub("", line)
    if "**" in line or "__" in line:
        line = _MD_EMPHASIS.sub(r"\2", line)
    return line


def _prep(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return text


def _parse_byline(line: str) -> list[str] | None:
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    names_part = re.split(r"\s*[|•·—–]\s*|\s+-\s+|,?\s+(?:for|in|at)\s+", m.group("names"))[0]
    names = [n.strip(" ,.") for n in re.split(r",\s*|\s+and\s+|\s*&\s*", names_part) if n.strip(" ,.")]
    if not names or any(not _NAME.match(n) or len(n.split()) > 5 for n in names):
        return None
    return names


def _is_title(line: str, next_blank: bool) -> bool:
    words = line.split()
    if not words or len(words) > 25 or line[0] in _QUOTE_CHARS:
        return False
    ends_sentence = line.rstrip().endswith((".", "”", '"'))
    capitalized = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) / len(words)
    if not ends_sentence:
        return len(words) <= 20
    return next_blank and capitalized >= 0.6


def _appeal_score(paragraph: str) -> tuple[int, int]:
    strong = sum(1 for p in _APPEAL_STRONG if p.search(paragraph))
    weak = sum(1 for p in _APPEAL_WEAK if p.search(paragraph))
    return strong, weak


def _appeal_start(paragraphs: list[str]) -> int | None:
    """Index where a reader appeal appended after the article begins, or None.

    An appeal is a run of paragraphs at the end that speaks to the reader (we/our and you/your) and asks
    for support; it must hold at least one strong signal (a donation request, 'Dear readers', a
    'remind me later' button) and two signals in all.
    """
    n = len(paragraphs)
    start = None
    strong_total = weak_total = 0
    i = n - 1
    gap = 0
    while i >= 0:
        para = paragraphs[i]
        strong, weak = _appeal_score(para)
        words = len(para.split())
        we_you = bool(_WE.search(para)) and (bool(_YOU.search(para)) or len(_WE.findall(para)) >= 2)
        if strong or weak or (we_you and start is not None) or (words <= 4 and start is None):
            strong_total += strong
            weak_total += weak
            if strong or weak or we_you:
                start = i
            gap = 0
        else:
            gap += 1
            if gap > 1 or start is None:
                break
        i -= 1
    if start is None or strong_total < 1 or strong_total + weak_total < 2:
        return None
    # the appeal opens with a signal of its own: paragraphs that only say "we" and "you" before the
    # first signal belong to the article
    while start < n - 1 and not any(_appeal_score(paragraphs[start])):
        start += 1
    while start > 0 and _is_appeal_heading(paragraphs[start - 1]):
        start -= 1
    return start


def _is_appeal_heading(paragraph: str) -> bool:
    words = paragraph.split()
    return 0 < len(words) <= 10 and (
        paragraph.rstrip().endswith(":") or not paragraph.rstrip().endswith(_TERMINAL)
    )


def _is_contact_line(line: str) -> bool:
    if "@" not in line:  # both address patterns need one
        return False
    words = line.split()
    if len(words) > 20 or any(q in line for q in _QUOTE_CHARS):
        return False
    has_address = bool(_EMAIL.search(line) or _HANDLE.search(line))
    return has_address and (bool(_CONTACT_LEAD.match(line)) or len(words) <= 8)


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 10 or line.rstrip().endswith(_TERMINAL) or line[0] in _QUOTE_CHARS:
        return False
    if not line[0].isupper():
        return False
    return not _SPEECH_VERB.search(line)


def _repair_broken(paragraphs: list[str]) -> list[str]:
    """Join a sentence that a stray blank line broke in two: no end punctuation, next starts lowercase."""
    out: list[str] = []
    for para in paragraphs:
        if (
            out
            and not out[-1].rstrip().endswith(_TERMINAL)
            and para[:1].islower()
            and len(out[-1].split()) > 6
        ):
            out[-1] = out[-1].rstrip() + " " + para.lstrip()
        else:
            out.append(para)
    return out


def clean_text(raw: str) -> CleanText:
    """Body and metadata of a plain-text or markdown article."""
    lines = [_strip_markdown(line).strip() for line in _prep(raw).split("\n")]
    result = CleanText(text="")

    # footer metadata and contact lines, anywhere
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _URL_LINE.match(line)
        if (
            m
            and line
            and (
                (m.group(1) and _AUTOLINK.fullmatch(m.group(1).strip()) or _URL.fullmatch(m.group(1).strip()))
                or (not m.group(1) and _next_is_url(lines, i))
            )
        ):
            value = m.group(1).strip()
            if not value:
                j = i + 1
                while j < len(lines) and not lines[j]:
                    j += 1
                value = lines[j]
                i = j
            result.url = result.url or _URL.search(value).group(0)
            result.removed.append(line)
            i += 1
            continue
        if _AUTOLINK.fullmatch(line):
            result.url = result.url or line[1:-1]
            i += 1
            continue
        if line and (_is_contact_line(line) or _BOILER_LINE.match(line)):
            result.removed.append(line)
            line = ""
        kept.append(line)
        i += 1
    kept = [_AUTOLINK.sub(r"\1", line) if "<" in line else line for line in kept]

    # paragraphs: a non-empty line is a paragraph; remember blank-line gaps for the header zone
    paragraphs: list[str] = []
    blank_after: list[bool] = []
    for line in kept:
        if line:
            paragraphs.append(line)
            blank_after.append(False)
        elif blank_after:
            blank_after[-1] = True

    # header zone: title, byline, date line, in any order, at the top
    pos = 0
    while pos < len(paragraphs) and pos < 6:
        para = paragraphs[pos]
        authors = _parse_byline(para)
        if authors is not None and not result.authors:
            result.authors = authors
        elif parse_date(para):
            # an 'Updated:' line is removed like any date line but is not the publication date
            if not result.published and not re.match(r"\s*(?:last\s+)?updated\b", para, re.I):
                result.published = parse_date(para)
        elif pos == 0 and result.title is None and _is_title(para, blank_after[pos]):
            result.title = para
        else:
            break
        result.removed.append(para)
        pos += 1
    paragraphs = paragraphs[pos:]

    appeal = _appeal_start(paragraphs)
    if appeal is not None and appeal > 0:
        result.removed.extend(paragraphs[appeal:])
        paragraphs = paragraphs[:appeal]

    paragraphs = _repair_broken(paragraphs)

    parts: list[str] = []
    offset = 0
    for idx, para in enumerate(paragraphs):
        if idx:
            offset += 2
        if idx and _is_heading(para) and idx + 1 < len(paragraphs):
            result.blocks.append(Block("heading", offset, offset + len(para)))
        parts.append(para)
        offset += len(para)
    result.text = "\n\n".join(parts)
    return result


def _next_is_url(lines: list[str], i: int) -> bool:
    j = i + 1
    while j < len(lines) and not lines[j]:
        j += 1
    return j < len(lines) and bool(_AUTOLINK.fullmatch(lines[j]) or _URL.fullmatch(lines[j]))


def publisher_from_url(url: str | None, text: str = "") -> str | None:
    """The outlet's name: a capitalized phrase in the text that spells the site's name, else the site."""
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    if not host:
        return None
    host = re.sub(r"^(?:www\d?|m|amp|mobile|edition|news)\.", "", host)
    label = host.split(".")[0]
    if text and len(label) >= 3:
        for m in re.finditer(r"\b(?:[Tt]he\s+)?[A-Z][\w&'-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w&'-]*){0,5}", text):
            phrase = m.group(0)
            squashed = re.sub(r"[^a-z0-9]", "", phrase.lower())
            if squashed == label:
                return phrase if phrase[0].isupper() else phrase[0].upper() + phrase[1:]
            if squashed.startswith("the") and squashed[3:] == label:
                return phrase
    return host


_EN_STOP = set(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "is",
        "was",
        "he",
        "for",
        "it",
        "with",
        "as",
        "his",
        "on",
        "be",
        "at",
        "by",
        "i",
        "this",
        "had",
        "not",
        "are",
        "but",
        "from",
        "or",
        "have",
        "an",
        "they",
        "which",
        "one",
        "you",
        "were",
        "her",
        "all",
        "she",
        "there",
        "would",
        "their",
        "we",
        "him",
        "been",
        "has",
        "when",
        "who",
        "will",
        "more",
        "no",
        "if",
        "out",
        "so",
        "said",
        "what",
    ]
)


def guess_language(text: str) -> str | None:
    words = re.findall(r"[a-zA-Z]+", text[:5000].lower())
    if len(words) < 5:
        return None
    share = sum(1 for w in words if w in _EN_STOP) / len(words)
    return "en" if share >= 0.12 else None
