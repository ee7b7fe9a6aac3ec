// Drawing nodes and links with Cytoscape.js (served from web/node_modules, not a CDN).

import { yearText } from "./dates.js";
import { KINDS, kindInfo } from "./kinds.js";

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": "#999",
      label: "data(short)",
      "font-family": "Georgia, serif",
      "font-size": 11,
      color: "#2b2118",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "wrap",
      "text-max-width": 130,
      "text-background-color": "#fffdf8",
      "text-background-opacity": 0.8,
      "text-background-padding": 1,
      width: "mapData(degree, 1, 60, 14, 42)",
      height: "mapData(degree, 1, 60, 14, 42)",
      "border-width": 1,
      "border-color": "#fff",
    },
  },
  ...KINDS.map((k) => ({ selector: `node[kind = "${k.key}"]`, style: { "background-color": k.color } })),
  {
    selector: "node.center",
    // The centre's name stays on top of the labelled crowd around it.
    style: { width: 48, height: 48, "border-width": 4, "border-color": "#2b2118", "font-size": 14, "font-weight": "bold", "text-background-opacity": 0.95, "z-index": 30 },
  },
  // Crowded drawings label only their best-connected nodes, larger and on an opaque ground so they
  // read over the lines; the rest show a label on hover (or a long press on a touch screen).
  { selector: "node.loud", style: { "font-size": 13, "font-weight": "bold", "text-background-opacity": 0.95, "text-background-padding": 2, "z-index": 10 } },
  { selector: "node.quiet", style: { label: "" } },
  {
    selector: "node:active, node.hover",
    style: { "overlay-opacity": 0.15, label: "data(label)", "z-index": 20, "font-size": 13, "text-background-opacity": 1, "text-background-padding": 2 },
  },
  {
    selector: "edge",
    style: { width: 1.2, "line-color": "#c9bfb2", "curve-style": "bezier", "target-arrow-shape": "none", opacity: 0.85 },
  },
  { selector: 'edge[relation = "same_day"], edge[relation = "SAME_DAY"]', style: { "line-style": "dashed", "line-color": "#d08b6a" } },
  {
    selector: "edge[label]",
    // Only path drawings name their links; the name is the point of the drawing, so it must read.
    style: {
      label: "data(label)", "font-size": 13, "font-family": "Georgia, serif", color: "#2b2118", "text-rotation": "autorotate",
      "text-background-color": "#fffdf8", "text-background-opacity": 1, "text-background-padding": 3,
      "text-background-shape": "roundrectangle", "text-border-color": "#c9bfb2", "text-border-width": 1, "text-border-opacity": 1,
    },
  },
  { selector: "edge.path", style: { width: 3.5, "line-color": "#2b2118", color: "#2b2118" } },
  { selector: "edge.bent", style: { "curve-style": "segments", "segment-distances": 40, "segment-weights": 0.5 } },
];

const CROWDED = 24;
const LABELLED = 16;
const MAX_FIT_ZOOM = 1.4;
const SMALL = 16;

function shorten(label) {
  return label.length > 42 ? label.slice(0, 40) + "…" : label;
}

/** An event's label carries its year: "Battle of Actium (31 BC)". */
function withYear(label, year) {
  return Number.isInteger(year) ? `${label} (${yearText(year)})` : label;
}

/** A small seeded random generator (mulberry32) from a string, such as the view's URL. */
function seededRandom(text) {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Run a layout so that one URL always gives one picture: nodes start on a circle in id
 * order, and whatever randomness the force layout draws on comes from a generator seeded
 * with `seed`. (Cytoscape's cose calls Math.random; the run is synchronous with animate off.)
 */
function runSeeded(cy, options, seed) {
  const ids = cy.nodes().map((n) => n.id()).sort();
  const step = (2 * Math.PI) / Math.max(ids.length, 1);
  ids.forEach((id, i) => cy.getElementById(id).position({ x: 300 * Math.cos(i * step), y: 300 * Math.sin(i * step) }));
  const random = Math.random;
  Math.random = seededRandom(seed);
  try {
    cy.layout(options).run();
  } finally {
    Math.random = random;
  }
}

/** A Cytoscape instance in `container`; `onTap(id)` runs when a node is clicked. */
export function createGraph(container, onTap) {
  if (typeof window.cytoscape !== "function") return null;
  // On a touch screen a swipe over the drawing scrolls the page, as everywhere else. Cytoscape
  // cancels every touch move that starts on its canvas, even with panning off, so there the
  // drawing is a picture that touches pass through; the list view is what a finger moves by.
  const touch = window.matchMedia("(pointer: coarse)").matches;
  const cy = window.cytoscape({
    container, style: STYLE, minZoom: 0.2, maxZoom: 3,
    userPanningEnabled: !touch, userZoomingEnabled: !touch, boxSelectionEnabled: false,
  });
  if (touch) container.classList.add("picture");
  // Cytoscape keeps the container's place on the page from when it last measured it; the card,
  // banner and timeline move the drawing after that, and a click then lands beside its dot.
  // Measure again as each press starts (capture phase: before Cytoscape reads the position).
  for (const type of ["mousedown", "touchstart", "pointerdown"]) {
    container.addEventListener(type, () => cy.resize(), { capture: true, passive: true });
  }
  // A long press shows a node's name without moving there (a touch screen has no hover);
  // Cytoscape still sends the tap when the press ends, so that tap is the one not acted on.
  let held = null;
  cy.on("tapstart", () => { held = null; });
  cy.on("taphold", "node", (event) => {
    held = event.target.id();
    cy.nodes(".hover").removeClass("hover");
    event.target.addClass("hover");
  });
  cy.on("tap", "node", (event) => {
    if (held === event.target.id()) return;
    onTap(event.target.id());
  });
  cy.on("mouseover", "node", (event) => {
    event.target.addClass("hover");
    container.style.cursor = "pointer";
  });
  cy.on("mouseout", "node", (event) => {
    event.target.removeClass("hover");
    container.style.cursor = "";
  });
  return cy;
}

/** Replace what is drawn with `elements` (Cytoscape's {nodes, edges}) and lay it out; return how many go unlabelled. */
export function draw(cy, elements, { center = null, layout = "cose", positions = {}, seed = "" } = {}) {
  cy.elements().remove();
  const nodes = elements.nodes.map((n) => ({
    data: {
      ...n.data,
      kind: String(n.data.kind).toUpperCase(),
      name: n.data.label,
      label: withYear(n.data.label, n.data.year),
      short: withYear(shorten(n.data.label), n.data.year),
    },
    classes: n.data.id === center ? "center" : "",
  }));
  let quiet = 0;
  if (nodes.length > CROWDED) {
    const loud = new Set([...nodes].sort((a, b) => b.data.degree - a.data.degree).slice(0, LABELLED).map((n) => n.data.id));
    for (const n of nodes) {
      if (n.data.id === center) continue;
      n.classes += loud.has(n.data.id) ? " loud" : " quiet";
      if (!loud.has(n.data.id)) quiet += 1;
    }
  }
  cy.add([...nodes, ...elements.edges.map((e) => ({ data: e.data, classes: e.classes || "" }))]);
  // A few nodes read best on a ring around the centre; a crowd needs a force layout to untangle.
  if (layout === "cose" && nodes.length <= SMALL && center) layout = "concentric";
  const options =
    layout === "preset"
      ? { name: "preset", positions: (node) => positions[node.id()], padding: 60, animate: false }
      : layout === "concentric"
      ? { name: "concentric", concentric: (node) => (node.id() === center ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 70, padding: 40, animate: false }
      : { name: "cose", animate: false, padding: 30, nodeRepulsion: () => 12000, idealEdgeLength: () => 110, randomize: false, componentSpacing: 60 };
  runSeeded(cy, options, seed);
  if (layout === "preset") keepLinesClear(cy);
  cy.fit(undefined, 40);
  // A handful of nodes would otherwise be blown up to fill the whole frame.
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
  if (layout !== "preset") quiet += declutter(cy, center);
  return { quiet, labelled: cy.nodes().not(".quiet").not(".center").length };
}

/**
 * Hide the labels that would overlap a better-connected node's label (the centre's first),
 * so every name drawn can be read; a hover still shows the hidden ones. Returns how many.
 */
function declutter(cy, center) {
  const order = cy.nodes().not(".quiet").sort((a, b) =>
    (b.id() === center) - (a.id() === center) || b.data("degree") - a.data("degree") || (a.id() < b.id() ? -1 : 1));
  const kept = [];
  let hidden = 0;
  const overlaps = (p, q) => p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2;
  order.forEach((node) => {
    const box = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    if (box.w > 0 && kept.some((other) => overlaps(box, other))) {
      node.removeClass("loud").addClass("quiet");
      hidden += 1;
    } else if (box.w > 0) {
      kept.push(box);
    }
  });
  return hidden;
}

/** Does the segment from a to b pass within `r` of point p? */
function passesNear(a, b, p, r) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy || 1;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) < r;
}

/** The line an edge is drawn along, as points: its ends and any bends between them. */
export function edgeLine(edge) {
  const bends = edge.hasClass("bent") ? edge.segmentPoints() || [] : [];
  return [edge.source().position(), ...bends, edge.target().position()];
}

/** The nodes other than its own ends that a drawn edge passes over. */
export function nodesCrossed(cy, edge) {
  const line = edgeLine(edge);
  return cy.nodes().filter((node) => {
    if (node.same(edge.source()) || node.same(edge.target())) return false;
    const r = node.width() / 2 + 6;
    return line.slice(1).some((b, i) => passesNear(line[i], b, node.position(), r));
  });
}

/**
 * Bend each link that would pass over a node it does not join, so a line never suggests a
 * link that is not there (a path drawing lines its nodes up in rows, and a later path's
 * link may cross an earlier row). The bend is the nearest that clears every node.
 */
function keepLinesClear(cy) {
  cy.edges().forEach((edge) => {
    if (nodesCrossed(cy, edge).empty()) return;
    edge.addClass("bent");
    for (const distance of [40, -40, 80, -80, 120, -120, 170, -170, 230, -230]) {
      edge.style({ "segment-distances": distance, "segment-weights": 0.5 });
      if (nodesCrossed(cy, edge).empty()) return;
    }
  });
}

/** The legend: one swatch per kind, so colours can be read. */
export function renderLegend(container) {
  container.replaceChildren(
    ...KINDS.map((k) => {
      const item = document.createElement("span");
      item.className = "item";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = kindInfo(k.key).color;
      item.append(swatch, k.label);
      return item;
    }),
    Object.assign(document.createElement("span"), { className: "item note", textContent: "Bigger dot: more links · dashed: same calendar day · hover a dot for its name, click to centre on it" }),
  );
}
