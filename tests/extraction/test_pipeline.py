"""The one-article entry point tells a missing file from text that cleans to nothing."""

from pathlib import Path

import pytest

from quotegraph.errors import InputError
from quotegraph.extraction.pipeline import extract


def test_missing_file_is_named_as_missing(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_file.txt"
    with pytest.raises(InputError, match=r"no_such_file\.txt: no such file"):
        extract(str(missing))


def test_bare_missing_name_is_named_as_missing() -> None:
    with pytest.raises(InputError, match="no such file"):
        extract("no_such_file_for_this_test.txt")


def test_multiword_text_is_still_read_as_text() -> None:
    with pytest.raises(InputError) as caught:
        extract("   ")
    assert "no such file" not in str(caught.value)
