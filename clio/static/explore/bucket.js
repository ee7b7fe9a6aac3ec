// The events of one timeline bar, listed under the chart a page at a time, to the last;
// each one re-centres the explorer.

import { gql } from "./api.js";
import { nodeLink } from "./card.js";
import { edtfYear } from "./timeline.js";

// A page a person can read at a glance; "Show more" brings the next, until the bar's count.
export const SHOWN = 20;
const EVENTS = `query BucketEvents($filter: EventFilter!, $limit: Int!, $offset: Int!) {
  events(filter: $filter, limit: $limit, offset: $offset) { id title date { display } }
}`;

/** A page of the events of `bucket` among those `filter` keeps, oldest first. */
export async function fetchBucketEvents(filter, bucket, offset = 0) {
  const within = { ...(filter || {}), start: edtfYear(bucket.start), end: edtfYear(bucket.end) };
  const { events } = await gql(EVENTS, { filter: within, limit: SHOWN, offset });
  return events.map((e) => ({ id: e.id, title: e.title, display: e.date.display }));
}

function item(event, onOpen) {
  const li = document.createElement("li");
  const when = Object.assign(document.createElement("span"), { className: "date", textContent: event.display });
  li.append(when, nodeLink(event.id, event.title, onOpen));
  return li;
}

/**
 * Fill `container` with the first `events` of `bucket` (of `total`); while more exist, a
 * button asks `fetchMore(offset)` for the next page, until all `total` are listed.
 */
export function renderBucketEvents(container, bucket, events, onOpen, total = events.length, fetchMore = null) {
  const heading = document.createElement("h3");
  const list = document.createElement("ul");
  const more = Object.assign(document.createElement("button"), { type: "button", className: "more" });
  const add = (page) => {
    list.append(...page.map((event) => item(event, onOpen)));
    const shown = list.children.length;
    heading.textContent = shown < total
      ? `${bucket.label}: ${shown} of ${total} events`
      : `${bucket.label}: ${total} event${total === 1 ? "" : "s"}`;
    more.hidden = !fetchMore || shown >= total || page.length === 0;
    more.textContent = `Show the next ${Math.min(SHOWN, total - shown)}`;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const first = list.children.length;
      add(await fetchMore(first));
      const link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    } catch (error) {
      renderBucketNote(container, error.message, { error: true });
    } finally {
      more.disabled = false;
    }
  });
  add(events.slice(0, fetchMore ? SHOWN : events.length));
  container.replaceChildren(heading, list, more);
}

/** Say that the bar's events are on their way, or that they could not be fetched. */
export function renderBucketNote(container, text, { error = false } = {}) {
  container.replaceChildren(Object.assign(document.createElement("p"), { className: error ? "error" : "loading", textContent: text }));
}
