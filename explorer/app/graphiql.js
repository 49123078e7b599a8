// GraphiQL on this server's own endpoint, opened on the mission traversal. The nonce lets the
// style element its dialogs add pass the page's policy.
window.__webpack_nonce__ = document.querySelector('meta[name="csp-nonce"]')?.content;

const MISSION = `# The mission traversal: every alliance, the regions it covers, the hubs there and their lead trusts.
# Run it with the ▶ button or Ctrl-Enter. The explorer is at /.
{
  alliances {
    nodes {
      name
      regions { edges { confidence node { name hubs { nodes { name leadTrust { odsCode name } } } } } }
    }
  }
}
`;

// The explorer's token for this tab, if it has one (sessionStorage is the tab's own).
const token = sessionStorage.getItem("gms-graph-token");
const fetcher = GraphiQL.createFetcher({
  url: `${location.origin}/graphql`,
  headers: token ? { authorization: `Bearer ${token}` } : {},
});
const root = ReactDOM.createRoot(document.getElementById("graphiql"));
root.render(React.createElement(GraphiQL, { fetcher, defaultQuery: MISSION, defaultEditorToolsVisibility: false }));

// What GraphiQL 4.1.2 leaves out for a screen reader and the keyboard, put right from outside as
// it draws: names for its editors' text areas, a keyboard stop on the query's and the response's scrolling regions,
// and each tab's role on its button rather than around it (a tab holding a button is a nested
// control). Its colours are darkened in graphiql.css.
const NAMES = [
  [".graphiql-query-editor textarea", "GraphQL query"],
  [".graphiql-editor-tool textarea", "Variables or headers, as JSON"],
  [".graphiql-response textarea", "Response"],
];
function mend(root) {
  for (const [selector, name] of NAMES) {
    for (const area of root.querySelectorAll(selector)) {
      if (area.getAttribute("aria-label") !== name) area.setAttribute("aria-label", name);
    }
  }
  for (const [selector, name] of [
    [".graphiql-query-editor .CodeMirror-scroll", "The query"],
    [".graphiql-response .CodeMirror-scroll", "The response"],
  ]) {
    for (const scroll of root.querySelectorAll(selector)) {
      if (scroll.getAttribute("tabindex") !== "0") scroll.setAttribute("tabindex", "0");
      if (scroll.getAttribute("aria-label") !== name) scroll.setAttribute("aria-label", name);
    }
  }
  for (const tab of root.querySelectorAll('li[role="tab"]')) {
    const button = tab.querySelector("button");
    if (!button) continue;
    button.setAttribute("role", "tab");
    button.setAttribute("aria-selected", tab.getAttribute("aria-selected") ?? "false");
    tab.setAttribute("role", "presentation");
    tab.removeAttribute("aria-selected");
  }
}
const container = document.getElementById("graphiql");
new MutationObserver(() => mend(container)).observe(container, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["role", "aria-selected", "tabindex"],
});
mend(container);
