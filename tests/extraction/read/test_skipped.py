"""Files of a folder left out for their format are counted by suffix, so the summary can say so."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from quotegraph.extraction.read import expand_inputs, skipped_line


def test_folder_files_of_unknown_formats_are_counted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Some words.", encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(b"")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "sub" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "sub" / "scan.PDF").write_bytes(b"%PDF-1.4")
    skipped: Counter[str] = Counter()
    found = list(expand_inputs([str(tmp_path)], skipped))
    assert sorted(Path(p).name for p in found if isinstance(p, str)) == ["a.txt", "b.html.gz"]
    assert skipped == Counter({".pdf": 2, ".docx": 1})
    assert skipped_line(skipped) == "3 files skipped (unsupported format: .docx 1, .pdf 2)"
    assert skipped_line(Counter({".pdf": 1})) == "1 file skipped (unsupported format: .pdf 1)"
    assert skipped_line(Counter()) == ""


def test_files_named_directly_are_not_counted(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    skipped: Counter[str] = Counter()
    assert list(expand_inputs([str(pdf)], skipped)) == [str(pdf)]  # read (and reported) as the user asked
    assert not skipped
