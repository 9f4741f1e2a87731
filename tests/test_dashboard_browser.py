"""The dashboard in a real browser (Debian's headless Chromium via Playwright) against a live server."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from apikit import ROOT, TOKEN, free_port, fresh_store_url

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
# A hostile article: if its text were ever parsed as HTML, these would run and set the flag.
HOSTILE = ("قالت مصادر محلية <script>window.__pwned = 1</script> إن قصفاً مدفعياً استهدف مدينة الرقة "
           "<img src=x onerror=\"window.__pwned = 2\"> يوم الجمعة وأدى إلى مقتل أربعة مدنيين.")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from rasid.api import serving

    url = fresh_store_url()
    port = free_port()
    with serving(url, TOKEN, "127.0.0.1", port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    # bypass_csp: the page must be safe by rendering text as text, not thanks to its CSP header.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar", bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=20000)
    yield page
    context.close()
    assert not errors, errors


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _api(server: str, path: str) -> Any:
    import urllib.request

    with urllib.request.urlopen(server + path) as response:
        return json.load(response)


def test_map_shows_the_corpus_events(page: Any, server: str) -> None:
    events = _api(server, "/api/events?limit=5000&include_rejected=true")["items"]
    placed = [e for e in events if e["lat"] is not None and e["lon"] is not None]
    assert placed
    assert page.locator("#map path.event-marker").count() == len(placed)
    assert page.locator("#timeline rect.day-bar").count() > 0
    assert page.locator("html").get_attribute("dir") == "rtl"
    _shot(page, "map")


def test_brushing_the_timeline_filters_the_map(page: Any) -> None:
    before = page.locator("#map path.event-marker").count()
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + 25, box["y"] + 50)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 50)
    page.mouse.up()
    after = page.locator("#map path.event-marker").count()
    assert after < before
    assert int(page.locator("#event-count").inner_text()) == after
    page.click("#clear-brush")
    assert page.locator("#map path.event-marker").count() == before


def test_english_toggle(page: Any) -> None:
    page.click("#lang-toggle")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("[data-tab='control']").inner_text() == "Control"
    page.click("#lang-toggle")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_slider_changes_a_village_colour(page: Any) -> None:
    page.click("[data-tab='control']")
    slider = page.locator("#control-slider")
    top = int(slider.get_attribute("max"))
    assert top > 0
    markers = page.locator("#control-map path.control-marker")
    assert markers.count() > 0

    def colours() -> dict[str, str]:
        return {m.get_attribute("data-place"): m.get_attribute("fill") for m in markers.all()}

    slider.evaluate("(s) => { s.value = '0'; s.dispatchEvent(new Event('input')); }")
    first = colours()
    slider.evaluate(f"(s) => {{ s.value = '{top}'; s.dispatchEvent(new Event('input')); }}")
    last = colours()
    assert any(first[place] != last[place] for place in first)
    assert page.locator("#control-evidence li").count() > 0
    _shot(page, "control")


def test_claims_board_shows_sources_side_by_side(page: Any) -> None:
    page.click("[data-tab='claims']")
    assert page.locator("#claims-board table.claims").count() > 0
    assert page.locator("#claims-board tr.claim-row").count() >= page.locator("#claims-board table.claims").count()
    _shot(page, "claims")


def test_reader_highlights_spans_with_a_why_popover(page: Any, server: str) -> None:
    event = _api(server, "/api/events?limit=1")["items"][0]
    doc = _api(server, f"/api/documents/{event['doc_key']}")
    page.click("[data-tab='reader']")
    page.locator(f"#doc-list li[data-doc='{event['doc_key']}']").click()
    page.wait_for_selector("#article mark.hl-places")
    assert page.locator("#article").inner_text().replace("\n", "") == doc["document"]["text"].replace("\n", "")
    place_texts = {m["text"] for m in doc["mentions"]["places"]}
    first = page.locator("#article mark.hl-places").first
    assert first.inner_text() in place_texts
    first.click()
    assert page.locator("#why").is_visible()
    reasons = {m["reason"] for m in doc["mentions"]["places"]}
    assert page.locator("#why .why-reason").inner_text() in reasons
    assert page.locator("#article .ev").count() > 0
    _shot(page, "reader")


def test_correction_round_trips_through_the_api(page: Any, server: str) -> None:
    event = _api(server, "/api/events?limit=1")["items"][0]
    page.fill("#token", TOKEN)
    page.locator(f"#event-list li[data-event='{event['event_key']}'] button.review-button").click()
    page.select_option("#review-field", "fatalities_best")
    page.fill("#review-value", "77")
    page.fill("#review-who", "browser-test")
    page.click("#review-save")
    page.wait_for_function("document.getElementById('review-status').textContent.length > 0")
    stored = _api(server, f"/api/events/{event['event_key']}")
    assert stored["fatalities_best"] == 77
    assert stored["revisions"][-1]["detail"]["who"] == "browser-test"
    page.click("#review-reject")
    page.wait_for_function(
        f"document.querySelector(\"#event-list li[data-event='{event['event_key']}']\").classList.contains('rejected')")
    assert _api(server, f"/api/events/{event['event_key']}")["rejected"] is True


def test_hostile_article_is_inert(page: Any, server: str) -> None:
    import urllib.request

    body = json.dumps({"id": "hostile", "text": HOSTILE, "published": "2017-06-10"}).encode()
    request = urllib.request.Request(server + "/api/documents", data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request) as response:
        key = json.load(response)["doc_key"]
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.click("[data-tab='reader']")
    page.locator(f"#doc-list li[data-doc='{key}']").click()
    page.wait_for_function("document.getElementById('article').textContent.includes('onerror')")
    assert page.locator("#article script").count() == 0
    assert page.locator("#article img").count() == 0
    assert "<script>" in page.locator("#article").inner_text()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    _shot(page, "hostile")


def test_readme_screenshot(page: Any) -> None:
    """Keep docs/dashboard.png current when asked (RASID_UPDATE_SCREENSHOT=1); otherwise only a test artifact."""
    import os

    _shot(page, "dashboard")
    if os.environ.get("RASID_UPDATE_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copy(ARTIFACTS / "dashboard.png", ROOT / "docs" / "dashboard.png")
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000


def test_empty_store_loads(browser: Any, tmp_path: Path) -> None:
    from rasid.api import serving

    port = free_port()
    with serving(f"sqlite:///{tmp_path / 'empty.db'}", None, "127.0.0.1", port):
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("body[data-ready='1']", timeout=20000)
        assert page.locator("#event-count").inner_text() == "0"
        page.click("[data-tab='control']")
        page.click("[data-tab='claims']")
        context.close()
    assert not errors, errors


def test_merged_events_toggle(page: Any, server: str) -> None:
    merged = _api(server, "/api/merged-events?limit=5000")["items"]
    placed = [m for m in merged if m["lat"] is not None and m["lon"] is not None]
    page.check("#merged-toggle")
    page.wait_for_function(f"document.querySelectorAll('#map path.event-marker').length === {len(placed)}")
    assert page.locator("#event-list li").count() == min(300, len(merged))
    page.uncheck("#merged-toggle")
    events = _api(server, "/api/events?limit=5000&include_rejected=true")["items"]
    count = sum(e["lat"] is not None and e["lon"] is not None for e in events)
    page.wait_for_function(f"document.querySelectorAll('#map path.event-marker').length === {count}")
