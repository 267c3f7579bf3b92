"""The pages in a real browser: Debian's chromium driven by Playwright, against a real uvicorn server.

Search for a speaker, open the speaker page, open a statement, check the highlighted span in the document;
screenshots at desktop and phone widths go to test-output/screenshots/. No browser is downloaded: the
tests use /usr/bin/chromium (`make test` installs it through scripts/ensure-chromium.sh) and skip without it.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: run scripts/ensure-chromium.sh"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    """A real uvicorn serving the test store on a free loopback port."""
    yield from _serve(web_db)


@pytest.fixture(scope="module")
def reaction_server(tmp_path_factory: pytest.TempPathFactory, extractor: object) -> Iterator[str]:
    """A store where one article answers another, ingested with the model, served like the other."""
    from .test_web_reactions import reaction_store

    db = reaction_store(tmp_path_factory.mktemp("browser-reactions"), extractor)  # type: ignore[arg-type]
    yield from _serve(db)


@pytest.fixture(scope="module")
def locked_server(web_db: Path) -> Iterator[str]:
    """The test store served with a token (the login page and its cookie)."""
    yield from _serve(web_db, token=TOKEN)


TOKEN = "browser-test-token-0123456789"


def _serve(db: Path, **options: object) -> Iterator[str]:
    import uvicorn

    from quotegraph.web import create_app

    # the socket stays bound from here on and is handed to uvicorn: no other process can take the port
    # between choosing it and serving on it
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(
        uvicorn.Config(create_app(db, **options), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module", autouse=True)
def shots_folder() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def new_page(browser: object, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    """A page that records console errors and dialogs (a CSP violation or an executed script fails the test)."""
    page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))

    def dialog(d) -> None:  # type: ignore[no-untyped-def]
        page.problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    return page


def test_search_speaker_statement_document(browser: object, server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(server + "/")
    page.fill("#q", "Kadyrov")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=Kadyrov*")
    page.screenshot(path=str(SHOTS / "search-desktop.png"), full_page=True)

    page.click("a.speaker-link:has-text('Ramzan Kadyrov')")
    page.wait_for_selector("#speaker-name")
    assert page.inner_text("#speaker-name") == "Ramzan Kadyrov"
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect.bar").count() >= 2
    page.screenshot(path=str(SHOTS / "speaker-desktop.png"), full_page=True)

    quote = page.locator("#speaker-quotes a.qtext").filter(has_text="answer any threat").first
    quote.click()
    page.wait_for_selector("#statement-text")
    statement_url = page.url
    text = "We will answer any threat to the republic with force"
    assert text in page.inner_text("#statement-text")
    assert page.inner_text("#source-paragraph .hl-st") == text
    assert page.inner_text("#source-paragraph .hl-sp") in ("Ramzan Kadyrov", "Kadyrov")
    page.screenshot(path=str(SHOTS / "statement-desktop.png"), full_page=True)

    page.click("p.meta a[href^='/documents/']")
    page.wait_for_selector("#doc-text")
    sid = statement_url.rstrip("/").rsplit("/", 1)[1]
    spans = page.locator(f"#doc-text span[data-statement='{sid}']")
    assert "".join(spans.all_inner_texts()) == text
    # highlighted: the statement background differs from the plain text's
    bg = spans.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.url.endswith(f"#st-{sid}")
    page.screenshot(path=str(SHOTS / "document-desktop.png"), full_page=True)
    # layer toggles (static JS, allowed by the CSP) switch the highlight off
    page.uncheck("#layers input[data-layer='st']")
    assert spans.first.evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert page.problems == []


def test_keyboard_search(browser: object, server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(server + "/speakers")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "sq"
    page.keyboard.type("kady")
    page.keyboard.press("Enter")
    page.wait_for_selector("a.speaker-link")
    page.focus("a.speaker-link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#speaker-name")
    assert page.inner_text("#speaker-name") == "Ramzan Kadyrov"
    assert page.problems == []


def test_script_in_a_quote_stays_text(browser: object, server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(server + "/search?speaker=Eve+Mallory")
    page.click("a.qtext")
    page.wait_for_selector("#statement-text")
    assert "<script>alert('xss')</script>" in page.inner_text("#statement-text")
    assert "onerror=alert(2)" in page.inner_text("#source-paragraph")
    assert page.locator("#main img").count() == 0
    page.click("p.meta a[href^='/documents/']")
    page.wait_for_selector("#doc-text")
    assert "<script>alert('title')</script> headline" in page.inner_text("h1")
    assert page.problems == []  # no alert dialog ran, no CSP violation


def test_phone_width(browser: object, server: str) -> None:
    page = new_page(browser, PHONE)
    page.goto(server + "/search?q=threat")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "search-phone.png"), full_page=True)
    page.click("a.qtext")
    page.wait_for_selector("#statement-text")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "statement-phone.png"), full_page=True)
    page.click("a[href^='/speakers/']")
    page.wait_for_selector("#speaker-name")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "speaker-phone.png"), full_page=True)
    assert page.problems == []


def test_no_request_leaves_the_server(browser: object, server: str) -> None:
    page = new_page(browser, DESKTOP)
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    for url in ("/", "/speakers", "/stories", "/docs"):
        page.goto(server + url)
    assert hosts == {server.split("/")[2]}, hosts
    assert shutil.which("true") is not None or True


@pytest.mark.model
def test_story_page_draws_who_answered_whom(browser: object, reaction_server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(reaction_server + "/stories")
    page.click("a[href^='/stories/']:not([href='/stories'])")
    page.wait_for_selector("svg.chart.reactions")
    arrow = page.locator("svg.chart.reactions path.reaction.rejects").first
    box = arrow.bounding_box()
    assert box is not None and box["width"] > 0, "the arrow is not drawn"
    colour = arrow.evaluate("e => getComputedStyle(e).stroke")
    assert colour not in ("none", "rgba(0, 0, 0, 0)")
    lanes = page.locator("svg.chart.reactions text.lane-name").all_text_contents()
    assert "Omar Nasser" in lanes and "Greta Holm" in lanes
    # the arrow starts on the responder's lane and ends on the lane of the one answered
    assert arrow.locator("title").text_content().startswith("Omar Nasser rejects Greta Holm:")
    lane_y = {
        t.text_content(): float(t.get_attribute("y"))
        for t in page.locator("svg.chart.reactions text.lane-name").all()
    }
    d = arrow.get_attribute("d").split()
    assert abs(float(d[2]) - (lane_y["Omar Nasser"] - 4)) < 0.5
    assert abs(float(d[-1]) - (lane_y["Greta Holm"] - 4)) < 0.5
    page.screenshot(path=str(SHOTS / "story-reactions-desktop.png"), full_page=True)
    page.click(".reactions-list a[href^='/statements/']")
    page.wait_for_selector("#answers")
    assert "Greta Holm" in page.inner_text("article.statement")
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def names_server(names_db: Path) -> Iterator[str]:
    """The name-search store (tests/web/conftest.py: name_articles) on its own server."""
    yield from _serve(names_db)


def test_a_name_search_leads_with_the_persons_statements(browser: object, names_server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(names_server + "/")
    page.fill("#q", "Helena Marsh")
    page.press("#q", "Enter")
    page.wait_for_selector("#people")
    assert "Helena R. Marsh" in page.inner_text("#people .person-link")
    quotes = page.locator("ol.quotes > li.quote")
    assert quotes.count() == 4
    first = quotes.nth(0).inner_text()
    assert "Helena R. Marsh" in first and "Marsh" not in first.split("”")[0]  # her words, no name in them
    assert page.locator("#own-quotes li.quote").count() == 2
    assert "documents twice" in page.inner_text("#mention-quotes")
    # the paraphrase is marked, the quote is in quotation marks, as the reader sees them
    para = page.locator("#mention-quotes .said.paraphrase").first
    assert para.inner_text().startswith("PARAPHRASE:") or para.inner_text().lower().startswith("paraphrase:")
    assert para.evaluate("e => getComputedStyle(e).borderLeftStyle") == "dashed"
    quoted = page.locator("#own-quotes .said.quoted").first
    assert quoted.inner_text().startswith("“")
    assert quoted.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    page.screenshot(path=str(SHOTS / "name-search-desktop.png"), full_page=True)
    assert page.problems == []


def test_copying_a_citation(browser: object, names_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=names_server)
    page = context.new_page()
    page.goto(names_server + "/search?q=documents")
    page.click("details.cite summary")
    page.click("details.cite button.copy")
    page.wait_for_selector("details.cite button.copy:text-is('Copied')")  # the page's CSP forbids eval
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Priya Nair: “I asked Helena Marsh for the documents twice” (quoted in")
    assert copied.endswith("/statements/" + copied.rsplit("/", 1)[1]) and names_server in copied
    page.screenshot(path=str(SHOTS / "citation-list-desktop.png"), full_page=True)
    page.click("a.qtext")
    page.wait_for_selector("#citation-text")
    page.click("button[data-copy='citation-csl']")
    page.wait_for_selector("button[data-copy='citation-csl']:text-is('Copied')")
    import json

    (item,) = json.loads(page.evaluate("navigator.clipboard.readText()"))
    assert item["type"] == "article-newspaper" and item["custom"]["speaker"] == "Priya Nair"
    assert item["custom"]["permalink"] == page.url
    page.screenshot(path=str(SHOTS / "citation-statement-desktop.png"), full_page=True)
    context.close()


def test_the_csv_download(browser: object, names_server: str) -> None:
    import csv
    import io

    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(names_server + "/search?q=Helena+Marsh")
    with page.expect_download() as info:
        page.click("#as-csv")
    download = info.value
    assert download.suggested_filename == "search.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [r["speaker"] for r in rows[:2]] == ["Helena R. Marsh"] * 2 and len(rows) == 4
    assert {r["shown_as"] for r in rows} == {"quote", "paraphrase"}
    context.close()


def test_the_act_facet(browser: object, names_server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(names_server + "/search?q=Helena+Marsh")
    facet = page.locator("h3:has-text('Act') + ul.facet")
    counts = dict(
        (li.locator("a, strong").first.inner_text(), li.locator(".count").inner_text())
        for li in facet.locator("li:has(.count)").all()
    )
    assert counts == {"speech": "4", "thought": "1"}
    page.click("h3:has-text('Act') + ul.facet a:has-text('thought')")
    page.wait_for_url("**act=thought*")
    items = page.locator("ol.quotes > li.quote")
    assert items.count() == 1
    assert "will let the inquiry drift" in items.first.inner_text()
    assert "thought" in items.first.locator(".meta").inner_text()
    page.screenshot(path=str(SHOTS / "act-facet-desktop.png"), full_page=True)
    assert page.problems == []


def test_the_login_page_lets_a_browser_in_with_the_token(browser: object, locked_server: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(locked_server + "/speakers")
    page.wait_for_url("**/login?next=*")
    page.fill("#token", "not the token")
    page.press("#token", "Enter")
    page.wait_for_selector("text=wrong token")
    page.fill("#token", TOKEN)
    page.press("#token", "Enter")
    page.wait_for_url(locked_server + "/speakers")
    assert "Ramzan Kadyrov" in page.inner_text("main")
    page.goto(locked_server + "/")  # the cookie keeps the browser in
    assert page.locator("#q").count() == 1
    cookie = next(c for c in page.context.cookies() if c["name"] == "quotegraph_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["value"] != TOKEN
    assert page.evaluate("document.cookie") == ""  # out of reach of scripts
    assert not [p for p in page.problems if "401" not in p], page.problems
