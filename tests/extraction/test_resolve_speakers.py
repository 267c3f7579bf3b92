"""resolve: the rules that name pronoun, descriptor and document speakers (spaCy model)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import the_statement

pytestmark = pytest.mark.model

Ext = Callable[[str], dict[str, Any]]


def test_epithet_before_a_full_name_is_not_part_of_it(ext: Ext) -> None:
    text = (
        "Mary Lowell spoke in Dayton on Monday. "
        '"It is harder than beating Crooked Mary Lowell," her rival said. "We will win Ohio," Lowell said.'
    )
    st = the_statement(ext(text), "We will win Ohio")
    assert st["speaker"]["name"] == "Mary Lowell"
