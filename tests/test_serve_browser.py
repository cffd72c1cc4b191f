"""The workbench in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
Playwright, against the app served on a loopback port. Load the map, filter, open an event,
follow a figure to its highlighted evidence, upload a text, and check that hostile article
text never runs. Skipped when Chromium, Playwright or the vendored assets are missing."""

from __future__ import annotations

import re
import shutil

import pytest

from tacitus.serve import ServeConfig, create_app
from tacitus.serve.testing import browser_missing, serve_in_thread

from test_serve import HOSTILE, MAIDUGURI, TOKEN, served_db  # noqa: F401  (served_db is a fixture)

pytestmark = pytest.mark.browser

if (missing := browser_missing()) is not None:
    pytest.skip(missing, allow_module_level=True)

TIMEOUT_MS = 15_000

from test_serve_pictures_browser import open_cluster  # noqa: E402  (after the skips above)


@pytest.fixture(scope="module")
def base_url(served_db, tmp_path_factory):  # noqa: F811
    db = tmp_path_factory.mktemp("browser") / "browser.db"
    shutil.copy(served_db, db)
    with serve_in_thread(create_app(ServeConfig(db=db, token=TOKEN))) as url:
        yield url


def test_map_filter_open_event_and_follow_evidence(page, base_url, tmp_path):
    # 1. the map: country outlines and every event with coordinates (the two Maiduguri
    # reports share a point, so they are one cluster)
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("path.country").count() > 150
    assert page.locator("#map").get_attribute("data-markers") == "3"
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # 2. filter by type with the form: the bombings stay
    page.select_option("select[name=type]", "bombing")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"/map\?.*type=bombing"))
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("#map").get_attribute("data-markers") == "2"

    # 3. open an event from its popup: the cluster opens, then a marker
    open_cluster(page, page.locator("#map .event-cluster"), 2)
    page.locator("#map .event-marker[data-event]").first.click()
    page.locator(".leaflet-popup a.popup-title").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    assert "Maiduguri" in page.locator("h1").inner_text()
    assert page.locator("td.differs").count() >= 1  # the other report's figures differ

    # 4. a figure is one click from its sentence: the killed figure's [1] link
    killed = re.match(r"\d+", page.locator("tr.field-killed td").inner_text()).group()
    link = page.locator("tr.field-killed a.ev").first
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(r"/articles/.+#s\d+-\d+$"))
    mark = page.locator(f"#{anchor} + mark.hl")
    mark.wait_for()
    assert mark.is_visible() and mark.evaluate("m => m.getBoundingClientRect().top >= 0")
    assert "f-killed" in mark.get_attribute("class")
    start, end = (int(x) for x in anchor[1:].split("-"))
    span_text = page.evaluate(
        """([id, n]) => { const r = document.createRange();
             r.setStartAfter(document.getElementById(id));
             r.setEndAfter(document.getElementById('article-text').lastElementChild);
             return r.toString().replace(/\\s+/g, ' ').slice(0, n); }""", [anchor, end - start])
    assert killed in span_text, (killed, span_text)
    outline = mark.evaluate("m => getComputedStyle(m).outlineStyle")
    assert outline == "solid"  # the :target rule marks it
    page.screenshot(path=str(tmp_path / "evidence.png"))


def test_events_list_filters_and_search(page, base_url):
    page.goto(f"{base_url}/events")
    assert page.locator("table.events tbody tr").count() == 2  # incidents: the Maiduguri reports are one
    page.get_by_role("link", name="One row per report").click()
    page.wait_for_url(re.compile(r"reports=1"))
    assert page.locator("table.events tbody tr").count() == 3
    page.goto(f"{base_url}/events")
    merged = page.locator("table.events tbody tr", has_text="Maiduguri")
    assert merged.locator("td").nth(1).inner_text() == "2"  # its reports
    merged.locator("a").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    page.goto(f"{base_url}/events")
    page.fill("input[name=q]", "hospital officials")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=hospital"))
    assert page.locator("table.events tbody tr").count() == 1
    assert page.locator(".hits li").count() == 1
    page.fill("input[name=q]", "")
    page.fill("input[name=actor]", "boko")
    page.fill("input[name=since]", "2021")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"actor=boko"))
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 1 and "Konduga" in rows.first.inner_text()


def test_hostile_article_is_inert(page, base_url):
    page.goto(f"{base_url}/articles")
    page.get_by_role("link", name=re.compile("Konduga")).first.click()
    page.wait_for_selector("#article-text")
    text = page.locator("#article-text").inner_text()
    assert "<script>alert('x')</script>" in text and "<img src=x onerror=alert('img')>" in text
    assert page.locator("#article-text img, #article-text script, #article-text a").count() == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("h1").inner_text() == HOSTILE["title"]


def test_timeline_and_network(page, base_url):
    page.goto(f"{base_url}/timeline?interval=day")
    page.wait_for_selector("#timeline[data-ready=true]")
    assert page.locator("#timeline").get_attribute("data-bars") == "2"
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.locator("#network canvas").count() >= 1
    n = page.evaluate("document.querySelectorAll('details.edges tbody tr').length")
    assert n >= 2


def test_upload_shows_progress_and_result(page, base_url):
    page.goto(f"{base_url}/upload")
    page.fill("textarea[name=text]", MAIDUGURI.replace("Maiduguri", "Bama"))
    page.fill("input[name=published]", "2020-04-01")
    page.fill("input[name=token]", TOKEN)
    page.click("form#upload button[type=submit]")
    # "Done in" (has-text ignores case: "1 of 1 documents done" is still running)
    page.wait_for_selector("#job-state:has-text('Done in')", timeout=60_000)
    page.wait_for_function("() => document.getElementById('job-progress').value === 100")
    assert "1 stored" in page.locator("#job-result").inner_text()
    page.locator("#job-result a", has_text="article").first.click()
    page.wait_for_selector("#article-text mark.hl")
    assert "Bama" in page.locator("h1").inner_text()


def test_upload_with_a_wrong_token_says_so(page, base_url):
    page.goto(f"{base_url}/upload")
    page.fill("textarea[name=text]", "Gunmen attack a village.")
    page.fill("input[name=token]", "wrong")
    page.expected_errors.append("status of 403")  # Chromium logs the refused request
    with page.expect_response(lambda r: r.url.endswith("/api/ingest/text")) as response:
        page.click("form#upload button[type=submit]")
    assert response.value.status == 403
    page.wait_for_selector("#job-state:has-text('wrong token')")


def test_api_docs_render_offline(page, base_url):
    page.goto(f"{base_url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=TIMEOUT_MS)
    assert page.locator(".swagger-ui .opblock").count() >= 10
