// Dates as the explorer writes them: years on labels, day-page addresses, years apart.

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december"];

/** A historical year (the API's `year`: -44 is 44 BC, there is no year 0) as people write it. */
export function yearText(year) {
  if (!Number.isInteger(year)) return "";
  return year < 0 ? `${-year} BC` : String(year);
}

/** The address of a day's page: (8, 4) -> "/on-this-day/august-4". */
export function dayPath(month, day) {
  return `/on-this-day/${MONTHS[month - 1]}-${day}`;
}

/** "August 4th" from a day's display, "August 4th, 1924" (the API's own wording). */
export function monthDay(display) {
  return String(display).split(",")[0];
}

/** Whole years between two historical years, across the missing year 0. */
export function yearsApart(a, b) {
  const astronomical = (y) => (y < 0 ? y + 1 : y);
  return Math.abs(astronomical(a) - astronomical(b));
}

/** The server's today ("2026-12-02", from the page), as numbers. */
export function serverToday() {
  const [year, month, day] = (document.body.dataset.today || "").split("-").map((p) => parseInt(p, 10));
  if (year && month && day) return { year, month, day };
  const now = new Date();
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
}
