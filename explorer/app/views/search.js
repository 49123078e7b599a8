// Search as you type, across every kind, in the order the API ranks the matches. The words are
// kept in the URL (?q=…), so a search can be shared and the back button returns to it.
import { ApiError, graphql } from "../api.js";
import { h, recordHref, words } from "../dom.js";
import { nameOf, schema } from "../schema.js";

const RANKS = { 4: "the whole name", 3: "the name starts with it", 2: "the name contains it", 1: "in another field" };

export async function search(initial) {
  const api = await schema();
  const query = `query Search($text: String!) {
    search(text: $text, first: 50) { totalCount edges { rank node ${api.reference()} } }
  }`;
  const input = h("input", {
    class: "nhsuk-input",
    id: "search-text",
    name: "q",
    type: "search",
    autocomplete: "off",
    value: initial,
    "aria-describedby": "search-hint",
  });
  const status = h("p", { class: "nhsuk-body-s", role: "status", id: "search-status" });
  const results = h("ol", { class: "nhsuk-list search-results", "aria-labelledby": "search-status" });

  let turn = 0;
  let timer = null;
  async function run(text) {
    const mine = ++turn;
    // Only while this view is showing: a late keystroke must not rewrite the next view's URL.
    if (location.pathname !== "/search") return;
    const url = new URL(location.href);
    if (text) url.searchParams.set("q", text);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url.pathname + url.search);
    if (!text.trim()) {
      status.textContent = "Type a name, a code or a word.";
      results.replaceChildren();
      return;
    }
    let data;
    try {
      data = await graphql(query, { text });
    } catch (err) {
      if (mine !== turn) return;
      status.textContent = err instanceof ApiError ? `The search failed: ${err.message}` : String(err);
      results.replaceChildren();
      return;
    }
    if (mine !== turn) return;
    const { edges, totalCount } = data.search;
    status.textContent =
      totalCount === 0
        ? `Nothing matches “${text}”.`
        : `${totalCount} ${totalCount === 1 ? "match" : "matches"} for “${text}”${totalCount > edges.length ? `, the first ${edges.length} shown` : ""}.`;
    results.replaceChildren(
      ...edges.map(({ rank, node }) =>
        h(
          "li",
          {},
          h("a", { href: recordHref(node.id) }, nameOf(node)),
          " ",
          h("span", { class: "nhsuk-tag nhsuk-tag--white" }, words(node.__typename.replace(/([a-z])([A-Z])/g, "$1 $2"))),
          h("span", { class: "nhsuk-body-s nhsuk-u-secondary-text-colour" }, ` ${node.id} · ${RANKS[rank] ?? ""}`),
        ),
      ),
    );
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 150);
  });

  const body = h(
    "div",
    {},
    h("h1", { tabindex: "-1" }, "Search"),
    h(
      "form",
      { action: "/search", method: "get", role: "search", onsubmit: (e) => (e.preventDefault(), clearTimeout(timer), run(input.value)) },
      h(
        "div",
        { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label", for: "search-text" }, "Search every kind of record"),
        h("div", { class: "nhsuk-hint", id: "search-hint" }, "Hubs, alliances, regions, ICBs, trusts, sites, projects, courses and more; results appear as you type."),
        input,
      ),
    ),
    status,
    results,
  );
  // An empty search starts in the box; a search reached by a link starts at its heading.
  return { title: "Search", body, focus: initial ? undefined : false, ready: () => (initial ? null : input.focus(), run(initial)) };
}
