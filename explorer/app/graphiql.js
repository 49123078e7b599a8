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
