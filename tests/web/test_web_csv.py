"""Every list page downloads as CSV as well as JSON: PAGE.csv beside PAGE.json, linked from the page."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from quotegraph.web.tables import SPEAKER_COLUMNS, STATEMENT_COLUMNS, STORY_COLUMNS


def table(client: TestClient, url: str) -> list[dict[str, str]]:
    r = client.get(url)
    assert r.status_code == 200, url
    assert r.headers["content-type"] == "text/csv; charset=utf-8", url
    assert r.headers["content-disposition"].startswith("attachment; filename="), url
    return list(csv.DictReader(io.StringIO(r.text)))


def csv_link(client: TestClient, url: str) -> str:
    html = client.get(url).text
    m = re.search(r'<a href="([^"]+)" id="as-csv" download>', html)
    assert m, url
    assert re.search(r'<link rel="alternate" type="text/csv" href="' + re.escape(m.group(1)) + '">', html)
    return m.group(1).replace("&amp;", "&")


def test_every_list_page_links_its_csv_with_the_rows_of_its_json(client: TestClient) -> None:
    q = client.get("/api/statements", params={"q": "answer threat", "outlet": "Interfax"}).json()["items"][0]
    story = client.get("/api/stories").json()["items"][0]["id"]
    pages = {  # page -> (the rows of its JSON twin, the columns of its CSV)
        "/search?q=threat": (lambda d: d["statements"]["items"], STATEMENT_COLUMNS),
        "/speakers": (lambda d: d["items"], SPEAKER_COLUMNS),
        "/speakers?q=kady": (lambda d: d["items"], SPEAKER_COLUMNS),
        f"/speakers/{q['speaker_id']}": (lambda d: d["quotes"], STATEMENT_COLUMNS),
        "/stories": (lambda d: d["items"], STORY_COLUMNS),
        f"/stories/{story}": (lambda d: d["quotes"], STATEMENT_COLUMNS),
        f"/documents/{q['document']}": (lambda d: d["statements"], STATEMENT_COLUMNS),
        f"/statements/{q['id']}": (lambda d: d["group"]["statements"], STATEMENT_COLUMNS),
    }
    for url, (rows_of, columns) in pages.items():
        link = csv_link(client, url)
        path, _, query = url.partition("?")
        assert link == ("/search" if path == "/search" else path) + ".csv" + (f"?{query}" if query else "")
        json_rows = rows_of(client.get(link.replace(".csv", ".json")).json())
        rows = table(client, link)
        assert rows and list(rows[0]) == columns, url
        assert [r["id"] for r in rows] == [str(j["id"]) for j in json_rows], url


def test_a_statement_row_says_quote_or_paraphrase_and_carries_its_citation(client: TestClient) -> None:
    rows = table(client, "/search.csv?q=envoys")
    (row,) = rows
    assert row["kind"] == "indirect" and row["shown_as"] == "paraphrase"
    assert row["text"] == "talks with the envoys are under way"  # the stored words, exactly
    cited = client.get(f"/api/statements/{row['id']}/citation").json()
    assert row["citation"] == cited["text"] and row["permalink"] == cited["csl"]["custom"]["permalink"]
    (row,) = table(client, "/search.csv?q=ferry")
    assert row["kind"] == "direct" and row["shown_as"] == "quote"


def test_csv_keeps_markup_as_text_and_lists_as_one_cell(client: TestClient) -> None:
    (row,) = table(client, "/search.csv?speaker=Eve+Mallory")
    assert row["text"].startswith("<script>alert('xss')</script>")
    speakers = table(client, "/speakers.csv?q=kady")
    assert speakers[0]["name"] == "Ramzan Kadyrov" and speakers[0]["named"] == "true"
    assert "Kadyrov" in speakers[0]["aliases"].split("; ")


def test_csv_parameters_are_checked_like_the_page(client: TestClient) -> None:
    assert client.get("/search.csv", params={"since": "yesterday"}).status_code == 400
    assert client.get("/speakers/999999.csv").status_code == 404
    assert client.get("/stories/999999.csv").status_code == 404
