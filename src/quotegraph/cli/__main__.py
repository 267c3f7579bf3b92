"""`python -m quotegraph.cli`: the same as the `quotegraph` command."""

from quotegraph.cli import main

main()
