// Runs the docs page's script against a minimal document and prints what it rendered as JSON.
// Usage: node docs-page-harness.js <index.html> <unique id to open>
"use strict";
const fs = require("fs");
const html = fs.readFileSync(process.argv[2], "utf8");
const between = (start, end) => {
  const from = html.indexOf(start) + start.length;
  return html.substring(from, html.indexOf(end, from));
};

class Element {
  constructor(tag) { this.tagName = tag; this.children = []; this.attributes = {}; this.text = ""; this.listeners = {}; }
  appendChild(child) { this.children.push(child); return child; }
  setAttribute(key, value) { this.attributes[key] = String(value); }
  addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); }
  get firstChild() { return this.children[0] || null; }
  set textContent(text) { this.children = []; this.text = String(text); }
  get textContent() { return this.text + this.children.map((child) => child.textContent).join(""); }
  set className(name) { this.attributes["class"] = name; }
  get className() { return this.attributes["class"] || ""; }
  all(tag) {
    const found = this.tagName === tag ? [this] : [];
    return found.concat(...this.children.map((child) => child.all(tag)));
  }
}

const byId = {};
for (const id of ["project-name", "search", "node-list", "details"]) { byId[id] = new Element("div"); }
byId["search"].value = "";
byId["manifest-data"] = new Element("script");
byId["manifest-data"].textContent = between('<script type="application/json" id="manifest-data">', "</script>");
byId["catalog-data"] = new Element("script");
byId["catalog-data"].textContent = between('<script type="application/json" id="catalog-data">', "</script>");

const windowListeners = {};
global.window = {
  location: { hash: "#!/" + encodeURIComponent(process.argv[3]) },
  addEventListener: (type, listener) => { windowListeners[type] = listener; },
};
global.document = {
  getElementById: (id) => byId[id],
  createElement: (tag) => new Element(tag),
  createElementNS: (namespace, tag) => new Element(tag),
};

const scripts = html.split("<script>");
new Function(scripts[scripts.length - 1].split("</script>")[0])();

const details = byId["details"];
const rendered = {
  project: byId["project-name"].textContent,
  listed: byId["node-list"].all("a").map((link) => link.textContent),
  current: byId["node-list"].all("a").filter((link) => link.className === "current").map((link) => link.textContent),
  title: details.all("h1").map((h) => h.textContent)[0],
  description: details.all("p").map((p) => p.textContent),
  columns: details.all("tr").slice(1).map((row) => row.children.map((cell) => cell.textContent)),
  lineage: details.all("text").map((text) => text.textContent).sort(),
  edges: details.all("path").length,
  code: details.all("pre").map((pre) => pre.textContent),
};
byId["search"].value = "revenue";
byId["search"].listeners["input"][0]();
rendered.searched = byId["node-list"].all("a").map((link) => link.textContent);
console.log(JSON.stringify(rendered));
