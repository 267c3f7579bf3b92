"""Limits said out loud: --max-chars skips long articles with one line each; files of a folder left out
for their format are counted in the summary line, with the reason."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest
from quotegraph.extraction.pipeline import Extractor

TEXT = 'The harbour opened on Monday.\n\n"We are glad to be back," said the skipper Ingrid Solberg.\n'


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "report.pdf").write_bytes(b"%PDF-1.4 not an article")
    (root / "sub" / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "sub" / "scan.PDF").write_bytes(b"%PDF-1.4")
    return root


def test_extract_says_what_it_skipped_and_honours_max_chars(tmp_path: Path, extractor: Extractor) -> None:
    root = folder(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(root)])
    assert result.exit_code == 0, result.output
    assert "Ingrid Solberg" in result.stdout
    assert result.stderr.strip() == "quotegraph: 3 files skipped (unsupported format: .docx 1, .pdf 2)"
    short = CliRunner().invoke(main, ["extract", str(root / "a.txt"), "--max-chars", "40"])
    assert short.exit_code == 1
    assert "over the 40-character limit" in short.stderr and short.stdout == ""
    assert CliRunner().invoke(main, ["extract", str(root / "a.txt"), "--max-chars", "0"]).exit_code == 2


def test_ingest_summary_counts_skipped_files(tmp_path: Path, extractor: Extractor) -> None:
    summary = ingest([str(folder(tmp_path))], tmp_path / "q.db", extractor=extractor)
    assert summary.documents == 1 and not summary.errors
    assert summary.line().endswith("; 3 files skipped (unsupported format: .docx 1, .pdf 2)")
