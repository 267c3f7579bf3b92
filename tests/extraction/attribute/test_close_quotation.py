"""close_quotation: a content that stops inside a quotation ends after the marks that close it (no model)."""

from __future__ import annotations

import pytest

from quotegraph.extraction.attribute.reported import close_quotation


@pytest.mark.parametrize(
    ("text", "content", "closed"),
    [
        (
            "He said the levy ''is a poor idea,'' she added.",
            "the levy ''is a poor idea",
            "the levy ''is a poor idea,''",
        ),
        (
            'She said the plan was "unworkable." Then she left.',
            'the plan was "unworkable',
            'the plan was "unworkable."',
        ),
        (
            "She said the plan was “unworkable.” Then",
            "the plan was “unworkable",
            "the plan was “unworkable.”",
        ),
        (
            "He called the fire an 'arson attack.' Police",
            "the fire an 'arson attack",
            "the fire an 'arson attack.'",
        ),
        # balanced or quote-free contents keep their end; an apostrophe is not a quotation mark
        (
            'She said the plan was "unworkable" and left.',
            'the plan was "unworkable"',
            'the plan was "unworkable"',
        ),
        (
            "He said the nation's roads were safe.",
            "the nation's roads were safe",
            "the nation's roads were safe",
        ),
    ],
)
def test_close_quotation(text: str, content: str, closed: str) -> None:
    start = text.index(content)
    end = close_quotation(text, start, start + len(content))
    assert text[start:end] == closed
