"""Coverage-guided fuzzing of the readers and cleaning (atheris; run by hand, not in CI).

    .venv/bin/pip install -r requirements/fuzz.txt
    .venv/bin/python fuzz/fuzz_readers.py -atheris_runs=200000            # bytes as a file of each format
    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=600 fuzz/corpus  # keep found inputs in a folder

Any exception other than quotegraph's own InputError is a finding: atheris stops and writes the input
to crash-*; turn it into a regression test in tests/extraction/read/ or tests/extraction/clean/test_text.py, then fix it.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from quotegraph.errors import InputError
    from quotegraph.extraction.clean.text import clean_text
    from quotegraph.extraction.clean.webpage import clean_html
    from quotegraph.extraction.read.formats import parse_bytes

NAMES = ["a.txt", "a.md", "a.html", "a.jsonl", "a.txt.gz", "a.unknown"]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    payload = data[1:]
    for item in parse_bytes(payload, name, max_bytes=1_000_000):
        if isinstance(item, InputError):
            continue
        if item.html is not None:
            try:
                article = clean_html(item)
            except InputError:
                continue
            assert isinstance(article.text, str)
        else:
            cleaned = clean_text(item.text or "")
            for block in cleaned.blocks:
                assert 0 <= block.start <= block.end <= len(cleaned.text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
