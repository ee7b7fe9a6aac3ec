// The events of one timeline bar, listed under the chart; each one re-centres the explorer.

import { gql } from "./api.js";
import { nodeLink } from "./card.js";
import { edtfYear } from "./timeline.js";

// A list a person can read at a glance; the bar's title says how many there are in all.
const SHOWN = 20;
const EVENTS = `query BucketEvents($filter: EventFilter!, $limit: Int!) {
  events(filter: $filter, limit: $limit) { id title date { display } }
}`;

/** The first events of `bucket` among those `filter` keeps, oldest first. */
export async function fetchBucketEvents(filter, bucket) {
  const within = { ...(filter || {}), start: edtfYear(bucket.start), end: edtfYear(bucket.end) };
  const { events } = await gql(EVENTS, { filter: within, limit: SHOWN });
  return events.map((e) => ({ id: e.id, title: e.title, display: e.date.display }));
}

/** Fill `container` with `events` of `bucket` (of `total`, when more exist than are listed). */
export function renderBucketEvents(container, bucket, events, onOpen, total = events.length) {
  const shown = events.slice(0, SHOWN);
  const heading = document.createElement("h3");
  heading.textContent = total > shown.length
    ? `${bucket.label}: the first ${shown.length} of ${total} events`
    : `${bucket.label}: ${total} event${total === 1 ? "" : "s"}`;
  const list = document.createElement("ul");
  for (const event of shown) {
    const li = document.createElement("li");
    const when = Object.assign(document.createElement("span"), { className: "date", textContent: event.display });
    li.append(when, nodeLink(event.id, event.title, onOpen));
    list.append(li);
  }
  container.replaceChildren(heading, list);
}

/** Say that the bar's events are on their way, or that they could not be fetched. */
export function renderBucketNote(container, text, { error = false } = {}) {
  container.replaceChildren(Object.assign(document.createElement("p"), { className: error ? "error" : "loading", textContent: text }));
}
