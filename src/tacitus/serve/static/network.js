// The actor network with cytoscape, from /api/network/view: node colour from the actor's
// kind, node size from its degree among the actors shown, edge colour from the relation type
// (same classes as the legend). Descriptors ("gunmen", "suspected") and place names taken for
// people are marked by the server and left out unless asked for; the kind, category and link
// boxes filter what is drawn, and actors left with no link are dropped with them.
"use strict";
(async function () {
  const { getJSON, setStatus } = window.tacitus;
  const box = document.getElementById("network");
  const query = box.dataset.query;
  const net = await getJSON(box.dataset.source + (query ? "?" + query : ""));
  if (!net.nodes.length) {
    setStatus("network-status", "No actors match.");
    return;
  }
  const safe = (s) => String(s || "other").replace(/[^a-z0-9_]/g, "");
  const css = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const kinds = ["armed_group", "person", "state_force", "government", "organisation", "descriptor"];
  const relations = [...new Set(net.edges.map((e) => safe(e.type)))];
  const style = [
    { selector: "node", style: {
      label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 11,
      "background-color": colour("--kind-other", "#888"), "text-valign": "bottom", "text-margin-y": 3,
      color: "#222", "text-wrap": "ellipsis", "text-max-width": 140, "text-background-color": "#fff",
      "text-background-opacity": 0.7, "text-background-padding": 1 } },
    { selector: "edge", style: {
      width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
      "line-color": colour("--rel-other", "#bbb"), "target-arrow-color": colour("--rel-other", "#bbb"), opacity: 0.8 } },
    { selector: "edge.r-same_event", style: { "line-style": "dashed", "target-arrow-shape": "none", opacity: 0.5 } },
    ...kinds.map((k) => ({ selector: "node.k-" + k, style: { "background-color": colour("--kind-" + k, "#888") } })),
    ...relations.map((r) => ({ selector: "edge.r-" + r, style: {
      "line-color": colour("--rel-" + r, "#bbb"), "target-arrow-color": colour("--rel-" + r, "#bbb") } })),
  ];
  const cy = cytoscape({ container: box, style, wheelSensitivity: 0.3 });
  cy.on("tap", "node", (evt) => { window.location.href = "/actors/" + encodeURIComponent(evt.target.id()); });

  const form = document.getElementById("network-filter");
  const checked = (name) => new Set([...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value));

  function draw() {
    const showKinds = checked("kind"), showHidden = checked("hidden"), showLinks = checked("links");
    const listed = new Set([...form.querySelectorAll("input[name=kind]")].map((i) => i.value));
    // a kind with no box (descriptor) is governed by the "also draw" boxes alone
    const category = form.elements.category.value;
    const keep = (n) => (!listed.has(safe(n.kind)) || showKinds.has(safe(n.kind))) && (!n.hidden || showHidden.has(n.hidden))
      && (!category || n.category === category);
    const nodes = new Map(net.nodes.filter(keep).map((n) => [n.key, n]));
    const edges = net.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)
      && showLinks.has(e.type === "same_event" ? "same_event" : "stated"));
    const degree = new Map();
    for (const e of edges) for (const k of [e.source, e.target]) degree.set(k, (degree.get(k) || 0) + 1);
    const shown = [...nodes.values()].filter((n) => degree.has(n.key));
    cy.elements().remove();
    cy.add([
      ...shown.map((n) => ({
        data: { id: n.key, label: n.name, size: 14 + 9 * Math.sqrt(degree.get(n.key)), degree: degree.get(n.key) },
        classes: "k-" + safe(n.kind),
      })),
      ...edges.map((e, i) => ({
        data: { id: "e" + i, source: e.source, target: e.target, label: e.type, width: 1 + Math.min(e.count, 6) },
        classes: "r-" + safe(e.type),
      })),
    ]);
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70 }).run();
    const left = net.nodes.length - shown.length;
    const byReason = (r) => net.nodes.filter((n) => n.hidden === r && !showHidden.has(r)).length;
    setStatus("network-summary", `${shown.length} actors and ${edges.length} links drawn; ${left} left out `
      + `(${byReason("descriptor")} descriptors, ${byReason("place")} place names, the rest by kind or with no link left).`);
    box.dataset.nodes = shown.map((n) => n.key).join(" ");
    box.dataset.ready = "true";
  }
  form.addEventListener("change", draw);
  draw();
  setStatus("network-status", "");
})().catch((err) => window.tacitus.setStatus("network-status", "The network failed: " + err.message));
