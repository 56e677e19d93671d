// Shared by the desk's pages: API calls (with the key, if the desk has one) and small DOM helpers.
"use strict";
const Desk = {
  key() {
    const fromUrl = new URLSearchParams(location.search).get("key");
    if (fromUrl) { localStorage.setItem("deskKey", fromUrl); document.cookie = "desk_key=" + encodeURIComponent(fromUrl) + "; path=/; SameSite=Strict"; }
    return localStorage.getItem("deskKey") || "";
  },
  async api(path, options = {}) {
    const headers = Object.assign({ "X-API-Key": Desk.key() }, options.body ? { "Content-Type": "application/json" } : {});
    const response = await fetch(path, Object.assign({}, options, { headers }));
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error((data && (data.detail && data.detail.toString())) || response.statusText);
    return data;
  },
  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v; else if (k === "style") node.style.cssText = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c.nodeType ? c : document.createTextNode(String(c)));
    return node;
  },
  colour(i) { return `hsl(${Math.round((i * 137.508) % 360)} 70% 45%)`; },
  show(value) {
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return null;
    if (Array.isArray(value)) return value.join("\n");
    if (typeof value === "boolean") return value ? "yes" : "no";
    return String(value);
  },
};
