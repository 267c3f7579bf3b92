"""quotegraph serve: the HTTP API and web pages over a store (read-only)."""

from __future__ import annotations

import ipaddress

import click

from quotegraph.cli._group import fail, friendly, main
from quotegraph.config import (
    DEFAULT_DB,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_RATE_LIMIT,
    DEFAULT_SERVE_THREADS,
    DEFAULT_TIME_LIMIT,
)


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
@click.option(
    "--token",
    envvar="QUOTEGRAPH_TOKEN",
    default=None,
    help="Every request must carry this token (header or login page); also from $QUOTEGRAPH_TOKEN. "
    "Needed to serve beyond loopback, unless --public.",
)
@click.option(
    "--public", is_flag=True, help="Serve beyond loopback without a token: anyone who can reach it."
)
@click.option(
    "--time-limit",
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds a request's queries may run; past it the request gets a 503.",
)
@click.option(
    "--rate-limit",
    default=None,
    type=click.FloatRange(min=0),
    help=f"Requests per second per client address, with bursts of twice that; 0: no limit. "
    f"Default: none on loopback, {DEFAULT_RATE_LIMIT:g} otherwise.",
)
@click.option(
    "--threads",
    default=DEFAULT_SERVE_THREADS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker threads answering requests at once; the others wait their turn.",
)
@friendly
def serve(
    db: str,
    host: str,
    port: int,
    token: str | None,
    public: bool,
    time_limit: float,
    rate_limit: float | None,
    threads: int,
) -> None:
    """Serve the JSON API (/api, /openapi.json, /docs) and the web pages over a store."""
    loopback = _loopback(host)
    if token is not None and not token.strip():
        fail("--token is empty", 2)
    if not loopback and token is None and not public:
        fail(
            f"{host} is reachable from other machines: give --token TOKEN (or $QUOTEGRAPH_TOKEN), "
            "or --public to serve without one",
            2,
        )
    if rate_limit is None:
        rate_limit = 0.0 if loopback else DEFAULT_RATE_LIMIT
    import uvicorn

    from quotegraph.web import create_app

    app = create_app(db, time_limit=time_limit, token=token, rate_limit=rate_limit or None, threads=threads)
    if not loopback:
        who = "with a token" if token else "to anyone (--public)"
        click.echo(f"quotegraph: serving on {host}, reachable from other machines, {who}", err=True)
    click.echo(f"quotegraph: http://{host}:{port}/  (API reference at /docs; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
