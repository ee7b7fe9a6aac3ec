// The explorer: search, a card, the neighbourhood drawn, a timeline, and paths between two nodes.
// Everything comes from /graphql; every view is a shareable URL (see url.js).

import { gql } from "./api.js";
import { showCard } from "./card.js";
import { createGraph, draw, renderLegend } from "./graph.js";
import { KINDS, kindOf } from "./kinds.js";
import { attachSuggestions } from "./suggest.js";
import { fetchTimeline, renderTimeline } from "./timeline.js";
import { readView, viewUrl } from "./url.js";

const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int!, $kinds: [NodeKind!]) {
  neighborhood(id: $id, depth: $depth, kinds: $kinds) { center truncated elements }
}`;
const CONNECTION = `query Connect($from: ID!, $to: ID!) {
  connection(from: $from, to: $to, maxHops: 4, first: 3) { length sentence hops { id label kind relation } }
}`;
const LABELS = `query Labels($a: ID!, $b: ID!) {
  a: node(id: $a) { ...Named } b: node(id: $b) { ...Named }
}
fragment Named on Node {
  id
  ... on Event { title } ... on Person { name } ... on Location { name }
  ... on Organization { name } ... on Tag { name } ... on Category { name }
}`;
const EXAMPLES = [
  ["person:joseph-stalin", "Joseph Stalin"],
  ["event:massive-explosion-at-beirut-port-kills-hundreds", "the Beirut port explosion"],
  ["location:mexico", "Mexico"],
];

const $ = (selector) => document.querySelector(selector);
const graphBox = $("#graph");
const emptyBox = $("#graph-empty");
const status = $("#graph-status");
let view = readView();
let cy = null;

function setState(state) {
  document.body.dataset.state = state;
}

function banner(message) {
  const box = $("#banner");
  box.textContent = message || "";
  box.hidden = !message;
}

function showEmpty(message, { error = false } = {}) {
  emptyBox.replaceChildren();
  if (message) emptyBox.append(message);
  emptyBox.className = error ? "empty error" : "empty";
  emptyBox.hidden = !message;
}

function go(next, { push = true } = {}) {
  view = { ...view, ...next };
  const url = viewUrl(view);
  if (push && url !== window.location.pathname + window.location.search) history.pushState(null, "", url);
  render();
}

const open = (id) => go({ id, from: null, to: null });

function syncControls() {
  $("#depth").value = String(view.depth);
  for (const box of document.querySelectorAll("#kinds input")) box.checked = view.kinds.includes(box.value);
  const pathMode = Boolean(view.from && view.to);
  $("#depth").disabled = pathMode;
  for (const box of document.querySelectorAll("#kinds input")) box.disabled = pathMode;
}

function timelineFilter(node) {
  const ids = (items) => items.map((item) => item.id);
  switch (node.__typename) {
    case "Person": return [{ people: [node.id] }, `Events of ${node.name}`];
    case "Location": return [{ locations: [node.id] }, `Events in ${node.name}`];
    case "Organization": return [{ organizations: [node.id] }, `Events of ${node.name}`];
    case "Tag": return [{ tags: [node.id] }, `Events tagged ${node.name}`];
    case "Category": return [{ categories: [node.id] }, `Events in ${node.name}`];
    case "Event":
      if (node.people.length) {
        return [{ people: ids(node.people) }, `Events of the people in it: ${node.people.map((p) => p.name).join(", ")}`];
      }
      if (node.locations.length) return [{ locations: ids(node.locations.slice(0, 1)) }, `Events in ${node.locations[0].name}`];
      return [{ categories: [node.category.id] }, `Events in ${node.category.name}`];
    default: return [null, "All events"];
  }
}

async function showTimeline(node) {
  const [filter, title] = node ? timelineFilter(node) : [null, "All events in the graph"];
  const box = $("#timeline");
  try {
    const buckets = await fetchTimeline(filter);
    const total = buckets.reduce((sum, b) => sum + b.count, 0);
    $("#timeline-title").textContent = `${title} — ${total} event${total === 1 ? "" : "s"} over time`;
    renderTimeline(box, buckets, node && node.__typename === "Event" ? node.date.year : null);
  } catch (error) {
    $("#timeline-title").textContent = "Timeline";
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: error.message }));
  }
}

async function showNeighborhood() {
  if (!cy) return;
  status.textContent = "Drawing…";
  const data = await gql(NEIGHBORHOOD, { id: view.id, depth: view.depth, kinds: view.kinds });
  const hood = data.neighborhood;
  if (!hood) {
    cy.elements().remove();
    showEmpty(`Nothing to draw: “${view.id}” is not in the graph.`, { error: true });
    status.textContent = "";
    return;
  }
  draw(cy, hood.elements, { center: hood.center });
  const n = hood.elements.nodes.length;
  const links = hood.elements.edges.length;
  status.textContent = `${n} node${n === 1 ? "" : "s"}, ${links} link${links === 1 ? "" : "s"}` +
    (hood.truncated ? " — the best-connected shown, more exist" : "");
  showEmpty(n <= 1 ? "Nothing of the chosen kinds is linked to this yet. Try more kinds or a greater depth." : null);
}

function pathElements(paths) {
  const nodes = new Map();
  const edges = new Map();
  paths.forEach((path, p) => {
    path.hops.forEach((hop, i) => {
      if (!nodes.has(hop.id)) nodes.set(hop.id, { data: { id: hop.id, label: hop.label, kind: hop.kind, degree: 20 } });
      if (i === 0) return;
      const prev = path.hops[i - 1].id;
      const id = [prev, hop.id].sort().join("|");
      const label = (hop.relation || "").toLowerCase().replace(/_/g, " ");
      const existing = edges.get(id);
      if (!existing) edges.set(id, { data: { id, source: prev, target: hop.id, relation: hop.relation, label }, classes: p === 0 ? "path" : "" });
      else if (p === 0) existing.classes = "path";
    });
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The shortest path on one line from left to right, each other path on a line below it. */
function pathPositions(paths) {
  const width = 720;
  const positions = {};
  paths.forEach((path, p) => {
    const last = path.hops.length - 1;
    path.hops.forEach((hop, i) => {
      if (!(hop.id in positions)) positions[hop.id] = { x: (width * i) / last, y: p * 110 };
    });
  });
  return positions;
}

function pathList(paths, onOpen) {
  const list = document.createElement("ol");
  list.className = "path-list";
  for (const path of paths) {
    const li = document.createElement("li");
    const steps = document.createElement("p");
    steps.className = "sentence";
    steps.textContent = path.sentence;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = `${path.length} link${path.length === 1 ? "" : "s"}`;
    li.append(steps, meta);
    li.addEventListener("click", () => onOpen(path.hops[Math.floor(path.hops.length / 2)].id));
    li.title = "Click to centre on the middle of this path";
    list.append(li);
  }
  return list;
}

async function showPaths() {
  const box = $("#paths");
  box.replaceChildren(Object.assign(document.createElement("p"), { className: "loading", textContent: "Looking for paths…" }));
  const { connection } = await gql(CONNECTION, { from: view.from, to: view.to });
  if (!connection || !connection.length) {
    const text = "No path within 4 links along involvement, places and shared days.";
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "empty-note", textContent: text }));
    if (cy) cy.elements().remove();
    showEmpty(text);
    status.textContent = "";
    return;
  }
  box.replaceChildren(pathList(connection, open));
  if (!cy) return;
  draw(cy, pathElements(connection), { layout: "preset", positions: pathPositions(connection), center: view.from });
  cy.getElementById(view.to).addClass("center");
  const n = cy.nodes().length;
  status.textContent = `${connection.length} shortest path${connection.length === 1 ? "" : "s"}, ${n} nodes — the darkest line is the shortest`;
  showEmpty(null);
}

async function fillConnectForm() {
  if (!(view.from && view.to)) return;
  const { a, b } = await gql(LABELS, { a: view.from, b: view.to });
  for (const [input, node, id] of [[$("#from"), a, view.from], [$("#to"), b, view.to]]) {
    input.value = node ? node.title || node.name : id;
    input.dataset.id = id;
  }
}

function welcome() {
  const card = $("#card");
  card.replaceChildren();
  const h1 = Object.assign(document.createElement("h1"), { textContent: "Explore history as a graph" });
  const p = Object.assign(document.createElement("p"), {
    textContent: "Search for an event, a person, a place or a theme. Its card appears here, its neighbourhood is drawn " +
      "on the right, and a timeline shows when its events happened. Click any dot to move there.",
  });
  const examples = document.createElement("p");
  examples.append("Try ");
  EXAMPLES.forEach(([id, label], i) => {
    const a = Object.assign(document.createElement("a"), { href: viewUrl({ id }), textContent: label });
    a.addEventListener("click", (event) => { event.preventDefault(); open(id); });
    examples.append(a, i < EXAMPLES.length - 1 ? ", " : ".");
  });
  const connect = document.createElement("p");
  const a = Object.assign(document.createElement("a"), {
    href: viewUrl({ from: "person:joseph-stalin", to: "event:massive-explosion-at-beirut-port-kills-hundreds" }),
    textContent: "How is Stalin connected to the Beirut port explosion?",
  });
  a.addEventListener("click", (event) => {
    event.preventDefault();
    go({ id: null, from: "person:joseph-stalin", to: "event:massive-explosion-at-beirut-port-kills-hundreds" });
  });
  connect.append(a);
  card.append(h1, p, examples, connect);
  if (cy) cy.elements().remove();
  status.textContent = "";
  showEmpty("Nothing chosen yet: search above, or pick an example on the left.");
  $("#paths").replaceChildren();
}

async function render() {
  setState("loading");
  banner(null);
  syncControls();
  try {
    if (view.from && view.to) {
      document.title = "Clio · How are they connected?";
      const [node] = await Promise.all([showCard($("#card"), view.from, open), showPaths(), fillConnectForm()]);
      await showTimeline(node);
    } else if (view.id) {
      $("#paths").replaceChildren();
      const [node] = await Promise.all([showCard($("#card"), view.id, open), showNeighborhood()]);
      document.title = `Clio · ${node ? node.title || node.name : "not found"}`;
      // "From" follows the centre until someone types their own choice into it.
      if (node && (!$("#from").dataset.id || $("#from").dataset.auto)) {
        $("#from").value = node.title || node.name;
        $("#from").dataset.id = node.id;
        $("#from").dataset.auto = "1";
      }
      if (node) await showTimeline(node);
      else $("#timeline").replaceChildren();
    } else {
      document.title = "Clio · Explore history";
      welcome();
      await showTimeline(null);
    }
    setState("ready");
  } catch (error) {
    banner(`Something went wrong: ${error.message}`);
    setState("error");
  }
}

function buildControls() {
  const kinds = $("#kinds");
  for (const kind of KINDS) {
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", value: kind.key });
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = kind.color;
    label.append(box, swatch, kind.label);
    kinds.append(label);
  }
  kinds.addEventListener("change", () => {
    const chosen = [...kinds.querySelectorAll("input:checked")].map((b) => b.value);
    go({ kinds: chosen.length ? chosen : [kindOf(view.id) || "EVENT"] });
  });
  $("#depth").addEventListener("change", (event) => go({ depth: parseInt(event.target.value, 10) }));
  attachSuggestions($("#search"), (hit) => {
    $("#search").value = "";
    $("#search").blur();
    open(hit.id);
  });
  $("#from").addEventListener("input", () => delete $("#from").dataset.auto);
  attachSuggestions($("#from"), () => {});
  attachSuggestions($("#to"), () => {});
  $("#connect-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const from = $("#from").dataset.id;
    const to = $("#to").dataset.id;
    if (!from || !to) {
      banner("Choose both ends from the suggestions that appear as you type.");
      return;
    }
    go({ id: null, from, to });
  });
  window.addEventListener("popstate", () => {
    view = readView();
    render();
  });
}

buildControls();
renderLegend($("#legend"));
cy = createGraph(graphBox, open);
if (!cy) banner("The graph drawing library did not load (web/node_modules missing?). Cards, search and timelines still work.");
// Tests and curious people can reach the drawing from the console.
window.clioExplorer = { get cy() { return cy; }, get view() { return view; } };
render();
