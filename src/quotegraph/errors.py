"""One exception tree, so callers can catch quotegraph's failures and nothing else.

The classes say whose fault a failure is, so callers (the web's status codes, the CLI) decide by class and
never by message text: ``BadQuery`` and ``NotFound`` are the asker's, ``StoreError`` the store's,
``QueryTimeout`` a request too costly for its time limit (the web's 503).
"""


class QuotegraphError(Exception):
    """Base of every error quotegraph raises on purpose."""


class InputError(QuotegraphError):
    """An input could not be read or understood; the message names it."""


class ModelError(QuotegraphError):
    """The spaCy model could not be loaded."""


class BudgetError(InputError):
    """One article took longer than its time budget; it is skipped so the batch goes on."""


class StoreError(QuotegraphError):
    """The database could not be opened, read or written (a store or SQLite failure, not the request's)."""


class BadQuery(QuotegraphError):
    """A query the store cannot answer as asked: a bad filter value, a malformed search, a bad option."""


class NotFound(QuotegraphError):
    """The speaker, story, statement, document or entity asked for does not exist."""


class QueryTimeout(QuotegraphError):
    """A request's queries ran past its time limit and were stopped; a narrower request is cheaper."""
