// The card: what a chosen event, person, place, organisation, tag or category is.

import { gql } from "./api.js";
import { kindInfo, kindOf } from "./kinds.js";

const CARD = `query Card($id: ID!) {
  node(id: $id) {
    id
    __typename
    ... on Event {
      title summary whyItMatters
      date { display year }
      endDate { display }
      howLongAgo { display }
      category { id name }
      locations { id name }
      people { id name }
      organizations { id name }
      tags { id name }
      links { title url }
    }
    ... on Person { name description aliases born { display } died { display } eventCount links { title url } }
    ... on Location { name kind description aliases parent { id name } }
    ... on Organization { name kind description aliases }
    ... on Tag { name aliases eventCount }
    ... on Category { name description eventCount }
  }
}`;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return node;
}

/** A link that re-centres the explorer on a node. */
export function nodeLink(id, text, onOpen) {
  const a = el("a", { href: `/explore?id=${encodeURIComponent(id)}`, className: "chip", textContent: text });
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

function body(node, onOpen) {
  switch (node.__typename) {
    case "Event": {
      const when = node.endDate ? `${node.date.display} – ${node.endDate.display}` : node.date.display;
      return [
        el("h1", { textContent: node.title }),
        el("p", { className: "when" }, el("strong", { textContent: when }), ` · ${node.howLongAgo.display}`),
        node.summary ? el("p", { textContent: node.summary }) : null,
        node.whyItMatters ? el("p", { className: "why", textContent: node.whyItMatters }) : null,
        el("dl", {},
          row("Category", [node.category], onOpen),
          row("Places", node.locations, onOpen),
          row("People", node.people, onOpen),
          row("Organisations", node.organizations, onOpen),
          row("Tags", node.tags, onOpen),
          links(node.links)),
      ];
    }
    case "Person": {
      const life = [node.born && `born ${node.born.display}`, node.died && `died ${node.died.display}`].filter(Boolean);
      return [
        el("h1", { textContent: node.name }),
        el("p", { className: "when", textContent: life.join(" · ") || "Dates of birth and death unknown" }),
        node.description ? el("p", { textContent: node.description }) : null,
        el("dl", {},
          node.aliases.length ? el("div", { className: "row" }, el("dt", { textContent: "Also known as" }),
            el("dd", { textContent: node.aliases.join(", ") })) : null,
          el("div", { className: "row" }, el("dt", { textContent: "Events" }), el("dd", { textContent: String(node.eventCount) })),
          links(node.links)),
      ];
    }
    case "Location":
    case "Organization":
      return [
        el("h1", { textContent: node.name }),
        el("p", { className: "when", textContent: node.kind }),
        node.description ? el("p", { textContent: node.description }) : null,
        el("dl", {}, node.parent ? row("Part of", [node.parent], onOpen) : null,
          node.aliases.length ? el("div", { className: "row" }, el("dt", { textContent: "Also known as" }),
            el("dd", { textContent: node.aliases.join(", ") })) : null),
      ];
    default:
      return [
        el("h1", { textContent: node.name }),
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
