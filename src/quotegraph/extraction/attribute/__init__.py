"""Attribution: statements (direct, partial, indirect) with their cue, speaker token, channel, addressee.

The public API of the stage; ``resolve`` names the speakers from what it returns. The work is in
direct.py (quotations and the combined list), reported.py (reported speech), quotes.py (quotation
marks), channels.py (channels and addressees).
"""

from __future__ import annotations

from quotegraph.extraction.attribute.channels import channel_hints
from quotegraph.extraction.attribute.direct import find_statements
from quotegraph.extraction.attribute.found import Found

__all__ = ["Found", "channel_hints", "find_statements"]
