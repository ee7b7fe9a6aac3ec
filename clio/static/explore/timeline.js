// A small bar chart of events over time, from the `timeline` field or from a known set of events.
// Each bar is a button: choosing it lists that bucket's events under the chart.

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

/** A year as EDTF text, the form EventFilter's start and end take: 1924 -> "1924", -43 -> "-0043". */
export function edtfYear(year) {
  return `${year < 0 ? "-" : ""}${String(Math.abs(year)).padStart(4, "0")}`;
}

function bucketLabel(start, size) {
  // Years are astronomical, as the API counts them: year 0 is 1 BC.
  const bc = (y) => `${1 - y} BC`;
  if (size === 1) return start <= 0 ? bc(start) : String(start);
  return start < 0 ? `${1 - start}–${bc(start + size - 1)}` : `${start}s`;
}

/**
 * Buckets for events whose years are already known (the events on drawn paths), sized as
 * the server sizes them: years for a short span, decades, or centuries for a long one.
 * @param {{year: number}[]} events
 */
export function bucketsOf(events) {
  const years = events.map((e) => e.year).filter((y) => Number.isInteger(y));
  if (!years.length) return [];
  const span = Math.max(...years) - Math.min(...years);
  const size = span < 20 ? 1 : span < 300 ? 10 : 100;
  const counts = new Map();
  for (const y of years) {
    const start = Math.floor(y / size) * size;
    counts.set(start, (counts.get(start) || 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0])
    .map(([start, count]) => ({ label: bucketLabel(start, size), start, end: start + size - 1, count }));
}

/**
 * Draw `buckets` into `container` on a true time axis, marking the bucket that holds `markYear`.
 * `onPick(bucket)`, when given, runs when a bar is clicked or chosen with Enter or Space.
 */
export function renderTimeline(container, buckets, markYear = null, onPick = null) {
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
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: onPick ? "group" : "img", "aria-label": "Events over time" });
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
    const said = `${b.label}: ${b.count} event${b.count === 1 ? "" : "s"}`;
    const rect = svg("rect", { x, y, width: bar, height: Math.max(h, 1), rx: 2, class: marked ? "bar marked" : "bar" });
    const bucket = svg("g", { class: "bucket", "data-label": b.label });
    bucket.append(svg("title", {}, onPick ? `${said} — click to list them` : said));
    if (onPick) {
      // An invisible full-height target, so a one-event bar is as easy to click as the tallest.
      bucket.append(svg("rect", { x: x0, y: pad.top, width: slot, height: height - pad.top - pad.bottom, class: "hit" }));
      bucket.setAttribute("tabindex", "0");
      bucket.setAttribute("role", "button");
      bucket.setAttribute("aria-label", `${said}; list them`);
      const pick = () => {
        for (const other of chart.querySelectorAll(".bucket.chosen")) other.classList.remove("chosen");
        bucket.classList.add("chosen");
        onPick(b);
      };
      bucket.addEventListener("click", pick);
      bucket.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          pick();
        }
      });
    }
    bucket.append(rect);
    chart.append(bucket);
    if (bar >= 14) chart.append(svg("text", { x: x + bar / 2, y: y - 3, class: "count" }, String(b.count)));
    const labelWidth = b.label.length * 6.5;
    const centre = x + bar / 2;
    if (marked || centre - labelWidth / 2 > lastLabelEnd + 6) {
      chart.append(svg("text", { x: centre, y: height - pad.bottom + 16, class: marked ? "axis marked" : "axis" }, b.label));
      lastLabelEnd = centre + labelWidth / 2;
    }
  }
  container.append(chart);
  if (onPick) {
    container.append(Object.assign(document.createElement("p"), { className: "hint-line", textContent: "Click a bar to list its events." }));
  }
}
