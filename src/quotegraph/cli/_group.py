"""The click group every command module registers on."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from quotegraph.config import MAX_CHARS
from quotegraph.errors import QuotegraphError
from quotegraph.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

max_chars_option = click.option(
    "--max-chars",
    default=MAX_CHARS,
    show_default=True,
    type=click.IntRange(1),
    help="Articles longer than this after cleaning are skipped (one line each).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotegraph")
def main() -> None:
    """quotegraph: who said what, to whom, through which channel, and when."""


def fail(message: str, code: int = 1) -> None:
    click.echo(f"quotegraph: {message}", err=True)
    sys.exit(code)


def friendly(func: F) -> F:
    """Turn quotegraph's own errors into one line on stderr; Ctrl-C into a short note."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuotegraphError as exc:
            fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:
            if os.environ.get("QUOTEGRAPH_DEBUG"):
                raise
            fail(f"internal error ({type(exc).__name__}: {exc}); set QUOTEGRAPH_DEBUG=1 for a traceback")

    return wrapper  # type: ignore[return-value]
