// The explorer: search, a card, the neighbourhood drawn, a timeline, and paths between two nodes.
// Everything comes from /graphql; every view is a shareable URL (see url.js).

import { gql } from "./api.js";
import { fetchBucketEvents, renderBucketEvents, renderBucketNote } from "./bucket.js";
import { showCard } from "./card.js";
import { serverToday } from "./dates.js";
import { createGraph, draw, renderLegend } from "./graph.js";
import { renderHoodList } from "./hoodlist.js";
import { KINDS, kindOf } from "./kinds.js";
import { pathElements, pathEvents, pathList, pathPositions } from "./paths.js";
import { attachSuggestions } from "./suggest.js";
import { bucketsOf, edtfYear, fetchTimeline, renderTimeline } from "./timeline.js";
import { showToday } from "./today.js";
import { DEFAULT_LIMIT, MAX_LIMIT, readView, viewUrl } from "./url.js";
import { welcome } from "./welcome.js";

// Events' years come with the nodes, so every label can carry one.
const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int!, $kinds: [NodeKind!], $limit: Int!) {
  neighborhood(id: $id, depth: $depth, kinds: $kinds, limit: $limit) {
    center truncated elements
    nodes { id node { ... on Event { date { year } } } }
  }
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

const $ = (selector) => document.querySelector(selector);
const graphBox = $("#graph");
const emptyBox = $("#graph-empty");
const status = $("#graph-status");
let view = readView();
let cy = null;
// A phone opens on the list; the drawing is a button away. Not part of the URL: it is how
// this screen reads a view, not which view it is.
let shown = window.matchMedia("(max-width: 600px)").matches ? "list" : "drawing";
// After a move the person made, focus goes to the new card's heading, not back to the top.
let focusAfter = false;

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
  // A new centre or path moves focus to its card; a new depth or kind leaves it on the control.
  const moved = ("id" in next && next.id !== view.id) || ("to" in next && (next.from !== view.from || next.to !== view.to));
  view = { ...view, ...next };
  focusAfter = moved;
  const url = viewUrl(view);
  if (push && url !== window.location.pathname + window.location.search) history.pushState(null, "", url);
  render();
}

// A new centre starts with the usual number of neighbours; "show more" was about the old one.
const open = (id) => go({ id, from: null, to: null, limit: DEFAULT_LIMIT });

function syncControls() {
  $("#depth").value = String(view.depth);
  for (const box of document.querySelectorAll("#kinds input")) box.checked = view.kinds.includes(box.value);
  // Depth and kinds shape a neighbourhood; a path has neither, so say so rather than grey them out.
  const pathMode = Boolean(view.from && view.to);
  $("#hood-controls").hidden = pathMode || !view.id;
  $("#path-note").hidden = !pathMode;
  $("#show-more").hidden = true;
  $("#graph-hint").hidden = true;
  $("#timeline-section").hidden = false;
  $("#bucket-events").replaceChildren();
  const home = !view.id && !(view.from && view.to);
  $("#today").hidden = true;
  $("#view-switch").hidden = home;
  showView(home ? null : shown);
}

/** Show the drawing or the list (or, on the home view, neither). */
function showView(which) {
  $("#graph-box").hidden = which !== "drawing";
  $("#legend").hidden = which !== "drawing";
  $("#hood-list").hidden = which !== "list";
  for (const button of document.querySelectorAll("#view-switch button")) {
    button.setAttribute("aria-pressed", String(button.dataset.show === which));
  }
  // A drawing that was hidden measured nothing: measure and fit it again.
  if (which === "drawing" && cy) {
    cy.resize();
    cy.fit(undefined, 40);
  }
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

/** List a bar's events under the chart, unless a later choice has replaced it meanwhile. */
let bucketTicket = 0;
async function listBucket(bucket, fetchEvents, fetchMore = null) {
  const box = $("#bucket-events");
  const ticket = ++bucketTicket;
  renderBucketNote(box, `Listing the events of ${bucket.label}…`);
  try {
    const events = await fetchEvents(bucket);
    if (ticket === bucketTicket) renderBucketEvents(box, bucket, events, open, bucket.count, fetchMore);
  } catch (error) {
    if (ticket === bucketTicket) renderBucketNote(box, error.message, { error: true });
  }
}

async function showTimeline(node) {
  // Events dated after today are bad dates in the data (a "2500s" bar), not history.
  const [filter, title] = node ? timelineFilter(node) : [{ end: edtfYear(serverToday().year) }, "All events in the graph"];
  const box = $("#timeline");
  try {
    const buckets = await fetchTimeline(filter);
    const total = buckets.reduce((sum, b) => sum + b.count, 0);
    $("#timeline-title").textContent = `${title} — ${total} event${total === 1 ? "" : "s"} over time`;
    renderTimeline(box, buckets, node && node.__typename === "Event" ? node.date.year : null,
      (bucket) => listBucket(bucket, (b) => fetchBucketEvents(filter, b), (offset) => fetchBucketEvents(filter, bucket, offset)));
  } catch (error) {
    $("#timeline-title").textContent = "Timeline";
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: error.message }));
  }
}

async function showNeighborhood() {
  status.textContent = "Drawing…";
  const data = await gql(NEIGHBORHOOD, { id: view.id, depth: view.depth, kinds: view.kinds, limit: view.limit });
  const hood = data.neighborhood;
  if (!hood || !cy) {
    if (!hood) $("#hood-list-body").replaceChildren();
    if (!cy) return;
    cy.elements().remove();
    showEmpty(`Nothing to draw: “${view.id}” is not in the graph.`, { error: true });
    status.textContent = "";
    return;
  }
  const years = new Map(hood.nodes.filter((n) => n.node && n.node.date).map((n) => [n.id, n.node.date.year]));
  const elements = {
    nodes: hood.elements.nodes.map((n) => ({ data: { ...n.data, year: years.get(n.data.id) } })),
    edges: hood.elements.edges,
  };
  const { quiet, labelled } = draw(cy, elements, { center: hood.center, seed: viewUrl(view) });
  renderHoodList($("#hood-list-body"), elements.nodes.map((n) => n.data), elements.edges.map((e) => e.data), hood.center, open);
  const n = hood.elements.nodes.length;
  const links = hood.elements.edges.length;
  status.textContent = `${n} node${n === 1 ? "" : "s"}, ${links} link${links === 1 ? "" : "s"}` +
    (hood.truncated ? " — the best-connected shown, more exist" : "");
  const more = $("#show-more");
  more.hidden = !(hood.truncated && view.limit < MAX_LIMIT);
  more.textContent = `Show up to ${Math.min(MAX_LIMIT, view.limit * 2)}`;
  const hint = $("#graph-hint");
  hint.hidden = !quiet;
  hint.textContent = window.matchMedia("(pointer: coarse)").matches
    ? `Names shown for ${labelled} of the best-connected, where they fit; the list view names them all.`
    : `Names shown for ${labelled} of the best-connected, where they fit; hover a dot for the rest, or see the list.`;
  showEmpty(n <= 1 ? "Nothing of the chosen kinds is linked to this yet. Try more kinds or a greater depth." : null);
}

/** The timeline of the events the drawn paths pass through, not of either end alone. */
async function showPathTimeline(events) {
  if (!events.length) {
    $("#timeline-section").hidden = true;
    return;
  }
  const n = events.length;
  $("#timeline-title").textContent = `Events on these paths — ${n} event${n === 1 ? "" : "s"} over time`;
  renderTimeline($("#timeline"), bucketsOf(events), null,
    (bucket) => listBucket(bucket, async (b) => events.filter((e) => b.start <= e.year && e.year <= b.end)));
}

async function showPaths() {
  const box = $("#paths");
  box.replaceChildren(Object.assign(document.createElement("p"), { className: "loading", textContent: "Looking for paths…" }));
  const { connection } = await gql(CONNECTION, { from: view.from, to: view.to });
  if (!connection || !connection.length) {
    const text = "No path within 4 links along involvement, places and shared days.";
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "empty-note", textContent: text }));
    if (cy) cy.elements().remove();
    $("#hood-list-body").replaceChildren();
    showEmpty(text);
    status.textContent = "";
    return [];
  }
  const events = await pathEvents(connection);
  const dated = new Map(events.map((e) => [e.id, e]));
  box.replaceChildren(pathList(connection, open, dated));
  const elements = pathElements(connection, dated);
  renderHoodList($("#hood-list-body"), elements.nodes.map((n) => n.data), elements.edges.map((e) => e.data), view.from, open);
  if (!cy) return events;
  draw(cy, elements, { layout: "preset", positions: pathPositions(connection), center: view.from, seed: viewUrl(view) });
  cy.getElementById(view.to).addClass("center");
  const n = cy.nodes().length;
  status.textContent = `${connection.length} shortest path${connection.length === 1 ? "" : "s"}, ${n} nodes — the darkest line is the shortest`;
  showEmpty(null);
  return events;
}

async function fillConnectForm() {
  if (!(view.from && view.to)) return;
  const { a, b } = await gql(LABELS, { a: view.from, b: view.to });
  for (const [input, node, id] of [[$("#from"), a, view.from], [$("#to"), b, view.to]]) {
    input.value = node ? node.title || node.name : id;
    input.dataset.id = id;
  }
}

async function render() {
  setState("loading");
  banner(null);
  syncControls();
  try {
    if (view.from && view.to) {
      document.title = "Clio · How are they connected?";
      const [, events] = await Promise.all([showCard($("#card"), view.from, open), showPaths(), fillConnectForm()]);
      await showPathTimeline(events);
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
      // An unknown id has no events: a bare "Timeline" heading would only puzzle.
      if (node) await showTimeline(node);
      else $("#timeline-section").hidden = true;
    } else {
      document.title = "Clio · Explore history";
      welcome($("#card"), { open, go });
      if (cy) cy.elements().remove();
      status.textContent = "";
      showEmpty(null);
      $("#paths").replaceChildren();
      // The home view opens on what happened on this day, not on an empty drawing.
      await Promise.all([showToday($("#today"), serverToday(), open), showTimeline(null)]);
    }
    // The card and the timeline may arrive after the graph is drawn and move it on the page;
    // Cytoscape keeps the box it measured, and a click would miss the dot it aims at.
    if (cy) cy.resize();
    if (focusAfter) {
      const heading = $("#card h1");
      if (heading) heading.focus({ preventScroll: false });
    }
    focusAfter = false;
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
  $("#show-more").addEventListener("click", () => go({ limit: Math.min(MAX_LIMIT, view.limit * 2) }));
  attachSuggestions($("#search"), (hit) => {
    $("#search").value = "";
    open(hit.id);
  });
  for (const button of document.querySelectorAll("#view-switch button")) {
    button.addEventListener("click", () => {
      shown = button.dataset.show;
      showView(shown);
    });
  }
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
