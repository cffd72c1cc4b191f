// The timeline, drawn from the same lean layer as the map (the box's data-source): stacked
// bars per day, week, month or year, split by event type in the taxonomy's colours, counting
// events or the people killed. What the bars count, and what they leave out, is said in the
// note below the chart, computed from the same rows:
//   - summaries of several attacks (aggregates) never stand in a bar: they have their own
//     row, as the span of days they cover;
//   - an event dated more loosely than the interval (a month on a weekly chart, a range) or
//     not dated at all is counted apart, never spread over days.
"use strict";
(async function () {
  const T = window.tacitus;
  const { el, svg } = T;
  const MIN_BAR = 8;  // px: a bar narrower than this is no longer readable, the chart scrolls instead
  const HEIGHT = 240, PAD = { left: 44, right: 12, top: 14, bottom: 26 }, LANE = 16;
  const box = document.getElementById("timeline");
  const controls = { interval: document.getElementById("interval"), measure: document.getElementById("measure"),
                     summaries: document.getElementById("show-summaries"), colour: document.getElementById("colour-by") };
  const data = await T.getJSON(T.sourceURL(box));
  const rows = data.features.map((f) => f.properties);
  let test = () => true;

  // buckets: [start day, end day] of the unit holding a day
  const UNITS = {
    day: (d) => [d, d],
    week: (d) => { const s = d - ((new Date(d * 86400000).getUTCDay() + 6) % 7); return [s, s + 6]; },
    month: (d) => T.period(T.isoDay(d).slice(0, 7)),
    year: (d) => T.period(T.isoDay(d).slice(0, 4)),
  };
  function autoInterval(days) {
    return days <= 62 ? "day" : days <= 2 * 366 ? "week" : days <= 15 * 366 ? "month" : "year";
  }
  const measure = (p) => (controls.measure.value === "killed" ? T.low(p.killed) : 1);
  const colourOf = (p) => T.colourClass(p, controls.colour.value);
  const typeName = (p) => T.legendLabel(colourOf(p)) || (controls.colour.value === "acled" ? "no ACLED type" : "no GTD type");

  function draw() {
    const shown = rows.filter((p) => test(p));
    const spans = shown.map((p) => T.span(p)).filter(Boolean);
    if (!spans.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No dated event matches."));
      box.dataset.bars = "0";
      box.dataset.ready = "true";
      return;
    }
    const range = document.getElementById("time-control").dataset;
    const lo = range.from ? T.dayOf(range.from) : Math.min(...spans.map((s) => s[0]));
    const hi = range.to ? T.dayOf(range.to) : Math.max(...spans.map((s) => s[1]));
    const interval = controls.interval.value === "auto" ? autoInterval(hi - lo + 1) : controls.interval.value;
    const unit = UNITS[interval];
    const single = shown.filter((p) => !p.aggregate);
    const summaries = shown.filter((p) => p.aggregate && p.date);
    const undated = shown.filter((p) => !p.date);
    const loose = [], placed = new Map();  // bucket start -> {start, end, total, parts: Map(class -> {n, label})}
    for (const p of single) {
      if (!p.date) continue;
      const [s, e] = T.span(p);
      // a bar holds an event whose whole date lies in its unit: a day always, a month on a
      // monthly or yearly chart, a range within one unit
      if (unit(s)[0] !== unit(e)[0]) { loose.push(p); continue; }
      const [bs, be] = unit(s);
      if (!placed.has(bs)) placed.set(bs, { start: bs, end: be, total: 0, killed: 0, events: 0, parts: new Map() });
      const b = placed.get(bs);
      const cls = colourOf(p);
      if (!b.parts.has(cls)) b.parts.set(cls, { n: 0, label: typeName(p) });
      b.parts.get(cls).n += measure(p);
      b.total += measure(p);
      b.killed += T.low(p.killed);
      b.events += 1;
    }
    const buckets = [...placed.values()].sort((a, b) => a.start - b.start);
    const first = Math.min(lo, ...buckets.map((b) => b.start)), last = Math.max(hi, ...buckets.map((b) => b.end));
    const nUnits = Math.max(1, new Set(rangeDays(first, last).map((d) => unit(d)[0])).size);
    const inner = Math.max(box.clientWidth - PAD.left - PAD.right, nUnits * MIN_BAR);
    const perDay = inner / (last - first + 1);
    const lanes = controls.summaries.checked ? summaries.length : 0;
    const height = HEIGHT + (lanes ? 18 + lanes * LANE : 0);
    const barH = HEIGHT - PAD.top - PAD.bottom;
    const top = Math.max(1, ...buckets.map((b) => b.total));
    const x = (d) => PAD.left + (d - first) * perDay;
    const chart = svg("svg", { class: "timeline", width: inner + PAD.left + PAD.right, height, role: "img",
      "aria-label": `${controls.measure.value === "killed" ? "killed" : "events"} per ${interval}, ${T.isoDay(first)} to ${T.isoDay(last)}` });
    // y axis: every whole number up to 5, else 0, the middle and the top
    for (const v of top <= 5 ? [...Array(top + 1).keys()] : [0, Math.round(top / 2), top]) {
      const y = PAD.top + barH - (barH * v) / top;
      chart.append(svg("line", { class: "grid", x1: PAD.left, x2: PAD.left + inner, y1: y, y2: y }),
        svg("text", { class: "label y", x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, String(v)));
    }
    for (const t of ticks(first, last)) {
      chart.append(svg("line", { class: "tick", x1: x(t.day), x2: x(t.day), y1: PAD.top, y2: PAD.top + barH + 4 }),
        svg("text", { class: "label", x: x(t.day) + 3, y: PAD.top + barH + 17 }, t.label));
    }
    for (const b of buckets) {
      const w = Math.max(MIN_BAR - 2, (b.end - b.start + 1) * perDay - 2);
      const link = svg("a", { href: "/events?" + params({ since: T.isoDay(b.start), until: T.isoDay(b.end) }), class: "bucket" });
      let y = PAD.top + barH;
      for (const [cls, part] of [...b.parts].sort((a, c) => c[1].n - a[1].n)) {
        if (!part.n) continue;
        const h = (barH * part.n) / top;
        y -= h;
        link.append(svg("rect", { class: "bar " + cls, x: x(b.start) + 1, y, width: w, height: h },
          svg("title", {}, `${when(b)}: ${part.label} ${part.n}`)));
      }
      link.append(svg("title", {}, `${when(b)}: ${b.events} event${b.events === 1 ? "" : "s"}, ${b.killed} killed`));
      chart.append(link);
    }
    chart.append(svg("line", { class: "axis", x1: PAD.left, x2: PAD.left + inner, y1: PAD.top + barH, y2: PAD.top + barH }));
    if (lanes) {
      const y0 = HEIGHT + 4;
      chart.append(svg("text", { class: "label lane-title", x: PAD.left, y: y0 + 6 },
        "Summaries of several attacks (each over the days it covers; not in the bars)"));
      summaries.forEach((p, i) => {
        const [s, e] = T.span(p);
        const y = y0 + 12 + i * LANE;
        const link = svg("a", { href: "/events/" + encodeURIComponent(p.id), class: "summary" },
          svg("rect", { class: "span " + colourOf(p), x: x(Math.max(s, first)), y, height: LANE - 4,
                        width: Math.max(MIN_BAR, (Math.min(e, last) - Math.max(s, first) + 1) * perDay) },
            svg("title", {}, `${p.label}: ${p.date}${p.date_end ? " – " + p.date_end : ""}, ${typeName(p)}`)),
          labelAt(x(Math.max(s, first)), x(Math.min(e, last) + 1), y + LANE - 7, inner, p.label));
        chart.append(link);
      });
    }
    box.replaceChildren(chart);
    box.dataset.interval = interval;
    box.dataset.bars = String(buckets.length);
    note(interval, buckets, { single, summaries, undated, loose, outside: rows.length - shown.length });
    table(interval, buckets);
    box.dataset.ready = "true";
  }

  function note(interval, buckets, n) {
    const onBars = buckets.reduce((s, b) => s + b.events, 0);
    const killed = buckets.reduce((s, b) => s + b.killed, 0);
    const parts = [
      `The bars count ${onBars} event${onBars === 1 ? "" : "s"} (${killed} killed, lower figures) per ${interval}` +
        `, by ${controls.colour.value === "acled" ? "ACLED event type" : "GTD attack type"}` +
        (controls.measure.value === "killed" ? "; bar height is the number killed." : "; bar height is the number of events."),
    ];
    const apart = [];
    if (n.summaries.length) apart.push(`${n.summaries.length} summar${n.summaries.length === 1 ? "y" : "ies"} of several attacks` +
      (controls.summaries.checked ? " (in their own row below the bars)" : " (hidden)"));
    if (n.loose.length) apart.push(`${n.loose.length} dated more loosely than a ${interval} (a month, a year or a range)`);
    if (n.undated.length) apart.push(`${n.undated.length} undated`);
    if (n.outside) apart.push(`${n.outside} outside the date range or hidden as undated`);
    if (apart.length) parts.push("Not in the bars: " + apart.join("; ") + ".");
    const out = document.getElementById("timeline-note");
    out.textContent = parts.join(" ");
    out.dataset.onBars = String(onBars);
  }

  function table(interval, buckets) {
    const body = document.querySelector("#timeline-table tbody");
    document.querySelector("#timeline-table th.interval").textContent = interval;
    body.replaceChildren(...buckets.map((b) => el("tr", {},
      el("td", {}, el("a", { href: "/events?" + params({ since: T.isoDay(b.start), until: T.isoDay(b.end) }) }, when(b))),
      el("td", { class: "n" }, String(b.events)), el("td", { class: "n" }, String(b.killed)),
      el("td", {}, ...[...b.parts].flatMap(([cls, part], i) => [i ? ", " : "", el("span", { class: "swatch " + cls }),
        `${part.label} ${part.n}`])))));
  }

  // a summary's label: after its span, or before it near the right edge
  function labelAt(x0, x1, y, inner, text) {
    const right = x1 + 4 < PAD.left + inner * 0.8;
    return svg("text", { class: "label", x: right ? x1 + 4 : x0 - 4, y, "text-anchor": right ? "start" : "end" }, text);
  }
  function when(b) { return b.start === b.end ? T.isoDay(b.start) : `${T.isoDay(b.start)} – ${T.isoDay(b.end)}`; }
  function params(extra) {
    const p = new URLSearchParams(box.dataset.query);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  }
  function rangeDays(a, b) {  // at most ~400 sample days: enough to count the units
    const step = Math.max(1, Math.floor((b - a) / 400));
    const out = [];
    for (let d = a; d <= b; d += step) out.push(d);
    out.push(b);
    return out;
  }
  function ticks(first, last) {  // years over a long span, else months
    const years = (last - first) / 365;
    const out = [];
    const y0 = +T.isoDay(first).slice(0, 4), y1 = +T.isoDay(last).slice(0, 4);
    if (years > 2) {
      const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
      for (let y = y0 + 1; y <= y1; y += step) out.push({ day: T.period(String(y))[0], label: String(y) });
    } else {
      const step = years > 1 ? 3 : 1;
      for (let y = y0; y <= y1; y++) {
        for (let m = 1; m <= 12; m += step) {
          const d = T.period(`${y}-${String(m).padStart(2, "0")}`)[0];
          if (d >= first && d <= last) out.push({ day: d, label: new Date(d * 86400000).toLocaleString("en", { month: "short", year: "numeric", timeZone: "UTC" }) });
        }
      }
    }
    return out;
  }

  for (const c of Object.values(controls)) c?.addEventListener("change", () => {
    document.querySelectorAll(".legend-colours").forEach((ul) => { ul.hidden = ul.dataset.scheme !== controls.colour.value; });
    draw();
  });
  if (!rows.length) { T.setStatus("timeline-status", "No event matches."); return; }
  test = T.timeControl(document.getElementById("time-control"), data.features, (t) => { test = t; draw(); });
  window.addEventListener("resize", () => draw());
  T.setStatus("timeline-status", "");
})().catch((err) => window.tacitus.setStatus("timeline-status", "The timeline failed: " + err.message));
