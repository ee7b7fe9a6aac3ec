// A small bar chart of events over time, from the `timeline` field.

import { gql } from "./api.js";

const TIMELINE = `query Timeline($filter: EventFilter, $groupBy: TimeBucket) {
  timeline(filter: $filter, groupBy: $groupBy) { label start end count }
}`;
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}

/** Buckets for a filter: decades, or years when they are few, or centuries when many. */
export async function fetchTimeline(filter) {
  let buckets = (await gql(TIMELINE, { filter, groupBy: "DECADE" })).timeline;
  if (buckets.length > 0 && buckets.length <= 2) buckets = (await gql(TIMELINE, { filter, groupBy: "YEAR" })).timeline;
  else if (buckets.length > 30) buckets = (await gql(TIMELINE, { filter, groupBy: "CENTURY" })).timeline;
  return buckets;
}

/** Draw `buckets` into `container` on a true time axis, marking the bucket that holds `markYear`. */
export function renderTimeline(container, buckets, markYear = null) {
  container.replaceChildren();
  if (!buckets.length) {
    container.append(Object.assign(document.createElement("p"), { className: "empty-note", textContent: "No dated events to chart." }));
    return;
  }
  const width = Math.max(320, container.clientWidth || 600);
  const height = 130;
  const pad = { left: 12, right: 12, top: 16, bottom: 28 };
  const max = Math.max(...buckets.map((b) => b.count));
  const first = buckets[0].start;
  const span = buckets[buckets.length - 1].end + 1 - first;
  // Bars stand where their years are, so an empty stretch of time shows as a gap.
  const xOf = (year) => pad.left + ((year - first) * (width - pad.left - pad.right)) / span;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "Events over time" });
  chart.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: "baseline" }));
  let lastLabelEnd = -Infinity;
  for (const b of buckets) {
    const h = ((height - pad.top - pad.bottom) * b.count) / max;
    const x0 = xOf(b.start);
    const slot = xOf(b.end + 1) - x0;
    const bar = Math.max(3, slot * 0.8);
    const x = x0 + (slot - bar) / 2;
    const y = height - pad.bottom - h;
    const marked = markYear !== null && b.start <= markYear && markYear <= b.end;
    const rect = svg("rect", { x, y, width: bar, height: Math.max(h, 1), rx: 2, class: marked ? "bar marked" : "bar" });
    rect.append(svg("title", {}, `${b.label}: ${b.count} event${b.count === 1 ? "" : "s"}`));
    chart.append(rect);
    if (bar >= 14) chart.append(svg("text", { x: x + bar / 2, y: y - 3, class: "count" }, String(b.count)));
    const labelWidth = b.label.length * 6.5;
    const centre = x + bar / 2;
    if (marked || centre - labelWidth / 2 > lastLabelEnd + 6) {
      chart.append(svg("text", { x: centre, y: height - pad.bottom + 16, class: marked ? "axis marked" : "axis" }, b.label));
      lastLabelEnd = centre + labelWidth / 2;
    }
  }
  container.append(chart);
}
