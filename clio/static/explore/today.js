// The first view of /explore: what happened on this calendar day (the server's today).

import { gql } from "./api.js";
import { nodeLink } from "./card.js";
import { dayPath, yearText } from "./dates.js";

const SHOWN = 12;
const TODAY = `query Today($month: Int!, $day: Int!) {
  onThisDay(month: $month, day: $day, limit: ${SHOWN}) { id title date { display year } category { name } }
}`;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

function ordinal(day) {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  return `${day}${teen ? "th" : ["th", "st", "nd", "rd"][day % 10] || "th"}`;
}

/** Fill the "On this day" section for `today` ({month, day}); each event re-centres the explorer. */
export async function showToday(section, today, onOpen) {
  const name = `${MONTHS[today.month - 1]} ${ordinal(today.day)}`;
  section.querySelector("#today-title").textContent = `On this day: ${name}`;
  const list = section.querySelector("#today-events");
  const link = section.querySelector("#today-link");
  link.href = dayPath(today.month, today.day);
  link.textContent = `All of ${name}, on its page`;
  const { onThisDay } = await gql(TODAY, { month: today.month, day: today.day });
  list.replaceChildren(...onThisDay.map((event) => {
    const li = document.createElement("li");
    const when = Object.assign(document.createElement("span"), { className: "date", textContent: yearText(event.date.year) });
    const what = Object.assign(document.createElement("span"), { className: "detail", textContent: event.category.name });
    li.append(when, nodeLink(event.id, event.title, onOpen), " ", what);
    return li;
  }));
  if (!onThisDay.length) {
    list.append(Object.assign(document.createElement("li"), {
      className: "empty-note", textContent: `Nothing in the graph happened on ${name}. Search above, or start from an example.`,
    }));
  }
  section.hidden = false;
}
