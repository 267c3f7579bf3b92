"""quotegraph extract FILE..."""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter

import click

from quotegraph.cli._group import fail, friendly, main, max_chars_option
from quotegraph.config import DEFAULT_MODEL
from quotegraph.errors import InputError
from quotegraph.extraction.read import skipped_line
from quotegraph.model import display


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One pretty JSON object (one input only).")
@click.option(
    "--jsonl", "as_jsonl", is_flag=True, help="One JSON object per article per line, in input order."
)
@click.option("--keep-text", is_flag=True, help="No cleaning: document.text is exactly the input text.")
@click.option(
    "--no-statements",
    is_flag=True,
    help="Clean and find entities only: no dependency parse, so entity descriptors are left empty.",
)
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy model package name or path.")
@click.option("--processes", "-p", default=1, show_default=True, help="Worker processes (cores) to use.")
@max_chars_option
@click.option(
    "--full-pipeline",
    is_flag=True,
    help="spaCy's whole pipeline as is (slower; the fast path is the default).",
)
@click.option(
    "--attribution-model",
    default="default",
    show_default=True,
    help="Learned attribution model folder; 'default' is the packaged one, 'none' the rules alone.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--act",
    type=click.Choice(("speech", "thought", "finding", "all")),
    default="speech",
    show_default=True,
    help="Which statements the table shows; --json and --jsonl always carry every statement with its act.",
)
@friendly
def extract(
    inputs: tuple[str, ...],
    as_json: bool,
    as_jsonl: bool,
    keep_text: bool,
    no_statements: bool,
    model: str,
    processes: int,
    max_chars: int,
    full_pipeline: bool,
    progress: bool | None,
    attribution_model: str,
    act: str,
) -> None:
    """Who said what in each article: files, folders, globs, JSONL, HTML, .gz, or - for stdin."""
    if as_json and as_jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    if processes < 1:
        raise click.UsageError("--processes must be at least 1")
    from tqdm import tqdm

    from quotegraph.extraction.pipeline import Extractor

    extractor = Extractor(
        model=model,
        keep_text=keep_text,
        statements=not no_statements,
        fast=not full_pipeline,
        processes=processes,
        attribution_model=attribution_model,
        max_chars=max_chars,
    )
    failures = 0
    results = []
    show = sys.stderr.isatty() if progress is None else progress
    skipped: Counter[str] = Counter()
    bar = tqdm(
        extractor.extract_paths(inputs, skipped),
        unit=" articles",
        disable=not show,
        file=sys.stderr,
        leave=False,
    )
    for item in bar:
        if isinstance(item, InputError):
            failures += 1
            bar.clear()
            click.echo(f"quotegraph: {item}", err=True)
            continue
        if as_jsonl:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        elif as_json:
            results.append(item.to_dict())
        else:
            click.echo(format_table(item.to_dict(), act))
    if skipped:
        click.echo(f"quotegraph: {skipped_line(skipped)}", err=True)
    if as_json:
        if len(results) + failures > 1:
            fail("--json takes one input; use --jsonl for several", 2)
        if results:
            click.echo(json.dumps(results[0], ensure_ascii=False, indent=2))
    if failures:
        sys.exit(1)


def first_words(text: str, n: int = 8) -> str:
    """The opening words of a text, to name an article that has no title."""
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


def article_name(doc: dict) -> str:
    """The input it came from and its title (else its first words), so each table matches its file."""
    title = doc["title"] or first_words(doc["text"]) or doc["id"]
    source = doc["source"] if doc["source"] not in (None, "-") else None
    return f"{source}: {title}" if source else title


def format_table(result: dict, act: str = "speech") -> str:
    """A who-said-what table for people to read: the statements of one act (what people said by default),
    or all of them, each then labelled with its act. Quotations are in curly quotes, paraphrases marked."""
    doc = result["document"]
    meta = " | ".join(x for x in [doc["publisher"], doc["published"], ", ".join(doc["authors"])] if x)
    lines = [f"== {article_name(doc)}", f"   {meta}" if meta else "", ""]
    shown = [st for st in result["statements"] if act == "all" or st["act"] == act]
    if not shown:
        lines.append("   (no statements)" if act == "all" else f"   (no statements of the act {act})")
    for st in shown:
        sp = st["speaker"] or {}
        who = sp.get("name") or "?"
        if not sp.get("named", True):
            who += " (unnamed)"
        tags = [st["kind"]] + ([st["act"]] if act == "all" else [])
        if st["cue"]:
            tags.append(st["cue"]["text"])
        if st["channel"]:
            tags.append(f"via {st['channel']}")
        if st["addressee"]:
            tags.append(f"to {st['addressee']['name']}")
        lines.append(f"   {who}  [{'; '.join(tags)}]")
        words = st["text"] if len(st["text"]) <= 400 else st["text"][:397] + "..."
        lines.extend(
            textwrap.wrap(
                display(st["kind"], words), width=96, initial_indent="      ", subsequent_indent="      "
            )
        )
    return "\n".join(line for line in lines if line is not None) + "\n"
