"""quotegraph evaluate polnear|naeb|reactions|stories PATH"""

from __future__ import annotations

import json

import click

from quotegraph.cli._group import friendly, main
from quotegraph.config import DEFAULT_MODEL


@main.group()
def evaluate() -> None:
    """Score quotegraph against a gold corpus."""


@evaluate.command("polnear")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option(
    "--attribution-model",
    default="default",
    show_default=True,
    help="Learned attribution model folder; 'default' is the packaged one, 'none' the rules alone.",
)
@click.option("--json", "as_json", is_flag=True, help="Scores as JSON.")
@click.option(
    "--acts", type=click.Path(exists=True, dir_okay=False), help="Hand-labelled acts (TSV) to score as well."
)
@click.option(
    "--referents",
    type=click.Path(exists=True, dir_okay=False),
    help="Hand-labelled referents of pronoun and descriptor sources (TSV) to score as well.",
)
@friendly
def polnear(
    path: str, model: str, attribution_model: str, as_json: bool, acts: str | None, referents: str | None
) -> None:
    """Statement spans and speakers against a PolNeAR split (text/ and attributions/)."""
    from quotegraph.evaluate.polnear import evaluate_polnear, format_polnear
    from quotegraph.extraction.pipeline import Extractor

    extractor = Extractor(model=model, keep_text=True, attribution_model=attribution_model)
    result = evaluate_polnear(path, model=model, extractor=extractor, acts=acts, referents=referents)
    click.echo(json.dumps(result, indent=2) if as_json else format_polnear(result))


@evaluate.command("naeb")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Scores as JSON.")
@friendly
def naeb(path: str, as_json: bool) -> None:
    """Title, date, authors and body of HTML pages against NAEB gold (gold.json and html/)."""
    from quotegraph.evaluate.naeb import evaluate_naeb, format_naeb

    result = evaluate_naeb(path)
    click.echo(json.dumps(result, indent=2) if as_json else format_naeb(result))


@evaluate.command("reactions")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Scores as JSON.")
@click.option("--details", is_flag=True, help="Also list wrong links and missed reactions.")
@friendly
def reactions(path: str, model: str, as_json: bool, details: bool) -> None:
    """Reaction links and stances against a reactions gold set (articles.jsonl and gold.json)."""
    from quotegraph.evaluate.reactions import evaluate_reactions, format_reactions

    score = evaluate_reactions(path, model=model)
    if as_json:
        out = score.to_dict()
        if details:
            out |= {"wrong": score.errors, "missed": score.misses}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(format_reactions(score, details))


@evaluate.command("stories")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Scores as JSON.")
@click.option("--details", is_flag=True, help="Also list every story, wrong speaker merges and group errors.")
@friendly
def stories(path: str, model: str, as_json: bool, details: bool) -> None:
    """Stories, speaker merges and statement groups against a stories gold set (articles.jsonl, gold.json)."""
    from quotegraph.evaluate.stories import evaluate_stories, format_stories

    score = evaluate_stories(path, model=model)
    if as_json:
        out = score.to_dict()
        if details:
            out |= {"story_list": score.story_rows, "speaker_errors": score.speaker_errors}
            out |= {"group_errors": score.group_errors}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(format_stories(score, details))
