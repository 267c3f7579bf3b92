"""Property test of the --metadata reader: over generated CSV, TSV and JSONL tables with bad rows mixed in
(too many cells, too few, no key, a key given twice, broken JSON, a JSON value that is no object), blank
lines and cells holding the delimiter, quotes or line breaks, each bad row is exactly one error naming its
line, and every good row is applied to its article."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotegraph.errors import InputError
from quotegraph.extraction.read.metadata import EMPTY, load_metadata
from quotegraph.model import RawDocument

cell = st.text(alphabet="abc XYZ,\t\"'\n;\u2028", min_size=1, max_size=12).filter(
    lambda s: s.strip().casefold() not in EMPTY
)
GOOD, MORE, FEWER, NOKEY, TWICE, BADJSON, NOTOBJ, BLANK = range(8)
row_kind = st.sampled_from([GOOD, GOOD, GOOD, MORE, FEWER, NOKEY, TWICE, BLANK])
jsonl_kind = st.sampled_from([GOOD, GOOD, GOOD, NOKEY, TWICE, BADJSON, NOTOBJ, BLANK])


def _render(cells: list[str], delimiter: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return buf.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from(["csv", "tsv", "jsonl"]),
    rows=st.lists(st.tuples(row_kind, jsonl_kind, cell, cell), min_size=1, max_size=25),
)
def test_each_bad_row_is_one_line_and_every_good_row_is_applied(
    tmp_path: Path, fmt: str, rows: list[tuple[int, int, str, str]]
) -> None:
    delimiter = "\t" if fmt == "tsv" else ","
    lines = ["" if fmt == "jsonl" else _render(["file", "title", "publisher"], delimiter)]
    line = 1 if fmt != "jsonl" else 0  # the number of the line the next row starts on, minus one
    expected: dict[str, tuple[str, str]] = {}
    bad_lines: list[int] = []
    used: list[str] = []
    objects: Counter[bool] = Counter()  # JSONL objects, by whether they name their file
    for n, (table_kind, jsonl_row_kind, title, publisher) in enumerate(rows):
        kind = jsonl_row_kind if fmt == "jsonl" else table_kind
        key = f"doc{n}"
        if kind == TWICE and used:
            key = used[0]
        if kind == BLANK:
            text = "\n"
        elif fmt == "jsonl":
            record: dict[str, object] = {"file": f"{key}.txt", "title": title, "publisher": publisher}
            if kind == NOKEY:
                del record["file"]
            if kind not in (BADJSON, NOTOBJ):
                objects["file" in record] += 1
            text = json.dumps(record, ensure_ascii=False) + "\n"
            if kind == BADJSON:
                text = text[: len(text) // 2] + "\n"
            elif kind == NOTOBJ:
                text = json.dumps([key, title]) + "\n"
        else:
            cells = [f"{key}.txt", title, publisher]
            if kind == MORE:
                cells.append("extra")
            elif kind == FEWER:
                cells = cells[:2]
            elif kind == NOKEY:
                cells[0] = ""
            text = _render(cells, delimiter)
        start = line + 1
        line += text.count("\n")
        lines.append(text)
        if kind == BLANK:
            continue
        if kind in (GOOD, TWICE) and key in used:
            bad_lines.append(start)  # a key given twice: the first row is kept
        elif kind == GOOD or (kind == TWICE and not used):
            expected[key] = (title.strip(), publisher.strip())
            used.append(key)
        else:
            bad_lines.append(start)
    path = tmp_path / f"meta.{fmt}"
    path.write_text("".join(lines), encoding="utf-8")

    if fmt == "jsonl" and not objects[True] and (objects[False] or not bad_lines):
        # a JSONL table's columns are its objects' keys: none names a file, or there is no row at all
        with pytest.raises(InputError, match="no file-name or id column"):
            load_metadata(path)
        return
    table = load_metadata(path)

    numbers = []
    for message in table.errors:
        assert message.startswith(f"{path}:") and "\n" not in message, message
        numbers.append(int(message[len(str(path)) + 1 :].split(":", 1)[0]))
    assert sorted(numbers) == bad_lines, table.errors
    for key, (title, publisher) in expected.items():
        raw = table.apply(RawDocument(source=f"/corpus/{key}.txt", text="body"))
        assert (raw.title, raw.publisher) == (title, publisher)
    assert set(table.rows) == {f"{k}.txt" for k in expected}
