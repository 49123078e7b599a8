// The day the explorer shows the network as it was: `activeOn` in the URL of any view, passed to
// every root list that takes it, and kept as you follow links inside the explorer.
import { h } from "./dom.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function activeOn() {
  const day = new URL(location.href).searchParams.get("activeOn");
  return day && DAY.test(day) ? day : null;
}

// An explorer URL with the chosen day, if one is chosen and the URL names none.
export function withDate(href) {
  const day = activeOn();
  if (!day) return href;
  const url = new URL(href, location.href);
  if (!url.searchParams.has("activeOn")) url.searchParams.set("activeOn", day);
  return url.pathname + url.search;
}

// The control above every view.
export function dateControl(onChange) {
  const day = activeOn();
  const input = h("input", { class: "nhsuk-input nhsuk-input--width-10", id: "active-on", name: "activeOn", type: "date", value: day ?? "", min: "2012-01-01", max: "2030-12-31" });
  const set = (value) => {
    const url = new URL(location.href);
    if (value) url.searchParams.set("activeOn", value);
    else url.searchParams.delete("activeOn");
    // A page of another day's list would not follow on.
    url.searchParams.delete("after");
    url.searchParams.delete("before");
    history.pushState(null, "", url.pathname + url.search);
    onChange();
  };
  return h(
    "form",
    { class: "date-control", "aria-label": "The day to show", onsubmit: (e) => (e.preventDefault(), set(input.value)) },
    h("label", { class: "nhsuk-label", for: "active-on" }, "Show the network as on"),
    input,
    h("button", { class: "nhsuk-button nhsuk-button--secondary nhsuk-button--small", type: "submit" }, "Show"),
    day ? h("button", { class: "nhsuk-button nhsuk-button--secondary nhsuk-button--small", type: "button", onclick: () => set("") }, "Any day") : null,
    h("span", { class: "nhsuk-body-s date-status" }, day ? `Lists show what was in force on ${day}.` : "Lists show every record, whatever its dates."),
  );
}
