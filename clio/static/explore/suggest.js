// Suggestions as you type, from the `search` field: arrows to move, Enter to choose.
// The input and its list follow the ARIA combobox pattern (WAI-ARIA 1.2), and a live
// region says how many suggestions arrived, so a screen reader hears them.

import { gql } from "./api.js";
import { kindInfo } from "./kinds.js";

const SEARCH = `query Suggest($text: String!) {
  search(text: $text, first: 8) { id kind label detail }
}`;

/**
 * Give an input a list of suggestions.
 * @param {HTMLInputElement} input
 * @param {(hit: {id: string, label: string}) => void} onPick
 */
export function attachSuggestions(input, onPick) {
  const list = input.parentElement.querySelector(".suggestions");
  const announce = document.getElementById("announce");
  list.id = `${input.id}-suggestions`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  let hits = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function say(text) {
    if (announce) announce.textContent = text;
  }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function render() {
    list.replaceChildren();
    if (!hits.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      li.textContent = `Nothing found for “${input.value.trim()}”`;
      list.append(li);
    }
    hits.forEach((hit, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = `${list.id}-${i}`;
      li.setAttribute("aria-selected", String(i === active));
      li.dataset.id = hit.id;
      li.className = i === active ? "active" : "";
      const kind = kindInfo(hit.kind);
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.style.background = kind.color;
      badge.textContent = kind.one;
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = hit.label;
      const detail = document.createElement("span");
      detail.className = "detail";
      detail.textContent = hit.detail || "";
      li.append(badge, label, detail);
      li.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep focus so blur does not close the list first
        choose(i);
      });
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", `${list.id}-${active}`);
      list.children[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(i) {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.label;
    input.dataset.id = hit.id;
    close();
    onPick(hit);
  }

  async function ask(text) {
    const ticket = ++asked;
    try {
      const data = await gql(SEARCH, { text });
      if (ticket !== asked) return; // a later keystroke already asked again
      hits = data.search;
      list.dataset.for = text; // which text these suggestions answer
      active = hits.length ? 0 : -1;
      render();
      say(hits.length
        ? `${hits.length} suggestion${hits.length === 1 ? "" : "s"}: ${hits[0].label} first. Up and down arrows to move, Enter to choose.`
        : `Nothing found for “${text}”.`);
    } catch (error) {
      if (ticket !== asked) return;
      hits = [];
      const li = Object.assign(document.createElement("li"), { className: "none", textContent: error.message });
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      list.replaceChildren(li);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      say(error.message);
    }
  }

  input.addEventListener("input", () => {
    delete input.dataset.id;
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      asked++;
      close();
      return;
    }
    timer = setTimeout(() => ask(text), 120);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + hits.length) % Math.max(hits.length, 1);
      render();
      if (hits[active]) say(`${hits[active].label}, ${kindInfo(hits[active].kind).one}`);
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}
