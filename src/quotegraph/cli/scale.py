"""quotegraph load DIR: the Parquet dataset of `ingest --engine dask` into the SQLite store; quotegraph link
DIR --out OUT: the same dataset linked on the Dask cluster, as Parquet.

Also ``ingest_with_engine``, the hook `quotegraph ingest --engine dask` calls (cli/corpus.py).
"""

from __future__ import annotations

import sys

import click

from quotegraph.cli._group import friendly, main
from quotegraph.config import DEFAULT_DB, DEFAULT_LOAD_BATCH


@main.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="Store file."
)
@click.option("--batch-size", default=DEFAULT_LOAD_BATCH, show_default=True, help="Articles per transaction.")
@friendly
def load(dataset: str, db: str, batch_size: int) -> None:
    """Build the store from a Parquet dataset and link across articles; stored articles are skipped."""
    from quotegraph.corpus.parquet import load as run

    summary = run(dataset, db, batch_size=batch_size)
    click.echo(summary.line(), err=True)
    if summary.errors:
        for message in summary.errors:
            click.echo(f"quotegraph: {message}", err=True)
        sys.exit(1)


@main.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Directory for the linked Parquet."
)
@click.option("--workers", type=int, default=None, help="LocalCluster worker processes (default: CPUs).")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler, e.g. tcp://host:8786.")
@friendly
def link(dataset: str, out: str, workers: int | None, scheduler: str | None) -> None:
    """Link a Parquet dataset across articles on a Dask cluster: entities, statement groups, stories."""
    from quotegraph.scale.link import link_dataset

    click.echo(link_dataset(dataset, out, scheduler=scheduler, workers=workers).line(), err=True)


def ingest_with_engine(
    inputs: tuple[str, ...],
    *,
    out: str,
    scheduler: str | None,
    workers: int | None,
    model: str,
    db: str | None = None,
    full_pipeline: bool = False,
) -> int:
    """`ingest --engine dask`: extract on the cluster into ``out``; with ``db``, load it too. Exit code."""
    from quotegraph.corpus.parquet import load as run_load
    from quotegraph.scale.engine import ScaleSummary, run_dask

    def error(message: str) -> None:
        click.echo(f"quotegraph: {message}", err=True)

    def progress(summary: ScaleSummary) -> None:
        click.echo(f"\r{summary.files} files, {summary.documents} articles", err=True, nl=False)

    summary = run_dask(
        inputs,
        out,
        scheduler=scheduler,
        workers=workers,
        model=model,
        fast=not full_pipeline,
        on_error=error,
        on_file=progress,
    )
    click.echo("", err=True)
    click.echo(summary.line(), err=True)
    if db:
        loaded = run_load(out, db)
        click.echo(loaded.line(), err=True)
    return 1 if summary.errors else 0
