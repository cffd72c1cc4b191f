// The actor network with cytoscape: node size from the number of events, node colour from
// the actor's kind, edge colour from the relation type (same classes as the legend).
"use strict";
(async function () {
  const { getJSON, setStatus } = window.tacitus;
  const box = document.getElementById("network");
  const query = box.dataset.query;
  const net = await getJSON("/api/network" + (query ? "?" + query : ""));
  if (!net.nodes.length) {
    setStatus("network-status", "No actors match.");
    return;
  }
  const safe = (s) => String(s || "other").replace(/[^a-z0-9_]/g, "");
  const elements = [
    ...net.nodes.map((n) => ({
      data: { id: n.key, label: n.name, size: 18 + 10 * Math.sqrt(n.event_count || 0) },
      classes: "k-" + safe(n.kind),
    })),
    ...net.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, label: e.type, width: 1 + Math.min(e.count, 6) },
      classes: "r-" + safe(e.type),
    })),
  ];
  // colours come from the stylesheet's custom properties, so the legend and graph agree
  const css = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const kinds = ["armed_group", "person", "state_force", "government", "organisation", "descriptor"];
  const relations = [...new Set(net.edges.map((e) => safe(e.type)))];
  const style = [
    { selector: "node", style: {
      label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 10,
      "background-color": colour("--kind-other", "#888"), "text-valign": "bottom", "text-margin-y": 3,
      color: "#222", "text-wrap": "ellipsis", "text-max-width": 120 } },
    { selector: "edge", style: {
      width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
      "line-color": colour("--rel-other", "#bbb"), "target-arrow-color": colour("--rel-other", "#bbb"), opacity: 0.8 } },
    { selector: "edge.r-same_event", style: { "line-style": "dashed", "target-arrow-shape": "none" } },
    ...kinds.map((k) => ({ selector: "node.k-" + k, style: { "background-color": colour("--kind-" + k, "#888") } })),
    ...relations.map((r) => ({ selector: "edge.r-" + r, style: {
      "line-color": colour("--rel-" + r, "#bbb"), "target-arrow-color": colour("--rel-" + r, "#bbb") } })),
  ];
  const cy = cytoscape({ container: box, elements, style, layout: { name: "cose", animate: false, randomize: false },
                         wheelSensitivity: 0.3 });
  cy.on("tap", "node", (evt) => { window.location.href = "/actors/" + encodeURIComponent(evt.target.id()); });
  setStatus("network-status", "");
  box.dataset.ready = "true";
})().catch((err) => window.tacitus.setStatus("network-status", "The network failed: " + err.message));
