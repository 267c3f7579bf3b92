"""ingest --metadata: plain-text articles get their date, outlet, title and authors from a table."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quotegraph.cli import main
from quotegraph.corpus.ingest import ingest
from quotegraph.extraction.pipeline import Extractor
from quotegraph.query import Corpus, Filters

PIER = 'The pier will reopen in May.\n\n"We are ready for visitors," said the harbour master Ines Vidal.\n'
STORM = 'Storms closed the coast road.\n\n"Stay at home tonight," said the mayor Tom Reyes.\n'


def corpus_dir(tmp_path: Path) -> Path:
    text = tmp_path / "corpus" / "text"
    text.mkdir(parents=True)
    (text / "harbor_2025-03-01_pier.txt").write_text(PIER, encoding="utf-8")
    (text / "coast_2025-03-04_storm.txt").write_text(STORM, encoding="utf-8")
    (tmp_path / "corpus" / "metadata.tsv").write_text(
        "filename\tpublisher\tpublication_date\tauthor\ttitle\n"
        "harbor_2025-03-01_pier\tHarbor News\t2025-03-01\tJo Reed\tPier to reopen\n"
        "\tNowhere\t2025-01-01\tX\tA row without its file\n",
        encoding="utf-8",
    )
    return tmp_path / "corpus"


def test_metadata_fills_the_documents_it_names(tmp_path: Path, extractor: Extractor) -> None:
    root = corpus_dir(tmp_path)
    errors: list[str] = []
    summary = ingest(
        [str(root / "text")],
        tmp_path / "q.db",
        extractor=extractor,
        metadata=root / "metadata.tsv",
        on_error=lambda e: errors.append(str(e)),
    )
    assert summary.documents == 2 and summary.with_metadata == 1
    assert errors == [f"{root / 'metadata.tsv'}:3: no filename; row skipped"]
    assert "metadata for 1 inputs" in summary.line()
    with Corpus(tmp_path / "q.db") as corpus:
        (pier,) = corpus.quotes(outlet="Harbor News")
        assert (pier.date, pier.title, pier.speaker) == ("2025-03-01", "Pier to reopen", "Ines Vidal")
        assert corpus.document(pier.document).authors == ["Jo Reed"]
        (storm,) = corpus.quotes(search="home")
        assert storm.outlet is None and storm.date is None  # no row for it: nothing invented
        assert [q.text for q in corpus.quotes(since="2025-02-01")] == [pier.text]


def test_metadata_needs_an_existing_file_and_the_local_engine(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["ingest", str(tmp_path), "--metadata", str(tmp_path / "none.tsv")])
    assert missing.exit_code == 2
    table = tmp_path / "m.tsv"
    table.write_text("id\ttitle\n")
    dask = CliRunner().invoke(
        main,
        ["ingest", str(tmp_path), "--metadata", str(table), "--engine", "dask", "--out", str(tmp_path / "o")],
    )
    assert dask.exit_code == 2 and "local engine" in dask.output


def test_metadata_given_later_applies_to_articles_already_stored(
    tmp_path: Path, extractor: Extractor
) -> None:
    root = corpus_dir(tmp_path)
    db = tmp_path / "q.db"
    first = ingest([str(root / "text")], db, extractor=extractor)  # no table yet: undated, no outlet
    assert first.documents == 2
    with Corpus(db) as corpus:
        (pier,) = corpus.quotes(search="visitors")
        assert pier.date is None and pier.outlet is None
        assert corpus.find_documents(Filters(q="reopen"), 5).count == 1  # the text, not yet a title
    again = ingest([str(root / "text")], db, extractor=extractor, metadata=root / "metadata.tsv")
    assert again.documents == 0 and again.skipped == 2 and again.updated == 1
    assert "(1 of them stored before, updated)" in again.line()
    with Corpus(db) as corpus:
        (pier,) = corpus.quotes(outlet="Harbor News")
        assert (pier.date, pier.title, pier.outlet) == ("2025-03-01", "Pier to reopen", "Harbor News")
        assert corpus.document(pier.document).authors == ["Jo Reed"]
        assert [q.text for q in corpus.quotes(since="2025-02-01")] == [pier.text]
        (speaker,) = corpus.speaker("Ines Vidal")
        assert (speaker.first_date, speaker.last_date) == ("2025-03-01", "2025-03-01")
        assert [h.title for h in corpus.find_documents(Filters(q="pier"), 5).items] == ["Pier to reopen"]
        (storm,) = corpus.quotes(search="home")
        assert storm.date is None and storm.outlet is None  # no row for it: untouched
    third = ingest([str(root / "text")], db, extractor=extractor, metadata=root / "metadata.tsv")
    assert third.updated == 0  # the same values again change nothing
