// Suggestions as you type, from the `search` field: arrows to move, Enter to choose.

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
  let hits = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    active = -1;
  }

  function render() {
    list.replaceChildren();
    if (!hits.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = `Nothing found for “${input.value.trim()}”`;
      list.append(li);
    }
    hits.forEach((hit, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
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
    } catch (error) {
      if (ticket !== asked) return;
      hits = [];
      list.replaceChildren(Object.assign(document.createElement("li"), { className: "none", textContent: error.message }));
      list.hidden = false;
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
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}
