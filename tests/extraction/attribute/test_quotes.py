"""attribute.quotes: quotation spans at the character level, no spaCy."""

from __future__ import annotations

import pytest

from quotegraph.extraction.attribute.quotes import find_quotes, paragraphs


def inner(text: str) -> list[str]:
    """The words inside each quotation found in ``text``."""
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we are ready" and left.', ["we are ready"]),
        ('"We are ready," she said.', ["We are ready,"]),
        ("\u201cWe are ready,\u201d she said.", ["We are ready,"]),
        ("\u00abNous sommes pr\u00eats\u00bb, a-t-il dit.", ["Nous sommes pr\u00eats"]),
        ("\u201eWir sind bereit\u201c, sagte er.", ["Wir sind bereit"]),
        ("``We are ready,'' he said.", ["We are ready,"]),
        ('She said "one" and "two" and then "three."', ["one", "two", "three."]),
        ('"  padded  " he said.', ["padded"]),
    ],
    ids=["straight-inline", "straight", "curly", "guillemets", "german", "wire-style", "several", "trimmed"],
)
def test_quote_styles(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


def test_offsets_point_inside_the_marks() -> None:
    text = 'Then: "Go home."'
    (q,) = find_quotes(text)
    assert (q.open_at, q.start, q.end, q.close_at) == (6, 7, 15, 15)
    assert text[q.open_at] == '"' and text[q.close_at] == '"'
    assert q.outer_end == 16


def test_wire_style_close_width() -> None:
    text = "``Ready,'' he said."
    (q,) = find_quotes(text)
    assert q.close_width == 2
    assert text[q.close_at : q.outer_end] == "''"


def test_nested_single_quotes_stay_inside() -> None:
    text = "\"When he told me 'the money is gone,' I did not believe him,\" the investor said."
    assert inner(text) == ["When he told me 'the money is gone,' I did not believe him,"]


def test_apostrophes_make_no_quotes() -> None:
    text = "The workers' union and the union's chief didn't agree; it's the 1990s' rule, rock 'n' roll."
    assert inner(text) == []


def test_apostrophes_inside_a_quote_do_not_end_it() -> None:
    text = "\"It ignores the workers' side, and it's late,\" said Dan."
    assert inner(text) == ["It ignores the workers' side, and it's late,"]


def test_multi_paragraph_continuation() -> None:
    text = '"We lost the first half.\n\n"We won the second half," he said.'
    first, second = find_quotes(text)
    assert text[first.start : first.end] == "We lost the first half."
    assert first.continues and first.close_at is None
    assert text[second.start : second.end] == "We won the second half,"
    assert second.continued and not second.continues


def test_three_paragraph_continuation_chain() -> None:
    text = '"One is done.\n\n"Two is done.\n\n"Three is done," she said.'
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["One is done.", "Two is done.", "Three is done,"]
    assert [q.continues for q in quotes] == [True, True, False]
    assert [q.continued for q in quotes] == [False, True, True]


def test_open_quote_without_continuation_is_dropped() -> None:
    """A paragraph left open but not followed by one opening with a quote mark is no quotation."""
    text = '"We lost the first half.\n\nThe crowd went home early.'
    assert inner(text) == []


def test_odd_count_does_not_swallow_the_rest() -> None:
    text = 'The sign read "Closed for repairs. Residents were told to go, officials said.\n\nLater he said "go away" loudly.'
    assert inner(text) == ["go away"]
    text2 = 'The sign read "Closed. Use the north door. He said "go away" loudly.'
    assert inner(text2) == ["go away"]


def test_stray_mark_in_one_paragraph_leaves_next_paragraph_quotes_intact() -> None:
    text = 'A 6" pipe burst.\n\n"It flooded the hall," the caretaker said.'
    assert inner(text) == ["It flooded the hall,"]


def test_empty_quotes_yield_nothing() -> None:
    assert inner('He said "" and left.') == []


def test_paragraphs_split_on_line_breaks() -> None:
    text = "One.\n\nTwo.\nThree.\n\n\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two.", "Three."]
