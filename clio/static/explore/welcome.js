// What a first visit to /explore shows: what Clio is, and a few places to start.

import { viewUrl } from "./url.js";

const STALIN = "person:joseph-stalin";
const BEIRUT = "event:massive-explosion-at-beirut-port-kills-hundreds";

// Each example is a view; a click moves there without reloading, a middle click opens a tab.
const EXAMPLES = [
  { view: { id: STALIN }, text: "Joseph Stalin", why: "a person and the events he took part in" },
  { view: { id: "person:alvaro-obregon" }, text: "Álvaro Obregón", why: "the revolution in Mexico" },
  { view: { id: "location:soviet-union" }, text: "the Soviet Union", why: "a place and all that happened there" },
  {
    view: { id: "event:establishment-of-mexico-soviet-diplomatic-relations" },
    text: "4 August 1924",
    why: "Mexico and the Soviet Union open relations",
  },
  { view: { from: STALIN, to: BEIRUT }, text: "Stalin → the Beirut port explosion", why: "how are they connected?" },
];

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * Fill `card` with the welcome: a sentence on what Clio is and the examples as links.
 * @param {HTMLElement} card
 * @param {{open: (id: string) => void, go: (view: object) => void}} nav
 */
export function welcome(card, { open, go }) {
  const list = el("ul", { className: "examples" });
  for (const { view, text, why } of EXAMPLES) {
    const a = el("a", { href: viewUrl(view), textContent: text });
    a.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      if (view.from) go({ id: null, ...view });
      else open(view.id);
    });
    list.append(el("li", {}, a, el("span", { className: "why", textContent: ` — ${why}` })));
  }
  card.replaceChildren(
    el("h1", { textContent: "Explore history as a graph" }),
    el("p", {
      textContent: "Clio links historical events to the people, places and organisations in them, " +
        "and to what happened on the same calendar day. Search for any of them: its card appears here, " +
        "its neighbourhood is drawn and listed, and a timeline shows when its events happened.",
    }),
    el("h2", { textContent: "Places to start" }),
    list,
  );
}
