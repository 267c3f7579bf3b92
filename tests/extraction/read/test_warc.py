"""read/warc.py: WARC and WARC.gz records written here with warcio; JSONL.gz streamed line by line."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotegraph.errors import InputError
from quotegraph.extraction.read import iter_documents
from quotegraph.extraction.read.warc import iter_jsonl_file
from quotegraph.model import RawDocument

PAGE = "<html><head><title>{t}</title></head><body><article><p>{t} body text.</p></article></body></html>"


def _response(
    writer: WARCWriter, url: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    )


def write_warc(path: Path, gz: bool) -> Path:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        _response(w, "https://news.example/a", PAGE.format(t="Alpha").encode())
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example/a", "request", http_headers=req))
        _response(w, "https://news.example/logo.png", b"\x89PNG....", ctype="image/png")
        _response(w, "https://news.example/gone", b"<html>moved</html>", status="301 Moved")
        _response(
            w,
            "https://news.example/b",
            PAGE.format(t="Beta Caf\u00e9").encode("latin-1"),
            ctype="text/html; charset=ISO-8859-1",
        )
    return path


def test_warc_gz_yields_html_responses_only(tmp_path: Path) -> None:
    docs = list(iter_documents([str(write_warc(tmp_path / "crawl.warc.gz", gz=True))]))
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert "Alpha body text" in docs[0].html and "Beta Café" in docs[1].html
    assert docs[0].source.startswith(str(tmp_path / "crawl.warc.gz") + "@") and "urn:uuid:" in docs[0].source


def test_plain_warc_and_folder_walk(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc", gz=False)
    docs = list(iter_documents([str(tmp_path)]))
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]


def test_truncated_warc_reports_location_and_keeps_earlier_records(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "cut.warc.gz", gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    items = list(iter_documents([str(path)]))
    docs = [d for d in items if isinstance(d, RawDocument)]
    errors = [e for e in items if isinstance(e, InputError)]
    assert docs and docs[0].url == "https://news.example/a"
    assert errors and str(path) + "@" in str(errors[0])


def test_jsonl_gz_streamed_with_bad_line_located(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    lines = [json.dumps({"text": f"Article {i}.", "url": f"u{i}"}) for i in range(3)]
    lines.insert(1, "{not json")
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    items = list(iter_jsonl_file(str(path)))
    assert [getattr(x, "text", None) for x in items] == ["Article 0.", None, "Article 1.", "Article 2."]
    assert str(items[1]).startswith(f"{path}:2: not valid JSON")
