"""Command line: thin wrappers, each calling one library function."""

from quotegraph.cli import corpus, evaluate, extract, query, scale, train, web  # noqa: F401  (register commands)
from quotegraph.cli._group import main

__all__ = ["main"]
