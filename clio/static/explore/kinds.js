// Kinds of node: how they are named and coloured, everywhere on the page.
// Each colour carries white badge text at WCAG AA (4.5:1 or more) as well as a dot.

export const KINDS = [
  { key: "EVENT", label: "Events", one: "Event", color: "#c0392b", shown: true },
  { key: "PERSON", label: "People", one: "Person", color: "#2e6fb7", shown: true },
  { key: "LOCATION", label: "Places", one: "Place", color: "#27743f", shown: true },
  { key: "ORGANIZATION", label: "Organisations", one: "Organisation", color: "#8e5bb5", shown: true },
  { key: "CATEGORY", label: "Categories", one: "Category", color: "#8a5a00", shown: false },
  { key: "TAG", label: "Tags", one: "Tag", color: "#5b6566", shown: false },
];

const BY_KEY = new Map(KINDS.map((k) => [k.key, k]));

/** The kind of an id from its prefix: "person:joseph-stalin" -> "PERSON". */
export function kindOf(id) {
  return (id || "").split(":", 1)[0].toUpperCase();
}

export function kindInfo(key) {
  return BY_KEY.get(String(key).toUpperCase()) || { key, label: key, one: key, color: "#555" };
}

export function defaultKinds() {
  return KINDS.filter((k) => k.shown).map((k) => k.key);
}
