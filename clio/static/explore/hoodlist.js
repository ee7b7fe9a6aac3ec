// The list view: every drawn node as text, by kind, with what it is linked to in the drawing.
// It is the drawing's text alternative, and the view a phone opens with.

import { nodeLink } from "./card.js";
import { yearText } from "./dates.js";
import { KINDS } from "./kinds.js";

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

/**
 * Fill `container` with `nodes` ({id, label, kind, year}) and `edges` ({source, target}),
 * grouped by kind in the legend's order; the centre first, on its own line.
 */
export function renderHoodList(container, nodes, edges, center, onOpen) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = new Map(nodes.map((n) => [n.id, new Set()]));
  for (const e of edges) {
    if (e.source === e.target || !byId.has(e.source) || !byId.has(e.target)) continue;
    links.get(e.source).add(e.target);
    links.get(e.target).add(e.source);
  }
  const name = (n) => (Number.isInteger(n.year) ? `${n.label} (${yearText(n.year)})` : n.label);
  const parts = [];
  const middle = byId.get(center);
  if (middle) parts.push(el("p", { className: "center-line" }, "Centre: ", el("strong", { textContent: name(middle) })));
  for (const kind of KINDS) {
    const members = nodes.filter((n) => n.id !== center && String(n.kind).toUpperCase() === kind.key);
    if (!members.length) continue;
    const list = el("ul", { className: "hood-items" }, ...members.map((n) => {
      const others = [...links.get(n.id)].map((id) => byId.get(id)).filter((m) => m.id !== center);
      const via = !links.get(n.id).has(center) && others.length
        ? `via ${others.slice(0, 3).map(name).join(", ")}${others.length > 3 ? ` and ${others.length - 3} more` : ""}`
        : others.length ? `also linked to ${others.length} other${others.length === 1 ? "" : "s"} drawn` : "";
      return el("li", {}, nodeLink(n.id, name(n), onOpen), via ? el("span", { className: "via", textContent: ` ${via}` }) : null);
    }));
    parts.push(el("h3", { textContent: `${kind.label} (${members.length})` }), list);
  }
  if (parts.length <= 1) parts.push(el("p", { className: "empty-note", textContent: "Nothing is linked to it in the kinds chosen." }));
  container.replaceChildren(...parts);
}
