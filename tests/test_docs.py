"""Every CLI command and option is in the README (in the manner of sqlite-utils' docs tests)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from quotegraph.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out.extend(commands(cmd, full + " "))
    return out


COMMANDS = commands(main)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_and_its_options_are_documented(name: str, command: click.Command) -> None:
    assert f"quotegraph {name}" in README, f"`quotegraph {name}` is not in the README"
    missing = [
        opt
        for param in command.params
        for opt in param.opts + param.secondary_opts
        if opt.startswith("--") and not re.search(re.escape(opt) + r"(?![\w-])", README)
    ]
    assert not missing, f"quotegraph {name}: {missing} not in the README"


def test_the_docs_test_sees_every_command() -> None:
    assert {"extract", "ingest", "quotes", "serve", "evaluate polnear"} <= {n for n, _ in COMMANDS}
