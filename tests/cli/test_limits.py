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


def test_export_stops_at_its_time_limit_with_one_line(tmp_path: Path) -> None:
    """A deadline already past stops the export's first query at SQLite's first progress check (every
    few thousand steps, which this store's export exceeds): no timing, so no flakiness."""
    from qgbuild import article
    from quotegraph.corpus.ingest import ingest_results

    db = tmp_path / "q.db"
    ingest_results(
        [
            article([("Ingrid Solberg", f"The harbour berth {a}-{i} reopens", "direct") for i in range(20)])
            for a in range(10)
        ],
        db,
    )
    out = tmp_path / "all.jsonl"
    whole = CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out), "--time-limit", "600"])
    assert whole.exit_code == 0 and len(out.read_text().splitlines()) == 200
    out.unlink()
    stopped = CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out), "--time-limit", "1e-9"])
    assert stopped.exit_code == 1 and not out.exists()
    assert stopped.stderr.strip().splitlines() == [
        "quotegraph: export stopped at the time limit (1e-09 s); narrow it (--speaker, --search, --since, "
        "--until) or raise --time-limit"
    ]
    assert CliRunner().invoke(main, ["export", "--db", str(db), "--time-limit", "0"]).exit_code == 2
