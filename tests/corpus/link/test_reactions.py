"""Reaction linking on small articles written for these tests, and on the seeds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotegraph.corpus.ingest import ingest
from quotegraph.corpus.link.reactions import (
    _CANDIDACY,
    _CUE_RE,
    ReactionLinker,
    Stmt,
    _Doc,
    _head_word,
    _modifier,
    _passive,
    _recap,
    _stance,
    _title_before,
    _unsaid,
    _verb_forms,
    content_words,
    sentences_of,
)
from quotegraph.extraction.pipeline import Extractor
from quotegraph.query import Corpus

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "seeds"


def test_sentences_split_at_sentence_ends_and_paragraphs() -> None:
    text = 'He said "no." Then she left.\n\nA new paragraph.'
    spans = [text[a:b] for a, b in sentences_of(text)]
    assert spans == ['He said "no."', "Then she left.", "A new paragraph."]


def test_a_neutral_cue_takes_the_stance_of_the_response_words() -> None:
    assert _stance("other", "That is a childish bluff") == "rejects"
    assert _stance("other", "She is right and we agree") == "supports"
    assert _stance("other", "We will study the plan") == "other"
    assert _stance("supports", "That is wrong") == "supports"
    # a denial rejects what it answers; words merely ending like a contraction do not
    assert _stance("other", "The report does not say the bridge is unsafe") == "rejects"
    assert _stance("other", "No one here has worked a double shift") == "rejects"
    assert _stance("other", "We want the government to count the percent again") == "other"


def test_possessives_do_not_hide_names() -> None:
    assert {"club", "criticism"} <= content_words("the club's criticism")
    assert "motorists" in content_words("the motorists' complaint")


def _write(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


BRIDGE = {
    "id": "ferry-plan",
    "title": "Ferry fares to rise in March",
    "published": "2024-02-05",
    "publisher": "Coast Herald",
    "text": (
        "The island's ferry operator will raise fares by a fifth in March.\n\n"
        '"Fuel has doubled in price and we cannot carry the cost alone," chief executive Mark Tolland said.\n\n'
        "Councillor Irene Blake replied that the operator had posted record profits last year. "
        '"This is a rise nobody on the island can afford," Blake said.\n\n'
        "Separately, Blake said the island school would open a new library in April.\n"
    ),
}


@pytest.mark.model
def test_a_reply_in_the_same_article_answers_the_statement_before_it(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "r.db"
    ingest([str(_write(tmp_path, [BRIDGE]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    assert found, "no reaction linked"
    by_response = {r.statement.text: r for r in found}
    reply = next(r for text, r in by_response.items() if "afford" in text or "record profits" in text)
    assert reply.statement.speaker["name"] == "Irene Blake"
    assert reply.target["speaker"]["name"] == "Mark Tolland"
    assert "Fuel has doubled" in reply.target["statement"].text
    assert reply.cue["text"].lower().startswith("replied")
    assert reply.stance == "rejects"  # 'replied' is neutral; 'a rise nobody can afford' is not
    # provenance: the cue's offsets are in the response's document
    with Corpus(db) as corpus:
        text = corpus.document(reply.statement.document).text
    assert text[reply.cue["start"] : reply.cue["end"]] == reply.cue["text"]
    # a new subject ('Separately, ...') is not part of the reply
    assert not any("library" in r.statement.text for r in found)


FIRST = {
    "id": "mine-closure",
    "title": "Copper mine to close with 600 jobs lost",
    "published": "2024-05-02",
    "publisher": "Ridge Times",
    "text": (
        "The Tarrow copper mine will close in September with the loss of 600 jobs, its owner said on Thursday.\n\n"
        '"The copper seam is exhausted and the mine can no longer pay its way," said Helena Strom, '
        "the chief executive of Tarrow Mining.\n"
    ),
}
SECOND = {
    "id": "mine-union",
    "title": "Union rejects Tarrow copper mine closure",
    "published": "2024-05-03",
    "publisher": "Valley Post",
    "text": (
        "Miners at the Tarrow copper mine on Friday rejected the owner's plan to close the mine in September.\n\n"
        "Union leader Sam Okoro hit back at Tarrow Mining chief executive Helena Strom, saying the copper "
        'mine was profitable. "The seam is not exhausted. The owners want to sell the land," Okoro said.\n'
    ),
}


@pytest.mark.model
def test_a_response_in_a_later_article_answers_the_earlier_one_whatever_the_ingest_order(
    tmp_path: Path, extractor: Extractor
) -> None:
    for order, name in (([FIRST, SECOND], "a"), ([SECOND, FIRST], "b")):
        db = tmp_path / f"{name}.db"
        for record in order:  # one batch each: the second batch must re-link the first one's story
            ingest([str(_write(tmp_path, [record]))], db, extractor=extractor)
        with Corpus(db) as corpus:
            stories = corpus.conn.execute("SELECT count(DISTINCT story) FROM documents").fetchone()[0]
            found = corpus.reactions(speaker="Sam Okoro")
        assert stories == 1, "the two articles are one story"
        hit = [r for r in found if r.statement.speaker and r.statement.speaker["name"] == "Sam Okoro"]
        assert hit, f"order {name}: Okoro's answer not linked"
        assert all(r.target["speaker"]["name"] == "Helena Strom" for r in hit)
        assert any(r.target["statement"] and "seam is exhausted" in r.target["statement"].text for r in hit)
        assert all(r.stance == "rejects" for r in hit)


@pytest.mark.model
def test_the_seeds_kadyrov_answers_the_islamic_state_and_the_ministry_answers_nothing(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "s.db"
    ingest([str(SEEDS)], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    kadyrov = [r for r in found if r.statement.speaker and r.statement.speaker["name"] == "Ramzan Kadyrov"]
    assert kadyrov, "Kadyrov's Instagram statements answer nothing"
    assert any("childish threat" in r.statement.text for r in kadyrov)
    assert all("Islamic State" in (r.target["speaker"] or {}).get("name", "") for r in kadyrov)
    assert all(r.stance == "rejects" for r in kadyrov)
    ministry = [r for r in found if r.statement.speaker and "Ministry" in r.statement.speaker["name"]]
    assert ministry == [], "the ministry spoke before the video: it answers nothing"


TARIFF = {
    "id": "orchard-tariff",
    "title": "Growers and minister clash over fertiliser tariff",
    "published": "2024-06-10",
    "publisher": "Plains Ledger",
    "text": (
        "The Orchard Growers' Guild on Monday condemned the trade ministry's new tariff on fertiliser, "
        'calling it "a tax on every apple."\n\n'
        '"Growers will pay for this twice, once at the border and once at the till," the guild\'s president, '
        "Nora Fenwick, said in a statement.\n\n"
        "Trade Minister Alan Price rejected the guild's criticism. "
        '"Nobody pays twice. The tariff replaces an older levy," Price told reporters.\n\n'
        "Farm union leader Joe Marsh hit back at the minister, who had praised the tariff last week. "
        '"The minister has not met a grower this year," Marsh said.\n'
    ),
}
GANG = {
    "id": "old-town-gang",
    "title": "Mayor vows to keep old town shops open",
    "published": "2024-06-11",
    "publisher": "Plains Ledger",
    "text": (
        "Mayor Lena Ostrova on Tuesday condemned the gang's attacks on shop owners in the old town. "
        '"We will not let a few thugs close our streets," Ostrova said.\n\n'
        "Police said the gang had told shop owners to pay by Friday.\n"
    ),
}


@pytest.mark.model
def test_who_a_cue_answers_is_read_from_its_sentence(tmp_path: Path, extractor: Extractor) -> None:
    db = tmp_path / "t.db"
    ingest([str(_write(tmp_path, [TARIFF, GANG]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    by_speaker: dict[str, list] = {}
    for r in found:
        by_speaker.setdefault(r.statement.speaker["name"] if r.statement.speaker else "", []).append(r)
    # 'the guild's criticism' names the guild; its president speaks for it
    price = by_speaker.get("Alan Price", [])
    assert price and all(r.stance == "rejects" for r in price)
    assert all(r.target["speaker"]["name"] in ("Nora Fenwick", "Orchard Growers' Guild") for r in price)
    # 'who had praised the tariff' is what the minister did earlier, not Marsh's cue
    marsh = by_speaker.get("Joe Marsh", [])
    assert marsh and all(r.cue["text"] == "hit back at" and r.stance == "rejects" for r in marsh)
    assert all(r.target["speaker"]["name"] == "Alan Price" for r in marsh)
    # condemning the gang's attacks answers no statement of the gang
    assert "Lena Ostrova" not in by_speaker


def test_descriptor_heads_and_qualifying_names() -> None:
    # the head of a descriptor comes before its modifiers
    assert _head_word("the head of the Port of Arlow") == "head"
    assert _head_word("the port's chief executive") == "executive"
    # a name that qualifies the noun after it is not who is answered; a possessive or a date keeps it
    text = (
        "backed the Arlow fishermen, and hit back at Berg's remark and at Berg on Monday and the Arlow plan"
    )
    assert _modifier(text, text.index("Arlow") + len("Arlow"))
    assert not _modifier(text, text.index("Berg") + len("Berg"))
    assert not _modifier(text, text.index("Berg on") + len("Berg"))
    assert not _modifier(text, text.rindex("Arlow") + len("Arlow"))


def _cue(text: str) -> list[tuple[str, str, bool]]:
    return [(m.group(0), stance, obj) for p, stance, obj in _CUE_RE for m in p.finditer(text)]


def test_a_shrug_and_a_dismissal_as_a_noun_are_cues() -> None:
    assert ("the endorsement was expected", "rejects", False) in _cue(
        "The campaign said the endorsement was expected."
    )
    assert not any("expected" in c for c, _, _ in _cue("The court said a decision was expected next week."))
    assert ("his dismissal of", "rejects", True) in _cue("The mayor repeated his dismissal of the claims.")


def test_reaction_verbs_are_cues_in_every_inflection_with_their_lemmas_stance() -> None:
    assert _verb_forms("agree") == ("agrees", "agreed", "agreeing")
    assert _verb_forms("rebut") == ("rebuts", "rebutted", "rebutting")
    assert _verb_forms("criticise") == ("criticises", "criticised", "criticising")
    assert ("decried", "rejects", True) in _cue("The union decried the plan.")
    assert ("Lashing out at", "rejects", True) in _cue("Lashing out at the board, she said it had failed.")
    assert ("rallied behind", "supports", True) in _cue("The players rallied behind the coach.")
    assert ("hails", "supports", True) in _cue("Mayor hails the council's offer.")
    # a bare form is as often a noun: no cue
    assert not _cue("She came back to the town with their support.")


def test_a_question_put_about_anothers_words_is_a_cue() -> None:
    assert ("Questioned over", "other", True) in _cue("Questioned over the minister's claim, he laughed.")
    assert ("pressed on", "other", True) in _cue("When pressed on the figures, she said they were old.")
    assert not any(
        c.lower().startswith("pressed") for c, _, _ in _cue("The council pressed on with the plan.")
    )


HAIL = {
    "id": "pool-hail",
    "title": "Councillor hails pool plan",
    "published": "2025-05-05",
    "publisher": "Fen Echo",
    "text": (
        'Mayor Ida Krall said the town would build a new swimming pool by 2027. "Every child should learn to '
        'swim," Krall said.\n\n'
        'Councillor Bo Lind hailed the mayor\'s pool plan. "It is the best news this town has had in years," '
        "Lind said.\n\n"
        'Councillor Ada Rusk decried the mayor\'s plan. "We cannot pay for the library roof," Rusk said.\n'
    ),
}


@pytest.mark.model
def test_a_reaction_verb_answers_its_object_with_the_lemmas_stance(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "h.db"
    ingest([str(_write(tmp_path, [HAIL]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    lind = [r for r in found if "best news" in r.statement.text]
    rusk = [r for r in found if "library roof" in r.statement.text]
    assert lind and rusk, found
    assert all(r.stance == "supports" and r.target["speaker"]["name"] == "Ida Krall" for r in lind)
    assert all(r.stance == "rejects" and r.target["speaker"]["name"] == "Ida Krall" for r in rusk)


def test_taking_someones_side_is_a_supporting_cue() -> None:
    assert ("came to", "supports", True) in _cue("The mayor came to the coach's defence on Friday.")
    assert ("took", "supports", True) in _cue("The bishop took the dockers' side.")
    assert not _cue("She came to the meeting late and took the bus home.")


DEFENCE = {
    "id": "choir-defence",
    "title": "Choir director under fire",
    "published": "2025-06-02",
    "publisher": "Fen Echo",
    "text": (
        'Choir director Lena Voss said the summer concert would be sung in Latin. "Latin is the language '
        'these pieces were written in," Voss said.\n\n'
        'Parent Karl Amsel said nobody in the audience would understand a word. "It is a concert, not a '
        'lecture," Amsel said.\n\n'
        "The head teacher, Mira Holt, came to the director's defence. \"Children can learn a few lines of "
        'Latin," Holt said.\n'
    ),
}


@pytest.mark.model
def test_coming_to_someones_defence_supports_them(tmp_path: Path, extractor: Extractor) -> None:
    db = tmp_path / "d.db"
    ingest([str(_write(tmp_path, [DEFENCE]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = [r for r in corpus.reactions() if "few lines" in r.statement.text]
    assert found
    assert all(r.stance == "supports" and r.target["speaker"]["name"] == "Lena Voss" for r in found)


def test_unsaid_statements_candidacies_and_retold_statements() -> None:
    text = "She did not say when the audit would end. He said he would stay."

    def at(speaker: str, cue: str, said: str) -> Stmt:
        c = text.index(cue)
        start = text.index(said, c)
        return Stmt(
            1, 1, start, start + len(said), "indirect", said, None, speaker, c, c + len(cue), None, None
        )

    assert _unsaid(text, at("She", "say", "when the audit would end"))
    assert not _unsaid(text, at("He", "said", "he would stay"))
    assert _CANDIDACY.search(" Nora Vale for mayor, and praised her plan")
    assert not _CANDIDACY.search(" the call for early repairs")
    for sentence, retold in (
        ("Two weeks after the crew threatened to walk out, the port said it had a deal.", True),
        ("The crew threatened to walk out.", False),
    ):
        doc = _Doc(1, sentence, None, sentences_of(sentence), [], [], {}, {})
        c = sentence.index("threatened")
        st = Stmt(3, 1, c + 11, c + 22, "indirect", "to walk out", None, "the crew", c, c + 10, None, None)
        assert _recap(doc, st) is retold


def test_an_officer_or_a_bare_spokeswoman_speaks_for_the_subject() -> None:
    doc = _Doc(
        1, "", None, [], [], [], {}, {7: ["state", "largest", "nurses", "union"], 8: ["harlow", "campaign"]}
    )
    officer = Stmt(
        1, 1, 0, 1, "direct", "x", 9, "Ana Ruiz, president of the State Nurses' Association", 0, 1, None, None
    )
    other = Stmt(2, 1, 0, 1, "direct", "x", 9, "Ana Ruiz, president of the Chess Club", 0, 1, None, None)
    bare = Stmt(3, 1, 0, 1, "direct", "x", 10, "spokeswoman Mia Dorn", 0, 1, None, None)
    assert ReactionLinker._speaks_for(doc, officer, 7)
    assert not ReactionLinker._speaks_for(doc, other, 7)
    assert ReactionLinker._speaks_for(doc, bare, 8)


DOCK_ONE = {
    "id": "quarry-plan",
    "title": "Quarry owner plans to double blasting",
    "published": "2024-09-02",
    "publisher": "Fen Echo",
    "text": (
        "The owner of the Harrow quarry will double blasting from October, its manager said on Monday.\n\n"
        '"The stone is there and the orders are there," said Ivo Brandt, the quarry\'s manager.\n\n'
        "Brandt said complaints about cracked windows were a story made up by a few neighbours.\n"
    ),
}
DOCK_TWO = {
    "id": "quarry-mayor",
    "title": "Mayor hits back at quarry manager",
    "published": "2024-09-04",
    "publisher": "Marsh Daily",
    "text": (
        "Asked about Ivo Brandt's remark that the complaints were a story made up by a few neighbours, "
        'Mayor Lotte Quist said: "That is not true. I have seen the cracked windows myself."\n\n'
        "Quist said she would ask the regional inspector to visit the quarry.\n"
    ),
}


@pytest.mark.model
def test_a_person_named_finds_the_target_even_when_the_stories_were_split(
    tmp_path: Path, extractor: Extractor
) -> None:
    """Whatever the story grouping did, the remark the cue gives back is found in the earlier article of
    the person it names, and the statement whose words the clause repeats beats his other statements."""
    db = tmp_path / "q.db"
    ingest([str(_write(tmp_path, [DOCK_ONE, DOCK_TWO]))], db, extractor=extractor)
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY date")]
    for i, document in enumerate(ids):  # two stories, as a grouping that failed would leave them
        conn.execute("INSERT OR IGNORE INTO stories (id) VALUES (?)", (1000 + i,))
        conn.execute("UPDATE documents SET story = ? WHERE id = ?", (1000 + i, document))
    # the earlier article arriving alone re-links the later one that names the same person
    conn.execute("DELETE FROM reactions")
    ReactionLinker(conn).relink_after(ids[:1])
    conn.commit()
    conn.close()
    with Corpus(db) as corpus:
        found = [
            r
            for r in corpus.reactions()
            if r.statement.speaker and r.statement.speaker["name"] == "Lotte Quist"
        ]
    assert found, "the mayor's answer is not linked"
    assert all(r.target["statement"] and "story made up" in r.target["statement"].text for r in found)
    assert all(r.stance == "rejects" for r in found)


BOARD = {
    "id": "canal-board",
    "title": "Canal board and engineers at odds over lock repairs",
    "published": "2024-10-01",
    "publisher": "Fen Echo",
    "text": (
        '"The survey reads as if the lock gates are about to fall. They are not," said Oren Falk, '
        "who chairs the canal board.\n\n"
        "Falk said repairs could wait until the board's next budget.\n\n"
        "Councillor Rita Moll said she was disappointed. "
        '"The chairman should read the survey again," Moll said.\n\n'
        "Engineer Petra Lind said the engineers' guild had offered to inspect the gates for free.\n\n"
        "The canal board said in a statement that it welcomed the offer.\n"
    ),
}


@pytest.mark.model
def test_an_implicit_answer_takes_up_the_words_it_answers_and_an_offer_is_answered(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "b.db"
    ingest([str(_write(tmp_path, [BOARD]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    moll = [r for r in found if "read the survey again" in r.statement.text]
    assert moll, "the councillor's answer is not linked"
    # 'should read the survey again' answers 'The survey reads as if ...', not the nearer budget remark
    assert all("survey reads" in r.target["statement"].text for r in moll)
    # the cue's own words ('she was disappointed') are not the answer when her words follow
    assert not any(r.statement.text.strip() == "she was disappointed" for r in found)
    welcome = [r for r in found if "welcomed the offer" in r.statement.text]
    assert welcome and all("offered to inspect" in r.target["statement"].text for r in welcome)
    assert all(r.stance == "supports" for r in welcome)


LEAK_ONE = {
    "id": "leak-threat",
    "title": "Hackers threaten to publish water company files",
    "published": "2024-11-04",
    "publisher": "Fen Echo",
    "text": (
        "A group calling itself Red Kestrel threatened on Monday to publish the customer files of Brisk Water "
        "unless the company pays by Friday.\n\n"
        "Brisk Water said its billing systems had been taken offline.\n"
    ),
}
LEAK_TWO = {
    "id": "leak-later",
    "title": "Minister repeats there was no water company leak",
    "published": "2024-11-20",
    "publisher": "Marsh Daily",
    "text": (
        "Two weeks after Red Kestrel threatened to publish its customer files, Brisk Water said on Wednesday "
        "that nothing had been published.\n\n"
        "Utilities Minister Ada Korr repeated her dismissal of the threat. "
        '"There was never any leak," Korr said.\n'
    ),
}


@pytest.mark.model
def test_a_dismissal_of_the_threat_answers_the_threat_as_first_reported(
    tmp_path: Path, extractor: Extractor
) -> None:
    """'her dismissal of the threat' is a cue; 'the threat' is what was said by threatening; the later
    article's retelling of it yields to the first report; the reporter's 'her dismissal of the threat' is
    not her answer."""
    db = tmp_path / "l.db"
    ingest([str(_write(tmp_path, [LEAK_ONE, LEAK_TWO]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = [r for r in corpus.reactions() if "never any leak" in r.statement.text]
        assert found, "the minister's answer is not linked"
        for r in found:
            target = r.target["statement"]
            assert target and "customer files of Brisk Water" in corpus.document(target.document).text
            assert "threatened" in corpus.document(target.document).text[: target.start]
        assert all(r.stance == "rejects" for r in found)
        assert not [r for r in corpus.reactions() if r.statement.text.startswith("her dismissal")]


VOTE = {
    "id": "vote-endorse",
    "title": "Nurses endorse Vale and her promise on clinics",
    "published": "2024-12-02",
    "publisher": "Fen Echo",
    "text": (
        "Challenger Nora Vale promised on Sunday to reopen every rural clinic within two years. "
        '"No village should be an hour from a nurse," Vale said.\n\n'
        "Mayor Tom Ashe said the plan would bankrupt the county.\n\n"
        "On Monday the county's largest nurses' union endorsed Nora Vale for mayor, and praised her promise "
        "to reopen the rural clinics.\n\n"
        '"Nora Vale is the only candidate with a plan for the villages," said Ines Roy, president of the '
        "County Nurses' Association.\n"
    ),
}


@pytest.mark.model
def test_a_candidacy_backed_answers_nothing_but_the_promise_praised_is_answered(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "v.db"
    ingest([str(_write(tmp_path, [VOTE]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = [r for r in corpus.reactions() if "only candidate" in r.statement.text]
    assert found, "the association president's words are not linked to what the union praised"
    assert all(r.target["statement"] and "rural clinic" in r.target["statement"].text for r in found)
    assert all(r.cue["text"] == "praised" and r.stance == "supports" for r in found)


REQUEST = {
    "id": "ferry-request",
    "title": "Fishermen ask for exemption from harbour curfew",
    "published": "2025-01-08",
    "publisher": "Fen Echo",
    "text": (
        "The Skerry Fishermen's Guild on Tuesday asked to be exempted from the harbour board's new night "
        "curfew, saying crews would miss the morning tide.\n\n"
        "Separately, the guild's treasurer said fuel prices had doubled.\n\n"
        "Mila Brand, the board's harbour master, said that no exemption would be granted this winter. "
        '"Everyone sails by the same rules," she said.\n'
    ),
}


@pytest.mark.model
def test_a_request_is_answered_by_the_one_it_is_put_to_taking_it_up(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "q.db"
    ingest([str(_write(tmp_path, [REQUEST]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    answers = [r for r in found if "no exemption" in r.statement.text]
    assert answers, "the harbour master's answer to the request is not linked"
    assert all("exempted" in r.target["statement"].text for r in answers)
    assert all(r.stance == "rejects" and r.cue["text"] == "exemption" for r in answers)
    # the guild's own treasurer does not answer the guild's request
    assert not [r for r in found if "fuel prices" in r.statement.text]


VERDICT = {
    "id": "flood-verdict",
    "title": "Mayor's 'prank' remark on flood warning criticised",
    "published": "2025-02-03",
    "publisher": "Fen Echo",
    "text": (
        'Mayor Ilse Brun said the flood warning was "a prank by bored students."\n\n'
        "The river rose by two metres on Sunday night.\n\n"
        "Councillor Abel Stone said the mayor had been careless. "
        '"She called it a prank before anyone had checked the gauges," Stone said.\n\n'
        "Engineer Rosa Vey said the mayor was in the capital on Monday.\n"
    ),
}


@pytest.mark.model
def test_a_verdict_on_an_earlier_speaker_that_takes_up_her_words_answers_them(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "v.db"
    ingest([str(_write(tmp_path, [VERDICT]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    stone = [r for r in found if "before anyone had checked" in r.statement.text]
    assert stone, "the councillor's verdict on the mayor is not linked"
    assert all("prank by bored students" in r.target["statement"].text for r in stone)
    # the cue is neutral and neither 'careless' nor 'prank' is a stance word: the stance is left open
    assert all(r.stance == "other" and r.cue["text"] == "the mayor" for r in stone)
    # a statement about the mayor that takes up none of her words answers nothing
    assert not [r for r in found if "capital" in r.statement.text]


def test_a_passive_clause_is_no_verdict() -> None:
    """What was done to someone is reported, not judged; a judgement stays a verdict."""
    assert _passive("invited to speak at a rally")
    assert _passive("criticised last year over waiting lists")
    assert _passive("told by the board to stop")
    assert not _passive("careless.")
    assert not _passive("lucky to escape")
    assert not _passive("mistaken about the dates")
    assert not _passive("misguided in his view")
    # at the clause end, or before an adverb, a participle is still what was done to them
    assert _passive("sacked.")
    assert _passive("dismissed publicly by the board")
    assert not _passive("unprepared.")
    assert not _passive("overrated.")


PASSIVE = {
    "id": "bakery-passive",
    "title": "Bakery to close its oldest shop",
    "published": "2025-04-07",
    "publisher": "Fen Echo",
    "text": (
        "Baker Greta Lund said the Mill Street bakery would close in May. "
        '"The ovens there are older than the building," Lund said.\n\n'
        "Councillor Jonas Pell said Lund had been invited to speak at the market hall on Friday. "
        '"The bakery ovens will be sold at auction," Pell said.\n'
    ),
}


@pytest.mark.model
def test_a_passive_clause_about_an_earlier_speaker_answers_nothing(
    tmp_path: Path, extractor: Extractor
) -> None:
    """'Lund had been invited ...' reports a deed done to her: Pell's words that take up hers ('ovens',
    'bakery') are no verdict on them."""
    db = tmp_path / "p.db"
    ingest([str(_write(tmp_path, [PASSIVE]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    assert not [r for r in found if "auction" in r.statement.text or "market hall" in r.statement.text]


SUPPORT = {
    "id": "mill-support",
    "title": "Minister sides with mill workers",
    "published": "2025-03-03",
    "publisher": "Fen Echo",
    "text": (
        'Labour Minister Vera Holm said on Monday: "The mill workers are right to ask for safer looms."\n\n'
        '"The owners\' figures are not worth the paper," the minister told a radio station.\n\n'
        "Union leader Otto Lang thanked the minister for her support. "
        '"She listened to us," Lang said.\n'
    ),
}


@pytest.mark.model
def test_thanks_for_her_support_answers_her_supportive_statement(
    tmp_path: Path, extractor: Extractor
) -> None:
    """'her support' says the target's own stance: of the minister's statements, the one that supports."""
    db = tmp_path / "s.db"
    ingest([str(_write(tmp_path, [SUPPORT]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = [r for r in corpus.reactions() if "listened to us" in r.statement.text]
    assert found, "the union leader's thanks are not linked"
    assert all("right to ask for safer looms" in r.target["statement"].text for r in found)
    assert all(r.stance == "supports" for r in found)


def test_every_text_has_a_sentence_for_every_offset() -> None:
    from quotegraph.corpus.link.reactions import sentences_of

    for text in ["", ".", "  ", "!!! ???", "Done. "]:
        assert sentences_of(text), repr(text)


def test_an_infinitive_after_haste_or_a_channel_taken_to_is_a_cue() -> None:
    assert ("quick to condemn", "rejects", True) in _cue("The historian was quick to condemn the plan.")
    assert ("took to social media to praise", "supports", True) in _cue(
        "The mayor took to social media to praise the offer."
    )
    assert ("first to congratulate", "supports", True) in _cue("He was the first to congratulate her.")
    # an intention is no answer yet
    assert not _cue("The society plans to back the historian at the hearing.")


def test_more_dismissals_and_endorsements_are_cues_with_their_lemmas_stance() -> None:
    assert ("denied", "rejects", True) in _cue("The firm denied the union's claims.")
    assert ("played down", "rejects", True) in _cue("The minister played down the warning.")
    assert ("shrugged off", "rejects", True) in _cue("She shrugged off the criticism.")
    assert ("congratulated", "supports", True) in _cue("The coach congratulated the referee.")


def test_a_reaction_named_as_a_noun_and_an_epithet_are_cues() -> None:
    assert ("union's rejection of", "rejects", True) in _cue("The union's rejection of the offer came fast.")
    assert ("club's fierce criticism of", "rejects", True) in _cue("The club's fierce criticism of the ban.")
    assert ("branded", "rejects", True) in _cue('She branded the plan "reckless".')
    assert ("described", "other", True) in _cue("He described the offer as an insult.")
    # the one branded or described is the subject of a passive, not a speaker naming another's words
    assert not _cue("She was branded a liar by the mayor.")
    assert not _cue("It was described as a success.")
    assert not _cue("He described the weather in May.")


MILL = {
    "id": "mill-flats",
    "title": "Old mill to become flats",
    "published": "2025-03-03",
    "publisher": "Fen Echo",
    "text": (
        'Developer Orla Quist said the old flour mill would be turned into 80 flats. "The mill has stood '
        'empty for twenty years and the town needs homes," Quist said.\n\n'
        "The town's historian, Piet Brand, was quick to condemn Quist's plan. \"They will tear the heart out "
        'of the old quarter," Brand said.\n\n'
        "Mayor Lucia Ferro took to social media to praise Quist's plan, writing that the flats were "
        '"exactly what young families here have asked for."\n\n'
        'Quist played down Brand\'s warning. "The facade stays exactly as it is," Quist said.\n\n'
        "Brand was later branded a crank by one councillor. The heritage society plans to back the historian "
        "at the hearing in May.\n"
    ),
}


@pytest.mark.model
def test_an_infinitive_cue_and_a_played_down_warning_answer_their_objects(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "m.db"
    ingest([str(_write(tmp_path, [MILL]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()

    def by(name: str) -> list:
        return [r for r in found if r.statement.speaker and r.statement.speaker["name"] == name]

    brand, ferro, quist = by("Piet Brand"), by("Lucia Ferro"), by("Orla Quist")
    assert brand and ferro and quist, found
    assert all(r.stance == "rejects" and r.target["speaker"]["name"] == "Orla Quist" for r in brand)
    assert all(r.stance == "supports" and r.target["speaker"]["name"] == "Orla Quist" for r in ferro)
    assert all(r.stance == "rejects" and r.target["speaker"]["name"] == "Piet Brand" for r in quist)
    assert any("heart out" in r.target["statement"].text for r in quist)
    # the passive 'was branded' and the intention 'plans to back' answer nobody
    assert not [r for r in found if r.cue["text"].lower().startswith(("branded", "plans"))]


def test_in_response_with_no_object_and_a_bare_reacted_are_cues() -> None:
    assert ("In response", "other", False) in _cue("In response, the association said it could not pay.")
    assert ("reacted", "other", False) in _cue("Egger reacted sharply.")
    # 'in response to X' keeps its object
    assert ("In response", "other", False) not in _cue("In response to the fees, she said no.")


PIER = {
    "id": "pier-fees",
    "title": "Pier fees to double",
    "published": "2025-04-07",
    "publisher": "Fen Echo",
    "text": (
        "The harbour board said on Monday that mooring fees at the north pier would double from June. "
        '"The pier is falling into the sea and someone has to pay for it," said the board\'s chairman, '
        "Tomas Egger.\n\n"
        "In response, the fishermen's association said its members could not pay. \"Half of our boats will "
        'tie up for good," said its secretary, Rhona Kell.\n\n'
        'Egger reacted sharply. "Nobody has shown me a cheaper way to fix a pier," he said.\n'
    ),
}


@pytest.mark.model
def test_in_response_and_reacted_answer_the_statement_before_them(
    tmp_path: Path, extractor: Extractor
) -> None:
    db = tmp_path / "p.db"
    ingest([str(_write(tmp_path, [PIER]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = corpus.reactions()
    pay = [r for r in found if "could not pay" in r.statement.text]
    fix = [r for r in found if "cheaper way" in r.statement.text]
    assert pay and fix, found
    assert all(r.target["speaker"]["name"] in ("Tomas Egger", "harbour board") for r in pay)
    assert all(r.target["speaker"]["name"] != "Tomas Egger" for r in fix)


def test_calling_or_referring_to_anothers_words_by_an_epithet_is_a_cue() -> None:
    assert ("referring to", "other", True) in _cue('He mocked them, referring to the video as "a bluff".')
    assert ("called", "other", True) in _cue('She called the minister\'s plan "a fantasy".')
    assert ("called", "other", True) in _cue("He called the plan a disgrace.")
    # a demand, a name and the passive are no epithet on another's words
    assert not _cue("The union called for a strike.")
    assert not _cue("A man called Smith said.")
    assert not _cue("She was called a liar by the mayor.")


def test_an_epithets_words_give_a_neutral_cue_its_stance() -> None:
    assert _stance("other", "a betrayal of every child who ever visited") == "rejects"
    assert _stance("other", "a sensible and fair offer") == "supports"


ZOO = {
    "id": "zoo-bears",
    "title": "Zoo to send its bears abroad",
    "published": "2025-06-02",
    "publisher": "Fen Echo",
    "text": (
        "The city zoo will send its two brown bears to a sanctuary in Romania, its director, Ilse Varga, said "
        'on Monday. "Our enclosure is too small for animals that walk miles a day," Varga said.\n\n'
        'Councillor Ned Parrow called Varga\'s decision "a betrayal of every child who ever visited."\n'
    ),
}


@pytest.mark.model
def test_calling_a_decision_by_an_epithet_answers_its_maker(tmp_path: Path, extractor: Extractor) -> None:
    db = tmp_path / "z.db"
    ingest([str(_write(tmp_path, [ZOO]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = [r for r in corpus.reactions() if "betrayal" in r.statement.text]
    assert found
    assert all(
        r.stance == "rejects" and r.target["speaker"]["name"] in ("Ilse Varga", "Varga") for r in found
    )


def test_a_title_before_a_name_is_what_the_story_may_call_the_person() -> None:
    text = "Developer Orla Quist spoke. Union leader Sam Okoro, said Ann Lee and talked with Bo Ek."
    assert _title_before(text, text.index("Orla")) == ["developer"]
    assert _title_before(text, text.index("Sam")) == ["leader"]
    assert _title_before(text, text.index("Ann")) == []
    assert _title_before(text, text.index("Bo")) == []


MILL_TITLE = {
    "id": "mill-title",
    "title": "Old mill to become flats",
    "published": "2025-03-03",
    "publisher": "Fen Echo",
    "text": (
        'Developer Orla Quist said the old flour mill would be turned into 80 flats. "The mill has stood '
        'empty for twenty years and the town needs homes," Quist said.\n\n'
        "The town's historian, Piet Brand, condemned the developer's plan. \"They will tear the heart out of "
        'the old quarter," Brand said.\n'
    ),
}


@pytest.mark.model
def test_the_developers_plan_answers_the_one_titled_developer(tmp_path: Path, extractor: Extractor) -> None:
    db = tmp_path / "t.db"
    ingest([str(_write(tmp_path, [MILL_TITLE]))], db, extractor=extractor)
    with Corpus(db) as corpus:
        found = [r for r in corpus.reactions() if "heart out" in r.statement.text]
    assert found
    assert all(r.stance == "rejects" and r.target["speaker"]["name"] == "Orla Quist" for r in found)
