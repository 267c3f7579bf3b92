"""Text normalization shared by the linkers: case-, accent- and punctuation-insensitive keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^\w']+")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents: 'Émile' and 'emile' fold to the same key."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalize(text: str) -> str:
    """Folded words separated by single spaces; possessive 's and apostrophes inside names dropped."""
    folded = fold(text)
    folded = re.sub(r"'s\b", "", folded)
    folded = folded.replace("'", "")
    return " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())


def words(text: str) -> list[str]:
    """Folded word tokens, apostrophes removed ('we're' -> 'were'), so wording variants compare equal."""
    return _WORD.findall(fold(text).replace("'", ""))


def hash64(text: str) -> int:
    """A stable signed 64-bit hash (SQLite INTEGER range)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)
