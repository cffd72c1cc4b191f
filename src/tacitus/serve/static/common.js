// Small helpers shared by the page scripts. Untrusted text only ever goes in through
// textContent (el), never innerHTML.
"use strict";

const DAY_MS = 86400000;

window.tacitus = {
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  async getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  },

  // the page's data URL with its filters: data-source (the layer) + data-query (the form's)
  sourceURL(box) {
    const query = box.dataset.query;
    return box.dataset.source + (query ? "?" + query : "");
  },

  typeClass(type) {
    return "t-" + String(type || "unknown").replace(/[^a-z0-9_]/g, "");
  },

  // the colour class of an event under a scheme: "gtd" (t-*) or "acled" (a-*)
  colourClass(p, scheme) {
    if (scheme === "acled") return "a-" + String(p.acled || "none").replace(/[^a-z0-9_]/g, "");
    return window.tacitus.typeClass(p.type);
  },

  // the legend's wording of a colour class ("t-bombing": "Bombing/Explosion"), from the
  // taxonomy's labels the page lists; null when the page has no such swatch
  legendLabel(cls) {
    const swatch = document.querySelector(`.legend-colours .swatch.${CSS.escape(cls)}`);
    return swatch ? swatch.parentElement.textContent.trim() : null;
  },

  setStatus(id, text) {
    const node = document.getElementById(id);
    if (!node) return;
    node.textContent = text;
    node.hidden = !text;
  },

  // "12", "12+", "≤19", "12–19" from a [min, max] figure; null when there is none
  figure(range) {
    if (!range) return null;
    const [min, max] = range;
    if (min == null && max == null) return null;
    if (min === max) return String(min);
    if (max == null) return min + "+";
    if (min == null) return "≤" + max;
    return min + "–" + max;
  },

  // the conservative number of a [min, max] figure (the lower bound, as coders code it)
  low(range) {
    if (!range) return 0;
    return range[0] ?? range[1] ?? 0;
  },

  // --- dates as day numbers (days since 1970-01-01, UTC) ---------------------------------

  dayOf(iso) {
    return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
  },

  isoDay(n) {
    return new Date(n * DAY_MS).toISOString().slice(0, 10);
  },

  // [first day, last day] a partial date covers: "2024" the year, "2024-03" the month
  period(text) {
    const y = +text.slice(0, 4);
    if (text.length >= 10) { const d = window.tacitus.dayOf(text); return [d, d]; }
    if (text.length >= 7) {
      const m = +text.slice(5, 7);
      return [Math.floor(Date.UTC(y, m - 1, 1) / DAY_MS), Math.floor(Date.UTC(y, m, 1) / DAY_MS) - 1];
    }
    return [Math.floor(Date.UTC(y, 0, 1) / DAY_MS), Math.floor(Date.UTC(y + 1, 0, 1) / DAY_MS) - 1];
  },

  // the days an event's date covers, or null when undated
  span(p) {
    if (!p.date) return null;
    const start = window.tacitus.period(p.date)[0];
    const end = window.tacitus.period(p.date_end || p.date)[1];
    return [start, Math.max(start, end)];
  },

  // A date-range slider (noUiSlider) over the days the features cover, and a switch for the
  // undated ones. ``onChange(test)`` gets a function telling whether a feature's date
  // overlaps the range; it runs once at start and on every move.
  timeControl(box, features, onChange) {
    const T = window.tacitus;
    const spans = features.map((f) => T.span(f.properties)).filter(Boolean);
    const undated = features.length - spans.length;
    const state = { from: null, to: null, undated: true };
    const test = (p) => {
      const s = T.span(p);
      if (!s) return state.undated;
      return state.from === null || (s[1] >= state.from && s[0] <= state.to);
    };
    const label = box.querySelector(".range-label");
    const toggle = box.querySelector("input.undated");
    if (toggle) {
      toggle.closest("label").hidden = !undated;
      toggle.nextElementSibling.textContent = `undated (${undated})`;
      toggle.addEventListener("change", () => { state.undated = toggle.checked; onChange(test); });
    }
    if (!spans.length) {
      box.querySelector(".range").hidden = true;
      onChange(test);
      return test;
    }
    const lo = Math.min(...spans.map((s) => s[0]));
    const hi = Math.max(lo + 1, ...spans.map((s) => s[1]));
    const slider = box.querySelector(".range");
    noUiSlider.create(slider, {
      start: [lo, hi], connect: true, step: 1, range: { min: lo, max: hi }, behaviour: "tap-drag",
      keyboardDefaultStep: Math.max(1, Math.round((hi - lo) / 50)),
      handleAttributes: [{ "aria-label": "from" }, { "aria-label": "to" }],
      tooltips: { to: (n) => T.isoDay(Math.round(n)) },
      ariaFormat: { to: (n) => T.isoDay(Math.round(n)), from: Number },
    });
    let pending = false;
    slider.noUiSlider.on("update", (values) => {
      [state.from, state.to] = values.map((v) => Math.round(Number(v)));
      if (label) label.textContent = `${T.isoDay(state.from)} to ${T.isoDay(state.to)}`;
      box.dataset.from = T.isoDay(state.from);
      box.dataset.to = T.isoDay(state.to);
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; onChange(test); });
    });
    return test;
  },
};
