"""One exception tree, so callers can catch quotegraph's failures and nothing else."""


class QuotegraphError(Exception):
    """Base of every error quotegraph raises on purpose."""


class InputError(QuotegraphError):
    """An input could not be read or understood; the message names it."""


class ModelError(QuotegraphError):
    """The spaCy model could not be loaded."""


class BudgetError(InputError):
    """One article took longer than its time budget; it is skipped so the batch goes on."""


class StoreError(QuotegraphError):
    """The database could not be opened, read or written."""
