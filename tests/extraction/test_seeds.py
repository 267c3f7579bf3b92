"""The two seed articles in ../shared/corpus/seeds, read at test time (spaCy model).

Their text is never copied here: tests find what they need in the files themselves and assert behaviour
on short fragments that name the statement under test.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS, addressee_name, cue_lemma, run, speaker_name, the_statement
from quotegraph.extraction.pipeline import Extractor

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present"),
]

Result = dict[str, Any]


def _seed(prefix: str) -> Path:
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return path


@pytest.fixture(scope="module")
def first(extractor: Extractor) -> tuple[str, Result]:
    """The raw text and the result for the seed with front matter (title, byline, date, footer)."""
    path = _seed("000")
    raw = path.read_text(encoding="utf-8")
    return raw, run(extractor, raw, source=str(path))


@pytest.fixture(scope="module")
def second(extractor: Extractor) -> tuple[str, Result]:
    """The raw text and the result for the seed that ends in a reader appeal."""
    path = _seed("004")
    raw = path.read_text(encoding="utf-8")
    return raw, run(extractor, raw, source=str(path))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 3]


def _appeal(raw: str) -> str:
    """The reader appeal: from the 'Dear readers' salutation to the end of the file."""
    at = raw.index("Dear readers")
    return raw[at:]


# --- the reader appeal ------------------------------------------------------------------------------


def test_appeal_is_gone_from_the_text(second: tuple[str, Result]) -> None:
    raw, result = second
    text = result["document"]["text"]
    for sentence in _sentences(_appeal(raw)):
        assert sentence not in text
    assert "Dear readers" not in text


def test_appeal_heading_is_gone_and_body_end_kept(second: tuple[str, Result]) -> None:
    raw, result = second
    before = raw[: raw.index("Dear readers")].rstrip().splitlines()
    heading, last_body_line = before[-1], before[-2]
    text = result["document"]["text"]
    assert heading not in text
    assert text.rstrip().endswith(last_body_line.strip())


def test_no_statement_comes_from_the_appeal(second: tuple[str, Result]) -> None:
    raw, result = second
    appeal = _appeal(raw)
    for st in result["statements"]:
        assert st["text"] not in appeal, st["text"]


# --- front matter ------------------------------------------------------------------------------------


def test_first_seed_metadata(first: tuple[str, Result]) -> None:
    raw, result = first
    doc = result["document"]
    title_line = next(line.strip() for line in raw.splitlines() if line.strip())
    assert doc["title"] == title_line
    assert doc["authors"] == ["Allison Quinn"]
    assert doc["published"] == "2014-09-03"
    assert doc["url"] is not None and doc["url"].startswith("https://www.themoscowtimes.com/2014/09/03/")
    assert doc["language"] == "en"
    text = doc["text"]
    assert title_line not in text
    assert "Allison Quinn" not in text
    assert "](" not in text and "Original url" not in text and "@" not in text
    assert not text.startswith(("\n", " "))


def test_second_seed_has_no_invented_metadata(second: tuple[str, Result]) -> None:
    raw, result = second
    doc = result["document"]
    assert doc["title"] is None
    assert doc["authors"] == [] and doc["url"] is None and doc["published"] is None
    first_line = raw.strip().splitlines()[0]
    assert doc["text"].startswith(first_line)


def test_broken_sentence_is_repaired(first: tuple[str, Result]) -> None:
    """No paragraph of running text ends mid-sentence with the next one starting in lower case."""
    _, result = first
    text = result["document"]["text"]
    paragraphs = text.split("\n\n")
    for a, b in zip(paragraphs, paragraphs[1:], strict=False):
        assert not (a.rstrip()[-1:].isalpha() and b[:1].islower()), (a[-40:], b[:40])


def test_caption_and_headings_are_blocks_with_no_statement(first: tuple[str, Result]) -> None:
    _, result = first
    doc = result["document"]
    text = doc["text"]
    kinds = sorted(b["kind"] for b in doc["blocks"])
    assert kinds == ["caption", "heading", "heading", "heading"]
    for b in doc["blocks"]:
        block = text[b["start"] : b["end"]]
        assert block and "\n" not in block
        assert b["start"] == 0 or text[b["start"] - 2 : b["start"]] == "\n\n"
        if b["kind"] == "heading":
            assert len(block.split()) <= 6 and not block.endswith(".")
        for st in result["statements"]:
            assert not (b["start"] <= st["start"] < b["end"]), (block, st["text"])
    caption = next(b for b in doc["blocks"] if b["kind"] == "caption")
    assert caption["start"] == 0


# --- statements ---------------------------------------------------------------------------------------


def test_instagram_partial_by_kadyrov(first: tuple[str, Result]) -> None:
    st = the_statement(first[1], "childish threat", kind="partial")
    assert speaker_name(st) == "Ramzan Kadyrov"
    assert st["speaker"]["named"] is True
    assert st["channel"] == "Instagram"


def test_kadyrov_written_quotes_with_pronoun_and_surname(first: tuple[str, Result]) -> None:
    _, result = first
    jerks = the_statement(result, "These jerks")
    declare = the_statement(result, "I declare")
    for st in (jerks, declare):
        assert st["kind"] == "direct"
        assert speaker_name(st) == "Ramzan Kadyrov"
        assert cue_lemma(st) == "write"
        assert st["channel"] in ("statement", "Instagram")
    assert jerks["speaker"]["text"] == "Kadyrov"
    assert declare["speaker"]["text"] == "he"
    assert jerks["speaker"]["entity"] == declare["speaker"]["entity"]


@pytest.mark.parametrize(
    ("fragment", "addressee"),
    [
        ("This message is for you", "Vladimir Putin"),
        ("consent of Allah", None),
        ("Your throne", "Vladimir Putin"),
    ],
)
def test_video_quotes_by_an_unnamed_fighter(
    first: tuple[str, Result], fragment: str, addressee: str | None
) -> None:
    st = the_statement(first[1], fragment, kind="direct")
    assert st["speaker"]["named"] is False
    assert "fighter" in st["speaker"]["name"]
    assert st["channel"] == "video"
    assert addressee_name(st) == addressee


def test_russian_speaker_quote_goes_through_the_video(first: tuple[str, Result]) -> None:
    st = the_statement(first[1], "Russian technology")
    assert st["speaker"]["named"] is False
    assert st["channel"] == "video"


def test_according_to_observatory(first: tuple[str, Result]) -> None:
    st = the_statement(first[1], "50,000 fighters")
    assert st["kind"] == "indirect"
    assert cue_lemma(st) == "according to"
    assert speaker_name(st) == "Syrian Observatory for Human Rights"


def test_interfax_interview_quote(second: tuple[str, Result]) -> None:
    st = the_statement(second[1], "There is no threat")
    assert st["kind"] == "direct"
    assert speaker_name(st) == "Ramzan Kadyrov"
    assert st["speaker"]["text"] == "Kadyrov"
    assert cue_lemma(st) == "say"
    assert st["channel"] == "Interfax"


def test_cited_as_saying_quote(second: tuple[str, Result]) -> None:
    st = the_statement(second[1], "massive intelligence network")
    assert st["kind"] == "direct"
    assert speaker_name(st) == "Ramzan Kadyrov"
    assert st["cue"]["text"] == "cited as saying"


def test_reported_speech_with_title_resolved(second: tuple[str, Result]) -> None:
    st = the_statement(second[1], "sees no threat")
    assert st["kind"] == "indirect"
    assert speaker_name(st) == "Ramzan Kadyrov"
    assert (
        "Chechen leader"
        in next(e for e in second[1]["entities"] if e["name"] == "Ramzan Kadyrov")["descriptors"]
    )


def test_tass_reported_channel(second: tuple[str, Result]) -> None:
    sts = [s for s in second[1]["statements"] if "Security Council" in (speaker_name(s) or "")]
    assert sts, "no statement by the Security Council"
    assert {s["channel"] for s in sts} == {"TASS"}
    assert any(s["kind"] == "indirect" and cue_lemma(s) == "warn" for s in sts)


def test_two_analysts_in_one_sentence_each_get_their_clause(second: tuple[str, Result]) -> None:
    _, result = second
    first_clause = the_statement(result, "may have used recruits")
    second_clause = the_statement(result, "likely carried it out")
    assert speaker_name(first_clause) == "Alexei Malashenko"
    assert speaker_name(second_clause) == "Georgy Engelhardt"
    assert "Engelhardt" not in first_clause["text"]


def test_fighters_in_the_video_speak_through_it(second: tuple[str, Result]) -> None:
    st = the_statement(second[1], "planned to liberate")
    assert st["speaker"]["named"] is False
    assert st["channel"] in ("video", "YouTube")


def test_statements_never_cut_a_quotation_in_half(
    first: tuple[str, Result], second: tuple[str, Result]
) -> None:
    for _, result in (first, second):
        for st in result["statements"]:
            marks = sum(st["text"].count(c) for c in '"“”')
            assert marks % 2 == 0, st["text"]
