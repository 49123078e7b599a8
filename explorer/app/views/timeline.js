// The timeline of the network, oldest first, with each event's confidence, the records it
// concerns as links, and its sources. With a day chosen, the events up to that day.
import { all } from "../api.js";
import { activeOn } from "../date.js";
import { confidenceTag, h, recordHref, source, words } from "../dom.js";
import { nameOf, schema } from "../schema.js";

export async function timeline() {
  const api = await schema();
  const day = activeOn();
  const query = `query Timeline($to: Date, $after: String) {
    timeline(to: $to, first: 500, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id date datePrecision event confidence sources concerns ${api.reference()} }
    }
  }`;
  const events = await all(query, { to: day }, (d) => d.timeline);
  const when = (e) => (e.date ? (e.datePrecision === "YEAR" ? e.date.slice(0, 4) : e.datePrecision === "MONTH" ? e.date.slice(0, 7) : e.date) : "undated");
  const body = h(
    "div",
    {},
    h("h1", { tabindex: "-1" }, "Timeline"),
    h(
      "p",
      {},
      day ? `${events.length} dated events up to ${day}, oldest first. ` : `${events.length} dated events, oldest first; a date known only to its year or month is shown so. `,
      "Undated events are in ",
      h("a", { href: "/table/TimelineEvent" }, "the table of every event"),
      ".",
    ),
    h(
      "ol",
      { class: "nhsuk-list timeline" },
      events.map((e) =>
        h(
          "li",
          { class: "timeline-event" },
          h("p", { class: "timeline-date" }, h("strong", {}, when(e)), " ", confidenceTag(e.confidence)),
          h("p", {}, h("a", { href: recordHref(e.id) }, e.event)),
          e.concerns.length
            ? h("p", { class: "nhsuk-body-s" }, "Concerns: ", e.concerns.flatMap((c, i) => [i ? ", " : null, h("a", { href: recordHref(c.id) }, nameOf(c))]))
            : null,
          e.sources.length
            ? h("details", { class: "link-sources" }, h("summary", {}, `Sources (${e.sources.length})`), h("ul", { class: "nhsuk-list nhsuk-list--bullet source-list" }, e.sources.map((s) => h("li", {}, source(s)))))
            : null,
        ),
      ),
    ),
  );
  return { title: "Timeline", body };
}
