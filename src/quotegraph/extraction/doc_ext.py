"""The Doc extensions quotegraph's stages pass data through, declared once here.

Every stage that reads or writes one imports this module (directly or through syntax), so the
declarations exist before any Doc is touched, in every process. ``force=True`` makes a re-import safe.

- ``doc._.qg_deadline``: time.monotonic() after which attribution and resolution give up (pipeline sets it)
- ``doc._.qg_in_quote``: per token, whether it lies inside a quotation (attribute sets it; syntax, resolve read)
- ``doc._.qg_text``: the document's text, cached (spaCy rebuilds ``Doc.text`` on every access)
- ``doc._.qg_starts``: the character offset of every token, cached for bisecting
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = ("qg_deadline", "qg_in_quote", "qg_text", "qg_starts")

for _name in EXTENSIONS:
    Doc.set_extension(_name, default=None, force=True)
