"""quotegraph train attribution PATH --out DIR"""

from __future__ import annotations

import json

import click

from quotegraph.cli._group import friendly, main
from quotegraph.config import DEFAULT_MODEL


@main.group()
def train() -> None:
    """Train quotegraph's learned parts on gold data."""


@train.command("attribution")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Model folder to write.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy model package name or path.")
@friendly
def attribution(path: str, out: str, model: str) -> None:
    """The attribution model from a split in the PolNeAR layout (text/ and attributions/)."""
    from quotegraph.train.attribution import train_attribution

    click.echo(json.dumps(train_attribution(path, out, model=model), indent=2))
