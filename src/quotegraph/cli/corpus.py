"""quotegraph ingest | export | merge | split | rename | reassign | hide | unhide | undo | decisions:
build and correct the corpus store."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from quotegraph.cli._group import friendly, main, max_chars_option
from quotegraph.config import DEFAULT_BATCH, DEFAULT_DB, DEFAULT_MODEL
from quotegraph.errors import InputError

if TYPE_CHECKING:
    from quotegraph.corpus.ingest import IngestSummary

db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="Store file."
)


@contextmanager
def graceful_stop() -> Iterator[tuple[threading.Event, list[int]]]:
    """SIGINT/SIGTERM set an event the ingest checks between articles (it stores what it has and stops);
    a second signal stops at once (the open batch rolls back). Yields the event and the signals received.
    """
    stop = threading.Event()
    received: list[int] = []

    def handle(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    if threading.current_thread() is not threading.main_thread():  # signals go to the main thread only
        yield stop, received
        return
    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop, received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy model package name or path.")
@click.option("--batch-size", default=DEFAULT_BATCH, show_default=True, help="Articles per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--processes", "-p", default=1, show_default=True, type=click.IntRange(1), help="Worker processes."
)
@click.option("--full-pipeline", is_flag=True, help="Run spaCy's stock pipeline instead of the fast path.")
@click.option(
    "--metadata",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV, TSV or JSONL table: a file-name or id column, then title, url, published, authors, publisher.",
)
@max_chars_option
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="dask: extract on a Dask cluster into --out (Parquet), then `quotegraph load`.",
)
@click.option("--scheduler", help="Dask scheduler address (default: a LocalCluster).")
@click.option("--workers", type=click.IntRange(1), help="LocalCluster workers (default: one per core).")
@click.option("--out", type=click.Path(file_okay=False), help="Parquet dataset folder for --engine dask.")
@friendly
def ingest(
    inputs: tuple[str, ...],
    db: str,
    model: str,
    batch_size: int,
    quiet: bool,
    processes: int,
    full_pipeline: bool,
    max_chars: int,
    metadata: str | None,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    out: str | None,
) -> None:
    """Extract articles into the store; articles already stored are skipped, so re-running is safe."""
    from tqdm import tqdm

    from quotegraph.corpus.ingest import ingest as run
    from quotegraph.extraction.pipeline import Extractor

    if engine == "dask":
        if not out:
            raise click.UsageError("--engine dask writes a Parquet dataset: give --out DIR")
        if metadata:
            raise click.UsageError("--metadata goes with the local engine")
        from quotegraph.cli.scale import ingest_with_engine

        sys.exit(
            ingest_with_engine(
                inputs,
                out=out,
                scheduler=scheduler,
                workers=workers,
                model=model,
                full_pipeline=full_pipeline,
            )
        )
    if scheduler or workers or out:
        raise click.UsageError("--scheduler, --workers and --out go with --engine dask")
    extractor = Extractor(model=model, processes=processes, fast=not full_pipeline, max_chars=max_chars)

    bar = tqdm(unit=" articles", disable=quiet or None, file=sys.stderr, dynamic_ncols=True)

    def progress(summary: IngestSummary) -> None:
        bar.update(summary.seen - bar.n)
        bar.set_postfix(statements=summary.statements, errors=len(summary.errors), skipped=summary.skipped)

    def error(exc: InputError) -> None:
        bar.clear()
        click.echo(f"quotegraph: {exc}", err=True)

    with graceful_stop() as (stop, received):
        try:
            summary = run(
                inputs,
                db,
                model=model,
                extractor=extractor,
                batch_size=batch_size,
                on_error=error,
                on_progress=progress,
                stop=stop,
                metadata=metadata,
            )
        finally:
            bar.close()
    click.echo(summary.line(), err=True)
    if summary.stopped:
        sys.exit(128 + (received[0] if received else signal.SIGINT))  # 130 for SIGINT, 143 for SIGTERM
    if summary.errors:
        sys.exit(1)


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Output file (default: standard output)."
)
@click.option("--speaker")
@click.option("--search")
@click.option("--since")
@click.option("--until")
@click.option(
    "--table",
    type=click.Choice(["statements", "reactions"]),
    default="statements",
    show_default=True,
    help="What to write: statements, or reactions (response, target, cue, stance).",
)
@click.option("--hidden", is_flag=True, help="Also the statements hidden with `quotegraph hide`.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Stop after this many seconds inside SQLite (one line, exit 1, no partial --output file left).",
)
@friendly
def export(
    db: str,
    fmt: str,
    output: str | None,
    speaker: str | None,
    search: str | None,
    since: str | None,
    until: str | None,
    table: str,
    hidden: bool,
    time_limit: float | None,
) -> None:
    """Write statements with speaker, outlet, date and provenance (document id, offsets), or reactions."""
    from quotegraph.errors import QueryTimeout
    from quotegraph.query import Corpus
    from quotegraph.query.export import export_quotes, export_reactions
    from quotegraph.query.limits import Budget

    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs --output FILE")
    if table == "reactions" and (search or since or until or hidden):
        raise click.UsageError("--table reactions takes --speaker only")
    write: Callable[..., int]
    with Corpus(db) as corpus:
        if time_limit is not None:
            corpus.limit(Budget.of(time_limit))
        if table == "reactions":
            rows: Iterable[Any] = corpus.reactions(speaker=speaker, limit=None)
            write = export_reactions
        else:
            rows = corpus.iter_quotes(
                speaker=speaker, search=search, since=since, until=until, oldest_first=True, hidden=hidden
            )
            write = export_quotes
        try:
            if fmt == "parquet":
                n = write(rows, fmt, output)
            elif output:
                with open(output, "w", encoding="utf-8", newline="") as fh:
                    n = write(rows, fmt, fh)
            else:
                n = write(rows, fmt, sys.stdout)
        except QueryTimeout:
            if output:  # half an export must not pass for a whole one
                Path(output).unlink(missing_ok=True)
            raise QueryTimeout(
                f"export stopped at the time limit ({time_limit:g} s); narrow it (--speaker, --search, "
                "--since, --until) or raise --time-limit"
            ) from None
    click.echo(f"exported {n} {table}", err=True)


@main.command()
@click.argument("keep")
@click.argument("other")
@db_option
@friendly
def merge(keep: str, other: str, db: str) -> None:
    """Record that two entities (names or ids) are the same person; kept across later ingests."""
    from quotegraph.corpus import corrections

    kept = corrections.merge(db, keep, other)
    click.echo(f"merged into entity {kept}")


@main.command()
@click.argument("entity")
@click.option("--alias", help="Mentions under this name are someone else.")
@click.option("--document", help="Mentions in this document (id or id prefix) are someone else.")
@db_option
@friendly
def split(entity: str, alias: str | None, document: str | None, db: str) -> None:
    """Record that some mentions of an entity are another person; kept across later ingests."""
    from quotegraph.corpus import corrections

    if not alias and not document:
        raise click.UsageError("give --alias NAME or --document ID")
    new = corrections.split(db, entity, alias=alias, document=document)
    click.echo(f"split off as entity {new}")


@main.command()
@click.argument("entity")
@click.argument("name")
@db_option
@friendly
def rename(entity: str, name: str, db: str) -> None:
    """Give an entity (name or id) the name shown everywhere; kept across later ingests."""
    from quotegraph.corpus import corrections

    entity_id = corrections.rename(db, entity, name)
    click.echo(f"entity {entity_id} is now {name!r}")


@main.command()
@click.argument("statement", type=int)
@click.argument("entity", required=False)
@click.option("--unnamed", is_flag=True, help="The speaker is an unnamed source.")
@db_option
@friendly
def reassign(statement: int, entity: str | None, unnamed: bool, db: str) -> None:
    """Attribute one statement to another entity (name or id), or with --unnamed to an unnamed source."""
    from quotegraph.corpus import corrections

    if bool(entity) == unnamed:
        raise click.UsageError("give an ENTITY or --unnamed (one of them)")
    target = corrections.reassign(db, statement, None if unnamed else entity)
    click.echo(f"statement {statement} reassigned to entity {target}")


@main.command()
@click.argument("statement", type=int)
@db_option
@friendly
def hide(statement: int, db: str) -> None:
    """Keep a statement in the store but out of counts, lists, search, facets and exports."""
    from quotegraph.corpus import corrections

    corrections.hide(db, statement, True)
    click.echo(f"statement {statement} hidden")


@main.command()
@click.argument("statement", type=int)
@db_option
@friendly
def unhide(statement: int, db: str) -> None:
    """Show a hidden statement again."""
    from quotegraph.corpus import corrections

    corrections.hide(db, statement, False)
    click.echo(f"statement {statement} shown again")


@main.command()
@db_option
@friendly
def undo(db: str) -> None:
    """Undo the last correction not yet undone (after later ingests too)."""
    from quotegraph.corpus import corrections

    done = corrections.undo(db)
    click.echo(f"undid decision {done.seq}: {done.what}")


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
@friendly
def decisions(db: str, as_json: bool) -> None:
    """List the corrections: seq, kind, what, when, undone."""
    import json

    from quotegraph.corpus import corrections

    found = corrections.listing(db)
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in found], ensure_ascii=False, indent=2))
        return
    for d in found:
        click.echo(f"{d.seq}\t{d.kind}\t{d.what}\t{d.created_at}" + ("\tundone" if d.undone else ""))
