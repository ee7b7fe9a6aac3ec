// Every view is a URL: /explore?id=…&depth=…&kinds=…&limit=… or /explore?from=…&to=…

import { defaultKinds } from "./kinds.js";

// The API's own default and cap for `neighborhood(limit:)`.
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** The view the URL asks for. */
export function readView(search = window.location.search) {
  const params = new URLSearchParams(search);
  const depth = Math.min(3, Math.max(1, parseInt(params.get("depth") || "1", 10) || 1));
  const kinds = params.get("kinds") ? params.get("kinds").split(",").filter(Boolean) : defaultKinds();
  const limit = Math.min(MAX_LIMIT, Math.max(1, parseInt(params.get("limit") || "", 10) || DEFAULT_LIMIT));
  return { id: params.get("id"), from: params.get("from"), to: params.get("to"), depth, kinds, limit };
}

/** The URL of a view, leaving out what is the default. */
export function viewUrl(view) {
  const params = new URLSearchParams();
  if (view.from && view.to) {
    params.set("from", view.from);
    params.set("to", view.to);
  } else if (view.id) {
    params.set("id", view.id);
  }
  if (view.depth && view.depth !== 1) params.set("depth", String(view.depth));
  if (view.limit && view.limit !== DEFAULT_LIMIT) params.set("limit", String(view.limit));
  const kinds = view.kinds || defaultKinds();
  if (kinds.join(",") !== defaultKinds().join(",")) params.set("kinds", kinds.join(","));
  // Ids keep their colon: "?id=person:joseph-stalin" reads better when shared than "%3A".
  const query = params.toString().replace(/%3A/gi, ":");
  return "/explore" + (query ? "?" + query : "");
}
