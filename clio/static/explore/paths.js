// Paths between two nodes: the drawing's elements and positions, the list of sentences,
// and the events the paths pass through, for their timeline.

import { gql } from "./api.js";
import { monthDay, yearsApart } from "./dates.js";

/**
 * Cytoscape elements for `paths`; the links of the first (shortest) carry the class "path".
 * `dated` maps event ids to their dates, so event labels carry their years.
 */
export function pathElements(paths, dated = new Map()) {
  const nodes = new Map();
  const edges = new Map();
  paths.forEach((path, p) => {
    path.hops.forEach((hop, i) => {
      const year = dated.has(hop.id) ? dated.get(hop.id).year : undefined;
      if (!nodes.has(hop.id)) nodes.set(hop.id, { data: { id: hop.id, label: hop.label, kind: hop.kind, degree: 20, year } });
      if (i === 0) return;
      const prev = path.hops[i - 1].id;
      const id = [prev, hop.id].sort().join("|");
      const label = hop.relation === "SAME_DAY" ? "same calendar day" : (hop.relation || "").toLowerCase().replace(/_/g, " ");
      const existing = edges.get(id);
      if (!existing) edges.set(id, { data: { id, source: prev, target: hop.id, relation: hop.relation, label }, classes: p === 0 ? "path" : "" });
      else if (p === 0) existing.classes = "path";
    });
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The shortest path on one line from left to right, each other path on a line below it. */
export function pathPositions(paths) {
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

/**
 * A path's sentence, with each "same day as" said in full: the server's sentence says the
 * two events share a day, and a reader must not think they happened on one day, so the
 * calendar day and the years between them are named.
 */
export function pathSentence(path, dated = new Map()) {
  let sentence = path.sentence;
  path.hops.forEach((hop, i) => {
    if (hop.relation !== "SAME_DAY" || i === 0) return;
    const a = dated.get(path.hops[i - 1].id);
    const b = dated.get(hop.id);
    if (!a || !b) return;
    const apart = yearsApart(a.year, b.year);
    const years = apart === 0 ? "in the same year" : `${apart} year${apart === 1 ? "" : "s"} apart`;
    sentence = sentence.replace(`same day as ${hop.label}`,
      `on the same calendar day (${monthDay(a.display)}), ${years}, as ${hop.label}`);
  });
  return sentence;
}

/** The paths as an ordered list of sentences; clicking one centres on its middle. */
export function pathList(paths, onOpen, dated = new Map()) {
  const list = document.createElement("ol");
  list.className = "path-list";
  for (const path of paths) {
    const li = document.createElement("li");
    const steps = document.createElement("p");
    steps.className = "sentence";
    steps.textContent = pathSentence(path, dated);
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = `${path.length} link${path.length === 1 ? "" : "s"}`;
    li.append(steps, meta);
    // A button for the keyboard as well as the mouse: Enter or Space centres on the middle.
    const middle = () => onOpen(path.hops[Math.floor(path.hops.length / 2)].id);
    // (The sentence is the button: the list item keeps its role, so the list stays a list.)
    steps.tabIndex = 0;
    steps.setAttribute("role", "button");
    li.addEventListener("click", middle);
    steps.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        middle();
      }
    });
    li.title = "Click, or press Enter, to centre on the middle of this path";
    list.append(li);
  }
  return list;
}

/**
 * The events the paths pass through, each once, with its year, oldest first
 * (within a year by EDTF, which orders days of one year, then by title: a stable order).
 * One request: an aliased `node` per event, since a filter cannot select by id.
 */
export async function pathEvents(paths) {
  const ids = [...new Set(paths.flatMap((path) => path.hops).filter((hop) => String(hop.kind).toUpperCase() === "EVENT").map((hop) => hop.id))];
  if (!ids.length) return [];
  const vars = ids.map((_, i) => `$e${i}: ID!`).join(", ");
  const fields = ids.map((_, i) => `e${i}: node(id: $e${i}) { ...Dated }`).join("\n");
  const query = `query PathEvents(${vars}) {\n${fields}\n}\nfragment Dated on Event { id title date { year display edtf } }`;
  const data = await gql(query, Object.fromEntries(ids.map((id, i) => [`e${i}`, id])));
  return Object.values(data).filter(Boolean)
    .map((e) => ({ id: e.id, title: e.title, year: e.date.year, display: e.date.display, edtf: e.date.edtf }))
    .sort((a, b) => a.year - b.year || a.edtf.localeCompare(b.edtf) || a.title.localeCompare(b.title));
}
