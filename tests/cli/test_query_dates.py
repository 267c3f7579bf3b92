"""Date options reject values that are not calendar dates with a usage error (exit 2), before the store opens."""

import pytest
from click.testing import CliRunner

from quotegraph.cli import main


@pytest.mark.parametrize("value", ["yesterday", "2014-13-45"])
def test_bad_since_is_a_usage_error(value: str, tmp_path) -> None:
    result = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path / "none.db"), "--since", value])
    assert result.exit_code == 2
    assert "not a date" in result.output
