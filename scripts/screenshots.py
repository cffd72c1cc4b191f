"""Take a screenshot of each page of the workbench (docs/screenshots/*.png) with Debian's
Chromium driven by Playwright, serving the given database from this process.

    .venv/bin/python scripts/screenshots.py --db tacitus.db [--out docs/screenshots]

Needs `make demo` (the database), `make setup` (which installs the vendored assets) and
/usr/bin/chromium (`apt-get install chromium`)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from urllib.parse import urlencode
from pathlib import Path

from playwright.sync_api import sync_playwright

from tacitus.serve import ServeConfig, create_app
from tacitus.serve.testing import launch_chromium, serve_in_thread
from tacitus.store import Store, web

ROOT = Path(__file__).resolve().parent.parent
FULL_PAGE = {"event"}  # pages shown whole: the event page's figures across reports sit low


def pick(store: Store) -> dict[str, str]:
    """The event, actor and article to show: an event reported by several articles with
    differing figures if there is one, else the one with the most evidence."""
    events = store.events()

    def reports(e: dict) -> int:
        if hasattr(store, "incident_of"):  # reports resolved across articles
            incident_id = store.incident_of(e["id"])
            incident = store.incident(incident_id) if incident_id is not None else None
            return len(incident["events"]) if incident else 1
        return 1 + len(web.related_events(store.conn, e))

    event = max(events, key=lambda e: (reports(e) > 1, e["killed_min"] is not None, len(e["evidence"])))
    actors = store.actors()
    actor = next((a for a in actors if a["kind"] == "armed_group"), actors[0])
    # the map's detail: the country whose events most often share one point (a cluster to open)
    points = Counter((e["country"], e["latitude"], e["longitude"]) for e in events
                     if e["latitude"] is not None and e["place_precision"] != "country")
    crowded = points.most_common(1)[0][0][0] if points else None
    return {"event": str(event["id"]), "article": event["sources"][0], "actor": actor["key"],
            "crowded": crowded or ""}


def map_detail(page, base: str, country: str, target: Path) -> None:
    """The map of one country with its busiest cluster opened and a marker's popup."""
    page.goto(base + "/map?" + urlencode({"country": country}))
    page.wait_for_selector("#map[data-ready=true]", timeout=15000)
    clusters = page.locator("#map .event-cluster")
    for _ in range(14):  # a click zooms in; once the markers share a point it spiderfies them
        if not clusters.count():
            break
        clusters.first.click()
        page.wait_for_timeout(450)
    page.wait_for_timeout(400)
    markers = page.locator("#map .event-marker[data-event]")
    if markers.count():
        markers.first.click()
        page.locator(".leaflet-popup .popup-evidence").wait_for(timeout=15000)
        page.wait_for_timeout(500)  # the popup's fade
    page.screenshot(path=str(target))


def pages(chosen: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """(file name, path, selector to wait for)."""
    return [
        ("events", "/events", "table.events"),
        ("map", "/map", "#map[data-ready=true]"),
        ("timeline", "/timeline", "#timeline[data-ready=true]"),
        ("network", "/network", "#network[data-ready=true]"),
        ("event", f"/events/{chosen['event']}", "section.evidence"),
        ("article", f"/articles/{chosen['article']}", "mark.hl"),
        ("actor", f"/actors/{chosen['actor']}", "table.events"),
        ("upload", "/upload", "form#upload"),
        ("api-docs", "/api/docs", ".swagger-ui .info"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "tacitus.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db}: no such database (run `make demo` first)")
    with Store(args.db) as store:
        chosen = pick(store)
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_app(ServeConfig(db=args.db, token="screenshots"))
    with serve_in_thread(app) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for name, path, selector in pages(chosen):
            page.goto(base + path)
            if selector:
                page.wait_for_selector(selector, timeout=15000)
            page.wait_for_timeout(300)
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target), full_page=name in FULL_PAGE)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        if chosen["crowded"]:
            target = args.out / "map-detail.png"
            map_detail(page, base, chosen["crowded"], target)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
