"""quotegraph serve: the HTTP API and web pages over a store (read-only)."""

from __future__ import annotations

import ipaddress

import click

from quotegraph.cli._group import friendly, main
from quotegraph.config import DEFAULT_DB, DEFAULT_HOST, DEFAULT_PORT


@main.command()
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Store file (opened read-only).",
)
@click.option(
    "--host", default=DEFAULT_HOST, show_default=True, help="Address to bind; loopback unless told otherwise."
)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@friendly
def serve(db: str, host: str, port: int) -> None:
    """Serve the JSON API (/api, /openapi.json, /docs) and the web pages over a store."""
    import uvicorn

    from quotegraph.web import create_app

    app = create_app(db)
    if not _loopback(host):
        click.echo(f"quotegraph: serving on {host}, reachable from other machines", err=True)
    click.echo(f"quotegraph: http://{host}:{port}/  (API reference at /docs; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
