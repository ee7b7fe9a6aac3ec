// The card: what a chosen event, person, place, organisation, tag or category is.

import { gql } from "./api.js";
import { dayPath, monthDay, yearText } from "./dates.js";
import { kindInfo, kindOf } from "./kinds.js";

// How many same-day events a card lists; the day page has them all.
const SAME_DAY = 8;
// A person's events come a page at a time, oldest first, until the last.
const PAGE = 20;

const CARD = `query Card($id: ID!) {
  node(id: $id) {
    id
    __typename
    ... on Event {
      title summary whyItMatters
      date { display year month day }
      endDate { display }
      sameDateEventCount
      sameDateEvents(limit: ${SAME_DAY}) { id title date { year } }
      howLongAgo { display }
      category { id name }
      locations { id name }
      people { id name }
      organizations { id name }
      tags { id name }
      links { title url }
    }
    ... on Person {
      name description aliases born { display } died { display } eventCount links { title url }
      events(limit: ${PAGE}) { ...Dated }
    }
    ... on Location { name kind description aliases parent { id name } }
    ... on Organization { name kind description aliases }
    ... on Tag { name aliases eventCount }
    ... on Category { name description eventCount }
  }
}
fragment Dated on Event { id title date { display year } }`;
const PERSON_EVENTS = `query PersonEvents($id: ID!, $offset: Int!) {
  person(id: $id) { events(limit: ${PAGE}, offset: $offset) { id title date { display year } } }
}`;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

/** A link that re-centres the explorer on a node. */
export function nodeLink(id, text, onOpen) {
  // The address a shared view has: "?id=person:joseph-stalin", its colon kept (see url.js).
  const a = el("a", { href: `/explore?id=${encodeURIComponent(id).replace(/%3A/gi, ":")}`, className: "chip", textContent: text });
  a.style.borderColor = kindInfo(kindOf(id)).color;
  a.addEventListener("click", (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return; // let people open a new tab
    event.preventDefault();
    onOpen(id);
  });
  return a;
}

function row(label, items, onOpen) {
  if (!items || !items.length) return null;
  return el("div", { className: "row" }, el("dt", { textContent: label }),
    el("dd", {}, ...items.map((item) => nodeLink(item.id, item.name, onOpen))));
}

function links(items) {
  if (!items || !items.length) return null;
  return el("div", { className: "row" }, el("dt", { textContent: "Read more" }),
    el("dd", {}, ...items.map((l) => el("a", { href: l.url, textContent: l.title, rel: "noreferrer", target: "_blank" }))));
}

/** One dated line of a list: the year, then a link that re-centres on the event. */
function datedItem(event, onOpen, when = yearText(event.date.year)) {
  return el("li", {}, el("span", { className: "date", textContent: when }), nodeLink(event.id, event.title, onOpen));
}

/** "Also on August 4th": other events of the calendar day, and the way to the day's page. */
function sameDay(node, onOpen) {
  if (!node.date.month || !node.date.day) return null;
  const day = monthDay(node.date.display);
  const others = node.sameDateEventCount;
  const section = el("section", { className: "same-day" }, el("h2", { textContent: `Also on ${day}` }));
  if (!others) {
    section.append(el("p", { className: "empty-note", textContent: `Nothing else in the graph happened on ${day}.` }));
    return section;
  }
  section.append(
    el("ul", { className: "dated" }, ...node.sameDateEvents.map((e) => datedItem(e, onOpen))),
    el("p", { className: "more-line" }, el("a", {
      href: dayPath(node.date.month, node.date.day),
      textContent: others > node.sameDateEvents.length
        ? `All ${others + 1} events of ${day}, on its page`
        : `${day}, on its page`,
    })),
  );
  return section;
}

/** A person's events by date, a page at a time, with a button for the next until the last. */
function personEvents(node, onOpen) {
  const total = node.eventCount;
  const heading = el("h2");
  const list = el("ul", { className: "dated" });
  const more = el("button", { type: "button", className: "more" });
  const section = el("section", { className: "person-events" }, heading, list, more);
  const add = (events) => {
    list.append(...events.map((e) => datedItem(e, onOpen, e.date.display)));
    const shown = list.children.length;
    heading.textContent = total === 0 ? "No events"
      : shown < total ? `Events: ${shown} of ${total}, by date` : `Events: all ${total}, by date`;
    more.hidden = shown >= total || events.length === 0;
    more.textContent = `Show ${Math.min(PAGE, total - shown)} more`;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const { person } = await gql(PERSON_EVENTS, { id: node.id, offset: list.children.length });
      const first = list.children.length;
      add(person ? person.events : []);
      // The keyboard stays where the new items start, not on a button that may vanish.
      const link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    } finally {
      more.disabled = false;
    }
  });
  add(node.events);
  return section;
}

function body(node, onOpen) {
  switch (node.__typename) {
    case "Event": {
      const start = node.date.month && node.date.day
        ? el("a", { href: dayPath(node.date.month, node.date.day), textContent: node.date.display,
          title: `Everything that happened on ${monthDay(node.date.display)}, in any year` })
        : node.date.display;
      return [
        el("h1", { textContent: node.title, tabIndex: -1 }),
        el("p", { className: "when" }, el("strong", {}, start, node.endDate ? ` – ${node.endDate.display}` : ""),
          ` · ${node.howLongAgo.display}`),
        node.summary ? el("p", { textContent: node.summary }) : null,
        node.whyItMatters ? el("p", { className: "why", textContent: node.whyItMatters }) : null,
        el("dl", {},
          row("Category", [node.category], onOpen),
          row("Places", node.locations, onOpen),
          row("People", node.people, onOpen),
          row("Organisations", node.organizations, onOpen),
          row("Tags", node.tags, onOpen),
          links(node.links)),
        sameDay(node, onOpen),
      ];
    }
    case "Person": {
      const life = [node.born && `born ${node.born.display}`, node.died && `died ${node.died.display}`].filter(Boolean);
      return [
        el("h1", { textContent: node.name, tabIndex: -1 }),
        el("p", { className: "when", textContent: life.join(" · ") || "Dates of birth and death unknown" }),
        node.description ? el("p", { textContent: node.description }) : null,
        el("dl", {},
          node.aliases.length ? el("div", { className: "row" }, el("dt", { textContent: "Also known as" }),
            el("dd", { textContent: node.aliases.join(", ") })) : null,
          links(node.links)),
        personEvents(node, onOpen),
      ];
    }
    case "Location":
    case "Organization":
      return [
        el("h1", { textContent: node.name, tabIndex: -1 }),
        el("p", { className: "when", textContent: node.kind }),
        node.description ? el("p", { textContent: node.description }) : null,
        el("dl", {}, node.parent ? row("Part of", [node.parent], onOpen) : null,
          node.aliases.length ? el("div", { className: "row" }, el("dt", { textContent: "Also known as" }),
            el("dd", { textContent: node.aliases.join(", ") })) : null),
      ];
    default:
      return [
        el("h1", { textContent: node.name, tabIndex: -1 }),
        node.description ? el("p", { textContent: node.description }) : null,
        el("p", { className: "when", textContent: `${node.eventCount} events` }),
      ];
  }
}

/** Fill `section` with the card of `id`; resolve to the node (null when unknown). */
export async function showCard(section, id, onOpen) {
  section.replaceChildren(el("p", { className: "loading", textContent: "Loading…" }));
  const { node } = await gql(CARD, { id });
  if (!node) {
    section.replaceChildren(
      el("h1", { textContent: "Not in the graph" }),
      el("p", { textContent: `There is nothing with the id “${id}”. Search for it by name above.` }));
    return null;
  }
  const kind = kindInfo(kindOf(node.id));
  const badge = el("span", { className: "badge", textContent: kind.one });
  badge.style.background = kind.color;
  section.replaceChildren(badge, ...body(node, onOpen).filter(Boolean));
  return node;
}
