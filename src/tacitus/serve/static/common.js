// Small helpers shared by the page scripts. Untrusted text only ever goes in through
// textContent (el), never innerHTML.
"use strict";

window.tacitus = {
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
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

  typeClass(type) {
    return "t-" + String(type || "unknown").replace(/[^a-z0-9_]/g, "");
  },

  setStatus(id, text) {
    const node = document.getElementById(id);
    if (!node) return;
    node.textContent = text;
    node.hidden = !text;
  },
};
