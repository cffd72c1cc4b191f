"""The map, timeline and network in Debian's Chromium, on the hand-built database of
test_serve_pictures: coincident markers clustered and each reachable, division outlines
at zoom 8, country-level events drawn as countries, the date slider filtering what is drawn,
readable timeline bars that summaries do not swell, and a network without descriptors."""

from __future__ import annotations

import re

import pytest

from tacitus.serve import ServeConfig, create_app
from tacitus.serve.testing import browser_missing, serve_in_thread

from test_serve_pictures import MOGADISHU, build_pictures_db

pytestmark = pytest.mark.browser

if (missing := browser_missing()) is not None:
    pytest.skip(missing, allow_module_level=True)

def open_cluster(page, cluster, want: int, tries: int = 14) -> None:
    """Click a cluster as a user would until ``want`` markers show: it zooms in, and once its
    markers share a point it spiderfies them."""
    for _ in range(tries):
        if page.locator("#map .event-marker[data-event]").count() >= want:
            return
        cluster.first.click()
        page.wait_for_timeout(450)
    raise AssertionError(f"the cluster never opened into {want} markers")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_pictures_db(tmp_path_factory.mktemp("pictures-browser"))
    with serve_in_thread(create_app(ServeConfig(db=db))) as url:
        yield url


def layer(page, base_url, **params) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return page.request.get(f"{base_url}/api/map/events?{query}").json()["features"]


def test_coincident_markers_are_clustered_and_each_reachable(page, base_url):
    at_mogadishu = {f["id"] for f in layer(page, base_url)
                    if f["geometry"] and f["geometry"]["coordinates"] == [MOGADISHU[1], MOGADISHU[0]]
                    and not f["properties"]["country_level"]}
    assert len(at_mogadishu) == 3
    page.goto(f"{base_url}/map?country=Somalia")
    page.wait_for_selector("#map[data-ready=true]")
    cluster = page.locator("#map .event-cluster", has_text=re.compile(r"^\s*3\s*$"))
    assert cluster.count() == 1  # three reports at one point: one cluster, not a stack
    assert page.locator("#map .event-marker[data-event]").count() == 0
    open_cluster(page, cluster, 3)
    page.wait_for_timeout(400)  # the spiderfy animation
    reached = set()
    for i in range(page.locator("#map .event-marker[data-event]").count()):
        marker = page.locator("#map .event-marker[data-event]").nth(i)
        event = int(marker.get_attribute("data-event"))
        if event not in at_mogadishu:
            continue
        marker.click()
        popup = page.locator(".leaflet-popup", has=page.locator(f"a.popup-title[href='/events/{event}']"))
        popup.locator(".popup-evidence").wait_for()  # the evidence, fetched on opening
        assert popup.locator(".popup-evidence").inner_text().strip()
        reached.add(event)
        popup.locator(".leaflet-popup-close-button").click()
        page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
    assert reached == at_mogadishu


def test_division_outlines_at_zoom_8(page, base_url):
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("path.admin1").count() == 0  # the world view: countries only
    page.goto(f"{base_url}/map?country=Afghanistan")
    page.wait_for_selector("#map[data-ready=true]")
    # zoom in on Nangarhar's marker the way a user does, with double clicks beside it
    target = page.locator("#map .event-marker.p-province, #map .event-cluster").first
    box = target.bounding_box()
    x, y = box["x"] + box["width"] / 2 + 30, box["y"] + box["height"] / 2 + 30
    for _ in range(12):
        if int(page.locator("#map").get_attribute("data-zoom")) >= 8:
            break
        page.mouse.dblclick(x, y)
        page.wait_for_timeout(500)
    assert int(page.locator("#map").get_attribute("data-zoom")) >= 8
    page.wait_for_function("() => document.querySelectorAll('path.admin1').length > 0")
    view = page.locator("#map").bounding_box()
    inside = page.locator("path.admin1").evaluate_all(
        """(paths, v) => paths.filter(p => { const b = p.getBoundingClientRect();
             return b.right > v.x && b.left < v.x + v.width && b.bottom > v.y && b.top < v.y + v.height; }).length""",
        view)
    assert inside >= 2  # province lines cross the view where country outlines alone are blank
    labels = page.locator(".admin1-label").all_inner_texts()
    assert "Nangarhar" in labels


def test_country_level_events_are_countries_not_points(page, base_url):
    national = [f for f in layer(page, base_url) if f["properties"]["country_level"]]
    by_country: dict[str, int] = {}
    for f in national:
        by_country[f["properties"]["iso3"]] = by_country.get(f["properties"]["iso3"], 0) + 1
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready=true]")
    for iso3, n in by_country.items():
        badge = page.locator(f".country-badge[data-country={iso3}]")
        assert badge.count() == 1 and badge.inner_text().strip() == str(n), iso3
    assert page.locator("path.country.country-level").count() == len(by_country)
    drawn = {int(x) for x in page.locator("#map .event-marker[data-event]").evaluate_all(
        "ms => ms.map(m => m.dataset.event)")}
    assert not drawn & {f["id"] for f in national}  # none of them as a marker


def test_date_slider_filters_the_map(page, base_url):
    placed = [f for f in layer(page, base_url) if f["geometry"] and not f["properties"]["country_level"]]
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator("#map").get_attribute("data-markers") == str(len(placed))
    # the upper handle, moved down with the keyboard to the year 2022
    handle = page.locator("#time-control .noUi-handle-upper")
    handle.focus()
    for _ in range(200):
        if page.locator("#time-control").get_attribute("data-to") < "2023":
            break
        page.keyboard.press("PageDown")
    control = page.locator("#time-control")
    lo, hi = control.get_attribute("data-from"), control.get_attribute("data-to")
    page.wait_for_timeout(300)

    def overlaps(p):  # an undated event stays: the undated box is ticked
        if not p["date"]:
            return True
        start, end = p["date"], p["date_end"] or p["date"]
        return end[: len(hi)] >= lo[: len(end)] and start[: len(hi)] <= hi

    expected = sum(overlaps(f["properties"]) for f in placed)
    assert 0 < expected < len(placed)
    assert page.locator("#map").get_attribute("data-markers") == str(expected)
    page.locator("#time-control input.undated").uncheck()
    undated = sum(not f["properties"]["date"] for f in placed)
    assert page.locator("#map").get_attribute("data-markers") == str(expected - undated)


def test_timeline_bars_are_readable_and_summaries_apart(page, base_url):
    rows = [f["properties"] for f in layer(page, base_url)]
    page.goto(f"{base_url}/timeline?interval=day")
    page.wait_for_selector("#timeline[data-ready=true]")
    widths = page.locator("svg.timeline rect.bar").evaluate_all("rs => rs.map(r => r.getBBox().width)")
    assert widths and min(widths) >= 6  # a day over three years: the chart scrolls, bars stay wide
    day_dated = [p for p in rows if not p["aggregate"] and p["date_precision"] == "day"]
    assert page.locator("#timeline-note").get_attribute("data-on-bars") == str(len(day_dated))
    summaries = [p for p in rows if p["aggregate"]]
    assert page.locator("svg.timeline rect.span").count() == len(summaries)
    note = page.locator("#timeline-note").inner_text()
    assert f"{len(day_dated)} events" in note and f"{len(summaries)} summaries" in note
    # per year, the four 2024 summaries would fit a bar and make 2024 the tallest: they do not
    page.select_option("#interval", "year")
    per_year: dict[str, int] = {}
    for p in rows:
        if not p["aggregate"] and p["date"] and p["date"][:4] == (p["date_end"] or p["date"])[:4]:
            per_year[p["date"][:4]] = per_year.get(p["date"][:4], 0) + 1
    top = max(int(t) for t in page.locator("svg.timeline text.y").all_text_contents())
    assert top == max(per_year.values()) < per_year["2024"] + len(summaries)
    # per month, the month-dated raid joins the bars
    page.select_option("#interval", "month")
    month_dated = [p for p in rows if not p["aggregate"] and p["date_precision"] in ("day", "month")]
    assert page.locator("#timeline-note").get_attribute("data-on-bars") == str(len(month_dated))


def test_timeline_follows_the_date_slider(page, base_url):
    page.goto(f"{base_url}/timeline?interval=month")
    page.wait_for_selector("#timeline[data-ready=true]")
    before = int(page.locator("#timeline-note").get_attribute("data-on-bars"))
    page.locator("#time-control .noUi-handle-lower").focus()
    for _ in range(200):
        if page.locator("#time-control").get_attribute("data-from") > "2023":
            break
        page.keyboard.press("PageUp")
    page.wait_for_timeout(300)
    after = int(page.locator("#timeline-note").get_attribute("data-on-bars"))
    assert 0 < after < before


def test_network_leaves_out_descriptors_and_places(page, base_url):
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#network[data-ready=true]")
    drawn = set(page.locator("#network").get_attribute("data-nodes").split())
    assert "islamic-state" in drawn and "tuncer-cihan" in drawn
    assert not drawn & {"gunmen", "suspected", "kyiv"}
    page.check("input[name=hidden][value=descriptor]")
    page.wait_for_function("() => document.getElementById('network').dataset.nodes.includes('gunmen')")
    drawn = set(page.locator("#network").get_attribute("data-nodes").split())
    assert {"gunmen", "suspected"} <= drawn and "kyiv" not in drawn
    page.uncheck("input[name=kind][value=person]")
    page.wait_for_function("() => !document.getElementById('network').dataset.nodes.includes('tuncer-cihan')")
    page.select_option("select[name=category]", "Rebel group")
    page.wait_for_function("() => !document.getElementById('network').dataset.nodes.includes('police-forces')")
    drawn = set(page.locator("#network").get_attribute("data-nodes").split())
    assert drawn == {"islamic-state", "islamic-state-khorasan"}  # the affiliation, and nothing else
